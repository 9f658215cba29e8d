// MariaDB for the SQL suites: a throwaway server (scripts/start-mariadb.mjs) driven through mysql2 with server-side
// prepared statements, so that the server binds every value and the driver splices none into the text.

import mysql from 'mysql2/promise';
import { findMariaDb, installHint, startMariaDb } from '../../../scripts/start-mariadb.mjs';
import type { Engine } from '../engines.js';

/** A running MariaDB, its version as the server reports it, and a way to run a statement as plain text. */
export interface MariaDbEngine extends Engine {
  readonly version: string;
  /** Runs one statement through the text protocol, for session settings (`SET SESSION …`). */
  run(text: string): Promise<Record<string, unknown>[]>;
}

export interface MariaDbOptions {
  /**
   * Reads `"name"` as an identifier (sql_mode ANSI_QUOTES), for a suite whose own SQL quotes names as PostgreSQL
   * and SQLite do. The compiled SQL writes no double quote outside a backquoted name, so it reads the same either way.
   */
  readonly ansiQuotes?: boolean;
}

/**
 * Whether the suites can run MariaDB here: undefined when they can, else one line saying why not. Under CI=true
 * a missing server is not a reason: CI installs it (.ci/run), so there it throws instead.
 */
export function mariaDbSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const found = findMariaDb({ env });
  if (found.problem === undefined) return undefined;
  const line = `MariaDB not run: ${found.problem}; ${installHint}.`;
  if (env.CI === 'true') throw new Error(`${line} CI must run it.`);
  return line;
}

/** Starts a server with a fresh database `filterby` whose own collation is case-insensitive and PAD SPACE. */
export async function startMariaDbEngine({ ansiQuotes = false }: MariaDbOptions = {}): Promise<MariaDbEngine> {
  const server = await startMariaDb();
  try {
    const connection = await mysql.createConnection({
      socketPath: server.socketPath,
      user: server.user,
      database: server.database,
      charset: 'utf8mb4_general_ci',
      // Only exec() sends text with several statements; every statement with values is prepared.
      multipleStatements: true,
      // Each case compiles statements of its own: keep few prepared on the server (mysql2 closes the evicted ones).
      maxPreparedStatements: 64,
    });
    await connection.query('CREATE DATABASE filterby CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci');
    await connection.query('USE filterby');
    // Bound text takes the connection's collation, and MariaDB 10.11 takes two conditions that differ only in
    // values equal under it for one (`LOCATE(?, x) = 1 AND LOCATE(?, x) = 1` with 'ς' and 'Σ' keeps a row that
    // matches only the first): the connection must compare binary, NO PAD. The server's and the database's
    // default stays utf8mb4_general_ci, so SQL that forgot a collation of its own still shows.
    await connection.query('SET NAMES utf8mb4 COLLATE utf8mb4_nopad_bin');
    if (ansiQuotes) await connection.query("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')");
    const rowsOf = (result: unknown): Record<string, unknown>[] =>
      Array.isArray(result) ? (result as Record<string, unknown>[]) : [];
    return {
      dialect: 'mariadb',
      version: server.version,
      async exec(text) {
        await connection.query(text);
      },
      async query({ text, values }) {
        const [result] = await connection.execute(text, [...values] as mysql.ExecuteValues);
        return rowsOf(result);
      },
      async run(text) {
        const [result] = await connection.query(text);
        return rowsOf(result);
      },
      async close() {
        try {
          await connection.end();
        } finally {
          await server.stop();
        }
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * MariaDB for a suite, or undefined when it cannot run here, after printing the one line that says why (see
 * mariaDbSkipReason). The engine runs every case the others run; nothing is skipped but the engine.
 */
export async function startMariaDbOrSkip(options: MariaDbOptions = {}): Promise<MariaDbEngine | undefined> {
  const reason = mariaDbSkipReason();
  if (reason !== undefined) {
    console.warn(reason);
    return undefined;
  }
  return startMariaDbEngine(options);
}
