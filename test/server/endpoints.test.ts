// The reference server answering all seven Partner Center endpoints, each from rows of its own preset: every
// endpoint paged through by the client's fetchAllPages, eq/ne filters and groupbys answered as runQuery answers
// them, each at its documented path (the license ones under /partner too), and a 404 naming the endpoints.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sampleRowsOf } from '../../src/cli/sample-data.js';
import { fetchAllPages, fetchPages } from '../../src/client/index.js';
import {
  type PartnerCenterEndpoint,
  parseQuery,
  partnerCenter,
  partnerCenterPaths,
  type ResponseBody,
  runQuery,
  type Schema,
} from '../../src/index.js';
import { endpointsOf, pathsOf, type ServedEndpoint } from '../../src/server/handler.js';
import { type RunningServer, startServer } from '../../src/server/http.js';
import { memorySource, type RowSource, wireRows } from '../../src/server/sources.js';

const names = Object.keys(partnerCenter) as PartnerCenterEndpoint[];
const rowsOf = Object.fromEntries(names.map((name) => [name, [...sampleRowsOf(name, 300, 8)]])) as Record<
  PartnerCenterEndpoint,
  Record<string, unknown>[]
>;

let running: RunningServer;
const closed: string[] = [];

beforeAll(async () => {
  const endpoints: ServedEndpoint[] = names.map((name) => {
    const source = memorySource(rowsOf[name], partnerCenter[name], name);
    return { paths: pathsOf(name), source: { ...source, close: async () => void closed.push(name) } };
  });
  running = await startServer({ port: 0, endpoints });
});

afterAll(async () => {
  await running?.close();
});

/** Every row of the query's whole answer, as the server sends rows. */
function everyRow(name: PartnerCenterEndpoint, queryString: string): unknown[] {
  const schema: Schema = partnerCenter[name];
  const query = parseQuery(queryString, { schema });
  const rows = runQuery(rowsOf[name], { ...query, top: 10_000, skip: 0 }, { schema }).value;
  return JSON.parse(JSON.stringify(wireRows(rows, query, schema)));
}

const urlOf = (path: string, queryString: string) => `${running.url}${path.slice(1)}?${queryString}`;

/** An eq/ne filter and a groupby for each endpoint, on the values its sample rows hold. */
const requests: Readonly<Record<PartnerCenterEndpoint, readonly string[]>> = {
  licenseUsage: ["filter=channel eq 'RESELLER' or workloadCode ne 'SFB'&top=37", 'groupby=workloadCode,channel&top=4'],
  licenseDeployment: ["filter=serviceCode eq 'o365'&top=13", 'groupby=serviceCode,channel&top=3'],
  subscriptions: [
    "filter=subscriptionType eq 'Office' and autoRenewEnabled eq true&top=11",
    "filter=status ne 'ACTIVE'&groupby=status,subscriptionType&top=3",
  ],
  azureUsage: [
    "filter=meterCategory eq 'storage' or resourceLocation eq 'EASTUS'&top=17",
    'groupby=meterCategory,meterUnit&top=2',
  ],
  indirectResellers: ["filter=market eq 'us' or market eq 'de'&top=5", 'groupby=market&top=3'],
  search: [
    "filter=detailsViewed eq true and keywordCountry ne 'US'&top=19",
    'groupby=partnerMarket,referralSubmitted&top=7',
  ],
  referrals: ["filter=status eq 'won' or status eq 'LOST'&top=9", 'groupby=status,customerOrgSize&top=5'],
};

