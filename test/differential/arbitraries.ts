// Generators for the differential suite: schemas, rows and queries built from small pools of awkward values,
// so that filters match rows often and every backend meets the same traps (quotes, case, code-point order).

import fc from 'fast-check';
import {
  assertNever,
  type Filter,
  type MatchOperator,
  matchOperators,
  type RangeOperator,
  rangeOperators,
  type Value,
} from '../../src/ast.js';
import { partnerCenter } from '../../src/presets/partner-center.js';
import type { OrderItem, Query } from '../../src/query.js';
import {
  type AggregationLevel,
  aggregationLevels,
  allowsExtension,
  defineSchema,
  type Field,
  findField,
  type Schema,
} from '../../src/schema.js';
import { fieldsOf, snapshotField } from '../../src/values.js';
import { filterTreeArb } from '../properties/arbitraries.js';

// ---- schemas ----

/**
 * Every field type, a case-sensitive and a case-insensitive string, a field that is neither filterable nor a
 * measure, two integer measures, the `processedDateTime` snapshot, every extension. Some columns differ from
 * their field names (one with a space and capitals, which an unquoted identifier would fold or break).
 */
export const diffSchema = defineSchema({
  table: 'diff_rows',
  fields: {
    name: { type: 'string' },
    channel: { type: 'string', caseInsensitive: true, column: 'channel_code' },
    tenantId: { type: 'guid' },
    seats: { type: 'number', column: 'Seat Count' },
    active: { type: 'boolean' },
    updatedAt: { type: 'datetime' },
    region: { type: 'string', filterable: false },
    licensesActive: { type: 'number', aggregate: 'sum' },
    licensesQualified: { type: 'number', aggregate: 'sum' },
    processedDateTime: { type: 'datetime', filterable: false, groupable: false },
  },
  profile: { extensions: ['not', 'in', 'null', 'number', 'boolean'] },
});

/** The built-in schema: case-insensitive strings, a GUID, no extensions. */
export const licenseUsageSchema = partnerCenter.licenseUsage;

/**
 * A schema whose table and columns carry every dialect's identifier quote (`"`, `` ` ``, `]`) and SQL words,
 * for the injection properties. Identifiers are the one thing the compiler must write into SQL text.
 */
export const hostileSchema = defineSchema({
  table: 'hostile "table`]',
  fields: {
    label: { type: 'string', column: 'label"; DROP TABLE x; --' },
    kind: { type: 'string', caseInsensitive: true, column: 'kind`]' },
    ref: { type: 'guid', column: 'select' },
    amount: { type: 'number', aggregate: 'sum', column: 'amount [sum]' },
    at: { type: 'datetime', column: "at') || '" },
    processedDateTime: { type: 'datetime', filterable: false, groupable: false },
  },
  // The issue-12 extensions too, so that range keys, substring tests, ORDER BY items and bucket expressions
  // quote these columns.
  profile: { extensions: ['not', 'in', 'null', 'range', 'text', 'cast', 'orderby', 'aggregationLevel'] },
});

/** No snapshot field: every row is read, and a query that names a snapshot is an error. A column named as an SQL word. */
export const noSnapshotSchema = defineSchema({
  table: 'plain_rows',
  fields: {
    code: { type: 'string', caseInsensitive: true },
    label: { type: 'string', column: 'order' },
    flag: { type: 'boolean' },
    score: { type: 'number' },
    at: { type: 'datetime' },
    total: { type: 'number', aggregate: 'sum' },
  },
  profile: { extensions: ['not', 'in', 'null', 'number', 'boolean'] },
});

export const filterableFields = (schema: Schema): Field[] => fieldsOf(schema).filter((field) => field.isFilterable);
export const groupableNames = (schema: Schema): string[] =>
  fieldsOf(schema)
    .filter((field) => field.isGroupable)
    .map((field) => field.name);

// ---- pools ----

/** Case variants of one word: they must match a case-insensitive field and must not match a case-sensitive one. */
export const caseVariants = ['Reseller', 'reseller', 'RESELLER', 'ReSeLLer'];

/**
 * Strings every backend must compare, fold and order the same way, in families of values that meet one trap
 * together. Folding is ASCII-only, so the non-ASCII case pairs (É/é, Σ/σ/ς, ß/SS, ǅ/Ǆ/ǆ, İ/i/ı, Kelvin sign/K/k)
 * never match one another. U+E000–U+F8FF sort after U+D7FF and before U+10000 by code point, but after
 * U+10000 by UTF-16 unit; `a` vs `a ` catches engines that pad with spaces.
 */
