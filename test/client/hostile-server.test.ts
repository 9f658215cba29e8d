// Properties of the client against any server: whatever a run of responses holds (any status, Location,
// Retry-After, body, link or link headers) and however the server then misbehaves for ever, paging ends, with
// rows that are objects, in success or a PartnerCenterError, and no request ever leaves the first origin.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fetchAllPages, PartnerCenterError } from '../../src/client/index.js';

const origin = 'https://api.example.test';
const start = `${origin}/v1/data?top=2`;

/** One response as the test's fetch will build it. */
interface Scripted {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string | null;
}

// ---- arbitraries ----

const headerText = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });

/** URLs and near-URLs a server might send, as a link or a Location. */
const linkText = fc.oneof(
  fc.constantFrom(
    '/v1/data?page=2',
    'data?page=3',
    `${origin}/v1/data?page=4`,
    'https://elsewhere.example.test/steal',
    '//elsewhere.example.test/steal',
    'http://api.example.test/v1/data',
    'http://[::1',
    'javascript:alert(1)',
    'data:application/json,{"Value":[{"forged":true}]}',
    'file:///etc/passwd',
    '/v1/data?page=2#fragment',
    '',
  ),
  headerText,
);

const retryAfterText = fc.oneof(
  fc.constantFrom('0', '1', '1.5', '-1', '120, 120', 'Mon, 01 Jan 2024 00:00:30 GMT', 'Mon Jan  1 00:00:30 2024'),
  fc.nat({ max: 100_000 }).map(String),
  headerText,
);

const linkHeaderList = fc.oneof(
  fc.array(
    fc.record({
      key: fc.oneof(fc.constantFrom('MS-ContinuationToken', 'Host', 'bad name'), fc.string()),
      value: fc.string(),
    }),
  ),
  fc.anything(),
);

const rowsValue = fc.oneof(
  fc.array(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })), { maxLength: 3 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 1 }),
);

const envelope = fc
  .record(
    {
      rowsKey: fc.constantFrom('Value', 'value', 'items', 'rows'),
      rows: rowsValue,
      linkKey: fc.constantFrom('@nextLink', 'nextLink', '@odata.nextLink', 'links'),
      link: fc.oneof(linkText, fc.jsonValue({ maxDepth: 1 })),
      linkHeaders: linkHeaderList,
      totalCount: fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)),
    },
    { requiredKeys: ['rowsKey', 'rows'] },
  )
  .map(({ rowsKey, rows, linkKey, link, linkHeaders, totalCount }) =>
    JSON.stringify({
      [rowsKey]: rows,
      ...(linkKey === 'links'
        ? { links: { next: { uri: link, headers: linkHeaders } } }
        : linkKey !== undefined && { [linkKey]: link }),
      ...(totalCount !== undefined && { TotalCount: totalCount }),
    }),
  );

const body = fc.oneof(
  { weight: 4, arbitrary: envelope },
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string(),
);

const scripted: fc.Arbitrary<Scripted> = fc
  .record({
    status: fc.constantFrom(
      200,
      200,
      200,
      200,
      201,
      204,
      300,
      301,
      302,
      303,
      304,
      307,
      308,
      400,
      404,
      429,
      500,
      501,
      503,
    ),
    location: fc.option(linkText),
    retryAfter: fc.option(retryAfterText),
    body,
  })
  .map(({ status, location, retryAfter, body }) => ({
    status,
    headers: {
      ...(location !== null && { Location: location }),
      ...(retryAfter !== null && { 'Retry-After': retryAfter }),
    },
    body: status === 204 || status === 304 ? null : body,
  }));

/** Ways a server can go on for ever once its script runs out; a client must stop each of them by itself. */
const endless = fc.constantFrom(
  'the last page', // not endless: a page with no link
  'empty pages with fresh links',
  'redirects to fresh URLs',
  'redirects to another origin',
  'the same link',
  'the same full page, ignoring skip',
  '503',
  '429 with Retry-After: 0',
  'pages cut short',
);

function endlessResponse(kind: string, count: number): Scripted | 'cut' {
  const page = (value: unknown, status = 200): Scripted => ({ status, headers: {}, body: JSON.stringify(value) });
  switch (kind) {
    case 'empty pages with fresh links':
      return page({ Value: [], '@nextLink': `/v1/data?fresh=${count}` });
    case 'redirects to fresh URLs':
      return { status: 302, headers: { Location: `/v1/moved/${count}` }, body: '' };
    case 'redirects to another origin':
      return { status: 307, headers: { Location: `https://elsewhere.example.test/${count}` }, body: '' };
    case 'the same link':
      return page({ Value: [{ count }], '@nextLink': '/v1/data?page=same' });
    case 'the same full page, ignoring skip':
      return page({ Value: [{ a: 1 }, { a: 2 }] });
    case '503':
      return page({}, 503);
    case '429 with Retry-After: 0':
      return { status: 429, headers: { 'Retry-After': '0' }, body: '{}' };
    case 'pages cut short':
      return 'cut';
    default:
      return page({ Value: [{ last: true }] });
  }
}

// ---- the property ----

describe('against any server', () => {
  test('paging ends, hands out only objects, fails only with a PartnerCenterError, and never leaves the origin', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(scripted, { maxLength: 8 }), endless, async (script, kind) => {
        const asked: string[] = [];
        const fetch = async (url: string, init: RequestInit): Promise<Response> => {
          asked.push(url);
          expect(init.redirect).toBe('manual');
          // A client that does not stop by itself fails here, not by hanging the suite.
          if (asked.length > 300) throw new Error(`still asking after 300 requests (${kind})`);
          const next = script[asked.length - 1] ?? endlessResponse(kind, asked.length);
          if (next === 'cut') {
            const stream = new ReadableStream({
              start: (controller) => {
                controller.enqueue(new TextEncoder().encode('{"Value": ['));
                controller.error(new TypeError('terminated'));
              },
            });
            return new Response(stream, { status: 200 });
          }
          return new Response(next.body, { status: next.status, headers: next.headers });
        };
        const rows: unknown[] = [];
        let failure: unknown;
        try {
          for await (const row of fetchAllPages(start, { fetch, sleep: async () => {}, maxRetries: 2 })) rows.push(row);
        } catch (error) {
          failure = error;
        }
        if (failure !== undefined && !(failure instanceof PartnerCenterError)) {
          throw new Error(`not a PartnerCenterError: ${String(failure)}`, { cause: failure });
        }
        if (failure instanceof PartnerCenterError) expect(failure.code).toMatch(/^[A-Za-z0-9_ :.-]+$/);
        for (const row of rows) expect(typeof row === 'object' && row !== null && !Array.isArray(row)).toBe(true);
        for (const url of asked) expect(new URL(url).origin).toBe(origin);
      }),
      { numRuns: 400 },
    );
  });
});
