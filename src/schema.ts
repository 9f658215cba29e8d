// defineSchema: the allowed fields, their types and flags, the language profile and the limits.

import { type CompareOperator, matchOperators, type Operator, operators, rangeOperators } from './ast.js';
import { describeValue, FilterError } from './errors.js';
import { ownElement, ownProperties, ownProperty } from './own.js';

export type FieldType = 'string' | 'guid' | 'number' | 'boolean' | 'datetime';

/**
 * Language extensions beyond the license endpoints' strict subset; a profile turns them on one by one.
 * `range` gives unlisted number, datetime and string fields `gt ge lt le`; `text` gives unlisted string fields
 * `contains startswith endswith` (a field that lists its `operators` takes exactly those); `cast` reads the
 * `cast('…', Edm.DateTimeOffset)` literal; `orderby` and `aggregationLevel` are query parameters.
 */
export type Extension =
  | 'not'
  | 'in'
  | 'null'
  | 'number'
  | 'boolean'
  | 'range'
  | 'text'
  | 'cast'
  | 'orderby'
  | 'aggregationLevel';

export const fieldTypes: readonly FieldType[] = ['string', 'guid', 'number', 'boolean', 'datetime'];
export const extensions: readonly Extension[] = [
  'not',
  'in',
  'null',
  'number',
  'boolean',
  'range',
  'text',
  'cast',
  'orderby',
  'aggregationLevel',
];

/** How a measure folds a group: the sum of its values, or the number of rows (its row values unread). */
export type Aggregate = 'sum' | 'count';
export const aggregates: readonly Aggregate[] = ['sum', 'count'];

/**
 * The `aggregationLevel` values (SPEC §7): grouped datetimes become the start of their UTC day, ISO week or
 * month; `dateRange` keeps the exact instant (subscriptions' documented default).
 */
export type AggregationLevel = 'day' | 'week' | 'month' | 'dateRange';
export const aggregationLevels: readonly AggregationLevel[] = ['day', 'week', 'month', 'dateRange'];

/** How the printer writes a datetime literal: `'2024-01-31T00:00:00.000Z'`, or Partner Center's `cast(…)`. */
export type DateTimeLiteralForm = 'quoted' | 'cast';

/** What a field name looks like in the language: a letter or '_' followed by letters, digits or '_'. */
export const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Words of the language (the grammar reads its keywords here); none of them can name a field. */
export const reservedWords: readonly string[] = [
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'and',
  'or',
  'not',
  'in',
  'null',
  'true',
  'false',
];

export interface FieldDefinition {
  readonly type: FieldType;
  /** SQL column; defaults to the field name. */
  readonly column?: string;
  /** Defaults to true, false for a measure. */
  readonly filterable?: boolean;
  /** Defaults to true, false for a measure. */
  readonly groupable?: boolean;
  /**
   * Makes the field a measure, never filtered or grouped by: `'sum'` adds its values into every grouped row,
   * `'count'` counts the group's rows (SPEC §7).
   */
  readonly aggregate?: Aggregate;
  /** Compare ignoring case (ASCII letters only, the same in every backend). GUIDs always do. */
  readonly caseInsensitive?: boolean;
  /**
   * The operators a filter may apply to the field, exactly. Default: `eq`, `ne`, and what the profile's `range`
   * and `text` extensions give a field of its type.
   */
  readonly operators?: readonly Operator[];
  /** May `orderby` name it? Defaults to true, false for a measure (true makes a measure orderable when ungrouped). */
  readonly orderable?: boolean;
}

export type FieldDefinitions = Readonly<Record<string, FieldDefinition>>;

export interface Limits {
  /** Longest filter or groupby text, in UTF-16 units. */
  readonly maxLength: number;
  /** Deepest nesting of parentheses and `not`. */
  readonly maxDepth: number;
  /** Most comparisons in one filter; each value of an `in` list counts as one. */
  readonly maxTerms: number;
}

export interface Profile {
  readonly extensions: readonly Extension[];
  /** The aggregationLevel of a grouped query that names none; absent: the exact instant (`dateRange`). */
  readonly aggregationLevel?: AggregationLevel;
  /** How printFilter and toQueryString write a datetime literal under this schema. Default `'quoted'`. */
  readonly dateTimeLiteral: DateTimeLiteralForm;
  /** Extra spellings of query parameters (`{ groupBy: 'groupby' }`), as an endpoint's docs write them. */
  readonly parameterAliases: Readonly<Record<string, string>>;
}

