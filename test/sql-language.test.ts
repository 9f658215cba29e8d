// The whole Partner Center language (issue 12) in SQL, on real engines (PGlite for PostgreSQL, sql.js for SQLite):
// gt/ge/lt/le, contains/startswith/endswith, orderBy, aggregationLevel buckets and count measures, each query held
// against rows worked out by hand. Filters are built as ASTs, so that these tests need no parser.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Filter, MatchOperator, RangeOperator, Value } from '../src/ast.js';
import {
  dialectNames,
  type SqlStatement,
  toCreateTable,
  toInsert,
  toInserts,
  toSql,
  toSqlCount,
  toSqlWhere,
} from '../src/index.js';
import type { QueryInput } from '../src/query.js';
import { defineSchema, extensions, type Schema } from '../src/schema.js';
import { languageQueryArb, languageSchema, poolOf, stringPool } from './differential/arbitraries.js';
import { type Engine, startPostgres, startSqlite } from './differential/engines.js';
import { expectError } from './expect-error.js';
import { userWrittenDialect } from './user-dialect.js';

// `id` first: ungrouped rows come in id order unless orderBy says otherwise. The table and a column carry quotes.
const fields = {
  id: { type: 'number' },
  name: { type: 'string', column: 'customer "name"' },
  code: { type: 'string', caseInsensitive: true },
  seats: { type: 'number' },
  day: { type: 'datetime' },
  customer: { type: 'string', operators: ['contains'] },
  licenses: { type: 'number', aggregate: 'sum', orderable: true },
  subscriptions: { type: 'number', aggregate: 'count' },
} as const;
const schema = defineSchema({
  table: 'language "rows"',
  fields,
  profile: { extensions: [...extensions], aggregationLevel: 'month' },
});
// No default level: an absent aggregationLevel groups by the exact instant.
const exactSchema = defineSchema({ table: 'language "rows"', fields, profile: { extensions: [...extensions] } });

// Weekdays: 2024-12-29 Sun, 2024-12-30 Mon, 2025-01-05 Sun, 2025-01-06 Mon, 2024-02-29 Thu, 2024-03-01 Fri,
// 2023-01-01 Sun. Row 3 is 1 January 2025 in +01:00 but 31 December 2024 in UTC: buckets are UTC.
const rows: object[] = [
  { id: 1, name: 'apple', code: 'ABC', seats: 10, day: '2024-12-30T10:00:00Z', licenses: 1, subscriptions: 7 },
  { id: 2, name: 'Apple', code: 'abd', seats: 2.5, day: '2024-12-29T23:59:59.999Z', licenses: 2 },
  { id: 3, name: 'a%b', code: 'x_y', seats: -1, day: '2025-01-01T00:00:00+01:00', licenses: 4 },
  { id: 4, name: 'a\\b', code: 'A\\B', seats: 7, day: '2025-01-05T12:00:00Z', licenses: 8 },
  // Wrong types are NULL: name, seats, day and licenses.
  { id: 5, name: 42, code: null, seats: 'x', day: 'yesterday', licenses: '16' },
  { id: 6, name: '', code: '', seats: 0, day: '2024-02-29', licenses: 32 },
  { id: 7, name: '😀x', code: 'Zeta', seats: 100, day: '2024-03-01T00:00:00Z', licenses: 64 },
  { id: 8, name: '\uFFFD', code: 'abc ', seats: null, day: '2023-01-01T00:00:00Z', licenses: 128 },
  { id: 9, name: 'a_b', code: 'ab%', seats: 10, licenses: 256 },
  { id: 10, name: 'apple pie', code: 'é', seats: 3, day: '2025-01-06T00:00:00Z', licenses: 512 },
  { id: 11, name: 'a[b]', code: '[A]', seats: 2.5, day: '2024-12-31T00:00:00+01:00', licenses: 1024 },
];
const allIds = rows.map((_, index) => index + 1);
const except = (...ids: number[]) => allIds.filter((id) => !ids.includes(id));

const range = (field: string, op: RangeOperator, value: Value): Filter => ({ kind: 'compare', field, op, value });
const match = (op: MatchOperator, field: string, value: string): Filter => ({ kind: 'match', op, field, value });
const not = (operand: Filter): Filter => ({ kind: 'not', operand });

