// The README's examples run: every ```ts run block is executed against the built package, and what it prints
// must be what its `// →` comments say, in order. An example that stops being true fails here.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** The built file an import of `filterby` or `filterby/<entry>` names. */
const builtEntry = (entry = 'index') => pathToFileURL(join(root, 'dist', `${entry}.js`)).href;
// Inside node_modules, so that an example's `import 'hono'` (a devDependency) resolves as in a user's project.
const workDirectory = mkdtempSync(join(root, 'node_modules', '.filterby-readme-'));

interface Example {
  readonly line: number;
  readonly code: string;
  readonly expected: readonly string[];
}

function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  // A block may be indented, inside a list item; its lines are read without that indent.
  const fence = /^( *)```ts run\n([\s\S]*?)^\1```$/gm;
  for (const match of markdown.matchAll(fence)) {
    const indent = match[1] ?? '';
    const code = (match[2] ?? '').replaceAll(new RegExp(`^${indent}`, 'gm'), '');
    const expected = [...code.matchAll(/\/\/ → (.*)$/gm)].map((arrow) => arrow[1] ?? '');
    examples.push({ line: markdown.slice(0, match.index).split('\n').length, code, expected });
  }
  return examples;
}

function run(example: Example): string[] {
  const source = example.code.replaceAll(
    /from 'filterby(?:\/(\w+))?'/g,
    (_, entry: string | undefined) => `from '${builtEntry(entry)}'`,
  );
  const { code } = transformSync(source, { loader: 'ts', format: 'esm' });
  const file = join(workDirectory, `example-${example.line}.mjs`);
  writeFileSync(file, code);
  const result = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`README line ${example.line} failed:\n${result.stderr}`);
  return result.stdout.split('\n').filter((line) => line !== '');
}

afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

describe('README examples', () => {
  const examples = examplesOf(readme);

  it('there are examples to run, and each says what it prints', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    // No block marked to run is missed, however it is indented.
    expect(examples.length).toBe(readme.split('```ts run').length - 1);
    for (const example of examples) expect(example.expected.length, `README line ${example.line}`).toBeGreaterThan(0);
  });

  for (const example of examples) {
    it(`the example at README line ${example.line} prints what its comments say`, () => {
      expect(run(example)).toEqual(example.expected);
    });
  }
});
