// The SQL dialects: the Dialect interface (what engines do differently) and the seven built in, one small object each.
//
// Target versions: PostgreSQL ≥ 12, SQLite ≥ 3.30 (3.32 for more than 999 parameters in one statement),
// MySQL ≥ 8.0 (utf8mb4_0900_bin), MariaDB ≥ 10.2 (utf8mb4_nopad_bin; tested on 10.11), SQL Server ≥ 2019 (UTF-8
// collations; TRANSLATE is 2017), DuckDB ≥ 1.1 (tested on 1.5.6), ClickHouse ≥ 24.3 (the analyzer; tested on 26.7
// through chdb 3.4.0).
// The compiler never asks which dialect it has; everything it needs to know is here, or is the standard SQL
// that statement.ts supplies for a member a dialect leaves out.

import { assertNever, type MatchOperator, type Value } from '../ast.js';
import type { AggregationLevel, FieldType } from '../schema.js';

/** A value as it is bound to a parameter. */
export type SqlValue = string | number | boolean | null;

/**
 * What one SQL engine does differently, as kysely's dialects are: pass one as `dialect` to toSql and the rest,
 * or spread a built-in one and override a member (`{ ...dialects.postgres, paging }`). Every expression a method
 * takes is already-quoted SQL (a column or a placeholder), never a value, and every method returns SQL text.
 * (For toSqlFragment and toSqlClauses a placeholder is a marker that the host builder's placeholder replaces:
 * write it into the text as it is, as any placeholder.) The optional members default to standard SQL under a binary (code point) collation.
 */
export interface Dialect {
  /** The engine as messages name it: `PostgreSQL`. */
  readonly engine: string;
  /**
   * The placeholder of the `index`-th parameter, 1-based: `$1`, `?`, `@p1`, `{p1:String}`. `value` is the value bound
   * to it (as it was before bindValue), for an engine whose placeholders name its type.
   */
  placeholder(index: number, value: Value): string;
  /** A text column with ASCII `A`–`Z` folded to `a`–`z` and nothing else, under a binary collation. */
  foldCase(column: string): string;
  /** What ORDER BY lists for a column (or an expression in parentheses): ascending, NULL first, text by code point. */
  orderKeys(column: string, type: FieldType): readonly string[];
  /** The column type CREATE TABLE gives a field of this type (datetimes are text in canonical form). */
  columnType(type: FieldType): string;
  /** The most parameters one statement may bind. */
  readonly maxParameters: number;
  /** A name as one identifier, its quote character doubled. Default: `"name"`. */
  quoteIdentifier?(name: string): string;
  /**
   * A column as an expression names it, given the quoted table and the quoted column. Default: the column. An engine
   * whose select-list aliases stand for a column of the same name anywhere in the statement (ClickHouse) qualifies
   * it with the table, which no alias hides.
   */
  qualifiedColumn?(table: string, column: string): string;
  /** What CREATE TABLE writes after its column list: ClickHouse's table engine. Default: nothing. */
  readonly tableOptions?: string;
  /** A text column under a binary collation: equal only when identical. Default: the column. */
  exactText?(column: string): string;
  /**
   * Either side of a text comparison (`=`, `IN`), after exactText or foldCase on the column side: where the
   * engine ignores trailing spaces in `=`, something that makes them count. Default: the expression.
   */
  comparedText?(expression: string): string;
  /**
   * Conditions, joined with OR, that are TRUE exactly when `left` differs from `right` or `column` is NULL
   * (`right` never is), and never UNKNOWN; none may hold a top-level OR of its own. Default: `left IS DISTINCT
   * FROM right`.
   */
  isDistinctFrom?(left: string, right: string, column: string): readonly string[];
  /**
   * What ORDER BY lists for a column in descending order: the exact reverse of orderKeys, so NULL last. Default:
   * `column DESC NULLS LAST` (override it wherever orderKeys does more than `column NULLS FIRST`).
   */
  descendingOrderKeys?(column: string, type: FieldType): readonly string[];
  /**
   * The keys `gt ge lt le` compare, in turn (the first that differs decides), on both sides: for text, the column
   * after exactText or foldCase on one side, a placeholder on the other, in code point order. The compiler binds
   * the literal again for each place a key of it appears, so a key may name its argument once even with `?`
   * placeholders. Default: the expression itself.
   */
  rangeKeys?(expression: string, type: FieldType): readonly string[];
  /**
   * A condition, binding as tightly as a comparison, that is TRUE when `text` contains (starts with, ends with)
   * `pattern`, comparing characters exactly: no character of the pattern is a wildcard, and the empty pattern
   * matches every text. It must never be UNKNOWN when `text` is not NULL (`pattern` never is). `text` is the column
   * after exactText or foldCase; `pattern` is a placeholder: name it once if placeholders are positional (`?`).
   * Default: `POSITION(pattern IN text) > 0`, `= 1`, and `POSITION(REVERSE(pattern) IN REVERSE(text)) = 1`.
   */
  textMatch?(operator: MatchOperator, text: string, pattern: string): string;
  /**
   * The start of the UTC day, ISO week (Monday) or month of a canonical datetime (text such as
   * `2024-01-31T10:00:00.000Z`), written as canonical text: `2024-01-29T00:00:00.000Z`; NULL for NULL. Default:
   * standard SQL for `day` and `month` (`SUBSTRING(… FROM 1 FOR 10) || 'T00:00:00.000Z'`); `week` has none.
   */
  dateBucket?(expression: string, level: BucketLevel): string;
  /** What GROUP BY lists for a column: rows share a group only when their values are identical. Default: the column. */
  groupKeys?(column: string, type: FieldType): readonly string[];
  /** A grouped column in the select list, valid beside groupKeys in GROUP BY. Default: the column. */
  groupedValue?(column: string, type: FieldType): string;
  /** The page clause, given validated integers (written inline: see compile.ts). Default: `LIMIT l OFFSET o`. */
  paging?(limit: number, offset: number): string;
  /** A row value or literal as the driver should bind it. Default: the value. */
  bindValue?(value: Value): SqlValue;
  /**
   * How CREATE INDEX lists `key`, an expression over `column` that the compiled SQL compares or orders by (the
   * column, its exactText or foldCase, a rangeKeys key, or an orderKeys key with its direction), written so that
   * the engine's planner matches it to the query; undefined where the engine cannot index it, and toCreateIndexes
   * then leaves the key out. Default: undefined, so no index: a guess would be DDL that fails or goes unused.
   */
  indexKey?(key: string, column: string, type: FieldType): string | undefined;
  /** False when the engine's text cannot hold U+0000, which is then refused. Default: true. */
  readonly acceptsNul?: boolean;
  /** The most rows one INSERT … VALUES may list. Default: no limit but maxParameters. */
  readonly maxRowsPerInsert?: number;
  /** How long a name may be before the engine cuts it short or refuses it. Default: no limit. */
  readonly identifierLimit?: IdentifierLimit | undefined;
}