export interface ProfileDefinition {
  readonly extensions?: readonly Extension[];
  readonly aggregationLevel?: AggregationLevel;
  readonly dateTimeLiteral?: DateTimeLiteralForm;
  readonly parameterAliases?: Readonly<Record<string, string>>;
}

export interface SchemaDefinition<F extends FieldDefinitions = FieldDefinitions> {
  /** SQL table the rows live in. */
  readonly table: string;
  readonly fields: F;
  readonly profile?: ProfileDefinition;
  readonly limits?: Partial<Limits>;
}

/** A field as the schema resolved it: every default applied. */
export interface Field<N extends string = string> {
  readonly name: N;
  readonly type: FieldType;
  readonly column: string;
  readonly isFilterable: boolean;
  readonly isGroupable: boolean;
  readonly isMeasure: boolean;
  /** How a measure folds a group; undefined for a field that is not a measure. */
  readonly aggregate: Aggregate | undefined;
  readonly isOrderable: boolean;
  readonly caseInsensitive: boolean;
  /** The operators a filter may apply to it, every default applied (never `in`: that follows `eq`). */
  readonly operators: readonly Operator[];
}

export interface Schema<F extends FieldDefinitions = FieldDefinitions> {
  readonly table: string;
  /** Every field by name, in definition order (a null-prototype object: only declared names are present). */
  readonly fields: { readonly [K in keyof F & string]: Field<K> };
  readonly profile: Profile;
  readonly limits: Limits;
}

/** Every field name of a schema, as a union of string literals. */
export type FieldName<S> = S extends Schema<infer F> ? keyof F & string : never;

/** The names a filter may compare: not measures, not `filterable: false`. */
export type FilterableFieldName<S> =
  S extends Schema<infer F>
    ? {
        [K in keyof F]: F[K] extends { aggregate: Aggregate } ? never : F[K] extends { filterable: false } ? never : K;
      }[keyof F] &
        string
    : never;

/** The names a groupby may list: not measures, not `groupable: false`. */
export type GroupableFieldName<S> =
  S extends Schema<infer F>
    ? {
        [K in keyof F]: F[K] extends { aggregate: Aggregate } ? never : F[K] extends { groupable: false } ? never : K;
      }[keyof F] &
        string
    : never;

/** The measures of a schema: the fields summed (or counted) into grouped rows. */
export type MeasureName<S> =
  S extends Schema<infer F>
    ? { [K in keyof F]: F[K] extends { aggregate: Aggregate } ? K : never }[keyof F] & string
    : never;

/** The operators that apply to a field of type `T` at all (as `operatorFits` checks a definition). */
type OperatorOfType<T> = T extends 'string'
  ? Operator
  : T extends 'number' | 'datetime'
    ? CompareOperator
    : 'eq' | 'ne';

/**
 * The operators field `K` of schema `S` takes, as far as its definition says in the type: the listed ones, or
 * when it lists none, every operator that applies to its type (the profile decides among those at run time).
 */
export type OperatorOf<S, K extends string> =
  S extends Schema<infer F>
    ? K extends keyof F
      ? F[K] extends { operators: readonly (infer O)[] }
        ? O & Operator
        : OperatorOfType<F[K]['type']>
      : never
    : never;

/** The JavaScript value a field of this type holds in a row. */
export type ValueOfType<T extends FieldType> = T extends 'number'
  ? number
  : T extends 'boolean'
    ? boolean
    : T extends 'datetime'
      ? string | Date
      : string;

/** A row of a schema's table; any field may be missing or null. */
export type Row<S> = S extends Schema<infer F> ? { [K in keyof F & string]?: ValueOfType<F[K]['type']> | null } : never;

export const defaultLimits: Limits = /* @__PURE__ */ Object.freeze({ maxLength: 32_768, maxDepth: 32, maxTerms: 500 });

// Each level of nesting costs the recursive parser and the tree walkers a few stack frames;
// past this ceiling a deep filter could exhaust the stack of a small worker or browser.
const maxDepthCeiling = 1_000;

const schemas = new WeakSet<object>();

