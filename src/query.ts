// Request parameters ⇄ Query: parseQuery reads filter/groupby/top/skip/processedDateTime, toQueryString writes them.

import { type Filter, hasLoneSurrogate } from './ast.js';
import { describeValue, FilterError, withStackGuard } from './errors.js';
import { ownElement, ownProperties } from './own.js';
import { parseFilter, parseGroupBy, parseOrderBy } from './parse.js';
import { printFilter, printGroupBy, printOrderBy } from './print.js';
import {
  type AggregationLevel,
  aggregationLevels,
  allowsExtension,
  type Field,
  type FieldDefinitions,
  type FilterableFieldName,
  type GroupableFieldName,
  type Limits,
  requireSchema,
  type Schema,
  validatedField,
} from './schema.js';
import { checkFilterShape, isArrayOfStrings } from './shape.js';
import { closestName } from './suggest.js';
import { checkFilter, checkGroupBy, checkOrderBy, isDateTime, parameterNotInProfile } from './validate.js';
import { type BucketLevel, canonicalDateTime, snapshotField } from './values.js';

/** `asc` (the default) puts nulls first; `desc` is its exact reverse (SPEC §7). */
export type OrderDirection = 'asc' | 'desc';

/** One item of `orderby`: a field (grouped: a groupby field or a measure) and its direction. */
export interface OrderItem<F extends string = string> {
  readonly field: F;
  readonly direction: OrderDirection;
}

/** A request to an analytics endpoint, parsed and validated. */
export interface Query<G extends string = string, F extends string = string> {
  readonly filter?: Filter<F>;
  readonly groupBy?: readonly G[];
  /** Sort keys before the default order (which still breaks ties); needs the profile's `orderby` extension. */
  readonly orderBy?: readonly OrderItem[];
  /**
   * How grouped datetimes are bucketed; absent: the profile's default, else the exact instant. Only with a
   * groupby; needs the profile's `aggregationLevel` extension.
   */
  readonly aggregationLevel?: AggregationLevel;
  /**
   * Rows per page, 1..10000 (a request's range). Code may ask for every row or group in one call with
   * `Infinity`, which runQuery and toSql take and toQueryString refuses (no request can carry it).
   */
  readonly top: number;
  /** Rows to skip, 0..2^31-1. */
  readonly skip: number;
  /** The snapshot to read (ISO 8601); absent means the latest. */
  readonly processedDateTime?: string;
}

/** What toQueryString takes: a Query whose top and skip may be left to their defaults. */
export type QueryInput<G extends string = string, F extends string = string> = Omit<Query<G, F>, 'top' | 'skip'> & {
  readonly top?: number;
  readonly skip?: number;
};

/**
 * A groupby for schema `S`: a list written in the code (a tuple) must name groupable fields of the schema, so
 * a misspelt one does not compile; a list known only at run time (`string[]`) is checked when it is used.
 */
export type GroupByOf<S extends Schema, G extends readonly string[]> = G &
  (number extends G['length'] ? unknown : readonly GroupableFieldName<S>[]);

/** The query of a schema, with its field names as literal types. */
export type QueryOf<S> =
  S extends Schema<FieldDefinitions> ? Query<GroupableFieldName<S>, FilterableFieldName<S>> : never;

export type QueryParameters =
  | string
  | URLSearchParams
  | Readonly<Record<string, string | number | readonly string[] | undefined>>;

export interface ParseQueryOptions<S extends Schema = Schema> {
  readonly schema: S;
  readonly limits?: Partial<Limits>;
  /** Ignore parameters other than the five (and their `$` forms) instead of rejecting them. */
  readonly allowUnknownParameters?: boolean;
  /** Let a parameter repeat, the last one winning, instead of rejecting the request. */
  readonly allowRepeatedParameters?: boolean;
}

