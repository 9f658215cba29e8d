// One wire shape for a row: the same imperfect rows served from memory (`serve --data`) and from PostgreSQL
// (`serve --database-url`, PGlite behind pglite-socket) give byte-identical response bodies, every row
// holding every schema field, in schema order, valued as the engine reads it.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { partnerCenter, toCreateTable, toInserts } from '../../src/index.js';
import { cli, killServes, type ServeProcess, startServe } from './serve-process.js';

const schema = partnerCenter.licenseUsage;
const path = '/v1/analytics/commercial/usage/license';
const publicUrl = 'http://filterby.test';
const tenant = '0112a436-b14e-4888-967b-ca4bb2cf1234';

// Rows as a file really holds them: datetimes in several spellings of one instant, numbers as text, text as
// numbers, keys missing or extra, a malformed GUID, nulls, an object where text belongs.
const imperfectRows: Record<string, unknown>[] = [
  {
    workloadCode: 'SFB',
    workloadName: 'Skype for Business',
    channel: 'Reseller',
    customerTenantId: tenant,
    customerName: "O'Brien",
    licensesActive: 5,
    licensesQualified: 7,
    processedDateTime: '2024-01-31T00:00:00Z',
  },
  {
    workloadCode: 'SFB',
    channel: 'reseller',
    customerTenantId: tenant.toUpperCase(),
    licensesActive: '5',
    licensesQualified: 1.5,
    processedDateTime: '2024-01-31',
  },
  {
    workloadCode: 5,
    workloadName: null,
    serviceCode: true,
    serviceName: { name: 'Office 365' },
    channel: 'Direct',
    customerTenantId: 'abc',
    licensesActive: 3,
    processedDateTime: '2024-01-31T01:00:00+01:00',
    notAField: 'never sent',
  },
  { workloadCode: 'EXO', productId: '😀', productName: 'Ünïcode', licensesActive: -0, processedDateTime: '2024-01-31' },
  { workloadCode: 'exo', licensesActive: 0.1, licensesQualified: 1e21, processedDateTime: '2024-01-31T00:00:00.000Z' },
  { licensesActive: 2, processedDateTime: '2024-01-31T00:00:00.0000001Z' },
  { workloadCode: 'TEAMS', licensesActive: 100, processedDateTime: '2024-01-30T00:00:00Z' },
  { workloadCode: 'YAM', licensesActive: 1, processedDateTime: 'not a date' },
];

const requests = [
  '',
  'top=2&skip=1',
  "filter=workloadCode eq 'sfb'",
  "filter=channel ne 'direct'&top=3",
  'groupby=workloadCode',
  'groupby=customerTenantId,channel',
  'processedDateTime=2024-01-30',
  'processedDateTime=2024-01-30T01:00:00%2B01:00&groupby=workloadCode',
];

let database: PGlite;
let socketServer: PGLiteSocketServer;
let directory = '';
let fromMemory: ServeProcess;
let fromPostgres: ServeProcess;

const serve = (args: string[]) => startServe(['--public-url', publicUrl, ...args]);

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  directory = mkdtempSync(join(tmpdir(), 'filterby-wire-rows-'));
  const file = join(directory, 'rows.json');
  writeFileSync(file, JSON.stringify(imperfectRows));
  database = await PGlite.create();
  await database.exec(toCreateTable(schema, { dialect: 'postgres' }));
  for (const insert of toInserts(imperfectRows, { schema, dialect: 'postgres' })) {
    await database.query(insert.text, [...insert.values]);
  }
  socketServer = new PGLiteSocketServer({ db: database, port: 0, host: '127.0.0.1', maxConnections: 8 });
  await socketServer.start();
  [fromMemory, fromPostgres] = await Promise.all([
    serve(['--data', file]),
    serve(['--database-url', `postgres://postgres@${socketServer.getServerConn()}/postgres`]),
  ]);
}, 120_000);

afterAll(async () => {
  const codes = await Promise.all([fromMemory?.stop(), fromPostgres?.stop()]);
  killServes();
  await socketServer?.stop();
  await database?.close();
  if (directory !== '') rmSync(directory, { recursive: true, force: true });
  expect(codes).toEqual([0, 0]);
}, 120_000);

async function bodyText(served: ServeProcess, queryString: string): Promise<string> {
  const response = await fetch(new URL(`${path}?${queryString}`, served.url));
  expect(response.status).toBe(200);
  return response.text();
}

describe('the wire shape of a row', () => {
  test.each(requests)('memory and PostgreSQL answer %j byte for byte alike', async (queryString) => {
    const [memory, postgres] = await Promise.all([
      bodyText(fromMemory, queryString),
      bodyText(fromPostgres, queryString),
    ]);
    expect(postgres).toBe(memory);
    expect(JSON.parse(memory).TotalCount).toBeGreaterThan(0);
  });

  test('an ungrouped row: every schema field in schema order, wrong types as null, datetimes canonical', async () => {
    const body = JSON.parse(await bodyText(fromMemory, "filter=channel eq 'direct'"));
    expect(body).toEqual({
      Value: [
        {
          workloadCode: null,
          workloadName: null,
          serviceCode: null,
          serviceName: null,
          channel: 'Direct',
          customerTenantId: null,
          customerName: null,
          productId: null,
          productName: null,
          licensesActive: 3,
          licensesQualified: null,
          processedDateTime: '2024-01-31T00:00:00.000Z',
        },
      ],
      TotalCount: 1,
    });
    const fields = Object.keys(schema.fields);
    for (const queryString of ['', 'top=2&skip=1']) {
      for (const served of [fromMemory, fromPostgres]) {
        const page = JSON.parse(await bodyText(served, queryString)) as { Value: object[] };
        for (const row of page.Value) expect(Object.keys(row)).toEqual(fields);
      }
    }
  });

  test('a next link starts with the public URL from either source', async () => {
    const memory = JSON.parse(await bodyText(fromMemory, 'top=2'));
    expect(memory['@nextLink']).toBe(`${publicUrl}${path}?top=2&skip=2`);
    expect(await bodyText(fromPostgres, 'top=2')).toBe(await bodyText(fromMemory, 'top=2'));
  });
});