const filterCases: [title: string, filter: Filter, ids: number[]][] = [
  // Numbers.
  ['seats gt 2.5', range('seats', 'gt', 2.5), [1, 4, 7, 9, 10]],
  ['seats ge 2.5', range('seats', 'ge', 2.5), [1, 2, 4, 7, 9, 10, 11]],
  ['seats lt 2.5', range('seats', 'lt', 2.5), [3, 6]],
  ['seats le 2.5', range('seats', 'le', 2.5), [2, 3, 6, 11]],
  ['not (seats gt 2.5): NULL and wrong-typed rows too', not(range('seats', 'gt', 2.5)), [2, 3, 5, 6, 8, 11]],
  ['not (seats le 2.5)', not(range('seats', 'le', 2.5)), [1, 4, 5, 7, 8, 9, 10]],
  // Strings by code point, case-sensitive: 'A' < 'a'; U+1F600 after U+FFFD (UTF-16 would put it before).
  ['name gt a', range('name', 'gt', 'a'), [1, 3, 4, 7, 8, 9, 10, 11]],
  ['name lt a', range('name', 'lt', 'a'), [2, 6]],
  ['name gt U+FFFD', range('name', 'gt', '\uFFFD'), [7]],
  ['name ge U+FFFD', range('name', 'ge', '\uFFFD'), [7, 8]],
  ['name lt a_ (% [ \\ before _)', range('name', 'lt', 'a_'), [2, 3, 4, 6, 11]],
  ['name le empty', range('name', 'le', ''), [6]],
  ['not (name ge empty): only NULL', not(range('name', 'ge', '')), [5]],
  // Folded on both sides: 'abc ' is after 'abc' (trailing spaces count), '\' and '%' before 'c', 'é' after ASCII.
  ['code gt ABC', range('code', 'gt', 'ABC'), [2, 3, 7, 8, 10]],
  ['code le ABC', range('code', 'le', 'ABC'), [1, 4, 6, 9, 11]],
  ['not (code le ABC)', not(range('code', 'le', 'ABC')), [2, 3, 5, 7, 8, 10]],
  ['code ge abc', range('code', 'ge', 'abc'), [1, 2, 3, 7, 8, 10]],
  ['code lt [: folded, A-Z are after [', range('code', 'lt', '['), [6]],
  ['code gt Z: the literal folded too', range('code', 'gt', 'Z'), [7, 10]],
  // Datetimes as instants: the literal canonical (2024-12-30T23:00:00.000Z), as rows are stored.
  ['day gt 2024-12-31T00:00:00+01:00', range('day', 'gt', '2024-12-31T00:00:00+01:00'), [3, 4, 10]],
  ['day ge 2024-12-31T00:00:00+01:00', range('day', 'ge', '2024-12-31T00:00:00+01:00'), [3, 4, 10, 11]],
  ['day lt 2024-12-30T23:00Z', range('day', 'lt', '2024-12-30T23:00Z'), [1, 2, 6, 7, 8]],
  ['day le 2024-12-30T23:00Z', range('day', 'le', '2024-12-30T23:00Z'), [1, 2, 6, 7, 8, 11]],
  ['not (day gt 2024-12-31)', not(range('day', 'gt', '2024-12-31')), [1, 2, 5, 6, 7, 8, 9, 11]],
  ['day ge a date alone (midnight UTC)', range('day', 'ge', '2025-01-05'), [4, 10]],
  // Every pattern character matches only itself.
  ['contains(name, %)', match('contains', 'name', '%'), [3]],
  ['contains(name, _)', match('contains', 'name', '_'), [9]],
  ['contains(name, \\)', match('contains', 'name', '\\'), [4]],
  ['contains(name, [)', match('contains', 'name', '['), [11]],
  ['contains(name, a%b)', match('contains', 'name', 'a%b'), [3]],
  ['contains(name, pl)', match('contains', 'name', 'pl'), [1, 2, 10]],
  ['contains(name, P): case-sensitive', match('contains', 'name', 'P'), []],
  ['contains(name, empty): every non-null', match('contains', 'name', ''), except(5)],
  ['startswith(name, empty)', match('startswith', 'name', ''), except(5)],
  ['endswith(name, empty)', match('endswith', 'name', ''), except(5)],
  ['not contains(name, empty): only NULL', not(match('contains', 'name', '')), [5]],
  ['startswith(name, app)', match('startswith', 'name', 'app'), [1, 10]],
  ['startswith(name, a_)', match('startswith', 'name', 'a_'), [9]],
  ['startswith(name, 😀)', match('startswith', 'name', '😀'), [7]],
  ['endswith(name, e)', match('endswith', 'name', 'e'), [1, 2, 10]],
  ['endswith(name, %b)', match('endswith', 'name', '%b'), [3]],
  ['endswith(name, x)', match('endswith', 'name', 'x'), [7]],
  ['endswith(name, b])', match('endswith', 'name', 'b]'), [11]],
  ['endswith(name, longer than any)', match('endswith', 'name', 'an apple pie'), []],
  ['not endswith(name, e)', not(match('endswith', 'name', 'e')), [3, 4, 5, 6, 7, 8, 9, 11]],
  // Folded on both sides, ASCII only; a trailing space counts.
  ['contains(code, B)', match('contains', 'code', 'B'), [1, 2, 4, 8, 9]],
  ['contains(code, É): not folded', match('contains', 'code', 'É'), []],
  ['endswith(code, C)', match('endswith', 'code', 'C'), [1]],
  ['endswith(code, C space)', match('endswith', 'code', 'C '), [8]],
  ['startswith(code, AB%)', match('startswith', 'code', 'AB%'), [9]],
  ['not startswith(code, a)', not(match('startswith', 'code', 'a')), [3, 5, 6, 7, 10, 11]],
  ['contains(customer, x): NULL everywhere', match('contains', 'customer', 'x'), []],
  [
    'the new nodes under and/or/not',
    not({
      kind: 'or',
      operands: [match('contains', 'name', 'a'), { kind: 'and', operands: [range('seats', 'ge', 10)] }],
    }),
    [2, 5, 6, 8],
  ],
];