export interface QueryStringOptions<S extends Schema = Schema> {
  /** `'$'` writes `$filter`, `$top`, … as OData services spell them; default `''` as Partner Center does. */
  readonly prefix?: '' | '$';
  /**
   * When given, every part is checked against it before it is written (orderBy and aggregationLevel as the
   * parameters are read), and datetime literals take its profile's form (`cast(…)` for the Partner Center presets).
   */
  readonly schema?: S;
}

export const defaultTop = 10_000;
export const maxTop = 10_000;
export const maxSkip = 2 ** 31 - 1;

const queryKeys = ['filter', 'groupBy', 'top', 'skip', 'processedDateTime'] as const;
const parameterNames = ['filter', 'groupby', 'top', 'skip', 'processedDateTime'] as const;
type ParameterName = (typeof parameterNames)[number];

/**
 * Reads the parameters of a request into a validated Query. `params` may be a query string (a leading `?`
 * or a whole URL is fine), URLSearchParams, or a record such as Express's `req.query`.
 *
 * @example
 * parseQuery('filter=workloadCode%20eq%20%27SFB%27&groupby=channel&top=100', { schema: partnerCenter.licenseUsage })
 * // → { filter: { kind: 'compare', … }, groupBy: ['channel'], top: 100, skip: 0 }
 */
export function parseQuery<S extends Schema>(params: QueryParameters, options: ParseQueryOptions<S>): QueryOf<S> {
  const { schema, limits, allowUnknownParameters, allowRepeatedParameters } =
    typeof options === 'object' && options !== null
      ? ownProperties(options, ['schema', 'limits', 'allowUnknownParameters', 'allowRepeatedParameters'])
      : ({} as Record<string, undefined>);
  requireSchema(schema, 'parseQuery');
  const known = parametersOf(schema);
  const values = new Map<QueryParameterName, string>();
  const spellings = new Map<QueryParameterName, string>();
  for (const [name, value] of readEntries(params)) {
    const bare = name.startsWith('$') ? name.slice(1) : name;
    // An alias is another spelling of a parameter's name (subscriptions' `groupBy`), with or without the `$`.
    const aliases = schema.profile.parameterAliases;
    const canonical = Object.hasOwn(aliases, bare) ? aliases[bare]! : bare;
    if (!(known as readonly string[]).includes(canonical)) {
      if (allowUnknownParameters === true) continue;
      throw unknownParameter(name, [...known, ...Object.keys(aliases)]);
    }
    const parameter = canonical as QueryParameterName;
    if (values.has(parameter) && allowRepeatedParameters !== true) {
      // Only an alias is worth naming: `filter` and `$filter` are one spelling.
      const first = spellings.get(parameter)!;
      const both = first === bare ? '' : ` (as '${first}' and '${bare}')`;
      throw new FilterError(
        'INVALID_PARAMETER',
        `The parameter '${parameter}' is given more than once${both}; give it once`,
        { param: parameter },
      );
    }
    values.set(parameter, value);
    spellings.set(parameter, bare);
  }

  const filterText = present(values.get('filter'));
  const groupByText = present(values.get('groupby'));
  const orderByText = present(values.get('orderby'));
  const aggregationLevelText = present(values.get('aggregationLevel'));
  const processedDateTime = present(values.get('processedDateTime'));
  if (processedDateTime !== undefined && !isDateTime(processedDateTime)) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `processedDateTime must be an ISO 8601 date or date-time such as 2024-01-31 or 2024-01-31T00:00:00Z; got '${processedDateTime}'`,
      { param: 'processedDateTime' },
    );
  }
  if (processedDateTime !== undefined) checkSnapshotField(schema);
  const callLimits = limits !== undefined ? { limits: limits as Partial<Limits> } : {};
  const filter = filterText === undefined ? undefined : parseFilter(filterText, { schema, ...callLimits });
  const groupBy = groupByText === undefined ? undefined : parseGroupBy(groupByText, { schema, ...callLimits });
  const orderBy =
    orderByText === undefined
      ? undefined
      : parseOrderBy(orderByText, { schema, ...(groupBy !== undefined && { groupBy }), ...callLimits });
  checkAggregationLevel(aggregationLevelText, schema, groupBy ?? [], 'groupby');
  const aggregationLevel = aggregationLevelText as AggregationLevel | undefined;
  const query = {
    ...(filter !== undefined && { filter }),
    ...(groupBy !== undefined && { groupBy }),
    ...(orderBy !== undefined && { orderBy }),
    ...(aggregationLevel !== undefined && { aggregationLevel }),
    top: readWholeNumber(values.get('top'), 'top', 1, maxTop, defaultTop),
    skip: readWholeNumber(values.get('skip'), 'skip', 0, maxSkip, 0),
    ...(processedDateTime !== undefined && { processedDateTime }),
  };
  return query as unknown as QueryOf<S>;
}

