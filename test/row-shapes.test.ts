// Rows of every shape JavaScript allows — class instances with getters on their prototype, own getters,
// Proxies, null prototypes, inherited fields, a polluted Object.prototype — read by one rule in every mode:
// only a field that is the row's own property is read, an inherited one never is (its getter is never called),
// an own getter is read as its value, and a row whose reading throws makes the call throw a FilterError.
// The compiled and closure modes make the same reads in the same order, so they agree even on rows whose
// answers change from one read to the next.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Filter, QueryInput, Value } from '../src/index.js';
import { builders, eq, FilterError, parseFilter, runQuery, runQueryAsync } from '../src/index.js';
import { type PredicateMode, toPredicate } from '../src/predicate.js';
import { expectError } from './expect-error.js';
import { schema } from './properties/arbitraries.js';

const latest = '2024-01-31T00:00:00Z';
const modes: PredicateMode[] = ['compiled', 'closure', 'auto'];

class UsageRow {
  constructor(readonly region: string) {}
  get name(): string {
    return 'a';
  }
  get processedDateTime(): string {
    return latest;
  }
}

class ThrowingUsageRow {
  get name(): string {
    throw new Error('the getter on the prototype ran');
  }
}

describe('inherited getters and Proxies', () => {
  it('never calls a getter on the prototype: a class getter is not a field of the row', () => {
    const filter = parseFilter("name eq 'a'", { schema });
    for (const mode of modes) {
      const matches = toPredicate(filter, { schema, mode });
      expect(matches(new UsageRow('x')), mode).toBe(false);
      expect(matches(new ThrowingUsageRow()), mode).toBe(false);
      expect(toPredicate(parseFilter("name ne 'a'", { schema }), { schema, mode })(new ThrowingUsageRow())).toBe(true);
      // Its snapshot is a prototype getter too: the row is in no snapshot.
      expect(runQuery([new UsageRow('x')], {}, { schema, predicateMode: mode }).totalCount, mode).toBe(0);
      const grouped = runQuery(
        [Object.assign(new ThrowingUsageRow(), { processedDateTime: latest })],
        { groupBy: ['name'] },
        { schema, predicateMode: mode },
      );
      expect(grouped.value, mode).toEqual([{ name: null, licenses: 0 }]);
    }
  });

  it('a Proxy row is read through its own-property answer in every mode, and the modes agree', () => {
    // `get` says every field is 'a'; the target, which answers for own properties, has none.
    const lying = new Proxy({}, { get: () => 'a' });
    const honest = new Proxy({ name: 'a', processedDateTime: latest }, {});
    const filter = parseFilter("name eq 'a'", { schema });
    for (const mode of modes) {
      const matches = toPredicate(filter, { schema, mode });
      expect(matches(lying), mode).toBe(false);
      expect(matches(honest), mode).toBe(true);
      const result = runQuery([lying, honest], { groupBy: ['name'] }, { schema, predicateMode: mode });
      expect(result.value, mode).toEqual([{ name: 'a', licenses: 0 }]);
    }
  });

  it('reads an own getter as its value, in every mode', () => {
    const row = Object.defineProperties(
      {},
      {
        name: { get: () => 'a', enumerable: true },
        licenses: { get: () => 2, enumerable: true },
        processedDateTime: { get: () => latest, enumerable: true },
      },
    );
    for (const mode of modes) {
      expect(toPredicate(parseFilter("name eq 'a'", { schema }), { schema, mode })(row), mode).toBe(true);
      const result = runQuery([row, row], { groupBy: ['name'] }, { schema, predicateMode: mode });
      expect(result.value, mode).toEqual([{ name: 'a', licenses: 4 }]);
    }
  });

  it('asks about every field as it reads it: a getter that changes a prototype mid-row changes nothing', () => {
    const filter = parseFilter("name eq 'z' or notes eq 'x'", { schema });
    for (const mode of modes) {
      const matches = toPredicate(filter, { schema, mode });
      // Reading `name` pollutes Object.prototype with the next field.
      const polluting = Object.defineProperty({}, 'name', {
        enumerable: true,
        get() {
          (Object.prototype as Record<string, unknown>).notes = 'x';
          return 'a';
        },
      });
      // Reading `name` gives the row a prototype that has the next field.
      const reparenting: object = Object.defineProperty({}, 'name', {
        enumerable: true,
        get() {
          Object.setPrototypeOf(reparenting, { notes: 'x' });
          return 'a';
        },
      });
      try {
        expect(matches(polluting), mode).toBe(false);
      } finally {
        delete (Object.prototype as Record<string, unknown>).notes;
      }
      expect(matches(reparenting), mode).toBe(false);
    }
  });

  it('a Date look-alike in a datetime field is not a Date, and reading it throws nothing', () => {
    const fake = Object.create(Date.prototype) as Date;
    const proxied = new Proxy(new Date(latest), {});
    const filter = parseFilter("trueDate eq '2024-01-31'", { schema });
    for (const mode of modes) {
      const matches = toPredicate(filter, { schema, mode });
      expect(matches({ trueDate: fake }), mode).toBe(false);
      expect(matches({ trueDate: proxied }), mode).toBe(false);
      expect(matches({ trueDate: new Date(latest) }), mode).toBe(true);
      const snapshots = runQuery(
        [{ processedDateTime: fake }, { processedDateTime: new Date(latest) }],
        {},
        {
          schema,
          predicateMode: mode,
        },
      );
      expect(snapshots.totalCount, mode).toBe(1);
    }
    expectError(() => eq('day', fake), 'INVALID_LITERAL');
    expectError(() => builders(schema).eq('trueDate', proxied), 'INVALID_LITERAL');
  });
});

