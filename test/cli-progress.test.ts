// The progress line of `filterby query FILE` and `filterby serve --data FILE`: drawn on a terminal only, in place,
// ended by a newline; nothing on a pipe or with --quiet. The built CLI runs under a pseudo-terminal made by
// util-linux's `script`, with FILTERBY_PROGRESS_DELAY_MS=0 so that a small file shows the line at once.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileProgress, type ProgressState, progressDelayVariable, progressLine } from '../src/cli/progress.js';
import { sampleLicenseUsage } from '../src/cli/sample-data.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');

const reading: ProgressState = {
  name: 'usage.ndjson',
  bytesRead: 47_395_635,
  totalBytes: 125_829_120,
  rowsRead: 412_000,
  elapsedMilliseconds: 4_180,
};

describe('the progress line', () => {
  test('says the bytes read of the size, the rows, the rate and the time', () => {
    // 79 characters: it fits an 80-column terminal, which \r needs (a wrapped line is redrawn in part).
    expect(progressLine(reading)).toBe(
      'filterby: usage.ndjson 45.2/120.0 MiB (37%), 412,000 rows, 98,565 rows/s, 4.2 s',
    );
    expect(progressLine({ ...reading, bytesRead: reading.totalBytes!, elapsedMilliseconds: 63_000 })).toBe(
      'filterby: usage.ndjson 120.0/120.0 MiB (100%), 412,000 rows, 6,540 rows/s, 1:03',
    );
  });

  test('says the rows read, and the bytes, when the size is unknown (a pipe)', () => {
    expect(progressLine({ ...reading, name: '/dev/stdin', totalBytes: undefined })).toBe(
      'filterby: /dev/stdin 412,000 rows (45.2 MiB), 98,565 rows/s, 4.2 s',
    );
    expect(progressLine({ ...reading, rowsRead: 1, elapsedMilliseconds: 0, totalBytes: undefined })).toBe(
      'filterby: usage.ndjson 1 row (45.2 MiB), – rows/s, 0.0 s',
    );
  });

  test('fits a narrow terminal by shortening the name from the left', () => {
    const long = { ...reading, name: `/data/${'cached-exports/'.repeat(6)}usage.ndjson` };
    const line = progressLine(long, 100);
    expect(line.length).toBeLessThanOrEqual(99);
    expect(line).toMatch(/^filterby: …[^ ]*usage\.ndjson 45\.2\/120\.0 MiB/);
    expect(progressLine(long, 200)).toContain(long.name);
  });
});

describe('fileProgress', () => {
  const target = () => {
    const written: string[] = [];
    return { written, target: { write: (text: string) => written.push(text), isTerminal: true, columns: 120 } };
  };

  test('is nothing at all off a terminal or with quiet', () => {
    const { target: terminal } = target();
    expect(fileProgress('x.ndjson', { ...terminal, isTerminal: false }, { delayMilliseconds: 0 })).toBeUndefined();
    expect(fileProgress('x.ndjson', terminal, { quiet: true, delayMilliseconds: 0 })).toBeUndefined();
  });

  test('draws nothing for work that ends before the delay', async () => {
    const { written, target: terminal } = target();
    const progress = fileProgress('x.ndjson', terminal, { delayMilliseconds: 60_000 });
    const rows = [];
    for await (const row of progress!.counted(toAsync([1, 2, 3]))) rows.push(row);
    progress!.finish();
    expect(rows).toEqual([1, 2, 3]);
    expect(written).toEqual([]);
  });

  test('past the delay, redraws in place, then ends with the final counts and a newline', async () => {
    const { written, target: terminal } = target();
    let clock = 0;
    const progress = fileProgress('x.ndjson', terminal, { delayMilliseconds: 0, now: () => clock })!;
    expect(written).toEqual(['\rfilterby: x.ndjson 0 rows (0.0 MiB), – rows/s, 0.0 s\x1b[K']);
    for await (const _ of progress.counted(toAsync([1, 2, 3, 4]))) clock += 500;
    progress.onBytesRead(3 * 2 ** 20);
    progress.finish();
    progress.finish();
    expect(written.slice(1)).toEqual(['\rfilterby: x.ndjson 4 rows (3.0 MiB), 2 rows/s, 2.0 s\x1b[K', '\n']);
  });

  test('erases a shown line when the work fails, so the error stands alone', () => {
    const { written, target: terminal } = target();
    const progress = fileProgress('x.ndjson', terminal, { delayMilliseconds: 0, now: () => 0 })!;
    progress.abandon();
    progress.finish();
    expect(written.slice(1)).toEqual(['\r\x1b[K']);
  });
});

async function* toAsync<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

// ---- the built CLI under a pseudo-terminal ----

let workDirectory = '';
let rowsFile = '';
const rowCount = 2_000;

beforeAll(() => {
  workDirectory = mkdtempSync(join(tmpdir(), 'filterby-progress-'));
  rowsFile = join(workDirectory, 'usage.ndjson');
  writeFileSync(
    rowsFile,
    `${sampleLicenseUsage(rowCount / 2)
      .map((row) => JSON.stringify(row))
      .join('\n')}\n`,
  );
});

afterAll(() => {
  rmSync(workDirectory, { recursive: true, force: true });
});

