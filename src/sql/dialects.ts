// The SQL dialects: what PostgreSQL, SQLite, MySQL and SQL Server do differently, one small object each.
//
// Target versions: PostgreSQL ≥ 12, SQLite ≥ 3.30 (3.32 for more than 999 parameters in one statement),
// MySQL ≥ 8.0 (utf8mb4_0900_bin), SQL Server ≥ 2019 (UTF-8 collations; TRANSLATE is 2017).
// The compiler (compile.ts) never asks which dialect it has; everything it needs to know is here.

import type { Value } from '../ast.js';
import { FilterError } from '../errors.js';
import type { FieldType } from '../schema.js';

export type DialectName = 'postgres' | 'sqlite' | 'mysql' | 'mssql';

export const dialectNames: readonly DialectName[] = ['postgres', 'sqlite', 'mysql', 'mssql'];

/** A value as it is bound to a parameter. */
export type SqlValue = string | number | boolean | null;

/**
 * How loosely a condition binds: an `or` condition needs parentheses inside an AND, an `and` condition
 * and an atom never do (AND binds tighter than OR in every dialect, and the compiled SQL has no NOT over
 * a subexpression).
 */
export type Precedence = 'or' | 'and' | 'atom';

export interface Condition {
  readonly text: string;
  readonly precedence: Precedence;
}

/**
 * One dialect's differences. Every expression a method takes is already-quoted SQL (a column or a
 * placeholder), never a value.
 */
export interface Dialect {
  readonly name: string;
  /** The engine as people call it, for messages. */
  readonly engine: string;
  /** The placeholder of the `index`-th parameter, 1-based. */
  placeholder(index: number): string;
  quoteIdentifier(name: string): string;
  /** A text column under a binary collation: equal only when identical, code point for code point. */
  exactText(column: string): string;
  /** A text column with ASCII `A`–`Z` folded to `a`–`z` and nothing else, under a binary collation. */
  foldCase(column: string): string;
  /**
   * Either side of a text comparison (`=`, `IN`, distinct), after exactText or foldCase on the column side.
   * Identity except where the engine ignores trailing spaces in `=`.
   */
  comparedText(expression: string): string;
  /** True when `left` differs from `right` or `column` is NULL; `right` is never NULL. Never UNKNOWN. */
  isDistinctFrom(left: string, right: string, column: string): Condition;
  /** What ORDER BY lists for a column: ascending, NULL first, text by Unicode code point. */
  orderKeys(column: string, type: FieldType): readonly string[];
  /** What GROUP BY lists for a column: two rows share a group only when their values are identical. */
  groupKeys(column: string, type: FieldType): readonly string[];
  /** A grouped column in the select list (it must be valid beside groupKeys in GROUP BY). */
  groupedValue(column: string, type: FieldType): string;
  /** The page clause. Both numbers are validated integers; see `paging` in compile.ts for why they are inline. */
  paging(limit: number, offset: number): string;
  columnType(type: FieldType): string;
  /** A row value or literal as the driver should bind it. */
  bindValue(value: Value): SqlValue;
  /** False when the engine's text type cannot hold U+0000. */
  readonly acceptsNul: boolean;
  /** The most parameters one statement may bind. */
  readonly maxParameters: number;
  /** The most rows one INSERT … VALUES may list. */
  readonly maxRowsPerInsert: number;
  /** How long a name may be before the engine cuts it short or refuses it; undefined where there is no limit. */
  readonly identifierLimit: IdentifierLimit | undefined;
}

/** An engine's identifier length limit, as it counts length. */
export interface IdentifierLimit {
  /** The longest table or column name. */
  readonly names: number;
  /** The longest column alias (a field name in the select list). */
  readonly aliases: number;
  /** What the limit counts, for messages: `bytes`, `characters`. */
  readonly unit: string;
  /** The length of a name as the engine counts it. */
  length(name: string): number;
}

/** Whether a field of this type is held as text in SQL: strings, GUIDs, and datetimes in canonical form. */
export const isText = (type: FieldType): boolean => type === 'string' || type === 'guid' || type === 'datetime';

const asBound = (value: Value): SqlValue => value;

const utf8 = new TextEncoder();

/** Doubles the closing quote character, so any name is one identifier. */
const quoteWith =
  (open: string, close: string) =>
  (name: string): string =>
    `${open}${name.replaceAll(close, close + close)}${close}`;