/** The aggregation levels that change a datetime: `dateRange` keeps the exact instant. */
export type BucketLevel = Exclude<AggregationLevel, 'dateRange'>;

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

/** Doubles the closing quote character, so any name is one identifier. */
export const quoteWith =
  (open: string, close: string) =>
  (name: string): string =>
    `${open}${name.replaceAll(close, close + close)}${close}`;

const utf8 = /* @__PURE__ */ new TextEncoder();

/**
 * An index element for PostgreSQL and SQLite: a column, with what follows it (COLLATE, NULLS FIRST), as it is; any
 * other expression in parentheses. Either planner matches an expression index to the same expression in a query.
 */
const indexElement = (key: string, column: string): string =>
  key === column || key.startsWith(`${column} `) ? key : `(${key})`;

/** Where every bucket starts: midnight, written as the canonical form writes it. */
export const midnight = 'T00:00:00.000Z';

// PostgreSQL 12+. Equality and GROUP BY are already exact: the database's collation is deterministic, and
// a deterministic collation only calls two strings equal when their bytes are equal. Only ORDER BY follows
// the locale, so it sorts under "C": byte order of UTF-8, which is code point order.
const postgres: Dialect = {
  engine: 'PostgreSQL',
  placeholder: (index) => `$${index}`,
  // Under the "C" collation lower() maps only A–Z; under any other it would follow the locale's Unicode rules.
  foldCase: (column) => `lower(${column} COLLATE "C")`,
  // PostgreSQL puts NULL last in ascending order unless told otherwise.
  orderKeys: (column, type) => [isText(type) ? `${column} COLLATE "C" NULLS FIRST` : `${column} NULLS FIRST`],
  descendingOrderKeys: (column, type) => [
    isText(type) ? `${column} COLLATE "C" DESC NULLS LAST` : `${column} DESC NULLS LAST`,
  ],
  rangeKeys: (expression, type) => [isText(type) ? `${expression} COLLATE "C"` : expression],
  // strpos and reverse work on characters, and are exact under any deterministic collation; strpos finds the
  // empty string at 1.
  textMatch: (operator, text, pattern) =>
    operator === 'contains'
      ? `strpos(${text}, ${pattern}) > 0`
      : operator === 'startswith'
        ? `starts_with(${text}, ${pattern})`
        : `strpos(reverse(${text}), reverse(${pattern})) = 1`,
  // Day and month are a prefix of the canonical text; the week is postgresWeek.
  dateBucket: (expression, level) =>
    level === 'day'
      ? `left(${expression}, 10) || '${midnight}'`
      : level === 'month'
        ? `left(${expression}, 7) || '-01${midnight}'`
        : postgresWeek(expression),
  columnType: (type) => (type === 'number' ? 'double precision' : type === 'boolean' ? 'boolean' : 'text'),
  indexKey: indexElement,
  // The wire protocol counts parameters in 16 bits.
  maxParameters: 65_535,
  acceptsNul: false,
  // NAMEDATALEN − 1 bytes. A longer name is cut to 63 bytes with only a NOTICE, so two long aliases that
  // share their first 63 bytes become one column of the result.
  identifierLimit: { names: 63, aliases: 63, unit: 'bytes', length: (name) => utf8.encode(name).length },
};

