// What a row's value means: how it is read, folded, normalised and ordered. The one definition that the
// predicate, the in-memory engine and the SQL dialects all follow (SPEC §3; README "Meaning").

import { assertNever, type MatchOperator, type RangeOperator, type Value } from './ast.js';
import type { FilterError } from './errors.js';
import { dateTimeOf, thrownWhileReading } from './own.js';
import { type AggregationLevel, aggregationLevels, type Field, type Schema } from './schema.js';

/**
 * A row as the backends read it: any object. Only a schema field's own property is ever read, checked at
 * every read and before it: an inherited property, and so a getter on a class's prototype, is never touched.
 * An own accessor property is read as its getter's value, once per read. Every mode makes the same reads in
 * the same order, so even a row whose answers change from one read to the next gets one answer. A getter or
 * Proxy trap that throws makes the call throw a FilterError (`rowReadError`).
 */
export type AnyRow = object;

/** What a row that is not an object reads as: no fields, so every comparison is false and every `ne` true. */
export const noFields: AnyRow = /* @__PURE__ */ Object.freeze({});

/** `input` as a row: itself when it is an object, otherwise a row with no fields. */
export function rowOf(input: unknown): AnyRow {
  return typeof input === 'object' && input !== null ? input : noFields;
}

// ---- reading one field: the own-property check ----

/** The raw value of one field of a row when it is the row's own property; undefined when it is not. */
export type OwnValueReader = (row: AnyRow) => unknown;

const OP = Object.prototype;

/*
 * The own-property check, asked at every read. For a row whose prototype is Object.prototype, while
 * Object.prototype has no property of the name, `name in row` can only find an own property, and V8 answers it
 * from an inline cache (Object.hasOwn costs a call every time: twice the time of a whole filter); for any other
 * row Object.hasOwn asks. A Proxy row is asked through its traps in this order: `has`, `getPrototypeOf`, then,
 * unless its prototype is Object.prototype without the name, `getOwnPropertyDescriptor`; then `get`.
 *
 * V8 keeps that cache per place in the source, shared by every closure made there: one `name in row` that saw
 * the names of every field would go megamorphic, three to five times slower (measured: 145 ns against 26 ns a
 * row for four fields; a place that saw two names cost five times the exact arrow in the bench). So readers are
 * made at eight places, a place per name (`readerPlaceOf`), each seeing few names. The eight are one expression,
 * which generated code writes out for each field (`ownValueSource`).
 */
const readerPlaces: readonly ((name: string) => OwnValueReader)[] = [
  (name) => (row) =>
    name in row && ((Object.getPrototypeOf(row) === OP && !(name in OP)) || Object.hasOwn(row, name))
      ? (row as Record<string, unknown>)[name]
      : undefined,
  (name) => (row) =>
    name in row && ((Object.getPrototypeOf(row) === OP && !(name in OP)) || Object.hasOwn(row, name))
      ? (row as Record<string, unknown>)[name]
      : undefined,
  (name) => (row) =>
    name in row && ((Object.getPrototypeOf(row) === OP && !(name in OP)) || Object.hasOwn(row, name))
      ? (row as Record<string, unknown>)[name]
      : undefined,
  (name) => (row) =>
    name in row && ((Object.getPrototypeOf(row) === OP && !(name in OP)) || Object.hasOwn(row, name))
      ? (row as Record<string, unknown>)[name]
      : undefined,
  (name) => (row) =>
    name in row && ((Object.getPrototypeOf(row) === OP && !(name in OP)) || Object.hasOwn(row, name))
      ? (row as Record<string, unknown>)[name]
      : undefined,
  (name) => (row) =>
    name in row && ((Object.getPrototypeOf(row) === OP && !(name in OP)) || Object.hasOwn(row, name))
      ? (row as Record<string, unknown>)[name]
      : undefined,
  (name) => (row) =>
    name in row && ((Object.getPrototypeOf(row) === OP && !(name in OP)) || Object.hasOwn(row, name))
      ? (row as Record<string, unknown>)[name]
      : undefined,
  (name) => (row) =>
    name in row && ((Object.getPrototypeOf(row) === OP && !(name in OP)) || Object.hasOwn(row, name))
      ? (row as Record<string, unknown>)[name]
      : undefined,
];