export const stringFamilies: readonly (readonly string[])[] = [
  caseVariants,
  ['Direct', 'direct', 'DIRECT', 'Direct '],
  ['', ' ', 'a', 'a ', ' a', 'A', '  '],
  ['a', 'b', 'B', 'ab', 'a\tb', 'a\n', 'Z', '~'],
  ["'", "''", "O'Brien", "o'brien", "O''Brien"],
  ['%', '_', 'a%', 'a_', '%a', 'A_'],
  ['\\', '\\\\', "\\'", 'a\\', '\\n'],
  ['$1', '?', '@p1', ':1', 'NULL', 'null'],
  ['😀', 'a😀', '𝕏', '\u{10FFFF}', '\uE000', 'a\uE000', '\uF8FF', '\uFFFD', '\uFFFF', '\uD7FF'],
  ['É', 'é', 'e\u0301', 'E', 'e'],
  ['Σ', 'σ', 'ς', 'S', 's'],
  ['ß', 'SS', 'ss', 'Ss', 'ẞ'],
  ['ǅ', 'Ǆ', 'ǆ', 'DŽ', 'dž'],
  ['İ', 'i', 'I', 'ı', 'i\u0307'],
  ['\u212A', 'K', 'k'],
];

/** Every string of every family. */
export const stringPool: readonly string[] = [...new Set(stringFamilies.flat())];

/**
 * The strings of one case: one to three families, and a stray or two. A pool this small lets literals and rows
 * share values, so that filters match some rows and not others.
 */
export const localStringsArb: fc.Arbitrary<readonly string[]> = fc
  .tuple(
    fc.subarray([...stringFamilies], { minLength: 1, maxLength: 3 }),
    fc.subarray([...stringPool], { maxLength: 2 }),
  )
  .map(([families, strays]) => [...new Set([...families.flat(), ...strays])]);

/** Values of another type in a string field: every backend reads them as null. */
const wrongForString: readonly unknown[] = [0, 7, true, new Date('2024-01-31T10:00:00Z'), ['a'], { a: 1 }];

const guidBases = [
  '0112a436-b14e-4888-967b-ca4bb2cf1234',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-00000000000a',
];

/** GUIDs in lower, upper and mixed case: one GUID to a filter, different groups to a groupby. */
export const guidPool: readonly string[] = guidBases.flatMap((guid) => [
  guid,
  guid.toUpperCase(),
  [...guid].map((char, index) => (index % 2 === 0 ? char.toUpperCase() : char)).join(''),
]);

/** Strings that are not GUIDs, in a GUID field: read as null, never equal to a GUID literal. */
const malformedGuids: readonly unknown[] = [
  'not-a-guid',
  `{${guidBases[0]}}`,
  `${guidBases[0]} `,
  guidBases[0]!.replaceAll('-', ''),
  '',
  42,
];

/** Numbers a float column holds exactly; -0 equals 0. */
export const numberPool: readonly number[] = [0, -0, 1, -1, 2, 3, 0.5, -2.5, 0.1, 0.30000000000000004, 1e21, 2 ** 53];

const wrongForNumber: readonly unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, '1', true, null];

const wrongForBoolean: readonly unknown[] = ['true', 1, 0, 'false'];

/** One instant in several ISO 8601 spellings; `canonical` is how every backend must read them all. */
export interface Instant {
  readonly canonical: string;
  readonly spellings: readonly string[];
}

/** Instants of the filterable datetime field. */
export const datePool: readonly Instant[] = [
  {
    canonical: '2024-01-31T10:00:00.000Z',
    spellings: [
      '2024-01-31T10:00:00Z',
      '2024-01-31T10:00:00.000Z',
      '2024-01-31T12:00:00+02:00',
      '2024-01-31T10:00Z',
      '2024-01-31T05:00:00-05:00',
      '2024-01-31T10:00:00.0004Z',
    ],
  },
  {
    canonical: '2024-02-29T00:00:00.000Z',
    spellings: ['2024-02-29', '2024-02-29T00:00:00Z', '2024-02-28T23:00-01:00'],
  },
  {
    canonical: '1999-12-31T23:59:59.999Z',
    spellings: ['1999-12-31T23:59:59.999Z', '2000-01-01T00:59:59.999+01:00', '1999-12-31T23:59:59.9999999'],
  },
];

/**
 * The snapshots: three instants, the latest first. Rows mostly fall in the latest, so that a query without
 * `processedDateTime` still reads enough rows to page through.
 */
export const snapshotPool: readonly Instant[] = [
  {
    canonical: '2024-03-02T06:30:00.000Z',
    spellings: [
      '2024-03-02T06:30:00Z',
      '2024-03-02T06:30Z',
      '2024-03-02T08:30:00.000+02:00',
      '2024-03-02T06:30:00.000',
    ],
  },
  {
    canonical: '2024-03-01T00:00:00.000Z',
    spellings: ['2024-03-01', '2024-03-01T00:00:00.000Z', '2024-03-01T01:00:00+01:00', '2024-02-29T19:00:00-05:00'],
  },
  { canonical: '2023-12-31T23:59:59.999Z', spellings: ['2023-12-31T23:59:59.999Z', '2024-01-01T00:59:59.999+01:00'] },
];

