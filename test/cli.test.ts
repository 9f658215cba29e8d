// The `filterby` command as a user runs it: the built dist/cli.js in a child process, its output and exit code.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parseCsv } from '../src/cli/row-files.js';
import { sampleLicenseUsage, sampleRows } from '../src/cli/sample-data.js';
import { sampleSize } from '../src/cli/serve-command.js';
import { parseQuery, partnerCenter, runQuery, toResponseBody, toSql } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const packageVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let workDirectory = '';

function filterby(...args: string[]): Run {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: workDirectory,
    encoding: 'utf8',
    timeout: 20_000,
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeJson(name: string, value: unknown): string {
  const file = join(workDirectory, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

beforeAll(() => {
  workDirectory = mkdtempSync(join(tmpdir(), 'filterby-cli-'));
});

// Checked before each test, so that every test fails (none is skipped) when the build is missing.
beforeEach(() => {
  if (!existsSync(cli)) {
    throw new Error(`${cli} is missing: run \`npm run build\` first (npm test builds before testing)`);
  }
});

afterAll(() => {
  if (workDirectory !== '') rmSync(workDirectory, { recursive: true, force: true });
});

const docsExample = "workloadCode eq 'SFB' or (channel eq 'Reseller')";
const docsAst = {
  kind: 'or',
  operands: [
    { kind: 'compare', field: 'workloadCode', op: 'eq', value: 'SFB' },
    { kind: 'compare', field: 'channel', op: 'eq', value: 'Reseller' },
  ],
};
const docsQueryString =
  'filter=workloadCode%20eq%20%27SFB%27%20or%20channel%20eq%20%27Reseller%27&groupby=workloadCode,channel';

describe('filterby parse', () => {
  test("prints the canonical filter, the groupby, the query string and the AST of the docs' example", () => {
    const run = filterby('parse', docsExample, '--groupby', 'workloadCode,channel');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      "filter   workloadCode eq 'SFB' or channel eq 'Reseller'",
      'groupby  workloadCode,channel',
      `query    ${docsQueryString}`,
    ]);
    expect(lines[3]).toBe('ast      {');
    const astText = run.stdout.slice(run.stdout.indexOf('ast      ') + 'ast      '.length);
    expect(JSON.parse(astText)).toEqual(docsAst);
  });

  test('--json prints one JSON object with the same values', () => {
    const run = filterby('parse', docsExample, '--groupby', 'workloadCode,channel', '--json');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toEqual({
      filter: "workloadCode eq 'SFB' or channel eq 'Reseller'",
      groupby: 'workloadCode,channel',
      queryString: docsQueryString,
      ast: docsAst,
    });
  });

  test('a filter alone, and a groupby alone', () => {
    expect(JSON.parse(filterby('parse', "channel eq 'Reseller'", '--json').stdout)).toEqual({
      filter: "channel eq 'Reseller'",
      queryString: 'filter=channel%20eq%20%27Reseller%27',
      ast: { kind: 'compare', field: 'channel', op: 'eq', value: 'Reseller' },
    });
    const groupOnly = filterby('parse', '--groupby', 'channel , workloadCode');
    expect(groupOnly.status).toBe(0);
    expect(groupOnly.stdout).toBe('groupby  channel,workloadCode\nquery    groupby=channel,workloadCode\n');
  });

  test('an unknown field exits 2 with the error, its line and a caret under the field', () => {
    const run = filterby('parse', "workloadcode eq 'SFB'");
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        "UNKNOWN_FIELD: Unknown field 'workloadcode' at column 1; did you mean 'workloadCode'?",
        "  workloadcode eq 'SFB'",
        '  ^^^^^^^^^^^^',
        '',
      ].join('\n'),
    );
  });

  test('an unterminated string exits 2 with a caret under the whole string', () => {
    const run = filterby('parse', "workloadCode eq 'SFB");
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        "SYNTAX: Unterminated string starting at column 17; close it with a single quote (write '' for a quote inside the text)",
        "  workloadCode eq 'SFB",
        '                  ^^^^',
        '',
      ].join('\n'),
    );
  });

  test('an upper-case keyword exits 2 and suggests the lower-case one', () => {
    const run = filterby('parse', "workloadCode EQ 'SFB'");
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n').slice(1, 3)).toEqual(["  workloadCode EQ 'SFB'", '               ^^']);
    expect(run.stderr).toMatch(/^SYNTAX: .*'eq'/);
  });

  test('a groupby error exits 2 with a caret under the field', () => {
    const run = filterby('parse', '--groupby', 'channel,licensesActive');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^FIELD_NOT_GROUPABLE: /);
    expect(run.stderr.split('\n').slice(1, 3)).toEqual(['  channel,licensesActive', '          ^^^^^^^^^^^^^^']);
  });

  test('without --extensions, not and in exit 2 with OPERATOR_NOT_ALLOWED and a caret', () => {
    const not = filterby('parse', "not channel eq 'x'");
    expect(not.status).toBe(2);
    expect(not.stderr.split('\n')).toEqual([
      "OPERATOR_NOT_ALLOWED: 'not' is not supported by this API at column 1; this schema's profile leaves the 'not' extension off",
      "  not channel eq 'x'",
      '  ^^^',
      '',
    ]);
    const inList = filterby('parse', "channel in ('a','b')");
    expect(inList.status).toBe(2);
    expect(inList.stderr).toMatch(/^OPERATOR_NOT_ALLOWED: 'in' /);
    expect(inList.stderr.split('\n').slice(1, 3)).toEqual(["  channel in ('a','b')", '          ^^']);
  });

  test('--extensions not,in turns on not and in', () => {
    const not = filterby('parse', "not channel eq 'x'", '--extensions', 'not,in', '--json');
    expect(not.status).toBe(0);
    expect(JSON.parse(not.stdout)).toEqual({
      filter: "not channel eq 'x'",
      queryString: 'filter=not%20channel%20eq%20%27x%27',
      ast: { kind: 'not', operand: { kind: 'compare', field: 'channel', op: 'eq', value: 'x' } },
    });
    const inList = filterby('parse', "channel in ('a','b')", '--extensions', 'not,in', '--json');
    expect(inList.status).toBe(0);
    expect(JSON.parse(inList.stdout)).toEqual({
      filter: "channel in ('a', 'b')",
      queryString: 'filter=channel%20in%20%28%27a%27,%20%27b%27%29',
      ast: { kind: 'in', field: 'channel', values: ['a', 'b'] },
    });
  });

  test('--extensions turns on only what it lists', () => {
    const run = filterby('parse', "channel in ('a','b')", '--extensions', 'not');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^OPERATOR_NOT_ALLOWED: /);
  });

  test('an unknown extension exits 2 and names it', () => {
    const run = filterby('parse', "channel eq 'a'", '--extensions', 'regex');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("'regex'");
  });
});

