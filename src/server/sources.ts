// Where the reference server's rows come from: an array in memory (runQuery), a PostgreSQL table through pg,
// or any database through the caller's own `(text, values) → rows` function (toSql). Either way a source
// answers one page of one query, never the whole table.

import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { nextPageSkip } from '../engine.js';
import {
  createRowStore,
  type Dialect,
  type DialectName,
  type Field,
  FilterError,
  type Query,
  type ResponseBody,
  runQuery,
  type Schema,
  toQueryString,
  toResponseBody,
  toSql,
  toSqlCount,
} from '../index.js';
import { ownProperties } from '../own.js';
import { readDialect } from '../sql/statement.js';
import { fieldsOf, readField } from '../values.js';

/**
 * A source that cannot answer at all (no pg, no database, no table): what went wrong, and what to do about
 * it, for the person starting the server.
 */
export class SourceError extends Error {
  constructor(
    message: string,
    /** The next step that fits this failure: a sentence such as "Install it: npm install pg". */
    readonly hint: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** A row as it goes out in a response body. */
export type ResponseRow = Record<string, unknown>;

/**
 * The rows of a page as they go out, the same from every source: without groupby every schema field, in
 * schema order; with it the groupby fields, then every measure. Each value is read as every backend reads
 * it (readField): a missing key or a wrong-typed value is null, a datetime is canonical
 * (`2024-01-31T00:00:00.000Z`), and keys outside the schema are never sent.
 */
export function wireRows(rows: readonly object[], query: Query, schema: Schema): ResponseRow[] {
  const fields = fieldsOf(schema);
  const shown =
    query.groupBy === undefined || query.groupBy.length === 0
      ? fields
      : [
          ...query.groupBy.map((name) => fields.find((field) => field.name === name) as Field),
          ...fields.filter((field) => field.isMeasure),
        ];
  return rows.map((row) => {
    const wire: ResponseRow = {};
    for (const field of shown) wire[field.name] = readField(row, field);
    return wire;
  });
}

/** Answers a query, one page at a time; `baseUrl` is the URL (with its path) that `@nextLink` points to. */
export interface RowSource {
  /** What the server is serving, for its start-up line: `5000 generated sample rows`. */
  readonly description: string;
  /** The schema of the rows, which the server reads every request with: the source's own, never another. */
  readonly schema: Schema;
  answer(query: Query, baseUrl: string): Promise<ResponseBody<ResponseRow>>;
  /** Rejects, saying why, when the source cannot answer at all (no database, no table); run before serving. */
  check?(): Promise<void>;
  /** Releases what the source holds (the pg pool); the server calls it once, after the last request. */
  close(): Promise<void>;
}

/** How memorySource holds its rows. */
export interface MemorySourceOptions {
  /**
   * `true` (the default): a createRowStore of the rows, whose indexes answer `eq`, `in`, `or` and `and` filters
   * from the rows they can match; the rows must then not change while served. `false`: runQuery scans them all
   * for every request.
   */
  readonly index?: boolean;
}

/**
 * Rows held in memory: the bundled sample, or a file the user loaded. Answered by a createRowStore of them (the
 * answers runQuery gives, from indexes built once), or by runQuery's scan with `{ index: false }`.
 *
 * @example
 * const source = memorySource(sampleLicenseUsage(2500, 40), partnerCenter.licenseUsage, '5000 sample rows');
 */
export function memorySource(
  rows: readonly object[],
  schema: Schema,
  description = `${rows.length} rows in memory`,
  options: MemorySourceOptions = {},
): RowSource {
  const { index = true } =
    typeof options === 'object' && options !== null ? ownProperties(options, ['index']) : { index: undefined };
  if (typeof index !== 'boolean') {
    throw new FilterError('INVALID_PARAMETER', `memorySource's index option is true or false; got ${String(index)}`, {
      param: 'index',
    });
  }
  const store = index ? createRowStore(rows, { schema }) : undefined;
  return {
    description,
    schema,
    async answer(query, baseUrl) {
      const result = store === undefined ? runQuery(rows, query, { schema, baseUrl }) : store.query(query, { baseUrl });
      const body = toResponseBody(result);
      return { ...body, Value: wireRows(body.Value, query, schema) };
    },
    async close() {},
  };
}

export interface PostgresSourceOptions {
  readonly connectionString: string;
  readonly schema: Schema;
  /** Connections in the pool; default 10. */
  readonly maxConnections?: number;
  /** Milliseconds a statement may run before PostgreSQL cancels it; default 30 000. */
  readonly statementTimeout?: number;
  /** Told the text of every statement sent, for logs (values are never included). */
  readonly onStatement?: (text: string) => void;
}

/**
 * A PostgreSQL table with the schema's columns (as `toCreateTable` makes it), read through `pg`, which is
 * imported only here and only when asked for, so the library and the CLI run without it installed.
 * Each request is one page (`toSql`: LIMIT/OFFSET) and one count (`toSqlCount`), read in one read-only
 * REPEATABLE READ transaction so that the page and `TotalCount` see the same snapshot of the table.
 */
export async function postgresSource(options: PostgresSourceOptions): Promise<RowSource> {
  const { schema } = options;
  // A schema whose names PostgreSQL would cut short fails here (INVALID_SCHEMA), before any request.
  toSqlCount({}, { schema, dialect: 'postgres' });
  const pg = await importPg();
  const pool: Pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    statement_timeout: options.statementTimeout ?? 30_000,
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that would end
  // the process. The next request gets a fresh connection instead.
  pool.on('error', () => {});
  const host = safeHost(options.connectionString);
  return {
    description: `the table ${schema.table} of PostgreSQL at ${host}`,
    schema,
    async answer(query, baseUrl) {
      // Compiled before connecting: a literal PostgreSQL cannot hold is refused without a statement sent.
      const statements = sqlStatements(query, { schema, dialect: 'postgres' });
      const client = await pool.connect();
      const run = async (text: string, values: readonly unknown[] = []) => {
        options.onStatement?.(text);
        return (await client.query<QueryResultRow>(text, [...values])).rows;
      };
      let isDone = false;
      try {
        await run('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const body = await readPage(statements, query, baseUrl, schema, run);
        await run('COMMIT');
        isDone = true;
        return body;
      } finally {
        await release(client, isDone);
      }
    },
    async check() {
      // Reads no row: only that the database answers and the table has every column toSql will name.
      const postgres = readDialect('postgres');
      const columns = fieldsOf(schema).map((field) => postgres.quoteIdentifier(field.column));
      try {
        await pool.query(`SELECT ${columns.join(', ')} FROM ${postgres.quoteIdentifier(schema.table)} LIMIT 0`);
      } catch (error) {
        throw new SourceError(
          `cannot read the table ${schema.table} of PostgreSQL at ${host}: ${(error as Error).message}`,
          postgresHint(error),
        );
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Runs one statement and resolves to its rows: `pool.query(text, values)` and `.rows`, or your driver's. */
export type RunStatement = (text: string, values: readonly unknown[]) => Promise<readonly object[]>;

export interface SqlSourceOptions {
  readonly schema: Schema;
  /** The SQL the statements are written in: a built-in dialect's name, or a dialect object. */
  readonly dialect: DialectName | Dialect;
  /**
   * Runs a statement with its values bound as parameters (never spliced into the text) and resolves to the
   * rows, keyed by the column names the statement gives (the schema's field names).
   */
  readonly query: RunStatement;
  /** What is served, for logs; default "the table <table> through a query function". */
  readonly description?: string;
  /** Releases what the source holds (your pool); default nothing: the pool stays yours to end. */
  readonly close?: () => Promise<void>;
}

/**
 * The schema's table in any database, read through the caller's own driver: each request is one page
 * (`toSql`) and one count (`toSqlCount`), two calls of `query`. They are two statements: where the table
 * changes between them, run them in one snapshot (pg: postgresSource) or accept a TotalCount off by the change.
 *
 * @example
 * const source = sqlSource({ schema, dialect: 'postgres', query: async (text, values) => (await pool.query(text, [...values])).rows });
 */
export function sqlSource(options: SqlSourceOptions): RowSource {
  const { schema, dialect, query: run } = options;
  if (typeof run !== 'function') {
    throw new FilterError('INVALID_PARAMETER', 'sqlSource needs query: a function (text, values) => Promise<rows>', {
      param: 'query',
    });
  }
  // A bad dialect, or a schema whose names the dialect would cut short, fails here, before any request.
  toSqlCount({}, { schema, dialect });
  return {
    description: options.description ?? `the table ${schema.table} through a query function`,
    schema,
    answer: (query, baseUrl) => readPage(sqlStatements(query, { schema, dialect }), query, baseUrl, schema, run),
    close: options.close ?? (async () => {}),
  };
}

/** The two statements of one request: its page, and the count of what it matches for TotalCount. */
function sqlStatements(query: Query, options: { readonly schema: Schema; readonly dialect: DialectName | Dialect }) {
  return { page: toSql(query, options), count: toSqlCount(query, options) };
}

/** One page and its TotalCount, read with the two statements through `run`: what every SQL source answers. */
async function readPage(
  { page, count }: ReturnType<typeof sqlStatements>,
  query: Query,
  baseUrl: string,
  schema: Schema,
  run: RunStatement,
): Promise<ResponseBody<ResponseRow>> {
  const rows = rowsOf(await run(page.text, page.values), 'page');
  const [counted] = rowsOf(await run(count.text, count.values), 'count');
  const totalCount = countOf((counted as { totalCount?: unknown } | undefined)?.totalCount);
  if (totalCount === undefined) {
    throw new Error(
      `The count statement's row has no totalCount a count can be read from: ${describeRow(counted)}; the query function must resolve to the rows, keyed by column name`,
    );
  }
  return bodyOf(wireRows(countsAsNumbers(rows, schema), query, schema), totalCount, query, baseUrl);
}

/** The rows a query function resolved to, refused (a server error, not a silent empty page) unless rows. */
function rowsOf(result: unknown, which: 'page' | 'count'): readonly ResponseRow[] {
  const isRows =
    Array.isArray(result) && result.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row));
  if (!isRows) {
    throw new Error(
      `The query function resolved to ${describeRow(result)} for the ${which} statement; it must resolve to an array of rows (objects keyed by column name), such as pg's result.rows`,
    );
  }
  return result as readonly ResponseRow[];
}

/** A count as a driver hands it over: a number, a bigint, or (pg, for a bigint) digits as text. */
function countOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'bigint')
    return value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

function describeRow(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null || typeof value !== 'object') return String(value);
  return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
}

/**
 * The rows with every count measure a number: pg hands a bigint (COUNT(*) is one) over as text, to keep its
 * precision, and other drivers as a bigint, which readField would read as a wrong-typed null. A count of rows
 * fits a double exactly.
 */
function countsAsNumbers(rows: readonly ResponseRow[], schema: Schema): readonly ResponseRow[] {
  const counts = fieldsOf(schema).filter((field) => field.aggregate === 'count');
  if (counts.length === 0) return rows;
  return rows.map((row) => {
    const read = { ...row };
    for (const field of counts) {
      const count = countOf(read[field.name]);
      if (count !== undefined) read[field.name] = count;
    }
    return read;
  });
}

// The same body runQuery gives: the next link is the same request with skip advanced, while rows remain.
function bodyOf(rows: ResponseRow[], totalCount: number, query: Query, baseUrl: string): ResponseBody<ResponseRow> {
  const nextSkip = nextPageSkip(query.skip, query.top, totalCount);
  if (nextSkip === undefined) return { Value: rows, TotalCount: totalCount };
  const link = `${baseUrl}?${toQueryString({ ...query, skip: nextSkip })}`;
  return { Value: rows, '@nextLink': link, TotalCount: totalCount };
}

// A client whose transaction failed midway is rolled back before it goes back to the pool; if even that
// fails, the connection is dropped rather than handed to the next request in an unknown state.
async function release(client: PoolClient, isDone: boolean): Promise<void> {
  if (isDone) {
    client.release();
    return;
  }
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (error) {
    client.release(error as Error);
  }
}

type PgModule = typeof import('pg');

async function importPg(): Promise<PgModule> {
  try {
    const imported = (await import('pg')) as PgModule & { default?: PgModule };
    // pg is CommonJS: under ESM its exports arrive on `default`.
    return imported.default ?? imported;
  } catch {
    throw new SourceError(
      "reading PostgreSQL needs the 'pg' package, which is not installed",
      'Install it where filterby is installed: npm install pg',
    );
  }
}

/**
 * What to do about a failure to read the table, by the error's code: a network error's (`ECONNREFUSED`) or
 * PostgreSQL's SQLSTATE (`28P01`).
 */
export function postgresHint(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'EAI_AGAIN':
      return "Check that PostgreSQL is running and reachable there, and the URL's host and port.";
    // invalid_password, invalid_authorization_specification
    case '28P01':
    case '28000':
      return 'Check the user name and password; to keep the password out of the process list, put it in PGPASSWORD (or ~/.pgpass) and leave it out of the URL.';
    // invalid_catalog_name: the database does not exist
    case '3D000':
      return 'Check the database name at the end of the URL.';
    // undefined_table
    case '42P01':
      return 'Create the table (toCreateTable gives its CREATE TABLE), or name the table to serve with --table.';
    // undefined_column
    case '42703':
      return 'The table needs a column for every field of the schema: describe your table with --schema FILE.';
    // insufficient_privilege
    case '42501':
      return 'Grant the user SELECT on the table.';
    default:
      return 'Check --database-url (or DATABASE_URL) and that PostgreSQL answers there.';
  }
}

/** The host and database of a connection string, without the password, for messages. */
function safeHost(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.host}${url.pathname}`;
  } catch {
    return 'the given address';
  }
}
