// toPredicate: the meaning of SPEC §3 on hand-picked rows, in both modes, and its refusals.

import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CompareOperator,
  type Filter,
  type MatchOperator,
  matchOperators,
  rangeOperators,
  type Value,
} from '../src/ast.js';
import { forgetCodeGenerationRefusal } from '../src/codegen.js';
import { defineSchema, FilterError, parseFilter, partnerCenter, runQuery } from '../src/index.js';
import { ownProperty } from '../src/own.js';
import { type PredicateMode, predicateOf, toPredicate } from '../src/predicate.js';
import type { Field } from '../src/schema.js';
import { rangeKey, rangeTestOf, readField, textKey, textTestOf } from '../src/values.js';

const schema = defineSchema({
  table: 'rows',
  fields: {
    name: { type: 'string' },
    label: { type: 'string', caseInsensitive: true },
    id: { type: 'guid' },
    count: { type: 'number' },
    active: { type: 'boolean' },
    processedDateTime: { type: 'datetime' },
    constructor: { type: 'string' },
    licenses: { type: 'number', aggregate: 'sum' },
  },
  profile: { extensions: ['not', 'in', 'null', 'number', 'boolean'] },
});

const rows: Record<string, unknown>[] = [
  { name: 'a', label: 'Reseller', id: '0112A436-B14E-4888-967B-CA4BB2CF1234', count: 1, active: true },
  { name: 'A', label: 'reseller', id: '0112a436-b14e-4888-967b-ca4bb2cf1234', count: -0, active: false },
  { name: 'a ', label: 'RÉSELLER', count: '1', active: 'true' },
  { name: null, label: 'résellér' },
  {},
  { name: "O'Brien", label: 'ΣΙΓΜΑ', count: Number.NaN, processedDateTime: '2024-01-31T02:00:00+02:00' },
  { name: '😀', label: 'K', processedDateTime: '2024-01-31' },
  { label: '\u212A' },
];

const modes: PredicateMode[] = ['compiled', 'closure', 'auto'];

/** The indexes of the rows that match, in every mode; the modes must agree. */
function matching(text: string, on = rows): number[] {
  const filter = parseFilter(text, { schema });
  const results = modes.map((mode) => {
    const matches = toPredicate(filter, { schema, mode });
    return on.flatMap((row, index) => (matches(row) ? [index] : []));
  });
  expect(results[1]).toEqual(results[0]);
  expect(results[2]).toEqual(results[0]);
  return results[0]!;
}

