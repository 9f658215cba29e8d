// The in-memory query engine: snapshot, filter, group and aggregate, order, page — in one pass over an array or
// any iterable of rows (runQuery), or over a stream (runQueryAsync); the pass itself is src/scan.ts.

import type { Value } from './ast.js';
import { describeValue, FilterError } from './errors.js';
import { ownProperties } from './own.js';
import { type PredicateMode, predicateOf } from './predicate.js';
import {
  type GroupByOf,
  maxSkip,
  type OrderKey,
  type Query,
  type QueryInput,
  resolveQuery,
  toQueryString,
} from './query.js';
import { type GroupRow, type ScanPlan, type ScanResult, scanRows, scanRowsAsync } from './scan.js';
import { type Field, type FieldType, type MeasureName, requireSchema, type Schema } from './schema.js';
import { type AnyRow, compareValues, fieldReaderOf, fieldsOf, snapshotField } from './values.js';

export interface RunQueryOptions<S extends Schema = Schema> {
  readonly schema: S;
  /**
   * Where the next page is fetched: `https://host` (the schema's endpoint path is added, `servedAt`), or a URL
   * with its own path, used as it is. Without it `nextLink` is the endpoint path and query alone.
   */
  readonly baseUrl?: string;
  readonly predicateMode?: PredicateMode;
}

export type { GroupByOf } from './query.js';
export type { GroupRow } from './scan.js';

/** What a grouped row holds for a groupby field of this type: datetimes as their canonical text. */
export type GroupValueOfType<T extends FieldType> = T extends 'number'
  ? number
  : T extends 'boolean'
    ? boolean
    : string;

/**
 * A grouped row of schema `S` grouped by the fields `G`: each of them (null for the rows without one) and
 * every measure, summed or counted.
 */
export type GroupRowOf<S, G extends string> =
  S extends Schema<infer F>
    ? {
        [K in (G | MeasureName<S>) & keyof F & string]: K extends MeasureName<S>
          ? number
          : GroupValueOfType<F[K]['type']> | null;
      }
    : never;

/**
 * A grouped row when the groupby is known only at run time (from parseQuery, or a list of strings): some of
 * the fields `G`, and every measure.
 */
export type SomeGroupRowOf<S, G extends string> = Partial<GroupRowOf<S, G>> & GroupRowOf<S, never>;

/** A query runQuery takes for schema `S`, grouped by `G`. */
export type RunQueryInput<S extends Schema, G extends readonly string[]> = Omit<QueryInput, 'groupBy'> & {
  readonly groupBy?: GroupByOf<S, G>;
};

/**
 * What runQuery answers for rows `R` grouped by `G`: the rows themselves without a groupby, group rows with
 * one written in the code (`['channel']`), and either when the groupby is known only at run time.
 */
export type RunQueryResult<S, R, G extends readonly string[]> = QueryResult<
  G extends readonly [] ? R : number extends G['length'] ? R | SomeGroupRowOf<S, G[number]> : GroupRowOf<S, G[number]>
>;

export interface QueryResult<R = AnyRow> {
  /** The page: the rows themselves (not copies) without groupby, new group rows with it. */
  readonly value: R[];
  /** The same request with `skip` advanced, when more rows remain. */
  readonly nextLink?: string;
  /** Rows (or groups) in the whole result, before paging. */
  readonly totalCount: number;
}

/** Partner Center's wire shape of an analytics response. */
export interface ResponseBody<R = AnyRow> {
  readonly Value: R[];
  readonly '@nextLink'?: string;
  readonly TotalCount: number;
}

/**
 * Runs a query over cached rows as Partner Center would: the snapshot (`processedDateTime`, default the
 * latest in the data), the filter, the groupby (datetimes bucketed by the aggregationLevel) with every measure
 * summed or counted, the orderby then the order of SPEC §3, and the page.
 *
 * @example
 * const query = parseQuery(req.url, { schema });
 * res.json(toResponseBody(runQuery(rows, query, { schema, baseUrl: 'https://api.example.com' })));
 */
