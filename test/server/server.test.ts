// The reference server over loopback: the docs' request, paging by @nextLink, every 400, headers, 404/405,
// concurrency, the page limit and graceful shutdown; started in-process on 127.0.0.1, port 0.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sampleLicenseUsage } from '../../src/cli/sample-data.js';
import {
  defineSchema,
  type FilterError,
  type FilterErrorCode,
  parseQuery,
  partnerCenter,
  type ResponseBody,
  runQuery,
  toResponseBody,
} from '../../src/index.js';
import { handleRequest } from '../../src/server/handler.js';
import { type RunningServer, startServer } from '../../src/server/http.js';
import { memorySource, type ResponseRow, type RowSource, wireRows } from '../../src/server/sources.js';

const schema = partnerCenter.licenseUsage;
const rows = sampleLicenseUsage(600, 12);
const path = '/v1/analytics/commercial/usage/license';
const docsTenant = '0112A436-B14E-4888-967B-CA4BB2CF1234';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let running: RunningServer;
const serverErrors: unknown[] = [];

beforeAll(async () => {
  running = await startServer({
    port: 0,
    source: memorySource(rows, schema, 'test rows'),
    onServerError: (error) => serverErrors.push(error),
  });
});

afterAll(async () => {
  await running?.close();
});

async function get(target: string, init: RequestInit = {}): Promise<{ response: Response; body: unknown }> {
  const response = await fetch(new URL(target, running.url), init);
  const text = await response.text();
  return { response, body: text === '' ? undefined : JSON.parse(text) };
}

/** What runQuery says the whole answer is: every page of the query, in order, in the wire shape. */
function everyRow(queryString: string): ResponseRow[] {
  const query = parseQuery(queryString, { schema });
  return wireRows(runQuery(rows, { ...query, top: 10_000, skip: 0 }, { schema }).value, query, schema);
}

async function followLinks(start: string): Promise<{ rows: ResponseRow[]; pages: number; totals: Set<number> }> {
  const collected: ResponseRow[] = [];
  const totals = new Set<number>();
  let next: string | undefined = start;
  let pages = 0;
  while (next !== undefined) {
    const { response, body } = await get(next);
    expect(response.status).toBe(200);
    const page = body as ResponseBody<ResponseRow>;
    collected.push(...page.Value);
    totals.add(page.TotalCount);
    next = page['@nextLink'];
    if (next !== undefined) expect(next.startsWith(running.url)).toBe(true);
    pages++;
  }
  return { rows: collected, pages, totals };
}

