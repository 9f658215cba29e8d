// What every SQL builder shares: the statement type, reading { schema, dialect } (a dialect's defaults and
// checks), and binding parameters.

import type { Value } from '../ast.js';
import { hasLoneSurrogate } from '../ast.js';
import { describeValue, FilterError } from '../errors.js';
import { ownProperties, thrownWhileReading } from '../own.js';
import { type Field, requireSchema, type Schema } from '../schema.js';
import { fieldsOf, foldsCase, snapshotField } from '../values.js';
import {
  type Dialect,
  type DialectName,
  dialectNames,
  dialects,
  type IdentifierLimit,
  midnight,
  quoteWith,
  type SqlValue,
} from './dialects.js';
import { type SqlFragment, sqlFragment } from './fragment.js';

/** A parameterized statement: `text` holds placeholders only, `values` what to bind to them, in order. */
export interface SqlStatement {
  readonly text: string;
  readonly values: readonly SqlValue[];
}

export interface SqlOptions<S extends Schema = Schema> {
  readonly schema: S;
  /** A built-in dialect's name, or a dialect object (`dialects.postgres`, or one of your own). */
  readonly dialect: DialectName | Dialect;
}

/** A dialect with every member present: the compiler's view of it. */
export type CompleteDialect = Required<Omit<Dialect, 'identifierLimit'>> & {
  readonly identifierLimit: IdentifierLimit | undefined;
};

const requiredMembers = ['engine', 'placeholder', 'foldCase', 'orderKeys', 'columnType', 'maxParameters'] as const;

/** Standard SQL under a binary collation: what a dialect gets for a member it leaves out. */
const standard: Omit<CompleteDialect, (typeof requiredMembers)[number]> = {
  quoteIdentifier: /* @__PURE__ */ quoteWith('"', '"'),
  qualifiedColumn: (_table, column) => column,
  tableOptions: '',
  exactText: (column) => column,
  comparedText: (expression) => expression,
  isDistinctFrom: (left, right) => [`${left} IS DISTINCT FROM ${right}`],
  descendingOrderKeys: (column) => [`${column} DESC NULLS LAST`],
  rangeKeys: (expression) => [expression],
  textMatch: (operator, text, pattern) =>
    operator === 'contains'
      ? `POSITION(${pattern} IN ${text}) > 0`
      : operator === 'startswith'
        ? `POSITION(${pattern} IN ${text}) = 1`
        : `POSITION(REVERSE(${pattern}) IN REVERSE(${text})) = 1`,
  dateBucket: (expression, level) => {
    if (level === 'day') return `SUBSTRING(${expression} FROM 1 FOR 10) || '${midnight}'`;
    if (level === 'month') return `SUBSTRING(${expression} FROM 1 FOR 7) || '-01${midnight}'`;
    // Standard SQL has no day of the week; a dialect says how its engine finds a Monday.
    throw new FilterError(
      'INVALID_PARAMETER',
      "This dialect cannot group datetimes by week: give it a dateBucket(expression, level) that handles 'week'",
      { param: 'dialect' },
    );
  },
  groupKeys: (column) => [column],
  groupedValue: (column) => column,
  paging: (limit, offset) => `LIMIT ${limit} OFFSET ${offset}`,
  bindValue: (value) => value,
  // No index unless the dialect says how its planner matches one: a wrong guess would be DDL that fails.
  indexKey: () => undefined,
  acceptsNul: true,
  maxRowsPerInsert: Infinity,
  identifierLimit: undefined,
};

const isWholeCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 1;

/** What each member that is not a method must be (a method must be a function). */
const valueRules: Partial<Record<keyof Dialect, readonly [isValid: (value: unknown) => boolean, expected: string]>> = {
  engine: [(value) => typeof value === 'string' && value !== '', "its name for messages, such as 'PostgreSQL'"],
  maxParameters: [isWholeCount, 'a whole number of at least 1'],
  maxRowsPerInsert: [
    (value) => isWholeCount(value) || value === Number.POSITIVE_INFINITY,
    'a whole number of at least 1, or Infinity',
  ],
  acceptsNul: [(value) => typeof value === 'boolean', 'true or false'],
  tableOptions: [(value) => typeof value === 'string', "a string such as 'ENGINE = MergeTree ORDER BY tuple()'"],
  identifierLimit: [
    (value) => {
      const limit = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
      return (
        isWholeCount(limit.names) &&
        isWholeCount(limit.aliases) &&
        typeof limit.unit === 'string' &&
        typeof limit.length === 'function'
      );
    },
    '{ names, aliases, unit, length }: two whole numbers of at least 1, a string and a function',
  ],
};

