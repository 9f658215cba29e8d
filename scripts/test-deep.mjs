// Runs the differential suite with FILTERBY_DEEP=1: fifty times the cases of `npm test` (about 100,000 against
// PostgreSQL and SQLite). Extra arguments go to vitest, e.g. `npm run test:deep -- -t 'license usage'`.
// An env variable set in an npm script line would need a shell; this works the same on every platform.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const result = spawnSync(
  process.execPath,
  [vitestBin, 'run', 'test/differential', '--testTimeout', String(8 * 60 * 60_000), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FILTERBY_DEEP: '1' } },
);
process.exitCode = result.status ?? 1;
