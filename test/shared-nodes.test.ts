// Filters built in code may reuse one node along many paths (a DAG). Written out, every path is a copy, so
// 80 levels of `{ kind: 'and', operands: [x, x] }` stand for 2^80 comparisons. Every function that takes a
// filter must refuse such a filter with LIMIT_EXCEEDED after reading each node a few times, never walk it
// once per path. The nodes here count every read, and stop a walk that reads far more than that.

import { describe, expect, it } from 'vitest';
import { and, builders, eq, or } from '../src/build.js';
import {
  defineSchema,
  type Filter,
  FilterError,
  partnerCenter,
  printFilter,
  runQuery,
  runQueryAsync,
  toQueryString,
  toSqlWhere,
  withoutSpans,
} from '../src/index.js';
import { type PredicateMode, toPredicate } from '../src/predicate.js';
import { maxSharedTerms } from '../src/shape.js';
import { expectError } from './expect-error.js';

const schema = partnerCenter.licenseUsage;
// The same fields with limits far above any filter here.
const roomy = defineSchema({
  table: 'license_usage',
  fields: { workloadCode: { type: 'string', caseInsensitive: true }, channel: { type: 'string' } },
  limits: { maxTerms: 1_000_000, maxDepth: 1_000 },
});

interface Counted {
  readonly root: Filter;
  readonly reads: () => number;
}

/**
 * `levels` levels over one comparison, each `{ kind, operands: [below, below] }`, every node a Proxy that
 * counts the reads of its properties and throws a plain Error (not a FilterError) past `budget` reads.
 */