/** The dialect object with its members checked and the missing ones standard; INVALID_PARAMETER naming a bad one. */
function complete(dialect: object): CompleteDialect {
  const read: Record<string, unknown> = { ...standard };
  for (const member of [...requiredMembers, ...Object.keys(standard)] as (keyof Dialect)[]) {
    const value = memberOf(dialect, member);
    if (value === undefined && member in standard) continue;
    const [isValid, expected] = valueRules[member] ?? [(each: unknown) => typeof each === 'function', 'a function'];
    if (!isValid(value)) {
      throw new FilterError(
        'INVALID_PARAMETER',
        `The dialect's ${member} must be ${expected}; got ${describeValue(value)}`,
        { param: 'dialect' },
      );
    }
    // Bound, so that a dialect written as a class keeps its `this`.
    read[member] = typeof value === 'function' ? value.bind(dialect) : value;
  }
  return read as CompleteDialect;
}

/**
 * A dialect's member: its own, or its class's (a dialect may be a class instance), but never one that only
 * Object.prototype has, so a polluted prototype cannot slip a member into every dialect.
 */
function memberOf(dialect: object, member: string): unknown {
  for (let holder: object | null = dialect; holder !== null && holder !== Object.prototype; ) {
    if (Object.hasOwn(holder, member)) {
      try {
        return Reflect.get(dialect, member);
      } catch (error) {
        throw thrownWhileReading(error, `the dialect's ${member}`, 'dialect');
      }
    }
    holder = Object.getPrototypeOf(holder) as object | null;
  }
  return undefined;
}

// A frozen dialect (every built-in one is) cannot change, so it is completed once; any other is read at every
// call, so a change to it is never missed.
const completedFrozen = new WeakMap<object, CompleteDialect>();

/** The dialect a `dialect` option names or is, complete; INVALID_PARAMETER when it is neither. */
export function readDialect(dialect: unknown): CompleteDialect {
  const given =
    typeof dialect === 'string' && Object.hasOwn(dialects, dialect) ? dialects[dialect as DialectName] : dialect;
  if (typeof given !== 'object' || given === null) {
    const got =
      typeof dialect === 'string' ? `'${dialect.slice(0, 40)}'` : dialect === undefined ? 'none' : typeof dialect;
    throw new FilterError(
      'INVALID_PARAMETER',
      `Unknown SQL dialect ${got}; the dialects are ${dialectNames.map((each) => `'${each}'`).join(', ')}, or a Dialect object`,
      { param: 'dialect' },
    );
  }
  const known = completedFrozen.get(given);
  if (known !== undefined) return known;
  const completed = complete(given);
  if (Object.isFrozen(given)) completedFrozen.set(given, completed);
  return completed;
}

/** Reads `{ schema, dialect }` and checks the schema's names on the dialect: INVALID_SCHEMA or INVALID_PARAMETER. */
export function readSqlOptions(api: string, options: unknown): { schema: Schema; dialect: CompleteDialect } {
  if (typeof options !== 'object' || options === null) {
    throw new FilterError('INVALID_PARAMETER', `${api} takes options such as { schema, dialect: 'postgres' }`, {
      param: 'dialect',
    });
  }
  const { schema, dialect } = ownProperties(options, ['schema', 'dialect']);
  requireSchema(schema, api);
  const read = readDialect(dialect);
  checkIdentifiers(schema, read);
  return { schema, dialect: read };
}

/**
 * The parameters of one statement, bound in the order their placeholders appear in the text (which is
 * what `?` placeholders need). Every string is checked here, so no builder can forget to.
 */
export class ParameterList {
  protected readonly values: SqlValue[] = [];

  constructor(
    protected readonly dialect: CompleteDialect,
    private readonly offset = 0,
  ) {}

  /**
   * Adds `value` and returns its placeholder. `where` names the value in an error message
   * (`The filter literal "x" for field 'channel'`, `rows[2].channel`); `param` is the error's param.
   */
  bind(value: Value, where: () => string, param: string): string {
    if (typeof value === 'string') checkText(value, this.dialect, where, param);
    this.values.push(this.dialect.bindValue(value));
    return this.placeholder(this.values.length, value);
  }

  /** What the text holds for the `count`-th value bound, `value`: the dialect's placeholder. */
  protected placeholder(count: number, value: Value): string {
    return this.dialect.placeholder(this.offset + count, value);
  }

  /** The statement of `text` and the values bound; LIMIT_EXCEEDED, with `hint`, when the engine takes fewer. */
  statement(text: string, hint = 'split the filter into several requests'): SqlStatement {
    this.checkCount(this.offset + this.values.length, hint);
    return { text, values: this.values };
  }

