// Properties of bad input (SPEC §5, §6): whatever comes in, every API returns or throws a well-formed FilterError,
// the limits hold exactly, pathological input fails fast without overflowing the stack, and parsing work grows linearly.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Filter } from '../../src/ast.js';
import { SyntaxError as GeneratedSyntaxError, parse as runGeneratedParser } from '../../src/generated/filter-parser.js';
import {
  defineSchema,
  FilterError,
  filterErrorCodes,
  parseFilter,
  parseGroupBy,
  parseOrderBy,
  parseQuery,
  printFilter,
  printGroupBy,
  toQueryString,
  withoutSpans,
} from '../../src/index.js';
import {
  anyTextArb,
  deepFilterArb,
  fullLanguageSchema,
  fullLanguageTextArb,
  loneSurrogateArb,
  mutate,
  mutationArb,
  nearFilterArb,
  oddValueArb,
  orderByTextArb,
  partnerCenterSchema,
  queryArb,
  schema,
  termCount,
  testFilterArb,
  textDepth,
  tokenSoupArb,
} from './arbitraries.js';

const cheap = { numRuns: 1000 };
const costly = { numRuns: 300 };

// ---- what a thrown error must be ----

/** Where `offset` is for a person, computed independently of src/errors.ts (README: "Positions"). */
function positionOf(input: string, offset: number): { line: number; column: number } {
  let before = input.slice(0, offset);
  // An offset between the CR and LF of a CRLF is still on the CR's line.
  if (before.endsWith('\r') && input[offset] === '\n') before = `${before.slice(0, -1)}·`;
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: [...(lines.at(-1) ?? '')].length + 1 };
}

/**
 * Asserts that `error` is what SPEC §5 promises: a FilterError with a known code, a message, a `format()` and a
 * `toJSON()` that survive, and (when it points somewhere) an offset, line and column inside its input.
 */
function expectWellFormedError(error: unknown, input?: string): asserts error is FilterError {
  if (!(error instanceof FilterError)) {
    const description =
      error instanceof Error ? `${error.constructor.name}: ${error.message}` : `the value ${String(error)}`;
    throw new Error(`Expected a FilterError, got ${description}`, { cause: error });
  }
  expect(filterErrorCodes).toContain(error.code);
  expect(error.name).toBe('FilterError');
  expect(error.message).not.toBe('');
  expect(error.format().startsWith(`${error.code}: ${error.message}`)).toBe(true);
  const body = error.toJSON();
  expect(body.code).toBe(error.code);
  expect(body.source).toBe('filterby');
  expect(JSON.parse(JSON.stringify(body))).toStrictEqual(body);
  if (error.offset === undefined) return;
  expect(typeof error.input).toBe('string');
  const text = error.input!;
  if (input !== undefined) expect(text).toBe(input);
  expect(error.offset).toBeGreaterThanOrEqual(0);
  expect(error.offset).toBeLessThanOrEqual(text.length);
  expect(error.line).toBeGreaterThanOrEqual(1);
  expect(error.column).toBeGreaterThanOrEqual(1);
  expect({ line: error.line, column: error.column }).toStrictEqual(positionOf(text, error.offset));
  if (error.length !== undefined) {
    expect(error.length).toBeGreaterThanOrEqual(0);
    // The span lies in the input, or is the one position just past its end ("found the end of the filter").
    expect(error.offset + error.length).toBeLessThanOrEqual(Math.max(text.length, error.offset + 1));
  }
}

type Outcome<T> = { readonly value: T; readonly error?: undefined } | { readonly error: FilterError };

/** Runs `call`: it must return, or throw a well-formed FilterError. */
function attempt<T>(call: () => T, input?: string): Outcome<T> {
  try {
    return { value: call() };
  } catch (error) {
    expectWellFormedError(error, input);
    return { error };
  }
}

/** If the text parsed, its filter prints to text that parses back to the same filter. */
function expectStableWhenParsed(outcome: Outcome<Filter>): void {
  if (outcome.error !== undefined) return;
  const printed = printFilter(outcome.value);
  expect(withoutSpans(parseFilter(printed, { schema }))).toStrictEqual(withoutSpans(outcome.value));
}

