// scripts/generate-parser.mjs rewrites peggy's output for speed; these tests hold the rewrite to peggy's own:
// the same answer and the same error for any text, and no array kept inside a `$( … )` text region.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import peggy from 'peggy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyntaxError as GeneratedSyntaxError, parse as runGeneratedParser } from '../src/generated/filter-parser.js';
import { printFilter } from '../src/index.js';
import { anyTextArb, testFilterArb, tokenSoupArb } from './properties/arbitraries.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const generatedCode = readFileSync(join(root, 'src', 'generated', 'filter-parser.js'), 'utf8');

type StartRule = 'Filter' | 'GroupBy';
type RawParser = {
  parse: (text: string, options: { startRule: StartRule }) => unknown;
  SyntaxError: new (...args: never[]) => Error;
};

// peggy's output as it comes, beside the rewritten one. It imports the AST constructors from ../ast.js, which
// from a temporary folder must be named by their full path.
let raw: RawParser;
let folder: string;
beforeAll(async () => {
  const grammar = readFileSync(join(root, 'grammar', 'filter.peggy'), 'utf8');
  const source = peggy.generate(grammar, {
    output: 'source',
    format: 'es',
    allowedStartRules: ['Filter', 'GroupBy'],
  });
  folder = mkdtempSync(join(tmpdir(), 'filterby-raw-parser-'));
  const file = join(folder, 'raw-filter-parser.js');
  const astModule = pathToFileURL(join(root, 'src', 'ast.ts')).href;
  expect(source).toContain("from '../ast.js'");
  writeFileSync(file, source.replace("from '../ast.js'", `from '${astModule}'`));
  raw = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as RawParser;
});
afterAll(() => {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

type Outcome =
  | { readonly value: unknown }
  | { readonly message: string; readonly location: unknown; readonly expected: unknown };

function outcomeOf(parse: () => unknown, syntaxError: new (...args: never[]) => Error): Outcome {
  try {
    return { value: parse() };
  } catch (error) {
    if (!(error instanceof syntaxError)) throw error;
    const { message, location, expected } = error as Error & { location: unknown; expected: unknown };
    return { message, location, expected };
  }
}

function expectSameOutcome(text: string, startRule: StartRule): void {
  const rewritten = outcomeOf(() => runGeneratedParser(text, { startRule }), GeneratedSyntaxError);
  const original = outcomeOf(() => raw.parse(text, { startRule }), raw.SyntaxError);
  expect(rewritten).toStrictEqual(original);
}

describe('the rewritten parser answers as peggy’s own output does', () => {
  for (const startRule of ['Filter', 'GroupBy'] as const) {
    it(`${startRule}: any text gives the same value, or the same error at the same place`, () => {
      fc.assert(
        fc.property(fc.oneof(anyTextArb, tokenSoupArb), (text) => expectSameOutcome(text, startRule)),
        { numRuns: 2000 },
      );
    });
  }

  it("Filter: every printed filter, with its '' strings and long runs, gives the same AST", () => {
    fc.assert(
      fc.property(testFilterArb, fc.constantFrom('', "''''", '日本😀', ' \t\r\n'.repeat(50)), (filter, padding) => {
        const text = printFilter(filter).replaceAll(' ', ` ${padding.trim() === '' ? padding : ''}`);
        expectSameOutcome(text, 'Filter');
        expectSameOutcome(`${text} and name eq '${padding.replaceAll("'", "''")}'`, 'Filter');
      }),
      { numRuns: 500 },
    );
  });
});

/** The source of one generated function, from its header to the closing brace at column 0. */
function functionSource(name: string): string {
  const start = generatedCode.indexOf(`function ${name}(`);
  expect(start, `${name} in the generated parser`).toBeGreaterThanOrEqual(0);
  return generatedCode.slice(start, generatedCode.indexOf('\n}\n', start));
}

describe('text regions keep nothing but their text', () => {
  // A long string of '' or of characters beyond Latin-1 once kept an array per character alive until the
  // string ended, and parse time per byte grew fourfold from 8 KB to 512 KB with the garbage collector's work.
  for (const rule of ['String', 'Number', 'Field', '_']) {
    it(`peg$parse${rule} builds no array and pushes nothing`, () => {
      const source = functionSource(`peg$parse${rule}`);
      expect(source).toContain('input.substring(');
      expect(source).not.toMatch(/\.push\(/);
      expect(source).not.toMatch(/= \[/);
    });
  }
});
