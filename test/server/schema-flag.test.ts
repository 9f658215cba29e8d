// `--schema FILE` the same for query, sql and serve (a JSON defineSchema definition), `--table` for sql and
// serve, and serve's DATABASE_URL: the built CLI, a schema of the user's own, rows in a file and in PGlite.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defineSchema, type SchemaDefinition, toCreateTable, toInserts } from '../../src/index.js';
import { cleanEnvironment, cli, killServes, type ServeProcess, startServe } from './serve-process.js';

const path = '/v1/analytics/commercial/usage/license';
const definition = {
  table: 'seat_usage',
  fields: {
    team: { type: 'string', column: 'team_name', caseInsensitive: true },
    site: { type: 'string' },
    active: { type: 'boolean' },
    seats: { type: 'number', aggregate: 'sum' },
  },
  profile: { extensions: ['boolean'] },
} satisfies SchemaDefinition;
const rows = [
  { team: 'Red', site: 'Oslo', active: true, seats: 3 },
  { team: 'red', site: 'Bergen', active: false, seats: 4 },
  { team: 'Blue', site: 'Oslo', active: true, seats: 5 },
  { team: 'RED', site: 'Oslo', active: true, seats: 6 },
  { team: 'Green', site: 'Tromsø', seats: 1 },
];
// The table in PostgreSQL is not the schema's: --table names it.
const otherTable = 'seats_2024';
const requests = ["filter=team eq 'red'&groupby=site", 'groupby=team,active', 'filter=active eq true&top=2'];

let directory = '';
let schemaFile = '';
let rowsFile = '';
let database: PGlite;
let socketServer: PGLiteSocketServer;
let databaseUrl = '';

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  directory = mkdtempSync(join(tmpdir(), 'filterby-schema-flag-'));
  schemaFile = join(directory, 'seats.schema.json');
  rowsFile = join(directory, 'seats.json');
  writeFileSync(schemaFile, JSON.stringify(definition, null, 2));
  writeFileSync(rowsFile, JSON.stringify(rows));
  database = await PGlite.create();
  const inPostgres = defineSchema({ ...definition, table: otherTable });
  await database.exec(toCreateTable(inPostgres, { dialect: 'postgres' }));
  for (const insert of toInserts(rows, { schema: inPostgres, dialect: 'postgres' })) {
    await database.query(insert.text, [...insert.values]);
  }
  socketServer = new PGLiteSocketServer({ db: database, port: 0, host: '127.0.0.1', maxConnections: 8 });
  await socketServer.start();
  databaseUrl = `postgres://postgres@${socketServer.getServerConn()}/postgres`;
}, 120_000);

afterAll(async () => {
  killServes();
  await socketServer?.stop();
  await database?.close();
  if (directory !== '') rmSync(directory, { recursive: true, force: true });
}, 120_000);

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...cleanEnvironment, ...env },
  });
}

const serve = startServe;