const encode = (text: string) => encodeURIComponent(text.replace(/\p{Cs}/gu, '\ufffd'));

// ---- work grows linearly ----

// Counted, not timed: a timing assertion fails on a busy machine (and once did, on an idle one). The generated
// parser reads its input only through the string methods below, so handing it an object that counts every read
// measures its work exactly: a backtracking path that re-reads the text shows as reads growing faster than the
// text. Each pattern is counted at n and at 16n; linear work reads at most 17 times as much. What a count
// cannot see, the garbage a parse keeps alive, is held down by scripts/generate-parser.mjs (no arrays inside
// `$( … )`, test/generated-parser.test.ts) and measured per byte up to 512 KB in bench/ (README: Speed).

/** The text as the generated parser sees it, counting each character it reads. */
class CountingText {
  reads = 0;
  constructor(private readonly text: string) {}
  get length(): number {
    return this.text.length;
  }
  charAt(index: number): string {
    this.reads++;
    return this.text.charAt(index);
  }
  charCodeAt(index: number): number {
    this.reads++;
    return this.text.charCodeAt(index);
  }
  codePointAt(index: number): number | undefined {
    this.reads++;
    return this.text.codePointAt(index);
  }
  substr(start: number, length: number): string {
    this.reads += Math.max(0, Math.min(length, this.text.length - start));
    return this.text.substr(start, length);
  }
  substring(start: number, end: number): string {
    this.reads += Math.abs(end - start);
    return this.text.substring(start, end);
  }
}

/** Characters the generated parser reads to parse (or reject) `text` from `startRule`. */
function readsToParse(text: string, startRule: 'Filter' | 'GroupBy' | 'OrderBy'): number {
  const counting = new CountingText(text);
  try {
    runGeneratedParser(counting as unknown as string, { startRule });
  } catch (error) {
    if (!(error instanceof GeneratedSyntaxError)) throw error;
  }
  return counting.reads;
}

const chain = (unit: string, separator: string) => (n: number) => Array.from({ length: n }, () => unit).join(separator);
const readPatterns: readonly { name: string; make: (n: number) => string; startRule?: 'GroupBy' | 'OrderBy' }[] = [
  { name: 'a long or-chain', make: chain("name eq 'x'", ' or ') },
  { name: 'a long and/or mix on several lines', make: chain("name eq 'x' and inbound ne 1", '\nor ') },
  {
    name: 'nesting 30 deep, repeated side by side',
    make: chain(`${'('.repeat(30)}name eq 'x'${')'.repeat(30)}`, ' and '),
  },
  { name: 'runs of 30 nots, repeated', make: chain(`${'not '.repeat(30)}name eq 'x'`, ' or ') },
  { name: "a string full of ''", make: (n) => `name eq '${"''".repeat(n)}'` },
  { name: 'a string of text beyond Latin-1', make: (n) => `name eq '${'日😀'.repeat(n)}'` },
  { name: 'an in list', make: (n) => `name in (${chain("'x'", ', ')(n)})` },
  { name: 'long garbage', make: chain(') = != && , 1.5e3 -7 # %27 😀 "x" ] EQ Or ;', ' \t') },
  { name: 'a syntax error after a long valid prefix', make: (n) => `${chain("name eq 'x'", ' or ')(n)} or name eq` },
  {
    name: 'an unterminated string after a long prefix',
    make: (n) => `${chain("name eq 'x'", ' or ')(n)} or name eq 'x`,
  },
  { name: "an unterminated string of ''", make: (n) => `name eq '${"''".repeat(n)}` },
  { name: 'a long run of whitespace', make: (n) => `name${' \t\r\n'.repeat(n)}eq 'x'` },
  { name: 'a long field name', make: (n) => `${'q'.repeat(n)} eq 'x'` },
  { name: 'a long number', make: (n) => `inbound eq ${'9'.repeat(n)}.${'5'.repeat(n)}` },
  { name: 'a long groupby', make: chain('name', ' , '), startRule: 'GroupBy' },
  { name: 'a long orderby with directions', make: chain('name desc', ' , '), startRule: 'OrderBy' },
  { name: 'an orderby whose directions are upper case', make: (n) => `name ${'DESC'.repeat(n)}`, startRule: 'OrderBy' },
  { name: 'a long chain of ordering comparisons', make: chain("name ge 'a' and inbound lt 5", ' or ') },
  { name: 'a long chain of contains(…)', make: chain("contains ( name , 'x' )", ' or ') },
  {
    name: 'nested nots and groups around startswith(…)',
    make: chain(`${'not ('.repeat(15)}startswith(name,'x')${')'.repeat(15)}`, ' and '),
  },
  { name: "a contains(…) argument full of ''", make: (n) => `contains(name, '${"''".repeat(n)}')` },
  { name: 'a field named contains, compared, many times', make: chain("contains eq 'x'", ' or ') },
  { name: 'contains( cut short, many times', make: chain("contains(name, 'x' or contains(", ' ') },
  {
    name: 'a long chain of cast(…) literals',
    make: chain("trueDate gt cast('2024-01-31', Edm.DateTimeOffset)", ' and '),
  },
  {
    name: 'cast( with a wrong type, after a long prefix',
    make: (n) => `${chain("name eq 'x'", ' or ')(n)} or trueDate gt cast('2024-01-31', Edm.Date)`,
  },
];