const ownValueReaders = new WeakMap<Field, OwnValueReader>();
const readerPlaceOfName = new Map<string, number>();

/**
 * The place that reads a field of this name. By name, not by field: a name asked of the same rows in several
 * schemas (a preset and the schema that extends it) then adds no name to any place, and the first eight names
 * never share one, however many schemas and fields are made.
 */
export function readerPlaceOf(name: string): number {
  let place = readerPlaceOfName.get(name);
  if (place === undefined) {
    place = readerPlaceOfName.size % readerPlaces.length;
    readerPlaceOfName.set(name, place);
  }
  return place;
}

/** The reader of `field`'s own value, made once per field. */
export function ownValueReaderOf(field: Field): OwnValueReader {
  let reader = ownValueReaders.get(field);
  if (reader === undefined) {
    reader = (readerPlaces[readerPlaceOf(field.name)] as (name: string) => OwnValueReader)(field.name);
    ownValueReaders.set(field, reader);
  }
  return reader;
}

/*
 * The same check as source text, for generated code (src/codegen.ts), where `row` is in scope, and `OP` and
 * `hasOwn` (`emittedScope`). `name` is a schema field name (an identifier), written with JSON.stringify.
 */
function ownCheckSource(key: string): string {
  return `${key} in row && ((Object.getPrototypeOf(row) === OP && !(${key} in OP)) || hasOwn(row, ${key}))`;
}

/** The row's own property `name` as a source expression, or undefined when it is not its own. */
export function ownValueSource(name: string): string {
  const key = JSON.stringify(name);
  return `(${ownCheckSource(key)} ? row[${key}] : undefined)`;
}

/**
 * `test` of the row's own property `name` (written `row["name"]`) as a source expression, false when it is
 * not its own: for a test that no undefined passes. Written with `&&`: measured up to a quarter faster than
 * the same test of `ownValueSource` on the bench's case-insensitive filters.
 */
export function ifOwnSource(name: string, test: (property: string) => string): string {
  const key = JSON.stringify(name);
  return `(${ownCheckSource(key)} && ${test(`row[${key}]`)})`;
}

/** The value of one field of a row, as `readField` reads it. */
export type FieldReader = (row: AnyRow) => Value;

const fieldReaders = new WeakMap<Field, FieldReader>();

/** `(row) => readField(row, field)`, made once per field. */
export function fieldReaderOf(field: Field): FieldReader {
  let reader = fieldReaders.get(field);
  if (reader === undefined) {
    const ownValue = ownValueReaderOf(field);
    const typed = valueTypes[field.type].read;
    reader = (row) => {
      let value: unknown;
      try {
        value = ownValue(row);
      } catch (error) {
        throw rowReadError(error);
      }
      return typed(value);
    };
    fieldReaders.set(field, reader);
  }
  return reader;
}

/**
 * The value of `field` in `row`, as every backend sees it: the row's own property when it has the field's
 * type, otherwise `null`. A wrong-typed value (a number in a string field, NaN, a malformed GUID or date)
 * is read as null everywhere: it never equals a literal, satisfies `ne`, groups with the nulls and sums as 0.
 * A datetime is read in its canonical form (see `canonicalDateTime`). Where rows are read in a loop, take
 * `fieldReaderOf(field)` once instead.
 */
export function readField(row: AnyRow, field: Field): Value {
  return fieldReaderOf(field)(row);
}

/**
 * The FilterError for a row whose reading threw (its getter, or its Proxy's trap): code INVALID_PARAMETER,
 * param `rows`, the thrown value as `cause`. A FilterError is passed on as it is.
 */