function shared(levels: number, kindAt: (level: number) => 'and' | 'or', budget = 50_000): Counted {
  let reads = 0;
  const read = () => {
    reads++;
    if (reads > budget) throw new Error(`read the shared nodes more than ${budget} times`);
  };
  const counted = <T extends object>(node: T): T =>
    new Proxy(node, {
      get(target, key, receiver) {
        read();
        return Reflect.get(target, key, receiver);
      },
      getOwnPropertyDescriptor(target, key) {
        read();
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
  let node: Filter = counted({ kind: 'compare', field: 'workloadCode', op: 'eq', value: 'SFB' });
  for (let level = 0; level < levels; level++) {
    node = counted({ kind: kindAt(level), operands: counted([node, node]) });
  }
  return { root: node, reads: () => reads };
}

const sameKind = () => 'and' as const;
const alternating = (level: number) => (level % 2 === 0 ? 'and' : 'or');
const modes: PredicateMode[] = ['compiled', 'closure'];

/** Every entry point that takes a filter. */
const entryPoints: [string, (filter: Filter) => unknown][] = [
  ['printFilter', (filter) => printFilter(filter)],
  ['withoutSpans', (filter) => withoutSpans(filter)],
  ['toQueryString', (filter) => toQueryString({ filter })],
  ['toQueryString with a schema', (filter) => toQueryString({ filter }, { schema })],
  ...modes.map((mode): [string, (filter: Filter) => unknown] => [
    `toPredicate ${mode}`,
    (filter) => toPredicate(filter, { schema, mode }),
  ]),
  ...modes.map((mode): [string, (filter: Filter) => unknown] => [
    `runQuery ${mode}`,
    (filter) => runQuery([{ workloadCode: 'SFB' }], { filter }, { schema, predicateMode: mode }),
  ]),
  ['toSqlWhere', (filter) => toSqlWhere(filter, { schema, dialect: 'postgres' })],
  ['and', (filter) => and(filter, eq('channel', 'x'))],
  ['or', (filter) => or(eq('channel', 'x'), filter)],
  ['builders(schema).and', (filter) => builders(schema).and(filter as never, builders(schema).eq('channel', 'x'))],
];

describe('a filter that reuses one node along many paths', () => {
  for (const [name, kindAt] of [
    ['of one kind (no parentheses: only the comparisons count)', sameKind],
    ['of alternating kinds (nesting deepens too)', alternating],
  ] as const) {
    it(`80 levels ${name}: every entry point fails with LIMIT_EXCEEDED, reading each node a few times`, async () => {
      for (const [entry, run] of entryPoints) {
        const counted = shared(80, kindAt);
        const error = expectError(() => run(counted.root), 'LIMIT_EXCEEDED');
        expect(error.param, entry).toBe('filter');
        // 81 distinct nodes and 80 arrays: a walk that reads each a few times, not once per path.
        expect(counted.reads(), entry).toBeLessThan(81 * 60);
      }
      const counted = shared(80, kindAt);
      const error = await runQueryAsync([], { filter: counted.root }, { schema }).catch((caught) => caught);
      expect(error).toBeInstanceOf(FilterError);
      expect((error as FilterError).code).toBe('LIMIT_EXCEEDED');
      expect(counted.reads()).toBeLessThan(81 * 60);
    });
  }

  it('fails on the comparisons it stands for, not on its nodes: 2^9 of them are past 500, 2^8 are not', () => {
    const within = shared(8, sameKind).root;
    const past = shared(9, sameKind).root;
    for (const mode of modes) {
      expect(toPredicate(within, { schema, mode })({ workloadCode: 'sfb' })).toBe(true);
      expectError(() => toPredicate(past, { schema, mode }), 'LIMIT_EXCEEDED', 'filter');
    }
    expect(runQuery([{ workloadCode: 'SFB' }], { filter: past }, { schema: roomy }).totalCount).toBe(1);
    expectError(() => toQueryString({ filter: past }, { schema }), 'LIMIT_EXCEEDED', 'filter');
    // Without limits to apply, printing writes it out: 512 comparisons are well within maxSharedTerms.
    expect(printFilter(past).match(/ eq /g)).toHaveLength(512);
  });

  it('nested past the depth limit along a path that is reached only through a reused node', () => {
    // Alternating and/or: each `or` under an `and` is one level of parentheses, so 50 levels nest 25 deep.
    const nest = (from: Filter, levels: number, first: 'and' | 'or'): Filter => {
      let node = from;
      for (let level = 0; level < levels; level++) {
        const kind = (level % 2 === 0) === (first === 'and') ? 'and' : 'or';
        node = { kind, operands: [node, eq('channel', `${level}`)] };
      }
      return node;
    };
    const deep = nest(eq('workloadCode', 'SFB'), 50, 'and');
    const shallowPath: Filter = { kind: 'or', operands: [deep, eq('channel', 'z')] };
    const deepPath = nest(deep, 30, 'or');
    expect(toPredicate(shallowPath, { schema })({})).toBe(false);
    expectError(() => toPredicate(deepPath, { schema }), 'LIMIT_EXCEEDED', 'filter');
    // The deep branch is met first along the shallow path, then again along the deep one.
    const both: Filter = { kind: 'and', operands: [shallowPath, deepPath] };
    expectError(() => toPredicate(both, { schema }), 'LIMIT_EXCEEDED', 'filter');
    expect(toPredicate(both, { schema: roomy })({ workloadCode: 'x' })).toBe(false);
  });

  it('builds no node of more than maxSharedTerms operands by flattening a reused one', () => {
    let node: Filter = eq('workloadCode', 'SFB');
    let failed: FilterError | undefined;
    for (let level = 0; level < 80 && failed === undefined; level++) {
      try {
        node = and(node, node);
      } catch (error) {
        if (!(error instanceof FilterError)) throw error;
        failed = error;
      }
    }
    expect(failed?.code).toBe('LIMIT_EXCEEDED');
    expect(node.kind === 'and' && node.operands.length).toBeLessThanOrEqual(maxSharedTerms);
  });

  it('a node reused a few times is an ordinary filter', () => {
    const sfb = eq('workloadCode', 'SFB');
    const filter = or(and(sfb, eq('channel', 'Reseller')), and(sfb, eq('channel', 'Direct')), sfb);
    expect(printFilter(filter)).toBe(
      "workloadCode eq 'SFB' and channel eq 'Reseller' or workloadCode eq 'SFB' and channel eq 'Direct' or workloadCode eq 'SFB'",
    );
    for (const mode of modes) {
      const matches = toPredicate(filter, { schema, mode });
      expect(matches({ workloadCode: 'sfb', channel: 'x' })).toBe(true);
      expect(matches({ workloadCode: 'exo', channel: 'direct' })).toBe(false);
    }
  });
});