export function runQuery<S extends Schema, R extends AnyRow, const G extends readonly string[] = readonly []>(
  rows: Iterable<R>,
  query: RunQueryInput<S, G>,
  options: RunQueryOptions<S>,
): RunQueryResult<S, R, G> {
  const settings = readOptions('runQuery', query, options);
  if (rows === null || typeof (rows as Partial<Iterable<AnyRow>>)?.[Symbol.iterator] !== 'function') {
    throw new FilterError(
      'INVALID_PARAMETER',
      `runQuery takes an array or iterable of rows; got ${describeValue(rows)}`,
    );
  }
  const plan = planQuery(query, settings);
  return answer(scanRows(rows, plan, settings.predicateMode), plan, query, settings) as RunQueryResult<S, R, G>;
}

/**
 * runQuery over rows an index has chosen (src/row-store.ts), in input order: every row of the snapshot that can
 * match. With `filterAnswered` every one of them matches the filter, which is then not tested again.
 */
export function runChosenRows(
  rows: readonly AnyRow[],
  query: QueryInput,
  options: RunQueryOptions,
  filterAnswered: boolean,
  latest: string | undefined,
): QueryResult<AnyRow | GroupRow> {
  const settings = readOptions('query', query, options);
  const planned = planQuery(query, settings, filterAnswered);
  // The latest snapshot of all the rows, not of those chosen; a query that names one reads that one.
  const plan = { ...planned, snapshotKey: planned.snapshotKey ?? latest };
  return answer(scanRows(rows, plan, settings.predicateMode), plan, query, settings);
}

/**
 * runQuery over a stream of rows (an async iterable, such as a file read line by line, or any iterable),
 * holding only what the answer needs: one group per group, or without groupby a window of the rows that
 * can still reach the page (about twice skip + top), never the whole stream.
 *
 * @example
 * const result = await runQueryAsync(rowsOf(file), query, { schema });
 */
export function runQueryAsync<S extends Schema, R extends AnyRow, const G extends readonly string[] = readonly []>(
  rows: AsyncIterable<R> | Iterable<R>,
  query: RunQueryInput<S, G>,
  options: RunQueryOptions<S>,
): Promise<RunQueryResult<S, R, G>> {
  return streamQuery(rows, query, options) as Promise<RunQueryResult<S, R, G>>;
}

/** runQueryAsync with the window's floor open to tests, which set it low to cut the window often. */
export async function streamQuery<S extends Schema>(
  rows: AsyncIterable<AnyRow> | Iterable<AnyRow>,
  query: QueryInput,
  options: RunQueryOptions<S>,
  windowFloor = 8192,
): Promise<QueryResult<AnyRow | GroupRow>> {
  const settings = readOptions('runQueryAsync', query, options);
  const isStream =
    rows !== null &&
    (typeof (rows as Partial<AsyncIterable<AnyRow>>)?.[Symbol.asyncIterator] === 'function' ||
      typeof (rows as Partial<Iterable<AnyRow>>)?.[Symbol.iterator] === 'function');
  if (!isStream) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `runQueryAsync takes an async iterable or an iterable of rows; got ${describeValue(rows)}`,
    );
  }
  const plan = planQuery(query, settings);
  const wanted = plan.skip + plan.top;
  const window = {
    limit: Math.max(2 * wanted, windowFloor),
    // Kept rows come before newer ones, so the stable order keeps ties in input order.
    firstInOrder: (kept: AnyRow[]) => pageInOrder(kept, plan.rowOrder, 0, wanted),
  };
  const scanned = await scanRowsAsync(rows, { ...plan, window }, settings.predicateMode);
  return answer(scanned, plan, query, settings);
}

/** The options as read once: their own properties only, checked. */
interface Settings {
  readonly schema: Schema;
  readonly baseUrl: string | undefined;
  readonly predicateMode: PredicateMode;
}