/**
 * The URL query string of a query (no leading `?`): percent-encoded with `%20` for a space and `%27` for
 * a quote, parameters in a fixed order (filter, groupby, orderby, aggregationLevel, top, skip,
 * processedDateTime), defaults left out. With `{ schema }`, every part is checked against it first and its
 * datetime literals are written in the profile's form (`cast(…)` for the Partner Center presets).
 *
 * @example
 * toQueryString({ filter: parseFilter("workloadCode eq 'SFB'", { schema }), top: 100 })
 * // → 'filter=workloadCode%20eq%20%27SFB%27&top=100'
 */
export function toQueryString<S extends Schema = Schema, const G extends readonly string[] = readonly string[]>(
  query: Omit<QueryInput, 'groupBy'> & { readonly groupBy?: GroupByOf<S, G> },
  options: QueryStringOptions<S> = {},
): string {
  if (typeof query !== 'object' || query === null) {
    throw new FilterError('INVALID_PARAMETER', 'toQueryString takes a query object such as { filter, top }');
  }
  if (typeof options !== 'object' || options === null) {
    throw new FilterError('INVALID_PARAMETER', 'toQueryString takes options such as { prefix, schema } or none');
  }
  const { prefix = '', schema } = ownProperties(options, ['prefix', 'schema']);
  if (prefix !== '' && prefix !== '$') {
    throw new FilterError('INVALID_PARAMETER', "toQueryString's prefix is '' or '$'");
  }
  const { filter, groupBy, orderBy, aggregationLevel, top, skip, processedDateTime } = ownProperties(
    query,
    queryStringKeys,
  );
  if (schema !== undefined) requireSchema(schema, 'toQueryString');

  const parts: string[] = [];
  if (filter !== undefined) {
    const text = printFilter(filter as Filter, schema === undefined ? {} : { schema });
    if (schema !== undefined) {
      withStackGuard('filter', () => checkFilter(filter as Filter, schema, { limits: schema.limits }));
    }
    parts.push(`${prefix}filter=${encodeComponent(text, 'filter')}`);
  }
  if (groupBy !== undefined && !isArrayOfStrings(groupBy)) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `groupBy must be an array of field names; got ${describeValue(groupBy)}`,
      {
        param: 'groupby',
      },
    );
  }
  if (groupBy !== undefined && groupBy.length > 0) {
    const text = printGroupBy(groupBy);
    if (schema !== undefined)
      checkGroupBy(
        groupBy.map((name) => ({ name })),
        schema,
      );
    parts.push(`${prefix}groupby=${encodeComponent(text, 'groupby')}`);
  }
  const grouping = groupBy ?? [];
  resolveOrderBy(orderBy, schema, grouping);
  if (Array.isArray(orderBy) && orderBy.length > 0) {
    parts.push(`${prefix}orderby=${encodeComponent(printOrderBy(orderBy as readonly OrderItem[]), 'orderby')}`);
  }
  checkAggregationLevel(aggregationLevel, schema, grouping);
  if (aggregationLevel !== undefined) parts.push(`${prefix}aggregationLevel=${aggregationLevel}`);
  if (top === Number.POSITIVE_INFINITY) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `top: Infinity asks runQuery or toSql for every row, but a request's top is 1 to ${maxTop}: page with top and skip instead`,
      { param: 'top' },
    );
  }
  if (top !== undefined && checkWholeNumber(top, 'top', 1, maxTop) !== defaultTop) parts.push(`${prefix}top=${top}`);
  if (skip !== undefined && checkWholeNumber(skip, 'skip', 0, maxSkip) !== 0) parts.push(`${prefix}skip=${skip}`);
  if (processedDateTime !== undefined) {
    if (typeof processedDateTime !== 'string' || !isDateTime(processedDateTime)) {
      throw new FilterError(
        'INVALID_PARAMETER',
        'processedDateTime must be an ISO 8601 date or date-time such as 2024-01-31',
        {
          param: 'processedDateTime',
        },
      );
    }
    parts.push(`${prefix}processedDateTime=${encodeComponent(processedDateTime, 'processedDateTime')}`);
  }
  return parts.join('&');
}