/** What `filterby query` answers for a request's parameters, as Partner Center's JSON body. */
function queryAnswer(queryString: string): unknown {
  const parameters = new URLSearchParams(queryString);
  const flags = [...parameters].flatMap(([name, value]) => [`--${name}`, value]);
  const result = run(['query', rowsFile, '--schema', schemaFile, '--format', 'json', ...flags]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

async function served(server: ServeProcess, queryString: string): Promise<unknown> {
  const response = await fetch(new URL(`${path}?${queryString}`, server.url));
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  delete body['@nextLink'];
  return body;
}

describe('--schema FILE', () => {
  test('query, serve --data, serve --database-url --table and serve with DATABASE_URL give the same answers', async () => {
    const fromFile = await serve(['--data', rowsFile, '--schema', schemaFile]);
    const fromPostgres = await serve(['--database-url', databaseUrl, '--schema', schemaFile, '--table', otherTable]);
    const fromEnvironment = await serve(['--schema', schemaFile, '--table', otherTable], { DATABASE_URL: databaseUrl });
    try {
      expect(fromPostgres.stdout).toContain(`serving the table ${otherTable} of PostgreSQL at`);
      expect(fromEnvironment.stdout).toContain(`serving the table ${otherTable} of PostgreSQL at`);
      for (const queryString of requests) {
        const expected = queryAnswer(queryString);
        expect((expected as { TotalCount: number }).TotalCount).toBeGreaterThan(1);
        expect(await served(fromFile, queryString)).toEqual(expected);
        expect(await served(fromPostgres, queryString)).toEqual(expected);
        expect(await served(fromEnvironment, queryString)).toEqual(expected);
      }
      // The schema's profile is the server's: the boolean extension is on, `in` is not.
      const refused = await fetch(new URL(`${path}?filter=site in ('Oslo')`, fromFile.url));
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { code: string }).code).toBe('OPERATOR_NOT_ALLOWED');
    } finally {
      expect(await Promise.all([fromFile.stop(), fromPostgres.stop(), fromEnvironment.stop()])).toEqual([0, 0, 0]);
    }
  });

  test('sql compiles against the schema and its columns; --table names another table', () => {
    const result = run(['sql', "team eq 'red'", '--schema', schemaFile, '--groupby', 'site', '--json']);
    expect(result.status).toBe(0);
    const { text, values } = JSON.parse(result.stdout) as { text: string; values: unknown[] };
    expect(text).toContain('FROM "seat_usage"');
    expect(text).toContain('lower("team_name" COLLATE "C")');
    expect(values).toEqual(['red']);
    const renamed = run(['sql', '--schema', schemaFile, '--table', otherTable]);
    expect(renamed.stdout).toContain(`FROM "${otherTable}"`);
  });

  test.each([
    ['query', ['<rows>']],
    ['sql', []],
    ['serve', ['--port', '0']],
  ])('%s: a schema file that is missing, not JSON or not a schema exits 2 naming the file', (command, extra) => {
    const notJson = join(directory, 'not-json.json');
    const notSchema = join(directory, 'not-schema.json');
    writeFileSync(notJson, '{ table: ');
    writeFileSync(notSchema, JSON.stringify({ table: 't', fields: { a: { type: 'text' } } }));
    for (const [file, message] of [
      [join(directory, 'missing.json'), 'filterby: cannot read the schema file'],
      [notJson, `filterby: the schema file ${notJson} is not JSON`],
      [notSchema, `INVALID_SCHEMA: The schema file ${notSchema}: Field 'a': type must be one of`],
    ] as const) {
      const result = run([command, ...extra.map((arg) => (arg === '<rows>' ? rowsFile : arg)), '--schema', file]);
      expect(result.status, `${command} ${file}`).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(message);
    }
  });
});

describe('serve: DATABASE_URL and --table', () => {
  test('--data wins over DATABASE_URL; --table without a database is a usage error', async () => {
    const fromFile = await serve(['--data', rowsFile, '--schema', schemaFile], { DATABASE_URL: databaseUrl });
    try {
      expect(fromFile.stdout).toContain(`serving ${rows.length} rows from ${rowsFile}`);
    } finally {
      expect(await fromFile.stop()).toBe(0);
    }
    const withoutDatabase = run(['serve', '--port', '0', '--table', otherTable]);
    expect(withoutDatabase.status).toBe(2);
    expect(withoutDatabase.stderr).toContain('filterby: --table names the PostgreSQL table to serve');
  });

  test('a DATABASE_URL that is not a postgres:// URL is a usage error naming the variable, its password never shown', () => {
    const result = run(['serve', '--port', '0'], { DATABASE_URL: 'mysql://user:secret@localhost/x' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('filterby: the DATABASE_URL environment variable takes a postgres:// URL');
    expect(result.stderr).not.toContain('secret');
  });

  test('a table name PostgreSQL would cut short is refused before serving', () => {
    const result = run(['serve', '--port', '0', '--database-url', databaseUrl, '--table', 't'.repeat(64)]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('is 64 bytes long, more than the 63 bytes PostgreSQL allows in a name');
  });
});