const wrongForDateTime: readonly unknown[] = [
  '2024-02-30',
  'yesterday',
  '2024-13-01T00:00:00Z',
  // Instants outside the years 0000–9999 the canonical form writes, though their local date is inside.
  '0000-01-01T00:30:00+01:00',
  '9999-12-31T23:30:00-01:00',
  0,
  new Date(Number.NaN),
];

const spellingArb = (instants: readonly Instant[]): fc.Arbitrary<string> =>
  fc.constantFrom(...instants.flatMap((instant) => instant.spellings));

/** A spelling of one of the instants, each instant as likely as any other. */
const evenSpellingArb = (instants: readonly Instant[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...instants), fc.nat())
    .map(([instant, index]) => instant.spellings[index % instant.spellings.length]!);

// ---- row values, by field ----

/** A row's value of a field, or `absent` for a missing property. */
export const absent: unique symbol = Symbol('absent');
type Cell = unknown | typeof absent;

const nullish = fc.constantFrom<Cell>(null, absent);

function mostly<T>(typical: fc.Arbitrary<T>, odd: readonly unknown[]): fc.Arbitrary<Cell> {
  return fc.oneof(
    { arbitrary: typical as fc.Arbitrary<Cell>, weight: 12 },
    { arbitrary: nullish, weight: 2 },
    { arbitrary: fc.constantFrom(...odd), weight: 1 },
  );
}

/** Where the string values of rows and literals come from, and the instants of datetime rows (else datePool). */
export interface Pools {
  readonly strings: fc.Arbitrary<string>;
  readonly instants?: readonly Instant[];
}

/** Strings drawn from a fixed list. */
export const poolOf = (strings: readonly string[]): Pools => ({ strings: fc.constantFrom(...strings) });

/** What a row of `field` may hold: mostly values of its type from the pools, sometimes null, missing or odd. */
export function cellArb(field: Field, pools: Pools): fc.Arbitrary<Cell> {
  if (field.isMeasure) {
    return fc.oneof(
      { arbitrary: fc.integer({ min: -3, max: 9 }) as fc.Arbitrary<Cell>, weight: 10 },
      { arbitrary: nullish, weight: 3 },
      { arbitrary: fc.constantFrom<Cell>('2', Number.NaN), weight: 1 },
    );
  }
  if (field.name === 'processedDateTime') {
    return fc.oneof(
      { arbitrary: spellingArb(snapshotPool.slice(0, 1)) as fc.Arbitrary<Cell>, weight: 10 },
      { arbitrary: spellingArb(snapshotPool.slice(1, 2)) as fc.Arbitrary<Cell>, weight: 7 },
      { arbitrary: spellingArb(snapshotPool.slice(2)) as fc.Arbitrary<Cell>, weight: 3 },
      { arbitrary: fc.constant<Cell>(new Date(snapshotPool[1]!.canonical)), weight: 1 },
      { arbitrary: nullish, weight: 1 },
      { arbitrary: fc.constantFrom<Cell>('2024-13-01', 20240302), weight: 1 },
    );
  }
  switch (field.type) {
    case 'string':
      return mostly(pools.strings, wrongForString);
    case 'guid':
      return mostly(fc.constantFrom(...guidPool), malformedGuids);
    case 'number':
      return mostly(fc.constantFrom(...numberPool), wrongForNumber);
    case 'boolean':
      return mostly(fc.boolean(), wrongForBoolean);
    case 'datetime': {
      const instants = pools.instants ?? datePool;
      // Given instants are drawn alike, whatever their number of spellings, so that each edge is met as often.
      const spellings = pools.instants === undefined ? spellingArb(instants) : evenSpellingArb(instants);
      return mostly(
        fc.oneof(
          { arbitrary: spellings, weight: 5 },
          { arbitrary: fc.constantFrom(...instants).map((instant) => new Date(instant.canonical)), weight: 1 },
        ),
        wrongForDateTime,
      );
    }
  }
}

/**
 * How a row object is built: plainly, without a prototype, or on a prototype that holds values of its own
 * for every field (which no backend may read), with a property the schema does not have.
 */
type RowForm = 'plain' | 'nullPrototype' | 'inherited' | 'extra';

function buildRow(cells: Record<string, Cell>, form: RowForm, decoy: Record<string, unknown>): object {
  const row: Record<string, unknown> =
    form === 'nullPrototype' ? Object.create(null) : form === 'inherited' ? Object.create(decoy) : {};
  for (const [name, cell] of Object.entries(cells)) if (cell !== absent) row[name] = cell;
  if (form === 'extra') {
    row.comment = "'; DROP TABLE diff_rows; --";
    Object.defineProperty(row, 'constructor', { value: 'not a field', enumerable: true, writable: true });
  }
  return row;
}