// The Query's own keys that toQueryString writes, in the order it writes them.
const queryStringKeys = [
  'filter',
  'groupBy',
  'orderBy',
  'aggregationLevel',
  'top',
  'skip',
  'processedDateTime',
] as const;

/** An orderby item checked against a schema: its field, and whether it sorts descending. */
export interface OrderKey {
  readonly field: Field;
  readonly descending: boolean;
}

/**
 * A Query's orderBy (from parseQuery, or built in code) checked against a schema as the orderby parameter is:
 * the profile takes it, and checkOrderBy's rules. An empty list asks for nothing and is allowed under any
 * profile (toQueryString writes nothing for it). Without a schema only its shape is checked.
 */
function resolveOrderBy(orderBy: unknown, schema: Schema | undefined, groupBy: readonly string[]): OrderKey[] {
  if (orderBy === undefined || (Array.isArray(orderBy) && orderBy.length === 0)) return [];
  const fail = (item: unknown, index: number) =>
    new FilterError(
      'INVALID_PARAMETER',
      `orderBy[${index}] must be { field, direction: 'asc' | 'desc' }; got ${describeValue(item)}`,
      { param: 'orderby' },
    );
  if (!Array.isArray(orderBy)) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `orderBy must be an array of { field, direction }; got ${describeValue(orderBy)}`,
      { param: 'orderby' },
    );
  }
  const items: { name: string; direction: OrderDirection }[] = [];
  for (let index = 0; index < orderBy.length; index++) {
    const item = ownElement(orderBy, index);
    if (typeof item !== 'object' || item === null) throw fail(item, index);
    const { field, direction = 'asc' } = ownProperties(item, ['field', 'direction']);
    if (typeof field !== 'string' || (direction !== 'asc' && direction !== 'desc')) throw fail(item, index);
    items.push({ name: field, direction });
  }
  if (schema === undefined) return [];
  if (!allowsExtension(schema, 'orderby')) throw parameterNotInProfile('orderby');
  return checkOrderBy(items, schema, groupBy).map(({ field, direction }) => ({
    field: validatedField(schema, field),
    descending: direction === 'desc',
  }));
}

/**
 * A Query's aggregationLevel checked: one of the levels, with a groupby (it buckets grouped datetimes, so a
 * query without one is refused whatever the schema), and, with `schema`, a profile that takes it.
 */
