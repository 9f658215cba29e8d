// Compiles grammar/filter.peggy into src/generated/filter-parser.js (+ .d.ts). Run by `npm run build` and before tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const peggyBin = join(dirname(createRequire(import.meta.url).resolve('peggy/package.json')), 'bin', 'peggy.js');
mkdirSync(join(root, 'src', 'generated'), { recursive: true });
const output = join(root, 'src', 'generated', 'filter-parser.js');
execFileSync(
  process.execPath,
  [
    peggyBin,
    '--format',
    'es',
    '--dts',
    '--allowed-start-rules',
    'Filter,GroupBy',
    '--output',
    output,
    join(root, 'grammar', 'filter.peggy'),
  ],
  { stdio: 'inherit' },
);

writeFileSync(output, hoistConstants(readFileSync(output, 'utf8')));

/**
 * peggy writes its constants inside `peg$parse`: every call made 7 RegExp objects, 30 expectation objects
 * and their factories anew, a sixth of the time of a short parse. They are pure data (string literals,
 * regular expressions without the g or y flag, plain expectation records that nothing mutates), so they
 * move to module scope and are made once. Fails loudly if peggy's output no longer has that shape: the
 * peggy version is pinned, and an upgrade must look at this again.
 */
function hoistConstants(code) {
  const parseStart = code.indexOf('function peg$parse(input, options) {');
  const parseEnd = code.indexOf('\nconst peg$allowedStartRules');
  if (parseStart === -1 || parseEnd === -1) throw new Error('generate-parser: peg$parse not found in peggy output');
  let body = code.slice(parseStart, parseEnd);
  const hoisted = [];
  const take = (pattern, what) => {
    const found = body.match(pattern) ?? [];
    if (found.length === 0) throw new Error(`generate-parser: no ${what} found in peg$parse; has peggy changed?`);
    for (const text of found) {
      if (/\/[a-z]*[gy][a-z]*;$/.test(text.trim()) && text.includes('peg$r')) {
        throw new Error(`generate-parser: a stateful regular expression cannot be shared: ${text.trim()}`);
      }
      hoisted.push(text.replace(/^ {2}/gm, ''));
    }
    body = body.replace(pattern, '');
  };
  take(/^ {2}const peg\$[cre]\d+ = .*;\n/gm, 'constants');
  take(
    /^ {2}function peg\$(?:literal|class|any|end|other)Expectation\([^)]*\) \{\n[\s\S]*?^ {2}\}\n/gm,
    'expectation factories',
  );
  return `${code.slice(0, parseStart)}${hoisted.join('')}\n${body}${code.slice(parseEnd)}`;
}