// PostgreSQL 12+. Equality and GROUP BY are already exact: the database's collation is deterministic, and
// a deterministic collation only calls two strings equal when their bytes are equal. Only ORDER BY follows
// the locale, so it sorts under "C": byte order of UTF-8, which is code point order.
export const postgres: Dialect = {
  name: 'postgres',
  engine: 'PostgreSQL',
  placeholder: (index) => `$${index}`,
  quoteIdentifier: quoteWith('"', '"'),
  exactText: (column) => column,
  // Under the "C" collation lower() maps only A–Z; under any other it would follow the locale's Unicode rules.
  foldCase: (column) => `lower(${column} COLLATE "C")`,
  comparedText: (expression) => expression,
  isDistinctFrom: (left, right) => ({ text: `${left} IS DISTINCT FROM ${right}`, precedence: 'atom' }),
  // PostgreSQL puts NULL last in ascending order unless told otherwise.
  orderKeys: (column, type) => [isText(type) ? `${column} COLLATE "C" NULLS FIRST` : `${column} NULLS FIRST`],
  groupKeys: (column) => [column],
  groupedValue: (column) => column,
  paging: (limit, offset) => `LIMIT ${limit} OFFSET ${offset}`,
  // Datetimes are text in canonical form (fixed width, UTC), so text order and MAX() are time order.
  columnType: (type) => (type === 'number' ? 'double precision' : type === 'boolean' ? 'boolean' : 'text'),
  bindValue: asBound,
  acceptsNul: false,
  // The wire protocol counts parameters in 16 bits.
  maxParameters: 65_535,
  maxRowsPerInsert: Number.POSITIVE_INFINITY,
  // NAMEDATALEN − 1 bytes. A longer name is cut to 63 bytes with only a NOTICE, so two long aliases that
  // share their first 63 bytes become one column of the result.
  identifierLimit: { names: 63, aliases: 63, unit: 'bytes', length: (name) => utf8.encode(name).length },
};

