// `--endpoint NAME` in parse, query, sql and sample (run in-process through runCli), and the schema the CLI rebuilds
// for --extensions and --table: every property of every preset's fields and profile carried over.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { rebuiltSchema, schemaFromFlags, UsageError } from '../src/cli/options.js';
import { runCli } from '../src/cli/run.js';
import { sampleRowsOf } from '../src/cli/sample-data.js';
import { sampleSize } from '../src/cli/serve-command.js';
import {
  type PartnerCenterEndpoint,
  parseFilter,
  parseQuery,
  partnerCenter,
  partnerCenterPaths,
  runQuery,
  type Schema,
  toResponseBody,
  toSql,
} from '../src/index.js';
import { fieldsOf } from '../src/values.js';

const names = Object.keys(partnerCenter) as PartnerCenterEndpoint[];
let directory = '';

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'filterby-cli-endpoint-'));
});

afterAll(() => {
  if (directory !== '') rmSync(directory, { recursive: true, force: true });
});

/** runCli in this process, its output gathered. */
async function filterby(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { status, stdout, stderr };
}

describe('rebuiltSchema: a preset defined anew keeps every property', () => {
  test.each(names)('%s, in another table', (name) => {
    const base = partnerCenter[name];
    const rebuilt = rebuiltSchema(base, { table: 'elsewhere' });
    expect(rebuilt.table).toBe('elsewhere');
    expect(fieldsOf(rebuilt)).toEqual(fieldsOf(base));
    expect(rebuilt.profile).toEqual(base.profile);
    expect(rebuilt.limits).toEqual(base.limits);
  });

  it("--extensions adds to the preset's profile, keeps its options and its path", () => {
    const schema = schemaFromFlags({ endpoint: 'azureUsage', extensions: 'not,in' });
    expect(schema.profile).toEqual({
      ...partnerCenter.azureUsage.profile,
      extensions: ['cast', 'orderby', 'aggregationLevel', 'not', 'in'],
    });
    expect(fieldsOf(schema)).toEqual(fieldsOf(partnerCenter.azureUsage));
    const { nextLink } = runQuery([{}, {}], { top: 1 }, { schema });
    expect(nextLink).toBe(`${partnerCenterPaths.azureUsage}?top=1&skip=1`);
  });

  it("--extensions range gives fields the profile's operators; a field's own list stays as it is", () => {
    const usage = schemaFromFlags({ extensions: 'range,text' });
    expect(usage.fields.workloadCode?.operators).toEqual([
      'eq',
      'ne',
      'gt',
      'ge',
      'lt',
      'le',
      'contains',
      'startswith',
      'endswith',
    ]);
    const subscriptions = schemaFromFlags({ endpoint: 'subscriptions', extensions: 'range' });
    expect(subscriptions.fields.customerName?.operators).toEqual(['contains']);
    expect(subscriptions.fields.productName?.operators).toEqual(['contains', 'eq', 'ne']);
  });

  it('--endpoint with --schema, or an unknown endpoint, is a usage error naming the choices', () => {
    expect(() => schemaFromFlags({ endpoint: 'search', schema: 'x.json' })).toThrow(UsageError);
    expect(() => schemaFromFlags({ endpoint: 'azure' })).toThrow(
      `--endpoint is one of ${names.join(', ')}, not 'azure'`,
    );
    expect(schemaFromFlags({})).toBe(partnerCenter.licenseUsage);
    expect(schemaFromFlags({ endpoint: 'referrals' })).toBe(partnerCenter.referrals);
  });
});

describe('--endpoint in the commands', () => {
  test('parse reads the filter with the endpoint schema; without it, license usage', async () => {
    const parsed = await filterby('parse', 'autoRenewEnabled eq true', '--endpoint', 'subscriptions', '--json');
    expect(parsed.status).toBe(0);
    expect(JSON.parse(parsed.stdout)).toMatchObject({ filter: 'autoRenewEnabled eq true' });
    const refused = await filterby('parse', 'autoRenewEnabled eq true');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^UNKNOWN_FIELD: /);
    const unknown = await filterby('parse', 'x eq 1', '--endpoint', 'nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(`--endpoint is one of ${names.join(', ')}, not 'nope'`);
  });

  test("sql compiles to the endpoint's table", async () => {
    const run = await filterby('sql', "meterCategory eq 'Storage'", '--endpoint', 'azureUsage', '--json');
    expect(run.status).toBe(0);
    const schema = partnerCenter.azureUsage;
    const filter = parseFilter("meterCategory eq 'Storage'", { schema });
    const expected = toSql({ filter, top: 10_000, skip: 0 }, { schema, dialect: 'postgres' });
    expect(JSON.parse(run.stdout)).toEqual({ dialect: 'postgres', text: expected.text, values: expected.values });
    expect(expected.text).toContain('FROM "azure_usage"');
  });

  test.each(names)('sample --endpoint %s writes rows that query --endpoint answers as runQuery does', async (name) => {
    const file = join(directory, `${name}.ndjson`);
    const written = await filterby('sample', '--endpoint', name, '--rows', '60', '--output', file);
    expect(written.status).toBe(0);
    const schema: Schema = partnerCenter[name];
    const rows = [...sampleRowsOf(name, 60, sampleSize.tenants)];
    const groupable = fieldsOf(schema).find((field) => field.isGroupable)!.name;
    const answered = await filterby('query', file, '--endpoint', name, '--groupby', groupable, '--format', 'json');
    expect(answered.status, answered.stderr).toBe(0);
    const expected = toResponseBody(runQuery(rows, parseQuery(`groupby=${groupable}`, { schema }), { schema }));
    expect(JSON.parse(answered.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test('sample --endpoint writes a CSV header of the rows the endpoint carries (not a count measure)', async () => {
    const run = await filterby('sample', '--endpoint', 'subscriptions', '--rows', '2', '--format', 'csv');
    expect(run.status).toBe(0);
    const header = run.stdout.split('\r\n')[0]!.split(',');
    expect(header).toEqual(Object.keys([...sampleRowsOf('subscriptions', 1)][0]!));
    expect(header).toContain('licenseCount');
    expect(header).not.toContain('subscriptionCount');
  });

  test('query reads a CSV of an endpoint with its types: booleans and numbers', async () => {
    const file = join(directory, 'search.csv');
    const csv = await filterby('sample', '--endpoint', 'search', '--rows', '40', '--format', 'csv');
    writeFileSync(file, csv.stdout);
    const answered = await filterby(
      'query',
      file,
      '--endpoint',
      'search',
      '--filter',
      'detailsViewed eq true',
      '--format',
      'json',
    );
    expect(answered.status, answered.stderr).toBe(0);
    const schema = partnerCenter.search;
    const rows = [...sampleRowsOf('search', 40, sampleSize.tenants)];
    const query = parseQuery('filter=detailsViewed eq true', { schema });
    const expected = toResponseBody(runQuery(rows, query, { schema }));
    expect(expected.Value.length).toBeGreaterThan(3);
    expect(JSON.parse(answered.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});
