// The embedded SQL engines of the differential suite (PGlite, sql.js; the servers each have a file in engines/), and
// what it takes to compare their answers with the in-memory engine's: loading rows, reading results back, and undoing
// representation only.

import { PGlite } from '@electric-sql/pglite';
import initSqlJs, { type Database, type SqlValue } from 'sql.js';
import type { Field, Schema } from '../../src/schema.js';
import { findField } from '../../src/schema.js';
import { fieldsOf, readField } from '../../src/values.js';
import { absent } from './arbitraries.js';

export type RunnableDialect = 'postgres' | 'sqlite' | 'mariadb' | 'duckdb' | 'clickhouse';
export type Dialect = RunnableDialect | 'mysql' | 'mssql';
export const dialects: readonly Dialect[] = ['postgres', 'sqlite', 'mysql', 'mssql', 'mariadb', 'duckdb', 'clickhouse'];

/** What every compile function returns: text with placeholders, and the values bound to them. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** One database, embedded or a server, driven the same way whatever it is. */
export interface Engine {
  readonly dialect: RunnableDialect;
  /** Runs statements without parameters (DDL); several may be separated by `;`. */
  exec(text: string): Promise<void>;
  query(statement: Statement): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** PGlite: PostgreSQL compiled to WebAssembly. Starting one takes seconds, so a suite shares one. */
export async function startPostgres(): Promise<Engine> {
  const database = await PGlite.create();
  return {
    dialect: 'postgres',
    async exec(text) {
      await database.exec(text);
    },
    async query({ text, values }) {
      const result = await database.query<Record<string, unknown>>(text, [...values]);
      return result.rows;
    },
    async close() {
      await database.close();
    },
  };
}

/** sql.js: SQLite compiled to WebAssembly. */
export async function startSqlite(): Promise<Engine> {
  const SQL = await initSqlJs();
  const database: Database = new SQL.Database();
  return {
    dialect: 'sqlite',
    async exec(text) {
      database.exec(text);
    },
    async query({ text, values }) {
      const statement = database.prepare(text);
      try {
        statement.bind(values as SqlValue[]);
        const rows: Record<string, unknown>[] = [];
        while (statement.step()) rows.push(statement.getAsObject());
        return rows;
      } finally {
        statement.free();
      }
    },
    async close() {
      database.close();
    },
  };
}

/** An identifier in double quotes, the way PostgreSQL and SQLite both read it; for the suite's own SQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `SELECT` of every schema column, aliased to its field name (as toSql does without groupby), from the table. */
export function selectAllColumns(schema: Schema): string {
  const columns = fieldsOf(schema).map((field) => `${quoteIdentifier(field.column)} AS ${quoteIdentifier(field.name)}`);
  return `SELECT ${columns.join(', ')} FROM ${quoteIdentifier(schema.table)}`;
}

/** Rows in the table right now, or an error if the table is gone. */
export async function countTableRows(engine: Engine, schema: Schema): Promise<number> {
  const rows = await engine.query({ text: `SELECT COUNT(*) AS n FROM ${quoteIdentifier(schema.table)}`, values: [] });
  return Number(rows[0]?.n);
}

// ---- results, with representation undone ----

/** A row as the comparison sees it: field name → value, -0 written as 0. */
export type PlainRow = Record<string, unknown>;

/**
 * A result row of an SQL engine, in the in-memory engine's representation. Only representation is undone:
 * SQLite's 0/1 for booleans, PostgreSQL's NUMERIC (SUM of integers) as text and timestamps as Date, -0.
 * A column that is not a schema field is kept as it is, so that an extra column shows as a difference.
 */
export function fromSqlRow(row: Record<string, unknown>, schema: Schema): PlainRow {
  const plain: PlainRow = {};
  for (const [name, raw] of Object.entries(row)) {
    const field = findField(schema, name);
    plain[name] = field === undefined ? raw : fromSqlValue(raw, field);
  }
  return plain;
}

function fromSqlValue(raw: unknown, field: Field): unknown {
  if (raw === null) return null;
  switch (field.type) {
    case 'boolean':
      return raw === 1 ? true : raw === 0 ? false : raw;
    case 'number':
      if (typeof raw === 'bigint') return Number(raw);
      if (typeof raw === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(raw)) return zeroSigned(Number(raw));
      return zeroSigned(raw);
    case 'datetime':
      return raw instanceof Date ? raw.toISOString() : raw;
    default:
      return raw;
  }
}

/** An input row as a result row without groupby: every schema field, read as every backend must read it. */
export function projectRow(row: object, schema: Schema): PlainRow {
  const plain: PlainRow = {};
  for (const field of fieldsOf(schema)) plain[field.name] = zeroSigned(readField(row, field));
  return plain;
}

/** A group row of the in-memory engine, -0 written as 0, nothing else touched. */
export function plainGroupRow(row: object): PlainRow {
  const plain: PlainRow = {};
  for (const [name, value] of Object.entries(row)) plain[name] = zeroSigned(value);
  return plain;
}

function zeroSigned(value: unknown): unknown {
  return Object.is(value, -0) ? 0 : value;
}

// ---- showing values in failure messages ----

/**
 * A value as a person debugging a failure needs to see it: strings with invisible, private-use, astral and
 * non-ASCII characters escaped (`\u{E000}`), -0, NaN, Dates, missing and inherited properties told apart.
 */
export function show(value: unknown): string {
  if (value === absent) return '<missing>';
  if (typeof value === 'string') return `'${escapeText(value)}'`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const prototype = Object.getPrototypeOf(value);
    const tag = prototype === null ? 'null-prototype ' : prototype === Object.prototype ? '' : 'inheriting ';
    const entries = Object.entries(value).map(([key, item]) => `${key}: ${show(item)}`);
    return `${tag}{ ${entries.join(', ')} }`;
  }
  return String(value);
}