/**
 * The week bucket of a canonical datetime in PostgreSQL, through a timestamp WITHOUT time zone, so that the session's
 * TimeZone plays no part, and to_char, whose output DateStyle does not change. PostgreSQL has no year 0000 (it calls
 * it 1 BC), so a date of that year is read in the year 0400, whose days fall on the same weekdays (the calendar
 * repeats every 400 years); its Saturday and Sunday 0000-01-01/02, whose week began in the year −1, stop at
 * 0000-01-01, the earliest instant the canonical form writes, as bucketStart does. A NULL stays NULL.
 */
function postgresWeek(expression: string): string {
  const mondayOf = (date: string, format: string) =>
    `to_char(date_trunc('week', CAST(${date} AS timestamp)), '${format}')`;
  return [
    `(CASE WHEN left(${expression}, 4) <> '0000' THEN ${mondayOf(`left(${expression}, 10)`, 'YYYY-MM-DD')}`,
    `WHEN substr(${expression}, 6, 5) COLLATE "C" < '01-03' THEN '0000-01-01'`,
    `ELSE '0000' || ${mondayOf(`'0400' || substr(${expression}, 5, 6)`, '-MM-DD')} END) || '${midnight}'`,
  ].join(' ');
}

// SQLite 3.30+, UTF-8 database (the default). Its BINARY collation compares with memcmp, so equality,
// GROUP BY and ORDER BY are exact and in UTF-8 byte order, which is code point order; NULL sorts first.
// It keeps names of any length.
const sqlite: Dialect = {
  engine: 'SQLite',
  placeholder: () => '?',
  // SQLite's built-in lower() folds ASCII only. (A build with the ICU extension replaces it; such a build
  // would fold more letters than the other backends.)
  foldCase: (column) => `lower(${column})`,
  orderKeys: (column) => [column],
  // NULL is the least value: last in descending order.
  descendingOrderKeys: (column) => [`${column} DESC`],
  // instr compares bytes and finds the empty string at 1. SQLite has no reverse(), so a suffix is found by
  // appending the byte FF, which no UTF-8 text holds, to both sides: text || FF holds pattern || FF only at its end.
  textMatch: (operator, text, pattern) =>
    operator === 'contains'
      ? `instr(${text}, ${pattern}) > 0`
      : operator === 'startswith'
        ? `instr(${text}, ${pattern}) = 1`
        : `instr(${text} || X'FF', ${pattern} || X'FF') > 0`,
  // date() works in the proleptic Gregorian calendar, as JavaScript does: back 6 days, then on to a Monday. For
  // 0000-01-01/02 that Monday is in the year −1, which date() writes '-0001-12-27' and which sorts before '0'
  // (a NULL stays NULL in max()): they stop at 0000-01-01, as bucketStart does.
  dateBucket: (expression, level) =>
    level === 'day'
      ? `substr(${expression}, 1, 10) || '${midnight}'`
      : level === 'month'
        ? `substr(${expression}, 1, 7) || '-01${midnight}'`
        : `max(date(substr(${expression}, 1, 10), '-6 days', 'weekday 1'), '0000-01-01') || '${midnight}'`,
  columnType: (type) => (type === 'number' ? 'REAL' : type === 'boolean' ? 'INTEGER' : 'TEXT'),
  indexKey: indexElement,
  // SQLITE_MAX_VARIABLE_NUMBER since 3.32 (999 before).
  maxParameters: 32_766,
  // IS DISTINCT FROM is 3.39.
  isDistinctFrom: (left, right) => [`${left} IS NOT ${right}`],
  // SQLite has no boolean type; 0 and 1 order and group as false and true do.
  bindValue: (value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value),
};

