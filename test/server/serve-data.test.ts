// `filterby serve --data FILE`: rows of the user's own JSON array, NDJSON or CSV file, answered as runQuery
// answers the same rows; a file that cannot be read is a usage error before the server listens.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { sampleLicenseUsage } from '../../src/cli/sample-data.js';
import { parseQuery, partnerCenter, runQuery, toResponseBody } from '../../src/index.js';
import { wireRows } from '../../src/server/sources.js';
import { cli, killServes, startServe } from './serve-process.js';

const schema = partnerCenter.licenseUsage;
const path = '/v1/analytics/commercial/usage/license';
const rows = sampleLicenseUsage(120, 6, 7);
const fields = Object.keys(rows[0]!) as (keyof (typeof rows)[number])[];
let directory = '';

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'filterby-serve-data-'));
});

beforeEach(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
});

afterAll(() => {
  killServes();
  if (directory !== '') rmSync(directory, { recursive: true, force: true });
});

function csvOf(list: typeof rows): string {
  const cell = (value: unknown) => {
    const text = String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [fields.join(','), ...list.map((row) => fields.map((field) => cell(row[field])).join(','))].join('\n');
}

const serveFile = (file: string) => startServe(['--data', file]);

describe('filterby serve --data', () => {
  test.each([
    ['rows.json', () => JSON.stringify(rows)],
    ['rows.ndjson', () => rows.map((row) => JSON.stringify(row)).join('\n')],
    ['rows.csv', () => csvOf(rows)],
  ])('%s is served as runQuery answers its rows', async (name, contents) => {
    const file = join(directory, name);
    writeFileSync(file, contents());
    const served = await serveFile(file);
    try {
      expect(served.stdout).toContain(`serving ${rows.length} rows from ${file}`);
      for (const queryString of ['groupby=workloadCode,channel&top=7&skip=7', "filter=channel eq 'reseller'&top=4"]) {
        const response = await fetch(new URL(`${path}?${queryString}`, served.url));
        expect(response.status).toBe(200);
        const baseUrl = `${served.url.slice(0, -1)}${path}`;
        const query = parseQuery(queryString, { schema });
        const expected = toResponseBody(runQuery(rows, query, { schema, baseUrl }));
        expect(await response.json()).toEqual({ ...expected, Value: wireRows(expected.Value, query, schema) });
      }
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  test('a missing or malformed file exits 2 with the reader message before listening', () => {
    const broken = join(directory, 'broken.ndjson');
    writeFileSync(broken, '{"workloadCode": "SFB"}\n{not json\n');
    for (const [file, message] of [
      [join(directory, 'missing.json'), 'cannot read'],
      [broken, `${broken}:2:`],
    ] as const) {
      const run = spawnSync(process.execPath, [cli, 'serve', '--port', '0', '--data', file], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status, file).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
    }
  });
});