describe('the parser reads the text a bounded number of times (work grows linearly)', () => {
  for (const { name, make, startRule = 'Filter' } of readPatterns) {
    it(`${name}: 16 times the text is at most 17 times the reads, and at most 8 reads a character`, () => {
      const small = make(256);
      const large = make(16 * 256);
      const readsSmall = readsToParse(small, startRule);
      const readsLarge = readsToParse(large, startRule);
      expect(readsSmall).toBeGreaterThan(0);
      expect(readsLarge / readsSmall).toBeLessThanOrEqual(17);
      expect(readsLarge / large.length).toBeLessThanOrEqual(8);
    });
  }

  it('a counted parse gives the answer of an ordinary one', () => {
    const text = "name eq 'O''Brien' or (inbound ne 1 and not name in ('a', 'b'))";
    const counting = new CountingText(text);
    expect(runGeneratedParser(counting as unknown as string, { startRule: 'Filter' })).toStrictEqual(
      runGeneratedParser(text, { startRule: 'Filter' }),
    );
    expect(counting.reads).toBeGreaterThanOrEqual(text.length);
  });
});

// ---- any text ----

describe('any text', () => {
  it('parseFilter returns or throws a well-formed FilterError pointing into the text', () => {
    fc.assert(
      fc.property(anyTextArb, (text) => {
        expectStableWhenParsed(attempt(() => parseFilter(text, { schema }), text));
        attempt(() => parseFilter(text, { schema: partnerCenterSchema }), text);
      }),
      cheap,
    );
  });

  it('parseGroupBy returns or throws a well-formed FilterError pointing into the text', () => {
    fc.assert(
      fc.property(anyTextArb, (text) => {
        attempt(() => parseGroupBy(text, { schema }), text);
        attempt(() => parseGroupBy(text, { schema: partnerCenterSchema }), text);
      }),
      cheap,
    );
  });

  it('parseQuery returns or throws a well-formed FilterError, whether the text is the query string or a value', () => {
    fc.assert(
      fc.property(anyTextArb, (text) => {
        attempt(() => parseQuery(text, { schema }));
        attempt(() => parseQuery(`filter=${text}`, { schema }));
        attempt(() => parseQuery(`?$filter=${encode(text)}&groupby=name`, { schema }));
        attempt(() => parseQuery(`https://host/v1/x?groupby=${encode(text)}`, { schema }));
        attempt(() => parseQuery({ filter: text }, { schema }));
        attempt(() => parseQuery({ groupby: text }, { schema: partnerCenterSchema }));
        attempt(() => parseQuery({ top: text, skip: text, processedDateTime: text }, { schema }));
        attempt(() => parseQuery(new URLSearchParams([[text, text]]), { schema }));
      }),
      cheap,
    );
  });

  it('the whole language, any text and any orderby: a filter, an order, or a well-formed FilterError', () => {
    fc.assert(
      fc.property(fc.oneof(fullLanguageTextArb, anyTextArb, tokenSoupArb), orderByTextArb, (text, orderBy) => {
        attempt(() => parseFilter(text, { schema: fullLanguageSchema }), text);
        attempt(() => parseFilter(text, { schema: partnerCenterSchema }), text);
        attempt(() => parseOrderBy(text, { schema: fullLanguageSchema }), text);
        attempt(() => parseOrderBy(orderBy, { schema: fullLanguageSchema }), orderBy);
        attempt(() => parseOrderBy(orderBy, { schema: fullLanguageSchema, groupBy: ['name'] }), orderBy);
        attempt(() =>
          parseQuery(
            { filter: text, orderby: orderBy, groupBy: 'name', aggregationLevel: text },
            { schema: fullLanguageSchema },
          ),
        );
      }),
      cheap,
    );
  });

  it('a string literal holding an unpaired surrogate is INVALID_LITERAL, never a crash or a garbled URL', () => {
    fc.assert(
      fc.property(fc.string(), loneSurrogateArb, fc.string(), (before, surrogate, after) => {
        const value = `${before}${surrogate}${after}`.replaceAll("'", "''");
        const outcome = attempt(() => parseFilter(`name eq '${value}'`, { schema }));
        expect(outcome.error?.code).toBe('INVALID_LITERAL');
        const built: Filter = { kind: 'compare', field: 'name', op: 'eq', value: `${before}${surrogate}${after}` };
        expect(attempt(() => toQueryString({ filter: built })).error?.code).toBe('INVALID_LITERAL');
      }),
      cheap,
    );
  });

  it('mutations of valid filter text (delete, insert, duplicate, swap, truncate) return or throw a FilterError', () => {
    fc.assert(
      fc.property(testFilterArb, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (filter, mutations) => {
        const text = mutations.reduce(mutate, printFilter(filter));
        expectStableWhenParsed(attempt(() => parseFilter(text, { schema }), text));
        attempt(() => parseGroupBy(text, { schema }), text);
        attempt(() => parseQuery({ filter: text }, { schema }));
      }),
      costly,
    );
  });

  it('text made of the language’s own tokens parses to a stable filter or throws a FilterError', () => {
    fc.assert(
      fc.property(tokenSoupArb, (text) => {
        expectStableWhenParsed(attempt(() => parseFilter(text, { schema }), text));
      }),
      cheap,
    );
  });

  it('__proto__, constructor, toString and friends are unknown fields unless the schema declares them', () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'prototype'];
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.constantFrom(
          (field: string) => `${field} eq 'x'`,
          (field: string) => `name eq 'y' and ${field} ne 'x'`,
          (field: string) => `(${field} eq 'x')`,
        ),
        fc.constantFrom(schema, partnerCenterSchema),
        (field, template, on) => {
          const text = template(field);
          expect(attempt(() => parseFilter(text, { schema: on }), text).error?.code).toBe('UNKNOWN_FIELD');
          expect(attempt(() => parseGroupBy(field, { schema: on }), field).error?.code).toBe('UNKNOWN_FIELD');
          expect(attempt(() => parseQuery({ filter: text }, { schema: on })).error?.code).toBe('UNKNOWN_FIELD');
        },
      ),
    );
    for (const field of names) {
      for (const text of [`${field} in ('x')`, `not ${field} eq 'x'`]) {
        expect(attempt(() => parseFilter(text, { schema }), text).error?.code).toBe('UNKNOWN_FIELD');
      }
      expect(attempt(() => parseQuery(`${field}=x`, { schema })).error?.code).toBe('UNKNOWN_PARAMETER');
    }
    expect(attempt(() => parseQuery(JSON.parse('{"__proto__": "x"}'), { schema })).error?.code).toBe(
      'UNKNOWN_PARAMETER',
    );
  });
});