const upperCaseLetters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The week bucket of a canonical datetime in MySQL and MariaDB: CAST(date AS CHAR) is always YYYY-MM-DD, and
 * WEEKDAY() counts from Monday = 0. Their calendar agrees with JavaScript's from 0001-01-01 on (measured on MariaDB
 * 10.11; MySQL documents DATE only from 1000, but its day arithmetic is the same code), but its year 0000 has no
 * 29 February and its weekdays are a day off, and no date before 0001 can be written. So a date of the year 0000
 * is read in the year 0400, whose days fall on the same weekdays (the calendar repeats every 400 years), and its
 * Saturday and Sunday 0000-01-01/02, whose week began in the year −1, stop at 0000-01-01, as bucketStart does.
 */
function mysqlWeek(expression: string): string {
  const mondayOf = (date: string) =>
    `CAST(DATE_SUB(CAST(${date} AS DATE), INTERVAL WEEKDAY(CAST(${date} AS DATE)) DAY) AS CHAR)`;
  return [
    `CONCAT(CASE WHEN SUBSTR(${expression}, 1, 4) <> '0000' THEN ${mondayOf(`SUBSTR(${expression}, 1, 10)`)}`,
    `WHEN SUBSTR(${expression}, 6, 5) < '01-03' THEN '0000-01-01'`,
    `ELSE CONCAT('0000', SUBSTR(${mondayOf(`CONCAT('0400', SUBSTR(${expression}, 5, 6))`)}, 5, 6)) END, '${midnight}')`,
  ].join(' ');
}

/**
 * The MySQL family: MySQL and MariaDB write the same SQL but name their exact collation differently, and each
 * refuses the other's name. `binary` must compare by code point and be NO PAD (trailing spaces count): the
 * default collations ignore case and accents, and the `_bin` ones pad with spaces ('a' = 'a ').
 * Every text comparison, GROUP BY and ORDER BY names it. NULL sorts first in ascending order.
 * Caveat: a server sorts a string by its first max_sort_length bytes (default 1024); raise it for longer text.
 */
