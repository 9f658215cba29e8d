// parseFilter / parseGroupBy: the Partner Center examples, precedence, keyword boundaries, whitespace, spans, limits.

import { describe, expect, it } from 'vitest';
import { withoutSpans } from '../src/ast.js';
import {
  defineSchema,
  FilterError,
  parseFilter,
  parseFilterSyntax,
  parseGroupBy,
  partnerCenter,
  validateFilter,
} from '../src/index.js';
import { expectError } from './expect-error.js';

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