describe('filterby parse --schema', () => {
  const orders = {
    table: 'orders',
    fields: {
      orderId: { type: 'guid' },
      region: { type: 'string', caseInsensitive: true },
      total: { type: 'number', aggregate: 'sum' },
    },
    profile: { extensions: ['in'] },
  };

  test('reads the fields and the profile of a schema file', () => {
    const file = writeJson('orders.json', orders);
    const run = filterby('parse', "region in ('EU', 'US')", '--groupby', 'region', '--schema', file, '--json');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      filter: "region in ('EU', 'US')",
      groupby: 'region',
      queryString: 'filter=region%20in%20%28%27EU%27,%20%27US%27%29&groupby=region',
      ast: { kind: 'in', field: 'region', values: ['EU', 'US'] },
    });
  });

  test('a field of the built-in schema is unknown to a custom one', () => {
    const file = writeJson('orders.json', orders);
    const run = filterby('parse', "channel eq 'Reseller'", '--schema', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^UNKNOWN_FIELD: Unknown field 'channel' at column 1/);
  });

  test("the schema's measures and literal types apply", () => {
    const file = writeJson('orders.json', orders);
    expect(filterby('parse', '--groupby', 'total', '--schema', file).stderr).toMatch(/^FIELD_NOT_GROUPABLE: /);
    expect(filterby('parse', "orderId eq 'abc'", '--schema', file).stderr).toMatch(/^INVALID_LITERAL: /);
  });

  test("--extensions adds to the schema file's own extensions", () => {
    const file = writeJson('orders.json', orders);
    const run = filterby('parse', "not region in ('EU')", '--schema', file, '--extensions', 'not', '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).ast).toEqual({
      kind: 'not',
      operand: { kind: 'in', field: 'region', values: ['EU'] },
    });
    expect(filterby('parse', "not region in ('EU')", '--schema', file).status).toBe(2);
  });

  test('an invalid schema definition exits 2 with INVALID_SCHEMA', () => {
    const file = writeJson('invalid.json', { table: 'orders', fields: { region: { type: 'text' } } });
    const run = filterby('parse', "region eq 'EU'", '--schema', file);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^INVALID_SCHEMA: .*'region'/);
    for (const definition of ['null', '[]', '{}', '{"table":"t","fields":{}}']) {
      const other = filterby('parse', "region eq 'EU'", '--schema', writeJson('other.json', definition));
      expect(other.status).toBe(2);
      expect(other.stderr).toMatch(/^INVALID_SCHEMA: /);
    }
  });

  test('a file that is not JSON exits 2 with a usage message', () => {
    const file = writeJson('broken.json', '{ "table": ');
    const run = filterby('parse', "region eq 'EU'", '--schema', file);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`filterby: the schema file ${file} is not JSON`);
    expect(run.stderr).toContain("Run 'filterby parse --help' for usage.");
  });

  test('a file that cannot be read exits 2 with a usage message', () => {
    for (const file of [join(workDirectory, 'missing.json'), workDirectory]) {
      const run = filterby('parse', "region eq 'EU'", '--schema', file);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(
        `filterby: cannot read the schema file ${file}\nRun 'filterby parse --help' for usage.\n`,
      );
    }
  });
});

