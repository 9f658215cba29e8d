// printFilter / printGroupBy: canonical text, minimal parentheses, escaping, and rejection of malformed ASTs.

import { describe, expect, it } from 'vitest';
import { andNode, compareNode, type Filter, inNode, matchNode, notNode, orNode } from '../src/ast.js';
import {
  defineSchema,
  FilterError,
  type OrderItem,
  parseFilter,
  parseGroupBy,
  printFilter,
  printGroupBy,
  printOrderBy,
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
    [
      'the ordering comparisons',
      andNode([
        compareNode('n', 'gt', 1),
        compareNode('n', 'ge', -0),
        compareNode('a', 'lt', 'x'),
        compareNode('a', 'le', ''),
      ]),
      "n gt 1 and n ge -0 and a lt 'x' and a le ''",
    ],
    // The docs' one form of a function call: `contains(field,'value')`, no space after the comma.
    ['contains', matchNode('contains', 'a', "O'Brien"), "contains(a,'O''Brien')"],
    [
      'startswith and endswith',
      orNode([matchNode('startswith', 'a', ''), matchNode('endswith', 'b', ' ')]),
      "startswith(a,'') or endswith(b,' ')",
    ],
    ['not of a match: a primary, no parentheses', notNode(matchNode('contains', 'a', 'x')), "not contains(a,'x')"],
    [
      'a match among ors under an and',
      andNode([orNode([matchNode('contains', 'a', 'x'), b]), matchNode('endswith', 'c', 'z')]),
      "(contains(a,'x') or b ne 'y') and endswith(c,'z')",
    ],
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
      { kind: 'compare', field: 'a', op: 'gte', value: 'x' },
      { kind: 'compare', field: 'a', op: 'contains', value: 'x' },
      { kind: 'match', op: 'eq', field: 'a', value: 'x' },
      { kind: 'match', op: 'contains', field: 'a', value: 1 },
      { kind: 'match', op: 'contains', field: 'a', value: null },
      { kind: 'match', op: 'contains', field: 'a' },
      { kind: 'match', op: 'contains', field: 'not', value: 'x' },
      { kind: 'match', field: 'a', value: 'x' },
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

describe("printFilter with { schema }: datetime literals in the profile's form", () => {
  const fields = {
    day: { type: 'datetime' },
    name: { type: 'string' },
    count: { type: 'number' },
  } as const;
  const castSchema = defineSchema({
    table: 't',
    fields,
    profile: { extensions: ['range', 'cast', 'in', 'null'], dateTimeLiteral: 'cast' },
  });
  const quotedSchema = defineSchema({ table: 't', fields, profile: { extensions: ['range', 'in', 'null'] } });
  const ranged = andNode([compareNode('day', 'ge', '2018-01-01'), compareNode('day', 'lt', '2018-04-01T10:00+02:00')]);

  it("writes a cast profile's datetime comparisons as cast(…), the text as given (not made canonical)", () => {
    expect(printFilter(ranged, { schema: castSchema })).toBe(
      "day ge cast('2018-01-01', Edm.DateTimeOffset) and day lt cast('2018-04-01T10:00+02:00', Edm.DateTimeOffset)",
    );
  });

  it('quotes them by default, under a quoted profile, and for a field the schema does not type as datetime', () => {
    const text = "day ge '2018-01-01' and day lt '2018-04-01T10:00+02:00'";
    expect(printFilter(ranged)).toBe(text);
    expect(printFilter(ranged, {})).toBe(text);
    expect(printFilter(ranged, { schema: quotedSchema })).toBe(text);
    expect(printFilter(compareNode('name', 'gt', '2018-01-01'), { schema: castSchema })).toBe("name gt '2018-01-01'");
    expect(printFilter(compareNode('other', 'gt', '2018-01-01'), { schema: castSchema })).toBe("other gt '2018-01-01'");
  });

  it('leaves null, in lists and other fields alone: cast(…) is a literal of comparisons only', () => {
    const filter = orNode([
      compareNode('day', 'eq', null),
      inNode('day', ['2018-01-01', null]),
      compareNode('count', 'gt', 3),
      matchNode('contains', 'name', '2018'),
    ]);
    expect(printFilter(filter, { schema: castSchema })).toBe(
      "day eq null or day in ('2018-01-01', null) or count gt 3 or contains(name,'2018')",
    );
  });

  it('does not read how the filter was written: valueSyntax and spans change nothing', () => {
    const written = compareNode(
      'day',
      'le',
      '2018-01-01',
      { offset: 0, length: 40 },
      { offset: 7, length: 33 },
      'cast',
    );
    expect(written.valueSyntax).toBe('cast');
    expect(printFilter(written)).toBe("day le '2018-01-01'");
    expect(printFilter(written, { schema: castSchema })).toBe("day le cast('2018-01-01', Edm.DateTimeOffset)");
  });

  it('refuses options that are not an object, and a schema defineSchema did not make', () => {
    for (const options of [null, 'cast', 1]) {
      expectError(() => printFilter(ranged, options as never), 'INVALID_PARAMETER', 'filter');
    }
    expectError(
      () => printFilter(ranged, { schema: { profile: { dateTimeLiteral: 'cast' } } as never }),
      'INVALID_SCHEMA',
    );
  });
});

describe('printOrderBy', () => {
  it('joins the fields with commas, writing desc and leaving asc (the default) out', () => {
    const items: OrderItem[] = [
      { field: 'market', direction: 'asc' },
      { field: 'subscriptionCount', direction: 'desc' },
      { field: 'name', direction: 'asc' },
    ];
    expect(printOrderBy(items)).toBe('market,subscriptionCount desc,name');
    expect(printOrderBy([{ field: 'desc', direction: 'desc' }])).toBe('desc desc');
  });

  it('refuses an empty list, items that are not { field, direction }, and names the grammar cannot read back', () => {
    const bad: unknown[] = [
      [],
      undefined,
      'a desc',
      ['a'],
      [null],
      [{ field: 'a' }],
      [{ field: 'a', direction: 'DESC' }],
      [{ field: 'a', direction: 'descending' }],
      [{ direction: 'asc' }],
      // biome-ignore lint/suspicious/noSparseArray: a hole must fail like a missing item
      [{ field: 'a', direction: 'asc' }, , { field: 'b', direction: 'asc' }],
      ...unreadableNames.map((field) => [{ field, direction: 'asc' }]),
    ];
    for (const items of bad) {
      expectError(() => printOrderBy(items as OrderItem[]), 'INVALID_PARAMETER', 'orderby');
    }
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