function mysqlFamily(engine: string, binary: string): Dialect {
  const exact = (column: string, type: FieldType) => (isText(type) ? `${column} COLLATE ${binary}` : column);
  return {
    engine,
    placeholder: () => '?',
    // LOWER() follows Unicode (it would fold 'À'); REPLACE() matches bytes, so 26 of them fold exactly A–Z.
    foldCase: (column) =>
      [...upperCaseLetters].reduce(
        (expression, letter) => `REPLACE(${expression}, '${letter}', '${letter.toLowerCase()}')`,
        `${column} COLLATE ${binary}`,
      ),
    orderKeys: (column, type) => [exact(column, type)],
    // NULL is the least value: last in descending order.
    descendingOrderKeys: (column, type) => [`${exact(column, type)} DESC`],
    // The text side already names the binary collation (exactText, foldCase), which LOCATE follows; it finds the
    // empty string at 1, and REVERSE works on characters.
    textMatch: (operator, text, pattern) =>
      operator === 'contains'
        ? `LOCATE(${pattern}, ${text}) > 0`
        : operator === 'startswith'
          ? `LOCATE(${pattern}, ${text}) = 1`
          : `LOCATE(REVERSE(${pattern}), REVERSE(${text})) = 1`,
    // Day and month are a prefix of the canonical text; the week is mysqlWeek.
    dateBucket: (expression, level) => {
      if (level === 'day') return `CONCAT(SUBSTR(${expression}, 1, 10), '${midnight}')`;
      if (level === 'month') return `CONCAT(SUBSTR(${expression}, 1, 7), '-01${midnight}')`;
      return mysqlWeek(expression);
    },
    // TEXT, not VARCHAR: a row's VARCHARs share a 65,535-byte limit, which a few VARCHAR(4000)s in utf8mb4 exceed.
    columnType: (type) =>
      type === 'number' ? 'DOUBLE' : type === 'boolean' ? 'BOOLEAN' : `TEXT CHARACTER SET utf8mb4 COLLATE ${binary}`,
    maxParameters: 65_535,
    quoteIdentifier: quoteWith('`', '`'),
    exactText: (column) => `${column} COLLATE ${binary}`,
    // <=> is the null-safe equality; it is never NULL, so NOT over it is two-valued.
    isDistinctFrom: (left, right) => [`NOT (${left} <=> ${right})`],
    groupKeys: (column, type) => [exact(column, type)],
    // A TEXT column takes only a prefix index, and a functional index cannot return TEXT (the folded REPLACE chain
    // does): only numbers and booleans are indexed.
    indexKey: (key, column, type) => (key === column && !isText(type) ? key : undefined),
    // The very expression of GROUP BY, which ONLY_FULL_GROUP_BY accepts in the select list.
    groupedValue: exact,
    // "Identifier Length Limits" (MariaDB's "Identifier Names" agree): 64 characters for a table or a column,
    // 256 for an alias.
    identifierLimit: { names: 64, aliases: 256, unit: 'characters', length: (name) => [...name].length },
  };
}

// MySQL 8.0+, utf8mb4 connection: utf8mb4_0900_bin is its binary NO PAD collation (utf8mb4_bin pads).
const mysql: Dialect = /* @__PURE__ */ mysqlFamily('MySQL', 'utf8mb4_0900_bin');

// MariaDB 10.2+ (tested on 10.11), utf8mb4 connection: MySQL's SQL under utf8mb4_nopad_bin, its binary NO PAD
// collation. MariaDB knows no utf8mb4_0900_bin (ER_UNKNOWN_COLLATION), and MySQL no utf8mb4_nopad_bin, so one text
// cannot serve both; binary strings (CAST … AS BINARY) could, but grouped values would come back as bytes.
const mariadbBinary = 'utf8mb4_nopad_bin';
const mariadb: Dialect = {
  .../* @__PURE__ */ mysqlFamily('MariaDB', mariadbBinary),
  // With a LIMIT, MariaDB sorts by fixed-length keys padded with zero bytes, where 'a' and 'a\u0000' tie and come
  // back in any order; the length in bytes then puts the shorter first, as code point order does.
  orderKeys: (column, type) => (isText(type) ? [`${column} COLLATE ${mariadbBinary}`, `LENGTH(${column})`] : [column]),
  descendingOrderKeys: (column, type) =>
    isText(type) ? [`${column} COLLATE ${mariadbBinary} DESC`, `LENGTH(${column}) DESC`] : [`${column} DESC`],
  // Under ONLY_FULL_GROUP_BY MariaDB refuses `col COLLATE …` in the select list even beside the same expression in
  // GROUP BY ("isn't in GROUP BY"). Every row of a group holds the same text, so MIN() is that text.
  groupedValue: (column, type) => (isText(type) ? `MIN(${column})` : column),
};

const mssqlBinary = 'Latin1_General_100_BIN2_UTF8';
// The UTF-8 bytes of the text (code point order, unlike UTF-16 code units, which put supplementary
// characters before U+E000) and then DATALENGTH, which tells apart values that differ only in trailing
// spaces (or in trailing U+0000: binary comparison ignores trailing zero bytes).
const mssqlKeys = (column: string, type: FieldType) =>
  isText(type)
    ? [`CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), ${column} COLLATE ${mssqlBinary}))`, `DATALENGTH(${column})`]
    : [column];

