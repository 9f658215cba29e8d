// parseFilter / parseGroupBy: the Partner Center examples, precedence, keyword boundaries, whitespace, spans, limits.

import { describe, expect, it } from 'vitest';
import { withoutSpans } from '../src/ast.js';
import {
  defineSchema,
  FilterError,
  parseFilter,
  parseFilterSyntax,
  parseGroupBy,
  parseOrderBy,
  partnerCenter,
  validateFilter,
} from '../src/index.js';
import { parseFilterAst } from '../src/parse.js';
import { defaultLimits } from '../src/schema.js';
import { errorOf, expectError } from './expect-error.js';

const schema = partnerCenter.licenseUsage;
const letters = defineSchema({
  table: 't',
  fields: {
    a: { type: 'string' },
    b: { type: 'string' },
    c: { type: 'string' },
    orderId: { type: 'string' },
    android: { type: 'string' },
    notes: { type: 'string' },
    equal: { type: 'string' },
    inbox: { type: 'string' },
    nullable: { type: 'string' },
    trueName: { type: 'string' },
    n: { type: 'number' },
    flag: { type: 'boolean' },
  },
  profile: { extensions: ['not', 'in', 'null', 'number', 'boolean'] },
});

const parse = (text: string) => withoutSpans(parseFilter(text, { schema: letters }));
const eq = (field: string, value: string | number | boolean | null) => ({ kind: 'compare', field, op: 'eq', value });

describe('the Partner Center examples', () => {
  it("parses workloadCode eq 'SFB'", () => {
    expect(withoutSpans(parseFilter("workloadCode eq 'SFB'", { schema }))).toEqual(eq('workloadCode', 'SFB'));
  });

  it("parses workloadCode eq 'SFB' or (channel eq 'Reseller')", () => {
    expect(withoutSpans(parseFilter("workloadCode eq 'SFB' or (channel eq 'Reseller')", { schema }))).toEqual({
      kind: 'or',
      operands: [eq('workloadCode', 'SFB'), eq('channel', 'Reseller')],
    });
  });

  it('parses the request example with a GUID', () => {
    expect(withoutSpans(parseFilter("customerTenantId eq '0112A436-B14E-4888-967B-CA4BB2CF1234'", { schema }))).toEqual(
      eq('customerTenantId', '0112A436-B14E-4888-967B-CA4BB2CF1234'),
    );
  });

  it('accepts every documented filter field with eq and ne', () => {
    for (const field of [
      'workloadCode',
      'workloadName',
      'serviceCode',
      'serviceName',
      'channel',
      'customerName',
      'productId',
      'productName',
    ]) {
      expect(withoutSpans(parseFilter(`${field} ne 'x'`, { schema }))).toEqual({
        kind: 'compare',
        field,
        op: 'ne',
        value: 'x',
      });
    }
  });

  it('parses the documented groupby fields', () => {
    expect(
      parseGroupBy('workloadCode,workloadName, serviceCode ,serviceName,channel,customerTenantId', { schema }),
    ).toEqual(['workloadCode', 'workloadName', 'serviceCode', 'serviceName', 'channel', 'customerTenantId']);
    expect(parseGroupBy('customerName,productId,productName', { schema })).toEqual([
      'customerName',
      'productId',
      'productName',
    ]);
  });
});