function readOptions(api: string, query: unknown, options: unknown): Settings {
  const { schema, baseUrl, predicateMode } =
    typeof options === 'object' && options !== null
      ? ownProperties(options, ['schema', 'baseUrl', 'predicateMode'])
      : { schema: undefined, baseUrl: undefined, predicateMode: undefined };
  requireSchema(schema, api);
  if (typeof query !== 'object' || query === null) {
    throw new FilterError('INVALID_PARAMETER', `${api} takes a query such as parseQuery returns`);
  }
  if (baseUrl !== undefined && (typeof baseUrl !== 'string' || /[?#]/.test(baseUrl))) {
    throw new FilterError(
      'INVALID_PARAMETER',
      'baseUrl is a URL without query or fragment, such as https://api.example.com',
      { param: 'baseUrl' },
    );
  }
  const mode = predicateMode ?? 'auto';
  if (mode !== 'auto' && mode !== 'compiled' && mode !== 'closure') {
    throw new FilterError('INVALID_PARAMETER', "predicateMode is 'auto', 'compiled' or 'closure'", {
      param: 'predicateMode',
    });
  }
  return { schema, baseUrl, predicateMode: mode };
}

/** The page of what the pass kept, its total count, and the link to the next page. */
function answer(
  scanned: ScanResult,
  plan: QueryPlan,
  query: Query | QueryInput,
  options: Settings,
): QueryResult<AnyRow | GroupRow> {
  const page =
    plan.groupFields === undefined
      ? pageInOrder(scanned.kept as AnyRow[], plan.rowOrder, plan.skip, plan.top)
      : pageInOrder(scanned.kept as GroupRow[], plan.groupOrder, plan.skip, plan.top);
  const totalCount = scanned.count;
  const nextSkip = nextPageSkip(plan.skip, plan.top, totalCount);
  if (nextSkip === undefined) return { value: page, totalCount };
  const nextQuery = { ...query, top: plan.top, skip: nextSkip };
  return { value: page, nextLink: linkTo(nextQuery, options), totalCount };
}

/**
 * Where the page after `skip` and `top` starts, or undefined when none is left: the one rule for a next link,
 * which a server answering from another source (PostgreSQL) follows too.
 */
export function nextPageSkip(skip: number, top: number, totalCount: number): number | undefined {
  const next = skip + top;
  return next >= totalCount || next > maxSkip ? undefined : next;
}

/** The body Partner Center sends for a result: `{ Value, @nextLink?, TotalCount }`. */
export function toResponseBody<R>(result: QueryResult<R>): ResponseBody<R> {
  if (typeof result !== 'object' || result === null) {
    throw new FilterError('INVALID_PARAMETER', 'toResponseBody takes the result of runQuery');
  }
  const { value, nextLink, totalCount } = ownProperties(result, ['value', 'nextLink', 'totalCount']);
  if (!Array.isArray(value)) throw new FilterError('INVALID_PARAMETER', 'toResponseBody takes the result of runQuery');
  // Partner Center's order of keys: Value, @nextLink, TotalCount.
  return nextLink === undefined
    ? { Value: value as R[], TotalCount: totalCount as number }
    : { Value: value as R[], '@nextLink': nextLink as string, TotalCount: totalCount as number };
}

// ---- the plan ----

interface QueryPlan extends ScanPlan {
  readonly top: number;
  readonly skip: number;
  /** The sort keys of ungrouped rows, and of group rows: only the one for the query's shape is used. */
  readonly rowOrder: readonly SortKey<AnyRow>[];
  readonly groupOrder: readonly SortKey<GroupRow>[];
}

// filterAnswered: every row the plan reads matches the filter (an index chose them), so no predicate is made.
function planQuery(query: Query | QueryInput, settings: Settings, filterAnswered = false): QueryPlan {
  const { schema, predicateMode } = settings;
  const resolved = resolveQuery(query, schema);
  const { filter, groupBy, top, skip, processedDateTime, orderBy, bucket } = resolved;
  const predicate = filter === undefined || filterAnswered ? undefined : predicateOf(filter, schema, predicateMode);
  return {
    predicate,
    snapshot: snapshotField(schema),
    snapshotKey: processedDateTime,
    groupFields: groupBy.length > 0 ? groupBy : undefined,
    bucket,
    measures: fieldsOf(schema).filter((field) => field.isMeasure),
    window: undefined,
    top,
    skip,
    rowOrder: sortKeys(orderBy, fieldsOf(schema), fieldReaderOf),
    groupOrder: sortKeys(orderBy, groupBy, (field) => (group: GroupRow) => group[field.name] ?? null),
  };
}

// ---- orderby ----

/**
 * The sort keys: the orderby items in order, then the default order (the groupby fields, or every schema field
 * in schema order) without the fields already listed, ascending.
 */
function sortKeys<T>(
  orderBy: readonly OrderKey[],
  defaults: readonly Field[],
  readerOf: (field: Field) => KeyReader<T>,
): SortKey<T>[] {
  const listed = orderBy.map((key) => key.field);
  return [
    ...orderBy.map((key) => ({ read: readerOf(key.field), descending: key.descending })),
    ...defaults
      .filter((field) => !listed.includes(field))
      .map((field) => ({ read: readerOf(field), descending: false })),
  ];
}

// ---- order ----

type KeyReader<T> = (item: T) => Value;

/** One sort key: ascending is compareValues (null first); descending its exact reverse (null last). */
interface SortKey<T> {
  readonly read: KeyReader<T>;
  readonly descending: boolean;
}

interface Ranked<T> {
  readonly item: T;
  /** Position in the input: ties keep input order, as a stable sort would. */
  readonly index: number;
  readonly values: readonly Value[];
}

type RankedOrder<T> = (a: Ranked<T>, b: Ranked<T>) => number;

/**
 * The items at positions skip … skip + top − 1 of the order the keys define (ties in input order). A page near
 * the front of a large result is chosen with a bounded max-heap: n·log(k) comparisons, a candidate's keys read
 * one at a time and usually refused on the first, instead of sorting (and reading every key of) every row.
 */
function pageInOrder<T>(items: readonly T[], keys: readonly SortKey<T>[], skip: number, top: number): T[] {
  const wanted = Math.min(items.length, skip + top);
  const readers = keys.map((key) => key.read);
  const signs = keys.map((key) => (key.descending ? -1 : 1));
  const compare = rankedOrder<T>(signs);
  const rank = (item: T, index: number): Ranked<T> => ({ item, index, values: readers.map((read) => read(item)) });
  if (wanted * 4 > items.length) return sortedByRanks(items, readers, signs).slice(skip, wanted);
  // heap[0] is the last, in order, of the `wanted` first items seen so far.
  const heap: Ranked<T>[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as T;
    if (heap.length < wanted) {
      heap.push(rank(item, index));
      siftUp(heap, heap.length - 1, compare);
    } else if (wanted > 0 && precedes(item, readers, signs, heap[0] as Ranked<T>)) {
      heap[0] = rank(item, index);
      siftDown(heap, 0, compare);
    }
  }
  return heap
    .sort(compare)
    .slice(skip)
    .map((entry) => entry.item);
}

/**
 * The items in the order of the keys, ties in input order, sorted without calling compareValues per comparison:
 * each key's distinct values are sorted once (a few thousand tenants, not the 245,000 groups they make) and every
 * item gets their dense ranks. When the ranks of all keys and the position fit in one exact integer (2^53), the
 * items sort as one Float64Array of numbers, natively; otherwise as positions compared rank by rank.
 */
function sortedByRanks<T>(items: readonly T[], readers: readonly KeyReader<T>[], signs: readonly number[]): T[] {
  const count = items.length;
  const columns = readers.map((read, key) => rankColumn(items, read, signs[key] as number));
  let span = count;
  for (const column of columns) span *= column.distinct;
  if (span <= Number.MAX_SAFE_INTEGER) {
    const order = new Float64Array(count);
    for (let index = 0; index < count; index++) {
      let packed = 0;
      for (const column of columns) packed = packed * column.distinct + (column.ranks[index] as number);
      order[index] = packed * count + index;
    }
    order.sort();
    const sorted = new Array<T>(count);
    for (let at = 0; at < count; at++) sorted[at] = items[(order[at] as number) % count] as T;
    return sorted;
  }
  const positions = Array.from({ length: count }, (_, index) => index);
  positions.sort((a, b) => {
    for (const { ranks } of columns) {
      const order = (ranks[a] as number) - (ranks[b] as number);
      if (order !== 0) return order;
    }
    return a - b;
  });
  return positions.map((index) => items[index] as T);
}

interface RankColumn {
  /** Each item's value's place among the key's distinct values, 0-based, in the key's direction. */
  readonly ranks: Int32Array;
  readonly distinct: number;
}

function rankColumn<T>(items: readonly T[], read: KeyReader<T>, sign: number): RankColumn {
  // Map keys are equal as compareValues says equal: SameValueZero, and no NaN is ever read.
  const idOf = new Map<Value, number>();
  const values: Value[] = [];
  const ids = new Int32Array(items.length);
  for (let index = 0; index < items.length; index++) {
    const value = read(items[index] as T);
    let id = idOf.get(value);
    if (id === undefined) {
      id = values.length;
      idOf.set(value, id);
      values.push(value);
    }
    ids[index] = id;
  }
  const byValue = values
    .map((_, id) => id)
    .sort((a, b) => compareValues(values[a] as Value, values[b] as Value) * sign);
  const rankOfId = new Int32Array(values.length);
  byValue.forEach((id, rank) => {
    rankOfId[id] = rank;
  });
  for (let index = 0; index < ids.length; index++) ids[index] = rankOfId[ids[index] as number] as number;
  return { ranks: ids, distinct: values.length };
}

// A later item never precedes an equal one already kept: equal keys keep input order.
function precedes<T>(item: T, readers: readonly KeyReader<T>[], signs: readonly number[], kept: Ranked<T>): boolean {
  for (let index = 0; index < readers.length; index++) {
    const order = compareValues((readers[index] as KeyReader<T>)(item), kept.values[index] as Value);
    if (order !== 0) return order * (signs[index] as number) < 0;
  }
  return false;
}

function rankedOrder<T>(signs: readonly number[]): RankedOrder<T> {
  return (a, b) => {
    for (let index = 0; index < a.values.length; index++) {
      const order = compareValues(a.values[index] as Value, b.values[index] as Value);
      if (order !== 0) return order * (signs[index] as number);
    }
    return a.index - b.index;
  };
}

function siftUp<T>(heap: Ranked<T>[], at: number, compare: RankedOrder<T>): void {
  let child = at;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (compare(heap[child] as Ranked<T>, heap[parent] as Ranked<T>) <= 0) return;
    [heap[child], heap[parent]] = [heap[parent] as Ranked<T>, heap[child] as Ranked<T>];
    child = parent;
  }
}

function siftDown<T>(heap: Ranked<T>[], at: number, compare: RankedOrder<T>): void {
  let parent = at;
  for (;;) {
    const left = 2 * parent + 1;
    const right = left + 1;
    let largest = parent;
    if (left < heap.length && compare(heap[left] as Ranked<T>, heap[largest] as Ranked<T>) > 0) largest = left;
    if (right < heap.length && compare(heap[right] as Ranked<T>, heap[largest] as Ranked<T>) > 0) largest = right;
    if (largest === parent) return;
    [heap[parent], heap[largest]] = [heap[largest] as Ranked<T>, heap[parent] as Ranked<T>];
    parent = largest;
  }
}

// ---- the next link ----

// The path each schema's endpoint is served at, where whoever made the schema said so (a preset does).
const endpointPaths = new WeakMap<Schema, string>();

/**
 * `schema`, served at `path` (such as Partner Center's license usage path): nextLink is that path and the
 * query, or an origin `baseUrl` followed by them. Without a path nextLink is the query alone (`?top=…`),
 * relative to the URL it answers.
 */
export function servedAt<S extends Schema>(schema: S, path: string): S {
  endpointPaths.set(schema, path);
  return schema;
}

function linkTo(query: QueryInput, { schema, baseUrl }: Settings): string {
  const path = endpointPaths.get(schema) ?? '';
  const queryString = toQueryString(query);
  if (baseUrl === undefined) return `${path}?${queryString}`;
  const base = baseUrl.replace(/\/+$/, '');
  // `https://host` (or `https://host/`) gets the endpoint path; a base with a path of its own is kept.
  const isOrigin = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]+$/.test(base);
  return `${base}${isOrigin ? path || '/' : ''}?${queryString}`;
}
