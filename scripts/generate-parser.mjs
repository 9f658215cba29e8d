// Compiles grammar/filter.peggy into src/generated/filter-parser.js (+ .d.ts), then rewrites peggy's output for
// speed (scripts/parser-rewrites.mjs). Run by `npm run build` and before tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rewriteGeneratedParser } from './parser-rewrites.mjs';

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
    'Filter,GroupBy,OrderBy',
    '--output',
    output,
    join(root, 'grammar', 'filter.peggy'),
  ],
  { stdio: 'inherit' },
);

writeFileSync(output, rewriteGeneratedParser(readFileSync(output, 'utf8')));