// A value of the field's own type, so that a backend which read inherited properties would visibly differ.
function decoyValue(field: Field): unknown {
  if (field.name === 'processedDateTime') return snapshotPool[0]!.spellings[0];
  switch (field.type) {
    case 'string':
      return caseVariants[0];
    case 'guid':
      return guidPool[0];
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'datetime':
      return datePool[0]!.spellings[0];
  }
}

/** One row of the schema. */
export function rowArb(schema: Schema, pools: Pools): fc.Arbitrary<object> {
  const fields = fieldsOf(schema);
  const model: Record<string, fc.Arbitrary<Cell>> = {};
  const decoy: Record<string, unknown> = {};
  for (const field of fields) {
    model[field.name] = cellArb(field, pools);
    decoy[field.name] = decoyValue(field);
  }
  return fc
    .tuple(
      fc.record(model, { noNullPrototype: true }),
      fc.constantFrom<RowForm>(
        'plain',
        'plain',
        'plain',
        'plain',
        'plain',
        'plain',
        'nullPrototype',
        'inherited',
        'extra',
      ),
    )
    .map(([cells, form]) => buildRow(cells, form, decoy));
}

/** The rows of one case: few enough to be quick, enough to page through and to group. */
export function rowsArb(schema: Schema, pools: Pools, maxLength = 24): fc.Arbitrary<object[]> {
  return fc.array(rowArb(schema, pools), { maxLength, size: 'max' });
}

// ---- literals and filters ----

/** A literal fit for the field, drawn mostly from the pools the rows use, so that comparisons match. */
export function literalArb(schema: Schema, field: Field, pools: Pools): fc.Arbitrary<Value> {
  const typed = ((): fc.Arbitrary<Value> => {
    switch (field.type) {
      case 'string':
        return fc.oneof(
          { arbitrary: pools.strings, weight: 8 },
          { arbitrary: fc.constantFrom('absent from every row', 'RESELLERS', 'a\u0301'), weight: 1 },
        );
      case 'guid':
        return fc.oneof(
          { arbitrary: fc.constantFrom(...guidPool), weight: 8 },
          { arbitrary: fc.constant('12345678-9abc-DEF0-1234-56789abcdef0'), weight: 1 },
        );
      case 'number':
        return fc.oneof(
          { arbitrary: fc.constantFrom(...numberPool), weight: 8 },
          { arbitrary: fc.constantFrom(4, -0.5, 1e-7), weight: 1 },
        );
      case 'boolean':
        return fc.boolean();
      case 'datetime':
        return fc.oneof(
          { arbitrary: spellingArb(datePool), weight: 8 },
          { arbitrary: fc.constant('2024-01-31T10:00:01Z'), weight: 1 },
        );
    }
  })();
  return schema.profile.extensions.includes('null')
    ? fc.oneof({ arbitrary: typed, weight: 6 }, { arbitrary: fc.constant(null), weight: 1 })
    : typed;
}

/** One comparison (`eq`, `ne`) or `in` list on a filterable field. */
export function comparisonArb(schema: Schema, pools: Pools): fc.Arbitrary<Filter> {
  const allowsIn = schema.profile.extensions.includes('in');
  const choices: fc.Arbitrary<Filter>[] = [];
  for (const field of filterableFields(schema)) {
    const literal = literalArb(schema, field, pools);
    // A field may list its operators (a contains-only field takes neither eq nor ne, nor in).
    const ops = (['eq', 'ne'] as const).filter((op) => field.operators.includes(op));
    if (ops.length === 0) continue;
    choices.push(
      fc
        .tuple(fc.constantFrom(...ops), literal)
        .map(([op, value]): Filter => ({ kind: 'compare', field: field.name, op, value })),
    );
    if (allowsIn && field.operators.includes('eq')) {
      choices.push(
        fc
          .array(literal, { minLength: 1, maxLength: 4 })
          .map((values): Filter => ({ kind: 'in', field: field.name, values })),
      );
    }
  }
  return fc.oneof(...choices);
}

/**
 * A valid filter as the parser builds it: and/or n-ary with two or more operands, never directly under one of
 * its own kind; `not` only when the profile allows it; nesting at most `maxDepth`.
 */
export function filterArb(schema: Schema, pools: Pools, maxDepth = 5): fc.Arbitrary<Filter> {
  const allowsNot = schema.profile.extensions.includes('not');
  return filterTreeArb(comparisonArb(schema, pools), allowsNot, {
    maxDepth,
    maxOperands: 3,
    junctionWeight: 2,
    depthSize: 'small',
  });
}

// ---- queries ----

/** A snapshot to ask for: absent (the latest) mostly, or any spelling of a pool instant, or one with no rows. */
export const processedDateTimeArb: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 8 },
  { arbitrary: spellingArb(snapshotPool.slice(0, 2)), weight: 6 },
  { arbitrary: spellingArb(snapshotPool.slice(2)), weight: 1 },
  { arbitrary: fc.constant('2020-01-01T00:00:00Z'), weight: 1 },
);

