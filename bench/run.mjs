// `npm run bench`: filterby beside the libraries users would pick instead, and beside hand-written code (the
// limit), in one run on one machine. Prints markdown tables of medians and ratios; with --readme, writes them
// into README.md between the bench markers. Needs `npm run build` first (npm run bench does it).

import { readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { gzipSync } from 'node:zlib';
import { defaultParser as odataParser } from '@odata/parser';
import { buildSync } from 'esbuild';
import { Query as MingoQuery } from 'mingo';
import { createFilter as odataInMemoryFilter } from 'odata-v4-inmemory';
import { filter as odataV4ParseFilter } from 'odata-v4-parser';
import sift from 'sift';
import { defineSchema, parseFilter, parseQuery, partnerCenter, runQuery, toPredicate } from '../dist/index.js';
import { licenseUsageRows } from './data.mjs';
import { filters } from './filters.mjs';
import { groupingSection } from './grouping.mjs';
import { handParser } from './hand-parser.mjs';
import { measure } from './harness.mjs';
import { serverLoadSection } from './server-load.mjs';
import { storeSection } from './store.mjs';

const schema = partnerCenter.licenseUsage;
const quick = process.argv.includes('--quick');
const rowCount = quick ? 100_000 : 1_000_000;
// The slowest peers run over the first rows only (rows/s is what is compared); see the note under the table.
const peerRowCount = Math.min(rowCount, 100_000);
const rows = licenseUsageRows(rowCount);
const peerRows = rows.slice(0, peerRowCount);
const sections = [];

const perSecond = (ms, units = 1) => (units * 1000) / ms;
const count = (items, predicate) => {
  let matched = 0;
  for (let i = 0; i < items.length; i++) if (predicate(items[i])) matched++;
  return matched;
};
// A loop of its own for each function measured: one shared loop would see every predicate at one call site,
// which V8 then stops inlining, and the measure would depend on what ran before.
const counterFor = (predicate) => {
  const loop = new Function(
    'items',
    'predicate',
    'let matched = 0; for (let i = 0; i < items.length; i++) if (predicate(items[i])) matched++; return matched;',
  );
  return (items) => loop(items, predicate);
};
const format = (value) => {
  if (value >= 1e6) return `${(value / 1e6).toFixed(value >= 1e8 ? 0 : 1)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(value >= 1e5 ? 0 : 1)} k`;
  return value.toFixed(value >= 100 ? 0 : 1);
};
const ratio = (value) => `${value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(2)}×`;
const table = (head, body) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
/** Medians of per-call times for `runs`, measured in turns so that a slow moment of the machine hits all alike. */
const interleaved = (runs, rounds = 5) => {
  const times = runs.map(() => []);
  for (let round = 0; round < rounds; round++) {
    runs.forEach((run, index) => {
      times[index].push(measure(run, { samples: 3, sampleMs: 30 }));
    });
  }
  return times.map((list) => list.sort((a, b) => a - b)[list.length >> 1]);
};
const log = (text) => process.stderr.write(`${text}\n`);

// ---- parsing ----
{
  const parseHand = handParser(Object.keys(schema.fields));
  const body = [];
  const findings = [];
  for (const { name, text } of filters) {
    log(`parse: ${name}`);
    // Short runs drift with the machine: the four take turns, five rounds, and each keeps its median.
    const [ours, hand, v4, odata] = interleaved([
      () => parseFilter(text, { schema }),
      () => parseHand(text),
      () => odataV4ParseFilter(text),
      () => odataParser.filter(text),
    ]).map((ms) => perSecond(ms));
    body.push([
      name,
      format(ours),
      format(hand),
      format(v4),
      format(odata),
      ratio(ours / Math.max(v4, odata)),
      ratio(ours / hand),
    ]);
  }
  sections.push(
    `### Parsing (parses/s, median)\n\n${table(
      [
        'filter',
        'filterby',
        'hand-written',
        'odata-v4-parser',
        '@odata/parser',
        'filterby ÷ faster OData',
        'filterby ÷ hand',
      ],
      body,
    )}${findings.length ? `\n\n${findings.join('\n')}` : ''}`,
  );
}

// ---- filtering ----
{
  const body = [];
  const findings = [];
  for (const filter of filters) {
    log(`filter: ${filter.name}`);
    const ast = parseFilter(filter.text, { schema });
    const compiled = toPredicate(ast, { schema, mode: 'compiled' });
    const closure = toPredicate(ast, { schema, mode: 'closure' });
    const inMemory = odataInMemoryFilter(filter.text);
    const siftTest = sift(filter.mongo);
    const mingoQuery = new MingoQuery(filter.mongo);
    const mingoTest = (row) => mingoQuery.test(row);

    const [handCount, compiledCount, closureCount, inMemoryCount, siftCount, mingoCount] = [
      filter.hand,
      compiled,
      closure,
      inMemory,
      siftTest,
      mingoTest,
    ].map(counterFor);
    const expected = count(rows, filter.hand);
    const expectedPeers = count(peerRows, filter.hand);
    for (const [who, predicate, over, want] of [
      ['filterby compiled', compiled, rows, expected],
      ['filterby closure', closure, rows, expected],
      ['odata-v4-inmemory', inMemory, peerRows, expectedPeers],
      ['sift', siftTest, peerRows, expectedPeers],
      ['mingo', mingoTest, peerRows, expectedPeers],
    ]) {
      const got = count(over, predicate);
      if (got !== want)
        findings.push(`- ${who}, ${filter.name}: ${got} rows matched, the hand-written function ${want}.`);
    }
    // The three over a million rows take turns, as the parsers do: the machine's drift hits all alike.
    const [hand, ours, oursClosure] = interleaved(
      [() => handCount(rows), () => compiledCount(rows), () => closureCount(rows)],
      3,
    ).map((ms) => perSecond(ms, rows.length));
    const slow = { samples: 3, budgetMs: 2000 };
    const v4 = perSecond(
      measure(() => inMemoryCount(peerRows), slow),
      peerRows.length,
    );
    const siftRate = perSecond(
      measure(() => siftCount(peerRows), slow),
      peerRows.length,
    );
    const mingoRate = perSecond(
      measure(() => mingoCount(peerRows), slow),
      peerRows.length,
    );
    body.push([
      filter.name,
      format(hand),
      `${format(ours)} (${ratio(ours / hand)})`,
      `${format(oursClosure)} (${ratio(oursClosure / hand)})`,
      `${format(v4)} (${ratio(v4 / hand)})`,
      `${format(siftRate)} (${ratio(siftRate / hand)})`,
      `${format(mingoRate)} (${ratio(mingoRate / hand)})`,
    ]);
  }
  sections.push(
    `### Filtering (rows/s, median; ratio to the hand-written function)\n\n${table(
      ['filter', 'hand-written', 'filterby toPredicate', 'filterby CSP-safe', 'odata-v4-inmemory', 'sift', 'mingo'],
      body,
    )}\n\nfilterby and the hand-written function filter ${format(rowCount)} rows; the peers the first ${format(peerRowCount)}` +
      ` (the slowest need seconds per million).${findings.length ? `\n\nWhere a peer's answer differs from the hand-written function's:\n${findings.join('\n')}` : '\n\nEvery peer matched the same rows as the hand-written function.'}`,
  );
}

// ---- grouping, the row store, the server under load ----
sections.push(await groupingSection({ rows, quick, log, table, ratio, format, interleaved }));
sections.push(await storeSection({ rows, quick, log, table, ratio, format, interleaved }));
sections.push(await serverLoadSection({ rows, quick, log, table, ratio, format, interleaved }));

// ---- scaling ----
{
  const parseHand = handParser(Object.keys(schema.fields));
  const ids = filters[filters.length - 1].text.split(' or ');
  // `terms` comparisons joined by `or`; every fourth pair is an `and` in parentheses, for some nesting.
  const chain = (terms) => {
    const parts = [];
    for (let made = 0; made < terms; ) {
      if (made % 4 === 3 && made + 2 <= terms) {
        parts.push(`(channel ne 'Direct' and workloadCode eq 'W${made}')`);
        made += 2;
      } else {
        parts.push(ids[made % ids.length]);
        made += 1;
      }
    }
    return parts.join(' or ');
  };
  const body = [];
  for (const terms of [1, 10, 100, 500]) {
    const text = chain(terms);
    const ms = measure(() => parseFilter(text, { schema }));
    const hand = measure(() => parseHand(text));
    body.push([
      `${terms} terms`,
      `${text.length} B`,
      `${(ms * 1000).toFixed(1)} µs`,
      `${((ms * 1e6) / text.length).toFixed(0)} ns`,
      `${((hand * 1e6) / text.length).toFixed(0)} ns`,
    ]);
  }
  for (const bytes of [100, 1000, 8000]) {
    let text = '';
    for (let terms = 1; ; terms++) {
      const next = chain(terms);
      if (next.length > bytes) break;
      text = next;
    }
    const ms = measure(() => parseFilter(text, { schema }));
    const hand = measure(() => parseHand(text));
    body.push([
      `≈${bytes} B of text`,
      `${text.length} B`,
      `${(ms * 1000).toFixed(1)} µs`,
      `${((ms * 1e6) / text.length).toFixed(0)} ns`,
      `${((hand * 1e6) / text.length).toFixed(0)} ns`,
    ]);
  }
  // One long literal, list or run of spaces, far past the default maxLength: the cost per byte must stay flat
  // from 8 KB to 512 KB (a string of '' once grew from 66 to 295 ns a byte as the garbage it kept grew).
  const long = [];
  const longLimits = { maxLength: 1 << 20, maxTerms: 1 << 20 };
  const longTexts = [
    ["a string of ''", (bytes) => `customerName eq '${"''".repeat(bytes / 2)}'`],
    ['a string of CJK text', (bytes) => `customerName eq '${'日'.repeat(bytes)}'`],
    ['a string of ASCII text', (bytes) => `customerName eq '${'a'.repeat(bytes)}'`],
    ['an in list', (bytes) => `channel in (${Array.from({ length: bytes / 5 }, () => "'x'").join(', ')})`],
    ['a run of whitespace', (bytes) => `channel${' \t\r\n'.repeat(bytes / 4)}eq 'x'`],
  ];
  const inListSchema = defineSchema({
    table: 'license_usage',
    fields: { channel: { type: 'string' }, customerName: { type: 'string' } },
    profile: { extensions: ['in'] },
  });
  for (const [what, make] of longTexts) {
    const perByte = [8 << 10, 64 << 10, 512 << 10].map((bytes) => {
      const text = make(bytes);
      const ms = measure(() => parseFilter(text, { schema: inListSchema, limits: longLimits }), { samples: 5 });
      return `${((ms * 1e6) / text.length).toFixed(0)} ns`;
    });
    long.push([what, ...perByte]);
  }
  const engine = [];
  const query = parseQuery("filter=channel eq 'Reseller'&groupby=workloadCode", { schema });
  for (const size of [10_000, 100_000, 1_000_000].filter((n) => n <= rowCount)) {
    log(`scale: runQuery ${size}`);
    const part = rows.slice(0, size);
    const ms = measure(() => runQuery(part, query, { schema }).totalCount);
    engine.push([format(size), `${ms.toFixed(2)} ms`, format(perSecond(ms, size))]);
  }
  sections.push(
    `### Scaling\n\nParsing time grows with the text, not faster (median per parse; per byte for filterby and the hand-written parser):\n\n${table(
      ['filter', 'length', 'parseFilter', 'per byte', 'hand per byte'],
      body,
    )}\n\nOne long literal, \`in\` list or run of whitespace, with \`maxLength\` raised (time per byte):\n\n${table(
      ['text', '8 KB', '64 KB', '512 KB'],
      long,
    )}\n\n\`runQuery\` with \`filter=channel eq 'Reseller'&groupby=workloadCode\`:\n\n${table(['rows', 'time', 'rows/s'], engine)}`,
  );
}

// ---- bundle ----
{
  // The whole library, and what each kind of user's bundler keeps of it (the package has no side effects).
  const uses = [
    ['everything (`export * from "filterby"`)', "export * from './src/index.ts';"],
    [
      'a client: `builders`, `filter`, `toQueryString`',
      "export { builders, filter, toQueryString } from './src/index.ts';",
    ],
    [
      'a server: `parseQuery`, `runQuery`, `toResponseBody`, `FilterError`',
      "export { FilterError, parseQuery, runQuery, toResponseBody } from './src/index.ts';",
    ],
    ['SQL: `parseQuery`, `toSql`, `toSqlCount`', "export { parseQuery, toSql, toSqlCount } from './src/index.ts';"],
    ['`parseFilter` alone', "export { parseFilter } from './src/index.ts';"],
  ];
  const body = uses.map(([use, contents]) => {
    const bundle = buildSync({
      stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
    });
    const code = bundle.outputFiles[0].contents;
    return [use, `${code.length.toLocaleString('en')} B`, `${gzipSync(code).length.toLocaleString('en')} B`];
  });
  sections.push(
    `### Bundle\n\nMinified ESM from esbuild (\`--bundle --minify --format=esm\`), then gzip:\n\n${table(['what is imported', 'minified', 'gzipped'], body)}`,
  );
}

const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
const heading = `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu} (${cpus().length} cores, ${platform()} ${arch()}), Node ${process.version}${quick ? ', --quick (100,000 rows)' : ''}.`;
const report = `${heading}\n\n${sections.join('\n\n')}\n`;
process.stdout.write(report);

if (process.argv.includes('--readme')) {
  const readme = readFileSync('README.md', 'utf8');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from === -1 || to < from) throw new Error(`README.md has no ${begin} … ${end} section to write into`);
  writeFileSync('README.md', `${readme.slice(0, from + begin.length)}\n${report}${readme.slice(to)}`);
  log('README.md updated');
}