// ---- any value ----

describe('any value, of any type', () => {
  it('parseFilter, parseGroupBy and parseQuery return or throw a FilterError for any text, options or params', () => {
    fc.assert(
      fc.property(oddValueArb, (odd) => {
        const any = odd as never;
        attempt(() => parseFilter(any, { schema }));
        attempt(() => parseFilter("name eq 'x'", any));
        attempt(() => parseFilter("name eq 'x'", { schema, limits: any }));
        attempt(() => parseFilter("name eq 'x'", { schema: any }));
        attempt(() => parseGroupBy(any, { schema }));
        attempt(() => parseGroupBy('name', any));
        attempt(() => parseQuery(any, { schema }));
        attempt(() => parseQuery('filter=name%20eq%20%27x%27', any));
        attempt(() => parseQuery('filter=name%20eq%20%27x%27', { schema, limits: any }));
        attempt(() => parseQuery({ filter: any, groupby: any, top: any }, { schema }));
        attempt(() =>
          parseQuery('a=1&a=2&filter=x', { schema, allowUnknownParameters: any, allowRepeatedParameters: any }),
        );
      }),
      cheap,
    );
  });

  it('parseQuery returns or throws a FilterError for any record of parameters', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('filter', '$filter', 'groupby', 'top', '$skip', 'processedDateTime', '__proto__', 'x'),
          fc.oneof(oddValueArb, fc.array(fc.string()), anyTextArb),
          { noNullPrototype: false },
        ),
        (params) => {
          attempt(() => parseQuery(params as never, { schema }));
          attempt(() =>
            parseQuery(params as never, { schema, allowUnknownParameters: true, allowRepeatedParameters: true }),
          );
        },
      ),
      cheap,
    );
  });

  it('printFilter, printGroupBy and toQueryString return or throw a FilterError for any value', () => {
    fc.assert(
      fc.property(fc.oneof(oddValueArb, nearFilterArb), queryArb, (odd, query) => {
        const any = odd as never;
        attempt(() => printFilter(any));
        attempt(() => printGroupBy(any));
        attempt(() => toQueryString(any));
        attempt(() => toQueryString(query, any));
        attempt(() => toQueryString(query, { schema: any }));
        attempt(() => toQueryString(query, { prefix: any }));
        attempt(() => toQueryString({ filter: any }));
        attempt(() => toQueryString({ filter: any }, { schema }));
        attempt(() => toQueryString({ groupBy: any, top: any }));
        attempt(() => toQueryString({ skip: any, processedDateTime: any }, { schema }));
      }),
      cheap,
    );
  });

  it('any text printFilter writes is a filter: it may fail validation, never the syntax', () => {
    fc.assert(
      fc.property(nearFilterArb, (near) => {
        const printed = attempt(() => printFilter(near as never));
        if (printed.error !== undefined) return;
        const parsed = attempt(() => parseFilter(printed.value, { schema }), printed.value);
        expect(parsed.error?.code).not.toBe('SYNTAX');
      }),
      cheap,
    );
  });

  it('defineSchema returns a schema or throws a FilterError for any definition', () => {
    fc.assert(
      fc.property(oddValueArb, (odd) => {
        const any = odd as never;
        attempt(() => defineSchema(any));
        attempt(() => defineSchema({ table: 't', fields: any }));
        attempt(() => defineSchema({ table: 't', fields: { a: any } }));
        attempt(() => defineSchema({ table: 't', fields: { a: { type: 'string' } }, profile: any }));
        attempt(() => defineSchema({ table: 't', fields: { a: { type: 'string' } }, limits: any }));
        attempt(() => defineSchema({ table: any, fields: { a: { type: 'string', column: any } } }));
      }),
      cheap,
    );
  });

  it('withoutSpans, exported too, returns or throws a FilterError for any value', () => {
    fc.assert(
      fc.property(fc.oneof(oddValueArb, nearFilterArb), (odd) => {
        attempt(() => withoutSpans(odd as never));
      }),
      cheap,
    );
  });
});

