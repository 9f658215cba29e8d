// scripts/generate-parser.mjs rewrites peggy's output for speed; these tests hold the rewrite to peggy's own:
// the same answer and the same error for any text, and no array kept inside a `$( … )` text region.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import peggy from 'peggy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hoistConstants,
  literalsByCharCode,
  moduleScopeRules,
  rewriteGeneratedParser,
} from '../scripts/parser-rewrites.mjs';
import { SyntaxError as GeneratedSyntaxError, parse as runGeneratedParser } from '../src/generated/filter-parser.js';
import { printFilter } from '../src/index.js';
import {
  anyTextArb,
  fullLanguageTextArb,
  orderByTextArb,
  testFilterArb,
  tokenSoupArb,
} from './properties/arbitraries.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const generatedCode = readFileSync(join(root, 'src', 'generated', 'filter-parser.js'), 'utf8');

type StartRule = 'Filter' | 'GroupBy' | 'OrderBy';
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
    allowedStartRules: ['Filter', 'GroupBy', 'OrderBy'],
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
  for (const startRule of ['Filter', 'GroupBy', 'OrderBy'] as const) {
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

  it('Filter: the ordering comparisons, contains(…) and cast(…), spaced any way, give the same AST or error', () => {
    fc.assert(
      fc.property(fullLanguageTextArb, (text) => {
        expect(() => runGeneratedParser(text, { startRule: 'Filter' }), text).not.toThrow();
        expectSameOutcome(text, 'Filter');
        // Cut anywhere, the same error at the same place.
        expectSameOutcome(text.slice(0, Math.floor(text.length / 2)), 'Filter');
      }),
      { numRuns: 1000 },
    );
  });

  it('OrderBy: any orderby, with directions and any spacing, gives the same items', () => {
    fc.assert(
      fc.property(orderByTextArb, (text) => {
        expect(() => runGeneratedParser(text, { startRule: 'OrderBy' }), text).not.toThrow();
        expectSameOutcome(text, 'OrderBy');
        expectSameOutcome(text.toUpperCase(), 'OrderBy');
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

    it(`peg$parse${rule} skips a run of a character class in one call, not a character a turn`, () => {
      const source = functionSource(`peg$parse${rule}`);
      expect(source).toMatch(/peg\$r\d+\$run\(input, peg\$currPos\)/);
      expect(source).not.toMatch(/while \(s\d+ !== peg\$FAILED\) \{\n *s\d+ = input\.charAt/);
    });
  }
});

describe('a literal is compared where it lies in the text', () => {
  // `input.substr(pos, n) === "text"` made a string for every literal tried, and a comparison tries a dozen.
  it('no literal test takes a piece of the text out of it', () => {
    expect(generatedCode).not.toMatch(/\.substr\(/);
    expect(functionSource('peg$parseCompareOperator')).toMatch(/input\.charCodeAt\(peg\$currPos \+ 1\) === 113/);
  });

  it('a parse makes no line and column cache until an error asks for a location', () => {
    expect(functionSource('peg$parse')).not.toMatch(/peg\$posDetailsCache = \[/);
    expect(functionSource('peg$computePosDetails')).toContain('peg$posDetailsCache ??= [');
  });

  it('refuses a literal test of another form (a case-insensitive literal lowers the piece it takes)', () => {
    const source = peggy.generate('Start = "ab" "cd"i', { output: 'source', format: 'es' });
    expect(
      literalsByCharCode(hoistConstants(peggy.generate('Start = "ab" "cd"', { output: 'source', format: 'es' }))),
    ).not.toContain('substr(');
    expect(() => literalsByCharCode(hoistConstants(source))).toThrow(/not in the form/);
  });
});

describe('the rewrite refuses what it does not understand', () => {
  // A small grammar of its own, with the parts filter.peggy has (text regions, rules enough to move) and a
  // per-parse initializer, the idiomatic peggy way to keep state such as a nesting depth.
  const grammarWith = (initializer: string) => `
{{ const deepest = []; }}
{ ${initializer} }
List = _ head:Item tail:(_ "," _ @Item)* _ { return [head, ...tail]; }
Item = "(" _ @List _ ")" / Word
Word = word:$([a-z]+) { return { word, depth: depthOf() }; }
_ = $[ \\t]*
`;
  const generate = (grammar: string) => peggy.generate(grammar, { output: 'source', format: 'es' });
  let counter = 0;
  async function load(code: string): Promise<{ parse: (text: string) => unknown }> {
    const file = join(folder, `grammar-${counter++}.js`);
    writeFileSync(file, code);
    return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { parse: (text: string) => unknown };
  }

  it('moves per-parse state to module scope and sets it anew at each parse', async () => {
    const grammar = grammarWith('let calls = 0; function depthOf() { calls += 1; return calls; }');
    const raw = await load(generate(grammar));
    const rewritten = await load(moduleScopeRules(generate(grammar)));
    for (const text of ['a, b', '(a, (b)), c', 'a']) {
      const expected = raw.parse(text);
      expect(rewritten.parse(text)).toStrictEqual(expected);
      expect(rewritten.parse(text), 'the second parse starts from the same state').toStrictEqual(expected);
    }
  });

  for (const [what, initializer, why] of [
    ['var', 'var calls = 0; function depthOf() { return calls; }', /var is hoisted/],
    [
      'two names in one declaration',
      'let calls = 0, other = 1; function depthOf() { return calls + other; }',
      /one name/,
    ],
    ['a destructuring', 'const { calls } = { calls: 0 }; function depthOf() { return calls; }', /destructuring/],
    ['a class', 'class Depth {} function depthOf() { return 0; }', /declares Depth/],
    ['a var inside a block', 'if (true) { var calls = 0; } function depthOf() { return 0; }', /declares calls/],
    [
      'a name module scope has',
      'let deepest = 0; function depthOf() { return deepest; }',
      /'deepest' is already a name/,
    ],
  ] as const) {
    it(`refuses ${what} in peg$parse`, () => {
      expect(() => moduleScopeRules(generate(grammarWith(initializer)))).toThrow(why);
    });
  }

  it('rewrites filter.peggy into the parser that src/generated holds', () => {
    const grammar = readFileSync(join(root, 'grammar', 'filter.peggy'), 'utf8');
    const source = peggy.generate(grammar, {
      output: 'source',
      format: 'es',
      allowedStartRules: ['Filter', 'GroupBy', 'OrderBy'],
    });
    expect(rewriteGeneratedParser(source)).toBe(generatedCode);
  });
});
