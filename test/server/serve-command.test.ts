// `filterby serve` as a user runs it: the built dist/cli.js in a child process, its printed URL, its answers,
// its usage errors, and a clean exit 0 on SIGTERM and SIGINT.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { sampleLicenseUsage } from '../../src/cli/sample-data.js';
import { sampleSize, serveCommand } from '../../src/cli/serve-command.js';
import { parseQuery, partnerCenter, type ResponseBody, runQuery, toResponseBody } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const path = '/v1/analytics/commercial/usage/license';
const docsRequest =
  "filter=customerTenantId eq '0112A436-B14E-4888-967B-CA4BB2CF1234'&groupby=workloadCode,channel&top=100&skip=0";
const children: ChildProcess[] = [];
const temporary: string[] = [];

beforeEach(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
});

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `filterby serve …` and resolves with the URL it prints (or rejects with what it printed instead). */
function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, [cli, 'serve', ...args], {
    env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      output.stdout += text;
      const match = /^filterby: listening on (\S+)$/m.exec(output.stdout);
      if (match) resolve({ child, url: match[1]!, output, exited });
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      output.stderr += text;
    });
    void exited.then(({ code }) => reject(new Error(`serve exited ${code} before listening: ${output.stderr}`)));
  });
}

describe('filterby serve', () => {
  test("--port 0 prints its URL, answers the docs' request from the sample, and exits 0 on SIGTERM", async () => {
    const served = await serve(['--port', '0']);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(served.output.stdout).toContain('generated sample rows');

    const response = await fetch(new URL(`${path}?${docsRequest}`, served.url));
    expect(response.status).toBe(200);
    const rows = sampleLicenseUsage(sampleSize.rowsPerSnapshot, sampleSize.tenants);
    const schema = partnerCenter.licenseUsage;
    const expected = toResponseBody(runQuery(rows, parseQuery(docsRequest, { schema }), { schema }));
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected.Value.length).toBeGreaterThan(10);

    served.child.kill('SIGTERM');
    expect(await served.exited).toEqual({ code: 0, signal: null });
    expect(served.output.stderr).toBe('filterby: SIGTERM: finishing the requests in flight, then exiting\n');
  });

  test('PORT and HOST from the environment; --page-limit; SIGINT exits 0 too', async () => {
    const served = await serve(['--page-limit', '25'], { PORT: '0', HOST: '127.0.0.1' });
    const page = (await (await fetch(new URL(path, served.url))).json()) as ResponseBody;
    expect(page.Value).toHaveLength(25);
    expect(page.TotalCount).toBe(sampleSize.rowsPerSnapshot);
    expect(page['@nextLink']).toBe(`${served.url}${path.slice(1)}?top=25&skip=25`);
    served.child.kill('SIGINT');
    expect((await served.exited).code).toBe(0);
  });

  test('--public-url starts every next link, whatever Host the request names', async () => {
    const served = await serve(['--port', '0', '--public-url', 'https://api.example.com/usage']);
    const page = (await (await fetch(new URL(`${path}?top=3`, served.url))).json()) as ResponseBody;
    expect(page['@nextLink']).toBe(`https://api.example.com/usage${path}?top=3&skip=3`);
    served.child.kill('SIGTERM');
    expect((await served.exited).code).toBe(0);
  });

  test('a port in use exits 2 naming the port, ending with a hint that fits (not --help)', async () => {
    const first = await serve(['--port', '0']);
    const port = new URL(first.url).port;
    const second = spawnSync(process.execPath, [cli, 'serve', '--port', port], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, HOST: '', DATABASE_URL: '' },
    });
    expect(second.status).toBe(2);
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe(
      `filterby: port ${port} on 127.0.0.1 is in use\n` +
        'Stop what holds it, or pick another port with --port (--port 0 picks a free one).\n',
    );
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
  });

  test.each([
    [['--port', '70000'], {}, '--port must be a whole number from 0 to 65535'],
    [['--page-limit', '0'], {}, '--page-limit must be a whole number from 1 to 10000'],
    [['--data', 'a.json', '--database-url', 'postgres://localhost/x'], {}, 'give --data or --database-url, not both'],
    [['--database-url', 'mysql://localhost/x'], {}, '--database-url takes a postgres:// URL'],
    [['--frobnicate'], {}, 'unknown option --frobnicate'],
    [['--public-url', 'ftp://api.example.com'], {}, '--public-url takes the URL clients reach the server at'],
    [['--public-url', 'https://user:secret@api.example.com'], {}, '--public-url takes the URL'],
    [['extra'], {}, "serve takes no arguments; got 'extra'"],
    [[], { PORT: 'eighty' }, "the PORT environment variable must be a port number from 0 to 65535, not 'eighty'"],
  ])('%j with env %j exits 2: %s', (args, env, message) => {
    const run = spawnSync(process.execPath, [cli, 'serve', ...args], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '', ...env },
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`filterby: ${message}`);
    expect(run.stderr).not.toContain('secret');
  });

  test('--database-url without pg installed exits 2 saying to install it', () => {
    // The CLI bundle alone, away from this project's node_modules, is an install without pg.
    const directory = mkdtempSync(join(tmpdir(), 'filterby-no-pg-'));
    temporary.push(directory);
    copyFileSync(cli, join(directory, 'cli.mjs'));
    const run = spawnSync(process.execPath, [join(directory, 'cli.mjs'), 'serve', '--database-url', 'postgres://x/y'], {
      encoding: 'utf8',
      timeout: 20_000,
      cwd: directory,
    });
    expect(run.stderr).toBe(
      "filterby: reading PostgreSQL needs the 'pg' package, which is not installed\n" +
        'Install it where filterby is installed: npm install pg\n',
    );
    expect(run.status).toBe(2);
  });

  test('a signal sent the moment the listening line is printed still shuts down gracefully (exit 0)', async () => {
    // In-process, so the signal can come from inside the write of that line: a supervisor that reads it may
    // signal before the next statement runs.
    expect(process.listeners('SIGTERM')).toEqual([]);
    expect(process.listeners('SIGINT')).toEqual([]);
    const stderr: string[] = [];
    let isSignalled = false;
    const databaseUrl = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    const code = await serveCommand(['--port', '0', '--host', '127.0.0.1'], {
      stdout: (text) => {
        if (!isSignalled && text.includes('listening on')) {
          isSignalled = true;
          process.emit('SIGTERM', 'SIGTERM');
        }
      },
      stderr: (text) => stderr.push(text),
    }).finally(() => {
      if (databaseUrl !== undefined) process.env.DATABASE_URL = databaseUrl;
    });
    expect(code).toBe(0);
    expect(stderr).toEqual(['filterby: SIGTERM: finishing the requests in flight, then exiting\n']);
    // Both handlers are gone: a second signal, SIGINT or SIGTERM, would end a real process at once.
    expect(process.listeners('SIGTERM')).toEqual([]);
    expect(process.listeners('SIGINT')).toEqual([]);
  }, 20_000);

  test('--help lists serve and its options', () => {
    const run = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stdout).toMatch(/^ {2}serve {3}/m);
    for (const option of ['--port', '--host', '--data', '--database-url', '--page-limit', '--public-url']) {
      expect(run.stdout).toContain(option);
    }
  });
});
