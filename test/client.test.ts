// fetchAllPages against the reference server (every row exactly once) and against small scripted http servers:
// each envelope, retries with Retry-After and backoff, error bodies, malformed pages, link loops and abort.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { sampleLicenseUsage } from '../src/cli/sample-data.js';
import { fetchAllPages, fetchPages, retryAfter } from '../src/client/index.js';
import { parseQuery, partnerCenter, runQuery } from '../src/index.js';
import { type RunningServer, startServer } from '../src/server/http.js';
import { memorySource, wireRows } from '../src/server/sources.js';
import { closeScriptedServers, collect, failureOf, fakeTime, json, scriptedServer } from './client/servers.js';

const schema = partnerCenter.licenseUsage;
const rows = sampleLicenseUsage(400, 10);
const path = '/v1/analytics/commercial/usage/license';

let reference: RunningServer;

beforeAll(async () => {
  reference = await startServer({ port: 0, source: memorySource(rows, schema, 'rows') });
});

afterAll(async () => {
  await reference?.close();
  await closeScriptedServers();
});

describe('against the reference server', () => {
  test.each([
    ['rows', 'top=23'],
    ['groups of a filter', "filter=channel eq 'reseller'&groupby=customerTenantId,workloadCode&top=6"],
  ])('paging returns every row exactly once: %s', async (_name, queryString) => {
    const query = parseQuery(queryString, { schema });
    // As the server sends rows: every schema field, read as the engine reads it (datetimes canonical).
    const expected = wireRows(runQuery(rows, { ...query, top: 10_000 }, { schema }).value, query, schema);
    const url = `${reference.url}${path.slice(1)}?${queryString}`;
    const pages = await collect(fetchPages(url));
    expect(pages.length).toBe(Math.ceil(expected.length / query.top));
    expect(pages.every((page) => page.totalCount === expected.length)).toBe(true);
    expect(await collect(fetchAllPages(url))).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test("a bad filter throws the server's 400 as a PartnerCenterError with the filterby body and the request id", async () => {
    const url = `${reference.url}${path.slice(1)}?filter=workloadcode eq 'SFB'`;
    const error = await failureOf(collect(fetchAllPages(url, { headers: { 'MS-RequestId': 'mine-1' } })));
    expect(error.status).toBe(400);
    expect(error.code).toBe('UNKNOWN_FIELD');
    expect(error.description).toBe("Unknown field 'workloadcode' at column 1; did you mean 'workloadCode'?");
    expect(error.body).toMatchObject({ code: 'UNKNOWN_FIELD', source: 'filterby' });
    expect(error.requestId).toBe('mine-1');
    expect(error.attempts).toBe(1);
  });
});

describe('envelopes', () => {
  const pagesOf = (rowsKey: string, linkOf: (page: number) => Record<string, unknown>) =>
    scriptedServer((request, response) => {
      const page = Number(new URL(request.url!, 'http://x').searchParams.get('page') ?? '1');
      json(response, 200, {
        [rowsKey]: [
          { page, n: 1 },
          { page, n: 2 },
        ],
        ...(page < 3 ? linkOf(page + 1) : {}),
      });
    });
  const expectThreePages = (got: unknown[]) =>
    expect(got).toEqual(
      [1, 2, 3].flatMap((page) => [
        { page, n: 1 },
        { page, n: 2 },
      ]),
    );

  test('Value and an absolute @nextLink', async () => {
    const server = await pagesOf('Value', (page) => ({ '@nextLink': `${server.url}/data?page=${page}` }));
    expectThreePages(await collect(fetchAllPages(`${server.url}/data`)));
  });

  test('value and a relative nextLink, read against the current URL', async () => {
    const server = await pagesOf('value', (page) => ({ nextLink: `data?page=${page}` }));
    expectThreePages(await collect(fetchAllPages(`${server.url}/api/data`)));
    expect(server.requests.map((request) => request.url)).toEqual([
      '/api/data',
      '/api/data?page=2',
      '/api/data?page=3',
    ]);
  });

  test('value and @odata.nextLink', async () => {
    const server = await pagesOf('value', (page) => ({ '@odata.nextLink': `/data?page=${page}` }));
    expectThreePages(await collect(fetchAllPages(`${server.url}/data`)));
  });

  test("items and links.next.uri, sending the link's headers (Partner Center's continuation token)", async () => {
    const server = await pagesOf('items', (page) => ({
      links: {
        next: {
          uri: '/data?page=x'.replace('x', String(page)),
          headers: [{ key: 'MS-ContinuationToken', value: `token-${page}` }],
        },
      },
    }));
    expectThreePages(await collect(fetchAllPages(`${server.url}/data`)));
    expect(server.requests.map((request) => request.headers['ms-continuationtoken'])).toEqual([
      undefined,
      'token-2',
      'token-3',
    ]);
  });

  test('no link: skip advances by top while pages come back full, keeping the $ prefix', async () => {
    const server = await scriptedServer((request, response) => {
      const params = new URL(request.url!, 'http://x').searchParams;
      const skip = Number(params.get('$skip') ?? '0');
      const all = Array.from({ length: 10 }, (_, index) => ({ index }));
      json(response, 200, { value: all.slice(skip, skip + Number(params.get('$top'))) });
    });
    const got = await collect(fetchAllPages(`${server.url}/data?$top=4`));
    expect(got).toEqual(Array.from({ length: 10 }, (_, index) => ({ index })));
    expect(server.requests.map((request) => request.url)).toEqual([
      '/data?$top=4',
      '/data?$top=4&$skip=4',
      '/data?$top=4&$skip=8',
    ]);
  });

  test('no link: a full last page costs no extra request when TotalCount says it was the last', async () => {
    const server = await scriptedServer((request, response) => {
      const skip = Number(new URL(request.url!, 'http://x').searchParams.get('skip') ?? '0');
      json(response, 200, { Value: [{ skip }, { skip: skip + 1 }], TotalCount: 4 });
    });
    expect(await collect(fetchAllPages(`${server.url}/data?top=2`))).toHaveLength(4);
    expect(server.requests).toHaveLength(2);
  });

  test('no link and no top: one page', async () => {
    const server = await scriptedServer((_request, response) => json(response, 200, { Value: [{ a: 1 }] }));
    expect(await collect(fetchAllPages(`${server.url}/data`))).toEqual([{ a: 1 }]);
    expect(server.requests).toHaveLength(1);
  });

  test.each([
    ['not JSON', '<html>oops</html>', 'the response is not JSON'],
    ['an array', '[1, 2]', 'not an object'],
    ['no rows', '{"TotalCount": 3}', 'has no Value, value or items'],
    ['rows not an array', '{"Value": {"a": 1}}', 'Value is not an array'],
  ])('a malformed page (%s) throws MALFORMED_RESPONSE', async (_name, body, message) => {
    const server = await scriptedServer((_request, response) => json(response, 200, body));
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`)));
    expect(error.code).toBe('MALFORMED_RESPONSE');
    expect(error.status).toBe(200);
    expect(error.description).toContain(message);
  });

  test('a server that sends the same next link forever is stopped with NEXT_LINK_LOOP', async () => {
    const server = await scriptedServer((request, response) => {
      const isFirst = request.url === '/a';
      json(response, 200, { Value: [{ url: request.url }], '@nextLink': isFirst ? '/b' : '/b' });
    });
    const seen: unknown[] = [];
    const error = await failureOf(
      (async () => {
        for await (const row of fetchAllPages(`${server.url}/a`)) seen.push(row);
      })(),
    );
    expect(error.code).toBe('NEXT_LINK_LOOP');
    expect(seen).toEqual([{ url: '/a' }, { url: '/b' }]);
    expect(server.requests).toHaveLength(2);
  });

  test('a link back to the first page is a loop too', async () => {
    const server = await scriptedServer((request, response) =>
      json(response, 200, { Value: [{ url: request.url }], '@nextLink': request.url === '/a' ? '/b' : '/a' }),
    );
    expect((await failureOf(collect(fetchAllPages(`${server.url}/a`)))).code).toBe('NEXT_LINK_LOOP');
  });

  test('a next link to another origin is refused unless allowOtherOrigins', async () => {
    const other = await scriptedServer((_request, response) => json(response, 200, { Value: [{ n: 2 }] }));
    const first = await scriptedServer((_request, response) =>
      json(response, 200, { Value: [{ n: 1 }], '@nextLink': `${other.url}/more` }),
    );
    const error = await failureOf(
      collect(fetchAllPages(`${first.url}/data`, { headers: { Authorization: 'secret' } })),
    );
    expect(error.code).toBe('CROSS_ORIGIN_LINK');
    expect(error.url).toBe(`${first.url}/data`);
    expect(other.requests).toHaveLength(0);
    expect(await collect(fetchAllPages(`${first.url}/data`, { allowOtherOrigins: true }))).toEqual([
      { n: 1 },
      { n: 2 },
    ]);
  });
});

describe('retries', () => {
  test('429 with Retry-After in seconds waits that long, then goes on', async () => {
    const server = await scriptedServer((_request, response, count) =>
      count === 1
        ? json(response, 429, { code: 'TooManyRequests' }, { 'Retry-After': '7' })
        : json(response, 200, { Value: [{ n: 1 }] }),
    );
    const { options, waits } = fakeTime();
    expect(await collect(fetchAllPages(`${server.url}/data`, options))).toEqual([{ n: 1 }]);
    expect(waits).toEqual([7000]);
  });

  test('429 with Retry-After as an HTTP date waits until then', async () => {
    const now = Date.UTC(2024, 0, 31, 12, 0, 0);
    const server = await scriptedServer((_request, response, count) =>
      count === 1
        ? json(response, 429, {}, { 'Retry-After': new Date(now + 45_000).toUTCString() })
        : json(response, 200, { Value: [{ n: 1 }] }),
    );
    const { options, waits } = fakeTime({ now: () => now });
    await collect(fetchAllPages(`${server.url}/data`, options));
    expect(waits).toEqual([45_000]);
  });

  test('503 then success: exponential backoff with jitter, the same MS-RequestId on the retries of a page', async () => {
    const server = await scriptedServer((request, response, count) => {
      if (count <= 3) return json(response, 503, 'unavailable');
      const isFirst = request.url === '/data';
      json(response, 200, { Value: [{ count }], ...(isFirst && { '@nextLink': '/data?page=2' }) });
    });
    const { options, waits } = fakeTime({ retryDelay: 1000 });
    expect(await collect(fetchAllPages(`${server.url}/data`, options))).toEqual([{ count: 4 }, { count: 5 }]);
    // random() is 0.5: half of 1000, 2000, 4000.
    expect(waits).toEqual([500, 1000, 2000]);
    const requestIds = server.requests.map((request) => request.headers['ms-requestid']);
    expect(new Set(requestIds.slice(0, 4)).size).toBe(1);
    expect(requestIds[4]).not.toBe(requestIds[0]);
    expect(new Set(server.requests.map((request) => request.headers['ms-correlationid'])).size).toBe(1);
  });

  test('the backoff never waits longer than maxRetryDelay', async () => {
    const server = await scriptedServer((_request, response) => json(response, 500, {}));
    const { options, waits } = fakeTime({ retryDelay: 1000, maxRetryDelay: 3000, maxRetries: 4, random: () => 0.999 });
    await failureOf(collect(fetchAllPages(`${server.url}/data`, options)));
    expect(waits).toEqual([999, 1998, 2997, 2997]);
  });

  test("retries used up throw the last answer, with Partner Center's error body read", async () => {
    const body = { code: 'ServiceUnavailable', description: 'Try later', data: [], source: 'PartnerCenter' };
    const server = await scriptedServer((_request, response) =>
      json(response, 503, body, { 'MS-RequestId': 'server-id' }),
    );
    const { options, waits } = fakeTime({ maxRetries: 2 });
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`, options)));
    expect(error).toMatchObject({
      status: 503,
      code: 'ServiceUnavailable',
      description: 'Try later',
      body,
      requestId: 'server-id',
      attempts: 3,
    });
    expect(waits).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
  });

  test('a Retry-After longer than maxRetryDelay fails at once', async () => {
    const server = await scriptedServer((_request, response) => json(response, 429, {}, { 'Retry-After': '3600' }));
    const { options, waits } = fakeTime();
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`, options)));
    expect(error).toMatchObject({ status: 429, code: 'HTTP_429', attempts: 1 });
    expect(waits).toEqual([]);
  });

  test.each([
    [400, { error: { code: 'InvalidInput', message: 'Bad filter' } }, 'InvalidInput', 'Bad filter'],
    [403, { code: 403, description: 'Forbidden here', data: [], source: 'PartnerCenter' }, '403', 'Forbidden here'],
    [404, 'Not there', 'HTTP_404', 'Not Found'],
    [501, {}, 'HTTP_501', 'Not Implemented'],
  ])('%i is not retried and throws its code and description', async (status, body, code, description) => {
    const server = await scriptedServer((_request, response) => json(response, status, body));
    const { options, waits } = fakeTime();
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`, options)));
    expect(error).toMatchObject({ status, code, description, attempts: 1 });
    expect(waits).toEqual([]);
  });

  test('a network failure is retried, then thrown as NETWORK_ERROR', async () => {
    const closed = await scriptedServer(() => {});
    await new Promise((resolve) => closed.server.close(resolve));
    const { options, waits } = fakeTime({ maxRetries: 2 });
    const error = await failureOf(collect(fetchAllPages(`${closed.url}/data`, options)));
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.status).toBeUndefined();
    expect(error.attempts).toBe(3);
    expect(waits).toHaveLength(2);
  });

  test('retryAfter reads seconds and HTTP dates, and nothing else', () => {
    const now = Date.UTC(2024, 0, 1);
    expect(retryAfter('120', now)).toBe(120_000);
    expect(retryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfter('Sun, 31 Dec 2023 00:00:00 GMT', now)).toBe(0);
    expect(retryAfter('soon', now)).toBeUndefined();
    expect(retryAfter(null, now)).toBeUndefined();
  });
});