describe('precedence and grouping', () => {
  it("groups a eq 'x' or b eq 'y' and c eq 'z' as or(a, and(b, c))", () => {
    expect(parse("a eq 'x' or b eq 'y' and c eq 'z'")).toEqual({
      kind: 'or',
      operands: [eq('a', 'x'), { kind: 'and', operands: [eq('b', 'y'), eq('c', 'z')] }],
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parse("(a eq 'x' or b eq 'y') and c eq 'z'")).toEqual({
      kind: 'and',
      operands: [{ kind: 'or', operands: [eq('a', 'x'), eq('b', 'y')] }, eq('c', 'z')],
    });
  });

  it('flattens chains and redundant parentheses into one n-ary node', () => {
    const flat = { kind: 'and', operands: [eq('a', 'x'), eq('b', 'y'), eq('c', 'z')] };
    expect(parse("a eq 'x' and b eq 'y' and c eq 'z'")).toEqual(flat);
    expect(parse("a eq 'x' and (b eq 'y' and c eq 'z')")).toEqual(flat);
    expect(parse("((a eq 'x') and b eq 'y') and ((c eq 'z'))")).toEqual(flat);
  });

  it('binds not tighter than and', () => {
    expect(parse("not a eq 'x' and b eq 'y'")).toEqual({
      kind: 'and',
      operands: [{ kind: 'not', operand: eq('a', 'x') }, eq('b', 'y')],
    });
    expect(parse("not (a eq 'x' and b eq 'y')")).toEqual({
      kind: 'not',
      operand: { kind: 'and', operands: [eq('a', 'x'), eq('b', 'y')] },
    });
    expect(parse("not not a eq 'x'")).toEqual({ kind: 'not', operand: { kind: 'not', operand: eq('a', 'x') } });
  });

  it('parses in-lists, null, numbers and booleans where the profile allows them', () => {
    expect(parse("a in ('x', 'y','z')")).toEqual({ kind: 'in', field: 'a', values: ['x', 'y', 'z'] });
    expect(parse('a eq null')).toEqual(eq('a', null));
    expect(parse('n eq -1.5e3')).toEqual(eq('n', -1500));
    expect(parse('n ne 0')).toEqual({ kind: 'compare', field: 'n', op: 'ne', value: 0 });
    expect(parse('flag eq true or flag eq false')).toEqual({
      kind: 'or',
      operands: [eq('flag', true), eq('flag', false)],
    });
  });
});

describe('keywords are whole words', () => {
  it.each([
    ["orderId eq 'x'", 'orderId'],
    ["android eq 'x'", 'android'],
    ["notes eq 'x'", 'notes'],
    ["equal eq 'x'", 'equal'],
    ["inbox eq 'x'", 'inbox'],
    ["nullable eq 'x'", 'nullable'],
    ["trueName eq 'x'", 'trueName'],
  ])('reads %s as a comparison on the field %s', (text, field) => {
    expect(parse(text)).toEqual(eq(field, 'x'));
  });

  it('does not split a keyword off a longer word', () => {
    expect(() => parse("a eq 'x' orb eq 'y'")).toThrow(FilterError);
    expect(() => parse("a eq 'x' andb eq 'y'")).toThrow(FilterError);
    expect(() => parse("a eqx 'y'")).toThrow(FilterError);
    expect(() => parse('n eq 5and')).toThrow(FilterError);
  });

  it("reads 'not' and 'android' side by side", () => {
    expect(parse("not android eq 'x' and orderId ne 'y'")).toEqual({
      kind: 'and',
      operands: [
        { kind: 'not', operand: eq('android', 'x') },
        { kind: 'compare', field: 'orderId', op: 'ne', value: 'y' },
      ],
    });
  });
});

describe('whitespace', () => {
  it('is needed only where two words would run together', () => {
    const expected = { kind: 'or', operands: [eq('a', 'x'), eq('b', 'y')] };
    expect(parse("a eq 'x' or(b eq 'y')")).toEqual(expected);
    expect(parse("(a eq 'x')or(b eq 'y')")).toEqual(expected);
    expect(parse("a eq'x'or b eq'y'")).toEqual(expected);
    expect(parse(" \t\r\n a \n eq \t 'x' \r\n or  b  eq  'y' \n")).toEqual(expected);
    expect(() => parse("aeq'x'")).toThrow(FilterError);
  });

  it('keeps whitespace inside strings', () => {
    expect(parse("a eq '  two  spaces\t'")).toEqual(eq('a', '  two  spaces\t'));
  });
});

describe('strings', () => {
  it.each([
    ["'O''Brien'", "O'Brien"],
    ["''''", "'"],
    ["''", ''],
    ["'%20&+=#'", '%20&+=#'],
    ["'😀 ünïcödé 中文'", '😀 ünïcödé 中文'],
    ["'line\nbreak'", 'line\nbreak'],
    ["'nul\u0000'", 'nul\u0000'],
  ])('reads %s as %j', (literal, value) => {
    expect(parse(`a eq ${literal}`)).toEqual(eq('a', value));
  });
});

describe('spans', () => {
  it('point at each node, field and value in the source text', () => {
    const text = "workloadCode eq 'SFB' or (channel eq 'Re''seller')";
    const filter = parseFilter(text, { schema });
    expect(filter.kind).toBe('or');
    if (filter.kind !== 'or') return;
    const [first, second] = filter.operands;
    expect(first).toMatchObject({ span: { offset: 0, length: 21 }, valueSpan: { offset: 16, length: 5 } });
    expect(second).toMatchObject({ span: { offset: 26, length: 23 }, valueSpan: { offset: 37, length: 12 } });
    const valueSpan = second && 'valueSpan' in second ? second.valueSpan : undefined;
    expect(valueSpan && text.slice(valueSpan.offset, valueSpan.offset + valueSpan.length)).toBe("'Re''seller'");
    expect(filter.span).toEqual({ offset: 0, length: text.length });
  });

  it('point at each value of an in-list', () => {
    const filter = parseFilter("a in ('x', 'yy')", { schema: letters });
    expect(filter).toMatchObject({
      kind: 'in',
      valueSpans: [
        { offset: 6, length: 3 },
        { offset: 11, length: 4 },
      ],
    });
  });
});

describe('limits', () => {
  const nested = (depth: number) => `${'('.repeat(depth)}a eq 'x'${')'.repeat(depth)}`;

  it('allows nesting up to maxDepth and rejects one level more', () => {
    expect(parse(nested(32))).toEqual(eq('a', 'x'));
    expect(() => parse(nested(33))).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED', offset: 32 }));
    expect(() => parseFilter(nested(5), { schema: letters, limits: { maxDepth: 4 } })).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED' }),
    );
  });

  it("counts each 'not' as a level, and an in-list's parentheses as none", () => {
    expect(() => parseFilter("not not not a eq 'x'", { schema: letters, limits: { maxDepth: 2 } })).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', offset: 8 }),
    );
    expect(parseFilter("not not a eq 'x'", { schema: letters, limits: { maxDepth: 2 } }).kind).toBe('not');
    expect(parseFilter("(a in ('x'))", { schema: letters, limits: { maxDepth: 1 } }).kind).toBe('in');
    // Sibling groups do not add up: depth is nesting, not a count.
    expect(
      parseFilter("(a eq 'x') or (b eq 'y') or (c eq 'z')", { schema: letters, limits: { maxDepth: 1 } }).kind,
    ).toBe('or');
  });

  // The scan runs before the parse only where the text holds more `(`s and `not`s than maxDepth; otherwise
  // after a failed parse. Its verdict must be the same either way.
  it('gives the nesting scan’s verdict whether the scan runs before the parse or after it fails', () => {
    const deep = { schema: letters, limits: { maxDepth: 2 } };
    for (const text of ["a eq 'x", "(a eq 'x') or b eq 'y", "a eq '((( not not not"]) {
      const error = errorOf(() => parseFilter(text, deep));
      expect(error, text).toMatchObject({ code: 'SYNTAX', message: expect.stringMatching(/^Unterminated string/) });
    }
    // Many parentheses and nots, all inside strings or words: scanned first, and nothing found.
    expect(parseFilterSyntax("a eq '((((' or notable eq 'not not not'", { limits: { maxDepth: 2 } }).kind).toBe('or');
    // Deeper than the limit, and broken further on: the depth is reported, not the parse.
    expect(errorOf(() => parseFilter("(((a eq 'x'))) and", deep))).toMatchObject({ code: 'LIMIT_EXCEEDED', offset: 2 });
  });

  it('ends the scope of a not with its operand, so later groups are not counted under it', () => {
    const text = "not a eq 'x' and (b eq 'y') and not (c eq 'z')";
    expect(parseFilter(text, { schema: letters, limits: { maxDepth: 2 } }).kind).toBe('and');
  });

  it('rejects text longer than maxLength before parsing it', () => {
    const text = `a eq '${'x'.repeat(100)}'`;
    expect(() => parseFilter(text, { schema: letters, limits: { maxLength: 50 } })).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', offset: 50, param: 'filter' }),
    );
    expect(parseFilter(text, { schema: letters, limits: { maxLength: text.length } }).kind).toBe('compare');
  });

  it('counts comparisons, each in-list value as one', () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => `a eq '${i}'`).join(' or ');
    expect(parseFilter(chain(500), { schema: letters }).kind).toBe('or');
    expect(() => parseFilter(chain(501), { schema: letters })).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED' }),
    );
    expect(() => parseFilter("a in ('1', '2', '3')", { schema: letters, limits: { maxTerms: 2 } })).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', offset: 16 }),
    );
  });

  it('keeps a 10,000-term chain one node deep', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `a eq '${i}'`).join(' or ');
    const filter = parseFilter(text, { schema: letters, limits: { maxTerms: 10_000, maxLength: text.length } });
    expect(filter.kind === 'or' && filter.operands.length).toBe(10_000);
  });

  it("takes the schema's limits, and lets a call override them", () => {
    const strict = defineSchema({ table: 't', fields: { a: { type: 'string' } }, limits: { maxTerms: 1 } });
    expect(() => parseFilter("a eq 'x' or a eq 'y'", { schema: strict })).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED' }),
    );
    expect(parseFilter("a eq 'x' or a eq 'y'", { schema: strict, limits: { maxTerms: 2 } }).kind).toBe('or');
  });

  it('rejects a bad limits option as INVALID_PARAMETER', () => {
    for (const limits of [
      { maxDepth: 0 },
      { maxTerms: 1.5 },
      { maxLength: '10' },
      { maxDepth: 1001 },
      { depth: 3 },
      7,
    ]) {
      expect(() => parseFilter("a eq 'x'", { schema: letters, limits: limits as never })).toThrow(
        expect.objectContaining({ code: 'INVALID_PARAMETER', param: 'limits' }),
      );
    }
  });
});

