// What every SQL builder shares: the statement type, reading { schema, dialect }, and binding parameters.

import type { Value } from '../ast.js';
import { FilterError } from '../errors.js';
import { type Field, isSchema, type Schema } from '../schema.js';
import { type Dialect, type DialectName, dialectNamed, type SqlValue } from './dialects.js';

/** A parameterized statement: `text` holds placeholders only, `values` what to bind to them, in order. */
export interface SqlStatement {
  readonly text: string;
  readonly values: readonly SqlValue[];
}

export interface SqlOptions<S extends Schema = Schema> {
  readonly schema: S;
  readonly dialect: DialectName;
}

/** Reads `{ schema, dialect }`, failing with INVALID_SCHEMA or INVALID_PARAMETER. */
export function readSqlOptions(api: string, options: unknown): { schema: Schema; dialect: Dialect } {
  if (typeof options !== 'object' || options === null) {
    throw new FilterError('INVALID_PARAMETER', `${api} takes options such as { schema, dialect: 'postgres' }`, {
      param: 'dialect',
    });
  }
  const { schema, dialect } = options as { schema?: unknown; dialect?: unknown };
  if (!isSchema(schema)) {
    throw new FilterError(
      'INVALID_SCHEMA',
      `${api} needs { schema }, a schema made by defineSchema (or partnerCenter.licenseUsage)`,
    );
  }
  return { schema, dialect: dialectNamed(dialect) };
}

// In a u-mode regex a well-formed surrogate pair is one code point; only an unpaired half matches.
const loneSurrogatePattern = /\p{Cs}/u;

/**
 * The parameters of one statement, bound in the order their placeholders appear in the text (which is
 * what `?` placeholders need). Every string is checked here, so no builder can forget to.
 */
export class ParameterList {
  readonly values: SqlValue[] = [];

  constructor(
    private readonly dialect: Dialect,
    private readonly offset = 0,
  ) {}

  /**
   * Adds `value` and returns its placeholder. `where` names the value in an error message
   * (`The filter literal "x" for field 'channel'`, `rows[2].channel`); `param` is the error's param.
   */
  bind(value: Value, where: () => string, param: string): string {
    if (typeof value === 'string') checkText(value, this.dialect, where, param);
    this.values.push(this.dialect.bindValue(value));
    return this.dialect.placeholder(this.offset + this.values.length);
  }

  /** LIMIT_EXCEEDED when the statement binds more parameters than the engine takes. */
  checkCount(hint: string): void {
    const count = this.offset + this.values.length;
    if (count <= this.dialect.maxParameters) return;
    throw new FilterError(
      'LIMIT_EXCEEDED',
      `The statement needs ${count} parameters; ${this.dialect.engine} takes at most ${this.dialect.maxParameters} in one statement; ${hint}`,
    );
  }
}

function checkText(value: string, dialect: Dialect, where: () => string, param: string): void {
  if (!dialect.acceptsNul && value.includes('\0')) {
    throw new FilterError(
      'INVALID_LITERAL',
      `${where()} holds the character U+0000, which ${dialect.engine} text cannot store; remove it`,
      { param },
    );
  }
  if (loneSurrogatePattern.test(value)) {
    throw new FilterError(
      'INVALID_LITERAL',
      `${where()} holds an unpaired UTF-16 surrogate, which is not a Unicode character and cannot be stored as UTF-8; remove it`,
      { param },
    );
  }
}

// A schema's names are checked once per dialect; the statements of a server reuse one schema for every request.
const checkedSchemas = new WeakMap<Dialect, WeakSet<Schema>>();

/**
 * INVALID_SCHEMA when a name the schema puts in SQL (its table, a column, a field name as a column alias)
 * is longer than the dialect allows, or is not Unicode text. PostgreSQL would cut such a name short
 * silently, so that two long aliases come back as one column. Every statement builder calls it, even for a
 * statement that names only some of them: a schema is usable on a dialect as a whole or not at all.
 */
export function checkIdentifiers(schema: Schema, dialect: Dialect): void {
  let checked = checkedSchemas.get(dialect);
  if (checked?.has(schema)) return;
  checkName(schema.table, 'names', dialect, `The table name '${shown(schema.table)}'`, 'shorten it');
  for (const field of Object.values(schema.fields) as Field[]) {
    const where = `Field '${shown(field.name)}'`;
    // The field name is its column's alias in every SELECT.
    checkName(field.name, 'aliases', dialect, `${where}: its name`, 'give the field a shorter name');
    const remedy =
      field.column === field.name
        ? 'give the field a shorter name, or a shorter `column`'
        : 'give it a shorter `column`';
    checkName(field.column, 'names', dialect, `${where}: its column '${shown(field.column)}'`, remedy);
  }
  if (checked === undefined) {
    checked = new WeakSet();
    checkedSchemas.set(dialect, checked);
  }
  checked.add(schema);
}

function checkName(name: string, kind: 'names' | 'aliases', dialect: Dialect, what: string, remedy: string): void {
  if (loneSurrogatePattern.test(name)) {
    throw new FilterError(
      'INVALID_SCHEMA',
      `${what} holds an unpaired UTF-16 surrogate, which is not a Unicode character and cannot be sent as UTF-8; remove it`,
    );
  }
  const limit = dialect.identifierLimit;
  if (limit === undefined) return;
  const length = limit.length(name);
  if (length <= limit[kind]) return;
  const place = kind === 'names' ? 'a name' : 'a column alias';
  throw new FilterError(
    'INVALID_SCHEMA',
    `${what} is ${length} ${limit.unit} long, more than the ${limit[kind]} ${limit.unit} ${dialect.engine} allows in ${place}; ${remedy}`,
  );
}

/** A name as a message shows it: the start of a long one. */
function shown(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}…` : name;
}