describe('GET /v1/analytics/commercial/usage/license', () => {
  test("the docs' request returns the docs' shape: Value rows of the groupby fields and the measures, TotalCount", async () => {
    const search = `?filter=customerTenantId eq '${docsTenant}'&groupby=workloadCode,channel&top=100&skip=0`;
    const { response, body } = await get(`${path}${search}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const page = body as ResponseBody<ResponseRow>;
    expect(Object.keys(page).sort()).toEqual(['TotalCount', 'Value']);
    expect(page.Value.length).toBeGreaterThan(5);
    expect(page.TotalCount).toBe(page.Value.length);
    for (const row of page.Value) {
      expect(Object.keys(row)).toEqual(['workloadCode', 'channel', 'licensesActive', 'licensesQualified']);
      expect(typeof row.licensesActive).toBe('number');
    }
    const query = parseQuery(search, { schema });
    expect(page).toEqual(JSON.parse(JSON.stringify(toResponseBody(runQuery(rows, query, { schema })))));
  });

  test.each([
    ['rows, no filter', 'top=37'],
    ['rows of a filter', "filter=workloadCode eq 'SFB' or (channel eq 'Reseller')&top=25"],
    ['groups', 'groupby=customerTenantId,workloadCode&top=9'],
    ['groups of the older snapshot', 'groupby=productId&top=8&processedDateTime=2024-01-30'],
  ])('paging through @nextLink returns every row exactly once: %s', async (_name, queryString) => {
    const expected = everyRow(queryString);
    const top = parseQuery(queryString, { schema }).top;
    const { rows: paged, pages, totals } = await followLinks(`${path}?${queryString}`);
    expect(pages).toBe(Math.ceil(expected.length / top));
    expect(pages).toBeGreaterThan(2);
    expect(totals).toEqual(new Set([expected.length]));
    expect(paged).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test('the /partner prefix, a trailing slash and another case reach the same endpoint; links keep the prefix', async () => {
    const { rows: paged } = await followLinks(`/partner${path}?groupby=channel&top=2`);
    expect(paged).toEqual(JSON.parse(JSON.stringify(everyRow('groupby=channel'))));
    const { body } = await get(`/partner${path.toUpperCase()}/?groupby=channel&top=1`);
    expect((body as ResponseBody)['@nextLink']).toBe(`${running.url}partner${path}?groupby=channel&top=1&skip=1`);
  });

  test('$-prefixed parameters are read too', async () => {
    const { response, body } = await get(`${path}?$filter=channel eq 'direct'&$top=3&$skip=3`);
    expect(response.status).toBe(200);
    const expected = everyRow("filter=channel eq 'direct'").slice(3, 6);
    expect((body as ResponseBody).Value).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test('HEAD answers the headers of GET without a body', async () => {
    const { response, body } = await get(`${path}?top=1`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(body).toBeUndefined();
  });
});

describe('errors', () => {
  // One request for every code a request can cause (INVALID_SCHEMA is the server's own fault, never the caller's).
  const badRequests: [FilterErrorCode, string][] = [
    ['SYNTAX', "filter=workloadCode EQ 'SFB'"],
    ['UNKNOWN_FIELD', "filter=workloadcode eq 'SFB'"],
    ['FIELD_NOT_FILTERABLE', "filter=licensesActive eq '1'"],
    ['FIELD_NOT_GROUPABLE', 'groupby=licensesActive'],
    ['DUPLICATE_FIELD', 'groupby=channel,channel'],
    ['INVALID_LITERAL', "filter=customerTenantId eq 'abc'"],
    ['OPERATOR_NOT_ALLOWED', "filter=not channel eq 'x'"],
    ['INVALID_PARAMETER', 'top=0'],
    ['INVALID_PARAMETER', 'skip=-1'],
    ['INVALID_PARAMETER', 'processedDateTime=yesterday'],
    ['INVALID_PARAMETER', 'top=5&top=6'],
    ['UNKNOWN_PARAMETER', 'Filter=x'],
    ['LIMIT_EXCEEDED', `filter=${"channel eq 'x' or ".repeat(600)}channel eq 'y'`],
    ['LIMIT_EXCEEDED', `filter=${'a'.repeat(32_769)}`],
    ['LIMIT_EXCEEDED', `filter=${'('.repeat(40)}channel eq 'x'${')'.repeat(40)}`],
  ];

  test.each(badRequests)('%s: %s is a 400 with the FilterError body', async (code, queryString) => {
    const { response, body } = await get(`${path}?${queryString.replaceAll('#', '%23')}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    let expected: unknown;
    try {
      parseQuery(queryString, { schema });
    } catch (error) {
      expected = (error as FilterError).toJSON();
    }
    expect(expected).toBeDefined();
    expect(body).toEqual(expected);
    expect((body as { code: string }).code).toBe(code);
    expect((body as { source: string }).source).toBe('filterby');
  });

  test('an unknown path is a 404 with a JSON body naming the endpoint', async () => {
    for (const target of ['/', '/v1/analytics/commercial/usage', `${path}/extra`, '/favicon.ico']) {
      const { response, body } = await get(target);
      expect(response.status, target).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(body).toMatchObject({ code: 'NOT_FOUND', source: 'filterby' });
      expect((body as { description: string }).description).toContain(path);
    }
  });

  test('a method other than GET or HEAD is a 405 with Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const { response, body } = await get(`${path}?top=1`, { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      expect(body).toMatchObject({ code: 'METHOD_NOT_ALLOWED', source: 'filterby' });
    }
  });
});

