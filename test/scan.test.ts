// The engine's generated pass (src/scan.ts) against its generic pass: the same rows kept, the same groups
// and sums, for rows of any shape — inherited fields, null prototypes, wrong types, Date snapshots — and for
// field names that Object.prototype also has.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamQuery } from '../src/engine.js';
import {
  defineSchema,
  type Filter,
  FilterError,
  type QueryInput,
  runQuery,
  runQueryAsync,
  type Schema,
} from '../src/index.js';
import { dateTimeArb, groupByArb, schema as propertySchema, testFilterArb } from './properties/arbitraries.js';

const odd = defineSchema({
  table: 'odd_names',
  fields: {
    ['__proto__']: { type: 'string' },
    constructor: { type: 'string', caseInsensitive: true },
    valueOf: { type: 'guid' },
    toString: { type: 'number', aggregate: 'sum' },
    plain: { type: 'boolean' },
    processedDateTime: { type: 'datetime', filterable: false, groupable: false },
  },
  profile: { extensions: ['not', 'in', 'null', 'number', 'boolean'] },
});

const snapshots = ['2024-01-30', '2024-01-31T00:00:00Z', '2024-01-31T01:00:00+01:00'];

/** A property value of any type a row might carry, right or wrong for the field. */
const anyValueArb = fc.oneof(
  fc.constantFrom(
    'SFB',
    'sfb',
    'Reseller',
    '0112A436-B14E-4888-967B-CA4BB2CF1234',
    '0112a436-b14e-4888-967b-ca4bb2cf1234',
  ),
  fc.string({ maxLength: 4 }),
  fc.constantFrom(0, -0, 1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, -7),
  fc.boolean(),
  fc.constantFrom(null, undefined),
  fc.constantFrom(...snapshots),
  fc.constantFrom(new Date('2024-01-31T00:00:00Z'), new Date(Number.NaN)),
  fc.constant({}),
);

function rowArb(on: Schema): fc.Arbitrary<unknown> {
  const names = Object.keys(on.fields);
  const record = fc.dictionary(fc.constantFrom(...names), anyValueArb, { maxKeys: names.length });
  const snapshot = fc.constantFrom<unknown>(...snapshots, ...snapshots, new Date('2024-01-30T00:00:00Z'), 5, undefined);
  return fc.oneof(
    { arbitrary: fc.tuple(record, snapshot).map(([fields, taken]) => ownRow(fields, taken)), weight: 6 },
    // Fields found only on the prototype must read as missing.
    fc.tuple(record, record, snapshot).map(([inherited, own, taken]) => {
      const row = Object.create(ownRow(inherited, taken));
      return Object.assign(row, ownRow(own, undefined));
    }),
    fc.tuple(record, snapshot).map(([fields, taken]) => Object.assign(Object.create(null), ownRow(fields, taken))),
    fc.constantFrom<unknown>(null, 7, 'row'),
  );
}

// defineProperty, so that `__proto__` becomes an own field rather than the prototype.
function ownRow(fields: Record<string, unknown>, taken: unknown): object {
  const row: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
  }
  if (taken !== undefined) row.processedDateTime = taken;
  return row;
}

function agree(on: Schema, rows: unknown[], query: QueryInput): void {
  const compiled = runQuery(rows as object[], query, { schema: on, predicateMode: 'compiled' });
  const generic = runQuery(rows as object[], query, { schema: on, predicateMode: 'closure' });
  expect(compiled.totalCount).toBe(generic.totalCount);
  expect(compiled.value).toEqual(generic.value);
  // Identity, not only equality: ungrouped results are the caller's own row objects.
  if (query.groupBy === undefined) {
    compiled.value.forEach((row, index) => {
      expect(row).toBe(generic.value[index]);
    });
  }
}

const oddFilterArb: fc.Arbitrary<Filter | undefined> = fc.option(
  fc.constantFrom<Filter>(
    { kind: 'compare', field: 'constructor', op: 'eq', value: 'sfb' },
    { kind: 'compare', field: '__proto__', op: 'ne', value: 'SFB' },
    { kind: 'compare', field: 'valueOf', op: 'eq', value: '0112A436-B14E-4888-967B-CA4BB2CF1234' },
    { kind: 'compare', field: 'plain', op: 'eq', value: true },
  ),
  { nil: undefined },
);

