// printFilter / printGroupBy: canonical text, minimal parentheses, escaping, and rejection of malformed ASTs.

import { describe, expect, it } from 'vitest';
import { andNode, compareNode, type Filter, inNode, notNode, orNode } from '../src/ast.js';
import {
  defineSchema,
  FilterError,
  parseFilter,
  parseGroupBy,
  printFilter,
  printGroupBy,
  toQueryString,
  withoutSpans,
} from '../src/index.js';
import { reservedWords } from '../src/schema.js';
import { expectError } from './expect-error.js';

const schema = defineSchema({
  table: 't',
  fields: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' }, n: { type: 'number' } },
  profile: { extensions: ['not', 'in', 'null', 'number'] },
});
const a = compareNode('a', 'eq', 'x');
const b = compareNode('b', 'ne', 'y');
const c = compareNode('c', 'eq', 'z');

describe('printFilter', () => {
  it.each<[string, Filter, string]>([
    ['a comparison', a, "a eq 'x'"],
    ['an or of ands: no parentheses', orNode([andNode([a, b]), c]), "a eq 'x' and b ne 'y' or c eq 'z'"],
    ['an and of ors: parentheses', andNode([orNode([a, b]), c]), "(a eq 'x' or b ne 'y') and c eq 'z'"],
    ['not of a comparison', notNode(a), "not a eq 'x'"],
    ['not of an and', notNode(andNode([a, b])), "not (a eq 'x' and b ne 'y')"],
    ['not of an or', notNode(orNode([a, b])), "not (a eq 'x' or b ne 'y')"],
    ['not of not', notNode(notNode(a)), "not not a eq 'x'"],
    ['an in-list', inNode('a', ['x', "O'Brien", null]), "a in ('x', 'O''Brien', null)"],
    [
      'numbers as JavaScript writes them',
      andNode([compareNode('n', 'eq', 1e21), compareNode('n', 'ne', -0)]),
      'n eq 1e+21 and n ne -0',
    ],
    ['tiny numbers', compareNode('n', 'eq', 5e-324), 'n eq 5e-324'],
    [
      'booleans and null',
      orNode([compareNode('a', 'eq', true), compareNode('a', 'eq', null)]),
      'a eq true or a eq null',
    ],
    ['quotes doubled', compareNode('a', 'eq', "''"), "a eq ''''''"],
  ])('%s', (_, filter, text) => {
    expect(printFilter(filter)).toBe(text);
  });

  it('prints the canonical form of messy text', () => {
    const filter = parseFilter("((a eq 'x'))or(  b ne 'y'\n and (c eq 'z'))", { schema });
    expect(printFilter(filter)).toBe("a eq 'x' or b ne 'y' and c eq 'z'");
  });

  it('rejects what is not a filter with a FilterError', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'a eq 1',
      {},
      { kind: 'xor', operands: [a, b] },
      { kind: 'and', operands: [] },
      { kind: 'and' },
      { kind: 'compare', field: 'a', op: 'gt', value: 'x' },
      { kind: 'compare', field: 'a b', op: 'eq', value: 'x' },
      { kind: 'compare', field: 'a', op: 'eq', value: {} },
      { kind: 'compare', field: 'a', op: 'eq', value: Number.NaN },
      { kind: 'compare', field: 'a', op: 'eq' },
      { kind: 'in', field: 'a', values: [] },
      { kind: 'not' },
    ];
    for (const value of bad) {
      expect(() => printFilter(value as Filter), JSON.stringify(value)).toThrow(FilterError);
    }
  });

  it('rejects a cyclic or absurdly deep AST without overflowing the stack', () => {
    const cyclic: { kind: 'not'; operand: unknown } = { kind: 'not', operand: undefined };
    cyclic.operand = cyclic;
    expect(() => printFilter(cyclic as Filter)).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
    let deep: Filter = a;
    for (let i = 0; i < 100_000; i++) deep = { kind: 'not', operand: deep };
    expect(() => printFilter(deep)).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  });
});

describe('printGroupBy', () => {
  it('joins names with commas', () => {
    expect(printGroupBy(['workloadCode', 'channel'])).toBe('workloadCode,channel');
  });

  it('rejects an empty list or non-names', () => {
    for (const value of [[], [''], [1], 'a,b', undefined]) {
      expect(() => printGroupBy(value as string[])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
    }
  });
});

/** Names the grammar cannot read back as one field: it would read another field, two, a keyword, or fail. */
const unreadableNames = ['a,b', 'a b', ' a', 'a ', '1a', 'a-b', 'é', 'a.b', "a'", ...reservedWords];

describe('names the grammar cannot read back', () => {
  it('printGroupBy and toQueryString without a schema refuse them, rather than write another groupby', () => {
    for (const name of unreadableNames) {
      for (const fields of [[name], ['channel', name]]) {
        const error = expectError(() => printGroupBy(fields), 'INVALID_PARAMETER', 'groupby');
        // Quoted as the language quotes text: in single quotes, a quote inside doubled.
        expect(error.message).toContain(`'${name.replaceAll("'", "''")}'`);
        expectError(() => toQueryString({ groupBy: fields }), 'INVALID_PARAMETER', 'groupby');
      }
    }
  });

  it('printFilter and toQueryString without a schema refuse them as field names', () => {
    for (const field of unreadableNames) {
      for (const filter of [
        { kind: 'compare', field, op: 'eq', value: 'x' },
        { kind: 'in', field, values: ['x'] },
        {
          kind: 'or',
          operands: [
            { kind: 'compare', field: 'a', op: 'eq', value: 'x' },
            { kind: 'compare', field, op: 'ne', value: 'x' },
          ],
        },
      ] as Filter[]) {
        expectError(() => printFilter(filter), 'INVALID_PARAMETER', 'filter');
        expectError(() => toQueryString({ filter }), 'INVALID_PARAMETER', 'filter');
      }
    }
  });

  it('what they do write reads back as the same names', () => {
    const names = ['_', 'a1', 'A_b', 'eqs', 'android', 'notes', 'inbound', 'nullable', 'trueDate', 'order_', 'ORs'];
    const read = defineSchema({
      table: 't',
      fields: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
    });
    expect(parseGroupBy(printGroupBy(names), { schema: read })).toEqual(names);
    for (const field of names) {
      const filter = compareNode(field, 'eq', 'x');
      expect(withoutSpans(parseFilter(printFilter(filter), { schema: read }))).toEqual(filter);
    }
  });
});