/** A query with a filter (usually), a groupby of 0 to 3 fields, a small page and maybe a snapshot. */
export function queryArb(schema: Schema, pools: Pools): fc.Arbitrary<Query> {
  const snapshotArb = snapshotField(schema) === undefined ? fc.constant(undefined) : processedDateTimeArb;
  return fc
    .record(
      {
        filter: fc.option(filterArb(schema, pools), { nil: undefined, freq: 8 }),
        groupBy: fc.shuffledSubarray(groupableNames(schema), { maxLength: 3 }),
        top: fc.integer({ min: 1, max: 7 }),
        skip: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3 }), weight: 3 }, fc.integer({ min: 0, max: 10 })),
        processedDateTime: snapshotArb,
      },
      { noNullPrototype: true },
    )
    .map(({ filter, groupBy, top, skip, processedDateTime }) => ({
      ...(filter !== undefined && { filter }),
      ...(groupBy.length > 0 && { groupBy }),
      top,
      skip,
      ...(processedDateTime !== undefined && { processedDateTime }),
    }));
}

// ---- the issue-12 language (AST generators only; the lead wires them to the engines) ----
//
// What a differential test of the new language should compare, memory (runQuery) against SQL (toSql, toSqlCount)
// on PGlite and sql.js, as the suite does today (same rows in the same order, same totalCount):
// - gt/ge/lt/le on numbers, strings (case-sensitive and folding fields: 'A' < 'a' < 'é', U+FFFD < U+1F600,
//   'a' < 'a ', '[' between 'Z' and 'a' unfolded but before 'a'..'z' folded) and datetimes (any spelling of a pool
//   instant), and each under not: null, missing and wrong-typed rows false, their negation true.
// - contains/startswith/endswith with arguments from the row pools (so that they match), the empty string, and
//   every pattern character ('%', '_', '[', '\\', '*', '?'), under not; on a folding field too.
// - orderBy of every orderable field and direction, ties broken by the default order: the page (top/skip) must be
//   the same rows, so ties must resolve identically; NULL first in asc, last in desc.
// - grouped: orderBy of groupby fields and measures (sum and count), and aggregationLevel day/week/month/dateRange
//   and absent (the profile's default) with a datetime in the groupby: the bucket values in the rows, the sums and
//   counts, and the number of groups (totalCount). Rows of languageSchema's `at` cross a week, month and year
//   boundary (bucketPool), so buckets merge rows that exact instants keep apart.
// - a count measure ungrouped: the row's own value, read as a number.

/**
 * Every new construct in one schema: a folding and an exact string, a number and a datetime with every range
 * operator, substring tests on strings, a sum and a count measure (the sum orderable ungrouped), and a default
 * aggregationLevel; a boolean and a GUID to order and group by, and a second datetime, so that a groupby may
 * bucket two; the processedDateTime snapshot, which orders ungrouped rows last.
 */
export const languageSchema = defineSchema({
  table: 'language_rows',
  fields: {
    name: { type: 'string' },
    channel: { type: 'string', caseInsensitive: true, column: 'channel_code' },
    seats: { type: 'number', column: 'Seat Count' },
    at: { type: 'datetime' },
    customer: { type: 'string', operators: ['contains'] },
    renews: { type: 'boolean' },
    tenant: { type: 'guid' },
    endsAt: { type: 'datetime', column: 'ends at' },
    licenses: { type: 'number', aggregate: 'sum', orderable: true },
    subscriptions: { type: 'number', aggregate: 'count' },
    processedDateTime: { type: 'datetime', filterable: false, groupable: false },
  },
  profile: {
    extensions: ['not', 'in', 'null', 'number', 'boolean', 'range', 'text', 'cast', 'orderby', 'aggregationLevel'],
    aggregationLevel: 'week',
  },
});

/**
 * Instants around bucket edges: a Sunday night and the Monday after it (2024-12-29/30, a year apart in weeks), two
 * instants of one UTC day, a month's last and first moments, spellings whose local day is not their UTC day, a
 * leap day, and the first and last weeks the canonical form can write.
 */