/**
 * Builds a schema. Field names stay literal types, so typed builders reject a misspelt field at compile time.
 *
 * @example
 * const schema = defineSchema({
 *   table: 'license_usage',
 *   fields: {
 *     workloadCode: { type: 'string', caseInsensitive: true },
 *     customerTenantId: { type: 'guid' },
 *     licensesActive: { type: 'number', aggregate: 'sum' },
 *   },
 *   profile: { extensions: ['in'] },
 * })
 */
export function defineSchema<const F extends FieldDefinitions>(definition: SchemaDefinition<F>): Schema<F> {
  if (!isPlainObject(definition)) throw schemaError('defineSchema takes an object with `table` and `fields`');
  checkKeys(definition, ['table', 'fields', 'profile', 'limits'], 'the schema');
  const { table, fields, profile, limits } = ownProperties(definition, ['table', 'fields', 'profile', 'limits']);
  if (typeof table !== 'string' || table.length === 0 || table.includes('\0')) {
    throw schemaError('`table` must be a non-empty string (the SQL table name)');
  }
  if (!isPlainObject(fields) || Object.keys(fields).length === 0) {
    throw schemaError('`fields` must be an object with at least one field');
  }

  const resolvedProfile = resolveProfile(profile);
  const resolved: Record<string, Field> = Object.create(null);
  const columns = new Map<string, string>();
  for (const name of Object.keys(fields)) {
    const field = resolveField(name, ownProperty(fields, name), resolvedProfile.extensions);
    const owner = columns.get(field.column);
    if (owner !== undefined) {
      throw schemaError(
        `Fields '${owner}' and '${name}' both map to column '${field.column}'; give each its own column`,
      );
    }
    columns.set(field.column, name);
    resolved[name] = field;
  }

  const schema = {
    table,
    fields: Object.freeze(resolved),
    profile: resolvedProfile,
    limits: resolveLimits(defaultLimits, limits, schemaError),
  };
  Object.freeze(schema);
  schemas.add(schema);
  return schema as unknown as Schema<F>;
}

/** True for a schema made by `defineSchema`; the public functions check this before trusting one. */
export function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && schemas.has(value);
}

/**
 * The schema a public function was given, checked: INVALID_SCHEMA, naming the function, for anything
 * defineSchema did not make. `given` says how the caller passes it: as `{ schema }` in options, or alone.
 */
export function requireSchema(
  value: unknown,
  api: string,
  given: 'option' | 'argument' = 'option',
): asserts value is Schema {
  if (isSchema(value)) return;
  const what = given === 'option' ? '{ schema }, a schema' : 'a schema';
  throw new FilterError('INVALID_SCHEMA', `${api} needs ${what} made by defineSchema (or partnerCenter.licenseUsage)`);
}

/**
 * The declared field of a name that validation has already accepted. Missing, it is a bug in the library, not in
 * the input: a plain Error (a 500 at a server), never a user's 400 code such as UNKNOWN_FIELD.
 */
export function validatedField(schema: Schema, name: string): Field {
  const field = findField(schema, name);
  if (field === undefined) throw new Error(`filterby: field '${name}' passed validation but is not in the schema`);
  return field;
}

/** The declared field of that name, or undefined: never a property inherited from Object.prototype. */
export function findField(schema: Schema, name: string): Field | undefined {
  return Object.hasOwn(schema.fields, name) ? (schema.fields as Record<string, Field>)[name] : undefined;
}

export function allowsExtension(schema: Schema, extension: Extension): boolean {
  return schema.profile.extensions.includes(extension);
}

/**
 * Limits for one call: the call's own over the schema's over the defaults.
 * `fail` makes the error: INVALID_SCHEMA for a schema's limits, INVALID_PARAMETER for a call's.
 */
export function resolveLimits(base: Limits, override: unknown, fail: (message: string) => FilterError): Limits {
  if (override === undefined) return base;
  if (!isPlainObject(override)) throw fail('`limits` must be an object such as { maxDepth: 16 }');
  checkKeys(override, ['maxLength', 'maxDepth', 'maxTerms'], '`limits`', fail);
  const limits = { ...base };
  for (const key of ['maxLength', 'maxDepth', 'maxTerms'] as const) {
    const value = ownProperty(override, key);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw fail(`\`limits.${key}\` must be a whole number of at least 1; got ${describeValue(value)}`);
    }
    limits[key] = value;
  }
  if (limits.maxDepth > maxDepthCeiling) {
    throw fail(`\`limits.maxDepth\` can be at most ${maxDepthCeiling}; got ${limits.maxDepth}`);
  }
  return Object.freeze(limits);
}