/** A word for a POSIX shell, quoted. */
const shellWord = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** `script` (util-linux) runs the command line on a new pseudo-terminal; -e passes on its exit status. */
function underTerminal(commandLine: string, env: Record<string, string> = {}) {
  const result = spawnSync('script', ['-qfec', commandLine, '/dev/null'], {
    cwd: workDirectory,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) throw result.error;
  return { status: result.status, output: readable(result.stdout) };
}

/** The terminal turns each \n into \r\n, undone here; the line's erase-to-end (ESC [K) is written {erase}. */
const readable = (output: string) => output.replaceAll('\r\n', '\n').replaceAll('\x1b[K', '{erase}');

const cliWords = (...args: string[]) => [process.execPath, cli, ...args].map(shellWord).join(' ');
const noDelay = { [progressDelayVariable]: '0' };
const query = ['query', 'usage.ndjson', '--groupby', 'channel', '--format', 'json'];

describe('filterby query on a terminal', () => {
  test('--quiet is in the usage of query and serve, and in the overview', () => {
    for (const command of ['query', 'serve']) {
      const usage = spawnSync(process.execPath, [cli, command, '--help'], { encoding: 'utf8' }).stdout;
      expect(usage).toMatch(/^ {2}--quiet {2,}No progress line/m);
    }
    const overview = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout;
    expect(overview.match(/\[--quiet\]/g)).toHaveLength(2);
  });

  test('util-linux script is there to make the pseudo-terminal', () => {
    expect(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout).toMatch(/util-linux/);
  });

  test('shows the bytes of the size, redrawn in place, and ends the line before the answer', () => {
    const size = statSync(rowsFile).size;
    const run = underTerminal(cliWords(...query), noDelay);
    expect(run.status).toBe(0);
    const mebibytes = (size / 2 ** 20).toFixed(1);
    expect(run.output).toMatch(/^\rfilterby: usage\.ndjson 0\.0\/[\d.]+ MiB \(0%\), 0 rows, /);
    const finalLine = new RegExp(
      `\\rfilterby: usage\\.ndjson ${mebibytes}/${mebibytes} MiB \\(100%\\), ${rowCount.toLocaleString('en-US')} rows, [\\d,]+ rows/s, \\d+\\.\\d s{erase}\\n`,
    );
    expect(run.output).toMatch(finalLine);
    // The answer follows on a line of its own.
    const answer = run.output.slice(run.output.search(finalLine)).split('\n').slice(1).join('\n');
    expect(JSON.parse(answer)).toMatchObject({ TotalCount: expect.any(Number) });
  });

  test('counts rows when the size is unknown: rows piped to /dev/stdin', () => {
    const run = underTerminal(`cat usage.ndjson | ${cliWords('query', '/dev/stdin', '--groupby', 'channel')}`, noDelay);
    expect(run.status).toBe(0);
    expect(run.output).toMatch(
      /\rfilterby: \/dev\/stdin 2,000 rows \([\d.]+ MiB\), [\d,]+ rows\/s, \d+\.\d s{erase}\n/,
    );
  });

  test('--quiet shows nothing, nor does a stderr that is not a terminal', () => {
    const quiet = underTerminal(cliWords(...query, '--quiet'), noDelay);
    expect(quiet.status).toBe(0);
    expect(quiet.output).not.toContain(' MiB');
    expect(JSON.parse(quiet.output)).toMatchObject({ TotalCount: expect.any(Number) });

    const piped = spawnSync(process.execPath, [cli, ...query], {
      cwd: workDirectory,
      encoding: 'utf8',
      env: { ...process.env, ...noDelay },
    });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
  });

  test('shows nothing for work shorter than the delay', () => {
    const run = underTerminal(cliWords(...query), { [progressDelayVariable]: '60000' });
    expect(run.status).toBe(0);
    expect(run.output).not.toContain(' MiB');
  });

  test('erases the line when the file is bad, so the error is one clear line', () => {
    writeFileSync(join(workDirectory, 'bad.ndjson'), '{"workloadCode":"SFB"}\nnot json\n');
    const run = underTerminal(cliWords('query', 'bad.ndjson'), noDelay);
    expect(run.status).toBe(2);
    expect(run.output).toMatch(/\r{erase}filterby: bad\.ndjson:2: not JSON/);
  });
});

describe('filterby serve --data on a terminal', () => {
  /** Starts serve under `script`, reads until it listens, then ends the session it started. */
  async function serveUnderTerminal(extra: string[]): Promise<string> {
    const child = spawn(
      'script',
      ['-qfec', cliWords('serve', '--port', '0', '--data', 'usage.ndjson', ...extra), '/dev/null'],
      { cwd: workDirectory, env: { ...process.env, NO_COLOR: '1', ...noDelay }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (text: string) => {
          output += text;
          if (/serving .* rows from usage\.ndjson/.test(output)) resolve();
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
      });
    } finally {
      const exited = child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined;
      // Ends the terminal's session: script hangs up on serve, which exits with it.
      child.kill('SIGTERM');
      await exited;
    }
    return readable(output);
  }

  test('shows the loading, ended by a newline before the line that says it listens', async () => {
    const output = await serveUnderTerminal([]);
    expect(output).toMatch(
      /\rfilterby: usage\.ndjson [\d.]+\/[\d.]+ MiB \(100%\), 2,000 rows, [\d,]+ rows\/s, \d+\.\d s{erase}\nfilterby: listening on /,
    );
  }, 60_000);

  test('--quiet shows none', async () => {
    const output = await serveUnderTerminal(['--quiet']);
    expect(output).toMatch(/^filterby: listening on /);
    expect(output).not.toContain(' MiB');
  }, 60_000);
});