// The engines of the differential suite: PGlite and sql.js, each with exec and query.
let engines: Engine[];

beforeAll(async () => {
  engines = await Promise.all([startPostgres(), startSqlite()]);
  for (const engine of engines) {
    await engine.exec(toCreateTable(schema, { dialect: engine.dialect }));
    await engine.query(toInsert(rows, { schema, dialect: engine.dialect }));
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
});

/** A result row with numbers as numbers (PostgreSQL's COUNT is a bigint). */
const plain = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value]),
  );

describe.each(['postgres', 'sqlite'] as const)('%s', (dialect) => {
  const engine = () => engines.find((each) => each.dialect === dialect)!;
  const run = async (query: QueryInput, on: Schema = schema) =>
    (await engine().query(toSql(query, { schema: on, dialect }))).map(plain);
  const idsOf = async (query: QueryInput) => (await run(query)).map((row) => row.id);
  const countOf = async (query: QueryInput, on: Schema = schema) => {
    const [row] = await engine().query(toSqlCount(query, { schema: on, dialect }));
    return Number(row?.totalCount);
  };

  test.each(filterCases)('%s', async (_, filter, ids) => {
    expect(await idsOf({ filter })).toEqual(ids);
    expect(await countOf({ filter })).toBe(ids.length);
    // The fragment alone, after a parameter of the caller's: the same rows.
    const where = toSqlWhere(filter, { schema, dialect, paramOffset: 1 });
    const first = dialect === 'postgres' ? '$1' : '?';
    const selected = await engine().query({
      text: `SELECT "id" FROM "language ""rows""" WHERE "id" <> ${first} AND ${where.text} ORDER BY "id"`,
      values: [0, ...where.values],
    });
    expect(selected.map((row) => row.id)).toEqual(ids);
  });

  describe('orderBy, ungrouped: its keys first, then every field; nulls first ascending, last descending', () => {
    test.each([
      ['seats asc', [{ field: 'seats', direction: 'asc' }], [5, 8, 3, 6, 2, 11, 10, 4, 1, 9, 7]],
      ['seats desc', [{ field: 'seats', direction: 'desc' }], [7, 1, 9, 4, 10, 2, 11, 6, 3, 5, 8]],
      ['name asc (code points)', [{ field: 'name', direction: 'asc' }], [5, 6, 2, 3, 11, 4, 9, 1, 10, 8, 7]],
      ['name desc', [{ field: 'name', direction: 'desc' }], [7, 8, 10, 1, 9, 4, 11, 3, 2, 6, 5]],
      ['code asc: exact, not folded', [{ field: 'code', direction: 'asc' }], [5, 6, 1, 4, 7, 11, 9, 8, 2, 3, 10]],
      ['code desc', [{ field: 'code', direction: 'desc' }], [10, 3, 2, 8, 9, 11, 7, 4, 1, 6, 5]],
      [
        'seats desc, name',
        [
          { field: 'seats', direction: 'desc' },
          { field: 'name', direction: 'asc' },
        ],
        [7, 9, 1, 4, 10, 2, 11, 6, 3, 5, 8],
      ],
      ['day desc', [{ field: 'day', direction: 'desc' }], [10, 4, 3, 11, 1, 2, 7, 6, 8, 5, 9]],
      ['licenses desc (an orderable measure)', [{ field: 'licenses', direction: 'desc' }], [...except(5).reverse(), 5]],
      ['id desc', [{ field: 'id', direction: 'desc' }], [...allIds].reverse()],
    ] as const)('%s', async (_, orderBy, ids) => {
      expect(await idsOf({ orderBy })).toEqual(ids);
    });

    test('with a filter, top and skip: the page of the ordered rows', async () => {
      const query = {
        filter: match('contains', 'name', 'a'),
        orderBy: [{ field: 'name', direction: 'desc' }],
        top: 3,
        skip: 1,
      } as const;
      expect(await idsOf(query)).toEqual([1, 9, 4]);
      expect(await countOf(query)).toBe(6);
    });

    test('a count measure is the row value when ungrouped', async () => {
      const [first] = await run({ filter: range('id', 'le', 1) });
      expect(first).toMatchObject({ id: 1, licenses: 1, subscriptions: 7 });
    });
  });

  describe('grouped: buckets of the aggregationLevel, sums and counts, ordered', () => {
    // [bucket, licenses, subscriptions] in bucket order, NULL (rows 5 and 9) first.
    const byWeek = [
      [null, 256, 2],
      ['2022-12-26T00:00:00.000Z', 128, 1],
      ['2024-02-26T00:00:00.000Z', 96, 2],
      ['2024-12-23T00:00:00.000Z', 2, 1],
      ['2024-12-30T00:00:00.000Z', 1037, 4],
      ['2025-01-06T00:00:00.000Z', 512, 1],
    ];
    const byMonth = [
      [null, 256, 2],
      ['2023-01-01T00:00:00.000Z', 128, 1],
      ['2024-02-01T00:00:00.000Z', 32, 1],
      ['2024-03-01T00:00:00.000Z', 64, 1],
      ['2024-12-01T00:00:00.000Z', 1031, 4],
      ['2025-01-01T00:00:00.000Z', 520, 2],
    ];
    const byDay = [
      [null, 256, 2],
      ['2023-01-01T00:00:00.000Z', 128, 1],
      ['2024-02-29T00:00:00.000Z', 32, 1],
      ['2024-03-01T00:00:00.000Z', 64, 1],
      ['2024-12-29T00:00:00.000Z', 2, 1],
      ['2024-12-30T00:00:00.000Z', 1025, 2],
      ['2024-12-31T00:00:00.000Z', 4, 1],
      ['2025-01-05T00:00:00.000Z', 8, 1],
      ['2025-01-06T00:00:00.000Z', 512, 1],
    ];
    const rowsOf = (list: (string | number | null)[][]) =>
      list.map(([day, licenses, subscriptions]) => ({ day, licenses, subscriptions }));

    test.each([
      ['week', byWeek],
      ['month', byMonth],
      ['day', byDay],
    ] as const)('%s', async (aggregationLevel, expected) => {
      expect(await run({ groupBy: ['day'], aggregationLevel })).toEqual(rowsOf(expected));
      expect(await countOf({ groupBy: ['day'], aggregationLevel })).toBe(expected.length);
    });

    test("absent: the profile's level (month); dateRange and no profile level: the exact instant", async () => {
      expect(await run({ groupBy: ['day'] })).toEqual(rowsOf(byMonth));
      const exact = await run({ groupBy: ['day'], aggregationLevel: 'dateRange' });
      expect(exact).toHaveLength(10);
      expect(exact[1]).toEqual({ day: '2023-01-01T00:00:00.000Z', licenses: 128, subscriptions: 1 });
      expect(await run({ groupBy: ['day'] }, exactSchema)).toEqual(exact);
      expect(await countOf({ groupBy: ['day'] }, exactSchema)).toBe(10);
    });

    test('ordered by a count, descending; ties by the bucket, NULL first', async () => {
      const result = await run({
        groupBy: ['day'],
        aggregationLevel: 'week',
        orderBy: [{ field: 'subscriptions', direction: 'desc' }],
      });
      expect(result.map((row) => row.day)).toEqual([
        '2024-12-30T00:00:00.000Z',
        null,
        '2024-02-26T00:00:00.000Z',
        '2022-12-26T00:00:00.000Z',
        '2024-12-23T00:00:00.000Z',
        '2025-01-06T00:00:00.000Z',
      ]);
    });

    test('ordered by the bucket descending: NULL last; by a sum ascending', async () => {
      const descending = await run({
        groupBy: ['day'],
        aggregationLevel: 'week',
        orderBy: [{ field: 'day', direction: 'desc' }],
      });
      expect(descending).toEqual(rowsOf([...byWeek].reverse()));
      const bySum = await run({
        groupBy: ['day'],
        aggregationLevel: 'week',
        orderBy: [{ field: 'licenses', direction: 'asc' }],
      });
      expect(bySum.map((row) => row.licenses)).toEqual([2, 96, 128, 256, 512, 1037]);
    });

    // The canonical form writes the years 0000 to 9999. 0000-01-01 is a Saturday: its week began in the year -1,
    // so its first two days are bucketed at 0000-01-01, as bucketStart does; 0000-01-03 is the first Monday.
    test('weeks at the ends of the canonical form: the year 0000 (which PostgreSQL has not) and 9999', async () => {
      const edgeSchema = defineSchema({
        table: `edges ${dialect}`,
        fields: { day: { type: 'datetime' }, licenses: { type: 'number', aggregate: 'sum' } },
        profile: { extensions: ['aggregationLevel', 'orderby'] },
      });
      const days = [
        ['0000-01-01T10:00:00Z', 1],
        ['0000-01-02T23:00:00Z', 2],
        ['0000-01-03T00:00:00+01:00', 4],
        ['0000-01-03', 8],
        ['0000-02-29T00:00:00Z', 16],
        ['0000-12-31T12:00:00Z', 32],
        ['0001-01-06', 64],
        ['9999-12-31T23:59:59.999Z', 128],
      ] as const;
      await engine().exec(toCreateTable(edgeSchema, { dialect }));
      await engine().query(
        toInsert(
          days.map(([day, licenses]) => ({ day, licenses })),
          { schema: edgeSchema, dialect },
        ),
      );
      const expected = [
        ['0000-01-01T00:00:00.000Z', 1 + 2 + 4],
        ['0000-01-03T00:00:00.000Z', 8],
        ['0000-02-28T00:00:00.000Z', 16],
        ['0000-12-25T00:00:00.000Z', 32],
        ['0001-01-01T00:00:00.000Z', 64],
        ['9999-12-27T00:00:00.000Z', 128],
      ].map(([day, licenses]) => ({ day, licenses }));
      expect(await run({ groupBy: ['day'], aggregationLevel: 'week' }, edgeSchema)).toEqual(expected);
      const descending = await run(
        { groupBy: ['day'], aggregationLevel: 'week', orderBy: [{ field: 'day', direction: 'desc' }] },
        edgeSchema,
      );
      expect(descending).toEqual([...expected].reverse());
    });

    test('two groupby fields, a filter of the new nodes, paged', async () => {
      const query = {
        filter: { kind: 'and', operands: [range('seats', 'ge', 0), not(match('endswith', 'name', 'e'))] },
        groupBy: ['code', 'day'],
        aggregationLevel: 'week',
        orderBy: [{ field: 'day', direction: 'desc' }],
        top: 2,
        skip: 1,
      } as const;
      // Rows 4 (A\B, week of 2024-12-30), 6 ('', 2024-02-26), 7 (Zeta, 2024-02-26), 9 (ab%, NULL), 11 ([A], 2024-12-30).
      // By day descending, then code: [A\B 12-30], [[A] 12-30], ['' 02-26], [Zeta 02-26], [ab% NULL].
      expect(await run(query)).toEqual([
        { code: '[A]', day: '2024-12-30T00:00:00.000Z', licenses: 1024, subscriptions: 1 },
        { code: '', day: '2024-02-26T00:00:00.000Z', licenses: 32, subscriptions: 1 },
      ]);
      expect(await countOf(query)).toBe(5);
    });
  });
});