export function rowReadError(error: unknown): FilterError {
  return thrownWhileReading(error, 'Reading a field of a row', 'rows');
}

// ---- reading one value: the type check ----

/**
 * How a raw value of a field of one type is read: `read` answers the value if it has the type (a datetime
 * canonicalised), otherwise null; `emit` writes the same as a source expression over the variable `raw`,
 * for generated code, with the names of `emittedScope` in scope.
 */
interface ValueType {
  readonly read: (raw: unknown) => Value;
  readonly emit: (raw: string) => string;
}

const valueTypes: { readonly [T in Field['type']]: ValueType } = {
  string: {
    read: (raw) => (typeof raw === 'string' ? raw : null),
    emit: (raw) => `(typeof ${raw} === 'string' ? ${raw} : null)`,
  },
  guid: {
    read: (raw) => (typeof raw === 'string' && guidPattern.test(raw) ? raw : null),
    emit: (raw) => `(typeof ${raw} === 'string' && guid.test(${raw}) ? ${raw} : null)`,
  },
  number: {
    // `raw - raw === 0` is Number.isFinite for a number, without the call.
    read: (raw) => (typeof raw === 'number' && raw - raw === 0 ? raw : null),
    emit: (raw) => `(typeof ${raw} === 'number' && ${raw} - ${raw} === 0 ? ${raw} : null)`,
  },
  boolean: {
    read: (raw) => (typeof raw === 'boolean' ? raw : null),
    emit: (raw) => `(typeof ${raw} === 'boolean' ? ${raw} : null)`,
  },
  datetime: {
    read: readDateTime,
    emit: (raw) => `readDateTime(${raw})`,
  },
};

function readDateTime(raw: unknown): Value {
  if (typeof raw === 'string') return canonicalDateTime(raw) ?? null;
  const time = dateTimeOf(raw);
  return time === undefined || Number.isNaN(time) ? null : (canonicalFromMs(time) ?? null);
}

/** `value` if it has the field's type (a datetime canonicalised), otherwise `null`. */
export function typedValue(value: unknown, field: Field): Value {
  return valueTypes[field.type].read(value);
}

/**
 * `field`'s value as readField reads it, as a source expression for generated code: `row` in scope, and
 * `raw`, a variable it assigns.
 */
export function readFieldSource(field: Field): string {
  return `(raw = ${ownValueSource(field.name)}, ${valueTypes[field.type].emit('raw')})`;
}

export const guidPattern = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** What the emitted reads refer to: generated code is made with these names in scope. */
export function emittedScope(): Record<string, unknown> {
  return {
    OP,
    hasOwn: Object.hasOwn,
    guid: guidPattern,
    readDateTime,
    noFields,
    rowReadError,
    foldAscii,
    compareCodePoints,
    compareValues,
    bucketStart,
  };
}

/** Whether equality on this field ignores case: GUIDs always do, strings when the schema says so. */
export function foldsCase(field: Field): boolean {
  return field.type === 'guid' || (field.type === 'string' && field.caseInsensitive);
}

/**
 * ASCII case folding: `A`–`Z` become `a`–`z`, every other character stays. The only folding that JavaScript,
 * PostgreSQL (`lower()` under the "C" collation), SQLite (`lower()`), MySQL and SQL Server can all do
 * identically; Unicode folding differs between engines and versions. It keeps the length of the text.
 */
export function foldAscii(text: string): string {
  // Most text has no upper-case ASCII letter, and is returned as it is without allocating.
  let index = 0;
  for (; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 65 && code <= 90) break;
  }
  if (index === text.length) return text;
  // On ASCII text, toLowerCase changes exactly A–Z, and it is native: a GUID folds in one call.
  if (!nonAscii.test(text)) return text.toLowerCase();
  let folded = text.slice(0, index);
  for (; index < text.length; index++) {
    const code = text.charCodeAt(index);
    folded += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : text[index];
  }
  return folded;
}

