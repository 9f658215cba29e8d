// createRowStore: for any rows and any query, store.query answers exactly what runQuery answers; the indexes read
// only the rows a value holds; bad input is a FilterError.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Filter } from '../src/ast.js';
import { runQuery } from '../src/engine.js';
import { FilterError } from '../src/errors.js';
import { and, eq, ne, or, parseQuery, partnerCenter, type Query } from '../src/index.js';
import { createRowStore } from '../src/row-store.js';
import type { Schema } from '../src/schema.js';
import {
  type Case,
  caseArb,
  diffSchema,
  languageCaseArb,
  languageSchema,
  licenseUsageSchema,
  localStringsArb,
  noSnapshotSchema,
  stringPool,
} from './differential/arbitraries.js';
import { expectError } from './expect-error.js';

/** The store's answer and runQuery's, the same: the same rows (the very objects, ungrouped), count and link. */
function expectSameAnswer(schema: Schema, rows: readonly unknown[], query: Query, baseUrl?: string): void {
  const options = { schema, ...(baseUrl !== undefined && { baseUrl }) };
  let expected: unknown;
  try {
    expected = runQuery(rows as object[], query, options);
  } catch (error) {
    expect(error).toBeInstanceOf(FilterError);
    const store = createRowStore(rows as object[], { schema });
    expect(() => store.query(query, baseUrl === undefined ? {} : { baseUrl })).toThrow((error as FilterError).message);
    return;
  }
  const got = createRowStore(rows as object[], { schema }).query(query, baseUrl === undefined ? {} : { baseUrl });
  expect(got).toEqual(expected);
  const { value } = expected as { value: unknown[] };
  if (query.groupBy === undefined) {
    got.value.forEach((row, index) => {
      expect(row).toBe(value[index]);
    });
  }
}

// Rows that are not objects read as rows with no fields: null in every field, in no snapshot.
const withOddRows = (testCase: Case) =>
  fc
    .array(fc.tuple(fc.nat({ max: 30 }), fc.constantFrom<unknown>(null, undefined, 7, 'row', true)), { maxLength: 2 })
    .map((odd) => {
      const rows: unknown[] = [...testCase.rows];
      for (const [at, value] of odd) rows.splice(at % (rows.length + 1), 0, value);
      return { rows, query: testCase.query };
    });

describe('store.query answers exactly what runQuery answers', () => {
  const cases: [string, Schema, fc.Arbitrary<Case>][] = [
    ['every field type and extension', diffSchema, caseArb(diffSchema, stringPool)],
    ['a few strings, so that values repeat', diffSchema, caseArb(diffSchema, localStringsArb)],
    ['license usage', licenseUsageSchema, caseArb(licenseUsageSchema, localStringsArb)],
    ['no snapshot field', noSnapshotSchema, caseArb(noSnapshotSchema, localStringsArb)],
    ['the whole language', languageSchema, languageCaseArb(languageSchema, localStringsArb)],
  ];
  it.each(cases)('%s', (_, schema, arbitrary) => {
    fc.assert(
      fc.property(arbitrary.chain(withOddRows), fc.boolean(), ({ rows, query }, linked) => {
        expectSameAnswer(schema, rows, query, linked ? 'https://api.example.com' : undefined);
        expectSameAnswer(schema, rows, { ...query, top: Number.POSITIVE_INFINITY, skip: 0 });
      }),
      { numRuns: 300 },
    );
  });
});

const schema = partnerCenter.licenseUsage;
const tenants = ['0112A436-B14E-4888-967B-CA4BB2CF1234', '11111111-2222-4333-8444-555555555555'];

/** Rows whose fields count their reads, to see which rows a query touched after the store was built. */
function countedRows(count: number) {
  const reads = { total: 0 };
  const rows = Array.from({ length: count }, (_, index) => {
    const values: Record<string, unknown> = {
      workloadCode: index % 4 === 0 ? 'SFB' : 'EXO',
      channel: index % 3 === 0 ? 'Reseller' : 'Direct',
      customerTenantId: index % 10 === 0 ? tenants[0] : tenants[1],
      licensesActive: 1,
      licensesQualified: 2,
      processedDateTime: index % 2 === 0 ? '2024-01-31T00:00:00Z' : '2024-01-30T00:00:00Z',
    };
    const row = {};
    for (const [name, value] of Object.entries(values)) {
      Object.defineProperty(row, name, {
        enumerable: true,
        get: () => {
          reads.total++;
          return value;
        },
      });
    }
    return row;
  });
  return { rows, reads };
}