describe('a dialect of your own (only the required members), on PGlite', () => {
  const ownDialect = userWrittenDialect;
  const ownSchema = defineSchema({ table: 'own rows', fields, profile: { extensions: [...extensions] } });
  const own = { schema: ownSchema, dialect: ownDialect };
  const postgres = () => engines.find((each) => each.dialect === 'postgres')!;
  const run = (statement: SqlStatement) => postgres().query(statement);

  beforeAll(async () => {
    await postgres().exec(toCreateTable(ownSchema, own));
    for (const statement of toInserts(rows, own)) await run(statement);
  });

  test.each(filterCases)('standard SQL for %s', async (_, filter, ids) => {
    expect((await run(toSql({ filter }, own))).map((row) => row.id)).toEqual(ids);
  });

  test('standard descending order, and day and month buckets', async () => {
    const descending = await run(toSql({ orderBy: [{ field: 'name', direction: 'desc' }] }, own));
    expect(descending.map((row) => row.id)).toEqual([7, 8, 10, 1, 9, 4, 11, 3, 2, 6, 5]);
    const months = await run(toSql({ groupBy: ['day'], aggregationLevel: 'month' }, own));
    expect(months.map((row) => row.day)).toEqual([
      null,
      '2023-01-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
      '2024-03-01T00:00:00.000Z',
      '2024-12-01T00:00:00.000Z',
      '2025-01-01T00:00:00.000Z',
    ]);
  });

  test('weeks need a dateBucket of its own: INVALID_PARAMETER saying so', () => {
    const error = expectError(() => toSql({ groupBy: ['day'], aggregationLevel: 'week' }, own), 'INVALID_PARAMETER');
    expect(error.message).toMatch(/cannot group datetimes by week/);
  });
});