describe('headers', () => {
  test('MS-RequestId and MS-CorrelationId are echoed', async () => {
    const { response } = await get(`${path}?top=1`, {
      headers: { 'MS-RequestId': 'request-1', 'MS-CorrelationId': 'correlation-1' },
    });
    expect(response.headers.get('ms-requestid')).toBe('request-1');
    expect(response.headers.get('ms-correlationid')).toBe('correlation-1');
  });

  test('they are generated (random UUIDs) when absent, on errors too', async () => {
    for (const target of [`${path}?top=1`, `${path}?top=x`, '/nowhere']) {
      const { response } = await get(target);
      const requestId = response.headers.get('ms-requestid');
      const correlationId = response.headers.get('ms-correlationid');
      expect(requestId).toMatch(uuid);
      expect(correlationId).toMatch(uuid);
      expect(requestId).not.toBe(correlationId);
    }
  });

  test('an id that is not short plain text is replaced by a new one', async () => {
    const { response } = await get(`${path}?top=1`, {
      headers: { 'MS-RequestId': 'a b', 'MS-CorrelationId': 'x'.repeat(200) },
    });
    expect(response.headers.get('ms-requestid')).toMatch(uuid);
    expect(response.headers.get('ms-correlationid')).toMatch(uuid);
  });
});

