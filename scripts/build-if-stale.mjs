// `npm start`, `npm test` and `npm run demo` build first, but only when the build's inputs changed since the last
// build: a hash of them is kept in .build-inputs. Quiet when it builds and succeeds; the build's output when it fails.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, '.build-inputs'); // beside dist/, not in it: npm would ship it
// What `npm run build` reads; src/generated/ is its output, not an input.
const inputs = [
  'grammar',
  'src',
  // The build's scripts and what they import (the parser's rewrites): all of scripts/, to miss none.
  'scripts',
  'tsup.config.ts',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
];
// What the build must have left, besides the stamp; a missing one means build again whatever the stamp says.
const outputs = ['dist/index.js', 'dist/index.cjs', 'dist/cli.js', 'dist/client.js', 'src/generated/filter-parser.js'];

function filesUnder(path) {
  const absolute = join(root, path);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(join('src', 'generated')));
}

function inputsHash() {
  const hash = createHash('sha256');
  const files = inputs.flatMap((input) => (input.includes('.') ? [input] : filesUnder(input))).sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const wanted = inputsHash();
const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (built === wanted && outputs.every((file) => existsSync(join(root, file)))) process.exit(0);

process.stderr.write('filterby: building dist/ (the sources changed since the last build)\n');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8', shell: false });
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  process.stderr.write(`filterby: the build failed (${build.error?.message ?? `exit ${build.status}`})\n`);
  process.exit(build.status || 1);
}
writeFileSync(stampFile, `${wanted}\n`);