describe('parseGroupBy', () => {
  it('accepts whitespace around names and commas', () => {
    expect(parseGroupBy(' channel , workloadCode\t', { schema })).toEqual(['channel', 'workloadCode']);
  });

  it('rejects a trailing comma, an empty item and an empty text', () => {
    for (const text of ['channel,', ',channel', 'channel,,workloadCode', '', '   ']) {
      expect(() => parseGroupBy(text, { schema })).toThrow(
        expect.objectContaining({ code: 'SYNTAX', param: 'groupby' }),
      );
    }
  });
});

describe('parsing and checking as two steps', () => {
  it('parseFilterSyntax reads any field and every extension, without a schema, spans included', () => {
    const text = "zz eq 1 and not (q in ('a', null, true))";
    const unchecked = parseFilterSyntax(text);
    expect(unchecked.span).toEqual({ offset: 0, length: text.length });
    expect(withoutSpans(unchecked)).toEqual({
      kind: 'and',
      operands: [eq('zz', 1), { kind: 'not', operand: { kind: 'in', field: 'q', values: ['a', null, true] } }],
    });
  });

  it('parseFilterSyntax keeps the syntax errors and the length and nesting limits', () => {
    const syntax = expectError(() => parseFilterSyntax("a eq 'x' nd b eq 'y'"), 'SYNTAX');
    expect(syntax.message).toBe("Expected 'and', 'or' or the end of the filter, found 'nd' at column 10");
    expectError(
      () => parseFilterSyntax(`${'('.repeat(5)}a eq 1${')'.repeat(5)}`, { limits: { maxDepth: 4 } }),
      'LIMIT_EXCEEDED',
    );
    expectError(() => parseFilterSyntax("a eq 'xyz'", { limits: { maxLength: 5 } }), 'LIMIT_EXCEEDED');
    expectError(() => parseFilterSyntax("a eq 'x'", { limits: { maxLength: 0 } }), 'INVALID_PARAMETER');
    expectError(() => parseFilterSyntax(42 as unknown as string), 'INVALID_PARAMETER');
  });

  it('validateFilter after parseFilterSyntax is parseFilter, errors and all', () => {
    const texts = ["workloadCode eq 'SFB' or channel eq 'Reseller'", "workloadcode eq 'SFB'", "channel in ('a')"];
    for (const text of texts) {
      const outcome = (run: () => unknown) => {
        try {
          return { value: run() };
        } catch (error) {
          return { error: (error as FilterError).format() };
        }
      };
      expect(outcome(() => validateFilter(parseFilterSyntax(text), { schema, input: text }))).toEqual(
        outcome(() => parseFilter(text, { schema })),
      );
    }
  });

  it('validateFilter checks the shape of a filter from anywhere, and needs a schema', () => {
    expect(validateFilter({ kind: 'compare', field: 'channel', op: 'eq', value: 'x' }, { schema })).toEqual(
      eq('channel', 'x'),
    );
    expectError(() => validateFilter({ kind: 'xor' } as never, { schema }), 'INVALID_PARAMETER');
    expectError(() => validateFilter(eq('nope', 'x') as never, { schema }), 'UNKNOWN_FIELD');
    expectError(() => validateFilter(eq('channel', 'x') as never, {} as never), 'INVALID_SCHEMA');
    expectError(() => validateFilter(eq('channel', 'x') as never, { schema, input: 3 as never }), 'INVALID_PARAMETER');
  });

  it("never reads the filter tag's placeholder in typed text", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text the tag draws for an interpolation, typed
    const text = 'a eq ${…}';
    for (const run of [() => parseFilter(text, { schema: letters }), () => parseFilterSyntax(text)]) {
      const error = expectError(run, 'SYNTAX');
      expect([error.offset, error.column, error.found]).toEqual([5, 6, '$']);
      expect(error.message).toMatch(/^Expected a value .* found '\$' at column 6/);
    }
  });
});