const nonAscii = /[^\p{ASCII}]/u;

/**
 * The same text as a property name holds it. V8 keeps one copy of every property name (it interns it), and so
 * does JSON.parse for a short string value, such as a code or a channel: two interned strings are equal only when
 * they are the same string, which optimized code tests with one pointer compare, where a literal sliced out of
 * the filter text is compared character by character. Only the identity changes: the text is the same.
 */
export function interned(text: string): string {
  // A holder without a prototype: a setter on Object.prototype must not see the key.
  const holder: Record<string, true> = Object.create(null);
  holder[text] = true;
  // An array index ('12') is kept as a number and comes back as a new string: equal, not interned.
  return Object.keys(holder)[0] ?? text;
}

/** The literal as it is compared with a row value of `field`: folded when the field folds case. */
export function comparisonKey(field: Field, value: Value): Value {
  if (typeof value !== 'string') return value;
  if (field.type === 'datetime') return canonicalDateTime(value) ?? value;
  return foldsCase(field) ? foldAscii(value) : value;
}

/**
 * Orders two strings by Unicode code point. JavaScript's `<` compares UTF-16 code units, which puts a
 * character beyond the BMP (a surrogate pair, D800–DFFF) before U+E000–U+FFFF; UTF-8 byte order, which the
 * SQL engines use under a binary collation, puts it after. Only the first differing unit matters.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// Moves surrogates (D800–DFFF) above E000–FFFF, keeping everything else in place.
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/**
 * The order of results (SPEC §3): null first, then false before true, numbers ascending, strings (GUIDs and
 * datetimes too) by code point. Values of one field always share a type, so mixed types never meet here.
 */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  // Booleans: false < true.
  return Number(a) - Number(b);
}

// ---- ordering comparisons and substring tests (SPEC §7) ----

/**
 * The literal of `f gt|ge|lt|le literal` as it is compared with the row values of `field`: folded when the field
 * folds case, a datetime in canonical form. Null when nothing can be ordered against it (a null literal, or one
 * of another type than the field's, which validation refuses): the comparison is then false for every row.
 */
export function rangeKey(field: Field, literal: Value): Value {
  if (literal === null) return null;
  switch (field.type) {
    case 'string':
    case 'guid':
      return typeof literal === 'string' ? comparisonKey(field, literal) : null;
    case 'datetime':
      return typeof literal === 'string' ? (canonicalDateTime(literal) ?? null) : null;
    case 'number':
      return typeof literal === 'number' && literal - literal === 0 ? literal : null;
    case 'boolean':
      return typeof literal === 'boolean' ? literal : null;
    default:
      return assertNever(field.type);
  }
}

/** Whether an order (negative, zero, positive, as compareValues answers) satisfies the operator. */
export function orderSatisfies(op: RangeOperator, order: number): boolean {
  switch (op) {
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    default:
      return assertNever(op);
  }
}

const relations: { readonly [O in RangeOperator]: string } = { gt: '>', ge: '>=', lt: '<', le: '<=' };

/**
 * `value op key` for a row value as readField reads it and a `rangeKey`: false when the value is null (missing,
 * null or of the wrong type), so `not (f gt x)` holds for such a row. Strings (GUIDs too) compare by code point
 * after the field's ASCII folding, numbers numerically, datetimes by their canonical text, which is instant order.
 */
export function rangeTestOf(field: Field, op: RangeOperator, key: Value): (value: Value) => boolean {
  if (key === null) return () => false;
  const folds = foldsCase(field);
  return (value) =>
    value !== null &&
    typeof value === typeof key &&
    orderSatisfies(op, compareValues(folds && typeof value === 'string' ? foldAscii(value) : value, key));
}