describe('golden files: the new language in every dialect', () => {
  const filter: Filter = {
    kind: 'and',
    operands: [
      range('name', 'gt', 'a'),
      not(range('code', 'le', 'ABC')),
      range('day', 'ge', '2024-12-31T00:00:00+01:00'),
      range('seats', 'lt', 3),
      {
        kind: 'or',
        operands: [
          match('contains', 'name', '50%_off'),
          match('startswith', 'code', 'Ab'),
          not(match('endswith', 'name', '[x]')),
        ],
      },
    ],
  };
  const golden = ({ text, values }: SqlStatement): string => `${text}\n-- values: ${JSON.stringify(values)}\n`;

  test.each(dialectNames)('%s', async (dialect) => {
    const options = { schema, dialect };
    const examples: Record<string, string> = {
      'language-where': golden(toSqlWhere(filter, options)),
      'language-ordered': golden(
        toSql(
          {
            filter,
            orderBy: [
              { field: 'seats', direction: 'desc' },
              { field: 'name', direction: 'asc' },
            ],
            top: 10,
          },
          options,
        ),
      ),
      'language-week': golden(
        toSql(
          {
            groupBy: ['code', 'day'],
            aggregationLevel: 'week',
            orderBy: [
              { field: 'subscriptions', direction: 'desc' },
              { field: 'day', direction: 'desc' },
            ],
          },
          options,
        ),
      ),
      'language-day-month':
        golden(toSql({ groupBy: ['day'], aggregationLevel: 'day' }, options)) +
        golden(toSql({ groupBy: ['day'] }, options)),
      'language-count': golden(toSqlCount({ filter, groupBy: ['day'], aggregationLevel: 'week' }, options)),
    };
    for (const [name, text] of Object.entries(examples)) {
      await expect(text).toMatchFileSnapshot(`golden/sql/${name}.${dialect}.sql`);
    }
  });
});