export const bucketPool: readonly Instant[] = [
  { canonical: '2024-12-29T23:59:59.999Z', spellings: ['2024-12-29T23:59:59.999Z', '2024-12-30T00:59:59.999+01:00'] },
  { canonical: '2024-12-30T00:00:00.000Z', spellings: ['2024-12-30', '2024-12-30T01:00:00+01:00'] },
  // The same UTC day as the Monday above, though its +06:00 spelling names the day after.
  {
    canonical: '2024-12-30T18:30:00.000Z',
    spellings: ['2024-12-31T00:30:00+06:00', '2024-12-30T13:30:00-05:00', '2024-12-30T18:30Z'],
  },
  { canonical: '2024-12-31T23:00:00.000Z', spellings: ['2025-01-01T00:00:00+01:00', '2024-12-31T23:00Z'] },
  { canonical: '2025-01-05T12:00:00.000Z', spellings: ['2025-01-05T12:00:00Z'] },
  { canonical: '2024-02-29T00:00:00.000Z', spellings: ['2024-02-29'] },
  { canonical: '2024-03-01T00:00:00.000Z', spellings: ['2024-03-01T00:00:00.000Z'] },
  // The ends of the canonical form: the Sunday 0000-01-02, whose week began in the year -1 (bucketed at
  // 0000-01-01, the earliest instant the form writes), the Monday after it, and the last instant of 9999.
  { canonical: '0000-01-02T23:00:00.000Z', spellings: ['0000-01-02T23:00:00Z', '0000-01-03T00:00:00+01:00'] },
  { canonical: '0000-01-03T00:00:00.000Z', spellings: ['0000-01-03'] },
  { canonical: '9999-12-31T23:59:59.999Z', spellings: ['9999-12-31T23:59:59.999Z'] },
];

/** A range comparison (gt ge lt le) on a field of the schema that takes one, with a literal of the field's type. */
export function rangeComparisonArb(schema: Schema, pools: Pools): fc.Arbitrary<Filter> | undefined {
  const choices = filterableFields(schema)
    .filter((field) => rangeOperators.some((op) => field.operators.includes(op)))
    .map((field) => {
      const ops = rangeOperators.filter((op) => field.operators.includes(op));
      const literal =
        field.type === 'datetime' ? spellingArb([...datePool, ...bucketPool]) : literalArb(schema, field, pools);
      return fc
        .tuple(
          fc.constantFrom<RangeOperator>(...ops),
          literal.filter((value) => value !== null),
        )
        .map(([op, value]): Filter => ({ kind: 'compare', field: field.name, op, value }));
    });
  return choices.length === 0 ? undefined : fc.oneof(...choices);
}

/** How many code points a cut pool string keeps, as a prefix or suffix argument of a substring test. */
export const patternCut = 2;

/** The first or last `patternCut` code points of a string (by code point: half a surrogate pair is refused). */
export const cutText = (text: string, end: 'head' | 'tail'): string =>
  (end === 'head' ? Array.from(text).slice(0, patternCut) : Array.from(text).slice(-patternCut)).join('');

/** Arguments of a substring test: the pools (so tests match), the empty string, and pattern characters. */
export const patternArb = (pools: Pools): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: pools.strings, weight: 4 },
    { arbitrary: pools.strings.map((text) => cutText(text, 'head')), weight: 2 },
    { arbitrary: pools.strings.map((text) => cutText(text, 'tail')), weight: 2 },
    { arbitrary: fc.constantFrom('', '%', '_', '[', ']', '\\', '*', '?', 'a%', '%a', 'A_'), weight: 2 },
  );

/** A contains/startswith/endswith on a string field of the schema that takes it. */
export function matchArb(schema: Schema, pools: Pools): fc.Arbitrary<Filter> | undefined {
  const choices = filterableFields(schema)
    .filter((field) => matchOperators.some((op) => field.operators.includes(op)))
    .map((field) =>
      fc
        .tuple(
          fc.constantFrom<MatchOperator>(...matchOperators.filter((op) => field.operators.includes(op))),
          patternArb(pools),
        )
        .map(([op, value]): Filter => ({ kind: 'match', op, field: field.name, value })),
    );
  return choices.length === 0 ? undefined : fc.oneof(...choices);
}

/** A filter of every kind the schema takes: eq/ne/in, and the range and substring nodes where its fields allow. */
export function languageFilterArb(schema: Schema, pools: Pools, maxDepth = 4): fc.Arbitrary<Filter> {
  const leaves = [comparisonArb(schema, pools), rangeComparisonArb(schema, pools), matchArb(schema, pools)].filter(
    (leaf): leaf is fc.Arbitrary<Filter> => leaf !== undefined,
  );
  return filterTreeArb(fc.oneof(...leaves), schema.profile.extensions.includes('not'), {
    maxDepth,
    maxOperands: 3,
    junctionWeight: 2,
    depthSize: 'small',
  });
}

/** orderBy items over what the query may order: the groupby fields and measures, or every orderable field. */
export function orderByArb(schema: Schema, groupBy: readonly string[]): fc.Arbitrary<OrderItem[]> {
  const names = fieldsOf(schema)
    .filter((field) => (groupBy.length > 0 ? groupBy.includes(field.name) || field.isMeasure : field.isOrderable))
    .map((field) => field.name);
  return fc
    .shuffledSubarray(names, { maxLength: Math.min(3, names.length) })
    .chain((fields) =>
      fc.tuple(
        ...fields.map((field) => fc.constantFrom<OrderItem>({ field, direction: 'asc' }, { field, direction: 'desc' })),
      ),
    );
}