// ---- the whole Partner Center language (SPEC §7) ----

/** Every extension on, per-field operators, measures of both kinds, an orderable measure and an unorderable field. */
const full = defineSchema({
  table: 'full',
  fields: {
    customerName: { type: 'string', operators: ['contains'] },
    productName: { type: 'string', caseInsensitive: true },
    region: { type: 'string', operators: ['eq', 'ne', 'startswith'] },
    usageDate: { type: 'datetime' },
    quantity: { type: 'number' },
    isTrial: { type: 'boolean' },
    tenantId: { type: 'guid' },
    contains: { type: 'string' },
    internalNote: { type: 'string', orderable: false },
    charge: { type: 'number', aggregate: 'sum' },
    subscriptionCount: { type: 'number', aggregate: 'count' },
    revenue: { type: 'number', aggregate: 'sum', orderable: true },
  },
  profile: {
    extensions: ['not', 'in', 'null', 'number', 'boolean', 'range', 'text', 'cast', 'orderby', 'aggregationLevel'],
  },
});

/** The ordering comparisons and substring tests, but not the cast literal. */
const noCast = defineSchema({
  table: 'no_cast',
  fields: { usageDate: { type: 'datetime' }, name: { type: 'string' } },
  profile: { extensions: ['range', 'text'] },
});

const parseFull = (text: string) => withoutSpans(parseFilter(text, { schema: full }));
const compareOf = (field: string, op: string, value: string | number | boolean | null) => ({
  kind: 'compare',
  field,
  op,
  value,
});

