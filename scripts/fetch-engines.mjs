#!/usr/bin/env node
// Fetches the database engines the SQL tests run that are too big to be devDependencies (chdb: ClickHouse, ~540 MB)
// into a cache the tests reuse, never into package.json: `npm install` stays what a library user expects.
// `node scripts/fetch-engines.mjs` fetches them all (CI runs it before `npm test`); the tests call fetchEngine.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The engines, each an exact npm version, and the platforms its prebuilt binaries exist for. */
export const engines = {
  chdb: { package: 'chdb', version: '3.4.0', platforms: ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64'] },
};

/** Where fetched engines live: $FILTERBY_ENGINE_CACHE, else node_modules/.cache/filterby-engines. */
export function engineCache(env = process.env) {
  return env.FILTERBY_ENGINE_CACHE || join(root, 'node_modules', '.cache', 'filterby-engines');
}

/**
 * The engine installed in the cache, fetched with npm on first use: `{ path }`, the directory whose node_modules
 * holds the package, or `{ problem }`, one line saying why it cannot be had here (platform, no registry).
 */
export function fetchEngine(name, env = process.env) {
  const engine = engines[name];
  if (engine === undefined) return { problem: `no engine named '${name}'` };
  const platform = `${process.platform}-${process.arch}`;
  if (!engine.platforms.includes(platform)) {
    return { problem: `${engine.package} ${engine.version} has no prebuilt binary for ${platform}` };
  }
  const path = join(engineCache(env), `${engine.package}-${engine.version}`);
  if (existsSync(join(path, 'complete'))) return { path };
  // Installed beside the final place and renamed into it, so a test running in parallel never sees half of it.
  const partial = `${path}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // --ignore-scripts: the binaries come prebuilt as optional dependencies; its install script does nothing.
  const result = spawnSync(
    npm,
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefix',
      partial,
      `${engine.package}@${engine.version}`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 },
  );
  if (result.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    const output = `${result.error?.message ?? ''}\n${result.stderr ?? ''}`;
    const reason =
      output
        .split('\n')
        .find((line) => /ERR!|error/i.test(line))
        ?.trim() || `npm exited ${result.status}`;
    return { problem: `npm could not fetch ${engine.package}@${engine.version} (${reason.slice(0, 160)})` };
  }
  writeFileSync(join(partial, 'complete'), `${engine.package}@${engine.version}\n`);
  try {
    renameSync(partial, path);
  } catch {
    // Another process finished first: its copy is as good as ours.
    rmSync(partial, { recursive: true, force: true });
  }
  return existsSync(join(path, 'complete')) ? { path } : { problem: `${path} is incomplete` };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let failed = false;
  for (const name of Object.keys(engines)) {
    const { path, problem } = fetchEngine(name);
    if (problem !== undefined) failed = true;
    console.log(problem === undefined ? `${name}: ready in ${path}` : `${name}: ${problem}`);
  }
  process.exitCode = failed ? 1 : 0;
}