describe('a row whose reading throws', () => {
  const throwingGetter = () =>
    Object.defineProperty({ processedDateTime: latest }, 'name', {
      enumerable: true,
      get() {
        throw new TypeError('no name today');
      },
    });
  const throwingTrap = () =>
    new Proxy(
      { name: 'a', processedDateTime: latest },
      {
        has() {
          throw new RangeError('the trap refuses');
        },
      },
    );
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({ name: 'a' }, {});
    revoke();
    return proxy;
  };

  it('makes toPredicate’s function throw a FilterError naming what was thrown, the same in every mode', () => {
    const filter = parseFilter("name eq 'a' or name eq 'b'", { schema });
    for (const [make, thrown] of [
      [throwingGetter, 'TypeError: no name today'],
      [throwingTrap, 'RangeError: the trap refuses'],
      [revoked, 'TypeError'],
    ] as const) {
      const messages = modes.map((mode) => {
        const error = expectError(() => toPredicate(filter, { schema, mode })(make()), 'INVALID_PARAMETER', 'rows');
        expect(error.message).toContain(thrown);
        expect(error.cause).toBeDefined();
        return error.message;
      });
      expect(new Set(messages).size).toBe(1);
    }
  });

  it('makes runQuery and runQueryAsync throw a FilterError, wherever the field is read', async () => {
    const queries: QueryInput[] = [
      { filter: parseFilter("name eq 'a'", { schema }) },
      { groupBy: ['name'] },
      // No filter and no groupby: the rows are read to order them.
      {},
    ];
    for (const query of queries) {
      for (const mode of modes) {
        for (const make of [throwingGetter, throwingTrap]) {
          const rows = [{ name: 'b', processedDateTime: latest }, make()];
          expectError(() => runQuery(rows, query, { schema, predicateMode: mode }), 'INVALID_PARAMETER', 'rows');
          const error = await runQueryAsync(rows, query, { schema, predicateMode: mode }).catch((caught) => caught);
          expect(error).toBeInstanceOf(FilterError);
          expect((error as FilterError).param).toBe('rows');
        }
      }
    }
    const measure = Object.defineProperty({ name: 'a', processedDateTime: latest }, 'licenses', {
      get() {
        throw new Error('no licenses');
      },
    });
    for (const mode of modes) {
      expectError(
        () => runQuery([measure], { groupBy: ['name'] }, { schema, predicateMode: mode }),
        'INVALID_PARAMETER',
        'rows',
      );
    }
  });

  it('a source that throws is not a row that throws: its error is passed on as it is', async () => {
    function* failing(): Generator<object> {
      yield { name: 'a', processedDateTime: latest };
      throw new Error('the disk is gone');
    }
    for (const mode of modes) {
      const error = errorOfAnything(() => runQuery(failing(), {}, { schema, predicateMode: mode }));
      expect(error).not.toBeInstanceOf(FilterError);
      expect(String(error)).toContain('the disk is gone');
      const streamed = await runQueryAsync(failing(), {}, { schema, predicateMode: mode }).catch((caught) => caught);
      expect(String(streamed)).toContain('the disk is gone');
    }
  });
});

