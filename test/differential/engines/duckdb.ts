// DuckDB for the SQL tests, in process through @duckdb/node-api (a devDependency: about 70 MB, prebuilt).

import { DOUBLE, DuckDBInstance, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { Engine } from '../engines.js';

export async function startDuckdb(): Promise<Engine> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return {
    dialect: 'duckdb',
    async exec(text) {
      await connection.run(text);
    },
    // node-api binds a whole number as BIGINT, which refuses 1e21 and is not the DOUBLE column's type: every
    // number is bound as DOUBLE.
    async query({ text, values }) {
      const types = values.map((value) => (typeof value === 'number' ? DOUBLE : undefined)) as DuckDBType[];
      const reader = await connection.runAndReadAll(text, values as DuckDBValue[], types);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