// SQLite 3.30+, UTF-8 database (the default). Its BINARY collation compares with memcmp, so equality,
// GROUP BY and ORDER BY are exact and in UTF-8 byte order, which is code point order; NULL sorts first.
export const sqlite: Dialect = {
  name: 'sqlite',
  engine: 'SQLite',
  placeholder: () => '?',
  quoteIdentifier: quoteWith('"', '"'),
  exactText: (column) => column,
  // SQLite's built-in lower() folds ASCII only. (A build with the ICU extension replaces it; such a build
  // would fold more letters than the other backends.)
  foldCase: (column) => `lower(${column})`,
  comparedText: (expression) => expression,
  isDistinctFrom: (left, right) => ({ text: `${left} IS NOT ${right}`, precedence: 'atom' }),
  orderKeys: (column) => [column],
  groupKeys: (column) => [column],
  groupedValue: (column) => column,
  paging: (limit, offset) => `LIMIT ${limit} OFFSET ${offset}`,
  columnType: (type) => (type === 'number' ? 'REAL' : type === 'boolean' ? 'INTEGER' : 'TEXT'),
  // SQLite has no boolean type; 0 and 1 order and group as false and true do.
  bindValue: (value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
  acceptsNul: true,
  // SQLITE_MAX_VARIABLE_NUMBER since 3.32 (999 before).
  maxParameters: 32_766,
  maxRowsPerInsert: Number.POSITIVE_INFINITY,
  // SQLite keeps names of any length.
  identifierLimit: undefined,
};

const mysqlBinary = 'utf8mb4_0900_bin';
const upperCaseLetters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// MySQL 8.0+, utf8mb4 connection. Its default collations ignore case and accents, and utf8mb4_bin pads
// with spaces ('a' = 'a '), so every text comparison, GROUP BY and ORDER BY names utf8mb4_0900_bin: binary
// by code point and NO PAD (trailing spaces count). NULL sorts first in ascending order.
// Caveat: MySQL sorts a string by its first max_sort_length bytes (default 1024); raise it for longer text.
export const mysql: Dialect = {
  name: 'mysql',
  engine: 'MySQL',
  placeholder: () => '?',
  quoteIdentifier: quoteWith('`', '`'),
  exactText: (column) => `${column} COLLATE ${mysqlBinary}`,
  // LOWER() follows Unicode (it would fold 'À'); REPLACE() matches bytes, so 26 of them fold exactly A–Z.
  foldCase: (column) =>
    [...upperCaseLetters].reduce(
      (expression, letter) => `REPLACE(${expression}, '${letter}', '${letter.toLowerCase()}')`,
      `${column} COLLATE ${mysqlBinary}`,
    ),
  comparedText: (expression) => expression,
  // <=> is MySQL's null-safe equality; it is never NULL, so NOT over it is two-valued.
  isDistinctFrom: (left, right) => ({ text: `NOT (${left} <=> ${right})`, precedence: 'atom' }),
  orderKeys: (column, type) => [isText(type) ? `${column} COLLATE ${mysqlBinary}` : column],
  groupKeys: (column, type) => [isText(type) ? `${column} COLLATE ${mysqlBinary}` : column],
  // The very expression of GROUP BY, which ONLY_FULL_GROUP_BY accepts in the select list.
  groupedValue: (column, type) => (isText(type) ? `${column} COLLATE ${mysqlBinary}` : column),
  paging: (limit, offset) => `LIMIT ${limit} OFFSET ${offset}`,
  // TEXT, not VARCHAR: a row's VARCHARs share a 65,535-byte limit, which a few VARCHAR(4000)s in utf8mb4 exceed.
  columnType: (type) =>
    type === 'number' ? 'DOUBLE' : type === 'boolean' ? 'BOOLEAN' : `TEXT CHARACTER SET utf8mb4 COLLATE ${mysqlBinary}`,
  bindValue: asBound,
  acceptsNul: true,
  maxParameters: 65_535,
  maxRowsPerInsert: Number.POSITIVE_INFINITY,
  // "Identifier Length Limits": 64 characters for a table or a column, 256 for an alias.
  identifierLimit: { names: 64, aliases: 256, unit: 'characters', length: (name) => [...name].length },
};

const mssqlBinary = 'Latin1_General_100_BIN2_UTF8';

// SQL Server 2019+. BIN2 collations compare exactly, but SQL Server pads the shorter string with spaces
// before every comparison, under every collation, so 'a' = 'a ' and GROUP BY puts them together. Hence:
// - equality compares the text with a '.' appended on both sides: two strings that end in '.' are equal
//   only when identical. (LEN(x + '.') would count a supplementary character once or twice depending on
//   the collation; the appended '.' needs no such care and also works inside IN lists.)
// - GROUP BY and ORDER BY use the UTF-8 bytes of the text (code point order, unlike UTF-16 code units,
//   which put supplementary characters before U+E000) and then DATALENGTH, which tells apart values that
//   differ only in trailing spaces (or in trailing U+0000: binary comparison ignores trailing zero bytes).
// NULL sorts first in ascending order.
export const mssql: Dialect = {
  name: 'mssql',
  engine: 'SQL Server',
  placeholder: (index) => `@p${index}`,
  quoteIdentifier: quoteWith('[', ']'),
  exactText: (column) => `${column} COLLATE ${mssqlBinary}`,
  // TRANSLATE under a binary collation replaces exactly A–Z; LOWER() would fold other letters too.
  foldCase: (column) =>
    `TRANSLATE(${column} COLLATE ${mssqlBinary}, '${upperCaseLetters}', '${upperCaseLetters.toLowerCase()}')`,
  comparedText: (expression) => `${expression} + N'.'`,
  // SQL Server has no null-safe comparison operator before 2022 (IS DISTINCT FROM).
  isDistinctFrom: (left, right, column) => ({ text: `${left} <> ${right} OR ${column} IS NULL`, precedence: 'or' }),
  orderKeys: (column, type) => (isText(type) ? utf8Keys(column) : [column]),
  groupKeys: (column, type) => (isText(type) ? utf8Keys(column) : [column]),
  // Every row of a group holds the same value, so MIN() is that value; a bare column would not be valid
  // beside the UTF-8 keys in GROUP BY.
  groupedValue: (column, type) => (isText(type) ? `MIN(${column})` : column),
  // OFFSET … FETCH is SQL Server's paging; it needs an ORDER BY, which every compiled SELECT has.
  paging: (limit, offset) => `OFFSET ${offset} ROWS FETCH NEXT ${limit} ROWS ONLY`,
  // NVARCHAR: drivers bind strings as NVARCHAR, so the column needs no conversion to be compared; 4000 is the
  // longest that can still be an index key. The binary collation makes ad hoc queries exact too.
  columnType: (type) =>
    type === 'number' ? 'FLOAT' : type === 'boolean' ? 'BIT' : `NVARCHAR(4000) COLLATE ${mssqlBinary}`,
  bindValue: asBound,
  acceptsNul: true,
  maxParameters: 2_100,
  // "The number of row value expressions in the INSERT statement exceeds the maximum allowed number of 1000."
  maxRowsPerInsert: 1_000,
  // sysname is NVARCHAR(128): 128 UTF-16 code units, so a character beyond the BMP counts twice.
  identifierLimit: { names: 128, aliases: 128, unit: 'UTF-16 code units', length: (name) => name.length },
};

function utf8Keys(column: string): string[] {
  return [`CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), ${column} COLLATE ${mssqlBinary}))`, `DATALENGTH(${column})`];
}

const dialects: Readonly<Record<DialectName, Dialect>> = { postgres, sqlite, mysql, mssql };

/** The dialect of that name; INVALID_PARAMETER naming the four when there is none. */
export function dialectNamed(name: unknown): Dialect {
  if (typeof name === 'string' && (dialectNames as readonly string[]).includes(name)) {
    return dialects[name as DialectName];
  }
  const got = typeof name === 'string' ? `'${name.slice(0, 40)}'` : name === undefined ? 'none' : typeof name;
  throw new FilterError(
    'INVALID_PARAMETER',
    `Unknown SQL dialect ${got}; the dialects are ${dialectNames.map((each) => `'${each}'`).join(', ')}`,
    { param: 'dialect' },
  );
}