test('200 concurrent requests are all answered correctly', async () => {
  const requests = Array.from({ length: 200 }, (_, index) => {
    const queryString = `groupby=customerTenantId,channel&top=${1 + (index % 13)}&skip=${index % 17}`;
    return { queryString, id: `concurrent-${index}` };
  });
  const answers = await Promise.all(
    requests.map(({ queryString, id }) => get(`${path}?${queryString}`, { headers: { 'MS-RequestId': id } })),
  );
  answers.forEach(({ response, body }, index) => {
    const { queryString, id } = requests[index]!;
    expect(response.status).toBe(200);
    expect(response.headers.get('ms-requestid')).toBe(id);
    const query = parseQuery(queryString, { schema });
    const expected = toResponseBody(runQuery(rows, query, { schema, baseUrl: `${running.url.slice(0, -1)}${path}` }));
    expect(body).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});

describe('options', () => {
  test('pageLimit cuts a larger or absent top; the next link pages by the limit', async () => {
    const limited = await startServer({ port: 0, pageLimit: 50, source: memorySource(rows, schema, 'rows') });
    try {
      const total = everyRow('').length;
      for (const target of [path, `${path}?top=10000`]) {
        const response = await fetch(new URL(target, limited.url));
        const page = (await response.json()) as ResponseBody;
        expect(page.Value).toHaveLength(50);
        expect(page.TotalCount).toBe(total);
        expect(page['@nextLink']).toBe(`${limited.url}${path.slice(1)}?top=50&skip=50`);
      }
      const small = (await (await fetch(new URL(`${path}?top=7`, limited.url))).json()) as ResponseBody;
      expect(small.Value).toHaveLength(7);
    } finally {
      await limited.close();
    }
  });

  test('X-Forwarded-Proto and -Host shape the next link only with trustProxy', async () => {
    const headers = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'api.example.com, proxy.internal' };
    const { body } = await get(`${path}?top=1`, { headers });
    expect((body as ResponseBody)['@nextLink']).toBe(`${running.url}${path.slice(1)}?top=1&skip=1`);
    const trusting = await startServer({ port: 0, trustProxy: true, source: memorySource(rows, schema, 'rows') });
    try {
      const page = (await (await fetch(new URL(`${path}?top=1`, trusting.url), { headers })).json()) as ResponseBody;
      expect(page['@nextLink']).toBe(`https://api.example.com${path}?top=1&skip=1`);
    } finally {
      await trusting.close();
    }
  });

  test('otherPaths answers paths besides the endpoint (the playground), for GET and HEAD only', async () => {
    const pages = await startServer({
      port: 0,
      source: memorySource(rows, schema, 'rows'),
      otherPaths: (pathname) =>
        pathname === '/'
          ? { status: 200, contentType: 'text/html; charset=utf-8', body: '<h1>playground</h1>' }
          : undefined,
    });
    try {
      const page = await fetch(pages.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('ms-requestid')).toMatch(uuid);
      expect(await page.text()).toBe('<h1>playground</h1>');
      expect((await fetch(pages.url, { method: 'POST' })).status).toBe(404);
      expect((await fetch(new URL('/other', pages.url))).status).toBe(404);
      expect((await fetch(new URL(`${path}?top=1`, pages.url))).status).toBe(200);
    } finally {
      await pages.close();
    }
  });

  test("a query is read with its source's schema, so the two cannot disagree", async () => {
    const orders = defineSchema({
      table: 'orders',
      fields: { region: { type: 'string' }, total: { type: 'number', aggregate: 'sum' } },
    });
    const source = memorySource(
      [
        { region: 'EU', total: 2 },
        { region: 'US', total: 3 },
      ],
      orders,
      'orders',
    );
    const request = (query: string) =>
      handleRequest({ method: 'GET', url: `${path}?${query}`, headers: {}, localHost: '127.0.0.1:8080' }, { source });
    const eu = await request("filter=region eq 'EU'");
    expect(eu.status).toBe(200);
    expect(JSON.parse(eu.body)).toEqual({ Value: [{ region: 'EU', total: 2 }], TotalCount: 1 });
    const partnerCenterField = await request("filter=channel eq 'Reseller'");
    expect(partnerCenterField.status).toBe(400);
    expect(JSON.parse(partnerCenterField.body)).toMatchObject({ code: 'UNKNOWN_FIELD' });
  });

  test('a failing source is a 500 with a generic body; the error goes to onServerError only', async () => {
    const errors: unknown[] = [];
    const failing: RowSource = {
      description: 'broken',
      schema,
      answer: async () => {
        throw new Error('connection refused to db.internal:5432');
      },
      close: async () => {},
    };
    const broken = await startServer({ port: 0, source: failing, onServerError: (error) => errors.push(error) });
    try {
      const response = await fetch(new URL(`${path}?top=1`, broken.url));
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL_ERROR', source: 'filterby' });
      expect(text).not.toContain('db.internal');
      expect(errors).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });
});

test('close() stops accepting, lets the request in flight finish, then closes the source', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let reached: () => void = () => {};
  const hasReachedSource = new Promise<void>((resolve) => {
    reached = resolve;
  });
  let isSourceClosed = false;
  const slow: RowSource = {
    description: 'slow',
    schema,
    answer: async (query, baseUrl) => {
      reached();
      await gate;
      return memorySource(rows, schema, 'rows').answer(query, baseUrl);
    },
    close: async () => {
      isSourceClosed = true;
    },
  };
  const server = await startServer({ port: 0, source: slow });
  const inFlight = fetch(new URL(`${path}?top=2`, server.url));
  await hasReachedSource;
  const closed = server.close();
  await expect(fetch(new URL(`${path}?top=2`, server.url))).rejects.toThrow();
  expect(isSourceClosed).toBe(false);
  release();
  const response = await inFlight;
  expect(response.status).toBe(200);
  expect(((await response.json()) as ResponseBody).Value).toHaveLength(2);
  await closed;
  expect(isSourceClosed).toBe(true);
  expect(serverErrors).toEqual([]);
});

describe('memorySource', () => {
  const requests = [
    `filter=customerTenantId eq '${docsTenant}'&groupby=workloadCode,channel`,
    "filter=workloadCode eq 'SFB' or (channel eq 'Reseller')&top=7&skip=3",
    "filter=channel ne 'reseller'&groupby=customerName",
    'top=5',
  ];

  test.each(requests)('answers %s the same indexed and scanning', async (request) => {
    const query = parseQuery(request, { schema });
    const indexed = await memorySource(rows, schema, 'rows').answer(query, 'https://h/x');
    const scanned = await memorySource(rows, schema, 'rows', { index: false }).answer(query, 'https://h/x');
    expect(indexed).toEqual(scanned);
    expect(indexed.TotalCount).toBeGreaterThan(0);
  });

  test("indexed, the docs' request reads only the tenant's rows; scanning, every row", async () => {
    let reads = 0;
    const counted = rows.map((row) =>
      Object.defineProperty({ ...row }, 'workloadCode', {
        enumerable: true,
        get: () => {
          reads++;
          return row.workloadCode;
        },
      }),
    );
    const query = parseQuery(`filter=workloadCode eq 'SFB'&groupby=channel`, { schema });
    const indexed = memorySource(counted, schema, 'rows');
    await indexed.answer(query, 'https://h/x');
    reads = 0;
    await indexed.answer(query, 'https://h/x');
    expect(reads).toBe(0);
    await memorySource(counted, schema, 'rows', { index: false }).answer(query, 'https://h/x');
    expect(reads).toBeGreaterThan(0);
  });

  test('refuses an index option that is not a boolean', () => {
    expect(() => memorySource(rows, schema, 'rows', { index: 'yes' as never })).toThrow(
      "memorySource's index option is true or false; got yes",
    );
  });
});
