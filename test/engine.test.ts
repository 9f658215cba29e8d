// runQuery and toResponseBody: snapshot, filter, group and sum, order, page, next link — on hand-picked rows.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runQuery, toResponseBody } from '../src/engine.js';
import { defineSchema, eq, FilterError, parseQuery, partnerCenter, type QueryResult } from '../src/index.js';
import { licenseUsagePath } from '../src/presets/partner-center.js';
import { compareValues, readField } from '../src/values.js';

const schema = partnerCenter.licenseUsage;
const older = '2024-01-30T00:00:00Z';
const latest = '2024-01-31T00:00:00Z';

function usage(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    workloadCode: 'SFB',
    channel: 'Reseller',
    customerTenantId: '0112A436-B14E-4888-967B-CA4BB2CF1234',
    licensesActive: 1,
    licensesQualified: 2,
    processedDateTime: latest,
    ...overrides,
  };
}

const rows = [
  usage({ workloadCode: 'SFB', channel: 'reseller', licensesActive: 10 }),
  usage({ workloadCode: 'EXO', channel: 'Direct', licensesActive: 5, licensesQualified: 7 }),
  usage({ workloadCode: 'SFB', channel: 'Direct', licensesActive: 3 }),
  usage({ workloadCode: 'sfb', channel: 'Reseller', licensesActive: 1 }),
  usage({ workloadCode: 'SFB', channel: 'Reseller', licensesActive: 100, processedDateTime: older }),
  usage({ workloadCode: 'SPO', channel: null, licensesActive: 'n/a' }),
  usage({
    workloadCode: 'EXO',
    channel: 'Reseller',
    licensesActive: 2,
    processedDateTime: '2024-01-31T01:00:00+01:00',
  }),
];

const run = (text: string, on: Iterable<object> = rows, baseUrl?: string) =>
  runQuery(on, parseQuery(text, { schema }), baseUrl === undefined ? { schema } : { schema, baseUrl });