describe('the generated pass and the generic pass', () => {
  it('agree on the property schema, for any rows and queries', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb(propertySchema), { maxLength: 40 }),
        fc.option(testFilterArb, { nil: undefined }),
        fc.option(groupByArb, { nil: undefined }),
        fc.option(dateTimeArb, { nil: undefined }),
        (rows, filter, groupBy, processedDateTime) =>
          agree(propertySchema, rows, {
            top: 10_000,
            ...(filter && { filter }),
            ...(groupBy && { groupBy }),
            ...(processedDateTime && { processedDateTime }),
          }),
      ),
      { numRuns: 400 },
    );
  });

  it("agree when field names are Object.prototype's own (`__proto__`, `constructor`, `toString`)", () => {
    const groupable = ['__proto__', 'constructor', 'valueOf', 'plain'];
    fc.assert(
      fc.property(
        fc.array(rowArb(odd), { maxLength: 40 }),
        oddFilterArb,
        fc.option(fc.shuffledSubarray(groupable, { minLength: 1 }), { nil: undefined }),
        (rows, filter, groupBy) =>
          agree(odd, rows, { top: 10_000, ...(filter && { filter }), ...(groupBy && { groupBy }) }),
      ),
      { numRuns: 400 },
    );
  });

  it('groups a field named __proto__ as a field, and never reads an inherited one', () => {
    const latest = '2024-01-31T00:00:00Z';
    const inheriting = (fields: Record<string, unknown>, own: Record<string, unknown>, taken: unknown) =>
      Object.defineProperties(
        Object.create(ownRow(fields, undefined)),
        Object.getOwnPropertyDescriptors(ownRow(own, taken)),
      );
    const rows = [
      ownRow({ ['__proto__']: 'a', toString: 2 }, latest),
      ownRow({ ['__proto__']: 'a', toString: 3 }, latest),
      // Its snapshot is inherited: in no snapshot at all.
      inheriting({ processedDateTime: latest }, { ['__proto__']: 'b', toString: 50 }, undefined),
      // Its measure is inherited: in group 'a', adding nothing.
      inheriting({ toString: 100, constructor: 'c' }, { ['__proto__']: 'a' }, latest),
    ];
    for (const predicateMode of ['compiled', 'closure'] as const) {
      const result = runQuery(rows, { groupBy: ['__proto__'] }, { schema: odd, predicateMode });
      expect(result.totalCount).toBe(1);
      const [group] = result.value as Record<string, unknown>[];
      expect(Object.getPrototypeOf(group)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(group, '__proto__')?.value).toBe('a');
      expect(group?.toString).toBe(5);
    }
  });
});