// SQL Server 2019+. BIN2 collations compare exactly, but SQL Server pads the shorter string with spaces
// before every comparison, under every collation, so 'a' = 'a ' and GROUP BY puts them together. Hence
// equality compares the text with a '.' appended on both sides: two strings that end in '.' are equal only
// when identical. (LEN(x + '.') would count a supplementary character once or twice depending on the
// collation; the appended '.' needs no such care and also works inside IN lists.) GROUP BY and ORDER BY use
// mssqlKeys. NULL sorts first in ascending order.
const mssql: Dialect = {
  engine: 'SQL Server',
  placeholder: (index) => `@p${index}`,
  // TRANSLATE under a binary collation replaces exactly A–Z; LOWER() would fold other letters too.
  foldCase: (column) =>
    `TRANSLATE(${column} COLLATE ${mssqlBinary}, '${upperCaseLetters}', '${upperCaseLetters.toLowerCase()}')`,
  orderKeys: mssqlKeys,
  // NULL is the least value: last in descending order.
  descendingOrderKeys: (column, type) => mssqlKeys(column, type).map((key) => `${key} DESC`),
  // The UTF-8 keys order by code point, and DATALENGTH counts the trailing spaces that `<` would ignore.
  rangeKeys: mssqlKeys,
  // CHARINDEX follows the binary collation the text side names, and counts trailing spaces; but it finds the
  // empty string nowhere (0), so 1 − SIGN(DATALENGTH(pattern)) adds 1 exactly when the pattern is empty (LEN
  // would ignore its trailing spaces). A NULL text stays NULL. REVERSE keeps surrogate pairs whole under a
  // UTF-8 collation.
  textMatch: (operator, text, pattern) => {
    const emptyIsOne = `1 - SIGN(DATALENGTH(${pattern}))`;
    if (operator === 'contains') return `CHARINDEX(${pattern}, ${text}) + ${emptyIsOne} > 0`;
    if (operator === 'startswith') return `CHARINDEX(${pattern}, ${text}) + ${emptyIsOne} = 1`;
    return `CHARINDEX(REVERSE(${pattern} COLLATE ${mssqlBinary}), REVERSE(${text})) + ${emptyIsOne} = 1`;
  },
  // DATE and CONVERT style 23 (yyyy-mm-dd) cover the years 0001 to 9999; 0001-01-01 is a Monday, so the days since
  // it, modulo 7, are the days since the week's Monday (DATEPART(WEEKDAY) would follow SET DATEFIRST).
  dateBucket: (expression, level) => {
    if (level === 'day') return `SUBSTRING(${expression}, 1, 10) + N'${midnight}'`;
    if (level === 'month') return `SUBSTRING(${expression}, 1, 7) + N'-01${midnight}'`;
    const date = `CONVERT(DATE, SUBSTRING(${expression}, 1, 10), 23)`;
    const daysSinceMonday = `DATEDIFF(DAY, CONVERT(DATE, '00010101', 112), ${date}) % 7`;
    return `CONVERT(NVARCHAR(10), DATEADD(DAY, -(${daysSinceMonday}), ${date}), 23) + N'${midnight}'`;
  },
  // NVARCHAR: drivers bind strings as NVARCHAR, so the column needs no conversion to be compared; 4000 is the
  // longest that can still be an index key. The binary collation makes ad hoc queries exact too.
  columnType: (type) =>
    type === 'number' ? 'FLOAT' : type === 'boolean' ? 'BIT' : `NVARCHAR(4000) COLLATE ${mssqlBinary}`,
  maxParameters: 2_100,
  quoteIdentifier: /* @__PURE__ */ quoteWith('[', ']'),
  exactText: (column) => `${column} COLLATE ${mssqlBinary}`,
  comparedText: (expression) => `${expression} + N'.'`,
  // SQL Server has no null-safe comparison operator before 2022 (IS DISTINCT FROM).
  isDistinctFrom: (left, right, column) => [`${left} <> ${right}`, `${column} IS NULL`],
  groupKeys: mssqlKeys,
  // Every row of a group holds the same value, so MIN() is that value; a bare column would not be valid
  // beside the UTF-8 keys in GROUP BY.
  groupedValue: (column, type) => (isText(type) ? `MIN(${column})` : column),
  // SQL Server indexes a computed column, never an expression: only bare columns, the snapshot and non-text ones
  // (text is compared through a collation and `+ N'.'`). A snapshot is 24 characters, far below the 1700-byte
  // key limit that CREATE INDEX warns of for NVARCHAR(4000).
  indexKey: (key, column) => (key === column ? key : undefined),
  // OFFSET … FETCH is SQL Server's paging; it needs an ORDER BY, which every compiled SELECT has.
  paging: (limit, offset) => `OFFSET ${offset} ROWS FETCH NEXT ${limit} ROWS ONLY`,
  // "The number of row value expressions in the INSERT statement exceeds the maximum allowed number of 1000."
  maxRowsPerInsert: 1_000,
  // sysname is NVARCHAR(128): 128 UTF-16 code units, so a character beyond the BMP counts twice.
  identifierLimit: { names: 128, aliases: 128, unit: 'UTF-16 code units', length: (name) => name.length },
};