// ---- limits ----

describe('the limits (SPEC §6)', () => {
  it('maxLength, maxTerms and maxDepth each admit a filter exactly at the limit and refuse it one below', () => {
    fc.assert(
      fc.property(testFilterArb, (filter) => {
        const text = printFilter(filter);
        const terms = termCount(filter);
        const depth = Math.max(1, textDepth(filter));
        const at = { maxLength: text.length, maxTerms: terms, maxDepth: depth };
        expect(withoutSpans(parseFilter(text, { schema, limits: at }))).toStrictEqual(filter);
        const below = [
          { ...at, maxLength: text.length - 1 },
          { ...at, maxTerms: terms - 1 },
          { ...at, maxDepth: depth - 1 },
        ].filter((limits) => Object.values(limits).every((limit) => limit >= 1));
        for (const limits of below) {
          expect(attempt(() => parseFilter(text, { schema, limits }), text).error?.code).toBe('LIMIT_EXCEEDED');
        }
      }),
      costly,
    );
  });

  it('depth counts the parentheses and nots of the text: a filter nested within maxDepth parses', () => {
    fc.assert(
      fc.property(deepFilterArb(schema, 48), (filter) => {
        const text = printFilter(filter);
        const depth = textDepth(filter);
        const limits = { maxDepth: Math.max(1, depth) };
        expect(attempt(() => parseFilter(text, { schema, limits }), text).error).toBeUndefined();
        if (depth > 1) {
          const tooShallow = { maxDepth: depth - 1 };
          expect(attempt(() => parseFilter(text, { schema, limits: tooShallow }), text).error?.code).toBe(
            'LIMIT_EXCEEDED',
          );
        }
      }),
      costly,
    );
  });
});

