// `filterby query` and `filterby sql`: the streaming answer (runQueryAsync) equals runQuery in memory (fast-check over generated
// rows and queries), and the built dist/cli.js answers files of each format, reports bad files by line, and
// queries a 1,000,000-row NDJSON file in bounded memory.

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { csvField, csvRecord } from '../src/cli/output.js';
import { parseCsv } from '../src/cli/row-files.js';
import { type LicenseUsageRow, sampleLicenseUsage } from '../src/cli/sample-data.js';
import { streamQuery } from '../src/engine.js';
import {
  defineSchema,
  parseQuery,
  partnerCenter,
  runQuery,
  type Schema,
  toCreateIndexes,
  toCreateTable,
  toResponseBody,
  toSql,
} from '../src/index.js';
import {
  caseArb,
  diffSchema,
  licenseUsageSchema,
  localStringsArb,
  noSnapshotSchema,
  stringPool,
} from './differential/arbitraries.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const schema = partnerCenter.licenseUsage;

// ---- the streaming engine, in process ----

async function* streamed<T>(rows: readonly T[]): AsyncGenerator<T> {
  for (const row of rows) yield row;
}

// `filterby query` answers with runQueryAsync; streamQuery is the same with the window's floor set low.
describe('the streaming answer equals runQuery over the same rows in memory', () => {
  const batchSizeArb = fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(8192));
  test.each([
    ['every field type and extension', diffSchema, caseArb(diffSchema, localStringsArb)],
    ['the Partner Center schema', licenseUsageSchema, caseArb(licenseUsageSchema, stringPool)],
    ['a schema without snapshots', noSnapshotSchema, caseArb(noSnapshotSchema, localStringsArb)],
  ] as const)('for any rows and query, in any batch size: %s', async (_name, on, cases) => {
    await fc.assert(
      fc.asyncProperty(cases, batchSizeArb, async ({ rows, query }, batchSize) => {
        const expected = runQuery(rows, query, { schema: on });
        const answer = await streamQuery(streamed(rows), query, { schema: on }, batchSize);
        expect(answer).toEqual(expected);
        // Without groupby the page holds the rows themselves: the same objects, so ties are in input order too.
        if (query.groupBy === undefined)
          expect(answer.value.every((row, index) => row === expected.value[index])).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('more than 10,000 groups, and a page beyond the 10,000th row (a window cut a page at a time)', async () => {
    const rows = sampleLicenseUsage(30_000, 12_000, 7);
    for (const text of [
      'groupby=customerTenantId,workloadCode&top=50&skip=12000',
      'groupby=customerTenantId&top=7&skip=11996',
      'top=20&skip=15000',
      "filter=channel eq 'reseller'&top=10000&skip=10001",
    ]) {
      const query = parseQuery(text, { schema });
      expect(await streamQuery(streamed(rows), query, { schema }, 4096)).toEqual(runQuery(rows, query, { schema }));
    }
  });

  test('rows that tie on every field keep their input order across every cut of the window', async () => {
    const rows = Array.from({ length: 60 }, (_, index) => ({
      workloadCode: index % 3 === 0 ? 'EXO' : 'SFB',
      processedDateTime: '2024-01-31',
      id: index,
    }));
    for (const text of ['top=5', 'top=7&skip=20', 'top=3&skip=38']) {
      const query = parseQuery(text, { schema });
      const answer = await streamQuery(streamed(rows), query, { schema }, 1);
      expect(answer.value.map((row) => (row as { id: number }).id)).toEqual(
        runQuery(rows, query, { schema }).value.map((row) => (row as { id: number }).id),
      );
    }
  });

  test('a sum that overflows to Infinity stays Infinity, as runQuery adds it', async () => {
    const big = { workloadCode: 'SFB', licensesActive: 1.7e308, processedDateTime: '2024-01-31' };
    const rows = [big, big, { ...big, licensesActive: -5 }, big, { ...big, workloadCode: 'EXO' }];
    const query = parseQuery('groupby=workloadCode', { schema });
    const answer = await streamQuery(streamed(rows), query, { schema }, 1);
    expect(answer.value).toEqual([
      { workloadCode: 'EXO', licensesActive: 1.7e308, licensesQualified: 0 },
      { workloadCode: 'SFB', licensesActive: Number.POSITIVE_INFINITY, licensesQualified: 0 },
    ]);
    expect(answer).toEqual(runQuery(rows, query, { schema }));
  });

  test('a newer snapshot late in the stream drops every group and row kept for the older one', async () => {
    const rows = sampleLicenseUsage(500).reverse();
    for (const text of ['groupby=channel', 'top=3', "filter=workloadCode eq 'SFB'&top=2&skip=1"]) {
      const query = parseQuery(text, { schema });
      const answer = await streamQuery(streamed(rows), query, { schema }, 16);
      expect(answer).toEqual(runQuery(rows, query, { schema }));
      expect(answer.totalCount).toBeGreaterThan(0);
    }
  });
});

// ---- the built CLI ----

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let workDirectory = '';

function filterby(args: readonly string[], env: Record<string, string> = {}, timeout = 30_000): Run {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: workDirectory,
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(name: string, text: string): string {
  const path = join(workDirectory, name);
  writeFileSync(path, text);
  return path;
}

const fieldNames = Object.keys(schema.fields);
const sampleRows = sampleLicenseUsage();

beforeAll(() => {
  workDirectory = mkdtempSync(join(tmpdir(), 'filterby-query-'));
  write('rows.json', JSON.stringify(sampleRows, null, 1));
  write('rows.ndjson', `${sampleRows.map((row) => JSON.stringify(row)).join('\n')}\n`);
  write('rows.csv', [fieldNames.join(','), ...sampleRows.map((row) => csvRecord(row, fieldNames))].join('\r\n'));
});

// Checked before each test, so that every test fails (none is skipped) when the build is missing.
beforeEach(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
});

afterAll(() => {
  if (workDirectory !== '') rmSync(workDirectory, { recursive: true, force: true });
});

/** Partner Center's body for the query in memory, without the next link, as `--format json` prints it. */
function expectedBody(query: string, rows: readonly object[] = sampleRows, on: Schema = schema) {
  const { Value, TotalCount } = toResponseBody(runQuery(rows, parseQuery(query, { schema: on }), { schema: on }));
  return { Value, TotalCount };
}

const queries: readonly (readonly [string, readonly string[]])[] = [
  ['', []],
  ["filter=workloadCode eq 'SFB' or (channel eq 'Reseller')&groupby=channel&top=3", []],
  ["filter=customerTenantId eq '0112A436-B14E-4888-967B-CA4BB2CF1234'&groupby=workloadCode,channel", []],
  ['groupby=productId&top=5&skip=7', []],
  ["filter=channel eq 'reseller'&top=4&skip=2", []],
  ['processedDateTime=2024-01-30&groupby=serviceCode', []],
];

function flagsOf(query: string): string[] {
  const flags: string[] = [];
  for (const [name, value] of new URLSearchParams(query)) {
    flags.push(name === 'processedDateTime' ? '--processed-date-time' : `--${name}`, value);
  }
  return flags;
}

describe('filterby query', () => {
  test.each(['rows.json', 'rows.ndjson', 'rows.csv'])('answers %s as runQuery does in memory', (file) => {
    for (const [query] of queries) {
      const run = filterby(['query', file, ...flagsOf(query), '--format', 'json']);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(expectedBody(query));
    }
  });

  test('prints JSON when stdout is not a terminal', () => {
    const run = filterby(['query', 'rows.ndjson', '--groupby', 'channel']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expectedBody('groupby=channel'));
  });

  test('--format ndjson prints one row a line', () => {
    const run = filterby(['query', 'rows.json', '--filter', "workloadCode eq 'EXO'", '--format', 'ndjson']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(expectedBody("filter=workloadCode eq 'EXO'").Value);
  });

  test('--format csv prints a header and the rows, read back as the same rows', async () => {
    const run = filterby(['query', 'rows.csv', '--groupby', 'channel,workloadCode', '--format', 'csv']);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\r\n')[0]).toBe('channel,workloadCode,licensesActive,licensesQualified');
    const rows = [];
    for await (const row of parseCsv(streamed([run.stdout]), 'stdout', schema)) rows.push(row);
    expect(rows).toEqual(expectedBody('groupby=channel,workloadCode').Value);
  });

  test('--format csv writes a text cell a spreadsheet would run as a formula with a leading quote; --csv-raw as it is', () => {
    const formula = '=HYPERLINK("http://example.com","Contoso")';
    const rows = [
      { customerName: formula, channel: '@SUM(1+1)', productName: '-2+3', licensesActive: -5 },
      { customerName: '+1', channel: '\tReseller', productName: '\rx', licensesActive: 7, '=key': 'a=b' },
    ].map((row) => ({ ...row, workloadCode: 'SFB', processedDateTime: '2024-01-31T00:00:00Z' }));
    write('formulas.json', JSON.stringify(rows));
    const flags = ['query', 'formulas.json', '--groupby', 'customerName,channel,productName', '--format', 'csv'];
    const safe = filterby(flags);
    expect(safe.stderr).toBe('');
    expect(safe.status).toBe(0);
    expect(safe.stdout).toBe(
      [
        'customerName,channel,productName,licensesActive,licensesQualified',
        `'+1,'\tReseller,"'\rx",7,0`,
        `"'=HYPERLINK(""http://example.com"",""Contoso"")",'@SUM(1+1),'-2+3,-5,0`,
        '',
      ].join('\r\n'),
    );
    const raw = filterby([...flags, '--csv-raw']);
    expect(raw.status).toBe(0);
    expect(raw.stdout.split('\r\n').slice(1, 3)).toEqual([
      '+1,\tReseller,"\rx",7,0',
      '"=HYPERLINK(""http://example.com"",""Contoso"")",@SUM(1+1),-2+3,-5,0',
    ]);
    const header = filterby(['query', 'formulas.json', '--filter', "customerName eq '+1'", '--format', 'csv']);
    expect(header.stdout.split('\r\n')[0]).toMatch(/,'=key$/);
    const notCsv = filterby(['query', 'formulas.json', '--format', 'json', '--csv-raw']);
    expect(notCsv.status).toBe(2);
    expect(notCsv.stderr).toContain('--csv-raw applies to --format csv only');
  });

  test('csvField: only text is neutralized; numbers, booleans and JSON values are written as they are', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r', '\0']) {
      expect(csvField(`${lead}1`)).toMatch(new RegExp(`^"?'\\${lead === '\0' ? 'x00' : lead}1"?$`));
      expect(csvField(`${lead}1`, { neutralizesFormulas: false })).not.toContain("'");
    }
    expect(csvField(-5)).toBe('-5');
    expect(csvField(-1.5e-7)).toBe('-1.5e-7');
    expect(csvField('-5')).toBe("'-5");
    expect(csvField(true)).toBe('true');
    expect(csvField({ a: '=1' })).toBe('"{""a"":""=1""}"');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField("'=1")).toBe("'=1");
  });

  test('--format table aligns the columns and counts the rows', () => {
    const run = filterby(['query', 'rows.ndjson', '--groupby', 'channel', '--top', '2', '--format', 'table']);
    expect(run.status).toBe(0);
    const [first, second] = expectedBody('groupby=channel&top=2').Value as { channel: string }[];
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^channel +licensesActive +licensesQualified$/);
    expect(lines[1]).toMatch(/^-+ +-+ +-+$/);
    expect(lines[2]).toMatch(new RegExp(`^${first!.channel} +\\d+ +\\d+$`));
    expect(lines[3]).toMatch(new RegExp(`^${second!.channel} +\\d+ +\\d+$`));
    // Numbers are right-aligned: every row's line is as long as the header's.
    expect(new Set(lines.slice(0, 4).map((line) => line.length)).size).toBe(1);
    expect(lines[4]).toBe(`(2 rows of ${expectedBody('groupby=channel').TotalCount})`);
  });

  test('--format table shows a line break, a tab or a lone surrogate escaped, in the header as in the cells', () => {
    write('odd.json', '[{"workloadCode":"S\\tFB","processedDateTime":"2024-01-31","a\\nb":"x\\ud800y"}]');
    const run = filterby(['query', 'odd.json', '--format', 'table']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/ a\\nb$/);
    expect(lines[2]).toMatch(/^S\\tFB .* x\\ud800y$/);
    expect(run.stdout).not.toContain('\uFFFD');
  });

  test('--schema and --extensions: a custom schema, CSV values typed by it, and not/in', () => {
    const custom = { table: 't', fields: { code: { type: 'string' }, seats: { type: 'number', aggregate: 'sum' } } };
    write('custom.json', JSON.stringify(custom));
    write('custom.csv', 'code,seats\na,1\nb,2\na,3\nc,\n');
    const all = filterby(['query', 'custom.csv', '--schema', 'custom.json']);
    expect(all.status).toBe(0);
    expect(JSON.parse(all.stdout).TotalCount).toBe(4);
    const grouped = filterby([
      'query',
      'custom.csv',
      '--schema',
      'custom.json',
      '--extensions',
      'not,in',
      '--filter',
      "not (code in ('b'))",
      '--groupby',
      'code',
    ]);
    expect(grouped.status).toBe(0);
    const rows = [
      { code: 'a', seats: 1 },
      { code: 'b', seats: 2 },
      { code: 'a', seats: 3 },
      { code: 'c', seats: null },
    ];
    const on = defineSchema({ ...custom, profile: { extensions: ['not', 'in'] } } as Parameters<
      typeof defineSchema
    >[0]);
    expect(JSON.parse(grouped.stdout)).toEqual(expectedBody("filter=not (code in ('b'))&groupby=code", rows, on));
  });

  test('a bad filter exits 2 with the caret display', () => {
    const run = filterby(['query', 'rows.ndjson', '--filter', "workloadcode eq 'SFB'"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("did you mean 'workloadCode'?");
    expect(run.stderr).toContain("  workloadcode eq 'SFB'\n  ^^^^^^^^^^^^");
  });

  test.each([
    [['--top', '0'], /top/],
    [['--skip=-1'], /INVALID_PARAMETER: .*skip/],
    [['--processed-date-time', 'yesterday'], /processedDateTime must be an ISO 8601 date/],
    [['--groupby', 'licensesActive'], /FIELD_NOT_GROUPABLE/],
    [['--format', 'xml'], /--format is one of json, ndjson, csv, table, not 'xml'/],
    [['--input-format', 'xml'], /--input-format is one of json, ndjson, csv/],
    [['--frobnicate'], /unknown option --frobnicate/],
  ])('bad options exit 2: %j', (flags, message) => {
    const run = filterby(['query', 'rows.ndjson', ...flags]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  test.each([
    ['truncated.json', '[{"workloadCode":"SFB"},\n{"workloadCode":', 'truncated.json:2: the file ends inside row 2'],
    ['scalar.json', '[{"workloadCode":"SFB"},\n7]', "scalar.json:2: row 2 is not a JSON object; it starts with '7'"],
    ['quote.csv', 'workloadCode,channel\nSFB,Res"eller\n', 'quote.csv:2: a quote inside an unquoted field'],
    ['open.csv', 'workloadCode,channel\nSFB,"Reseller\nEXO,Direct\n', 'open.csv:2: a quoted field is never closed'],
    ['array.ndjson', '{"workloadCode":"SFB"}\n\n["SFB"]\n', 'array.ndjson:3: a row is a JSON object; found an array'],
    ['broken.ndjson', '{"workloadCode":"SFB"}\n{"workloadCode":\n', 'broken.ndjson:2: not JSON'],
  ])('a bad file exits 2 and names the line: %s', (name, text, message) => {
    write(name, text);
    const run = filterby(['query', name]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`filterby: ${message}`);
  });

  test.each(['json', 'ndjson', 'csv', 'table'])(
    'a row nested 100,000 deep exits 2 at load, naming file:line, in any output format: --format %s',
    (format) => {
      const deep = `{"workloadCode":"SFB","processedDateTime":"2024-01-31","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      write('deep.ndjson', `{"workloadCode":"EXO","processedDateTime":"2024-01-31"}\n${deep}\n`);
      write('deep.json', `[\n{"workloadCode":"EXO","processedDateTime":"2024-01-31"},\n${deep}]`);
      for (const [file, detail] of [
        ['deep.ndjson', 'deep.ndjson:2: this row nests'],
        ['deep.json', 'deep.json:3: row 2 nests'],
      ] as const) {
        const run = filterby(['query', file, '--format', format]);
        expect(run.stderr).not.toContain('RangeError');
        expect(run.status).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(new RegExp(`^filterby: ${detail} objects and arrays more than \\d+ levels deep\n`));
      }
    },
  );

  test('a missing file, or no file, exits 2', () => {
    const missing = filterby(['query', 'nowhere.ndjson']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read nowhere\.ndjson/);
    expect(filterby(['query']).status).toBe(2);
  });

  test('--help describes the command', () => {
    const run = filterby(['query', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: filterby query <file>/);
    expect(run.stdout).toContain('--processed-date-time');
    expect(filterby(['--help']).stdout).toContain('filterby query <file>');
  });

  // Generous by design: 1,000,000 rows (about 350 MB) written, streamed by the child and checked here, on two
  // busy cores. It took about 25 s alone; the limit only catches a hang or an accidental quadratic.
  test('streams a 1,000,000-row NDJSON file with a groupby in memory far below the file size', async () => {
    const path = join(workDirectory, 'million.ndjson');
    const rowsOfChunk = (chunk: number) => sampleLicenseUsage(5_000, 40, 1_000 + chunk);
    const chunks = 100;
    function* allRows(): Generator<LicenseUsageRow> {
      for (let chunk = 0; chunk < chunks; chunk++) yield* rowsOfChunk(chunk);
    }
    const out = createWriteStream(path);
    for (let chunk = 0; chunk < chunks; chunk++) {
      const text = `${rowsOfChunk(chunk)
        .map((row) => JSON.stringify(row))
        .join('\n')}\n`;
      if (!out.write(text)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(200 * 2 ** 20);

    const query = "filter=workloadCode eq 'SFB' or channel eq 'Reseller'&groupby=workloadCode,channel";
    const child = spawn(process.execPath, [cli, 'query', path, ...flagsOf(query), '--top', '7', '--format', 'json'], {
      env: { ...process.env, FILTERBY_REPORT_MEMORY: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const [status] = (await once(child, 'close')) as [number];
    expect(stderr).toMatch(/maxRSS \d+ bytes/);
    expect(status).toBe(0);

    let expected = toResponseBody(runQuery(allRows(), parseQuery(`${query}&top=7`, { schema }), { schema }));
    expected = { Value: expected.Value, TotalCount: expected.TotalCount };
    const body = JSON.parse(stdout) as { Value: unknown[]; TotalCount: number };
    expect(body.TotalCount).toBeGreaterThan(7);
    expect(body).toEqual(expected);

    const maxRss = Number(/maxRSS (\d+) bytes/.exec(stderr)![1]);
    // About 85 MB of a 350 MB file (Node itself is about 45 MB); reading the file whole would exceed it.
    expect(maxRss).toBeLessThan(size / 3);
    rmSync(path);
  }, 180_000);
});

describe('filterby sql', () => {
  test.each(['postgres', 'sqlite', 'mysql', 'mssql', 'mariadb', 'duckdb', 'clickhouse'] as const)(
    'prints the %s statement and its values',
    (dialect) => {
      const query = "filter=workloadCode eq 'SFB' or channel eq 'Reseller'&groupby=channel&top=5&skip=5";
      const statement = toSql(parseQuery(query, { schema }), { schema, dialect });
      const run = filterby([
        'sql',
        "workloadCode eq 'SFB' or channel eq 'Reseller'",
        ...flagsOf(query).slice(2),
        '--dialect',
        dialect,
      ]);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`${statement.text}\n-- values: ${JSON.stringify(statement.values)}\n`);
    },
  );

  test('--json prints the dialect, the text and the values; postgres by default', () => {
    const run = filterby(['sql', "customerTenantId eq '0112A436-B14E-4888-967B-CA4BB2CF1234'", '--json']);
    expect(run.status).toBe(0);
    const statement = toSql(
      parseQuery("filter=customerTenantId eq '0112A436-B14E-4888-967B-CA4BB2CF1234'", { schema }),
      { schema, dialect: 'postgres' },
    );
    expect(JSON.parse(run.stdout)).toEqual({ dialect: 'postgres', text: statement.text, values: statement.values });
  });

  test('--table reads another table; no filter reads every row of the latest snapshot', () => {
    const run = filterby(['sql', '--table', 'usage_cache', '--dialect', 'sqlite', '--top', '3']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('FROM "usage_cache"');
    expect(run.stdout).not.toContain('license_usage');
    expect(run.stdout).toContain('-- values: (none)');
  });

  test('--ddl prints the table and its indexes, each ended with a semicolon; --json lists them', () => {
    const statements = [
      toCreateTable(schema, { dialect: 'sqlite' }),
      ...toCreateIndexes(schema, { dialect: 'sqlite' }),
    ];
    const run = filterby(['sql', '--ddl', '--dialect', 'sqlite']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(statements.map((statement) => `${statement};\n`).join(''));
    expect(statements.length).toBeGreaterThan(1);
    const json = filterby(['sql', '--ddl', '--json', '--table', 'usage_cache']);
    expect(json.status).toBe(0);
    const printed = JSON.parse(json.stdout);
    expect(printed.dialect).toBe('postgres');
    expect(printed.statements[1]).toMatch(/^CREATE INDEX "usage_cache_page" ON "usage_cache" \("processedDateTime", /);
  });

  test('--ddl with a filter or a query flag is a usage error naming them', () => {
    const run = filterby(['sql', "channel eq 'a'", '--ddl', '--top', '5']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--ddl prints the table and its indexes, not a query: leave out the filter, --top');
  });

  test('errors exit 2: a bad filter with its caret, a bad dialect, a bad top', () => {
    const bad = filterby(['sql', "workloadCode EQ 'SFB'"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/SYNTAX.*\n {2}workloadCode EQ 'SFB'\n {15}\^/);
    const dialect = filterby(['sql', "workloadCode eq 'SFB'", '--dialect', 'oracle']);
    expect(dialect.status).toBe(2);
    expect(dialect.stderr).toContain(
      "--dialect is one of postgres, sqlite, mysql, mssql, mariadb, duckdb, clickhouse, not 'oracle'",
    );
    expect(filterby(['sql', "workloadCode eq 'SFB'", '--top', '10001']).status).toBe(2);
  });

  test('--help describes the command', () => {
    const run = filterby(['sql', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: filterby sql/);
    expect(run.stdout).toContain('--dialect');
  });
});