const lowerCaseLetters = upperCaseLetters.toLowerCase();

// DuckDB 1.1+. VARCHAR compares, groups and orders by bytes of UTF-8, which is code point order, as long as the
// database sets no default_collation. Names need no qualifying: a column wins over a select-list alias.
const duckdb: Dialect = {
  engine: 'DuckDB',
  placeholder: (index) => `$${index}`,
  // lower() follows Unicode (it folds 'À'); translate() maps exactly the 26 letters.
  foldCase: (column) => `translate(${column}, '${upperCaseLetters}', '${lowerCaseLetters}')`,
  // DuckDB puts NULL last in ascending order unless told otherwise.
  orderKeys: (column) => [`${column} NULLS FIRST`],
  // reverse() reverses grapheme clusters, so a suffix test through it would miss a combining mark: ends_with
  // compares the characters themselves. All three find the empty string.
  textMatch: (operator, text, pattern) =>
    operator === 'contains'
      ? `contains(${text}, ${pattern})`
      : operator === 'startswith'
        ? `starts_with(${text}, ${pattern})`
        : `ends_with(${text}, ${pattern})`,
  // DuckDB's dates reach the year 0000 and before: the week of 0000-01-01/02 begins in the year −1, which strftime
  // writes '-1-12-27'; those two days stop at 0000-01-01, as bucketStart does. A NULL stays NULL.
  dateBucket: (expression, level) => {
    if (level === 'day') return `left(${expression}, 10) || '${midnight}'`;
    if (level === 'month') return `left(${expression}, 7) || '-01${midnight}'`;
    const monday = `strftime(date_trunc('week', CAST(left(${expression}, 10) AS DATE)), '%Y-%m-%d')`;
    return `(CASE WHEN left(${expression}, 10) < '0000-01-03' THEN '0000-01-01' ELSE ${monday} END) || '${midnight}'`;
  },
  columnType: (type) => (type === 'number' ? 'DOUBLE' : type === 'boolean' ? 'BOOLEAN' : 'VARCHAR'),
  // DuckDB sets no limit of its own; this is PostgreSQL's, which keeps a statement portable to its wire protocol.
  maxParameters: 65_535,
  // DuckDB stores U+0000, but once in a differential run (1.5.6) a filter over text holding it missed a matching
  // row, which a replay did not repeat: refused, as on PostgreSQL, rather than risk a wrong answer.
  acceptsNul: false,
};

/** The ClickHouse type a parameter is declared with: that of the value bound; NULL's own type takes any column. */
function clickhouseType(value: Value): string {
  if (value === null) return 'Nullable(Nothing)';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'number':
      return 'Float64';
    case 'boolean':
      return 'Bool';
    default:
      return assertNever(value);
  }
}

