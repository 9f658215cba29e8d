// ClickHouse for the SQL tests: the real engine embedded in chdb, fetched on first use into the engine cache (see
// scripts/fetch-engines.mjs), never a dependency. Without it a test says why and skips, except under CI=true.

import { createRequire } from 'node:module';
import { join } from 'node:path';
import { engines, fetchEngine } from '../../../scripts/fetch-engines.mjs';
import type { Engine } from '../engines.js';

/** What the tests use of chdb's Session. */
interface ChdbSession {
  queryAsync(query: string, options: { format: string }): Promise<{ text(): string }>;
  queryBindAsync(query: string, params: object, options: { format: string }): Promise<{ text(): string }>;
  close(): void;
}

export const clickhouseVersion = `chdb ${engines.chdb!.version}`;

/** ClickHouse in this process, or why it cannot run here. One per process: chdb binds one data directory. */
export async function startClickhouse(): Promise<Engine | { readonly problem: string }> {
  const fetched = fetchEngine('chdb');
  if (fetched.problem !== undefined) return { problem: fetched.problem };
  const require = createRequire(join(fetched.path, 'package.json'));
  const { Session } = require('chdb') as { Session: new () => ChdbSession };
  const session = new Session();
  const rowsOf = (text: string) =>
    text === ''
      ? []
      : text
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    dialect: 'clickhouse',
    async exec(text) {
      await session.queryAsync(text, { format: 'JSONEachRow' });
    },
    // The values go by name, p1, p2, …: what the placeholders {p1:String} name.
    async query({ text, values }) {
      const params = Object.fromEntries(values.map((value, index) => [`p${index + 1}`, value]));
      return rowsOf((await session.queryBindAsync(text, params, { format: 'JSONEachRow' })).text());
    },
    async close() {
      session.close();
    },
  };
}
