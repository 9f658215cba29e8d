// runQuery and toResponseBody: snapshot, filter, group and sum, order, page, next link — on hand-picked rows.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../src/ast.js';
import { runQuery, streamQuery, toResponseBody } from '../src/engine.js';
import {
  defineSchema,
  eq,
  FilterError,
  type OrderItem,
  parseQuery,
  partnerCenter,
  type QueryResult,
  type Schema,
} from '../src/index.js';
import { licenseUsagePath } from '../src/presets/partner-center.js';
import type { Field } from '../src/schema.js';
import { compareValues, readField } from '../src/values.js';
import { errorOf, expectError } from './expect-error.js';

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

describe('top: Infinity asks for every row or group in one call', () => {
  const plain = defineSchema({
    table: 't',
    fields: { a: { type: 'string' }, n: { type: 'number', aggregate: 'sum' } },
  });
  // More groups than the largest page a request may ask for.
  const data = Array.from({ length: 10_003 }, (_, index) => ({ a: `k${String(index).padStart(5, '0')}`, n: 1 }));

  it('answers past the 10,000 of a request, without a next link', () => {
    const grouped = runQuery(data, { groupBy: ['a'], top: Number.POSITIVE_INFINITY }, { schema: plain });
    expect(grouped.value).toHaveLength(10_003);
    expect(grouped.totalCount).toBe(10_003);
    expect(grouped.nextLink).toBeUndefined();
    expect(grouped.value.at(-1)).toEqual({ a: 'k10002', n: 1 });
    const rowsPage = runQuery(data, { top: Number.POSITIVE_INFINITY, skip: 3 }, { schema: plain });
    expect(rowsPage.value).toHaveLength(10_000);
    expect(rowsPage.value[0]).toBe(data[3]);
    expect(rowsPage.nextLink).toBeUndefined();
  });

  it('answers the same from a stream', async () => {
    const result = await streamQuery(data, { top: Number.POSITIVE_INFINITY }, { schema: plain }, 8);
    expect(result.value).toHaveLength(10_003);
    expect(result.nextLink).toBeUndefined();
  });

  it('sorts a whole result by many keys of many values exactly as compareValues orders them', () => {
    // Six keys of ~2,000 values each: too many combinations to pack into one number, so the ranks are compared.
    const wide = defineSchema({
      table: 'w',
      fields: Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => [name, { type: 'number' as const }])),
      profile: { extensions: ['orderby'] },
    });
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    const data = Array.from({ length: 2000 }, (_, index) => ({
      a: next() % 3,
      b: index % 5 === 0 ? null : next() % 2000,
      c: next(),
      d: next(),
      e: next(),
      f: next(),
    }));
    const orderBy: OrderItem[] = [{ field: 'b', direction: 'desc' }];
    const result = runQuery(data, { top: Number.POSITIVE_INFINITY, orderBy }, { schema: wide }).value;
    const keys = (row: Record<string, unknown>) => ['a', 'c', 'd', 'e', 'f'].map((name) => row[name] as Value);
    const expected = [...data].sort(
      (x, y) =>
        -compareValues(x.b, y.b) ||
        keys(x).reduce<number>((order, key, index) => order || compareValues(key, keys(y)[index] as Value), 0),
    );
    expect(result).toEqual(expected);
  });

  it('refuses any other top beyond 10,000, with a FilterError that says so', () => {
    for (const top of [10_001, Number.NEGATIVE_INFINITY, Number.NaN, 1e300]) {
      const error = expectError(() => runQuery(data, { top }, { schema: plain }), 'INVALID_PARAMETER', 'top');
      expect(error.message).toContain('Infinity');
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

// orderby, aggregationLevel and count measures (SPEC §7). The queries are built in code: runQuery checks them
// as parseQuery would.
describe('orderby, aggregationLevel and count measures', () => {
  const subscriptions = defineSchema({
    table: 'subscriptions',
    fields: {
      name: { type: 'string' },
      plan: { type: 'string', caseInsensitive: true },
      seats: { type: 'number' },
      createdDate: { type: 'datetime' },
      hidden: { type: 'string', orderable: false },
      revenue: { type: 'number', aggregate: 'sum', orderable: true },
      subscriptionCount: { type: 'number', aggregate: 'count' },
    },
    profile: { extensions: ['orderby', 'aggregationLevel', 'null', 'number'], aggregationLevel: 'month' },
  });
  const plain = defineSchema({
    table: 'plain',
    fields: { name: { type: 'string' }, n: { type: 'number', aggregate: 'sum' } },
  });
  const data: Record<string, unknown>[] = [
    { name: 'b', plan: 'Basic', seats: 3, createdDate: '2024-01-31T23:30:00Z', revenue: 10 },
    { name: 'a', plan: 'basic', seats: 3, createdDate: '2024-02-01T00:30:00+01:00', revenue: 5, subscriptionCount: 99 },
    { name: 'c', plan: 'Pro', seats: null, createdDate: '2024-02-05T08:00:00Z', revenue: 'n/a' },
    { name: null, plan: 'Pro', seats: 1, createdDate: null, revenue: 7 },
    { name: 'a', plan: 'Basic', seats: 10, createdDate: '2024-02-04T23:59:59.999Z', revenue: 1 },
  ];
  const modes = ['compiled', 'closure'] as const;
  /** The answer in both passes, which must agree. */
  const query = (input: Parameters<typeof runQuery>[1], on: readonly object[] = data) => {
    const [compiled, closure] = modes.map((predicateMode) =>
      runQuery(on, input, { schema: subscriptions, predicateMode }),
    );
    expect(closure).toEqual(compiled);
    return compiled!;
  };
  const names = (result: { value: readonly object[] }) => result.value.map((row) => (row as { name: unknown }).name);

  it('orders ungrouped rows by the orderby items, then by every schema field for ties', () => {
    expect(names(query({ orderBy: [{ field: 'seats', direction: 'asc' }] }))).toEqual(['c', null, 'a', 'b', 'a']);
    // The tie between the two rows of 3 seats falls to name; then 10 seats.
    expect(query({ orderBy: [{ field: 'seats', direction: 'desc' }] }).value).toEqual([
      data[4],
      data[1],
      data[0],
      data[3],
      data[2],
    ]);
    // Desc puts nulls last; the ties of name 'a' are ordered by plan (by code point: 'Basic' before 'basic').
    expect(query({ orderBy: [{ field: 'name', direction: 'desc' }] }).value).toEqual([
      data[2],
      data[0],
      data[4],
      data[1],
      data[3],
    ]);
  });

  it('orders by an orderable measure as its row value, wrong types reading as null', () => {
    expect(query({ orderBy: [{ field: 'revenue', direction: 'desc' }] }).value).toEqual([
      data[0],
      data[3],
      data[1],
      data[4],
      data[2],
    ]);
  });

  it('counts the rows of each group, and orders groups by a sum or a count', () => {
    const byPlan = query({ groupBy: ['plan'] });
    expect(byPlan.value).toEqual([
      { plan: 'Basic', revenue: 11, subscriptionCount: 2 },
      { plan: 'Pro', revenue: 7, subscriptionCount: 2 },
      { plan: 'basic', revenue: 5, subscriptionCount: 1 },
    ]);
    expect(
      query({
        groupBy: ['plan'],
        orderBy: [
          { field: 'subscriptionCount', direction: 'asc' },
          { field: 'revenue', direction: 'asc' },
        ],
      }).value.map((group) => (group as { plan: string }).plan),
    ).toEqual(['basic', 'Pro', 'Basic']);
    expect(
      query({ groupBy: ['plan'], orderBy: [{ field: 'revenue', direction: 'desc' }] }).value.map(
        (group) => (group as { plan: string }).plan,
      ),
    ).toEqual(['Basic', 'Pro', 'basic']);
  });

  it("buckets grouped datetimes by the profile's level unless the query names one", () => {
    const createdDates = (input: Parameters<typeof runQuery>[1]) =>
      query(input).value.map((group) => [
        (group as { createdDate: unknown }).createdDate,
        (group as { subscriptionCount: number }).subscriptionCount,
      ]);
    // The profile's month: the row of 2024-02-01T00:30+01:00 is 2024-01-31T23:30Z, in January.
    expect(createdDates({ groupBy: ['createdDate'] })).toEqual([
      [null, 1],
      ['2024-01-01T00:00:00.000Z', 2],
      ['2024-02-01T00:00:00.000Z', 2],
    ]);
    expect(createdDates({ groupBy: ['createdDate'], aggregationLevel: 'day' })).toEqual([
      [null, 1],
      ['2024-01-31T00:00:00.000Z', 2],
      ['2024-02-04T00:00:00.000Z', 1],
      ['2024-02-05T00:00:00.000Z', 1],
    ]);
    // 2024-01-31 is a Wednesday, 2024-02-04 a Sunday: one ISO week; 2024-02-05 is the next Monday.
    expect(createdDates({ groupBy: ['createdDate'], aggregationLevel: 'week' })).toEqual([
      [null, 1],
      ['2024-01-29T00:00:00.000Z', 3],
      ['2024-02-05T00:00:00.000Z', 1],
    ]);
    expect(createdDates({ groupBy: ['createdDate'], aggregationLevel: 'dateRange' })).toEqual([
      [null, 1],
      ['2024-01-31T23:30:00.000Z', 2],
      ['2024-02-04T23:59:59.999Z', 1],
      ['2024-02-05T08:00:00.000Z', 1],
    ]);
    // Order and group use the bucket: desc by it, nulls last.
    expect(
      query({
        groupBy: ['createdDate', 'plan'],
        aggregationLevel: 'week',
        orderBy: [{ field: 'createdDate', direction: 'desc' }],
      }).value,
    ).toEqual([
      { createdDate: '2024-02-05T00:00:00.000Z', plan: 'Pro', revenue: 0, subscriptionCount: 1 },
      { createdDate: '2024-01-29T00:00:00.000Z', plan: 'Basic', revenue: 11, subscriptionCount: 2 },
      { createdDate: '2024-01-29T00:00:00.000Z', plan: 'basic', revenue: 5, subscriptionCount: 1 },
      { createdDate: null, plan: 'Pro', revenue: 7, subscriptionCount: 1 },
    ]);
  });

  it('groups by the exact instant where the profile names no level', () => {
    const exact = defineSchema({
      table: 't',
      fields: { at: { type: 'datetime' }, n: { type: 'number', aggregate: 'count' } },
      profile: { extensions: ['aggregationLevel'] },
    });
    const rows = [{ at: '2024-01-01T10:00:00Z' }, { at: '2024-01-01T11:00:00Z' }, { at: '2024-01-01T10:00:00Z' }];
    expect(runQuery(rows, { groupBy: ['at'] }, { schema: exact }).value).toEqual([
      { at: '2024-01-01T10:00:00.000Z', n: 2 },
      { at: '2024-01-01T11:00:00.000Z', n: 1 },
    ]);
    expect(runQuery(rows, { groupBy: ['at'], aggregationLevel: 'day' }, { schema: exact }).value).toEqual([
      { at: '2024-01-01T00:00:00.000Z', n: 3 },
    ]);
  });

  it('a stream orders its window by the same keys', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `n${String(i % 7)}`, seats: i % 5, revenue: i }));
    const input = {
      orderBy: [
        { field: 'seats', direction: 'desc' },
        { field: 'revenue', direction: 'desc' },
      ],
      top: 6,
      skip: 3,
    } as const;
    const expected = runQuery(many, input, { schema: subscriptions });
    expect((await streamQuery(many, input, { schema: subscriptions }, 1)).value).toEqual(expected.value);
    expect(expected.value.map((row) => [row.seats, row.revenue])).toEqual([
      [4, 24],
      [4, 19],
      [4, 14],
      [4, 9],
      [4, 4],
      [3, 38],
    ]);
  });

  it('refuses what parseQuery would refuse, with the codes it uses', () => {
    const run =
      (input: object, on: Schema = subscriptions) =>
      () =>
        runQuery(data, input as never, { schema: on });
    expectError(run({ orderBy: [{ field: 'name', direction: 'asc' }] }, plain), 'UNKNOWN_PARAMETER', 'orderby');
    expect(runQuery(data, { orderBy: [] }, { schema: plain }).totalCount).toBe(data.length);
    expectError(run({ groupBy: ['name'], aggregationLevel: 'day' }, plain), 'UNKNOWN_PARAMETER', 'aggregationLevel');
    expectError(run({ aggregationLevel: 'day' }), 'INVALID_PARAMETER', 'aggregationLevel');
    expectError(run({ groupBy: ['name'], aggregationLevel: 'year' }), 'INVALID_PARAMETER', 'aggregationLevel');
    const unknown = expectError(run({ orderBy: [{ field: 'Name', direction: 'asc' }] }), 'UNKNOWN_FIELD', 'orderby');
    expect(unknown.suggestion).toBe('name');
    expect(errorOf(run({ orderBy: [{ field: 'hidden', direction: 'asc' }] })).code).toBe('FIELD_NOT_ORDERABLE');
    const grouped = errorOf(run({ groupBy: ['plan'], orderBy: [{ field: 'name', direction: 'asc' }] }));
    expect(grouped.code).toBe('FIELD_NOT_ORDERABLE');
    expect(grouped.message).toContain('plan, revenue, subscriptionCount');
    // A count measure is not orderable ungrouped unless it says so.
    expect(errorOf(run({ orderBy: [{ field: 'subscriptionCount', direction: 'asc' }] })).code).toBe(
      'FIELD_NOT_ORDERABLE',
    );
    const twice = [
      { field: 'name', direction: 'asc' },
      { field: 'name', direction: 'desc' },
    ];
    expectError(run({ orderBy: twice }), 'DUPLICATE_FIELD', 'orderby');
    for (const orderBy of ['name', [null], [{ field: 'name', direction: 'down' }], [{ direction: 'asc' }]]) {
      expectError(run({ orderBy }), 'INVALID_PARAMETER', 'orderby');
    }
    // A direction left out is asc, as in the parameter's text.
    expect(runQuery(data, { orderBy: [{ field: 'seats' } as never] }, { schema: subscriptions }).value).toEqual(
      query({ orderBy: [{ field: 'seats', direction: 'asc' }] }).value,
    );
  });

  const valueArb = <T>(...values: T[]) => fc.constantFrom<unknown>(...values, null, undefined, 'x', Number.NaN);
  const rowArb = fc.record(
    {
      name: valueArb('a', 'B', 'b', '😀', '\uFFFD', ''),
      plan: valueArb('Pro', 'pro', 'Basic'),
      seats: valueArb(0, -0, 1, 2.5, -3),
      createdDate: valueArb('2024-01-31T23:30:00Z', '2024-02-01T00:30:00+01:00', '2024-02-05', '2023-12-31T23:59:59Z'),
      hidden: valueArb('h'),
      revenue: valueArb(1, 2, 10),
      subscriptionCount: valueArb(1, 5),
    },
    { requiredKeys: [] },
  );
  const ungroupedOrderable = ['name', 'plan', 'seats', 'createdDate', 'revenue'];
  const orderArb = (fields: readonly string[]) =>
    fc
      .shuffledSubarray([...fields], { minLength: 0 })
      .chain((chosen) =>
        fc.tuple(
          ...chosen.map((field) =>
            fc.constantFrom('asc' as const, 'desc' as const).map((direction) => ({ field, direction })),
          ),
        ),
      );

  /** -0 as 0: the order (and SQL) does not tell them apart, and toEqual would. */
  const sameZero = (value: Value): Value => (value === 0 ? 0 : value);

  /** Sorted by the keys, the sequence must not go back on any pair of neighbours; equal keys tie. */
  const expectOrdered = (values: readonly (readonly Value[])[], descending: readonly boolean[]) => {
    for (let index = 1; index < values.length; index++) {
      const [before, after] = [values[index - 1]!, values[index]!];
      let order = 0;
      for (let key = 0; key < before.length && order === 0; key++) {
        order = compareValues(before[key]!, after[key]!) * (descending[key] ? -1 : 1);
      }
      expect(order).toBeLessThanOrEqual(0);
    }
  };

  it('orders ungrouped rows totally by the sort keys, and desc is the exact reverse of asc', () => {
    const fields = subscriptions.fields as Record<string, Field>;
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), orderArb(ungroupedOrderable), (rows, orderBy) => {
        const result = query({ orderBy }, rows).value;
        // The keys: the orderby items, then every schema field in schema order, as readField reads them.
        const listed = orderBy.map((item) => item.field);
        const keyFields = [...listed, ...Object.keys(fields).filter((name) => !listed.includes(name))];
        const descending = keyFields.map((name) => orderBy.find((item) => item.field === name)?.direction === 'desc');
        const keysOf = (row: object) => keyFields.map((name) => readField(row, fields[name]!));
        expectOrdered(result.map(keysOf), descending);
        expect(new Set(result).size).toBe(rows.length);
        // Every orderable field listed, then every direction flipped: on those fields, the exact reverse order.
        // (The fields left, not orderable, still break ties ascending: rows equal on every listed field.)
        const every: OrderItem[] = [
          ...orderBy,
          ...ungroupedOrderable
            .filter((name) => !listed.includes(name))
            .map((field) => ({ field, direction: 'asc' as const })),
        ];
        const flipped: OrderItem[] = every.map((item) => ({
          field: item.field,
          direction: item.direction === 'asc' ? 'desc' : 'asc',
        }));
        const listedKeysOf = (row: object) => every.map((item) => sameZero(readField(row, fields[item.field]!)));
        const up = query({ orderBy: every }, rows).value.map(listedKeysOf);
        const down = query({ orderBy: flipped }, rows).value.map(listedKeysOf);
        expect(down).toEqual([...up].reverse());
      }),
      { numRuns: 200 },
    );
  });

  it('orders groups totally by the sort keys, and desc is the exact reverse of asc', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 30 }),
        fc.shuffledSubarray(['name', 'plan', 'seats', 'createdDate'], { minLength: 1 }),
        fc.constantFrom(undefined, 'day', 'week', 'month', 'dateRange'),
        fc.integer({ min: 1, max: 8 }),
        (rows, groupBy, aggregationLevel, top) => {
          const level = aggregationLevel === undefined ? {} : { aggregationLevel };
          const orderable = [...groupBy, 'revenue', 'subscriptionCount'];
          const asc = orderable.map((field) => ({ field, direction: 'asc' as const }));
          const desc = orderable.map((field) => ({ field, direction: 'desc' as const }));
          const keysOf = (group: object) =>
            orderable.map((name) => sameZero((group as Record<string, Value>)[name] ?? null));
          const up = query({ groupBy, orderBy: asc, ...level }, rows).value;
          const down = query({ groupBy, orderBy: desc, ...level }, rows).value;
          expectOrdered(
            up.map(keysOf),
            orderable.map(() => false),
          );
          expect(down.map(keysOf)).toEqual(up.map(keysOf).reverse());
          // Every page is the slice of the whole order, whether it is sorted or chosen by the heap.
          for (let skip = 0; skip < up.length; skip += top) {
            expect(query({ groupBy, orderBy: desc, ...level, top, skip }, rows).value).toEqual(
              down.slice(skip, skip + top),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