describe('the streaming pass (runQueryAsync)', () => {
  async function* streamed(rows: readonly unknown[]): AsyncGenerator<object> {
    for (const row of rows) yield row as object;
  }

  it('answers as runQuery does, with its window cut back as often as every row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb(propertySchema), { maxLength: 40 }),
        fc.option(testFilterArb, { nil: undefined }),
        fc.option(groupByArb, { nil: undefined }),
        fc.option(dateTimeArb, { nil: undefined }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(1, 3, 8192),
        fc.constantFrom('compiled' as const, 'closure' as const),
        async (rows, filter, groupBy, processedDateTime, top, skip, windowFloor, predicateMode) => {
          const query: QueryInput = {
            top,
            skip,
            ...(filter && { filter }),
            ...(groupBy && { groupBy }),
            ...(processedDateTime && { processedDateTime }),
          };
          const options = { schema: propertySchema, predicateMode };
          const expected = runQuery(rows as object[], query, options);
          const streamedAnswer = await streamQuery(streamed(rows), query, options, windowFloor);
          expect(streamedAnswer).toEqual(expected);
          if (query.groupBy === undefined) {
            streamedAnswer.value.forEach((row, index) => {
              expect(row).toBe(expected.value[index]);
            });
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('takes plain iterables too, and refuses what is neither', async () => {
    const rows = [{ name: 'a', processedDateTime: '2024-01-31' }];
    expect((await runQueryAsync(rows, {}, { schema: propertySchema })).totalCount).toBe(1);
    await expect(runQueryAsync(5 as never, {}, { schema: propertySchema })).rejects.toThrow(FilterError);
    await expect(runQueryAsync(rows, {}, {} as never)).rejects.toThrow(FilterError);
  });

  it('streams a million matching rows into a page of ten, counting them all', async () => {
    async function* many(): AsyncGenerator<object> {
      for (let index = 0; index < 1_000_000; index++)
        yield { name: `n${index % 997}`, processedDateTime: '2024-01-31' };
    }
    const answer = await runQueryAsync(many(), { top: 10 }, { schema: propertySchema });
    expect(answer.totalCount).toBe(1_000_000);
    expect(answer.value).toHaveLength(10);
    expect(answer.value.map((row) => (row as { name: string }).name)).toEqual(Array(10).fill('n0'));
  });
});

describe('buckets, counts and orderby in both passes', () => {
  const bucketed = defineSchema({
    table: 'bucketed',
    fields: {
      at: { type: 'datetime' },
      channel: { type: 'string', caseInsensitive: true },
      seats: { type: 'number' },
      processedDateTime: { type: 'datetime', filterable: false, groupable: false },
      revenue: { type: 'number', aggregate: 'sum', orderable: true },
      subscriptionCount: { type: 'number', aggregate: 'count' },
    },
    profile: { extensions: ['orderby', 'aggregationLevel'], aggregationLevel: 'week' },
  });
  const atArb = fc.oneof(
    fc.constantFrom<unknown>('2024-01-28T23:59:59.999Z', '2024-01-29', '2024-02-01T00:30:00+01:00', '0000-01-01'),
    fc.constantFrom<unknown>(new Date(Date.UTC(2024, 1, 29, 12)), null, undefined, 'soon', 5),
  );
  const bucketedRowArb = fc
    .tuple(rowArb(bucketed), atArb, fc.constantFrom<unknown>(1, 2.5, -0, 'x', undefined))
    .map(([row, at, revenue]) => {
      if (typeof row === 'object' && row !== null) {
        if (at !== undefined) Object.defineProperty(row, 'at', { value: at, enumerable: true, writable: true });
        if (revenue !== undefined)
          Object.defineProperty(row, 'revenue', { value: revenue, enumerable: true, writable: true });
      }
      return row;
    });
  const groupedQueryArb: fc.Arbitrary<QueryInput> = fc
    .tuple(
      fc.shuffledSubarray(['at', 'channel', 'seats'], { minLength: 1 }),
      fc.constantFrom(undefined, 'day', 'week', 'month', 'dateRange'),
      fc.integer({ min: 1, max: 5 }),
      fc.nat(5),
    )
    .chain(([groupBy, aggregationLevel, top, skip]) =>
      fc
        .shuffledSubarray([...groupBy, 'revenue', 'subscriptionCount'])
        .chain((fields) =>
          fc.tuple(
            ...fields.map((field) =>
              fc.constantFrom('asc' as const, 'desc' as const).map((direction) => ({ field, direction })),
            ),
          ),
        )
        .map((orderBy) => ({
          groupBy,
          orderBy,
          top,
          skip,
          ...(aggregationLevel !== undefined && { aggregationLevel }),
        })),
    );

  it('group, bucket, count and order alike, for any rows', () => {
    fc.assert(
      fc.property(fc.array(bucketedRowArb, { maxLength: 40 }), groupedQueryArb, (rows, query) =>
        agree(bucketed, rows, query),
      ),
      { numRuns: 300 },
    );
  });

  it('a stream answers as runQuery does, ordered by any orderable fields', async () => {
    const ungroupedOrderArb = fc
      .shuffledSubarray(['at', 'channel', 'seats', 'revenue'])
      .chain((fields) =>
        fc.tuple(
          ...fields.map((field) =>
            fc.constantFrom('asc' as const, 'desc' as const).map((direction) => ({ field, direction })),
          ),
        ),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.array(bucketedRowArb, { maxLength: 40 }),
        fc.oneof(
          groupedQueryArb,
          fc
            .tuple(ungroupedOrderArb, fc.integer({ min: 1, max: 5 }), fc.nat(5))
            .map(([orderBy, top, skip]): QueryInput => ({ orderBy, top, skip })),
        ),
        fc.constantFrom(1, 3, 8192),
        async (rows, query, windowFloor) => {
          const options = { schema: bucketed };
          const expected = runQuery(rows as object[], query, options);
          const streamedAnswer = await streamQuery(
            (async function* () {
              yield* rows as object[];
            })(),
            query,
            options,
            windowFloor,
          );
          expect(streamedAnswer).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("counts a group's rows without reading a count measure's values", () => {
    let reads = 0;
    const row = (channel: string) =>
      Object.defineProperty({ channel, processedDateTime: '2024-01-31' }, 'subscriptionCount', {
        enumerable: true,
        get: () => {
          reads++;
          return 100;
        },
      });
    for (const predicateMode of ['compiled', 'closure'] as const) {
      const result = runQuery(
        [row('a'), row('a'), row('b')],
        { groupBy: ['channel'] },
        { schema: bucketed, predicateMode },
      );
      expect(result.value).toEqual([
        { channel: 'a', revenue: 0, subscriptionCount: 2 },
        { channel: 'b', revenue: 0, subscriptionCount: 1 },
      ]);
    }
    expect(reads).toBe(0);
  });
});