describe('the indexes read only the rows a query can match', () => {
  it("the docs' request reads the rows of one tenant in the latest snapshot, and no other", () => {
    const { rows, reads } = countedRows(1000);
    const store = createRowStore(rows, { schema });
    // Made: each row's snapshot read once, for the latest; a field's index is built when first filtered by.
    expect(reads.total).toBe(1000);
    store.index(['customerTenantId']);
    expect(reads.total).toBe(2000);
    const query = parseQuery(`filter=customerTenantId eq '${tenants[0]?.toLowerCase()}'&groupby=workloadCode,channel`, {
      schema,
    });
    reads.total = 0;
    const result = store.query(query);
    // Tenant 0 is every tenth row, all in the latest snapshot (even positions): 100 rows, each read for the
    // snapshot, the two groupby fields and the two measures; the filter is answered by the index.
    expect(reads.total).toBe(100 * 5);
    reads.total = 0;
    expect(result).toEqual(runQuery(rows, query, { schema }));
    // The scan reads every row's snapshot and the tenant of the 500 in the latest snapshot.
    expect(reads.total).toBeGreaterThanOrEqual(1000 + 500);
  });

  it('an and of indexed parts reads the rows they share; an or, the rows of either; ne, the snapshot', () => {
    const { rows, reads } = countedRows(1200);
    const store = createRowStore(rows, { schema });
    store.index();
    // Rows read by the pass over the chosen rows: each is read for its snapshot and, when it is in the latest and
    // matches, for the groupby field and two measures; a filter no index answers reads its field in every row of
    // the latest snapshot.
    const read = (filter: Filter) => {
      reads.total = 0;
      store.query({ filter, groupBy: ['workloadCode'] });
      return reads.total;
    };
    // Latest snapshot: the 600 even positions. Tenant 0: i % 10 (120 rows, all even); resellers: i % 3 (400, of
    // which 200 even); both: i % 30 (40, all even).
    expect(read(and(eq('customerTenantId', tenants[0] as string), eq('channel', 'reseller')))).toBe(40 * 4);
    expect(read(or(eq('customerTenantId', tenants[0] as string), eq('channel', 'RESELLER')))).toBe(
      (120 + 200 - 40) * 4 + 200,
    );
    expect(read(or(eq('channel', 'Reseller'), eq('channel', 'Advisor')))).toBe(200 * 4 + 200);
    // No index answers ne: every row is read for its snapshot, and those of the latest for the channel.
    expect(read(ne('channel', 'reseller'))).toBe(1200 + 600 + 400 * 3);
    // The tenant's 120 rows are chosen and the whole filter tested on each: the channel of all, the tenant of the
    // 40 resellers.
    expect(read(and(ne('channel', 'Direct'), eq('customerTenantId', tenants[0] as string)))).toBe(120 * 2 + 40 * 4);
  });

  it('keeps its own copy of the array: rows added to the array later are not in its answers', () => {
    const { rows } = countedRows(10);
    const store = createRowStore(rows, { schema });
    rows.push({ channel: 'Advisor', processedDateTime: '2024-01-31T00:00:00Z' });
    expect(store.query({ filter: eq('channel', 'advisor') }).totalCount).toBe(0);
    expect(store.rows).toHaveLength(10);
  });

  it('reports the bytes of its position arrays and its distinct values', () => {
    const { rows } = countedRows(100);
    const store = createRowStore(rows, { schema });
    expect(store.indexBytes).toBe(0);
    store.index(['channel']);
    expect(store.indexBytes).toBeGreaterThanOrEqual(4 * 100);
    expect(store.indexBytes).toBeLessThan(2 * 4 * 100);
    store.index();
    // Nine indexes (the filterable fields), each an Int32Array of a position per row.
    expect(store.indexBytes).toBeGreaterThanOrEqual(9 * 4 * 100);
    // channel 2, tenant 2, workloadCode 2, and the null of each of the six fields no row holds.
    expect(store.distinctValues).toBe(6 + 6);
  });
});

describe('bad input', () => {
  it('is a FilterError at once, or from the query', () => {
    expectError(() => createRowStore(null as never, { schema }), 'INVALID_PARAMETER');
    expectError(() => createRowStore([], {} as never), 'INVALID_SCHEMA');
    expectError(() => createRowStore([], null as never), 'INVALID_SCHEMA');
    const store = createRowStore([], { schema });
    expectError(() => store.query(null as never), 'INVALID_PARAMETER');
    expectError(() => store.query({ top: 0 }), 'INVALID_PARAMETER', 'top');
    expectError(() => store.query({}, 'x' as never), 'INVALID_PARAMETER');
    expectError(() => store.query({}, { baseUrl: 'https://h/?x' }), 'INVALID_PARAMETER', 'baseUrl');
  });

  it('store.index takes names of filterable fields only', () => {
    const store = createRowStore([], { schema });
    expectError(() => store.index(['licensesActive']), 'INVALID_PARAMETER');
    expectError(() => store.index(['nope']), 'INVALID_PARAMETER');
    expectError(() => store.index([7 as never]), 'INVALID_PARAMETER');
  });

  it("a row whose getter throws fails the call that builds its field's index, as runQuery fails", () => {
    const row = Object.defineProperty({ processedDateTime: '2024-01-31' }, 'channel', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const store = createRowStore([row], { schema });
    const error = expectError(() => store.query({ filter: eq('channel', 'x') }), 'INVALID_PARAMETER', 'rows');
    expect(error.message).toContain('boom');
    expect(() => runQuery([row], { filter: eq('channel', 'x') }, { schema })).toThrow(error.message);
    expectError(() => store.index(), 'INVALID_PARAMETER', 'rows');
  });
});