describe('the new nodes as text', () => {
  const where = (filter: Filter, dialect: (typeof dialectNames)[number] = 'postgres') =>
    toSqlWhere(filter, { schema, dialect });

  test('gt/ge/lt/le: the operator over the keys; negated, the complement or a NULL column', () => {
    expect(where(range('seats', 'gt', 1))).toEqual({ text: '"seats" > $1', values: [1] });
    expect(where(not(range('seats', 'gt', 1)))).toEqual({ text: '("seats" IS NULL OR "seats" <= $1)', values: [1] });
    expect(where(not(range('seats', 'ge', 1))).text).toBe('("seats" IS NULL OR "seats" < $1)');
    expect(where(not(range('seats', 'lt', 1))).text).toBe('("seats" IS NULL OR "seats" >= $1)');
    expect(where(not(range('seats', 'le', 1))).text).toBe('("seats" IS NULL OR "seats" > $1)');
    expect(where(range('code', 'le', 'ABC'))).toEqual({
      text: 'lower("code" COLLATE "C") COLLATE "C" <= $1 COLLATE "C"',
      values: ['abc'],
    });
    expect(where(range('day', 'lt', '2024-12-31T00:00:00+01:00'))).toEqual({
      text: '"day" COLLATE "C" < $1 COLLATE "C"',
      values: ['2024-12-30T23:00:00.000Z'],
    });
  });

  test('a negated range inside an AND is wrapped, as any OR', () => {
    const filter: Filter = {
      kind: 'and',
      operands: [not(range('seats', 'gt', 1)), { kind: 'compare', field: 'id', op: 'eq', value: 2 }],
    };
    expect(where(filter).text).toBe('("seats" IS NULL OR "seats" <= $1) AND "id" = $2');
  });

  test('SQL Server compares text by its UTF-8 bytes, then its length, binding the literal where each key goes', () => {
    const { text, values } = where(range('name', 'ge', 'a '), 'mssql');
    const bytes = (side: string) =>
      `CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), ${side} COLLATE Latin1_General_100_BIN2_UTF8))`;
    const column = '[customer "name"] COLLATE Latin1_General_100_BIN2_UTF8';
    expect(text).toBe(
      `(${bytes(column)} > ${bytes('@p1')} OR ${bytes(column)} = ${bytes('@p2')} AND DATALENGTH(${column}) >= DATALENGTH(@p3))`,
    );
    expect(values).toEqual(['a ', 'a ', 'a ']);
    // Negated: NULL, or the complement over the same keys.
    expect(where(not(range('name', 'ge', 'a ')), 'mssql').text).toBe(
      `([customer "name"] IS NULL OR ${bytes(column)} < ${bytes('@p1')} OR ${bytes(column)} = ${bytes('@p2')} AND DATALENGTH(${column}) < DATALENGTH(@p3))`,
    );
  });

  test.each([
    ['postgres', 'strpos("customer ""name""", $1) > 0'],
    ['sqlite', 'instr("customer ""name""", ?) > 0'],
    ['mysql', 'LOCATE(?, `customer "name"` COLLATE utf8mb4_0900_bin) > 0'],
    ['mssql', 'CHARINDEX(@p1, [customer "name"] COLLATE Latin1_General_100_BIN2_UTF8) + 1 - SIGN(DATALENGTH(@p1)) > 0'],
  ] as const)('%s: contains is a position function, its argument bound as it is', (dialect, text) => {
    expect(where(match('contains', 'name', "%_['\\"), dialect)).toEqual({ text, values: ["%_['\\"] });
  });

  test('a folded field binds the folded argument; negated, a NULL column satisfies it', () => {
    expect(where(not(match('startswith', 'code', 'AB%')))).toEqual({
      text: '("code" IS NULL OR NOT (starts_with(lower("code" COLLATE "C"), $1)))',
      values: ['ab%'],
    });
    expect(where(match('endswith', 'code', 'C'), 'sqlite')).toEqual({
      text: `instr(lower("code") || X'FF', ? || X'FF') > 0`,
      values: ['c'],
    });
  });

  test('mysql and mssql find a suffix by reversing both sides', () => {
    expect(where(match('endswith', 'name', 'x'), 'mysql').text).toBe(
      'LOCATE(REVERSE(?), REVERSE(`customer "name"` COLLATE utf8mb4_0900_bin)) = 1',
    );
    expect(where(match('endswith', 'name', 'x'), 'mssql').text).toBe(
      'CHARINDEX(REVERSE(@p1 COLLATE Latin1_General_100_BIN2_UTF8), REVERSE([customer "name"] COLLATE Latin1_General_100_BIN2_UTF8)) + 1 - SIGN(DATALENGTH(@p1)) = 1',
    );
  });

  test('a count measure is COUNT(*) grouped, the column ungrouped', () => {
    expect(toSql({ groupBy: ['code'] }, { schema, dialect: 'sqlite' }).text).toContain('COUNT(*) AS "subscriptions"');
    const ungrouped = toSql({}, { schema, dialect: 'sqlite' }).text;
    expect(ungrouped).toContain('"subscriptions" AS "subscriptions"');
    expect(ungrouped).not.toContain('COUNT');
  });
});