function checkAggregationLevel(
  level: unknown,
  schema: Schema | undefined,
  groupBy: readonly string[],
  // What the caller calls the groupby: the request parameter `groupby`, or a Query's `groupBy`.
  groupByName: 'groupby' | 'groupBy' = 'groupBy',
): void {
  if (level === undefined) return;
  const param = 'aggregationLevel';
  if (schema !== undefined && !allowsExtension(schema, 'aggregationLevel')) throw parameterNotInProfile(param);
  if (!(aggregationLevels as readonly unknown[]).includes(level)) {
    const suggestion = typeof level === 'string' ? closestName(level, aggregationLevels) : undefined;
    throw new FilterError(
      'INVALID_PARAMETER',
      `aggregationLevel is one of ${aggregationLevels.join(', ')}; got ${describeValue(level)}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
      { param, ...(suggestion !== undefined && { suggestion }) },
    );
  }
  if (groupBy.length === 0) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `aggregationLevel says how a grouped query buckets its datetimes; give a ${groupByName}, or leave aggregationLevel out`,
      { param },
    );
  }
}

/** A query checked against a schema, its defaults applied: what the in-memory engine and the SQL compile. */
// Every key is present, undefined when unused: reading an absent key would read Object.prototype's.
export interface ResolvedQuery {
  readonly filter: Filter | undefined;
  /** The groupby fields, in order; empty when the query does not group. */
  readonly groupBy: readonly Field[];
  readonly top: number;
  readonly skip: number;
  /** The snapshot to read, in canonical form; undefined for the latest in the data. */
  readonly processedDateTime: string | undefined;
  /** The orderby keys, before the default order; empty when the query names none. */
  readonly orderBy: readonly OrderKey[];
  /** How grouped datetimes are bucketed: the query's level, else the profile's; undefined for the exact instant. */
  readonly bucket: BucketLevel | undefined;
}

/**
 * Checks a query (from parseQuery, or built in code) against the schema and applies the defaults. A query
 * built in code has skipped parseQuery, so every part is checked again here: a FilterError, never a TypeError.
 */
export function resolveQuery(query: unknown, schema: Schema): ResolvedQuery {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new FilterError('INVALID_PARAMETER', 'Expected a query object such as { filter, groupBy, top, skip }');
  }
  const { filter, groupBy, top, skip, processedDateTime, orderBy, aggregationLevel } = ownProperties(query, [
    ...queryKeys,
    'orderBy',
    'aggregationLevel',
  ]);
  if (filter !== undefined) {
    withStackGuard('filter', () => {
      checkFilterShape(filter);
      checkFilter(filter, schema, { limits: schema.limits });
    });
  }
  const groupFields = resolveGroupBy(groupBy, schema);
  const groupNames = groupFields.map((field) => field.name);
  checkAggregationLevel(aggregationLevel, schema, groupNames);
  const level = (aggregationLevel as AggregationLevel | undefined) ?? schema.profile.aggregationLevel ?? 'dateRange';
  return {
    filter: filter as Filter | undefined,
    groupBy: groupFields,
    orderBy: resolveOrderBy(orderBy, schema, groupNames),
    bucket: groupFields.length === 0 || level === 'dateRange' ? undefined : level,
    top: top === undefined ? defaultTop : checkTop(top),
    skip: skip === undefined ? 0 : checkWholeNumber(skip, 'skip', 0, maxSkip),
    processedDateTime: processedDateTime === undefined ? undefined : resolveSnapshot(processedDateTime, schema),
  };
}

// A request's top is 1..10000 (parseQuery); code may also ask for everything, which only Infinity says.
function checkTop(top: unknown): number {
  if (top === Number.POSITIVE_INFINITY) return top;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > maxTop) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `top must be a whole number from 1 to ${maxTop}, or Infinity for every row; got ${describeValue(top)}`,
      { param: 'top' },
    );
  }
  return top;
}

function resolveGroupBy(groupBy: unknown, schema: Schema): Field[] {
  if (groupBy === undefined) return [];
  if (!isArrayOfStrings(groupBy)) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `groupBy must be an array of field names; got ${describeValue(groupBy)}`,
      {
        param: 'groupby',
      },
    );
  }
  const names = checkGroupBy(
    groupBy.map((name) => ({ name })),
    schema,
  );
  // checkGroupBy has refused every name that is not a groupable field of the schema.
  return names.map((name) => validatedField(schema, name));
}

function resolveSnapshot(value: unknown, schema: Schema): string {
  const canonical = typeof value === 'string' ? canonicalDateTime(value) : undefined;
  if (canonical === undefined) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `processedDateTime must be an ISO 8601 date or date-time such as 2024-01-31 or 2024-01-31T00:00:00Z; got ${describeValue(value)}`,
      { param: 'processedDateTime' },
    );
  }
  checkSnapshotField(schema);
  return canonical;
}

function checkSnapshotField(schema: Schema): void {
  if (snapshotField(schema) === undefined) {
    throw new FilterError(
      'INVALID_PARAMETER',
      'This schema has no processedDateTime field (a datetime), so a query cannot name a snapshot; leave processedDateTime out',
      { param: 'processedDateTime' },
    );
  }
}

function readEntries(params: unknown): [string, string][] {
  if (typeof params === 'string') return [...searchParamsOf(params)];
  if (params instanceof URLSearchParams) return [...params];
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new FilterError(
      'INVALID_PARAMETER',
      'parseQuery takes a query string, URLSearchParams or a record of parameters',
    );
  }
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'string') entries.push([name, value]);
    else if (typeof value === 'number' && Number.isFinite(value)) entries.push([name, String(value)]);
    else if (isArrayOfStrings(value)) {
      for (const item of value) entries.push([name, item]);
    } else {
      throw new FilterError('INVALID_PARAMETER', `The parameter '${name}' must be text`, { param: name });
    }
  }
  return entries;
}

// A whole URL or a request path (`req.url`) carries its parameters after the `?`; anything else is
// the query string itself, where a `?` is just a character (URLSearchParams reads it so too).
function searchParamsOf(text: string): URLSearchParams {
  const isUrl = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text);
  if (!isUrl && !text.startsWith('/')) return new URLSearchParams(text);
  try {
    return new URL(text, 'http://localhost').searchParams;
  } catch {
    throw new FilterError('INVALID_PARAMETER', `parseQuery could not read '${text.slice(0, 200)}' as a URL`);
  }
}

/** The parameters an extension adds: each is named as its extension is. */
const extensionParameterNames = ['orderby', 'aggregationLevel'] as const;
type QueryParameterName = ParameterName | (typeof extensionParameterNames)[number];

/** The parameters a schema's queries take: the five, and those of the profile's extensions. */
function parametersOf(schema: Schema): QueryParameterName[] {
  return [...parameterNames, ...extensionParameterNames.filter((name) => allowsExtension(schema, name))];
}

// `filter=` with nothing after it is how many clients say "no filter"; read it as absent.
function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function unknownParameter(name: string, known: readonly string[]): FilterError {
  const bare = name.startsWith('$') ? name.slice(1) : name;
  const suggestion = closestName(bare, known);
  const hint =
    suggestion === undefined
      ? `the parameters are ${known.join(', ')}`
      : `did you mean '${name.startsWith('$') ? '$' : ''}${suggestion}'?`;
  return new FilterError('UNKNOWN_PARAMETER', `Unknown parameter '${name}'; ${hint}`, {
    param: name,
    ...(suggestion !== undefined && { suggestion }),
  });
}

function readWholeNumber(
  text: string | undefined,
  param: ParameterName,
  min: number,
  max: number,
  fallback: number,
): number {
  if (text === undefined) return fallback;
  const value = /^[0-9]{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new FilterError('INVALID_PARAMETER', `${param} must be a whole number from ${min} to ${max}; got '${text}'`, {
      param,
    });
  }
  return value;
}

export function checkWholeNumber(value: unknown, param: ParameterName, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `${param} must be a whole number from ${min} to ${max}; got ${describeValue(value)}`,
      {
        param,
      },
    );
  }
  return value;
}

// encodeURIComponent leaves ! ' ( ) * bare; Partner Center's own examples encode the quote as %27,
// and a bare quote or parenthesis is what breaks naive proxies and log parsers. A comma and a colon
// are legal in a query (RFC 3986) and stay bare, so `groupby=workloadCode,channel` reads as in the docs.
function encodeComponent(text: string, param: string): string {
  if (hasLoneSurrogate(text)) {
    throw new FilterError(
      'INVALID_LITERAL',
      `The ${param} holds an unpaired UTF-16 surrogate, which cannot be put in a URL`,
      {
        param,
      },
    );
  }
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2C/g, ',')
    .replace(/%3A/g, ':');
}