/**
 * rangeTestOf as a source expression: `value` names a variable holding the row value as readField reads it, `key`
 * is an expression of a non-null rangeKey (which has the field's type, as a non-null value read does).
 * A canonical datetime is ASCII, where JavaScript's `<` (UTF-16 code units) is code-point order.
 */
export function rangeTestSource(field: Field, op: RangeOperator, value: string, key: string): string {
  const relation = relations[op];
  switch (field.type) {
    case 'number':
    case 'datetime':
      return `(${value} !== null && ${value} ${relation} ${key})`;
    case 'string':
    case 'guid': {
      const text = foldsCase(field) ? `foldAscii(${value})` : value;
      return `(${value} !== null && compareCodePoints(${text}, ${key}) ${relation} 0)`;
    }
    case 'boolean':
      return `(${value} !== null && compareValues(${value}, ${key}) ${relation} 0)`;
    default:
      return assertNever(field.type);
  }
}

/** The argument of `contains(f, 'x')` and its siblings as it is looked for: folded when the field folds case. */
export function textKey(field: Field, argument: string): string {
  return foldsCase(field) ? foldAscii(argument) : argument;
}

/**
 * The substring test of a raw property value against a `textKey`: false unless the value is a string; the
 * value is folded as the key is (ASCII folding keeps the length, so a prefix stays a prefix). '' is contained
 * in, a prefix and a suffix of every string.
 */
export function textTestOf(field: Field, op: MatchOperator, key: string): (value: unknown) => boolean {
  const folds = foldsCase(field);
  const textOf = (value: string) => (folds ? foldAscii(value) : value);
  switch (op) {
    case 'contains':
      return (value) => typeof value === 'string' && textOf(value).includes(key);
    case 'startswith':
      return (value) => typeof value === 'string' && textOf(value).startsWith(key);
    case 'endswith':
      return (value) => typeof value === 'string' && textOf(value).endsWith(key);
    default:
      return assertNever(op);
  }
}

const textMethods: { readonly [O in MatchOperator]: string } = {
  contains: 'includes',
  startswith: 'startsWith',
  endswith: 'endsWith',
};

/** textTestOf as a source expression: `value` names a variable holding the raw value, `key` a textKey's expression. */
export function textTestSource(field: Field, op: MatchOperator, value: string, key: string): string {
  const text = foldsCase(field) ? `foldAscii(${value})` : value;
  return `(typeof ${value} === 'string' && ${text}.${textMethods[op]}(${key}))`;
}

// ---- datetime buckets (aggregationLevel) ----

/** The aggregationLevels that replace a grouped datetime by the start of its bucket (`dateRange` keeps it). */
export type BucketLevel = Exclude<AggregationLevel, 'dateRange'>;
export const bucketLevels: readonly BucketLevel[] = /* @__PURE__ */ aggregationLevels.filter(
  (level): level is BucketLevel => level !== 'dateRange',
);

const earliestInstant = '0000-01-01T00:00:00.000Z';

/**
 * The canonical text of the start of the UTC bucket holding `canonical` (a canonicalDateTime): midnight of its
 * day; the Monday of its ISO week at midnight; the first of its month at midnight. The canonical form holds the
 * years 0000–9999 only, so 0000-01-01 and 0000-01-02 (a Saturday and a Sunday), whose week began in the year
 * −1, are put in the week starting 0000-01-01T00:00:00.000Z, the earliest instant it can write.
 */
export function bucketStart(canonical: string, level: BucketLevel): string {
  switch (level) {
    case 'day':
      return `${canonical.slice(0, 10)}T00:00:00.000Z`;
    case 'month':
      return `${canonical.slice(0, 7)}-01T00:00:00.000Z`;
    case 'week': {
      const date = new Date(0);
      // setUTCFullYear, not Date.UTC, which would read the years 0–99 as 1900–1999.
      date.setUTCFullYear(
        Number(canonical.slice(0, 4)),
        Number(canonical.slice(5, 7)) - 1,
        Number(canonical.slice(8, 10)),
      );
      // getUTCDay counts from Sunday (0); ISO weeks start on Monday.
      date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
      return canonicalFromMs(date.getTime()) ?? earliestInstant;
    }
    default:
      return assertNever(level);
  }
}