// ClickHouse 24.3+ (the analyzer). String holds bytes and compares, groups and orders them, which for UTF-8 is code
// point order; lower() folds ASCII only (lowerUTF8 would fold more). Every column is Nullable: a plain column
// would store a NULL as '' or 0 without a word. Parameters are typed (`{p1:String}`): the driver sends the values
// by name, p1, p2, … (chdb's queryBind, @clickhouse/client's query_params). An alias of the select list stands for
// any column of its name in the whole SELECT, WHERE and GROUP BY too, so every column is qualified by its table.
const clickhouse: Dialect = {
  engine: 'ClickHouse',
  placeholder: (index, value) => `{p${index}:${clickhouseType(value)}}`,
  foldCase: (column) => `lower(${column})`,
  // ClickHouse puts NULL last in ascending order unless told otherwise.
  orderKeys: (column) => [`${column} NULLS FIRST`],
  // Within a quoted name ClickHouse reads backslash escapes too: a backslash is doubled along with the quote.
  quoteIdentifier: (name) => `"${name.replaceAll('\\', '\\\\').replaceAll('"', '""')}"`,
  qualifiedColumn: (table, column) => `${table}.${column}`,
  // They compare bytes: a match of valid UTF-8 bytes is a match of characters. All three find the empty string.
  textMatch: (operator, text, pattern) =>
    operator === 'contains'
      ? `position(${text}, ${pattern}) > 0`
      : operator === 'startswith'
        ? `startsWith(${text}, ${pattern})`
        : `endsWith(${text}, ${pattern})`,
  dateBucket: (expression, level) =>
    level === 'day'
      ? `substring(${expression}, 1, 10) || '${midnight}'`
      : level === 'month'
        ? `substring(${expression}, 1, 7) || '-01${midnight}'`
        : clickhouseWeek(expression),
  columnType: (type) =>
    type === 'number' ? 'Nullable(Float64)' : type === 'boolean' ? 'Nullable(Bool)' : 'Nullable(String)',
  // No key of the table's own: filterby's queries read every row, and a Nullable column cannot be a key unless
  // allow_nullable_key is set. Give a MergeTree your own ORDER BY by overriding tableOptions.
  tableOptions: 'ENGINE = MergeTree ORDER BY tuple()',
  // Sent as their shortest round-trip decimal text, which ClickHouse reads back into the same Float64: drivers send
  // every parameter as text anyway, and chdb refuses a number beyond ±2^53 that it would have to write itself.
  bindValue: (value) => (typeof value === 'number' ? String(value) : value),
  // ClickHouse reads a query of up to max_query_size (256 KiB) of text: 10,000 placeholders take about 150 KiB.
  maxParameters: 10_000,
  // Parameters in VALUES go through the expression parser, in time that grows faster than the rows (measured on
  // chdb 3.4.0: 1,000 parameters in 0.5 s, 2,000 in 2.6 s, 20,000 in 159 s). Bulk loads belong to ClickHouse's
  // own formats (JSONEachRow); these INSERTs are for tests and small tables.
  maxRowsPerInsert: 100,
};

/**
 * The week bucket of a canonical datetime in ClickHouse. Date32 reaches only 1900 to 2299, exactly 400 years, after
 * which the Gregorian calendar (weekdays included) repeats: the date is read in its year moved into that range, its
 * Monday found there, and the year moved back. The week of 0000-01-01/02 began in the year −1: it stops at
 * 0000-01-01, as bucketStart does. (toMonday would return a Date, which ends in 2149.) A NULL stays NULL.
 */
function clickhouseWeek(expression: string): string {
  const year = `toInt32(substring(${expression}, 1, 4))`;
  const yearInRange = `(1900 + (${year} + 100) % 400)`;
  const date = `toDate32(concat(toString(${yearInRange}), substring(${expression}, 5, 6)))`;
  const monday = `subtractDays(${date}, toDayOfWeek(${date}) - 1)`;
  const mondayYear = `(toYear(${monday}) + ${year} - ${yearInRange})`;
  const written = `concat(leftPad(toString(${mondayYear}), 4, '0'), formatDateTime(${monday}, '-%m-%d'))`;
  return `if(${mondayYear} < 0, '0000-01-01', ${written}) || '${midnight}'`;
}

/** The built-in dialects by name; frozen, so change one by spreading it: `{ ...dialects.postgres, paging }`. */
export const dialects = /* @__PURE__ */ freezeAll({ postgres, sqlite, mysql, mssql, mariadb, duckdb, clickhouse });

export type DialectName = keyof typeof dialects;

/** The names of the built-in dialects: `postgres`, `sqlite`, `mysql`, `mssql`, `mariadb`, `duckdb`, `clickhouse`. */
export const dialectNames = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(dialects) as DialectName[]);

function freezeAll<T extends Record<string, Dialect>>(record: T): Readonly<T> {
  for (const dialect of Object.values(record)) {
    if (dialect.identifierLimit !== undefined) Object.freeze(dialect.identifierLimit);
    Object.freeze(dialect);
  }
  return Object.freeze(record);
}