function errorOfAnything(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

// ---- every mode makes the same reads ----

/** Small pools, so that filters and rows meet often. */
const pools: Record<string, readonly unknown[]> = {
  name: ['a', 'b', 'A', null, 1],
  notes: ['x', 'X', 'y', null],
  orderId: ['0112A436-B14E-4888-967B-CA4BB2CF1234', '0112a436-b14e-4888-967b-ca4bb2cf1234', 'nope'],
  inbound: [0, -0, 1, Number.NaN, '1'],
  android: [true, false, 'true'],
  trueDate: ['2024-01-31', '2024-01-31T00:00:00Z', new Date(latest), 'bad'],
  region: ['eu', 'us', null],
  licenses: [1, 2, Number.POSITIVE_INFINITY, '3'],
  processedDateTime: [latest, '2024-01-30', new Date(latest)],
};
const fieldNames = Object.keys(pools);

const rowValueArb = (field: string): fc.Arbitrary<unknown> => fc.constantFrom(...(pools[field] as unknown[]));
const literalOf = (field: string): fc.Arbitrary<Value> =>
  rowValueArb(field).filter((value): value is Value => {
    if (value === null) return true;
    const type = schema.fields[field as keyof typeof schema.fields]?.type;
    if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
    if (type === 'boolean') return typeof value === 'boolean';
    if (type === 'guid') return typeof value === 'string' && value !== 'nope';
    if (type === 'datetime') return typeof value === 'string' && value !== 'bad';
    return typeof value === 'string';
  });

const filterable = ['name', 'notes', 'orderId', 'inbound', 'android', 'trueDate'];
const poolFilterArb: fc.Arbitrary<Filter> = fc.letrec<{ node: Filter }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .constantFrom(...filterable)
      .chain((field) =>
        fc
          .tuple(fc.constantFrom('eq' as const, 'ne' as const), literalOf(field))
          .map(([op, value]): Filter => ({ kind: 'compare', field, op, value })),
      ),
    fc
      .constantFrom(...filterable)
      .chain((field) =>
        fc
          .array(literalOf(field), { minLength: 1, maxLength: 3 })
          .map((values): Filter => ({ kind: 'in', field, values })),
      ),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((operands): Filter => ({ kind: 'and', operands })),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((operands): Filter => ({ kind: 'or', operands })),
    tie('node').map((operand): Filter => ({ kind: 'not', operand })),
  ),
})).node;

type Shape =
  | 'plain'
  | 'null prototype'
  | 'class fields'
  | 'prototype getters'
  | 'own getters'
  | 'changing getters'
  | 'inherits fields'
  | 'proxy'
  | 'lying proxy'
  | 'lying has proxy'
  | 'proxy with a prototype'
  | 'throwing getter'
  | 'not an object';

/** How to build a row: built afresh for every mode, so that rows whose answers change start alike. */
interface Recipe {
  readonly shape: Shape;
  readonly own: Readonly<Record<string, unknown>>;
  readonly inherited: Readonly<Record<string, unknown>>;
}