describe('every endpoint, from rows of its own preset', () => {
  test.each(names)('%s: fetchAllPages reads every row exactly once, each page linking to the next', async (name) => {
    const path = partnerCenterPaths[name];
    const pages = await collect(fetchPages(urlOf(path, 'top=70')));
    // The license endpoints answer from the latest of their two snapshots: half the rows.
    const expected = everyRow(name, 'top=70');
    expect(expected.length).toBe(name.startsWith('license') ? 150 : 300);
    expect(pages.length).toBe(Math.ceil(expected.length / 70));
    for (const page of pages.slice(0, -1))
      expect(page.nextUrl?.startsWith(`${running.url}${path.slice(1)}?`)).toBe(true);
    expect(await collect(fetchAllPages(urlOf(path, 'top=70')))).toEqual(expected);
  });

  test.each(names.flatMap((name) => requests[name].map((request) => [name, request] as const)))(
    '%s answers %s as runQuery does, page by page',
    async (name, request) => {
      const expected = everyRow(name, request);
      expect(expected.length).toBeGreaterThan(parseQuery(request, { schema: partnerCenter[name] }).top);
      expect(await collect(fetchAllPages(urlOf(partnerCenterPaths[name], request)))).toEqual(expected);
    },
  );

  test.each(['licenseUsage', 'licenseDeployment'] as const)(
    '%s is answered under /partner too, its links keeping the prefix',
    async (name) => {
      const path = `/partner${partnerCenterPaths[name]}`;
      const pages = await collect(fetchPages(urlOf(path, 'groupby=channel&top=2')));
      expect(pages[0]?.nextUrl).toBe(`${urlOf(path, 'groupby=channel&top=2')}&skip=2`);
      expect(pages.flatMap((page) => page.rows)).toEqual(everyRow(name, 'groupby=channel'));
    },
  );

  test("each endpoint reads requests with its own schema: one's field is another's UNKNOWN_FIELD", async () => {
    const azure = await fetch(urlOf(partnerCenterPaths.azureUsage, "filter=meterCategory eq 'Storage'&top=1"));
    expect(azure.status).toBe(200);
    const usage = await fetch(urlOf(partnerCenterPaths.licenseUsage, "filter=meterCategory eq 'Storage'"));
    expect(usage.status).toBe(400);
    expect(await usage.json()).toMatchObject({ code: 'UNKNOWN_FIELD' });
  });

  test('a path of no endpoint is a 404 naming every endpoint; the partner endpoints have no unprefixed path', async () => {
    for (const path of ['/v1/analytics/usage/azure', '/partner/v1/analytics/nothing']) {
      const response = await fetch(`${running.url}${path.slice(1)}`);
      expect(response.status).toBe(404);
      const body = (await response.json()) as { code: string; description: string };
      expect(body.code).toBe('NOT_FOUND');
      for (const name of names) expect(body.description).toContain(`GET ${partnerCenterPaths[name]}`);
    }
  });

  test('a trailing slash and another case reach the endpoint', async () => {
    const response = await fetch(`${running.url}PARTNER/v1/analytics/IndirectResellers/?top=1`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ResponseBody;
    expect(body['@nextLink']).toBe(`${urlOf(partnerCenterPaths.indirectResellers, 'top=1')}&skip=1`);
  });
});

describe('endpointsOf', () => {
  const source = { schema: partnerCenter.search } as unknown as RowSource;

  test('one source is the license usage endpoint, at its two paths', () => {
    expect(endpointsOf({ source })).toEqual([{ paths: pathsOf('licenseUsage'), source }]);
    expect(pathsOf('licenseUsage')).toEqual([
      '/v1/analytics/commercial/usage/license',
      '/partner/v1/analytics/commercial/usage/license',
    ]);
    expect(pathsOf('search')).toEqual(['/partner/v1/analytics/search']);
  });

  test('neither, both, or a path given twice (in any case) is INVALID_PARAMETER', () => {
    const twice = [
      { paths: ['/a'], source },
      { paths: ['/A'], source },
    ];
    for (const options of [{}, { source, endpoints: [] }, { endpoints: twice }]) {
      expect(() => endpointsOf(options)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
    }
  });
});

test('closing the server closes the source of every endpoint', async () => {
  const server = await startServer({
    port: 0,
    endpoints: names.map((name) => ({
      paths: pathsOf(name),
      source: { ...memorySource([], partnerCenter[name], name), close: async () => void closed.push(name) },
    })),
  });
  closed.length = 0;
  await server.close();
  expect(closed.sort()).toEqual([...names].sort());
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
