// filterby/server's handler as other servers mount it: driven with `new Request(…)`, mounted in Hono, Fastify
// and Express 5 answering over HTTP, and reading PostgreSQL (PGlite) through a `(text, values) → rows` function,
// every answer checked against runQuery.

import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sampleRowsOf } from '../../src/cli/sample-data.js';
import {
  FilterError,
  licenseUsagePath,
  parseQuery,
  partnerCenter,
  partnerCenterPaths,
  runQuery,
  type Schema,
  toCreateTable,
  toInserts,
} from '../../src/index.js';
import {
  createHandler,
  type FetchHandler,
  memorySource,
  pathsOf,
  type RowSource,
  sqlSource,
} from '../../src/server/index.js';
import { wireRows } from '../../src/server/sources.js';

const schema = partnerCenter.licenseUsage;
const rows = [...sampleRowsOf('licenseUsage', 120, 6)];
const handler = createHandler({ source: memorySource(rows, schema) });

/** The body runQuery gives for a query string, with `@nextLink` starting at `origin`. */
function expectedBody(queryString: string, origin: string, rowSchema: Schema = schema, from: object[] = rows) {
  const query = parseQuery(queryString, { schema: rowSchema });
  const path = Object.entries(partnerCenterPaths).find(([name]) => partnerCenter[name as 'licenseUsage'] === rowSchema);
  const result = runQuery(from, query, { schema: rowSchema, baseUrl: `${origin}${path?.[1] ?? licenseUsagePath}` });
  const body = {
    Value: wireRows(result.value, query, rowSchema),
    ...(result.nextLink !== undefined && { '@nextLink': result.nextLink }),
    TotalCount: result.totalCount,
  };
  return JSON.parse(JSON.stringify(body));
}

const filterText = "channel eq 'Reseller' or workloadCode ne 'SFB'";
const queryString = `filter=${encodeURIComponent(filterText)}&top=7&skip=3`;