describe('orderBy and aggregationLevel are checked', () => {
  const options = { schema, dialect: 'postgres' } as const;
  const order = (field: unknown, direction: unknown = 'asc') => [{ field, direction }];

  test('an unknown field is UNKNOWN_FIELD, with a suggestion', () => {
    const error = expectError(() => toSql({ orderBy: order('seat') as never }, options), 'UNKNOWN_FIELD', 'orderby');
    expect(error.suggestion).toBe('seats');
  });

  test('ungrouped: a measure without `orderable: true` is FIELD_NOT_ORDERABLE, naming what may be ordered', () => {
    const error = expectError(
      () => toSql({ orderBy: order('subscriptions') as never }, options),
      'FIELD_NOT_ORDERABLE',
    );
    expect(error.message).toBe(
      "Cannot order by field 'subscriptions'; the fields to order by are id, name, code, seats, day, customer, licenses",
    );
  });

  test('grouped: only the groupby fields and the measures', () => {
    const error = expectError(
      () => toSql({ groupBy: ['code'], orderBy: order('name') as never }, options),
      'FIELD_NOT_ORDERABLE',
    );
    expect(error.message).toBe(
      "Cannot order by 'name': it is not in the groupby; a grouped query orders by its groupby fields and the measures: code, licenses, subscriptions",
    );
    expect(toSql({ groupBy: ['code'], orderBy: order('subscriptions') as never }, options).text).toContain(
      'ORDER BY COUNT(*) NULLS FIRST, "code" COLLATE "C" NULLS FIRST',
    );
  });

  test('a field twice is DUPLICATE_FIELD', () => {
    const orderBy = [...order('seats'), ...order('seats', 'desc')] as never;
    expectError(() => toSql({ orderBy }, options), 'DUPLICATE_FIELD', 'orderby');
  });

  test('a malformed orderBy is INVALID_PARAMETER', () => {
    for (const orderBy of ['seats', [null], order(3), order('seats', 'down')]) {
      expectError(() => toSql({ orderBy: orderBy as never }, options), 'INVALID_PARAMETER', 'orderby');
    }
  });

  test('aggregationLevel: one of the four, and only with a groupby (toSqlCount too)', () => {
    expectError(
      () => toSql({ groupBy: ['day'], aggregationLevel: 'year' as never }, options),
      'INVALID_PARAMETER',
      'aggregationLevel',
    );
    expectError(() => toSql({ aggregationLevel: 'day' }, options), 'INVALID_PARAMETER', 'aggregationLevel');
    expectError(() => toSqlCount({ aggregationLevel: 'day' }, options), 'INVALID_PARAMETER', 'aggregationLevel');
  });

  test('a groupby without a datetime is the same whatever the level', () => {
    expect(toSql({ groupBy: ['code'], aggregationLevel: 'week' }, options)).toEqual(
      toSql({ groupBy: ['code'] }, options),
    );
  });
});

describe('the differential generators of the new language', () => {
  test('every query they make compiles in every dialect, its values bound', () => {
    const pools = poolOf(stringPool);
    fc.assert(
      fc.property(languageQueryArb(languageSchema, pools), (query) => {
        for (const dialect of dialectNames) {
          const statement = toSql(query, { schema: languageSchema, dialect });
          expect(statement.text).toMatch(/^SELECT /);
          toSqlCount(query, { schema: languageSchema, dialect });
        }
      }),
      { numRuns: 200 },
    );
  });
});