// ---- pathological input ----

/** Runs `call` and returns its outcome and how long it took. */
function timed<T>(call: () => T, input?: string): { outcome: Outcome<T>; ms: number } {
  const start = performance.now();
  const outcome = attempt(call, input);
  return { outcome, ms: performance.now() - start };
}

// A ceiling, not a measurement: a wait cut short. It is far above what a busy machine needs (these calls take
// milliseconds), and far below what a quadratic path or a runaway recursion would take (minutes). How fast
// they are is measured in bench/, never here; the assertions that matter are the codes and positions.
const fastMs = 10_000;

describe('pathological input fails fast and never overflows the stack', () => {
  const comparison = "name eq 'x'";
  const deepParentheses = `${'('.repeat(100_000)}${comparison}${')'.repeat(100_000)}`;
  const deepNots = `${'not '.repeat(100_000)}${comparison}`;

  it('100,000 nested parentheses are LIMIT_EXCEEDED at the 33rd, when maxLength lets the text in', () => {
    const { outcome, ms } = timed(
      () => parseFilter(deepParentheses, { schema, limits: { maxLength: 1_000_000 } }),
      deepParentheses,
    );
    expect(outcome.error).toMatchObject({ code: 'LIMIT_EXCEEDED', offset: 32, line: 1, column: 33 });
    expect(ms).toBeLessThan(fastMs);
  });

  it('100,000 nested nots are LIMIT_EXCEEDED at the 33rd, when maxLength lets the text in', () => {
    const { outcome, ms } = timed(() => parseFilter(deepNots, { schema, limits: { maxLength: 1_000_000 } }), deepNots);
    expect(outcome.error).toMatchObject({ code: 'LIMIT_EXCEEDED', offset: 32 * 4, length: 3 });
    expect(ms).toBeLessThan(fastMs);
  });

  it('under the default length limit the same texts are LIMIT_EXCEEDED for their length', () => {
    const defaults = defineSchema({
      table: 't',
      fields: { name: { type: 'string' } },
      profile: { extensions: ['not'] },
    });
    for (const text of [deepParentheses, deepNots]) {
      const { outcome, ms } = timed(() => parseFilter(text, { schema: defaults }), text);
      expect(outcome.error).toMatchObject({ code: 'LIMIT_EXCEEDED', offset: 32_768 });
      expect(ms).toBeLessThan(fastMs);
    }
  });

  it('a 10 MB filter, groupby or query is LIMIT_EXCEEDED at once, and its error formats at once', () => {
    const huge = 'a'.repeat(10 * 1024 * 1024);
    for (const call of [
      (): unknown => parseFilter(huge, { schema: partnerCenterSchema }),
      () => parseGroupBy(huge, { schema: partnerCenterSchema }),
      () => parseQuery({ filter: huge }, { schema: partnerCenterSchema }),
    ]) {
      // timed() also formats the error and serialises it (attempt checks every error that way).
      const { outcome, ms } = timed(call);
      expect(outcome.error).toMatchObject({ code: 'LIMIT_EXCEEDED', offset: 32_768 });
      expect(ms).toBeLessThan(fastMs);
    }
  });

  it('an unterminated string of 30,000 characters is a SYNTAX error at its opening quote', () => {
    const text = `name eq '${'x'.repeat(30_000)}`;
    const { outcome, ms } = timed(() => parseFilter(text, { schema }), text);
    expect(outcome.error).toMatchObject({ code: 'SYNTAX', offset: 8, column: 9 });
    expect(ms).toBeLessThan(fastMs);
  });

  it("30,000 '' pairs in a string are 30,000 quotes (or LIMIT_EXCEEDED under the default maxLength)", () => {
    const text = `name eq '${"''".repeat(30_000)}'`;
    const { outcome, ms } = timed(() => parseFilter(text, { schema, limits: { maxLength: 100_000 } }), text);
    expect(outcome.error).toBeUndefined();
    expect(outcome.error === undefined && withoutSpans(outcome.value)).toStrictEqual({
      kind: 'compare',
      field: 'name',
      op: 'eq',
      value: "'".repeat(30_000),
    });
    expect(ms).toBeLessThan(fastMs);
    const atDefault = attempt(() => parseFilter(text, { schema, limits: { maxLength: 32_768 } }), text);
    expect(atDefault.error?.code).toBe('LIMIT_EXCEEDED');
  });

  it('a 10,000-term or chain is one shallow or node of 10,000 operands, and prints back to the same text', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `name eq '${i}'`).join(' or ');
    const { outcome, ms } = timed(() => parseFilter(text, { schema }), text);
    if (outcome.error !== undefined) throw outcome.error;
    const filter = outcome.value;
    expect(filter.kind).toBe('or');
    expect(filter.kind === 'or' && filter.operands.length).toBe(10_000);
    expect(filter.kind === 'or' && filter.operands.every((operand) => operand.kind === 'compare')).toBe(true);
    expect(printFilter(filter)).toBe(text);
    expect(ms).toBeLessThan(fastMs);
    const defaultTerms = attempt(() => parseFilter(text, { schema, limits: { maxTerms: 500 } }), text);
    expect(defaultTerms.error?.code).toBe('LIMIT_EXCEEDED');
  });

  it('the deepest nesting the limits allow (maxDepth 1000) parses, prints and round-trips', () => {
    const limits = { maxDepth: 1000 };
    for (const text of [`${'('.repeat(1000)}${comparison}${')'.repeat(1000)}`, `${'not '.repeat(1000)}${comparison}`]) {
      const outcome = attempt(() => parseFilter(text, { schema, limits }), text);
      if (outcome.error !== undefined) throw outcome.error;
      const printed = printFilter(outcome.value);
      expect(withoutSpans(parseFilter(printed, { schema, limits }))).toStrictEqual(withoutSpans(outcome.value));
    }
  });

  it('a filter built in code 100,000 levels deep is a FilterError for printFilter, toQueryString and withoutSpans', () => {
    let filter: Filter = { kind: 'compare', field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 100_000; i++) {
      filter =
        i % 3 === 0
          ? { kind: 'not', operand: filter }
          : { kind: i % 3 === 1 ? 'and' : 'or', operands: [filter, filter] };
    }
    for (const call of [
      (): unknown => printFilter(filter),
      () => toQueryString({ filter }),
      () => toQueryString({ filter }, { schema }),
      () => withoutSpans(filter),
    ]) {
      const { outcome, ms } = timed(call);
      expect(outcome.error?.code).toBe('LIMIT_EXCEEDED');
      expect(ms).toBeLessThan(fastMs);
    }
  });
});
