// `npm run bench`: filterby beside the libraries users would pick instead, and beside hand-written code (the
// limit), in one run on one machine. Prints markdown tables of medians and ratios; with --readme, writes them
// into README.md between the bench markers. Needs `npm run build` first (npm run bench does it).

import { readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { defineSchema, parseFilter, parseQuery, partnerCenter, runQuery } from '../dist/index.js';
import { bundleSection } from './bundle.mjs';
import { licenseUsageRows } from './data.mjs';
import { filteringSection } from './filtering.mjs';
import { filters } from './filters.mjs';
import { groupingSection } from './grouping.mjs';
import { handParser } from './hand-parser.mjs';
import { measure } from './harness.mjs';
import { parsingSection } from './parsing.mjs';
import { postgresSection } from './postgres.mjs';
import { serverLoadSection } from './server-load.mjs';
import { storeSection } from './store.mjs';

const schema = partnerCenter.licenseUsage;
const quick = process.argv.includes('--quick');
const rowCount = quick ? 100_000 : 1_000_000;
const rows = licenseUsageRows(rowCount);
const sections = [];

const perSecond = (ms, units = 1) => (units * 1000) / ms;
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
/** What every section of bench/ is given: the rows, the mode, and the helpers above. */
const context = { rows, quick, log, table, ratio, format, interleaved };

// `--only filtering`: the filtering section alone (for work on the predicate), printed without a heading.
if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'filtering') {
  process.stdout.write(`${await filteringSection(context)}\n`);
  process.exit(0);
}

// ---- parsing ----
sections.push(await parsingSection(context));

// ---- filtering ----
sections.push(await filteringSection(context));

// ---- grouping, the row store, the server under load ----
sections.push(await groupingSection(context));
sections.push(await storeSection(context));
sections.push(await serverLoadSection(context));

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

// ---- PostgreSQL ----
// PGlite takes minutes to load and index a million rows and to answer its unindexed requests: the PostgreSQL
// section runs on the first 200,000 (`--postgres-rows N` for more; --quick, 100,000).
const postgresRows = Number(process.argv[process.argv.indexOf('--postgres-rows') + 1]) || (quick ? 100_000 : 200_000);
sections.push(await postgresSection({ ...context, rows: rows.slice(0, postgresRows) }));

// ---- bundle ----
sections.push(await bundleSection(context));

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