describe('toPredicate', () => {
  it('eq on a case-sensitive string is exact: case and trailing spaces count', () => {
    expect(matching("name eq 'a'")).toEqual([0]);
    expect(matching("name eq 'a '")).toEqual([2]);
    expect(matching("name eq 'O''Brien'")).toEqual([5]);
    expect(matching("name eq '😀'")).toEqual([6]);
  });

  it('ne is exactly not eq: missing and null rows satisfy it', () => {
    expect(matching("name ne 'a'")).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(matching("not name eq 'a'")).toEqual(matching("name ne 'a'"));
  });

  it('a case-insensitive field folds ASCII letters only', () => {
    expect(matching("label eq 'RESELLER'")).toEqual([0, 1]);
    expect(matching("label eq 'résellér'")).toEqual([3]);
    expect(matching("label eq 'Résellér'")).toEqual([3]);
    expect(matching("label eq 'σιγμα'")).toEqual([]);
    // The Kelvin sign is not K: Unicode folding would say it is.
    expect(matching("label eq 'k'")).toEqual([6]);
  });

  it('GUIDs always compare ignoring case', () => {
    expect(matching("id eq '0112A436-B14E-4888-967B-CA4BB2CF1234'")).toEqual([0, 1]);
    expect(matching("id ne '0112a436-b14e-4888-967b-ca4bb2cf1234'")).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('a value of the wrong type never matches and never throws', () => {
    expect(matching('count eq 1')).toEqual([0]);
    expect(matching('active eq true')).toEqual([0]);
    expect(matching('count eq null')).toEqual([2, 3, 4, 5, 6, 7]);
    expect(matching('count eq 0')).toEqual([1]);
  });

  it('null tests, in lists and datetimes', () => {
    expect(matching('name eq null')).toEqual([3, 4, 7]);
    expect(matching('name ne null')).toEqual([0, 1, 2, 5, 6]);
    expect(matching("name in ('a', 'A', null)")).toEqual([0, 1, 3, 4, 7]);
    expect(matching("not name in ('a', 'A', null)")).toEqual([2, 5, 6]);
    expect(matching("label in ('reseller', 'k')")).toEqual([0, 1, 6]);
    // A null in the list takes the slower path, which must fold too.
    expect(matching("label in ('reseller', null)")).toEqual([0, 1, 4]);
    expect(matching("id in ('0112a436-b14e-4888-967b-ca4bb2cf1234', null)")).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(matching("processedDateTime eq '2024-01-31T00:00:00Z'")).toEqual([5, 6]);
  });

  it('and binds tighter than or; ors of one field merge without changing the answer', () => {
    expect(matching("name eq 'a' or name eq 'A' and label eq 'x'")).toEqual([0]);
    expect(matching("(name eq 'a' or name eq 'A') and label eq 'RESELLER'")).toEqual([0, 1]);
    expect(matching("name ne 'a' and name ne 'A' and name ne null")).toEqual([2, 5, 6]);
    expect(matching("not (name eq 'a' or label eq 'k')")).toEqual([1, 2, 3, 4, 5, 7]);
  });

  it('reads only own properties: a field named constructor, a polluted prototype', () => {
    expect(matching("constructor eq 'x'")).toEqual([]);
    expect(matching("constructor ne 'x'")).toHaveLength(rows.length);
    const inherited = Object.create({ name: 'a' }) as Record<string, unknown>;
    expect(matching("name eq 'a'", [inherited])).toEqual([]);
  });

  it('rows that are not objects have no fields', () => {
    const odd = [null, undefined, 1, 'a', true] as unknown as Record<string, unknown>[];
    expect(matching("name eq 'a'", odd)).toEqual([]);
    expect(matching("name ne 'a'", odd)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a 50-term chain of one field is one Set test', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`);
    const text = ids.map((id) => `id eq '${id}'`).join(' or ');
    const data = ids.map((id, i) => ({ id: i % 2 === 0 ? id.toUpperCase() : `${id.slice(0, -1)}x` }));
    expect(matching(text, data)).toEqual(ids.flatMap((_, i) => (i % 2 === 0 ? [i] : [])));
  });

  it('the literal is never part of the generated source', () => {
    // A literal that would be code if it were spliced into a template literal: '${1}', on purpose.
    const templateHole = ['$', '{1}'].join('');
    const filter = parseFilter(`name eq '\`); throw new Error(1); (\`' or name eq '\\' or name eq '${templateHole}'`, {
      schema,
    });
    const matches = toPredicate(filter, { schema, mode: 'compiled' });
    expect(matches({ name: '`); throw new Error(1); (`' })).toBe(true);
    expect(matches({ name: templateHole })).toBe(true);
    expect(matches({ name: '\\' })).toBe(true);
    expect(matches({ name: '1' })).toBe(false);
  });

  it('hands generated code its literals interned and named, so that `===` on a parsed row is a pointer compare', () => {
    // V8 tells whether a string is interned only to a process started with --allow-natives-syntax: the built
    // library runs in one (npm test builds it first).
    const script = `
      import { defineSchema, parseFilter, toPredicate } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const schema = defineSchema({
        table: 't',
        fields: { code: { type: 'string' }, label: { type: 'string', caseInsensitive: true } },
      });
      const made = [];
      const original = globalThis.Function;
      globalThis.Function = new Proxy(original, {
        construct(target, args) {
          const outer = Reflect.construct(target, args);
          return (...values) => {
            made.push({ source: args.at(-1), keys: values[args.indexOf('keys')] });
            return outer(...values);
          };
        },
      });
      const text = "code eq 'SFB' and (label eq 'Reseller' or label ne 'x')";
      const matches = toPredicate(parseFilter(text, { schema }), { schema, mode: 'compiled' });
      globalThis.Function = original;
      const [{ source, keys }] = made;
      console.log(JSON.stringify({
        matches: [matches({ code: 'SFB', label: 'RESELLER' }), matches({ code: 'SFB', label: 'X' })],
        inner: source.slice(source.indexOf('function matches')),
        keys: keys.filter((key) => typeof key === 'string').map((key) => [key, %IsInternalizedString(key)]),
      }));
    `;
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const { matches, inner, keys } = JSON.parse(run.stdout) as {
      matches: boolean[];
      inner: string;
      keys: [string, boolean][];
    };
    expect(matches).toEqual([true, false]);
    // Each literal is a variable of the outer function, not an element of an array read at every row.
    expect(inner).not.toMatch(/keys\[/);
    expect(inner).toMatch(/=== k0\b/);
    expect(keys).toEqual([
      ['SFB', true],
      ['reseller', true],
      ['x', true],
    ]);
  });

  /** Runs `body` where `new Function` throws as a CSP without 'unsafe-eval' makes it; answers the attempts. */
  const underStrictCsp = (body: () => void): number => {
    const original = globalThis.Function;
    let attempts = 0;
    try {
      forgetCodeGenerationRefusal();
      // A class, because `new Function(...)` constructs it.
      globalThis.Function = class {
        constructor() {
          attempts++;
          throw new EvalError('Refused to evaluate a string as JavaScript');
        }
      } as unknown as FunctionConstructor;
      body();
    } finally {
      globalThis.Function = original;
      forgetCodeGenerationRefusal();
    }
    return attempts;
  };

  it('falls back to closures where new Function is forbidden', () => {
    const filter = parseFilter("label eq 'reseller'", { schema });
    underStrictCsp(() => {
      const matches = toPredicate(filter, { schema });
      expect(matches({ label: 'RESELLER' })).toBe(true);
      expect(() => toPredicate(filter, { schema, mode: 'compiled' })).toThrow(EvalError);
    });
  });

  it('tries new Function once where it is forbidden: a strict CSP reports every refused attempt', () => {
    const row = { label: 'Reseller', name: 'a', processedDateTime: '2024-01-31T00:00:00Z', licenses: 2 };
    const rows = [row];
    const attempts = underStrictCsp(() => {
      for (const text of ["label eq 'reseller'", "name eq 'a'", "not (name eq 'b')"]) {
        const filter = parseFilter(text, { schema });
        expect(toPredicate(filter, { schema })(row), text).toBe(true);
        expect(runQuery(rows, { filter, groupBy: ['label'] }, { schema }).value, text).toEqual([
          { label: 'Reseller', licenses: 2 },
        ]);
        expect(runQuery(rows, { filter }, { schema }).value, text).toEqual(rows);
      }
    });
    expect(attempts).toBe(1);
  });

  it('validates the filter against the schema and refuses bad options with a FilterError', () => {
    const pc = partnerCenter.licenseUsage;
    const filter = parseFilter("name eq 'a'", { schema });
    expect(() => toPredicate(filter, { schema: pc })).toThrow(FilterError);
    expect(() => toPredicate(filter, { schema: pc })).toThrow(/Unknown field 'name'/);
    expect(() => toPredicate(filter, {} as never)).toThrow(FilterError);
    expect(() => toPredicate(filter, { schema, mode: 'fast' as never })).toThrow(FilterError);
    expect(() => toPredicate({ kind: 'nope' } as never, { schema })).toThrow(FilterError);
  });
});

describe('GUID sets', () => {
  // predicate.ts looks GUIDs up with the native toLowerCase instead of ASCII folding; that is exact only
  // because no character outside ASCII lower-cases into a hex digit or a dash.
  it('no character outside ASCII lower-cases into a hex digit or a dash', () => {
    const offenders: string[] = [];
    for (let code = 0x80; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (/[0-9a-f-]/.test(String.fromCodePoint(code).toLowerCase())) offenders.push(code.toString(16));
    }
    expect(offenders).toEqual([]);
  });

  it('matches GUIDs in any ASCII case, and nothing that only Unicode folding would match', () => {
    const schema = partnerCenter.licenseUsage;
    const ids = ['0112A436-B14E-4888-967B-CA4BB2CF1234', '1112a436-b14e-4888-967b-ca4bb2cf1234'];
    const filter = parseFilter(ids.map((id) => `customerTenantId eq '${id}'`).join(' or '), { schema });
    for (const mode of modes) {
      const matches = toPredicate(filter, { schema, mode });
      expect(matches({ customerTenantId: '0112a436-B14E-4888-967b-CA4BB2CF1234' })).toBe(true);
      expect(matches({ customerTenantId: '1112A436-B14E-4888-967B-CA4BB2CF1234' })).toBe(true);
      // The Kelvin sign lower-cases to k and the fullwidth A to a fullwidth a: neither is a hex digit.
      expect(matches({ customerTenantId: '0112\u212a436-B14E-4888-967B-CA4BB2CF1234' })).toBe(false);
      expect(matches({ customerTenantId: '0112\uff21436-B14E-4888-967B-CA4BB2CF1234' })).toBe(false);
    }
  });
});

// The ordering comparisons and substring tests (SPEC §7). Until validation of the new nodes lands, the plan is
// built by predicateOf, which takes a filter that validation has already accepted.
describe('gt ge lt le, contains startswith endswith', () => {
  const ranged = defineSchema({
    table: 'ranged',
    fields: {
      name: { type: 'string' },
      label: { type: 'string', caseInsensitive: true },
      count: { type: 'number' },
      at: { type: 'datetime' },
      licenses: { type: 'number', aggregate: 'sum' },
    },
    profile: { extensions: ['not', 'in', 'null', 'number', 'range', 'text'] },
  });
  const data: Record<string, unknown>[] = [
    { name: 'apple', label: 'Reseller', count: 1, at: '2024-01-31' },
    { name: 'Apple', label: 'RESELLER', count: 10, at: '2024-01-31T02:00:00+02:00' },
    { name: 'banana', label: 'direct', count: -0, at: new Date(Date.UTC(2024, 1, 1)) },
    { name: null, label: 7, count: '5', at: 'soon' },
    {},
    { name: '😀', label: 'Rés', count: Number.NaN, at: '2024-02-01T00:00:00.001Z' },
    { name: '\uFFFD', label: '' },
  ];
  const indexes = (filter: Filter): number[] => {
    const answers = modes.map((mode) => {
      const matches = predicateOf(filter, ranged, mode);
      return data.flatMap((row, index) => (matches(row) ? [index] : []));
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    return answers[0]!;
  };
  const compare = (field: string, op: CompareOperator, value: Value): Filter => ({ kind: 'compare', field, op, value });
  const match = (op: MatchOperator, field: string, value: string): Filter => ({ kind: 'match', op, field, value });
  const not = (operand: Filter): Filter => ({ kind: 'not', operand });

  it('orders numbers numerically; null, missing and wrong-typed values are never in range', () => {
    expect(indexes(compare('count', 'gt', 0))).toEqual([0, 1]);
    expect(indexes(compare('count', 'ge', 0))).toEqual([0, 1, 2]);
    expect(indexes(compare('count', 'lt', 1))).toEqual([2]);
    expect(indexes(compare('count', 'le', 10))).toEqual([0, 1, 2]);
    // gt is not ne: without the exhaustive operator, it would be read as one.
    expect(indexes(compare('count', 'gt', 10))).toEqual([]);
  });

  it('not of a comparison holds for the rows without a value', () => {
    expect(indexes(not(compare('count', 'gt', 0)))).toEqual([2, 3, 4, 5, 6]);
    expect(indexes(not(compare('at', 'ge', '2024-01-01')))).toEqual([3, 4, 6]);
  });

  it('orders datetimes as instants, whatever the spelling of the row or the literal', () => {
    expect(indexes(compare('at', 'gt', '2024-01-31T00:00:00Z'))).toEqual([2, 5]);
    expect(indexes(compare('at', 'le', '2024-02-01T01:00:00+01:00'))).toEqual([0, 1, 2]);
    expect(indexes(compare('at', 'lt', '2024-02-01'))).toEqual([0, 1]);
  });

  it('orders strings by code point, after ASCII folding where the field folds', () => {
    expect(indexes(compare('name', 'ge', 'apple'))).toEqual([0, 2, 5, 6]);
    expect(indexes(compare('name', 'lt', 'b'))).toEqual([0, 1]);
    // By code point U+1F600 is above U+FFFD; by UTF-16 unit it would be below.
    expect(indexes(compare('name', 'gt', '\uFFFD'))).toEqual([5]);
    expect(indexes(compare('label', 'ge', 'RESELLER'))).toEqual([0, 1, 5]);
    expect(indexes(compare('label', 'lt', 'E'))).toEqual([2, 6]);
  });

  it('tests substrings after the field folding, and nothing that is not a string', () => {
    expect(indexes(match('contains', 'name', 'pl'))).toEqual([0, 1]);
    expect(indexes(match('startswith', 'name', 'A'))).toEqual([1]);
    expect(indexes(match('contains', 'label', 'SELL'))).toEqual([0, 1]);
    expect(indexes(match('endswith', 'label', 'LER'))).toEqual([0, 1]);
    expect(indexes(match('startswith', 'label', 'rÉ'))).toEqual([]);
    expect(indexes(match('contains', 'name', ''))).toEqual([0, 1, 2, 5, 6]);
    expect(indexes(match('endswith', 'label', ''))).toEqual([0, 1, 2, 5, 6]);
    expect(indexes(not(match('contains', 'name', 'a')))).toEqual([1, 3, 4, 5, 6]);
  });

  it('mixes with eq, in and and/or, and merges nothing it should not', () => {
    const either: Filter = {
      kind: 'or',
      operands: [compare('name', 'eq', 'banana'), compare('name', 'gt', 'apple'), match('startswith', 'name', 'A')],
    };
    expect(indexes(either)).toEqual([1, 2, 5, 6]);
    const both: Filter = { kind: 'and', operands: [compare('count', 'ne', 1), compare('count', 'ge', 0)] };
    expect(indexes(both)).toEqual([1, 2]);
  });

  it('the literal is never part of the generated source', () => {
    const hostile = "') || true || ('";
    const matches = predicateOf(match('contains', 'name', hostile), ranged, 'compiled');
    expect(matches({ name: 'x' })).toBe(false);
    expect(matches({ name: `a${hostile}b` })).toBe(true);
    const above = predicateOf(compare('name', 'gt', hostile), ranged, 'compiled');
    expect(above({ name: '&' })).toBe(false);
    expect(above({ name: '(' })).toBe(true);
  });

  const valueArb = fc.oneof(
    fc.constantFrom<unknown>('apple', 'Apple', 'APPLE', 'b', '', '\uFFFD', '😀', 'É', null, undefined, 0, -0, 1, 2.5),
    fc.constantFrom<unknown>('2024-01-31', '2024-01-31T01:00:00+01:00', Number.NaN, true, new Date(0)),
    fc.string({ maxLength: 3, unit: 'grapheme-ascii' }),
  );
  const rowArb = fc.record(
    { name: valueArb, label: valueArb, count: valueArb, at: valueArb },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, unknown>>;
  const leafArb: fc.Arbitrary<Filter> = fc.oneof(
    fc
      .tuple(fc.constantFrom('name', 'label'), fc.constantFrom(...rangeOperators), fc.string({ maxLength: 3 }))
      .map(([field, op, value]) => compare(field, op, value)),
    fc
      .tuple(fc.constantFrom(...rangeOperators), fc.constantFrom(-1, 0, 1, 2.5))
      .map(([op, value]) => compare('count', op, value)),
    fc
      .tuple(fc.constantFrom(...rangeOperators), fc.constantFrom('2024-01-31', '1970-01-01T00:00:00.001Z'))
      .map(([op, value]) => compare('at', op, value)),
    fc
      .tuple(fc.constantFrom(...matchOperators), fc.constantFrom('name', 'label'), fc.string({ maxLength: 2 }))
      .map(([op, field, value]) => match(op, field, value)),
    fc.constantFrom('apple', 'APPLE', null).map((value) => compare('label', 'eq', value)),
  );
  const treeArb = fc.letrec<{ tree: Filter }>((tie) => ({
    tree: fc.oneof(
      { arbitrary: leafArb, weight: 4 },
      tie('tree').map(not),
      fc.array(tie('tree'), { minLength: 2, maxLength: 3 }).map((operands): Filter => ({ kind: 'and', operands })),
      fc.array(tie('tree'), { minLength: 2, maxLength: 3 }).map((operands): Filter => ({ kind: 'or', operands })),
    ),
  })).tree;

  it('compiled and closure predicates agree, and agree with values.ts read directly', () => {
    fc.assert(
      fc.property(treeArb, fc.array(rowArb, { maxLength: 8 }), (filter, rows) => {
        const compiled = predicateOf(filter, ranged, 'compiled');
        const closure = predicateOf(filter, ranged, 'closure');
        for (const row of rows) expect(compiled(row)).toBe(closure(row));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(leafArb, rowArb, (leaf, row) => {
        const field = (ranged.fields as Record<string, Field>)[(leaf as { field: string }).field]!;
        const expected =
          leaf.kind === 'match'
            ? textTestOf(field, leaf.op, textKey(field, leaf.value))(ownProperty(row, field.name))
            : leaf.kind === 'compare' && leaf.op !== 'eq' && leaf.op !== 'ne'
              ? rangeTestOf(field, leaf.op, rangeKey(field, leaf.value))(readField(row, field))
              : undefined;
        if (expected !== undefined) expect(predicateOf(leaf, ranged, 'compiled')(row)).toBe(expected);
      }),
    );
  });
});