describe('the ordering comparisons gt ge lt le', () => {
  it('compare number, datetime and string fields', () => {
    expect(parseFull('quantity gt 5')).toEqual(compareOf('quantity', 'gt', 5));
    expect(parseFull("usageDate ge '2024-01-31'")).toEqual(compareOf('usageDate', 'ge', '2024-01-31'));
    expect(parseFull("productName lt 'm'")).toEqual(compareOf('productName', 'lt', 'm'));
    expect(parseFull('quantity le -1.5 and quantity ne 0')).toEqual({
      kind: 'and',
      operands: [compareOf('quantity', 'le', -1.5), compareOf('quantity', 'ne', 0)],
    });
  });

  it('keep the spans of the comparison and of its value', () => {
    expect(parseFilter("usageDate gt '2024-01-31'", { schema: full })).toEqual({
      ...compareOf('usageDate', 'gt', '2024-01-31'),
      span: { offset: 0, length: 25 },
      valueSpan: { offset: 13, length: 12 },
    });
  });

  it('are words: GT is a syntax error that suggests gt, and > suggests gt where a field takes it', () => {
    const upper = expectError(() => parseFilter('quantity GT 5', { schema: full }), 'SYNTAX');
    expect([upper.offset, upper.suggestion]).toEqual([9, 'gt']);
    expect(upper.message).toBe(
      "Expected an operator (eq, ne, gt, ge, lt or le) or 'in', found 'GT' at column 10; keywords are lower case: write 'gt'",
    );
    expect(expectError(() => parseFilter('quantity >= 5', { schema: full }), 'SYNTAX').suggestion).toBe('ge');
    const licensed = expectError(() => parseFilter("channel > 'x'", { schema }), 'SYNTAX');
    expect(licensed.message).toBe("Expected 'eq' or 'ne', found '>' at column 9");
    expect(licensed.suggestion).toBeUndefined();
  });

  it('null with an ordering operator is INVALID_LITERAL at the null', () => {
    const error = expectError(() => parseFilter('quantity gt null', { schema: full }), 'INVALID_LITERAL');
    expect([error.offset, error.length]).toEqual([12, 4]);
    expect(error.message).toBe(
      "Cannot compare with null using 'gt' at column 13; null has no order: use 'eq null' or 'ne null', or compare with a value",
    );
    expectError(() => parseFilter('usageDate le null', { schema: noCast }), 'INVALID_LITERAL');
  });

  it('are OPERATOR_NOT_ALLOWED on a type that has no order, naming what the field takes', () => {
    const error = expectError(() => parseFilter('isTrial gt true', { schema: full }), 'OPERATOR_NOT_ALLOWED');
    expect([error.offset, error.length]).toEqual([8, 2]);
    expect(error.message).toBe("Field 'isTrial' does not take 'gt' at column 9; it takes eq, ne or in");
    expectError(
      () => parseFilter("tenantId ge '0112A436-B14E-4888-967B-CA4BB2CF1234'", { schema: full }),
      'OPERATOR_NOT_ALLOWED',
    );
  });

  it('are OPERATOR_NOT_ALLOWED, not SYNTAX, under the license usage profile (an extension used while off)', () => {
    const error = expectError(() => parseFilter("workloadCode gt 'SFB'", { schema }), 'OPERATOR_NOT_ALLOWED');
    expect([error.offset, error.length, error.column]).toEqual([13, 2, 14]);
    expect(error.message).toBe("Field 'workloadCode' does not take 'gt' at column 14; it takes eq or ne");
    // The operator is found past any whitespace, even a line break.
    const spaced = expectError(
      () => parseFilter("channel eq 'x' or workloadCode\n\tle 'SFB'", { schema }),
      'OPERATOR_NOT_ALLOWED',
    );
    expect([spaced.line, spaced.column]).toEqual([2, 2]);
  });
});

describe('contains, startswith and endswith', () => {
  it('are match nodes, spaced any way, with the span of the call and of the argument', () => {
    expect(parseFilter("contains(customerName, 'Contoso')", { schema: full })).toEqual({
      kind: 'match',
      op: 'contains',
      field: 'customerName',
      value: 'Contoso',
      span: { offset: 0, length: 33 },
      valueSpan: { offset: 23, length: 9 },
    });
    expect(parseFull("startswith ( region ,'E''U' ) or endswith(productName,'x')")).toEqual({
      kind: 'or',
      operands: [
        { kind: 'match', op: 'startswith', field: 'region', value: "E'U" },
        { kind: 'match', op: 'endswith', field: 'productName', value: 'x' },
      ],
    });
    expect(parseFull("not contains(productName, '') and (contains(customerName,'a'))")).toEqual({
      kind: 'and',
      operands: [
        { kind: 'not', operand: { kind: 'match', op: 'contains', field: 'productName', value: '' } },
        { kind: 'match', op: 'contains', field: 'customerName', value: 'a' },
      ],
    });
  });

  it('are not reserved: a field may be called contains, and is one where no parenthesis follows', () => {
    expect(parseFull("contains eq 'x'")).toEqual(compareOf('contains', 'eq', 'x'));
    expect(parseFull("contains(contains, 'x')")).toEqual({
      kind: 'match',
      op: 'contains',
      field: 'contains',
      value: 'x',
    });
  });

  it('take a quoted string only: a number says to quote it, in the call the user wrote', () => {
    const error = expectError(() => parseFilter('contains(customerName, 5)', { schema: full }), 'SYNTAX');
    expect([error.offset, error.suggestion]).toEqual([23, "'5'"]);
    expect(error.message).toBe(
      "Expected a quoted string such as 'SFB', found '5' at column 24; the argument is always a quoted string: write contains(customerName, '5')",
    );
    const doubleQuoted = expectError(() => parseFilter('endswith(region, "EU")', { schema: full }), 'SYNTAX');
    expect(doubleQuoted.hint).toBe("the argument is always a quoted string: write endswith(region, 'EU')");
  });

  it('are OPERATOR_NOT_ALLOWED at the function for a field that does not take them', () => {
    const error = expectError(() => parseFilter("contains(region, 'x')", { schema: full }), 'OPERATOR_NOT_ALLOWED');
    expect([error.offset, error.length]).toEqual([0, 8]);
    expect(error.message).toBe(
      "Field 'region' does not take 'contains' at column 1; it takes eq, ne, startswith or in",
    );
    expectError(() => parseFilter("contains(workloadCode, 'S')", { schema }), 'OPERATOR_NOT_ALLOWED');
    expectError(() => parseFilter("startswith(quantity, '1')", { schema: full }), 'OPERATOR_NOT_ALLOWED');
    expectError(() => parseFilter("contains(nope, '1')", { schema: full }), 'UNKNOWN_FIELD');
    expectError(() => parseFilter("contains(charge, '1')", { schema: full }), 'FIELD_NOT_FILTERABLE');
  });

  it('count toward maxTerms like a comparison', () => {
    const text = "contains(customerName, 'a') or contains(customerName, 'b') or region eq 'c'";
    expect(() => parseFilter(text, { schema: full, limits: { maxTerms: 3 } })).not.toThrow();
    expectError(() => parseFilter(text, { schema: full, limits: { maxTerms: 2 } }), 'LIMIT_EXCEEDED');
  });

  it('nest no deeper than a comparison: their parentheses are not a group', () => {
    const text = "((contains(customerName, 'a')))";
    expect(() => parseFilter(text, { schema: full, limits: { maxDepth: 2 } })).not.toThrow();
    expect(() => parseFilter(`not ${text}`, { schema: full, limits: { maxDepth: 3 } })).not.toThrow();
    expectError(() => parseFilter(text, { schema: full, limits: { maxDepth: 1 } }), 'LIMIT_EXCEEDED');
  });

  it('hold their argument to a string when the filter comes from JSON', () => {
    const match = { kind: 'match', op: 'contains', field: 'customerName', value: 5 };
    expectError(() => validateFilter(match as never, { schema: full }), 'INVALID_LITERAL');
    expectError(
      () => validateFilter({ ...match, op: 'like', value: 'x' } as never, { schema: full }),
      'INVALID_PARAMETER',
    );
    expect(validateFilter({ ...match, value: 'x' } as never, { schema: full })).toEqual({ ...match, value: 'x' });
  });
});

