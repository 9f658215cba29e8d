// createRowStore: rows held for many queries (a server's cache, one snapshot of a file), with a hash index of each
// filterable field built once, so that `eq`, `in`, `or` of those and `and` read a few rows instead of all of them.

import { assertNever, type Filter, type Value } from './ast.js';
import { type RunQueryInput, type RunQueryOptions, type RunQueryResult, runChosenRows, runQuery } from './engine.js';
import { describeValue, FilterError } from './errors.js';
import { ownProperties } from './own.js';
import type { PredicateMode } from './predicate.js';
import { resolveQuery } from './query.js';
import { type Field, findField, requireSchema, type Schema, validatedField } from './schema.js';
import {
  type AnyRow,
  canonicalDateTime,
  comparisonKey,
  fieldsOf,
  guidPattern,
  ownValueReaderOf,
  rowOf,
  rowReadError,
  snapshotField,
  typedValue,
} from './values.js';

export interface RowStoreOptions<S extends Schema = Schema> {
  readonly schema: S;
  /** How the filter is tested where no index answers it, as runQuery's option. */
  readonly predicateMode?: PredicateMode;
}

/** What a store's query may add to the store's options: where the next page is fetched, as runQuery's option. */
export interface RowStoreQueryOptions {
  readonly baseUrl?: string;
}

/** Rows indexed once for many queries: `query(q)` answers exactly what `runQuery(rows, q, { schema })` answers. */
export interface RowStore<S extends Schema = Schema, R extends AnyRow = AnyRow> {
  readonly schema: S;
  /** The rows, as they were when the store was made (a copy of the array; the rows themselves are not copied). */
  readonly rows: readonly R[];
  /** runQuery over the rows, answered from the indexes where the filter allows. */
  query<const G extends readonly string[] = readonly []>(
    query: RunQueryInput<S, G>,
    options?: RowStoreQueryOptions,
  ): RunQueryResult<S, R, G>;
  /**
   * Builds now the indexes of these filterable fields (default: every one) that queries would otherwise build
   * when they first filter by them: for a server, before its first request rather than during it.
   */
  index(fields?: readonly string[]): void;
  /** The bytes the indexes built so far take (the maps of distinct values come on top: see `distinctValues`). */
  readonly indexBytes: number;
  /** Distinct values over the indexes built so far: each a map entry, and a key if the rows did not hold it. */
  readonly distinctValues: number;
}

/**
 * Indexes rows for many queries: every filterable field gets a hash index, built in one pass the first time a
 * query filters by it (or at once: `store.index()`); the latest snapshot is found as the store is made. A query's `eq`, `in` and `or` of them read
 * only the rows those values hold, an `and` the rows all its indexed parts share; what no index answers (`ne`,
 * ranges, `contains`, `not`) is tested row by row, on the rows the indexes left, or on the whole snapshot. Each
 * index reads every row's value once, as every backend reads it (SPEC §3), so the rows must not change after the
 * store is made: make a new store for a new snapshot. A row whose getter throws fails the call that builds that
 * field's index, with the FilterError runQuery would throw.
 *
 * @example
 * const store = createRowStore(rows, { schema: partnerCenter.licenseUsage });
 * store.query(parseQuery(req.url, { schema: partnerCenter.licenseUsage }), { baseUrl: 'https://api.example.com' });
 */
