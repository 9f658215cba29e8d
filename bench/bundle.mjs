// The bench's bundle section: what each kind of user's bundler keeps of the package, beside the targets of issue 13.

import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

// Each kind of user, what they import, and the most their bundle may weigh (gzipped), where issue 13 sets one.
const uses = [
  { use: 'a client building filters: `builders`, `toQueryString`', names: ['builders', 'toQueryString'], target: 8000 },
  {
    use: '… and the `filter` tag',
    names: ['builders', 'filter', 'toQueryString'],
    target: 14_000,
  },
  { use: 'a server: `parseQuery`, `runQuery`', names: ['parseQuery', 'runQuery'], target: 16_000 },
  { use: 'everything (`export *`)', names: undefined, target: 25_000 },
  {
    use: 'a server answering errors too: + `FilterError`, `toResponseBody`',
    names: ['FilterError', 'parseQuery', 'runQuery', 'toResponseBody'],
  },
  { use: 'SQL: `parseQuery`, `toSql`, `toSqlCount`', names: ['parseQuery', 'toSql', 'toSqlCount'] },
  { use: '`parseFilter` alone', names: ['parseFilter'] },
  { use: '`toPredicate` alone (a filter from elsewhere)', names: ['toPredicate'] },
  { use: '`defineSchema` alone', names: ['defineSchema'] },
  { use: '`partnerCenter` (the seven presets)', names: ['partnerCenter'] },
  { use: '`filterby/client`: `fetchPages`, `fetchAllPages`', names: ['fetchPages', 'fetchAllPages'], entry: 'client' },
];

/** The bundle of `names` (all when undefined) imported from `from`: its minified code and esbuild's metafile. */
function bundle(names, from) {
  const contents = names === undefined ? `export * from '${from}';` : `export { ${names.join(', ')} } from '${from}';`;
  const result = buildSync({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code).length, metafile: result.metafile };
}

/** The largest modules of a bundle from src/, each with its share of the minified bytes. */
function largestModules(metafile, count) {
  const [output] = Object.values(metafile.outputs);
  return Object.entries(output.inputs)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, count)
    .map(([path, { bytesInOutput }]) => {
      const name = path.replace(/^src\//, '').replace(/^generated\/filter-parser\.js$/, 'the generated parser');
      return `${name} ${Math.round((100 * bytesInOutput) / output.bytes)}%`;
    });
}

/**
 * What a bundler keeps of the built package for each kind of user (esbuild, `--bundle --minify --format=esm`,
 * then gzip), and of src/ (the same code split into its modules, so the metafile says which module weighs what).
 */
export async function bundleSection({ log }) {
  log('bundle sizes');
  const rows = uses.map(({ use, names, target, entry = 'index' }) => {
    const fromPackage = bundle(names, `./dist/${entry}.js`);
    const fromSource = bundle(names, entry === 'index' ? './src/index.ts' : `./src/${entry}/index.ts`);
    const verdict = target === undefined ? '' : `≤ ${kB(target)}: ${fromPackage.gzipped <= target ? 'met' : 'not met'}`;
    return [
      use,
      kB(fromPackage.minified),
      kB(fromPackage.gzipped),
      verdict,
      kB(fromSource.gzipped),
      largestModules(fromSource.metafile, 3).join(', '),
    ];
  });
  const head = [
    'what is imported',
    'minified',
    'gzipped',
    'target (gzipped)',
    'gzipped, from src/',
    'largest modules (share of minified, from src/)',
  ];
  const body = rows.map((row) => `| ${row.join(' | ')} |`);
  return [
    '### Bundle',
    '',
    'What a bundler keeps of the package for each use: esbuild `--bundle --minify --format=esm` of `export { … } from',
    "'filterby'` (dist/), then gzip, beside the size targets. The same bundle made from src/ shows which modules weigh",
    'most; where it is smaller than the package, the difference is top-level code of dist/index.js (one chunk) that',
    'a bundler cannot prove free of effects and so keeps in every bundle.',
    '',
    `| ${head.join(' | ')} |`,
    // Numbers align right; the first and last columns are words.
    `|---|${head
      .slice(1, -1)
      .map(() => '---:')
      .join('|')}|---|`,
    ...body,
  ].join('\n');
}