describe('abort', () => {
  test('aborting while a request is in flight rejects with the abort reason', async () => {
    const controller = new AbortController();
    const server = await scriptedServer((request, response) => {
      if (request.url === '/data') return json(response, 200, { Value: [{ n: 1 }], '@nextLink': '/hang' });
      controller.abort(new Error('stopped by the user')); // and never answer
    });
    const seen: unknown[] = [];
    const outcome = (async () => {
      for await (const row of fetchAllPages(`${server.url}/data`, { signal: controller.signal })) seen.push(row);
    })();
    await expect(outcome).rejects.toThrow('stopped by the user');
    expect(seen).toEqual([{ n: 1 }]);
  });

  test('aborting during a Retry-After wait clears the wait (the default sleep, its timer watched)', async () => {
    const controller = new AbortController();
    const realSetTimeout = globalThis.setTimeout;
    let waitTimer: unknown;
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((handler: () => void, ms: number) => {
      const timer = realSetTimeout(handler, ms);
      if (ms === 30_000) {
        waitTimer = timer;
        queueMicrotask(() => controller.abort(new Error('stopped by the user')));
      }
      return timer;
    }) as typeof setTimeout);
    const clearTimeoutSpy = vi.spyOn(globalThis, 'clearTimeout');
    try {
      const fetch = async () => new Response('{}', { status: 429, headers: { 'Retry-After': '30' } });
      const outcome = collect(fetchAllPages('https://api.example.test/data', { fetch, signal: controller.signal }));
      await expect(outcome).rejects.toThrow('stopped by the user');
      expect(waitTimer).toBeDefined();
      expect(clearTimeoutSpy).toHaveBeenCalledWith(waitTimer);
    } finally {
      setTimeoutSpy.mockRestore();
      clearTimeoutSpy.mockRestore();
    }
  });

  test('aborting while a body is being read rejects with the abort reason', async () => {
    const controller = new AbortController();
    const server = await scriptedServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"Value": [');
      setImmediate(() => controller.abort(new Error('stopped mid-body'))); // and never end the body
    });
    const outcome = collect(fetchAllPages(`${server.url}/data`, { signal: controller.signal }));
    await expect(outcome).rejects.toThrow('stopped mid-body');
    expect(server.requests).toHaveLength(1);
  });

  test('an already aborted signal makes no request', async () => {
    const server = await scriptedServer((_request, response) => json(response, 200, { Value: [{ n: 1 }] }));
    await expect(collect(fetchAllPages(`${server.url}/data`, { signal: AbortSignal.abort() }))).rejects.toThrow();
    expect(server.requests).toHaveLength(0);
  });
});