export function createRowStore<S extends Schema, R extends AnyRow>(
  rows: Iterable<R>,
  options: RowStoreOptions<S>,
): RowStore<S, R> {
  const { schema, predicateMode } =
    typeof options === 'object' && options !== null
      ? ownProperties(options, ['schema', 'predicateMode'])
      : { schema: undefined, predicateMode: undefined };
  requireSchema(schema, 'createRowStore');
  if (rows === null || typeof (rows as Partial<Iterable<R>>)?.[Symbol.iterator] !== 'function') {
    throw new FilterError(
      'INVALID_PARAMETER',
      `createRowStore takes an array or iterable of rows; got ${describeValue(rows)}`,
    );
  }
  // An array is copied as a block; any other iterable is read once.
  const held: readonly R[] = Array.isArray(rows) ? (rows as R[]).slice() : Array.from(rows);
  const snapshot = snapshotField(schema);
  // Each index is built the first time a query needs it, then kept: a store costs one pass to make (for the
  // latest snapshot), and each field one pass more when it is first filtered by.
  const indexes = new Map<Field, FieldIndex>();
  const scratch = { ids: new Int32Array(0) };
  const indexFor = (field: Field): FieldIndex | undefined => {
    if (!field.isFilterable) return undefined;
    let index = indexes.get(field);
    if (index === undefined) {
      if (scratch.ids.length !== held.length) scratch.ids = new Int32Array(held.length);
      index = indexOf(held, field, scratch.ids);
      indexes.set(field, index);
    }
    return index;
  };
  const latest = snapshot === undefined ? undefined : latestOf(held, snapshot);
  const runOptions = (baseUrl: unknown): RunQueryOptions =>
    ({
      schema,
      ...(predicateMode !== undefined && { predicateMode }),
      ...(baseUrl !== undefined && { baseUrl }),
    }) as RunQueryOptions;

  const query = (input: unknown, queryOptions: unknown = {}) => {
    if (typeof queryOptions !== 'object' || queryOptions === null) {
      throw new FilterError('INVALID_PARAMETER', "A store's query takes options such as { baseUrl } or none");
    }
    const { baseUrl } = ownProperties(queryOptions, ['baseUrl']);
    const settings = runOptions(baseUrl);
    const resolved = resolveQuery(input, schema);
    const chosen = resolved.filter === undefined ? undefined : choose(resolved.filter, schema, indexFor);
    // No index narrows the rows: the plain scan.
    if (chosen === undefined || chosen.positions.length === held.length) {
      return runQuery(held, input as RunQueryInput<Schema, readonly string[]>, settings);
    }
    const picked = new Array<R>(chosen.positions.length);
    for (let at = 0; at < picked.length; at++) picked[at] = held[chosen.positions[at] as number] as R;
    // The pass over them keeps the snapshot's rows: the latest of all the rows, unless the query names one.
    return runChosenRows(picked, input as RunQueryInput<Schema, readonly string[]>, settings, chosen.exact, latest);
  };
  const sizes = () => {
    let indexBytes = 0;
    let distinctValues = 0;
    for (const index of indexes.values()) {
      indexBytes += index.positions.byteLength + index.starts.byteLength;
      distinctValues += index.idOfKey.size;
    }
    return { indexBytes, distinctValues };
  };
  return {
    schema: schema as S,
    rows: held,
    query: query as RowStore<S, R>['query'],
    index(fields) {
      const names = fields ?? fieldsOf(schema).flatMap((field) => (field.isFilterable ? [field.name] : []));
      for (const name of names) {
        const field = typeof name === 'string' ? findField(schema, name) : undefined;
        if (field === undefined || !field.isFilterable) {
          throw new FilterError(
            'INVALID_PARAMETER',
            `store.index takes names of filterable fields of the schema; got ${describeValue(name)}`,
          );
        }
        indexFor(field);
      }
    },
    get indexBytes() {
      return sizes().indexBytes;
    },
    get distinctValues() {
      return sizes().distinctValues;
    },
  };
}

// ---- one field's index ----

/**
 * The rows of each distinct value of a field, as readField reads it and as `eq` compares it (`comparisonKey`:
 * folded where the field folds case; a datetime canonical; null for missing, null or wrong-typed): the rows of the
 * value with id `i` are `positions[starts[i]] … positions[starts[i + 1] - 1]`, in input order.
 */
interface FieldIndex {
  readonly idOfKey: Map<Value, number>;
  readonly starts: Int32Array;
  readonly positions: Int32Array;
}