const fieldsArb = fc
  .subarray(fieldNames)
  .chain((names) => fc.tuple(...names.map((name) => rowValueArb(name).map((value) => [name, value] as const))))
  .map((entries) => Object.fromEntries(entries));

const recipeArb: fc.Arbitrary<Recipe> = fc.record({
  shape: fc.constantFrom<Shape>(
    'plain',
    'null prototype',
    'class fields',
    'prototype getters',
    'own getters',
    'changing getters',
    'inherits fields',
    'proxy',
    'lying proxy',
    'lying has proxy',
    'proxy with a prototype',
    'throwing getter',
    'not an object',
  ),
  own: fc
    .tuple(fieldsArb, fc.boolean())
    .map(([fields, dated]) => (dated ? { ...fields, processedDateTime: latest } : fields)),
  inherited: fieldsArb,
});

/** Every read of a getter or a trap, in order: the modes must make the same ones. */
type Log = string[];

function define(
  target: object,
  fields: Readonly<Record<string, unknown>>,
  log: Log,
  getters: 'none' | 'fixed' | 'changing',
): object {
  for (const [name, value] of Object.entries(fields)) {
    if (getters === 'none') {
      Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    let reads = 0;
    Object.defineProperty(target, name, {
      enumerable: true,
      configurable: true,
      get() {
        log.push(`get ${name}`);
        reads++;
        // A changing getter answers differently every other read.
        return getters === 'changing' && reads % 2 === 0 ? 'changed' : value;
      },
    });
  }
  return target;
}

function build(recipe: Recipe, log: Log): unknown {
  const { shape, own, inherited } = recipe;
  switch (shape) {
    case 'plain':
      return define({}, own, log, 'none');
    case 'null prototype':
      return define(Object.create(null), own, log, 'none');
    case 'class fields':
      return define(new (class Usage {})(), own, log, 'none');
    case 'prototype getters':
      return define(Object.create(define({}, inherited, log, 'fixed')), own, log, 'none');
    case 'own getters':
      return define({}, own, log, 'fixed');
    case 'changing getters':
      return define({}, own, log, 'changing');
    case 'inherits fields':
      return define(Object.create(define({}, inherited, log, 'none')), own, log, 'none');
    case 'proxy':
    case 'lying proxy':
    case 'lying has proxy':
    case 'proxy with a prototype': {
      // Lies: `get` (and `has`) answer for the inherited fields too, or the prototype is one with fields.
      const lies = (key: string | symbol) =>
        shape !== 'proxy' && typeof key === 'string' && Object.hasOwn(inherited, key);
      const prototype = shape === 'proxy with a prototype' ? define({}, inherited, log, 'none') : Object.prototype;
      return new Proxy(define({}, own, log, 'none'), {
        get(target, key, receiver) {
          log.push(`get ${String(key)}`);
          return lies(key) ? inherited[key as string] : Reflect.get(target, key, receiver);
        },
        getOwnPropertyDescriptor(target, key) {
          log.push(`own ${String(key)}`);
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
        has(target, key) {
          log.push(`has ${String(key)}`);
          return (shape === 'lying has proxy' && lies(key)) || Reflect.has(target, key);
        },
        getPrototypeOf() {
          log.push('prototype');
          return prototype;
        },
      });
    }
    case 'throwing getter': {
      const row = define({}, own, log, 'none');
      const [name] = Object.keys(inherited);
      if (name === undefined) return row;
      return Object.defineProperty(row, name, {
        enumerable: true,
        configurable: true,
        get() {
          log.push(`throw ${name}`);
          throw new Error(`${name} cannot be read`);
        },
      });
    }
    case 'not an object':
      return own.name ?? null;
  }
}

/** What a call gave: its value, or the code and message of the FilterError it threw; and the reads it made. */
function outcome(run: (log: Log) => unknown): { readonly result: unknown; readonly log: Log } {
  const log: Log = [];
  try {
    return { result: run(log), log };
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    return { result: { code: error.code, param: error.param, message: error.message }, log };
  }
}

async function outcomeAsync(
  run: (log: Log) => Promise<unknown>,
): Promise<{ readonly result: unknown; readonly log: Log }> {
  const log: Log = [];
  try {
    return { result: await run(log), log };
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    return { result: { code: error.code, param: error.param, message: error.message }, log };
  }
}

const groupByArb = fc.option(
  fc.shuffledSubarray(['name', 'notes', 'orderId', 'inbound', 'android', 'trueDate', 'region'], {
    minLength: 1,
    maxLength: 3,
  }),
  { nil: undefined },
);

/** Rows of a result as positions in the input (ungrouped rows are the caller's own objects), groups as they are. */
function positions(value: readonly unknown[], rows: readonly unknown[]): unknown[] {
  return value.map((row) => {
    const index = rows.indexOf(row);
    return index === -1 ? row : `row ${index}`;
  });
}

function runIn(mode: PredicateMode, recipes: readonly Recipe[], query: QueryInput, log: Log) {
  const rows = recipes.map((recipe) => build(recipe, log));
  const result = runQuery(rows as object[], query, { schema, predicateMode: mode });
  return { ...result, value: positions(result.value, rows) };
}

async function runAsyncIn(mode: PredicateMode, recipes: readonly Recipe[], query: QueryInput, log: Log) {
  const rows = recipes.map((recipe) => build(recipe, log));
  const result = await runQueryAsync(rows as object[], query, { schema, predicateMode: mode });
  return { ...result, value: positions(result.value, rows) };
}

describe('the compiled and closure modes agree on rows of any shape', () => {
  it('toPredicate: the same answers and the same reads, in the same order', () => {
    fc.assert(
      fc.property(poolFilterArb, fc.array(recipeArb, { maxLength: 12 }), (filter, recipes) => {
        const [compiled, closure] = (['compiled', 'closure'] as const).map((mode) =>
          outcome((log) => {
            const matches = toPredicate(filter, { schema, mode });
            return recipes.map((recipe) => matches(build(recipe, log) as object));
          }),
        );
        expect(closure).toEqual(compiled);
      }),
      { numRuns: 500 },
    );
  });

  it('runQuery and runQueryAsync: the same rows, groups, sums, errors and reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(poolFilterArb, { nil: undefined }),
        groupByArb,
        fc.array(recipeArb, { maxLength: 12 }),
        async (filter, groupBy, recipes) => {
          const query: QueryInput = { ...(filter && { filter }), ...(groupBy && { groupBy }) };
          const [compiled, closure] = (['compiled', 'closure'] as const).map((mode) =>
            outcome((log) => runIn(mode, recipes, query, log)),
          );
          expect(closure).toEqual(compiled);
          const compiledAsync = await outcomeAsync((log) => runAsyncIn('compiled', recipes, query, log));
          const closureAsync = await outcomeAsync((log) => runAsyncIn('closure', recipes, query, log));
          expect(closureAsync).toEqual(compiledAsync);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('still agree, and read nothing inherited, while Object.prototype is polluted', () => {
    // Not `name`: the test runner reads `name` of its own objects.
    const keys = ['notes', 'orderId', 'licenses', 'processedDateTime', 'inbound', 'region'];
    const touched: string[] = [];
    try {
      for (const key of keys) {
        Object.defineProperty(Object.prototype, key, {
          configurable: true,
          get() {
            touched.push(key);
            return pools[key]?.[0];
          },
        });
      }
      fc.assert(
        fc.property(poolFilterArb, groupByArb, fc.array(recipeArb, { maxLength: 8 }), (filter, groupBy, recipes) => {
          const query: QueryInput = { filter, ...(groupBy && { groupBy }) };
          const [compiled, closure] = (['compiled', 'closure'] as const).map((mode) =>
            outcome((log) => runIn(mode, recipes, query, log)),
          );
          expect(closure).toEqual(compiled);
        }),
        { numRuns: 200 },
      );
    } finally {
      for (const key of keys) delete (Object.prototype as Record<string, unknown>)[key];
    }
    expect(touched).toEqual([]);
  });
});