test('requestIds: false sends neither id; caller headers always go', async () => {
  const server = await scriptedServer((_request, response) => json(response, 200, { Value: [] }));
  await collect(fetchAllPages(`${server.url}/data`, { requestIds: false, headers: { Authorization: 'Bearer t' } }));
  const [request] = server.requests;
  expect(request!.headers['ms-requestid']).toBeUndefined();
  expect(request!.headers['ms-correlationid']).toBeUndefined();
  expect(request!.headers.authorization).toBe('Bearer t');
  expect(request!.headers.accept).toBe('application/json');
});

test('filterby/client is built for ESM and CommonJS, without node imports', async () => {
  const root = new URL('../dist/', import.meta.url);
  for (const file of ['client.js', 'client.cjs']) {
    const text = readFileSync(new URL(file, root), 'utf8');
    expect(text, file).not.toMatch(/\bnode:|require\(["'](?:http|https|fs|net)["']\)/);
  }
  const esm = (await import(new URL('client.js', root).href)) as Record<string, unknown>;
  const cjs = createRequire(import.meta.url)(fileURLToPath(new URL('client.cjs', root))) as Record<string, unknown>;
  for (const built of [esm, cjs]) {
    expect(Object.keys(built).sort()).toEqual(['PartnerCenterError', 'fetchAllPages', 'fetchPages', 'retryAfter']);
  }
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  expect(packageJson.exports['./client']).toEqual({
    import: { types: './dist/client.d.ts', default: './dist/client.js' },
    require: { types: './dist/client.d.cts', default: './dist/client.cjs' },
  });
});

test('a relative URL outside a browser is a TypeError', async () => {
  await expect(collect(fetchAllPages('/v1/analytics/commercial/usage/license'))).rejects.toThrow(TypeError);
});

test.each(['ftp://example.test/data', 'file:///etc/passwd', 'data:application/json,{"Value":[]}'])(
  'a URL that is not http or https (%s) is a TypeError, and nothing is fetched',
  async (url) => {
    let calls = 0;
    const fetch = async () => {
      calls++;
      return new Response('{"Value": []}');
    };
    await expect(collect(fetchAllPages(url, { fetch }))).rejects.toThrow(/http or https/);
    expect(calls).toBe(0);
  },
);