describe('filterby demo, help, version and usage errors', () => {
  test("demo exits 0 and shows the docs' examples, a request and an error with a caret", () => {
    const run = filterby('demo');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`$ filterby parse "${docsExample}"`);
    expect(run.stdout).toContain("  canonical  workloadCode eq 'SFB' or channel eq 'Reseller'");
    expect(run.stdout).toContain(
      '  query      filter=workloadCode%20eq%20%27SFB%27%20or%20channel%20eq%20%27Reseller%27',
    );
    expect(run.stdout).toContain("  canonical  workloadCode eq 'SFB'\n");
    expect(run.stdout).toContain("customerTenantId eq '0112A436-B14E-4888-967B-CA4BB2CF1234'");
    expect(run.stdout).toContain('  top 100, skip 0');
    expect(run.stdout).toContain(
      [
        "UNKNOWN_FIELD: Unknown field 'workloadcode' at column 1; did you mean 'workloadCode'?",
        "  workloadcode eq 'SFB'",
        '  ^^^^^^^^^^^^',
      ].join('\n'),
    );
  });

  test('demo answers the very request it prints, from the generated sample, as runQuery and toSql do', () => {
    const run = filterby('demo');
    const lines = run.stdout.split('\n');
    const requestAt = lines.indexOf('A server reads a request:');
    const answerAt = lines.findIndex((line) => line.startsWith('…and answers it from cached rows'));
    const sqlAt = lines.indexOf('…or from PostgreSQL, with the values bound:');
    expect([requestAt, answerAt, sqlAt].every((at) => at > 0)).toBe(true);
    const request = lines[requestAt + 1]!.trim();
    // The docs' request, as their page writes it.
    expect(request).toBe(
      '?filter=customerTenantId%20eq%20%270112A436-B14E-4888-967B-CA4BB2CF1234%27&groupby=workloadCode,channel&top=100&skip=0',
    );
    const schema = partnerCenter.licenseUsage;
    const query = parseQuery(request.slice(1), { schema });
    const expected = toResponseBody(runQuery(sampleLicenseUsage(), query, { schema }));
    expect(JSON.parse(lines.slice(answerAt + 1, sqlAt).join('\n'))).toEqual(expected);
    expect(expected.TotalCount).toBeGreaterThan(1);
    const sql = toSql(query, { schema, dialect: 'postgres' });
    expect(lines.slice(sqlAt + 1, sqlAt + 2 + sql.text.split('\n').length).join('\n')).toBe(
      `${sql.text.replaceAll(/^/gm, '  ')}\n  -- ${JSON.stringify(sql.values)}`,
    );
  });

  test.each(['--help', '-h', 'help'])('%s exits 0 and lists the commands and options', (flag) => {
    const run = filterby(flag);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Usage:');
    expect(run.stdout).toMatch(/^ {2}parse {3}/m);
    expect(run.stdout).toMatch(/^ {2}demo {4}/m);
    for (const option of ['--groupby', '--extensions', '--schema', '--json']) expect(run.stdout).toContain(option);
  });

  const commandNames = ['parse', 'query', 'sql', 'demo', 'serve', 'sample'];

  test.each(
    commandNames.flatMap((name) => [
      [name, '--help'],
      [name, '-h'],
    ]),
  )('`filterby %s %s` prints its usage and exits 0, doing nothing else', (name, flag) => {
    const run = filterby(name, flag);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: filterby ${name}\\b`));
    expect(run.stdout).not.toContain('filterby demo: the examples');
    expect(run.stdout).not.toContain('listening');
    // Anywhere among the arguments, beside others, as `--help` is on any command line.
    expect(filterby(name, 'x', flag).stdout).toBe(run.stdout);
    expect(filterby('help', name).stdout).toBe(run.stdout);
  });

  test('each command has its own usage, listing the options it takes', () => {
    const options: Record<string, string[]> = {
      parse: ['--groupby', '--endpoint', '--extensions', '--schema', '--json'],
      query: [
        '--filter',
        '--groupby',
        '--orderby',
        '--aggregation-level',
        '--top',
        '--skip',
        '--endpoint',
        '--format',
        '--input-format',
        '--csv-raw',
      ],
      sql: ['--orderby', '--aggregation-level', '--endpoint', '--dialect', '--table', '--json', '--ddl'],
      serve: [
        '--port',
        '--endpoint',
        '--host',
        '--data',
        '--database-url',
        '--table',
        '--schema',
        '--extensions',
        '--page-limit',
        '--public-url',
        '--trust-proxy',
      ],
      sample: ['--endpoint', '--rows', '--format', '--output'],
    };
    const usages = new Set(commandNames.map((name) => filterby(name, '--help').stdout));
    expect(usages.size).toBe(commandNames.length);
    for (const [name, flags] of Object.entries(options)) {
      const usage = filterby(name, '--help').stdout;
      for (const flag of flags) expect(usage, `${name} ${flag}`).toContain(flag);
    }
    expect(filterby('--help').stdout).toContain('filterby <command> --help');
  });

  test('-h and --help print the usage before `--` (even after a flag that takes a value), never after it', () => {
    const queryUsage = filterby('query', '--help').stdout;
    expect(filterby('query', 'rows.ndjson', '--filter', '-h').stdout).toBe(queryUsage);
    // Written with '=', it is the flag's value; after `--`, an argument.
    for (const args of [
      ['query', 'rows.ndjson', '--filter=-h'],
      ['parse', '--', '-h'],
      ['parse', '--', '--help'],
    ]) {
      const run = filterby(...args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^SYNTAX: /);
    }
  });

  test('`filterby help` is the usage; `filterby help` with an unknown command exits 2', () => {
    expect(filterby('help').stdout).toBe(filterby('--help').stdout);
    const unknown = filterby('help', 'frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^filterby: unknown command 'frobnicate'\n/);
  });

  test.each([
    [['query', 'rows.ndjson', '--frobnicate'], 'unknown option --frobnicate', 'query'],
    [['sql', "channel eq 'a'", '--dialect'], '--dialect needs a value', 'sql'],
    [['serve', '--port', 'x'], '--port must be a whole number from 0 to 65535', 'serve'],
    [['demo', 'extra'], "demo takes no arguments; got 'extra'", 'demo'],
    // A flag given twice would otherwise silently mean the last one.
    [['sql', '--dialect', 'mysql', '--dialect=sqlite'], '--dialect is given twice; give it once', 'sql'],
    [['query', 'rows.ndjson', '--filter', 'a', '--filter', 'b'], '--filter is given twice', 'query'],
    [['parse', "channel eq 'a'", '--json', '--json'], '--json is given twice', 'parse'],
    [['parse', '-x'], 'unknown option -x', 'parse'],
    [['sql', "channel eq 'a'", '--json=yes'], '--json takes no value', 'sql'],
    // A value that starts with '-' is written with '=': separated, it reads as an option.
    [['sample', '--rows', '-1'], "--rows needs a value; to give one that starts with '-', write --rows=-1", 'sample'],
    [['query', 'rows.ndjson', '--filter', '--json'], '--filter needs a value', 'query'],
  ])("a usage error points at the command's own --help: %j", (args, message, name) => {
    const run = filterby(...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^filterby: ${message}.*\\nRun 'filterby ${name} --help' for usage\\.\\n$`));
  });

  test('a file that cannot be read, or is not rows, ends with a hint that fits it, not --help', () => {
    writeJson('bad.ndjson', '{"workloadCode":"SFB"}\n{"workloadCode":\n');
    const cases: [string[], RegExp][] = [
      [
        ['query', 'nowhere.ndjson'],
        /^filterby: cannot read nowhere\.ndjson: no such file\nCheck the path.*filterby sample/,
      ],
      [['query', workDirectory], /^filterby: cannot read .*: it is a directory\n/],
      [['query', 'bad.ndjson'], /^filterby: bad\.ndjson:2: not JSON: .*\n.*one JSON object a line/],
    ];
    for (const [args, pattern] of cases) {
      const run = filterby(...args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(pattern);
      expect(run.stderr).not.toContain('--help');
      expect(run.stderr.split('\n')).toHaveLength(3);
    }
  });

  test('--version prints the version of package.json', () => {
    const run = filterby('--version');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${packageVersion}\n`);
    expect(filterby('-v').stdout).toBe(`${packageVersion}\n`);
  });

  test('no arguments prints the usage and exits 2', () => {
    const run = filterby();
    expect(run.status).toBe(2);
    // A usage shown because the call was wrong is an error: it goes to stderr, leaving stdout empty.
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage:');
    expect(run.stderr).toContain('filterby parse <filter>');
  });

  test('an unknown command exits 2, names it and shows the usage', () => {
    const run = filterby('frobnicate');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^filterby: unknown command 'frobnicate'\n/);
    expect(run.stderr).toContain('Usage:');
  });

  test('an unknown option exits 2 and names it', () => {
    const run = filterby('parse', "channel eq 'a'", '--frobnicate');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("filterby: unknown option --frobnicate\nRun 'filterby parse --help' for usage.\n");
  });

  test('parse with nothing to parse, an option without its value, or two filters exit 2', () => {
    const cases: [string[], string][] = [
      [['parse'], 'parse needs a filter, a --groupby, or both'],
      [['parse', "channel eq 'a'", '--groupby'], '--groupby needs a value'],
      [['parse', "channel eq 'a'", '--schema'], '--schema needs a value'],
      [['parse', "channel eq 'a'", '--extensions'], '--extensions needs a value'],
      [['parse', 'channel', "eq 'a'"], 'give the filter as one argument'],
    ];
    for (const [args, message] of cases) {
      const run = filterby(...args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith(`filterby: ${message}`)).toBe(true);
      expect(run.stderr.endsWith("\nRun 'filterby parse --help' for usage.\n")).toBe(true);
    }
  });

  test('an empty filter exits 2 with a SYNTAX error, not a crash', () => {
    const run = filterby('parse', '');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^SYNTAX: The filter is empty/);
  });
});

describe('filterby sample', () => {
  const tenants = sampleSize.tenants;
  const columns = Object.keys(partnerCenter.licenseUsage.fields);

  async function csvRows(text: string): Promise<object[]> {
    async function* once(): AsyncGenerator<string> {
      yield text;
    }
    const rows: object[] = [];
    for await (const row of parseCsv(once(), 'stdout', partnerCenter.licenseUsage)) rows.push(row);
    return rows;
  }

  test('writes the generated rows as NDJSON, a JSON array or CSV, each read back as the same rows', async () => {
    const expected = [...sampleRows(7, tenants)];
    const ndjson = filterby('sample', '--rows', '7', '--format', 'ndjson');
    expect(ndjson.stderr).toBe('');
    expect(ndjson.status).toBe(0);
    expect(ndjson.stdout.endsWith('}\n')).toBe(true);
    expect(
      ndjson.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(expected);
    const json = filterby('sample', '--rows=7', '--format', 'json');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(expected);
    expect(json.stdout.split('\n')).toHaveLength(7 + 3);
    const csv = filterby('sample', '--rows', '7', '--format', 'csv');
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe(columns.join(','));
    expect(await csvRows(csv.stdout)).toEqual(expected);
    expect(JSON.parse(filterby('sample', '--rows', '0', '--format', 'json').stdout)).toEqual([]);
  });

  test('by default, NDJSON of the 5,000 rows filterby serve answers from', () => {
    const run = filterby('sample');
    expect(run.status).toBe(0);
    const rows = run.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(sampleSize.rowsPerSnapshot * 2);
    expect(rows.map((line) => JSON.parse(line))).toEqual(sampleLicenseUsage(sampleSize.rowsPerSnapshot, tenants));
  });

  test('--output writes a file, its format from its extension unless --format says; filterby query reads it', () => {
    // The format each file is written in, which the query is told, so that a wrong guess cannot pass.
    for (const [name, flags, format] of [
      ['sample.csv', [], 'csv'],
      ['sample.json', [], 'json'],
      ['sample.txt', ['--format', 'csv'], 'csv'],
      ['sample.rows', [], 'ndjson'],
    ] as const) {
      const file = join(workDirectory, name);
      const run = filterby('sample', '--rows', '40', '--output', file, ...flags);
      expect(run.status, name).toBe(0);
      expect(run.stdout).toBe('');
      const answer = filterby('query', file, '--groupby', 'channel', '--format', 'json', '--input-format', format);
      expect(answer.stderr, name).toBe('');
      const schema = partnerCenter.licenseUsage;
      const expected = toResponseBody(
        runQuery([...sampleRows(40, tenants)], parseQuery('groupby=channel', { schema }), { schema }),
      );
      expect(JSON.parse(answer.stdout)).toEqual({ Value: expected.Value, TotalCount: expected.TotalCount });
    }
    expect(readFileSync(join(workDirectory, 'sample.csv'), 'utf8').startsWith(`${columns.join(',')}\r\n`)).toBe(true);
    expect(readFileSync(join(workDirectory, 'sample.rows'), 'utf8').startsWith('{"workloadCode":')).toBe(true);
  });

  test.each([
    [['--rows=-1'], "--rows must be a whole number from 0 to 10000000, not '-1'"],
    [['--rows', '1e3'], "--rows must be a whole number from 0 to 10000000, not '1e3'"],
    [['--rows', '10000001'], '--rows must be a whole number from 0 to 10000000'],
    [['--format', 'table'], "--format is one of ndjson, csv, json, not 'table'"],
    [['extra'], "sample takes no arguments; got 'extra'"],
  ])('a bad option exits 2 and points at sample --help: %j', (args, message) => {
    const run = filterby('sample', ...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`filterby: ${message}`)).toBe(true);
    expect(run.stderr.endsWith("Run 'filterby sample --help' for usage.\n")).toBe(true);
  });

  test('an output that cannot be written exits 2 with a hint, not a stack', () => {
    const missing = join(workDirectory, 'no-such-folder', 'rows.ndjson');
    const run = filterby('sample', '--output', missing);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `filterby: cannot write ${missing}: no such folder\nCheck the path: the folder it names must exist.\n`,
    );
    expect(filterby('sample', '--output', workDirectory).stderr).toMatch(
      /^filterby: cannot write .*: it is a directory\n/,
    );
  });
});
