// The built `filterby serve` and the seven endpoints: all of them from generated samples by default, each at its
// path; one with --endpoint, from the sample, a file (--data) or PostgreSQL (--database-url, here PGlite).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { sampleRowsOf } from '../../src/cli/sample-data.js';
import { sampleSize } from '../../src/cli/serve-command.js';
import {
  type PartnerCenterEndpoint,
  parseQuery,
  partnerCenter,
  partnerCenterPaths,
  runQuery,
  type Schema,
  toCreateTable,
  toInserts,
  toResponseBody,
} from '../../src/index.js';
import { wireRows } from '../../src/server/sources.js';
import { cleanEnvironment, cli, killServes, type ServeProcess, startServe } from './serve-process.js';

const names = Object.keys(partnerCenter) as PartnerCenterEndpoint[];
let directory = '';

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'filterby-serve-endpoints-'));
});

beforeEach(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
});

afterAll(() => {
  killServes();
  if (directory !== '') rmSync(directory, { recursive: true, force: true });
});

/** What the server must answer for `rows` of the endpoint: runQuery's body, its rows as the server sends them. */
function expectedBody(server: ServeProcess, name: PartnerCenterEndpoint, rows: readonly object[], request: string) {
  const schema: Schema = partnerCenter[name];
  const query = parseQuery(request, { schema });
  const baseUrl = `${server.url.slice(0, -1)}${partnerCenterPaths[name]}`;
  const body = toResponseBody(runQuery(rows, query, { schema, baseUrl }));
  return JSON.parse(JSON.stringify({ ...body, Value: wireRows(body.Value, query, schema) }));
}

async function answer(server: ServeProcess, path: string, request: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(`${path.slice(1)}?${request}`, server.url));
  return { status: response.status, body: await response.json() };
}

const sampleOf = (name: PartnerCenterEndpoint) =>
  [...sampleRowsOf(name, sampleSize.rowsPerSnapshot * 2, sampleSize.tenants)] as object[];

describe('filterby serve', () => {
  test('serves every endpoint from its generated sample, each at its path, and says so', async () => {
    const server = await startServe([]);
    try {
      for (const name of names) {
        const path = partnerCenterPaths[name];
        expect(server.stdout).toContain(
          `generated sample rows${name.startsWith('license') ? ' (two snapshots)' : ''} at ${server.url}${path.slice(1)}\n`,
        );
        const groupable = Object.values(partnerCenter[name].fields).find((field) => field.isGroupable)!.name;
        for (const request of ['top=5&skip=5', `groupby=${groupable}&top=3`]) {
          const { status, body } = await answer(server, path, request);
          expect(status, `${name} ${request}`).toBe(200);
          expect(body).toEqual(expectedBody(server, name, sampleOf(name), request));
        }
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  test('--endpoint serves that endpoint alone', async () => {
    const server = await startServe(['--endpoint', 'azureUsage']);
    try {
      expect(server.stdout.match(/^filterby: serving /gm)).toHaveLength(1);
      const { status, body } = await answer(
        server,
        partnerCenterPaths.azureUsage,
        "filter=meterCategory eq 'storage'&top=4",
      );
      expect(status).toBe(200);
      expect(body).toEqual(
        expectedBody(server, 'azureUsage', sampleOf('azureUsage'), "filter=meterCategory eq 'storage'&top=4"),
      );
      const other = await answer(server, partnerCenterPaths.licenseUsage, 'top=1');
      expect(other.status).toBe(404);
      expect(other.body).toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  test("--endpoint with --data serves the file's rows at the endpoint's path, read with its schema", async () => {
    const rows = [...sampleRowsOf('indirectResellers', 90, 5, 11)];
    const file = join(directory, 'resellers.ndjson');
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
    const server = await startServe(['--endpoint', 'indirectResellers', '--data', file]);
    try {
      expect(server.stdout).toContain(
        `serving 90 rows from ${file} at ${server.url}partner/v1/analytics/indirectresellers\n`,
      );
      for (const request of ["filter=market ne 'US'&top=7", 'groupby=market&top=2&skip=2']) {
        const { status, body } = await answer(server, partnerCenterPaths.indirectResellers, request);
        expect(status).toBe(200);
        expect(body).toEqual(expectedBody(server, 'indirectResellers', rows, request));
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  test('--endpoint with --schema, an unknown endpoint, or --schema without rows exits 2 with one clear line', () => {
    const schemaFile = join(directory, 'own.schema.json');
    writeFileSync(schemaFile, JSON.stringify({ table: 't', fields: { a: { type: 'string' } } }));
    for (const [args, message] of [
      [
        ['--endpoint', 'search', '--schema', schemaFile, '--data', schemaFile],
        'give --endpoint (a built-in schema) or --schema (your own), not both',
      ],
      [['--endpoint', 'azure'], `--endpoint is one of ${names.join(', ')}, not 'azure'`],
      [['--schema', schemaFile], 'give rows of your schema with --data or --database-url'],
    ] as const) {
      const result = spawnSync(process.execPath, [cli, 'serve', '--port', '0', ...args], {
        encoding: 'utf8',
        timeout: 20_000,
        env: { ...process.env, ...cleanEnvironment },
      });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(message);
    }
  });
});

describe('filterby serve --endpoint NAME --database-url', () => {
  let database: PGlite;
  let socketServer: PGLiteSocketServer;
  let databaseUrl = '';
  const rows = [...sampleRowsOf('subscriptions', 120, 6, 5)];

  beforeAll(async () => {
    database = await PGlite.create();
    const schema = partnerCenter.subscriptions;
    await database.exec(toCreateTable(schema, { dialect: 'postgres' }));
    for (const insert of toInserts(rows, { schema, dialect: 'postgres' })) {
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
  }, 120_000);

  test("answers from the endpoint's table as runQuery answers the same rows", async () => {
    const server = await startServe(['--endpoint', 'subscriptions', '--database-url', databaseUrl]);
    try {
      expect(server.stdout).toContain(`serving the table subscriptions of PostgreSQL at`);
      for (const request of [
        "filter=subscriptionType eq 'Office' or status ne 'active'&top=9&skip=3",
        'filter=autoRenewEnabled eq true&groupby=customerMarket,status&top=6',
      ]) {
        const { status, body } = await answer(server, partnerCenterPaths.subscriptions, request);
        expect(status, request).toBe(200);
        const expected = expectedBody(server, 'subscriptions', rows, request);
        expect(expected.Value.length).toBeGreaterThan(2);
        expect(body).toEqual(expected);
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