export function escapeText(text: string): string {
  return escapeInvisible(text, "'");
}

/**
 * Text with everything but printable ASCII written `\u{…}`, and a backslash (and `quote`, if given) written
 * with a backslash before it: filter text as it reads in a failure message, whatever it holds.
 */
export function escapeInvisible(text: string, quote = ''): string {
  let escaped = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === '\\') escaped += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) escaped += char;
    else escaped += `\\u{${code.toString(16).toUpperCase()}}`;
  }
  return escaped;
}

/** A statement as a failure message shows it. */
export function showStatement(statement: Statement): string {
  return `${statement.text}\n    values: ${show([...statement.values])}`;
}

/** The first index where two row lists differ, with both sides, or undefined when they are equal. */
export function firstDifference(
  expected: readonly PlainRow[],
  actual: readonly PlainRow[],
  equal: (a: PlainRow, b: PlainRow) => boolean,
): string | undefined {
  const length = Math.max(expected.length, actual.length);
  for (let index = 0; index < length; index++) {
    const a = expected[index];
    const b = actual[index];
    if (a === undefined || b === undefined || !equal(a, b)) {
      return [
        `first difference at row ${index} (memory has ${expected.length} rows, SQL ${actual.length}):`,
        `    memory: ${a === undefined ? '<none>' : show(a)}`,
        `    SQL:    ${b === undefined ? '<none>' : show(b)}`,
      ].join('\n');
    }
  }
  return undefined;
}

/** A list of rows, one per line, for failure messages. */
export function showRows(rows: readonly unknown[]): string {
  return rows.length === 0 ? '    (none)' : rows.map((row, index) => `    ${index}: ${show(row)}`).join('\n');
}

/** A row as text, to put two lists of rows in one order before comparing them as multisets. */
export function sortKey(row: PlainRow): string {
  return JSON.stringify(
    Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)),
    (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value),
  );
}