describe('runQuery', () => {
  it("the docs' example: filter, groupby, summed measures, latest snapshot", () => {
    const result = run("filter=workloadCode eq 'SFB' or (channel eq 'Reseller')&groupby=workloadCode,channel");
    expect(result.totalCount).toBe(4);
    expect(result.value).toEqual([
      { workloadCode: 'EXO', channel: 'Reseller', licensesActive: 2, licensesQualified: 2 },
      { workloadCode: 'SFB', channel: 'Direct', licensesActive: 3, licensesQualified: 2 },
      { workloadCode: 'SFB', channel: 'reseller', licensesActive: 10, licensesQualified: 2 },
      { workloadCode: 'sfb', channel: 'Reseller', licensesActive: 1, licensesQualified: 2 },
    ]);
    expect(result.nextLink).toBeUndefined();
  });

  it('groups by exact values: case variants are different groups, null is one group, a wrong-typed measure sums as 0', () => {
    const result = run('groupby=channel');
    expect(result.value).toEqual([
      { channel: null, licensesActive: 0, licensesQualified: 2 },
      { channel: 'Direct', licensesActive: 8, licensesQualified: 9 },
      { channel: 'Reseller', licensesActive: 3, licensesQualified: 4 },
      { channel: 'reseller', licensesActive: 10, licensesQualified: 2 },
    ]);
  });

  it('reads the snapshot asked for, in any spelling of the instant', () => {
    expect(run('processedDateTime=2024-01-30').value).toEqual([rows[4]]);
    expect(run('processedDateTime=2024-01-30T01:00:00%2B01:00&groupby=workloadCode').value).toEqual([
      { workloadCode: 'SFB', licensesActive: 100, licensesQualified: 2 },
    ]);
    expect(run('processedDateTime=2023-01-01').totalCount).toBe(0);
  });

  it('without groupby returns the rows themselves, ordered by every schema field', () => {
    const result = run("filter=workloadCode eq 'sfb'");
    expect(result.value).toEqual([rows[2], rows[0], rows[3]]);
    expect(result.value[0]).toBe(rows[2]);
  });

  it('orders strings by code point, not UTF-16 unit, and nulls first', () => {
    const data = ['\u{1F600}', '\uFFFD', 'b', 'B', null, 'a'].map((workloadCode) => usage({ workloadCode }));
    const codes = run('groupby=workloadCode', data).value.map((row) => (row as { workloadCode: unknown }).workloadCode);
    expect(codes).toEqual([null, 'B', 'a', 'b', '\uFFFD', '\u{1F600}']);
  });

  it('pages with top and skip, and links to the next page until the last', () => {
    const data = Array.from({ length: 5 }, (_, i) => usage({ workloadCode: `W${i}` }));
    const first = run('groupby=workloadCode&top=2', data);
    expect(first.value.map((row) => (row as { workloadCode: string }).workloadCode)).toEqual(['W0', 'W1']);
    expect(first.totalCount).toBe(5);
    expect(first.nextLink).toBe(`${licenseUsagePath}?groupby=workloadCode&top=2&skip=2`);
    const last = run('groupby=workloadCode&top=2&skip=4', data);
    expect(last.value).toEqual([{ workloadCode: 'W4', licensesActive: 1, licensesQualified: 2 }]);
    expect(last.nextLink).toBeUndefined();
    expect(run('groupby=workloadCode&top=2&skip=9', data).value).toEqual([]);
  });

  it('follows nextLink to every row exactly once', () => {
    const data = Array.from({ length: 23 }, (_, i) =>
      usage({ customerTenantId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}` }),
    );
    const seen: object[] = [];
    let link: string | undefined = `${licenseUsagePath}?top=5`;
    for (let pages = 0; link !== undefined && pages < 10; pages++) {
      const result: QueryResult<object> = runQuery(data, parseQuery(link, { schema }), { schema });
      seen.push(...result.value);
      link = result.nextLink;
    }
    expect(new Set(seen).size).toBe(23);
    expect(seen).toHaveLength(23);
  });

  it('builds nextLink on a base URL: an origin gets the license usage path, a path is kept', () => {
    const data = [usage({}), usage({ workloadCode: 'X' })];
    expect(run('top=1', data, 'https://api.example.com/').nextLink).toBe(
      `https://api.example.com${licenseUsagePath}?top=1&skip=1`,
    );
    expect(run("filter=channel eq 'Reseller'&top=1", data, 'https://host/partner/v1/x').nextLink).toBe(
      'https://host/partner/v1/x?filter=channel%20eq%20%27Reseller%27&top=1&skip=1',
    );
  });

  it("links a schema of one's own to no Partner Center path: the next page is relative to the request", () => {
    const own = defineSchema({ table: 'sales', fields: { region: { type: 'string' } } });
    const data = [{ region: 'a' }, { region: 'b' }];
    expect(runQuery(data, { top: 1 }, { schema: own }).nextLink).toBe('?top=1&skip=1');
    expect(runQuery(data, { top: 1 }, { schema: own, baseUrl: 'https://host/' }).nextLink).toBe(
      'https://host/?top=1&skip=1',
    );
    expect(runQuery(data, { top: 1 }, { schema: own, baseUrl: 'https://host/sales' }).nextLink).toBe(
      'https://host/sales?top=1&skip=1',
    );
  });

  it('reads any iterable once, without needing an array', () => {
    let reads = 0;
    function* generate() {
      for (const row of rows) {
        reads++;
        yield row;
      }
    }
    expect(run('groupby=workloadCode', generate()).totalCount).toBe(4);
    expect(reads).toBe(rows.length);
  });

  it('a schema without processedDateTime returns every row, and refuses a snapshot', () => {
    const plain = defineSchema({
      table: 't',
      fields: { name: { type: 'string' }, n: { type: 'number', aggregate: 'sum' } },
    });
    const data = [
      { name: 'b', n: 1 },
      { name: 'a', n: 2 },
      { name: 'b', n: 3 },
    ];
    expect(runQuery(data, { groupBy: ['name'] }, { schema: plain }).value).toEqual([
      { name: 'a', n: 2 },
      { name: 'b', n: 4 },
    ]);
    expect(() => runQuery(data, { processedDateTime: '2024-01-01' }, { schema: plain })).toThrow(FilterError);
  });

  it('refuses bad input with a FilterError', () => {
    for (const call of [
      () => runQuery(null as never, { top: 1 }, { schema }),
      () => runQuery(rows, null as never, { schema }),
      () => runQuery(rows, { top: 0 }, { schema }),
      () => runQuery(rows, { skip: -1 }, { schema }),
      () => runQuery(rows, { groupBy: ['licensesActive'] as string[] }, { schema }),
      () => runQuery(rows, { processedDateTime: 'yesterday' }, { schema }),
      () => runQuery(rows, {}, {} as never),
      () => runQuery(rows, {}, { schema, baseUrl: 'https://h/?x=1' }),
      () => runQuery(rows, { filter: eq('channel', 'x') }, { schema, predicateMode: 'fast' as never }),
      () => toResponseBody(null as never),
    ]) {
      expect(call).toThrow(FilterError);
    }
  });
});

describe('paging picks the same rows whether it sorts everything or keeps a heap of the first ones', () => {
  // pageInOrder sorts everything when the page reaches past a quarter of the result, and otherwise keeps a
  // bounded heap; both must give the page a stable full sort gives.
  const plain = defineSchema({
    table: 't',
    fields: { a: { type: 'string' }, b: { type: 'number' }, n: { type: 'number', aggregate: 'sum' } },
  });
  const rowArb = fc.record(
    {
      a: fc.constantFrom('x', 'X', 'y', '\u{1F600}', '\uFFFD', null),
      b: fc.constantFrom(1, 2, -0, null),
      n: fc.nat(9),
    },
    { requiredKeys: [] },
  );

  it('without groupby, for any rows, top and skip', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 120 }),
        fc.integer({ min: 1, max: 30 }),
        fc.nat(40),
        (data, top, skip) => {
          // Without groupby the order is every schema field, the measure too.
          const key = (row: Record<string, unknown>) =>
            [plain.fields.a, plain.fields.b, plain.fields.n].map((field) => readField(row, field));
          const expected = data
            .map((row, index) => ({ row, index, values: key(row) }))
            .sort(
              (x, y) =>
                compareValues(x.values[0]!, y.values[0]!) ||
                compareValues(x.values[1]!, y.values[1]!) ||
                compareValues(x.values[2]!, y.values[2]!),
            )
            .map((entry) => entry.row)
            .slice(skip, skip + top);
          const result = runQuery(data, { top, skip }, { schema: plain });
          expect(result.value).toEqual(expected);
          for (let i = 0; i < expected.length; i++) expect(result.value[i]).toBe(expected[i]);
          expect(result.totalCount).toBe(data.length);
        },
      ),
    );
  });

  it('with groupby, for any rows, top and skip', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 120 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(8),
        (data, top, skip) => {
          const all = runQuery(data, { groupBy: ['a', 'b'] }, { schema: plain }).value;
          expect(runQuery(data, { groupBy: ['a', 'b'], top, skip }, { schema: plain }).value).toEqual(
            all.slice(skip, skip + top),
          );
        },
      ),
    );
  });
});

describe('toResponseBody', () => {
  it("is Partner Center's shape, with @nextLink only when there is a next page", () => {
    const data = [usage({}), usage({ workloadCode: 'X' })];
    expect(toResponseBody(run('top=1&groupby=workloadCode', data))).toEqual({
      Value: [{ workloadCode: 'SFB', licensesActive: 1, licensesQualified: 2 }],
      '@nextLink': `${licenseUsagePath}?groupby=workloadCode&top=1&skip=1`,
      TotalCount: 2,
    });
    expect(toResponseBody(run('groupby=workloadCode', data))).not.toHaveProperty('@nextLink');
    // In Partner Center's order, as JSON.stringify writes it.
    expect(Object.keys(toResponseBody(run('top=1&groupby=workloadCode', data)))).toEqual([
      'Value',
      '@nextLink',
      'TotalCount',
    ]);
  });
});
