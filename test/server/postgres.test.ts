// The PostgreSQL source through a real wire protocol: PGlite behind pglite-socket on loopback, read with pg.
// Every request must get the same body as the in-memory source over the same rows.

import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sampleLicenseUsage } from '../../src/cli/sample-data.js';
import { defineSchema, partnerCenter, type ResponseBody, toCreateTable, toInserts } from '../../src/index.js';
import { type RunningServer, startServer } from '../../src/server/http.js';
import { memorySource, postgresHint, postgresSource } from '../../src/server/sources.js';

const schema = partnerCenter.licenseUsage;
const path = '/v1/analytics/commercial/usage/license';
// Datetimes in the canonical form the table stores, so that rows read back from SQL equal the rows in memory.
const rows = sampleLicenseUsage(300, 8).map((row) => ({
  ...row,
  processedDateTime: new Date(row.processedDateTime).toISOString(),
}));

let database: PGlite;
let socketServer: PGLiteSocketServer;
let databaseUrl = '';
let fromMemory: RunningServer;
let fromPostgres: RunningServer;
const statements: string[] = [];

beforeAll(async () => {
  database = await PGlite.create();
  await database.exec(toCreateTable(schema, { dialect: 'postgres' }));
  for (const insert of toInserts(rows, { schema, dialect: 'postgres' })) {
    await database.query(insert.text, [...insert.values]);
  }
  socketServer = new PGLiteSocketServer({ db: database, port: 0, host: '127.0.0.1', maxConnections: 8 });
  await socketServer.start();
  databaseUrl = `postgres://postgres@${socketServer.getServerConn()}/postgres`;
  fromMemory = await startServer({ port: 0, source: memorySource(rows, schema, 'memory') });
  const source = await postgresSource({
    connectionString: databaseUrl,
    schema,
    maxConnections: 4,
    onStatement: (text) => statements.push(text),
  });
  fromPostgres = await startServer({ port: 0, source });
}, 120_000);

afterAll(async () => {
  await fromPostgres?.close();
  await fromMemory?.close();
  await socketServer?.stop();
  await database?.close();
}, 120_000);

/** The body of one request, its next link made relative so that two servers' bodies compare. */
async function bodyOf(server: RunningServer, target: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(target, server.url));
  const text = (await response.text()).replaceAll(server.url.slice(0, -1), '');
  return { status: response.status, body: JSON.parse(text) };
}

