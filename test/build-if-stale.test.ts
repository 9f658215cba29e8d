// scripts/build-if-stale.mjs, which `npm start`, `npm test` and `npm run demo` run first: no rebuild when nothing changed.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

test('an up-to-date build is left alone, silently (npm test built it just now)', () => {
  const before = readFileSync(join(root, 'dist', 'index.js'), 'utf8');
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs')], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(run.stderr).toBe('');
  expect(run.stdout).toBe('');
  expect(readFileSync(join(root, 'dist', 'index.js'), 'utf8')).toBe(before);
});

test('npm start, npm test and npm run demo build through it, not through a full build each time', () => {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  for (const name of ['prestart', 'pretest']) expect(scripts[name]).toBe('node scripts/build-if-stale.mjs');
  expect(scripts.demo).toMatch(/^node scripts\/build-if-stale\.mjs && /);
});