/** One pass over the rows, then a counting sort of their positions by value; `ids` is scratch space, a slot per row. */
function indexOf(rows: readonly AnyRow[], field: Field, ids: Int32Array): FieldIndex {
  const name = field.name;
  const idOfKey = new Map<Value, number>();
  // Rows repeat a few values: each raw primitive is typed and folded once, then found by itself.
  const idOfRaw = new Map<unknown, number>();
  let counts = new Int32Array(64);
  const idFor = (raw: unknown): number => {
    const value = typedValue(raw, field);
    const key = value === null ? null : comparisonKey(field, value);
    let id = idOfKey.get(key);
    if (id === undefined) {
      id = idOfKey.size;
      idOfKey.set(key, id);
      if (id === counts.length) {
        const grown = new Int32Array(counts.length * 2);
        grown.set(counts);
        counts = grown;
      }
    }
    return id;
  };
  for (let at = 0; at < rows.length; at++) {
    const row = rows[at];
    let id: number | undefined;
    if (typeof row !== 'object' || row === null) {
      // Not an object: a row with no fields (rowOf), null in every field.
      id = idFor(undefined);
    } else {
      let raw: unknown;
      try {
        // readField's own-property check (src/values.ts), written out so that this loop reads one name.
        raw =
          name in row && ((Object.getPrototypeOf(row) === OP && !(name in OP)) || Object.hasOwn(row, name))
            ? (row as Record<string, unknown>)[name]
            : undefined;
      } catch (error) {
        throw rowReadError(error);
      }
      if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
        id = idOfRaw.get(raw);
        if (id === undefined) {
          id = idFor(raw);
          idOfRaw.set(raw, id);
        }
      } else {
        id = idFor(raw);
      }
    }
    ids[at] = id;
    counts[id] = (counts[id] as number) + 1;
  }
  const distinct = idOfKey.size;
  const starts = new Int32Array(distinct + 1);
  for (let id = 0; id < distinct; id++) starts[id + 1] = (starts[id] as number) + (counts[id] as number);
  const next = starts.slice(0, distinct);
  const positions = new Int32Array(rows.length);
  for (let at = 0; at < rows.length; at++) {
    const id = ids[at] as number;
    positions[next[id] as number] = at;
    next[id] = (next[id] as number) + 1;
  }
  return { idOfKey, starts, positions };
}

const OP = Object.prototype;
const empty = new Int32Array(0);

/** The rows of one key (already a comparisonKey, or null), in input order. */
function postingOf(index: FieldIndex, key: Value): Int32Array {
  const id = index.idOfKey.get(key);
  if (id === undefined) return empty;
  return index.positions.subarray(index.starts[id], index.starts[id + 1]);
}

/**
 * The latest snapshot in the rows, as runQuery's pass finds it: canonical datetimes have a fixed width, so text
 * order is time order. Rows come in runs of one snapshot text, each run read once.
 */
function latestOf(rows: readonly AnyRow[], snapshot: Field): string | undefined {
  const readOwn = ownValueReaderOf(snapshot);
  let latest: string | undefined;
  let lastText: unknown;
  for (let at = 0; at < rows.length; at++) {
    const row = rowOf(rows[at]);
    let text: unknown;
    try {
      text = readOwn(row);
    } catch (error) {
      throw rowReadError(error);
    }
    if (typeof text === 'string' && text === lastText) continue;
    lastText = text;
    const taken = typedValue(text, snapshot);
    if (typeof taken === 'string' && (latest === undefined || taken > latest)) latest = taken;
  }
  return latest;
}

// ---- choosing rows by the filter ----

/** Rows in input order that hold every match of the filter; `exact` when they all match it. */
interface Chosen {
  readonly positions: Int32Array;
  readonly exact: boolean;
}

/** The rows the indexes choose for a filter, or undefined when they cannot narrow it. */
type IndexFor = (field: Field) => FieldIndex | undefined;