const fieldKeys = [
  'type',
  'column',
  'filterable',
  'groupable',
  'aggregate',
  'caseInsensitive',
  'operators',
  'orderable',
] as const;

function resolveField(name: string, definition: unknown, profileExtensions: readonly Extension[]): Field {
  const where = `Field '${name}'`;
  if (!identifierPattern.test(name)) {
    throw schemaError(`${where}: a field name is a letter or '_' followed by letters, digits or '_'`);
  }
  if (reservedWords.includes(name)) {
    throw schemaError(`${where}: '${name}' is a word of the filter language; give the field another name`);
  }
  if (!isPlainObject(definition))
    throw schemaError(`${where}: its definition must be an object such as { type: 'string' }`);
  checkKeys(definition, fieldKeys, where);
  const { type, column, filterable, groupable, aggregate, caseInsensitive, operators, orderable } = ownProperties(
    definition,
    fieldKeys,
  );

  if (typeof type !== 'string' || !(fieldTypes as readonly string[]).includes(type)) {
    throw schemaError(`${where}: type must be one of ${fieldTypes.join(', ')}; got ${describeValue(type)}`);
  }
  for (const [flag, value] of [
    ['filterable', filterable],
    ['groupable', groupable],
    ['caseInsensitive', caseInsensitive],
    ['orderable', orderable],
  ] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw schemaError(`${where}: \`${flag}\` must be true or false; got ${describeValue(value)}`);
    }
  }
  if (column !== undefined && (typeof column !== 'string' || column.length === 0 || column.includes('\0'))) {
    throw schemaError(`${where}: \`column\` must be a non-empty string without NUL characters`);
  }

  const isMeasure = aggregate !== undefined;
  if (isMeasure) {
    if (!(aggregates as readonly unknown[]).includes(aggregate)) {
      throw schemaError(`${where}: an aggregate is ${aggregates.join(' or ')}; got ${describeValue(aggregate)}`);
    }
    if (type !== 'number') throw schemaError(`${where}: a measure is a number field; its type is '${type}'`);
    if (filterable === true || groupable === true) {
      throw schemaError(`${where}: a measure (aggregate: '${aggregate}') can be neither filtered nor grouped by`);
    }
    if (operators !== undefined) throw schemaError(`${where}: a measure is never filtered; remove its operators`);
  }
  if (caseInsensitive === true && type !== 'string' && type !== 'guid') {
    throw schemaError(`${where}: caseInsensitive applies to string fields only; its type is '${type}'`);
  }
  if (caseInsensitive === false && type === 'guid') {
    throw schemaError(`${where}: GUIDs always compare ignoring case; remove caseInsensitive: false`);
  }

  return Object.freeze({
    name,
    type: type as FieldType,
    column: (column as string | undefined) ?? name,
    isFilterable: !isMeasure && filterable !== false,
    isGroupable: !isMeasure && groupable !== false,
    isMeasure,
    aggregate: aggregate as Aggregate | undefined,
    isOrderable: (orderable as boolean | undefined) ?? !isMeasure,
    caseInsensitive: type === 'guid' || caseInsensitive === true,
    operators: Object.freeze(resolveOperators(where, type as FieldType, operators, profileExtensions)),
  });
}

/** The types each operator applies to: the ordering four to ordered types, the substring tests to text. */
function operatorFits(operator: Operator, type: FieldType): boolean {
  if ((rangeOperators as readonly Operator[]).includes(operator)) {
    return type === 'number' || type === 'datetime' || type === 'string';
  }
  if ((matchOperators as readonly Operator[]).includes(operator)) return type === 'string';
  return true;
}