describe("the cast('…', Edm.DateTimeOffset) literal", () => {
  it('is a datetime literal marked as written with cast, spaced as the docs space it', () => {
    const node = parseFilter("usageDate gt cast('2018-01-01',Edm.DateTimeOffset)", { schema: full });
    expect(node).toEqual({
      ...compareOf('usageDate', 'gt', '2018-01-01'),
      span: { offset: 0, length: 50 },
      valueSpan: { offset: 13, length: 37 },
      valueSyntax: 'cast',
    });
    for (const text of [
      "usageDate le cast('2018-01-01', Edm.DateTimeOffset)",
      "usageDate le cast ( '2018-01-01' ,\n Edm.DateTimeOffset )",
    ]) {
      expect(withoutSpans(parseFilter(text, { schema: full }))).toEqual(compareOf('usageDate', 'le', '2018-01-01'));
    }
  });

  it('is a comparison literal only: not in an in list, and the type is written out', () => {
    expectError(() => parseFilter("usageDate in (cast('2018-01-01', Edm.DateTimeOffset))", { schema: full }), 'SYNTAX');
    const type = expectError(
      () => parseFilter("usageDate gt cast('2018-01-01', Edm.Date)", { schema: full }),
      'SYNTAX',
    );
    expect(type.message).toBe("Expected 'Edm.DateTimeOffset', found 'Edm.Date' at column 33");
  });

  it('is INVALID_LITERAL on a field that is not a datetime', () => {
    const error = expectError(
      () => parseFilter("quantity gt cast('2018-01-01', Edm.DateTimeOffset)", { schema: full }),
      'INVALID_LITERAL',
    );
    expect([error.offset, error.length]).toEqual([12, 38]);
    expect(error.message).toBe(
      "cast(…, Edm.DateTimeOffset) is a date-time, and field 'quantity' is a number at column 13; cast only a value compared with a datetime field",
    );
  });

  it("is OPERATOR_NOT_ALLOWED at 'cast' when the profile leaves cast off", () => {
    const error = expectError(
      () => parseFilter("usageDate gt cast('2018-01-01', Edm.DateTimeOffset)", { schema: noCast }),
      'OPERATOR_NOT_ALLOWED',
    );
    expect([error.offset, error.length]).toEqual([13, 4]);
    expectError(
      () => parseFilter("channel eq cast('2018-01-01', Edm.DateTimeOffset)", { schema }),
      'OPERATOR_NOT_ALLOWED',
    );
  });
});