/**
 * A grouped datetime's bucket as a source expression: `value` names a variable holding it as readField reads it
 * (canonical or null); null stays null. The level is one of three words, checked before it is written.
 */
export function bucketSource(value: string, level: BucketLevel): string {
  if (!bucketLevels.includes(level)) throw new Error(`filterby: no bucket level '${String(level)}'`);
  return `(${value} === null ? null : bucketStart(${value}, ${JSON.stringify(level)}))`;
}

// ---- datetimes ----

const dateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))?)?$/;

/**
 * A datetime in canonical form, `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC, milliseconds), or undefined when `text`
 * is not an ISO 8601 date or date-time. A date alone is midnight UTC; a time without an offset is UTC;
 * digits past the millisecond are dropped. The canonical form has a fixed width, so text order is time order
 * in every backend, and `MAX()` over a text column finds the latest snapshot.
 */
export function canonicalDateTime(text: string): string | undefined {
  // No longer text names an instant: refused before the cache, so a file of long bogus dates costs nothing.
  if (text.length > maxDateTimeLength) return undefined;
  // Rows repeat the same few datetimes (a snapshot is shared by every row of it): remember the answers,
  // so that reading one costs a Map lookup rather than a regular expression and a Date.
  const known = recent.get(text);
  if (known !== undefined) return known ?? undefined;
  const canonical = parseDateTime(text);
  if (recent.size >= maxRecentDateTimes) {
    recent.clear();
    recentCharacters = 0;
  }
  // A copy, made flat by the concatenation: a text sliced out of a larger one (a chunk of a file) would keep
  // all of that alive for as long as it is a key here.
  recent.set(` ${text}`.slice(1), canonical ?? null);
  recentCharacters += text.length;
  return canonical;
}

/** The longest spelling of an instant: a date, a time to the nanosecond and an offset. */
const maxDateTimeLength = '2024-01-31T00:00:00.000000000+00:00'.length;
const maxRecentDateTimes = 4096;
/** What the cache holds at most: every key is at most maxDateTimeLength characters. */
export const maxRecentDateTimeCharacters = maxRecentDateTimes * maxDateTimeLength;
// null: the text names no instant.
const recent = new Map<string, string | null>();
let recentCharacters = 0;

/** How many texts the datetime cache holds, and their characters: for the tests of its bound. */
export function recentDateTimes(): { readonly entries: number; readonly characters: number } {
  return { entries: recent.size, characters: recentCharacters };
}

function parseDateTime(text: string): string | undefined {
  const match = dateTimePattern.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', , sign, zoneHour, zoneMinute] =
    match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const offsetMinutes = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(zoneHour) * 60 + Number(zoneMinute));
  if (Math.abs(offsetMinutes) >= 24 * 60) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi - offsetMinutes, s, Math.floor(Number(`0${fraction}`) * 1000));
  return canonicalFromMs(date.getTime());
}

function canonicalFromMs(ms: number): string | undefined {
  const text = new Date(ms).toISOString();
  // Years before 0000 or after 9999 are written ±YYYYYY and would break the fixed width.
  return text.length === 24 ? text : undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// ---- snapshots ----

/** The field that names a row's snapshot: `processedDateTime`, when the schema has it as a datetime. */
export function snapshotField(schema: Schema): Field | undefined {
  const field = Object.hasOwn(schema.fields, 'processedDateTime')
    ? (schema.fields as Record<string, Field>).processedDateTime
    : undefined;
  return field?.type === 'datetime' ? field : undefined;
}

/** The schema's fields in definition order. */
export function fieldsOf(schema: Schema): readonly Field[] {
  return Object.values(schema.fields as Record<string, Field>);
}