function resolveOperators(
  where: string,
  type: FieldType,
  listed: unknown,
  profileExtensions: readonly Extension[],
): Operator[] {
  if (listed === undefined) {
    const given: Operator[] = ['eq', 'ne'];
    if (profileExtensions.includes('range')) given.push(...rangeOperators.filter((op) => operatorFits(op, type)));
    if (profileExtensions.includes('text')) given.push(...matchOperators.filter((op) => operatorFits(op, type)));
    return given;
  }
  if (!Array.isArray(listed) || listed.length === 0) {
    throw schemaError(`${where}: \`operators\` must be a non-empty array such as ['eq', 'ne']`);
  }
  const chosen: Operator[] = [];
  for (let index = 0; index < listed.length; index++) {
    const operator = ownElement(listed, index);
    if (!(operators as readonly unknown[]).includes(operator)) {
      throw schemaError(
        `${where}: unknown operator ${describeValue(operator)}; the operators are ${operators.join(', ')}`,
      );
    }
    if (!operatorFits(operator as Operator, type)) {
      throw schemaError(`${where}: '${operator as string}' does not apply to a ${type} field`);
    }
    if (!chosen.includes(operator as Operator)) chosen.push(operator as Operator);
  }
  return chosen;
}

const profileKeys = ['extensions', 'aggregationLevel', 'dateTimeLiteral', 'parameterAliases'] as const;

function resolveProfile(profile: unknown): Profile {
  if (profile === undefined) return Object.freeze({ extensions: [], dateTimeLiteral: 'quoted', parameterAliases: {} });
  if (!isPlainObject(profile)) throw schemaError('`profile` must be an object such as { extensions: [] }');
  checkKeys(profile, profileKeys, '`profile`');
  const { extensions: list, aggregationLevel, dateTimeLiteral, parameterAliases } = ownProperties(profile, profileKeys);
  const chosen = resolveExtensions(list);
  if (aggregationLevel !== undefined) {
    if (!(aggregationLevels as readonly unknown[]).includes(aggregationLevel)) {
      throw schemaError(
        `\`profile.aggregationLevel\` is one of ${aggregationLevels.join(', ')}; got ${describeValue(aggregationLevel)}`,
      );
    }
    if (!chosen.includes('aggregationLevel')) {
      throw schemaError("`profile.aggregationLevel` needs the 'aggregationLevel' extension on");
    }
  }
  if (dateTimeLiteral !== undefined && dateTimeLiteral !== 'quoted' && dateTimeLiteral !== 'cast') {
    throw schemaError(`\`profile.dateTimeLiteral\` is 'quoted' or 'cast'; got ${describeValue(dateTimeLiteral)}`);
  }
  if (dateTimeLiteral === 'cast' && !chosen.includes('cast')) {
    throw schemaError("`profile.dateTimeLiteral: 'cast'` needs the 'cast' extension on");
  }
  const aliases: Record<string, string> = Object.create(null);
  if (parameterAliases !== undefined) {
    if (!isPlainObject(parameterAliases)) {
      throw schemaError("`profile.parameterAliases` must be an object such as { groupBy: 'groupby' }");
    }
    for (const alias of Object.keys(parameterAliases)) {
      const target = ownProperty(parameterAliases, alias);
      if (typeof target !== 'string' || !identifierPattern.test(alias)) {
        throw schemaError(`\`profile.parameterAliases\`: '${alias}' must map to a parameter's name`);
      }
      aliases[alias] = target;
    }
  }
  return Object.freeze({
    extensions: Object.freeze(chosen),
    ...(aggregationLevel !== undefined && { aggregationLevel: aggregationLevel as AggregationLevel }),
    dateTimeLiteral: (dateTimeLiteral ?? 'quoted') as DateTimeLiteralForm,
    parameterAliases: Object.freeze(aliases),
  });
}

function resolveExtensions(list: unknown): Extension[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw schemaError('`profile.extensions` must be an array');
  const chosen: Extension[] = [];
  for (let index = 0; index < list.length; index++) {
    const extension = ownElement(list, index);
    if (!(extensions as readonly unknown[]).includes(extension)) {
      throw schemaError(`Unknown extension ${describeValue(extension)}; the extensions are ${extensions.join(', ')}`);
    }
    if (!chosen.includes(extension as Extension)) chosen.push(extension as Extension);
  }
  return chosen;
}

function checkKeys(
  object: object,
  allowed: readonly string[],
  where: string,
  fail: (message: string) => FilterError = schemaError,
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw fail(`${where} has an unknown property '${key}'; the properties are ${allowed.join(', ')}`);
    }
  }
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemaError(message: string): FilterError {
  return new FilterError('INVALID_SCHEMA', message);
}