describe('the PostgreSQL source (pg through pglite-socket)', () => {
  test.each([
    "filter=customerTenantId eq '0112A436-B14E-4888-967B-CA4BB2CF1234'&groupby=workloadCode,channel&top=100&skip=0",
    "filter=workloadCode eq 'sfb' or (channel eq 'RESELLER')&top=15&skip=30",
    'groupby=channel',
    'groupby=serviceCode,productId&top=7&skip=14',
    'groupby=customerName&processedDateTime=2024-01-30',
    'top=5&skip=595',
    "filter=customerName eq 'adatum %26 sons' and channel ne 'direct'&groupby=workloadName",
  ])('agrees with the memory source: %s', async (queryString) => {
    const target = `${path}?${queryString}`;
    const [memory, postgres] = await Promise.all([bodyOf(fromMemory, target), bodyOf(fromPostgres, target)]);
    expect(postgres.status).toBe(200);
    expect(postgres.body).toEqual(memory.body);
    expect((memory.body as ResponseBody).TotalCount).toBeGreaterThan(0);
  });

  test('paging through @nextLink returns every row exactly once, as from memory', async () => {
    const collect = async (server: RunningServer) => {
      const collected: unknown[] = [];
      let next: string | undefined = `${server.url}${path.slice(1)}?groupby=customerTenantId,workloadCode&top=9`;
      while (next !== undefined) {
        const page = (await (await fetch(next)).json()) as ResponseBody;
        collected.push(...page.Value);
        next = page['@nextLink'];
      }
      return collected;
    };
    const [memory, postgres] = await Promise.all([collect(fromMemory), collect(fromPostgres)]);
    expect(postgres.length).toBeGreaterThan(27);
    expect(postgres).toEqual(memory);
  });

  test('every SELECT it sends is paged with LIMIT/OFFSET or is the count; none reads the whole table', async () => {
    statements.length = 0;
    await bodyOf(fromPostgres, path);
    const selects = statements.filter((text) => text.startsWith('SELECT'));
    expect(selects).toHaveLength(2);
    expect(selects[0]).toMatch(/\nLIMIT 10000 OFFSET 0$/);
    expect(selects[1]).toMatch(/^SELECT COUNT\(\*\) AS "totalCount"/);
    expect(statements[0]).toBe('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    expect(statements.at(-1)).toBe('COMMIT');
  });

  test('30 concurrent requests over a pool of 4 are all answered correctly', async () => {
    const targets = Array.from(
      { length: 30 },
      (_, index) => `${path}?groupby=productId&top=${1 + (index % 5)}&skip=${index}`,
    );
    const answers = await Promise.all(targets.map((target) => bodyOf(fromPostgres, target)));
    const expected = await Promise.all(targets.map((target) => bodyOf(fromMemory, target)));
    expect(answers).toEqual(expected);
  });

  test('a literal PostgreSQL cannot hold (U+0000) is a 400 INVALID_LITERAL, never sent', async () => {
    statements.length = 0;
    const { status, body } = await bodyOf(fromPostgres, `${path}?filter=workloadCode eq 'a%00b'`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'INVALID_LITERAL', source: 'filterby' });
    expect(statements).toEqual([]);
  });

  test('check() passes on the table, and says why when the database or a column is missing', async () => {
    const good = await postgresSource({ connectionString: databaseUrl, schema });
    await expect(good.check!()).resolves.toBeUndefined();
    await good.close();
    const unreachable = await postgresSource({ connectionString: 'postgres://postgres@127.0.0.1:1/none', schema });
    await expect(unreachable.check!()).rejects.toThrow(
      'cannot read the table license_usage of PostgreSQL at 127.0.0.1:1/none',
    );
    await unreachable.close();
    await database.exec('CREATE TABLE partial_usage ("workloadCode" text)');
    const partialSchema = defineSchema({
      table: 'partial_usage',
      fields: { workloadCode: { type: 'string' }, workloadName: { type: 'string' } },
    });
    const partial = await postgresSource({ connectionString: databaseUrl, schema: partialSchema });
    await expect(partial.check!()).rejects.toThrow(/column "workloadName" does not exist/);
    await partial.close();
  });

  test('filterby serve --database-url exits 2 before listening when the database cannot be read, with a fitting hint', () => {
    const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
    const run = spawnSync(
      process.execPath,
      [cli, 'serve', '--port', '0', '--database-url', 'postgres://u:secret@127.0.0.1:1/db'],
      {
        encoding: 'utf8',
        timeout: 20_000,
        env: { ...process.env, DATABASE_URL: '' },
      },
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const [problem, hint, ...rest] = run.stderr.split('\n');
    expect(problem).toMatch(
      /^filterby: cannot read the table license_usage of PostgreSQL at 127\.0\.0\.1:1\/db: .*ECONNREFUSED/,
    );
    expect(hint).toBe("Check that PostgreSQL is running and reachable there, and the URL's host and port.");
    expect(rest).toEqual(['']);
    expect(run.stderr).not.toContain('secret');
  });

  test('filterby serve exits 2 with a hint to create the table or name it when the table is missing', async () => {
    const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
    // Not spawnSync: PGlite answers from this process, which must keep running while the child connects.
    const child = spawn(
      process.execPath,
      [cli, 'serve', '--port', '0', '--database-url', databaseUrl, '--table', 'no_such_table'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } },
    );
    const run = { stdout: '', stderr: '', status: null as number | null };
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      run.stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      run.stderr += text;
    });
    run.status = await new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('filterby: cannot read the table no_such_table of PostgreSQL at');
    expect(run.stderr).toContain('relation "no_such_table" does not exist');
    expect(run.stderr).toMatch(
      /\nCreate the table \(toCreateTable gives its CREATE TABLE\), or name the table to serve with --table\.\n$/,
    );
    expect(run.stderr).not.toContain('--help');
  });

  test.each([
    [{ code: 'ECONNREFUSED' }, 'Check that PostgreSQL is running'],
    [{ code: 'ENOTFOUND' }, 'Check that PostgreSQL is running'],
    [
      { code: '28P01' },
      'Check the user name and password; to keep the password out of the process list, put it in PGPASSWORD',
    ],
    [{ code: '3D000' }, 'Check the database name'],
    [{ code: '42P01' }, 'Create the table'],
    [{ code: '42703' }, 'describe your table with --schema FILE'],
    [{ code: '42501' }, 'Grant the user SELECT'],
    [new Error('anything else'), 'Check --database-url (or DATABASE_URL)'],
  ])('a failure %o gets the hint: %s', (error, hint) => {
    expect(postgresHint(error)).toContain(hint);
  });

  test('an unreachable database is a 500 with a generic body', async () => {
    const errors: unknown[] = [];
    const source = await postgresSource({ connectionString: 'postgres://postgres@127.0.0.1:1/none', schema });
    const server = await startServer({ port: 0, source, onServerError: (error) => errors.push(error) });
    try {
      const { status, body } = await bodyOf(server, `${path}?top=1`);
      expect(status).toBe(500);
      expect(body).toMatchObject({ code: 'INTERNAL_ERROR' });
      expect(errors).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test('filterby serve --database-url answers from the table and exits 0 on SIGTERM, closing its pool', async () => {
    const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--database-url', databaseUrl], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        stdout += text;
        const match = /^filterby: listening on (\S+)$/m.exec(stdout);
        if (match) resolve(match[1]!);
      });
      void exited.then((code) => reject(new Error(`serve exited ${code}`)));
    });
    try {
      expect(stdout).toContain('the table license_usage of PostgreSQL at');
      expect(stdout).not.toContain('postgres@');
      const target = `${path}?groupby=channel,workloadCode&top=6&skip=6`;
      const response = await fetch(new URL(target, url));
      const text = (await response.text()).replaceAll(url.slice(0, -1), '');
      expect(JSON.parse(text)).toEqual((await bodyOf(fromMemory, target)).body);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
