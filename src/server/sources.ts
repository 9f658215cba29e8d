// Where the reference server's rows come from: an array in memory (runQuery), or a PostgreSQL table (toSql).
// Either way a source answers one page of one query, never the whole table.

import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { nextPageSkip } from '../engine.js';
import {
  type Field,
  type Query,
  type ResponseBody,
  runQuery,
  type Schema,
  toQueryString,
  toResponseBody,
  toSql,
  toSqlCount,
} from '../index.js';
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

/**
 * Rows held in memory, answered by runQuery: the bundled sample, or a file the user loaded.
 *
 * @example
 * const source = memorySource(sampleLicenseUsage(2500, 40), partnerCenter.licenseUsage, '5000 sample rows');
 */
export function memorySource(rows: readonly object[], schema: Schema, description: string): RowSource {
  return {
    description,
    schema,
    async answer(query, baseUrl) {
      const body = toResponseBody(runQuery(rows, query, { schema, baseUrl }));
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
      const page = toSql(query, { schema, dialect: 'postgres' });
      const count = toSqlCount(query, { schema, dialect: 'postgres' });
      const client = await pool.connect();
      const run = <R extends object>(text: string, values: readonly unknown[] = []) => {
        options.onStatement?.(text);
        return client.query<R & QueryResultRow>(text, [...values]);
      };
      let isDone = false;
      try {
        await run('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const rows = await run<ResponseRow>(page.text, page.values);
        const counted = await run<{ totalCount: string | number }>(count.text, count.values);
        await run('COMMIT');
        isDone = true;
        const totalCount = Number(counted.rows[0]?.totalCount ?? 0);
        return bodyOf(wireRows(countsAsNumbers(rows.rows, schema), query, schema), totalCount, query, baseUrl);
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

/**
 * The rows with every count measure a number: pg hands a bigint (COUNT(*) is one) over as text, to keep its
 * precision, which readField would read as a wrong-typed null. A count of rows fits a double exactly.
 */
function countsAsNumbers(rows: readonly ResponseRow[], schema: Schema): readonly ResponseRow[] {
  const counts = fieldsOf(schema).filter((field) => field.aggregate === 'count');
  if (counts.length === 0) return rows;
  return rows.map((row) => {
    const read = { ...row };
    for (const field of counts) {
      const value = read[field.name];
      if (typeof value === 'string' && /^\d{1,15}$/.test(value)) read[field.name] = Number(value);
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