describe('a datetime literal that names no instant: the error points at the part at fault', () => {
  it.each([
    [
      "usageDate gt '2018-13-01'",
      19,
      2,
      "There is no month 13 in the date-time '2018-13-01' for field 'usageDate'",
      'a month is 01 to 12',
    ],
    [
      "usageDate gt '2023-02-29'",
      22,
      2,
      "There is no day 29 in February 2023 in the date-time '2023-02-29' for field 'usageDate'",
      'February 2023 has 28 days',
    ],
    [
      "usageDate gt '2024-01-31T24:00Z'",
      25,
      2,
      "There is no hour 24 in the date-time '2024-01-31T24:00Z' for field 'usageDate'",
      'an hour is 00 to 23',
    ],
    [
      "usageDate gt '2024-01-31T10:60'",
      28,
      2,
      "There is no minute 60 in the date-time '2024-01-31T10:60' for field 'usageDate'",
      'a minute is 00 to 59',
    ],
    [
      "usageDate gt '2024-01-31T10:00:61'",
      31,
      2,
      "There is no second 61 in the date-time '2024-01-31T10:00:61' for field 'usageDate'",
      'a second is 00 to 59',
    ],
    [
      "usageDate gt '2024-1-31'",
      19,
      1,
      "Expected the month as 2 digits, found '1' in the date-time '2024-1-31' for field 'usageDate'",
      'a month is 01 to 12',
    ],
    [
      "usageDate gt '2024/01/31'",
      18,
      1,
      "Expected '-' after the year, found '/' in the date-time '2024/01/31' for field 'usageDate'",
      undefined,
    ],
    [
      "usageDate gt '2024-01-31 10:00'",
      24,
      1,
      "Expected 'T' between the date and the time, found ' ' in the date-time '2024-01-31 10:00' for field 'usageDate'",
      undefined,
    ],
    [
      "usageDate gt '2024-01-31T10:00+25:00'",
      31,
      2,
      "There is no offset hour 25 in the date-time '2024-01-31T10:00+25:00' for field 'usageDate'",
      'a time zone offset is -23:59 to +23:59',
    ],
    [
      "usageDate gt cast('2018-02-30', Edm.DateTimeOffset)",
      27,
      2,
      "There is no day 30 in February 2018 in the date-time '2018-02-30' for field 'usageDate'",
      undefined,
    ],
  ])('%s → offset %i, length %i', (text, offset, length, problem, hint) => {
    const error = expectError(() => parseFilter(text, { schema: full }), 'INVALID_LITERAL');
    expect([error.offset, error.length, error.problem]).toEqual([offset, length, problem]);
    if (hint !== undefined) expect(error.hint).toBe(hint);
  });

  it('says the same without a text to point into, and keeps the whole-literal message for a year out of range', () => {
    const node = { kind: 'compare', field: 'usageDate', op: 'gt', value: '2018-13-01' } as const;
    const error = expectError(() => validateFilter(node, { schema: full }), 'INVALID_LITERAL');
    expect(error.message).toBe(
      "There is no month 13 in the date-time '2018-13-01' for field 'usageDate'; a month is 01 to 12",
    );
    const late = expectError(
      () => parseFilter("usageDate gt '9999-12-31T23:00-02:00'", { schema: full }),
      'INVALID_LITERAL',
    );
    expect([late.offset, late.length]).toEqual([13, 24]);
  });
});

describe('per-field operators', () => {
  it('refuse an operator the field does not take, at the operator, naming the ones it takes', () => {
    const error = expectError(() => parseFilter("customerName eq 'Contoso'", { schema: full }), 'OPERATOR_NOT_ALLOWED');
    expect([error.offset, error.length]).toEqual([13, 2]);
    expect(error.message).toBe("Field 'customerName' does not take 'eq' at column 14; it takes contains");
  });

  it("refuse in where the field does not take eq, at the 'in'", () => {
    const error = expectError(
      () => parseFilter("customerName in ('a', 'b')", { schema: full }),
      'OPERATOR_NOT_ALLOWED',
    );
    expect([error.offset, error.length]).toEqual([13, 2]);
    expect(error.message).toBe("Field 'customerName' does not take 'in' at column 14; it takes contains");
    expect(parseFull("region in ('EU')")).toEqual({ kind: 'in', field: 'region', values: ['EU'] });
  });

  it('hold without a text too (a filter built in code or read from JSON)', () => {
    const node = { kind: 'compare', field: 'customerName', op: 'ne', value: 'x' } as const;
    expect(expectError(() => validateFilter(node, { schema: full }), 'OPERATOR_NOT_ALLOWED').message).toBe(
      "Field 'customerName' does not take 'ne'; it takes contains",
    );
  });

  it('leave the license usage language as it was', () => {
    const before = expectError(() => parseFilter("workloadCode eq 'SFB' and", { schema }), 'SYNTAX');
    expect(before.message).toBe("Expected '(' or a field name, found the end of the filter at column 26");
    expect(parseFilter("channel eq 'a' or channel ne 'b'", { schema })).toBeDefined();
  });
});

describe('parseFilterSyntax reads the whole language', () => {
  it('without a schema, every operator, function and cast', () => {
    const text = "a ge 1 and contains(b, 'x') and c lt cast('2024-01-01', Edm.DateTimeOffset)";
    expect(withoutSpans(parseFilterSyntax(text))).toEqual({
      kind: 'and',
      operands: [
        compareOf('a', 'ge', 1),
        { kind: 'match', op: 'contains', field: 'b', value: 'x' },
        compareOf('c', 'lt', '2024-01-01'),
      ],
    });
    const error = expectError(() => parseFilterSyntax('('), 'SYNTAX');
    expect(error.message).toBe(
      "Expected '(', 'not', a function (contains(…), startswith(…) or endswith(…)) or a field name, found the end of the filter at column 2",
    );
  });
});