  protected checkCount(count: number, hint: string): void {
    if (count <= this.dialect.maxParameters) return;
    throw new FilterError(
      'LIMIT_EXCEEDED',
      `The statement needs ${count} parameters; ${this.dialect.engine} takes at most ${this.dialect.maxParameters} in one statement; ${hint}`,
    );
  }
}

// Where a host builder numbers the placeholders, the compiler writes a marker instead: the value's index between
// two lone surrogates. No checked name can hold one (checkName refuses them), values never go into the text, and
// the dialects write none, so the text can be cut at each marker afterwards.
const marker = '\uDC00';
const markerPattern = /\uDC00(\d+)\uDC00/g;

/**
 * The parameters of a fragment for a tagged template: the same checks and binding as ParameterList, but the text
 * is cut at each placeholder, and each placeholder takes its own value (a dialect may write one twice).
 */
export class FragmentParameterList extends ParameterList {
  protected override placeholder(count: number): string {
    return `${marker}${count - 1}${marker}`;
  }

  /** The fragment of `text` (written with what bind returned); LIMIT_EXCEEDED when the engine takes fewer values. */
  fragment(text: string, hint = 'split the filter into several requests'): SqlFragment {
    const { values } = this;
    const pieces: string[] = [];
    const bound: SqlValue[] = [];
    let start = 0;
    for (const match of text.matchAll(markerPattern)) {
      pieces.push(text.slice(start, match.index));
      const index = Number(match[1]);
      if (index >= values.length) throw new Error(`filterby: a placeholder for value ${index} of ${values.length}`);
      bound.push(values[index] as SqlValue);
      start = match.index + match[0].length;
    }
    pieces.push(text.slice(start));
    // Only a dialect of one's own could write a lone surrogate, and its placeholder would then be lost.
    if (pieces.some((piece) => piece.includes(marker))) {
      throw new Error(`filterby: the dialect ${this.dialect.engine} wrote a lone surrogate into the SQL text`);
    }
    this.checkCount(bound.length, hint);
    return sqlFragment(pieces, bound);
  }
}

function checkText(value: string, dialect: CompleteDialect, where: () => string, param: string): void {
  if (!dialect.acceptsNul && value.includes('\0')) {
    throw new FilterError(
      'INVALID_LITERAL',
      `${where()} holds the character U+0000, which ${dialect.engine} text cannot store; remove it`,
      { param },
    );
  }
  if (hasLoneSurrogate(value)) {
    throw new FilterError(
      'INVALID_LITERAL',
      `${where()} holds an unpaired UTF-16 surrogate, which is not a Unicode character and cannot be stored as UTF-8; remove it`,
      { param },
    );
  }
}

// A schema's names are checked once per dialect; the statements of a server reuse one schema for every request.
const checkedSchemas = new WeakMap<CompleteDialect, WeakSet<Schema>>();

/**
 * INVALID_SCHEMA when a name the schema puts in SQL (its table, a column, a field name as a column alias)
 * is longer than the dialect allows, or is not Unicode text. PostgreSQL would cut such a name short
 * silently, so that two long aliases come back as one column. Every statement checks them all, even one
 * that names only some of them: a schema is usable on a dialect as a whole or not at all.
 */
function checkIdentifiers(schema: Schema, dialect: CompleteDialect): void {
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

function checkName(
  name: string,
  kind: 'names' | 'aliases',
  dialect: CompleteDialect,
  what: string,
  remedy: string,
): void {
  if (hasLoneSurrogate(name)) {
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

/**
 * A text column as a filter compares it: folded when the field folds case, else exact. `column` is the column as
 * the statement names it (qualified where the dialect needs it); an index names it bare.
 */
export function comparedColumn(
  field: Field,
  dialect: CompleteDialect,
  column = dialect.quoteIdentifier(field.column),
): string {
  return foldsCase(field) ? dialect.foldCase(column) : dialect.exactText(column);
}

/**
 * The fields an ungrouped SELECT orders by when its orderBy leaves rows tied: every field in schema order but the
 * snapshot. WHERE pins the snapshot to one value, so ordering by it would change nothing, and it would keep an
 * index that leads with the snapshot (toCreateIndexes) from serving the whole ORDER BY: PostgreSQL orders it under
 * "C", which the `=` of WHERE does not imply.
 */
export function rowOrderFields(schema: Schema): readonly Field[] {
  const snapshot = snapshotField(schema);
  return fieldsOf(schema).filter((field) => field !== snapshot);
}