/**
 * A groupby of up to two fields, or (a third of the time, when the schema has a groupable datetime) a datetime
 * alone or with one more field, so that buckets often decide the groups.
 */
function languageGroupByArb(schema: Schema): fc.Arbitrary<string[]> {
  const names = groupableNames(schema);
  const datetimes = names.filter((name) => findField(schema, name)?.type === 'datetime');
  const anyFields = fc.shuffledSubarray(names, { maxLength: 2 });
  if (datetimes.length === 0) return anyFields;
  const withDateTime = fc
    .tuple(fc.constantFrom(...datetimes), fc.option(fc.constantFrom(...names), { nil: undefined }), fc.boolean())
    .map(([datetime, other, datetimeFirst]) => {
      if (other === undefined || other === datetime) return [datetime];
      return datetimeFirst ? [datetime, other] : [other, datetime];
    });
  return fc.oneof({ arbitrary: anyFields, weight: 2 }, { arbitrary: withDateTime, weight: 1 });
}

/**
 * A query of the whole language: filter, groupby (a datetime often), orderBy, aggregationLevel when grouped, a page;
 * orderBy and aggregationLevel only where the profile takes them.
 */
export function languageQueryArb(schema: Schema, pools: Pools): fc.Arbitrary<Query> {
  return fc
    .record(
      {
        filter: fc.option(languageFilterArb(schema, pools), { nil: undefined, freq: 4 }),
        groupBy: languageGroupByArb(schema),
        level: fc.option(fc.constantFrom<AggregationLevel>(...aggregationLevels), { nil: undefined }),
        top: fc.integer({ min: 1, max: 7 }),
        skip: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, fc.integer({ min: 0, max: 4 })),
        processedDateTime: snapshotField(schema) === undefined ? fc.constant(undefined) : processedDateTimeArb,
      },
      { noNullPrototype: true },
    )
    .chain(({ filter, groupBy, level, top, skip, processedDateTime }) =>
      (allowsExtension(schema, 'orderby') ? orderByArb(schema, groupBy) : fc.constant([])).map((orderBy) => ({
        ...(filter !== undefined && { filter }),
        ...(groupBy.length > 0 && { groupBy }),
        ...(orderBy.length > 0 && { orderBy }),
        ...(groupBy.length > 0 &&
          level !== undefined &&
          allowsExtension(schema, 'aggregationLevel') && { aggregationLevel: level }),
        top,
        skip,
        ...(processedDateTime !== undefined && { processedDateTime }),
      })),
    );
}

/** One differential case: the rows and a query over them. */
export interface Case {
  readonly rows: object[];
  readonly query: Query;
}

/** What a case's query is drawn from: queryArb, or languageQueryArb for the issue-12 language. */
export type QueryArbOf = (schema: Schema, pools: Pools) => fc.Arbitrary<Query>;

/**
 * Cases whose strings come from `strings`: a fixed list, or a list generated for each case. A generated list is
 * drawn first as slot numbers and filled in after, rather than by `chain`, so that fast-check can still shrink
 * the rows, the query and the list one at a time. `instants` are the datetimes rows hold (default datePool).
 */
export function caseArb(
  schema: Schema,
  strings: readonly string[] | fc.Arbitrary<readonly string[]>,
  { queryOf = queryArb, instants }: { queryOf?: QueryArbOf; instants?: readonly Instant[] } = {},
): fc.Arbitrary<Case> {
  const withInstants = (pools: Pools): Pools => (instants === undefined ? pools : { ...pools, instants });
  if (!(strings instanceof fc.Arbitrary)) return caseOf(schema, withInstants(poolOf(strings)), queryOf);
  return fc
    .tuple(strings, caseOf(schema, withInstants(slotPools), queryOf))
    .map(([list, slotted]) => fillSlots(slotted, list));
}

function caseOf(schema: Schema, pools: Pools, queryOf: QueryArbOf): fc.Arbitrary<Case> {
  return fc.record({ rows: rowsArb(schema, pools), query: queryOf(schema, pools) }, { noNullPrototype: true });
}

/**
 * Cases of the whole issue-12 language on `schema`: rows whose datetimes include bucketPool's instants at week,
 * month and year edges, and languageQueryArb's queries, whose datetime comparisons are sometimes written in the
 * `cast(…, Edm.DateTimeOffset)` form (valueSyntax 'cast'), which no backend may read differently.
 */
export function languageCaseArb(
  schema: Schema,
  strings: readonly string[] | fc.Arbitrary<readonly string[]>,
): fc.Arbitrary<Case> {
  const queryOf: QueryArbOf = (of, pools) =>
    fc
      .tuple(languageQueryArb(of, pools), fc.boolean())
      .map(([query, cast]) =>
        cast && query.filter !== undefined && allowsExtension(of, 'cast')
          ? { ...query, filter: castDateTimes(of, query.filter) }
          : query,
      );
  return caseArb(schema, strings, { queryOf, instants: [...datePool, ...bucketPool] });
}

