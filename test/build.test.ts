// The builders (eq ne and or not inList), their typed form (builders(schema)) and the `filter` tag.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  and,
  builders,
  contains,
  endswith,
  eq,
  filter,
  filterFor,
  ge,
  gt,
  inList,
  le,
  lt,
  ne,
  not,
  or,
  startswith,
} from '../src/build.js';
import {
  defaultLimits,
  defineSchema,
  type Filter,
  FilterError,
  parseFilter,
  partnerCenter,
  printFilter,
  type Schema,
  withoutSpans,
} from '../src/index.js';
import { errorOf, expectError } from './expect-error.js';
import { loneSurrogateArb, numberArb, oddValueArb, textArb } from './properties/arbitraries.js';

const licenseUsage = partnerCenter.licenseUsage;
const tenant = '0112A436-B14E-4888-967B-CA4BB2CF1234';
// biome-ignore lint/suspicious/noTemplateCurlyInString: how an error's input shows an interpolation
const slot = '${…}';

/** Every field type, every extension: filters of any shape are valid against it. */
const open = defineSchema({
  table: 'open',
  fields: {
    name: { type: 'string' },
    code: { type: 'string', caseInsensitive: true },
    orderId: { type: 'guid' },
    seats: { type: 'number' },
    active: { type: 'boolean' },
    day: { type: 'datetime' },
    total: { type: 'number', aggregate: 'sum' },
  },
  profile: { extensions: ['not', 'in', 'null', 'number', 'boolean'] },
});

const reparse = (filter: Filter, schema: Schema = open): Filter =>
  withoutSpans(parseFilter(printFilter(filter), { schema }));

