// The README's command lines run as written: every `$ npx filterby …` line of a fenced block, in order, in one
// folder (so a line may read the file an earlier one wrote), against the built dist/cli.js. The lines under a
// command, up to the next `$` line or the fence, are the start of what it prints; an error code there
// (`UNKNOWN_FIELD: …`) means the command must fail with exit 2 and print that error.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli.js');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const workDirectory = mkdtempSync(join(tmpdir(), 'filterby-readme-cli-'));

interface CommandLine {
  /** The README's line number, 1-based. */
  readonly line: number;
  /** The command as written, without the `$ `. */
  readonly command: string;
  /** The lines shown under it, trailing whitespace trimmed; empty when the README shows no output. */
  readonly expected: string;
}

const prompt = '$ ';
const filterbyPrompt = '$ npx filterby ';

/** Every `$ npx filterby` line of a fenced block, with the output shown under it. */
function commandLinesOf(markdown: string): CommandLine[] {
  const lines = markdown.split('\n');
  const found: CommandLine[] = [];
  let isInFence = false;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index]!;
    if (text.startsWith('```')) {
      isInFence = !isInFence;
      continue;
    }
    if (!isInFence || !text.startsWith(filterbyPrompt)) continue;
    const output: string[] = [];
    for (let next = index + 1; next < lines.length; next++) {
      const shown = lines[next]!;
      if (shown.startsWith('```') || shown.startsWith(prompt)) break;
      output.push(shown);
    }
    found.push({ line: index + 1, command: text.slice(prompt.length), expected: trimLines(output.join('\n')) });
  }
  return found;
}

function trimLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
}

/** `UNKNOWN_FIELD: …`, `SYNTAX: …`: the output of a command that fails (exit 2). */
const errorCode = /^[A-Z][A-Z_]+: /;

function run(command: string): { status: number | null; stdout: string; stderr: string } {
  const filterby = `'${process.execPath}' '${cli}'`;
  const result = spawnSync('/bin/sh', ['-c', command.replaceAll('npx filterby ', `${filterby} `)], {
    cwd: workDirectory,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Checked before each test, so that every test fails (none is skipped) when the build is missing.
beforeEach(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
});

afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

describe("the README's filterby command lines", () => {
  const commandLines = commandLinesOf(readme);

  it('there are command lines to run, and one of them shows a failure', () => {
    expect(commandLines.length).toBeGreaterThanOrEqual(3);
    expect(commandLines.some((line) => errorCode.test(line.expected))).toBe(true);
  });

  // In order, in one folder: a line may read what an earlier one wrote.
  for (const { line, command, expected } of commandLines) {
    const fails = errorCode.test(expected);
    it(`README line ${line} ${fails ? 'fails as shown' : 'runs'}: ${command}`, () => {
      const result = run(command);
      const output = trimLines(fails ? result.stderr || result.stdout : result.stdout);
      expect(result.status, `README line ${line}: ${command}\n${result.stderr}`).toBe(fails ? 2 : 0);
      expect(output.startsWith(expected), `README line ${line} printed:\n${output}`).toBe(true);
    });
  }
});

describe('commandLinesOf', () => {
  it('reads the commands of fenced blocks only, each with the lines under it up to the next $ or the fence', () => {
    const markdown = [
      '$ npx filterby parse "outside a fence"',
      '```',
      '$ npx filterby sample --rows 2 > rows.ndjson',
      '$ npx filterby parse "a eq \'b\'"',
      'UNKNOWN_FIELD: no   ',
      '  a eq',
      '',
      '$ curl -s http://localhost',
      '{}',
      '$ npx filterby query rows.ndjson',
      '{"Value":[]}',
      '```',
      'prose',
    ].join('\n');
    expect(commandLinesOf(markdown)).toEqual([
      { line: 3, command: 'npx filterby sample --rows 2 > rows.ndjson', expected: '' },
      { line: 4, command: 'npx filterby parse "a eq \'b\'"', expected: 'UNKNOWN_FIELD: no\n  a eq' },
      { line: 10, command: 'npx filterby query rows.ndjson', expected: '{"Value":[]}' },
    ]);
  });
});