/** The filter with every datetime comparison against a quoted value marked as written in the cast form. */
function castDateTimes(schema: Schema, filter: Filter): Filter {
  switch (filter.kind) {
    case 'or':
    case 'and':
      return { kind: filter.kind, operands: filter.operands.map((operand) => castDateTimes(schema, operand)) };
    case 'not':
      return { kind: 'not', operand: castDateTimes(schema, filter.operand) };
    case 'compare':
      return typeof filter.value === 'string' && findField(schema, filter.field)?.type === 'datetime'
        ? { ...filter, valueSyntax: 'cast' }
        : filter;
    case 'match':
    case 'in':
      return filter;
    default:
      return assertNever(filter);
  }
}

// A slot is three plane-15 private-use code points no pool holds: a mark, the index of a string of the list, a
// mark. Cut as patternArb cuts a pool string, it still names its string and which end was kept.
const slotMark = '\u{F0000}';
const slotCount = 40;
const slotIndexBase = 0xf0001;
const slotPools: Pools = {
  strings: fc
    .nat({ max: slotCount - 1 })
    .map((index) => `${slotMark}${String.fromCodePoint(slotIndexBase + index)}${slotMark}`),
};

/** The list's string a slot names, or its head or tail if the slot was cut; any other value as it is. */
function fillSlot(value: string, list: readonly string[]): string {
  const points = Array.from(value);
  const indexAt = (at: number) => (points[at]?.codePointAt(0) ?? 0) - slotIndexBase;
  const named = (at: number) => list[indexAt(at) % list.length]!;
  if (list.length === 0 || !value.includes(slotMark)) return value;
  if (points.length === 3 && points[0] === slotMark && points[2] === slotMark) return named(1);
  if (points.length === patternCut && points[0] === slotMark) return cutText(named(1), 'head');
  if (points.length === patternCut && points[1] === slotMark) return cutText(named(0), 'tail');
  return value;
}

function fillSlots({ rows, query }: Case, list: readonly string[]): Case {
  const fill = <T>(value: T): T => (typeof value === 'string' ? (fillSlot(value, list) as T) : value);
  const filled = rows.map((row) => {
    const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(row));
    for (const [name, value] of Object.entries(row)) copy[name] = fill(value);
    return copy;
  });
  const fillFilter = (filter: Filter): Filter => {
    switch (filter.kind) {
      case 'or':
      case 'and':
        return { kind: filter.kind, operands: filter.operands.map(fillFilter) };
      case 'not':
        return { kind: 'not', operand: fillFilter(filter.operand) };
      case 'compare':
        return { ...filter, value: fill(filter.value) };
      case 'match':
        return { ...filter, value: fill(filter.value) };
      case 'in':
        return { ...filter, values: filter.values.map(fill) };
      default:
        return assertNever(filter);
    }
  };
  return { rows: filled, query: query.filter === undefined ? query : { ...query, filter: fillFilter(query.filter) } };
}

// ---- SQL injection and U+0000 ----

/**
 * Text that means something to some SQL engine or driver: every dialect's quotes and comment marks, statement
 * ends, placeholders of every style, LIKE wildcards, backslash escapes, dollar quoting, a NUL-free Unicode tail.
 */
export const sqlTextPool: readonly string[] = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "'; DROP TABLE diff_rows; --",
  '\'; DROP TABLE "hostile ""table`]"; --',
  "'); DELETE FROM license_usage; --",
  '"; DROP TABLE x; --',
  '`; DROP TABLE x; --',
  ']; DROP TABLE x; --',
  '--',
  '/*',
  '*/',
  '/* comment */ 1',
  '\\',
  "\\'",
  "\\''",
  '\\"',
  '\\0',
  '\\x00',
  '$1',
  '$2',
  '$$',
  '$tag$ x $tag$',
  '?',
  '??',
  '?1',
  ':name',
  '@p1',
  '@p2',
  '%',
  '_',
  '%_%',
  "''",
  "'''",
  '"',
  '""',
  '`',
  '[',
  ']',
  ';',
  'NULL',
  'null',
  "E'\\''",
  "N'x'",
  'x\' COLLATE "C" --',
  '\n',
  '\r\n',
  '\u2028',
  "😀' OR 'x'='x",
];

/** Strings glued from SQL fragments: quotes and comment marks where a naive compiler would splice them. */
export const sqlTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...sqlTextPool),
  fc
    .array(fc.constantFrom(...sqlTextPool, 'a', 'SELECT', ' '), { minLength: 2, maxLength: 4 })
    .map((parts) => parts.join('')),
);

/** A string with U+0000 somewhere in it. */
export const nulTextArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', 'a', "'", 'Reseller'),
    fc.constantFrom('\u0000', '\u0000\u0000'),
    fc.constantFrom('', 'b', '😀'),
  )
  .map(([before, nul, after]) => `${before}${nul}${after}`);