describe('createHandler, driven with new Request(…)', () => {
  test("a 200 with Partner Center's body, as runQuery answers", async () => {
    const response = await handler(new Request(`http://x${licenseUsagePath}?${queryString}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await response.json();
    expect(body.Value).toHaveLength(7);
    expect(body).toEqual(expectedBody(queryString, 'http://x'));
  });

  test("a bad filter is a 400 whose body is the FilterError's toJSON()", async () => {
    const bad = "workloadcode eq 'SFB'";
    const response = await handler(new Request(`http://x${licenseUsagePath}?filter=${encodeURIComponent(bad)}`));
    expect(response.status).toBe(400);
    let thrown: unknown;
    try {
      parseQuery({ filter: bad }, { schema });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FilterError);
    expect(await response.json()).toEqual((thrown as FilterError).toJSON());
  });

  test('another path is a 404 naming the endpoint; POST is a 405; HEAD has the headers and no body', async () => {
    const missing = await handler(new Request('http://x/v1/analytics/elsewhere'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      code: 'NOT_FOUND',
      description: `No resource at /v1/analytics/elsewhere; the endpoint is GET ${licenseUsagePath}`,
      data: [],
      source: 'filterby',
    });
    const post = await handler(new Request(`http://x${licenseUsagePath}`, { method: 'POST', body: '{}' }));
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await handler(new Request(`http://x${licenseUsagePath}?top=1`, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await head.text()).toBe('');
  });

  test("the next link starts with the request's own origin, https and port included", async () => {
    const response = await handler(new Request(`https://api.example.test:8443${licenseUsagePath}?top=5`));
    const body = await response.json();
    expect(body['@nextLink']).toBe(`https://api.example.test:8443${licenseUsagePath}?top=5&skip=5`);
  });

  test('baseUrl, else forwarded headers behind a trusted proxy, start the link instead', async () => {
    const published = createHandler({ source: memorySource(rows, schema), baseUrl: 'https://public.test/api/' });
    const fromBase = await (await published(new Request(`http://x${licenseUsagePath}?top=5`))).json();
    expect(fromBase['@nextLink']).toBe(`https://public.test/api${licenseUsagePath}?top=5&skip=5`);

    const proxied = createHandler({ source: memorySource(rows, schema), trustProxy: true });
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'proxy.test' };
    const fromProxy = await (await proxied(new Request(`http://x${licenseUsagePath}?top=5`, { headers }))).json();
    expect(fromProxy['@nextLink']).toBe(`https://proxy.test${licenseUsagePath}?top=5&skip=5`);
    // Not trusted, the same headers change nothing.
    const ignored = await (await handler(new Request(`http://x${licenseUsagePath}?top=5`, { headers }))).json();
    expect(ignored['@nextLink']).toBe(`http://x${licenseUsagePath}?top=5&skip=5`);
  });

  test('request ids are echoed when given and made when not', async () => {
    const headers = { 'MS-RequestId': 'req-1', 'MS-CorrelationId': 'corr-1' };
    const echoed = await handler(new Request(`http://x${licenseUsagePath}?top=1`, { headers }));
    expect(echoed.headers.get('ms-requestid')).toBe('req-1');
    expect(echoed.headers.get('ms-correlationid')).toBe('corr-1');
    const made = await handler(new Request(`http://x${licenseUsagePath}?top=1`));
    expect(made.headers.get('ms-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('several endpoints, each at its paths from its own source', async () => {
    const azureRows = [...sampleRowsOf('azureUsage', 50, 4)];
    const several = createHandler({
      endpoints: [
        { paths: pathsOf('licenseUsage'), source: memorySource(rows, schema) },
        { paths: pathsOf('azureUsage'), source: memorySource(azureRows, partnerCenter.azureUsage) },
      ],
    });
    const azure = 'groupby=meterCategory&top=3';
    const response = await several(new Request(`http://x${partnerCenterPaths.azureUsage}?${azure}`));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expectedBody(azure, 'http://x', partnerCenter.azureUsage, azureRows));
    const license = await several(new Request(`http://x/partner${licenseUsagePath}?top=2`));
    expect(license.status).toBe(200);
  });

  test('options that cannot work are refused when the handler is made, not on each request', () => {
    const source = memorySource(rows, schema);
    const refusal = (make: () => unknown) => {
      try {
        make();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const bad of [
      () => createHandler({ source, baseUrl: 'ftp://example.test' }),
      () => createHandler({}),
      () => createHandler({ source, endpoints: [] }),
      () =>
        createHandler({
          endpoints: [
            { paths: ['/a'], source },
            { paths: ['/A'], source },
          ],
        }),
    ]) {
      const error = refusal(bad);
      expect(error).toBeInstanceOf(FilterError);
      expect((error as FilterError).code).toBe('INVALID_PARAMETER');
    }
  });

  test('a source that fails is a generic 500, and onServerError is told the error and the Request', async () => {
    const told: { error: unknown; request: Request }[] = [];
    const failing: RowSource = {
      description: 'a failing source',
      schema,
      answer: async () => {
        throw new Error('connection reset');
      },
      close: async () => {},
    };
    const failingHandler = createHandler({
      source: failing,
      onServerError: (error, request) => told.push({ error, request }),
    });
    const request = new Request(`http://x${licenseUsagePath}`);
    const response = await failingHandler(request);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 'INTERNAL_ERROR', source: 'filterby' });
    expect(told).toHaveLength(1);
    expect(told[0]?.error).toEqual(new Error('connection reset'));
    expect(told[0]?.request).toBe(request);
  });
});

// ---- mounted in web frameworks, answering over HTTP ----

/** A Request for a node:http request: what Bun, Deno and Workers hand a fetch handler themselves. */
function requestOf(method: string, url: string, headers: IncomingHttpHeaders): Request {
  return new Request(url, { method, headers: headers as Record<string, string> });
}

/** Serves a fetch handler (Hono's app.fetch) on node:http, as Bun.serve or Deno.serve would. */
function serveFetch(fetchHandler: (request: Request) => Response | Promise<Response>): Server {
  return createServer(async (request: IncomingMessage, response) => {
    const answered = await fetchHandler(
      requestOf(request.method ?? 'GET', `http://${request.headers.host}${request.url}`, request.headers),
    );
    response.setHeaders(answered.headers).writeHead(answered.status);
    response.end(Buffer.from(await answered.arrayBuffer()));
  });
}

async function listen(server: Server): Promise<string> {
  await once(server.listen(0, '127.0.0.1'), 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What every framework must answer, over HTTP: a page with its next link at the server's origin, a 400, a 404. */
async function expectServed(origin: string): Promise<void> {
  const ok = await fetch(`${origin}${licenseUsagePath}?${queryString}`);
  expect(ok.status).toBe(200);
  expect(ok.headers.get('ms-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  expect(await ok.json()).toEqual(expectedBody(queryString, origin));

  const bad = await fetch(`${origin}${licenseUsagePath}?filter=${encodeURIComponent("channel eq 'a")}`);
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ code: 'SYNTAX', source: 'filterby', data: [{ param: 'filter' }] });

  const missing = await fetch(`${origin}/v1/nothing`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' });
}

describe('mounted in a framework, over HTTP', () => {
  const servers: { close(): unknown }[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  test('Hono: app.all("*", (c) => handler(c.req.raw))', async () => {
    const app = new Hono();
    app.get('/health', (c) => c.text('ok'));
    app.all('*', (c) => handler(c.req.raw));
    const server = serveFetch(app.fetch);
    servers.push({ close: () => new Promise((resolve) => server.close(resolve)) });
    const origin = await listen(server);
    await expectServed(origin);
    expect(await (await fetch(`${origin}/health`)).text()).toBe('ok');
  });

  test('Fastify: a route that hands over a Request and sends the Response back', async () => {
    const app = Fastify();
    // Fastify sends a Response as it is: status, headers and body.
    app.all('/*', (request) =>
      handler(
        new Request(`${request.protocol}://${request.host}${request.url}`, {
          method: request.method,
          headers: request.headers as Record<string, string>,
        }),
      ),
    );
    servers.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    await expectServed(`http://127.0.0.1:${port}`);
  });

  test('Express 5: the two-line adapter, req → Request and Response → res', async () => {
    const app = express();
    app.get('/health', (_request, response) => void response.send('ok'));
    // As the README shows it: nothing of this file's own.
    app.use(async (req, res) => {
      const response = await handler(
        new Request(`${req.protocol}://${req.host}${req.originalUrl}`, {
          method: req.method,
          headers: req.headers as Record<string, string>,
        }),
      );
      res
        .status(response.status)
        .setHeaders(response.headers)
        .end(await response.text());
    });
    const server = app.listen(0, '127.0.0.1');
    servers.push({ close: () => new Promise((resolve) => server.close(resolve)) });
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await expectServed(origin);
    expect(await (await fetch(`${origin}/health`)).text()).toBe('ok');
  });
});

// ---- a (text, values) → rows function on PGlite ----

describe('sqlSource: the caller’s own query function, on PGlite', () => {
  const subscriptions = partnerCenter.subscriptions;
  const subscriptionRows = [...sampleRowsOf('subscriptions', 150, 6)];
  let database: PGlite;
  let statements = 0;
  let fromSql: FetchHandler;
  const fromMemory = createHandler({
    endpoints: [
      { paths: pathsOf('licenseUsage'), source: memorySource(rows, schema) },
      { paths: pathsOf('subscriptions'), source: memorySource(subscriptionRows, subscriptions) },
    ],
  });

  beforeAll(async () => {
    database = await PGlite.create();
    for (const [rowSchema, from] of [
      [schema, rows],
      [subscriptions, subscriptionRows],
    ] as const) {
      await database.exec(toCreateTable(rowSchema, { dialect: 'postgres' }));
      for (const insert of toInserts(from, { schema: rowSchema, dialect: 'postgres' })) {
        await database.query(insert.text, [...insert.values]);
      }
    }
    const query = async (text: string, values: readonly unknown[]) => {
      statements += 1;
      return (await database.query<object>(text, [...values])).rows;
    };
    fromSql = createHandler({
      endpoints: [
        { paths: pathsOf('licenseUsage'), source: sqlSource({ schema, dialect: 'postgres', query }) },
        { paths: pathsOf('subscriptions'), source: sqlSource({ schema: subscriptions, dialect: 'postgres', query }) },
      ],
    });
    // PGlite starts a whole PostgreSQL in this process: seconds on a busy machine.
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  const cases = [
    [licenseUsagePath, queryString, schema, rows],
    [licenseUsagePath, 'groupby=workloadCode,channel&top=4&skip=2', schema, rows],
    [
      partnerCenterPaths.subscriptions,
      "filter=status ne 'ACTIVE'&groupby=status,subscriptionType&top=3",
      subscriptions,
      subscriptionRows,
    ],
    [
      partnerCenterPaths.subscriptions,
      'groupby=subscriptionType,creationDate&aggregationLevel=month&top=5',
      subscriptions,
      subscriptionRows,
    ],
  ] as const;

  test.each(cases)('%s?%s: the same body as runQuery, in two statements', async (path, query, rowSchema, from) => {
    statements = 0;
    const response = await fromSql(new Request(`http://x${path}?${query}`));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual(expectedBody(query, 'http://x', rowSchema, [...from]));
    expect(body).toEqual(await (await fromMemory(new Request(`http://x${path}?${query}`))).json());
    expect(statements).toBe(2);
  });

  test('a literal PostgreSQL cannot hold is a 400 INVALID_LITERAL, and no statement is run', async () => {
    statements = 0;
    const response = await fromSql(new Request(`http://x${licenseUsagePath}?filter=workloadCode eq 'a%00b'`));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'INVALID_LITERAL' });
    expect(statements).toBe(0);
  });

  test("a function that resolves to pg's result object, not its rows, is a 500 saying so, never an empty page", async () => {
    const told: unknown[] = [];
    const wrong = createHandler({
      source: sqlSource({
        schema,
        dialect: 'postgres',
        query: (async (text: string, values: readonly unknown[]) => database.query(text, [...values])) as never,
      }),
      onServerError: (error) => told.push(error),
    });
    const response = await wrong(new Request(`http://x${licenseUsagePath}?top=3`));
    expect(response.status).toBe(500);
    expect(String((told[0] as Error).message)).toMatch(/must resolve to an array of rows/);
  });

  test('sqlSource without a query function, or with an unknown dialect, is refused when made', () => {
    expect(() => sqlSource({ schema, dialect: 'postgres', query: undefined as never })).toThrow(FilterError);
    expect(() => sqlSource({ schema, dialect: 'oracle' as never, query: async () => [] })).toThrow(FilterError);
  });
});
