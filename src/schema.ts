// defineSchema: the allowed fields, their types and flags, the language profile and the limits.

import { describeValue, FilterError } from './errors.js';
import { ownElement, ownProperties, ownProperty } from './own.js';

export type FieldType = 'string' | 'guid' | 'number' | 'boolean' | 'datetime';

/** Language extensions beyond Partner Center's own subset; a profile turns them on one by one. */
export type Extension = 'not' | 'in' | 'null' | 'number' | 'boolean';

export const fieldTypes: readonly FieldType[] = ['string', 'guid', 'number', 'boolean', 'datetime'];
export const extensions: readonly Extension[] = ['not', 'in', 'null', 'number', 'boolean'];

/** What a field name looks like in the language: a letter or '_' followed by letters, digits or '_'. */
export const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Words of the language (the grammar reads its keywords here); none of them can name a field. */
export const reservedWords: readonly string[] = ['eq', 'ne', 'and', 'or', 'not', 'in', 'null', 'true', 'false'];

export interface FieldDefinition {
  readonly type: FieldType;
  /** SQL column; defaults to the field name. */
  readonly column?: string;
  /** Defaults to true, false for a measure. */
  readonly filterable?: boolean;
  /** Defaults to true, false for a measure. */
  readonly groupable?: boolean;
  /** Makes the field a measure: summed into every grouped row, never filtered or grouped by. */
  readonly aggregate?: 'sum';
  /** Compare ignoring case (ASCII letters only, the same in every backend). GUIDs always do. */
  readonly caseInsensitive?: boolean;
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
}

export interface SchemaDefinition<F extends FieldDefinitions = FieldDefinitions> {
  /** SQL table the rows live in. */
  readonly table: string;
  readonly fields: F;
  readonly profile?: { readonly extensions?: readonly Extension[] };
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
  readonly caseInsensitive: boolean;
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
        [K in keyof F]: F[K] extends { aggregate: 'sum' } ? never : F[K] extends { filterable: false } ? never : K;
      }[keyof F] &
        string
    : never;

/** The names a groupby may list: not measures, not `groupable: false`. */
export type GroupableFieldName<S> =
  S extends Schema<infer F>
    ? {
        [K in keyof F]: F[K] extends { aggregate: 'sum' } ? never : F[K] extends { groupable: false } ? never : K;
      }[keyof F] &
        string
    : never;

/** The measures of a schema: the fields summed into grouped rows. */
export type MeasureName<S> =
  S extends Schema<infer F>
    ? { [K in keyof F]: F[K] extends { aggregate: 'sum' } ? K : never }[keyof F] & string
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

export const defaultLimits: Limits = Object.freeze({ maxLength: 32_768, maxDepth: 32, maxTerms: 500 });

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

  const resolved: Record<string, Field> = Object.create(null);
  const columns = new Map<string, string>();
  for (const name of Object.keys(fields)) {
    const field = resolveField(name, ownProperty(fields, name));
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
    profile: Object.freeze({ extensions: Object.freeze(resolveExtensions(profile)) }),
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

const fieldKeys = ['type', 'column', 'filterable', 'groupable', 'aggregate', 'caseInsensitive'] as const;

function resolveField(name: string, definition: unknown): Field {
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
  const { type, column, filterable, groupable, aggregate, caseInsensitive } = ownProperties(definition, fieldKeys);

  if (typeof type !== 'string' || !(fieldTypes as readonly string[]).includes(type)) {
    throw schemaError(`${where}: type must be one of ${fieldTypes.join(', ')}; got ${describeValue(type)}`);
  }
  for (const [flag, value] of [
    ['filterable', filterable],
    ['groupable', groupable],
    ['caseInsensitive', caseInsensitive],
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
    if (aggregate !== 'sum')
      throw schemaError(`${where}: the only aggregate is 'sum'; got ${describeValue(aggregate)}`);
    if (type !== 'number') throw schemaError(`${where}: only a number field can be summed; its type is '${type}'`);
    if (filterable === true || groupable === true) {
      throw schemaError(`${where}: a measure (aggregate: 'sum') can be neither filtered nor grouped by`);
    }
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
    caseInsensitive: type === 'guid' || caseInsensitive === true,
  });
}

function resolveExtensions(profile: unknown): Extension[] {
  if (profile === undefined) return [];
  if (!isPlainObject(profile)) throw schemaError('`profile` must be an object such as { extensions: [] }');
  checkKeys(profile, ['extensions'], '`profile`');
  const list = ownProperty(profile, 'extensions');
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