describe('parseOrderBy', () => {
  const order = (text: string, groupBy?: string[]) =>
    parseOrderBy(text, { schema: full, ...(groupBy !== undefined && { groupBy }) });

  it('reads fields with their direction, asc by default, commas spaced any way', () => {
    expect(order('quantity, usageDate desc ,productName asc')).toEqual([
      { field: 'quantity', direction: 'asc' },
      { field: 'usageDate', direction: 'desc' },
      { field: 'productName', direction: 'asc' },
    ]);
    expect(order(' quantity\tdesc\n')).toEqual([{ field: 'quantity', direction: 'desc' }]);
  });

  it('needs whitespace before the direction, and a direction in lower case', () => {
    const glued = expectError(() => order('quantitydesc'), 'UNKNOWN_FIELD');
    expect(glued.param).toBe('orderby');
    const upper = expectError(() => order('quantity DESC'), 'SYNTAX');
    expect([upper.offset, upper.suggestion, upper.param]).toEqual([9, 'desc', 'orderby']);
    expect(upper.message).toBe(
      "Expected 'asc' or 'desc', ',' or the end of the orderby, found 'DESC' at column 10; keywords are lower case: write 'desc'",
    );
    expectError(() => order('quantity,'), 'SYNTAX');
    expectError(() => order('  '), 'SYNTAX');
  });

  it('ungrouped, takes the orderable fields: not a measure unless marked, not a field marked unorderable', () => {
    expect(order('revenue desc')).toEqual([{ field: 'revenue', direction: 'desc' }]);
    const measure = expectError(() => order('quantity, charge'), 'FIELD_NOT_ORDERABLE');
    expect([measure.offset, measure.length]).toEqual([10, 6]);
    expect(measure.message).toMatch(
      /^Cannot order by field 'charge' at column 11; the fields to order by are customerName, /,
    );
    expectError(() => order('internalNote'), 'FIELD_NOT_ORDERABLE');
  });

  it('grouped, takes the groupby fields and every measure', () => {
    expect(order('charge desc, region, subscriptionCount', ['region'])).toEqual([
      { field: 'charge', direction: 'desc' },
      { field: 'region', direction: 'asc' },
      { field: 'subscriptionCount', direction: 'asc' },
    ]);
    const error = expectError(() => order('quantity', ['region']), 'FIELD_NOT_ORDERABLE');
    expect(error.message).toBe(
      "Cannot order by 'quantity': it is not in the groupby at column 1; a grouped query orders by its groupby fields and the measures: region, charge, subscriptionCount, revenue",
    );
  });

  it('suggests the closest name for an unknown field, and refuses a field twice', () => {
    const unknown = expectError(() => order('usageDate, quantiy desc'), 'UNKNOWN_FIELD');
    expect([unknown.offset, unknown.suggestion]).toEqual([11, 'quantity']);
    const twice = expectError(() => order('quantity, usageDate, quantity desc'), 'DUPLICATE_FIELD');
    expect([twice.offset, twice.length]).toEqual([21, 8]);
  });

  it('needs the orderby extension, a known groupby, text and a schema', () => {
    expectError(() => parseOrderBy('channel', { schema }), 'UNKNOWN_PARAMETER', 'orderby');
    expectError(() => order('quantity', ['nope']), 'UNKNOWN_FIELD');
    expectError(() => parseOrderBy('quantity', { schema: full, groupBy: 'region' as never }), 'INVALID_PARAMETER');
    expectError(() => parseOrderBy(5 as never, { schema: full }), 'INVALID_PARAMETER');
    expectError(() => parseOrderBy('quantity', {} as never), 'INVALID_SCHEMA');
    expectError(
      () => parseOrderBy('quantity, usageDate', { schema: full, limits: { maxLength: 10 } }),
      'LIMIT_EXCEEDED',
    );
  });

  it('reads asc and desc alone as fields of those names', () => {
    const named = defineSchema({
      table: 'named',
      fields: { asc: { type: 'string' }, desc: { type: 'string' } },
      profile: { extensions: ['orderby'] },
    });
    expect(parseOrderBy('asc desc, desc', { schema: named })).toEqual([
      { field: 'asc', direction: 'desc' },
      { field: 'desc', direction: 'asc' },
    ]);
  });
});

describe("the filter tag's placeholders in the new syntax", () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text the tag draws for an interpolation
  const slot = '${…}';
  // Unchecked, as the tag reads it before putting each value in its place: the value is still a placeholder.
  const read = (text: string) =>
    parseFilterAst(text, {
      schema: undefined,
      limits: defaultLimits,
      placeholders: new Map([[text.indexOf(slot), 0]]),
    });

  it('stand for the argument of contains(…) and for the value of an ordering comparison', () => {
    expect(read(`contains(customerName, ${slot})`)).toMatchObject({
      kind: 'match',
      op: 'contains',
      field: 'customerName',
      value: { placeholder: 0, isList: false },
    });
    expect(read(`quantity ge ${slot}`)).toMatchObject(
      compareOf('quantity', 'ge', { placeholder: 0, isList: false } as never),
    );
  });
});