describe('eq, ne, inList, and, or, not', () => {
  it('build the plain AST objects, without spans', () => {
    expect(eq('workloadCode', 'SFB')).toStrictEqual({ kind: 'compare', field: 'workloadCode', op: 'eq', value: 'SFB' });
    expect(ne('seats', -0)).toStrictEqual({ kind: 'compare', field: 'seats', op: 'ne', value: -0 });
    expect(inList('name', ['a', 1, true, null])).toStrictEqual({
      kind: 'in',
      field: 'name',
      values: ['a', 1, true, null],
    });
    expect(not(eq('a', 'x'))).toStrictEqual({
      kind: 'not',
      operand: { kind: 'compare', field: 'a', op: 'eq', value: 'x' },
    });
    expect(or(eq('a', 'x'), eq('b', 'y'))).toStrictEqual({
      kind: 'or',
      operands: [eq('a', 'x'), eq('b', 'y')],
    });
  });

  it('flatten nested and/or into one n-ary node, and return a lone operand as it is', () => {
    const a = eq('a', 'x');
    const b = eq('b', 'y');
    const c = eq('c', 'z');
    expect(and(a, and(b, c))).toStrictEqual({ kind: 'and', operands: [a, b, c] });
    expect(or(or(a, b), c)).toStrictEqual({ kind: 'or', operands: [a, b, c] });
    expect(and(a, or(b, c))).toStrictEqual({ kind: 'and', operands: [a, { kind: 'or', operands: [b, c] }] });
    expect(and(a)).toBe(a);
    expect(or(b)).toBe(b);
  });

  it('turn a Date into its ISO 8601 text', () => {
    expect(eq('day', new Date(Date.UTC(2024, 0, 31, 10)))).toStrictEqual(eq('day', '2024-01-31T10:00:00.000Z'));
  });

  it('copy the list of values, so changing the array afterwards does not change the filter', () => {
    const values = ['a', 'b'];
    const node = inList('name', values);
    values.push('c');
    expect(node.values).toEqual(['a', 'b']);
  });

  it('print as the text a person would write', () => {
    expect(printFilter(or(eq('workloadCode', 'SFB'), eq('channel', 'Reseller')))).toBe(
      "workloadCode eq 'SFB' or channel eq 'Reseller'",
    );
    expect(printFilter(and(eq('workloadCode', 'SFB'), or(eq('channel', 'Reseller'), ne('channel', 'Direct'))))).toBe(
      "workloadCode eq 'SFB' and (channel eq 'Reseller' or channel ne 'Direct')",
    );
    expect(printFilter(or(and(eq('a', 'x'), eq('b', 'y')), eq('c', 'z')))).toBe("a eq 'x' and b eq 'y' or c eq 'z'");
    expect(printFilter(not(and(eq('a', 'x'), eq('b', 'y'))))).toBe("not (a eq 'x' and b eq 'y')");
    expect(printFilter(not(eq('a', 'x')))).toBe("not a eq 'x'");
    expect(printFilter(inList('workloadCode', ['SFB', 'EXO']))).toBe("workloadCode in ('SFB', 'EXO')");
    expect(printFilter(and(eq('seats', 5), eq('active', true), ne('name', null)))).toBe(
      'seats eq 5 and active eq true and name ne null',
    );
    expect(printFilter(eq('customerName', "O'Brien"))).toBe("customerName eq 'O''Brien'");
  });

  it('print text that parses back to the same filter', () => {
    const built = and(
      or(eq('name', "O'Brien"), inList('code', ['SFB', '%', '&'])),
      not(or(eq('seats', 1e21), eq('active', false))),
      ne('orderId', tenant),
      eq('day', '2024-01-31'),
      eq('name', null),
    );
    expect(reparse(built)).toStrictEqual(built);
  });

  it('reject a value that is not a literal with INVALID_LITERAL', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, undefined, {}, [], 10n]) {
      const error = expectError(() => eq('seats', value as never), 'INVALID_LITERAL');
      expect(error.message).toMatch(/^The value of eq\('seats', …\) is /);
      expect(error.param).toBe('filter');
    }
    expect(errorOf(() => ne('a', undefined as never)).message).toContain('write null for no value');
    expectError(() => eq('day', new Date(Number.NaN)), 'INVALID_LITERAL');
    expectError(() => inList('a', ['x', Number.NaN]), 'INVALID_LITERAL');
    // A hole of a sparse array is a missing value, not one to skip.
    const sparse: string[] = [];
    sparse[1] = 'x';
    expectError(() => inList('a', sparse), 'INVALID_LITERAL');
  });

  it('reject text with an unpaired surrogate, and keep a well-formed pair', () => {
    for (const text of ['\ud800', 'a\udc00b', '\ude00\ud83d']) {
      expect(expectError(() => eq('a', text), 'INVALID_LITERAL').message).toContain('unpaired UTF-16 surrogate');
      expectError(() => inList('a', ['ok', text]), 'INVALID_LITERAL');
    }
    expect(eq('a', '😀').value).toBe('😀');
  });

  it('reject an empty in list with INVALID_LITERAL, and a list that is not an array with INVALID_PARAMETER', () => {
    expect(expectError(() => inList('a', []), 'INVALID_LITERAL').message).toContain('needs at least one');
    expectError(() => inList('a', 'x' as never), 'INVALID_PARAMETER');
  });

  it('reject and() and or() without operands with INVALID_LITERAL', () => {
    expectError(() => and(), 'INVALID_LITERAL');
    expectError(() => or(), 'INVALID_LITERAL');
  });

  it('reject a field that is not a name, or is a keyword, with INVALID_PARAMETER', () => {
    for (const field of ['', '1a', 'a b', 'région', "a eq 'x' or b", 'a-b']) {
      expectError(() => eq(field, 'x'), 'INVALID_PARAMETER');
      expectError(() => inList(field, ['x']), 'INVALID_PARAMETER');
    }
    for (const keyword of ['eq', 'ne', 'and', 'or', 'not', 'in', 'null', 'true', 'false']) {
      expect(expectError(() => ne(keyword, 'x'), 'INVALID_PARAMETER').message).toContain('word of the filter language');
    }
    expectError(() => eq(5 as never, 'x'), 'INVALID_PARAMETER');
    expect(eq('_x1', 'y').field).toBe('_x1');
  });

  it('reject an operand that is not a filter with INVALID_PARAMETER', () => {
    expect(expectError(() => and(eq('a', 'x'), 5 as never), 'INVALID_PARAMETER').message).toContain('argument 2 is 5');
    expectError(() => or({ kind: 'and', operands: 5 } as never), 'INVALID_PARAMETER');
    expectError(() => not(undefined as never), 'INVALID_PARAMETER');
    expectError(() => not({ kind: 'compare', field: 'a', op: 'gte', value: 1 } as never), 'INVALID_PARAMETER');
    expectError(() => not({ kind: 'match', field: 'a', op: 'like', value: 'x' } as never), 'INVALID_PARAMETER');
    expectError(() => not({ kind: 'match', field: 'a', op: 'contains', value: 1 } as never), 'INVALID_LITERAL');
    expectError(() => and({ kind: 'compare', field: 'a', op: 'eq', value: Number.NaN } as never), 'INVALID_LITERAL');
    // A hand-made filter of the right shape is welcome.
    expect(and({ kind: 'compare', field: 'a', op: 'eq', value: 'x' }, eq('b', 'y')).kind).toBe('and');
  });

  it('throw nothing but a FilterError, whatever they are given', () => {
    const noise = fc.oneof(oddValueArb, fc.constantFrom('a', 'and', ''));
    fc.assert(
      fc.property(noise, noise, (first, second) => {
        for (const build of [
          () => eq(first as never, second as never),
          () => ne('a', first as never),
          () => inList(first as never, second as never),
          () => inList('a', first as never),
          () => and(first as never, second as never),
          () => or(eq('a', 'x'), first as never),
          () => not(first as never),
          () => gt(first as never, second as never),
          () => le('a', first as never),
          () => contains(first as never, second as never),
          () => endswith('a', first as never),
        ]) {
          try {
            build();
          } catch (error) {
            expect(error).toBeInstanceOf(FilterError);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('gt, ge, lt, le, contains, startswith, endswith', () => {
  it('build the plain AST objects: a compare node, or a match node for the substring tests', () => {
    expect(gt('seats', 5)).toStrictEqual({ kind: 'compare', field: 'seats', op: 'gt', value: 5 });
    expect(ge('name', '')).toStrictEqual({ kind: 'compare', field: 'name', op: 'ge', value: '' });
    expect(lt('seats', -0)).toStrictEqual({ kind: 'compare', field: 'seats', op: 'lt', value: -0 });
    expect(le('day', new Date(Date.UTC(2018, 0, 1)))).toStrictEqual({
      kind: 'compare',
      field: 'day',
      op: 'le',
      value: '2018-01-01T00:00:00.000Z',
    });
    expect(contains('name', "O'Brien")).toStrictEqual({
      kind: 'match',
      op: 'contains',
      field: 'name',
      value: "O'Brien",
    });
    expect(startswith('name', '')).toStrictEqual({ kind: 'match', op: 'startswith', field: 'name', value: '' });
    expect(endswith('code', '%_')).toStrictEqual({ kind: 'match', op: 'endswith', field: 'code', value: '%_' });
  });

  it('combine with and, or and not, and print as the docs write them', () => {
    const built = and(
      or(contains('customerName', "O'Brien"), startswith('productName', 'Office')),
      not(endswith('friendlyName', 'test')),
      gt('licenseCount', 5),
      le('creationDate', '2018-01-01'),
    );
    expect(printFilter(built)).toBe(
      "(contains(customerName,'O''Brien') or startswith(productName,'Office')) and not endswith(friendlyName,'test') and licenseCount gt 5 and creationDate le '2018-01-01'",
    );
  });

  it('refuse null in an ordering comparison: no order places a value against null', () => {
    for (const build of [gt, ge, lt, le]) {
      const error = expectError(() => build('seats', null as never), 'INVALID_LITERAL');
      expect(error.message).toContain('null');
      expect(error.param).toBe('filter');
    }
    expectError(() => gt('seats', Number.NaN), 'INVALID_LITERAL');
    expectError(() => lt('day', new Date(Number.NaN)), 'INVALID_LITERAL');
  });

  it('take only a string as the argument of a substring test, as the language writes only a quoted string there', () => {
    for (const value of [5, true, null, undefined, new Date(0), ['x'], {}]) {
      const error = expectError(() => contains('name', value as never), 'INVALID_LITERAL');
      expect(error.message).toMatch(/^The value of contains\('name', …\) /);
    }
    for (const text of ['\ud800', 'a\udc00b']) {
      expect(expectError(() => startswith('name', text), 'INVALID_LITERAL').message).toContain('unpaired');
    }
  });

  it('reject a field that is not a name, or is a keyword, with INVALID_PARAMETER', () => {
    for (const field of ['', 'a b', 'gt', 'eq', 5]) {
      expectError(() => gt(field as never, 1), 'INVALID_PARAMETER', 'filter');
      expectError(() => contains(field as never, 'x'), 'INVALID_PARAMETER', 'filter');
    }
    // Not words of the language: the grammar tells a call from a field by the parenthesis after it.
    expect(eq('contains', 'x').field).toBe('contains');
  });
});

describe('builders(schema)', () => {
  const pc = builders(licenseUsage);
  const f = builders(open);
  // As a JavaScript caller sees them: any field name, any value; the checks at run time are all there is.
  const pcUnchecked = builders(licenseUsage as Schema);
  const fUnchecked = builders(open as Schema);

  it('build the same AST as the untyped builders', () => {
    expect(pc.eq('workloadCode', 'SFB')).toStrictEqual(eq('workloadCode', 'SFB'));
    expect(pc.or(pc.eq('workloadCode', 'SFB'), pc.ne('channel', 'Reseller'))).toStrictEqual(
      or(eq('workloadCode', 'SFB'), ne('channel', 'Reseller')),
    );
    expect(f.not(f.inList('seats', [1, 2]))).toStrictEqual(not(inList('seats', [1, 2])));
    expect(f.eq('day', new Date(Date.UTC(2024, 0, 31)))).toStrictEqual(eq('day', '2024-01-31T00:00:00.000Z'));
    expect(f.eq('name', null)).toStrictEqual(eq('name', null));
  });

  it('check at once, as parseFilter would: a field not in the schema is UNKNOWN_FIELD with a suggestion', () => {
    const error = expectError(() => pcUnchecked.eq('workloadcode', 'SFB'), 'UNKNOWN_FIELD');
    expect(error.suggestion).toBe('workloadCode');
    expect(error.message).toBe("Unknown field 'workloadcode'; did you mean 'workloadCode'?");
    expect(expectError(() => pcUnchecked.inList('chanel', ['x']), 'UNKNOWN_FIELD').suggestion).toBe('channel');
    expectError(() => pcUnchecked.eq('zzz', 'x'), 'UNKNOWN_FIELD');
    // Own fields only: nothing from Object.prototype.
    expectError(() => pcUnchecked.eq('constructor', 'x'), 'UNKNOWN_FIELD');
  });

  it('reject a measure or a field that is not filterable', () => {
    expectError(() => pcUnchecked.eq('licensesActive', 'x'), 'FIELD_NOT_FILTERABLE');
    expectError(() => pcUnchecked.eq('processedDateTime', '2024-01-31'), 'FIELD_NOT_FILTERABLE');
    expectError(() => fUnchecked.inList('total', [1]), 'FIELD_NOT_FILTERABLE');
  });

  it("reject a value that does not fit the field's type", () => {
    expectError(() => pc.eq('customerTenantId', 'not-a-guid'), 'INVALID_LITERAL');
    expect(pc.eq('customerTenantId', tenant.toLowerCase()).kind).toBe('compare');
    expectError(() => fUnchecked.eq('seats', '5'), 'INVALID_LITERAL');
    expectError(() => fUnchecked.eq('name', 5), 'INVALID_LITERAL');
    expectError(() => fUnchecked.eq('active', 'true'), 'INVALID_LITERAL');
    expectError(() => f.eq('day', '2024-02-30'), 'INVALID_LITERAL');
    expectError(() => fUnchecked.inList('seats', [1, 'x']), 'INVALID_LITERAL');
    expectError(() => f.eq('seats', Number.NaN), 'INVALID_LITERAL');
  });

  it("reject what the schema's profile leaves off (Partner Center: no not, in, null, numbers, booleans)", () => {
    const sfb = pc.eq('workloadCode', 'SFB');
    expectError(() => pc.not(sfb), 'OPERATOR_NOT_ALLOWED');
    expectError(() => pc.inList('workloadCode', ['SFB', 'EXO']), 'OPERATOR_NOT_ALLOWED');
    expectError(() => pc.eq('workloadCode', null), 'OPERATOR_NOT_ALLOWED');
  });

  it('check operands of and/or/not that they did not build themselves', () => {
    expect(
      expectError(() => pcUnchecked.and(pc.eq('channel', 'x'), eq('workloadcode', 'y')), 'UNKNOWN_FIELD').suggestion,
    ).toBe('workloadCode');
    expectError(() => pcUnchecked.or(eq('customerTenantId', 'abc'), pc.eq('channel', 'x')), 'INVALID_LITERAL');
    expectError(() => pcUnchecked.and(pc.eq('channel', 'x'), not(eq('channel', 'y'))), 'OPERATOR_NOT_ALLOWED');
    expectError(() => fUnchecked.not(eq('nope', 'x')), 'UNKNOWN_FIELD');
    expectError(() => pcUnchecked.and(7 as never), 'INVALID_PARAMETER');
    expectError(() => pc.and(), 'INVALID_LITERAL');
    // A filter parsed against the schema, or built untyped but valid, is accepted.
    const parsed = parseFilter("channel eq 'Reseller'", { schema: licenseUsage });
    expect(pc.or(parsed, eq('workloadCode', 'SFB')).kind).toBe('or');
  });

  it('leave limits to whoever consumes the filter', () => {
    const many = Array.from({ length: 600 }, (_, index) => index);
    expect(f.inList('seats', many).kind).toBe('in');
    expectError(() => parseFilter(printFilter(f.inList('seats', many)), { schema: open }), 'LIMIT_EXCEEDED');
  });

  it('need a schema made by defineSchema', () => {
    expectError(() => builders({} as never), 'INVALID_SCHEMA');
    expectError(() => filterFor(undefined as never), 'INVALID_SCHEMA');
  });

  it('build filters whose printed text parses back to the same filter', () => {
    const built = pc.or(
      pc.and(pc.eq('workloadCode', 'SFB'), pc.ne('customerTenantId', tenant)),
      pc.eq('customerName', "O'Brien & Sons 100%"),
    );
    expect(reparse(built, licenseUsage)).toStrictEqual(built);
  });
});

describe('the filter tag', () => {
  const pcFilter = filterFor(licenseUsage);

  it('turns each interpolation into a literal', () => {
    const code = 'SFB';
    const channel = 'Reseller';
    expect(filter`workloadCode eq ${code} and channel ne ${channel}`).toStrictEqual(
      and(eq('workloadCode', 'SFB'), ne('channel', 'Reseller')),
    );
    expect(filter`seats eq ${-1.5} or active eq ${true} or name eq ${null}`).toStrictEqual(
      or(eq('seats', -1.5), eq('active', true), eq('name', null)),
    );
    expect(filter`name in ${['a', 'b']} and seats in ${[1]}`).toStrictEqual(
      and(inList('name', ['a', 'b']), inList('seats', [1])),
    );
    expect(filter`name in (${'a'}, 'b', ${'c'})`).toStrictEqual(inList('name', ['a', 'b', 'c']));
    expect(filter`day eq ${new Date(Date.UTC(2024, 0, 31))}`).toStrictEqual(eq('day', '2024-01-31T00:00:00.000Z'));
    expect(filter`not (a eq 'x')`).toStrictEqual(not(eq('a', 'x')));
    expect(filter`seats eq ${1e21}`).toStrictEqual(eq('seats', 1e21));
    expect(Object.is((filter`seats eq ${-0}` as { value: unknown }).value, -0)).toBe(true);
  });

  it('returns filters without spans, which print as a person would write them', () => {
    const built = filter`(workloadCode eq ${'SFB'})  or (channel eq 'Reseller')`;
    expect(built).toStrictEqual(withoutSpans(built));
    expect(printFilter(built)).toBe("workloadCode eq 'SFB' or channel eq 'Reseller'");
  });

  it.each([
    ["O'Brien", "name eq 'O''Brien'"],
    ['100%', "name eq '100%'"],
    ['%27', "name eq '%27'"],
    ['a & b', "name eq 'a & b'"],
    ['😀 👩‍👩‍👧', "name eq '😀 👩‍👩‍👧'"],
    ["' OR '1'='1", "name eq ''' OR ''1''=''1'"],
    ["x' or name ne 'y", "name eq 'x'' or name ne ''y'"],
    ["'", "name eq ''''"],
    ['', "name eq ''"],
  ])('escapes %j as one string literal', (value, text) => {
    const built = filter`name eq ${value}`;
    expect(built).toStrictEqual(eq('name', value));
    expect(printFilter(built)).toBe(text);
  });

  it('filterFor(schema) validates against the schema', () => {
    expect(pcFilter`workloadCode eq ${'SFB'} or customerTenantId eq ${tenant}`).toStrictEqual(
      or(eq('workloadCode', 'SFB'), eq('customerTenantId', tenant)),
    );
    expectError(() => pcFilter`workloadCode eq ${5}`, 'INVALID_LITERAL');
    expectError(() => pcFilter`workloadCode in ${['a', 'b']}`, 'OPERATOR_NOT_ALLOWED');
    expectError(() => pcFilter`licensesActive eq ${'1'}`, 'FIELD_NOT_FILTERABLE');
  });

  describe('an interpolation where a field name, operator or keyword stands', () => {
    it.each([
      ['a field name', () => filter`${'name'} eq 'x'`, 1],
      ['an operator', () => filter`name ${'eq'} 'x'`, 6],
      ['a keyword between comparisons', () => filter`a eq 'x' ${'or'} b eq 'y'`, 10],
      ['a not', () => filter`${'not'} a eq 'x'`, 1],
      ['a value glued to a field name', () => filter`f${1} eq 'x'`, 2],
      ['a value glued after a field name', () => filter`${true}x eq 'y'`, 1],
      ['a value inside quotes', () => filter`name eq '${''}'`, 10],
      ['a value after text in quotes', () => filter`name eq 'x${'y'}'`, 11],
      ['a value after digits', () => filter`seats eq 1${2}`, 11],
      ['a value after a minus sign', () => filter`seats eq -${2}`, 11],
      ['an array as a group', () => filter`${['a', 'b']} or a eq 'x'`, 1],
      ['an array inside an in list', () => filter`a in (${['a', 'b']})`, 7],
      ['a value as the whole filter', () => filter`${"a eq 'x'"}`, 1],
    ])('fails for %s, pointing at its placeholder', (_, run, column) => {
      const error = expectError(run, 'SYNTAX');
      expect(error.column).toBe(column);
      expect(error.length).toBe(4);
      expect(error.message).toMatch(/^Interpolation \d is not a value here at column \d+; /);
      expect(error.input).toContain(slot);
    });

    it('fails the same under filterFor', () => {
      expectError(() => pcFilter`${'channel'} eq 'x'`, 'SYNTAX');
      expectError(() => pcFilter`channel eq 'x${'y'}'`, 'SYNTAX');
    });
  });

  it('points errors at the template text as written, each interpolation shown as a placeholder', () => {
    const unknown = expectError(
      () => pcFilter`workloadCode eq ${'a long value'} and workloadcode eq ${'x'}`,
      'UNKNOWN_FIELD',
    );
    expect(unknown.input).toBe(`workloadCode eq ${slot} and workloadcode eq ${slot}`);
    expect(unknown.column).toBe(26);
    expect(unknown.length).toBe('workloadcode'.length);
    expect(unknown.message).toBe("Unknown field 'workloadcode' at column 26; did you mean 'workloadCode'?");
    expect(unknown.format()).toBe(
      [
        "UNKNOWN_FIELD: Unknown field 'workloadcode' at column 26; did you mean 'workloadCode'?",
        `  workloadCode eq ${slot} and workloadcode eq ${slot}`,
        '                           ^^^^^^^^^^^^',
      ].join('\n'),
    );

    const literal = expectError(() => pcFilter`channel eq ${'x'} or customerTenantId eq ${'abc'}`, 'INVALID_LITERAL');
    expect(literal.input).toBe(`channel eq ${slot} or customerTenantId eq ${slot}`);
    expect(literal.column).toBe(40);
    expect(literal.length).toBe(4);
    expect(literal.message).toMatch(/^Expected a GUID for field 'customerTenantId', found 'abc' at column 40; /);

    const syntax = expectError(() => filter`a eq ${'0123456789'} nd b eq ${'y'}`, 'SYNTAX');
    expect(syntax.input).toBe(`a eq ${slot} nd b eq ${slot}`);
    expect(syntax.column).toBe(11);
    expect(syntax.found).toBe('nd');
    expect(syntax.message).toBe("Expected 'and', 'or' or the end of the filter, found 'nd' at column 11");

    const multiline = expectError(() => filter`a eq ${'x'}\n  and b EQ 'y'`, 'SYNTAX');
    expect([multiline.line, multiline.column]).toEqual([2, 9]);
    expect(multiline.message).toContain('at line 2, column 9');
    expect(multiline.suggestion).toBe('eq');
  });

  it('finds the position even when a value holds the words of one', () => {
    // In the spliced text the fault is at column 45; in the template, at column 41.
    const value = 'zz at column 45; zz';
    const error = expectError(
      () => pcFilter`channel eq ${'abcdef'} and customerTenantId eq ${value}`,
      'INVALID_LITERAL',
    );
    expect(error.column).toBe(41);
    expect(error.message).toBe(
      `Expected a GUID for field 'customerTenantId', found '${value}' at column 41; write one in quotes, such as '${tenant}'`,
    );
  });

  it('rejects a value that is not a literal with INVALID_LITERAL at its placeholder', () => {
    const cases: [unknown, string][] = [
      [undefined, 'Interpolation 2 is undefined'],
      [Number.NaN, 'Interpolation 2 is NaN'],
      [Number.POSITIVE_INFINITY, 'Interpolation 2 is Infinity'],
      [{}, 'Interpolation 2 is a value of type object'],
      [[], 'Interpolation 2 is an empty array'],
      [['a', ['b']], 'Interpolation 2 holds an array in an array'],
      [['a', undefined], 'Element 2 of interpolation 2 is undefined'],
      ['\udfff', 'Interpolation 2 holds an unpaired UTF-16 surrogate'],
      [new Date(Number.NaN), 'Interpolation 2 is an invalid Date'],
    ];
    for (const [value, problem] of cases) {
      const error = expectError(() => filter`a eq ${'x'} or b eq ${value as never}`, 'INVALID_LITERAL');
      const heading = `${problem} at column 19; `;
      expect(error.message.slice(0, heading.length)).toBe(heading);
      expect(error.input).toBe(`a eq ${slot} or b eq ${slot}`);
      expect(error.length).toBe(4);
    }
  });

  it('takes any value for any field in the untyped tag, as the untyped builders do', () => {
    expect(filter`a eq ${1} or a eq null or a in (2, ${3})`).toStrictEqual(
      or(eq('a', 1), eq('a', null), inList('a', [2, 3])),
    );
    // These failed with advice an interpolation cannot follow ("write '1'"), while or(eq(…), eq(…)) took them.
    expect(filter`a eq 'x' or a eq ${1}`).toStrictEqual(or(eq('a', 'x'), eq('a', 1)));
    expect(filter`a eq 1 or a eq ${'x'}`).toStrictEqual(or(eq('a', 1), eq('a', 'x')));
    expect(filter`a in ('x', ${1}, ${true})`).toStrictEqual(inList('a', ['x', 1, true]));
  });

  it('parses the template once: a template naming many fields holds nothing back', () => {
    const names = Array.from({ length: 450 }, (_, index) => `field_number_${index}`);
    const strings = Object.assign([`${names.join(" eq 'x' or ")} eq `, ''], { raw: [] });
    const built = filter(strings as unknown as TemplateStringsArray, 'x');
    expect(built).toStrictEqual(or(...names.map((name) => eq(name, 'x'))));
  });

  it('measures maxLength on the filter written out, and points at where it crosses the limit', () => {
    const long = 'x'.repeat(defaultLimits.maxLength);
    const inValue = expectError(() => filter`a eq 'y' or a eq ${long}`, 'LIMIT_EXCEEDED');
    expect([inValue.column, inValue.length]).toEqual([18, 4]);
    expect(expectError(() => filter`a eq ${long}`, 'LIMIT_EXCEEDED').column).toBe(6);
    // Written out, `a eq '…'` is 3 short of the limit: the text after the value crosses it, 3 characters in.
    const inText = expectError(() => filter`a eq ${long.slice(10)} or b eq 'y'`, 'LIMIT_EXCEEDED');
    expect(inText.column).toBe(13);
    // Exactly at the limit is accepted.
    const fits = 'x'.repeat(defaultLimits.maxLength - "a eq ''".length);
    expect(filter`a eq ${fits}`).toStrictEqual(eq('a', fits));
  });

  it('allows any field name and every extension in the untyped tag, and keeps the default limits', () => {
    expect(filter`__proto__ eq ${'x'} and constructor ne ${1}`).toStrictEqual(
      and(eq('__proto__', 'x'), ne('constructor', 1)),
    );
    expectError(() => filter`a in ${Array.from({ length: 501 }, (_, index) => index)}`, 'LIMIT_EXCEEDED');
    expectError(() => filter`a eq ${'x'.repeat(40_000)}`, 'LIMIT_EXCEEDED');
    expectError(() => filter`${'('.repeat(100)}`, 'SYNTAX');
    expectError(() => filter`${''}`, 'SYNTAX');
    expect(expectError(() => filter`   `, 'SYNTAX').message).toContain('empty');
  });

  it('must be used as a tag', () => {
    expectError(() => (filter as (text: unknown) => unknown)("a eq 'x'"), 'INVALID_PARAMETER');
    expectError(() => (filter as (...args: unknown[]) => unknown)(['a eq ', ''], 1, 2), 'INVALID_PARAMETER');
    expectError(() => (filter as (...args: unknown[]) => unknown)(['a eq ', undefined], 1), 'INVALID_PARAMETER');
  });

  it('gives any string the same filter as eq, or fails as eq does', () => {
    const anyText = fc.oneof(
      textArb,
      fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), loneSurrogateArb) }),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        let expected: Filter;
        try {
          expected = eq('name', text);
        } catch (error) {
          expect(error).toBeInstanceOf(FilterError);
          expect(errorOf(() => filter`name eq ${text}`).code).toBe((error as FilterError).code);
          return;
        }
        expect(withoutSpans(filter`name eq ${text}`)).toStrictEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives any list of values the same filter as inList', () => {
    const list = fc.oneof(
      fc.array(fc.oneof(textArb, fc.constant(null)), { minLength: 1, maxLength: 6 }),
      fc.array(fc.oneof(numberArb, fc.constant(null)), { minLength: 1, maxLength: 6 }),
      fc.array(fc.oneof(fc.boolean(), fc.constant(null)), { minLength: 1, maxLength: 6 }),
    );
    fc.assert(
      fc.property(list, (values) => {
        expect(filter`notes in ${values} or notes eq ${values[0]!}`).toStrictEqual(
          or(inList('notes', values), eq('notes', values[0]!)),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('built filters and text', () => {
  // Any filter the builders can make from the open schema's fields, its values fitting each field.
  const comparisonArb: fc.Arbitrary<Filter> = fc.oneof(
    fc
      .tuple(fc.constantFrom(eq, ne), fc.constantFrom('name', 'code'), fc.oneof(textArb, fc.constant(null)))
      .map(([build, field, value]) => build(field, value)),
    fc.tuple(fc.constantFrom(eq, ne), numberArb).map(([build, value]) => build('seats', value)),
    fc.tuple(fc.constantFrom(eq, ne), fc.boolean()).map(([build, value]) => build('active', value)),
    fc.array(textArb, { minLength: 1, maxLength: 4 }).map((values) => inList('name', values)),
    fc.array(numberArb, { minLength: 1, maxLength: 4 }).map((values) => inList('seats', values)),
  );
  const builtArb = fc.letrec<{ node: Filter }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth: 5 },
      comparisonArb,
      fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((operands) => and(...operands)),
      fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((operands) => or(...operands)),
      tie('node').map((operand) => not(operand)),
    ),
  })).node;

  it('parseFilter(printFilter(x)) gives back any built filter', () => {
    fc.assert(
      fc.property(builtArb, (built) => {
        expect(reparse(built)).toStrictEqual(built);
      }),
      { numRuns: 500 },
    );
  });

  it('the tag reads the printed text of any built filter back to the same filter', () => {
    fc.assert(
      fc.property(builtArb, (built) => {
        const text = printFilter(built);
        expect(filter([text] as unknown as TemplateStringsArray)).toStrictEqual(built);
        expect(filterFor(open)([text] as unknown as TemplateStringsArray)).toStrictEqual(built);
      }),
      { numRuns: 300 },
    );
  });

  it('the typed builders accept every built filter whose fields and values fit their schema', () => {
    const typed = builders(open as Schema);
    fc.assert(
      fc.property(builtArb, (built) => {
        expect(typed.and(built)).toBe(built);
      }),
      { numRuns: 200 },
    );
  });
});