function choose(filter: Filter, schema: Schema, indexes: IndexFor): Chosen | undefined {
  switch (filter.kind) {
    case 'compare': {
      if (filter.op !== 'eq') return undefined;
      return chooseValues(validatedField(schema, filter.field), [filter.value], indexes);
    }
    case 'in':
      return chooseValues(validatedField(schema, filter.field), filter.values, indexes);
    case 'or': {
      const parts: Chosen[] = [];
      for (const operand of filter.operands) {
        const part = choose(operand, schema, indexes);
        // One operand no index answers may match any row.
        if (part === undefined) return undefined;
        parts.push(part);
      }
      return { positions: union(parts.map((part) => part.positions)), exact: parts.every((part) => part.exact) };
    }
    case 'and': {
      const parts = filter.operands.map((operand) => choose(operand, schema, indexes));
      const known = parts.filter((part): part is Chosen => part !== undefined);
      if (known.length === 0) return undefined;
      // Smallest first: each intersection is then at most as long as the first list.
      known.sort((a, b) => a.positions.length - b.positions.length);
      let positions = (known[0] as Chosen).positions;
      for (const part of known.slice(1)) positions = intersect(positions, part.positions);
      return { positions, exact: parts.every((part) => part?.exact === true) };
    }
    // Rows that do not hold a value are most rows: the scan is as quick.
    case 'not':
    case 'match':
      return undefined;
    default:
      return assertNever(filter);
  }
}

/** The rows whose value of `field` is one of `values` (`eq`, `in`): exact, as the predicate compares. */
function chooseValues(field: Field, values: readonly Value[], indexes: IndexFor): Chosen | undefined {
  const index = indexes(field);
  if (index === undefined) return undefined;
  const lists: Int32Array[] = [];
  for (const value of values) {
    // A literal that is not of the field's type (which validation refuses) is left to the predicate.
    if (value !== null && !fitsField(field, value)) return undefined;
    lists.push(postingOf(index, value === null ? null : comparisonKey(field, value)));
  }
  return { positions: union(lists), exact: true };
}

function fitsField(field: Field, value: Value): boolean {
  switch (field.type) {
    case 'string':
      return typeof value === 'string';
    case 'guid':
      return typeof value === 'string' && guidPattern.test(value);
    case 'number':
      return typeof value === 'number' && value - value === 0;
    case 'boolean':
      return typeof value === 'boolean';
    case 'datetime':
      return typeof value === 'string' && canonicalDateTime(value) !== undefined;
    default:
      return assertNever(field.type);
  }
}

// ---- sorted position lists ----

/** Every position of any list, once, ascending. */
function union(lists: readonly Int32Array[]): Int32Array {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length === 0) return empty;
  if (nonEmpty.length === 1) return nonEmpty[0] as Int32Array;
  let total = 0;
  for (const list of nonEmpty) total += list.length;
  const all = new Int32Array(total);
  let at = 0;
  for (const list of nonEmpty) {
    all.set(list, at);
    at += list.length;
  }
  all.sort();
  let kept = 0;
  for (let read = 0; read < all.length; read++) {
    if (kept === 0 || all[read] !== all[kept - 1]) all[kept++] = all[read] as number;
  }
  return all.subarray(0, kept);
}

/** The positions in both lists, ascending: a merge, or a binary search of each of a much shorter list's. */
function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const found = new Int32Array(short.length);
  let kept = 0;
  if (short.length * 16 < long.length) {
    let from = 0;
    for (const position of short) {
      let low = from;
      let high = long.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((long[middle] as number) < position) low = middle + 1;
        else high = middle;
      }
      if (long[low] === position) found[kept++] = position;
      from = low;
    }
  } else {
    let i = 0;
    let j = 0;
    while (i < short.length && j < long.length) {
      const x = short[i] as number;
      const y = long[j] as number;
      if (x === y) {
        found[kept++] = x;
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
  }
  return found.subarray(0, kept);
}
