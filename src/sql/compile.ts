// Filter and Query → parameterized SQL through a dialect: the WHERE in negation normal form, GROUP BY,
// ORDER BY and paging. Dialect-agnostic: whatever differs between engines is asked of the Dialect object.

import { assertNever, type Filter, type MatchOperator, type RangeOperator, type Value } from '../ast.js';
import { describeValue, FilterError, withStackGuard } from '../errors.js';
import { type Query, type QueryInput, type ResolvedQuery, resolveQuery } from '../query.js';
import { type Field, type Schema, validatedField } from '../schema.js';
import { comparisonKey, fieldsOf, snapshotField } from '../values.js';
import { isText } from './dialects.js';
import type { SqlFragment } from './fragment.js';
import {
  type CompleteDialect,
  comparedColumn,
  FragmentParameterList,
  ParameterList,
  readSqlOptions,
  rowOrderFields,
  type SqlOptions,
  type SqlStatement,
} from './statement.js';

// The whole SQL API from one module: the dialects live in dialects.ts, loading rows in load.ts, statements and
// options in statement.ts.
export type { BucketLevel, Dialect, DialectName, IdentifierLimit, SqlValue } from './dialects.js';
export { dialectNames, dialects } from './dialects.js';
export type { SqlFragment } from './fragment.js';
export { toKnexRaw } from './fragment.js';
export { toCreateIndexes, toCreateTable, toInsert, toInserts } from './load.js';
export type { SqlOptions, SqlStatement } from './statement.js';

export interface SqlWhereOptions<S extends Schema = Schema> extends SqlOptions<S> {
  /** Parameters already bound before this fragment: the first placeholder is `paramOffset + 1`. Default 0. */
  readonly paramOffset?: number;
}

/**
 * How loosely a condition binds: an `or` condition needs parentheses inside an AND, an `and` condition
 * and an atom never do (AND binds tighter than OR in every dialect, and the compiled SQL has no NOT over
 * a subexpression).
 */
type Precedence = 'or' | 'and' | 'atom';

interface Condition {
  readonly text: string;
  readonly precedence: Precedence;
}

/**
 * A WHERE condition (without the keyword) for a filter: values bound, never in the text. When its top
 * level is an OR it comes in parentheses, so it can be joined to other conditions with AND as it is.
 *
 * @example
 * toSqlWhere(parseFilter("workloadCode eq 'SFB' or channel eq 'Reseller'", { schema }), { schema, dialect: 'postgres' })
 * // → { text: '(lower("workloadCode" COLLATE "C") = $1 OR lower("channel" COLLATE "C") = $2)', values: ['sfb', 'reseller'] }
 */
export function toSqlWhere(filter: Filter, options: SqlWhereOptions): SqlStatement {
  const { schema, dialect } = readSqlOptions('toSqlWhere', options);
  const paramOffset = readParamOffset((options as { paramOffset?: unknown }).paramOffset);
  const parameters = new ParameterList(dialect, paramOffset);
  return parameters.statement(filterCondition(filter, schema, dialect, parameters));
}

/**
 * The WHERE condition of toSqlWhere as tagged-template SQL builders take it: the SQL around the values, so the
 * host builder writes and numbers the placeholders. Compose it with the builder's own conditions:
 * `sql(fragment.strings, ...fragment.values)` is the condition for Kysely's and Drizzle's `sql`, a nested
 * fragment for postgres.js, and a `Sql` for sql-template-tag; `toKnexRaw(fragment)` is Knex's `whereRaw` form.
 * The dialect still decides the SQL (folding, collations, text functions): give the host's database.
 *
 * @example
 * const where = toSqlFragment(parseFilter("contains(customerName, 'contoso')", { schema }), { schema, dialect: 'postgres' })
 * db.selectFrom('licenses').selectAll().where(sql<boolean>(where.strings, ...where.values)).where('licensesActive', '>', 0)
 * // where.strings → ['strpos(lower("customerName" COLLATE "C"), ', ') > 0'], where.values → ['contoso']
 */
export function toSqlFragment(filter: Filter, options: SqlOptions): SqlFragment {
  const { schema, dialect } = readSqlOptions('toSqlFragment', options);
  const parameters = new FragmentParameterList(dialect);
  return parameters.fragment(filterCondition(filter, schema, dialect, parameters));
}

/** The filter validated and compiled, in parentheses when its top level is an OR, so it joins others with AND. */
function filterCondition(filter: Filter, schema: Schema, dialect: CompleteDialect, parameters: ParameterList): string {
  resolveQuery({ filter }, schema);
  const condition = compileFilter(filter, schema, dialect, parameters);
  return condition.precedence === 'or' ? `(${condition.text})` : condition.text;
}

/**
 * The full SELECT of a query: the filter and the snapshot in WHERE, grouped when the query groups (datetimes
 * bucketed by its aggregationLevel, measures summed or counted), ordered (its orderBy, then the default order;
 * NULL first ascending and last descending, text by code point) and paged. Without groupBy it selects every schema
 * column as its field name, and the default order is every field in schema order but the snapshot (which WHERE
 * pins to one value).
 *
 * @example
 * toSql({ filter, groupBy: ['workloadCode', 'channel'], top: 100 }, { schema: partnerCenter.licenseUsage, dialect: 'mssql' })
 * // → { text: 'SELECT MIN([workloadCode]) AS [workloadCode], …\nOFFSET 0 ROWS FETCH NEXT 100 ROWS ONLY', values: ['sfb', 'reseller'] }
 */
export function toSql(query: Query | QueryInput, options: SqlOptions): SqlStatement {
  const { schema, dialect } = readSqlOptions('toSql', options);
  const read = resolveQuery(query, schema);
  const parameters = new ParameterList(dialect);
  const clauses = clauseTexts(read, schema, dialect, parameters);
  const lines = [`SELECT ${clauses.select}`, `FROM ${clauses.from}`];
  if (clauses.where !== undefined) lines.push(`WHERE ${clauses.where.text}`);
  if (clauses.groupBy !== undefined) lines.push(`GROUP BY ${clauses.groupBy}`);
  lines.push(`ORDER BY ${clauses.orderBy}`);
  // top and skip are written into the text, not bound: they are integers resolveQuery has range-checked, so
  // they cannot carry anything but digits, and MySQL (8.0.22+) rejects a LIMIT placeholder that a driver
  // binds as a double, which is how JavaScript numbers are sent.
  // top: Infinity is every row: no paging at all, or, to skip, the largest exact integer as the limit (SQLite
  // and MySQL cannot skip without one; it fits every engine's BIGINT limit).
  if (read.top !== Number.POSITIVE_INFINITY) lines.push(dialect.paging(read.top, read.skip));
  else if (read.skip > 0) lines.push(dialect.paging(Number.MAX_SAFE_INTEGER, read.skip));
  return parameters.statement(lines.join('\n'));
}

/** The clauses of toSql's SELECT, each a fragment for a tagged template, without their keywords. */
export interface SqlClauses {
  /** The select list: each output as its field name (`"channel" AS "channel", COALESCE(SUM(…), 0) AS "seats"`). */
  readonly select: SqlFragment;
  /** The quoted table. */
  readonly from: SqlFragment;
  /** The filter and the snapshot, in parentheses where it is an OR, so it joins others with AND; `1 = 1` when neither. */
  readonly where: SqlFragment;
  /** The group keys; undefined when the query does not group. */
  readonly groupBy: SqlFragment | undefined;
  /** The sort keys: the query's orderBy, then the default order. */
  readonly orderBy: SqlFragment;
}

/**
 * toSql's SELECT in clauses, each a fragment the host builder places and numbers: the select list, table, WHERE,
 * GROUP BY and ORDER BY of the query, without keywords and without paging (the host pages: `query.top`,
 * `query.skip`). The order and grouping are toSql's: NULL first ascending, text by code point, datetimes bucketed.
 *
 * @example
 * const { select, from, where, groupBy, orderBy } = toSqlClauses({ filter, groupBy: ['channel'] }, { schema, dialect: 'postgres' })
 * const fragment = (each) => sql(each.strings, ...each.values) // postgres.js
 * await sql`SELECT ${fragment(select)} FROM ${fragment(from)} WHERE ${fragment(where)} AND region = ${region}
 *   GROUP BY ${fragment(groupBy)} ORDER BY ${fragment(orderBy)} LIMIT ${100}`
 */
export function toSqlClauses(query: Query | QueryInput, options: SqlOptions): SqlClauses {
  const { schema, dialect } = readSqlOptions('toSqlClauses', options);
  const read = resolveQuery(query, schema);
  const parameters = new FragmentParameterList(dialect);
  const clauses = clauseTexts(read, schema, dialect, parameters);
  const where = clauses.where;
  return Object.freeze({
    select: parameters.fragment(clauses.select),
    from: parameters.fragment(clauses.from),
    where: parameters.fragment(
      where === undefined ? '1 = 1' : where.precedence === 'or' ? `(${where.text})` : where.text,
    ),
    groupBy: clauses.groupBy === undefined ? undefined : parameters.fragment(clauses.groupBy),
    orderBy: parameters.fragment(clauses.orderBy),
  });
}

/** The SQL of each clause of a query's SELECT, keywords and paging aside, its values bound to `parameters`. */
function clauseTexts(
  read: ResolvedQuery,
  schema: Schema,
  dialect: CompleteDialect,
  parameters: ParameterList,
): { select: string; from: string; where: Condition | undefined; groupBy: string | undefined; orderBy: string } {
  const outputs = outputsOf(read, schema, dialect);
  const alias = (output: Output) => `${output.selected} AS ${dialect.quoteIdentifier(output.field.name)}`;
  return {
    select: outputs.map(alias).join(', '),
    from: dialect.quoteIdentifier(schema.table),
    where: whereCondition(read, schema, dialect, parameters),
    groupBy: read.groupBy.length > 0 ? groupKeys(read, schema, dialect).join(', ') : undefined,
    orderBy: orderKeys(read, outputs, schema, dialect).join(', '),
  };
}

/**
 * `SELECT COUNT(*) AS "totalCount"` of the rows toSql would return before paging (the groups, when the
 * query groups): what a response's totalCount and next link need.
 *
 * @example
 * toSqlCount({ groupBy: ['channel'] }, { schema, dialect: 'sqlite' })
 * // → { text: 'SELECT COUNT(*) AS "totalCount" FROM (\n  SELECT 1 AS "group"\n  …\n) AS "groups"', values: [] }
 */
export function toSqlCount(query: Query | QueryInput, options: SqlOptions): SqlStatement {
  const { schema, dialect } = readSqlOptions('toSqlCount', options);
  const read = resolveQuery(query, schema);
  const parameters = new ParameterList(dialect);
  const from = [`FROM ${dialect.quoteIdentifier(schema.table)}`];
  const where = whereCondition(read, schema, dialect, parameters);
  if (where !== undefined) from.push(`WHERE ${where.text}`);
  const total = `COUNT(*) AS ${dialect.quoteIdentifier('totalCount')}`;
  if (read.groupBy.length === 0) return parameters.statement([`SELECT ${total}`, ...from].join('\n'));
  // Counting groups takes a derived table; every engine requires it to have a name.
  const inner = [
    `SELECT 1 AS ${dialect.quoteIdentifier('group')}`,
    ...from,
    `GROUP BY ${groupKeys(read, schema, dialect).join(', ')}`,
  ];
  return parameters.statement(
    [`SELECT ${total} FROM (`, ...inner.map((line) => `  ${line}`), `) AS ${dialect.quoteIdentifier('groups')}`].join(
      '\n',
    ),
  );
}

function readParamOffset(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `paramOffset must be a whole number of at least 0 (the parameters bound before this fragment); got ${describeValue(value)}`,
      { param: 'paramOffset' },
    );
  }
  return value;
}

// ---- clauses ----

/** The filter and the snapshot, joined by AND; undefined when there is nothing to filter. */
function whereCondition(
  read: ResolvedQuery,
  schema: Schema,
  dialect: CompleteDialect,
  parameters: ParameterList,
): Condition | undefined {
  const conditions: Condition[] = [];
  if (read.filter !== undefined) conditions.push(compileFilter(read.filter, schema, dialect, parameters));
  const snapshot = snapshotField(schema);
  if (snapshot !== undefined) {
    const column = columnOf(snapshot, schema, dialect);
    // Plain `=` and MAX() are exact here: snapshots are canonical datetimes, fixed-width ASCII that every
    // collation orders and compares alike, with no trailing spaces for SQL Server to ignore.
    const value =
      read.processedDateTime === undefined
        ? `(SELECT MAX(${column}) FROM ${dialect.quoteIdentifier(schema.table)})`
        : parameters.bind(read.processedDateTime, () => 'processedDateTime', 'processedDateTime');
    conditions.push({ text: `${column} = ${value}`, precedence: 'atom' });
  }
  if (conditions.length === 0) return undefined;
  return joinConditions(conditions, 'and');
}

/**
 * One column of the result: the field it is named after, what the select list writes, and the value it holds
 * (what ORDER BY orders by): the column itself, a groupby field's bucket, a measure's SUM or COUNT.
 */
interface Output {
  readonly field: Field;
  readonly selected: string;
  readonly value: string;
  readonly type: Field['type'];
}

function outputsOf(read: ResolvedQuery, schema: Schema, dialect: CompleteDialect): Output[] {
  const column = (field: Field) => columnOf(field, schema, dialect);
  if (read.groupBy.length === 0) {
    return fieldsOf(schema).map((field) => ({
      field,
      selected: column(field),
      value: column(field),
      type: field.type,
    }));
  }
  const grouped = read.groupBy.map((field) => {
    const value = groupedExpression(field, read, schema, dialect);
    return { field, selected: dialect.groupedValue(value, field.type), value, type: field.type };
  });
  const measures = fieldsOf(schema)
    .filter((field) => field.isMeasure)
    .map((field) => {
      const value = aggregateOf(field, column(field));
      return { field, selected: value, value, type: 'number' as const };
    });
  return [...grouped, ...measures];
}

/** A field's column as expressions name it: quoted, and qualified by the table where the dialect needs it. */
function columnOf(field: Field, schema: Schema, dialect: CompleteDialect): string {
  return dialect.qualifiedColumn(dialect.quoteIdentifier(schema.table), dialect.quoteIdentifier(field.column));
}

/** A measure folded over a group: its sum (0 for a group of NULLs), or the number of rows. */
function aggregateOf(field: Field, column: string): string {
  switch (field.aggregate) {
    case 'count':
      return 'COUNT(*)';
    case 'sum':
    case undefined:
      return `COALESCE(SUM(${column}), 0)`;
    default:
      return assertNever(field.aggregate);
  }
}

/** A groupby field as it is grouped: the column, or for a datetime under day/week/month its bucket, in parentheses. */
function groupedExpression(field: Field, read: ResolvedQuery, schema: Schema, dialect: CompleteDialect): string {
  const column = columnOf(field, schema, dialect);
  const level = read.bucket;
  if (field.type !== 'datetime' || level === undefined) return column;
  // In parentheses, so that what a dialect appends (COLLATE, DESC) applies to the whole expression.
  return `(${dialect.dateBucket(column, level)})`;
}

function groupKeys(read: ResolvedQuery, schema: Schema, dialect: CompleteDialect): string[] {
  return read.groupBy.flatMap((field) =>
    dialect.groupKeys(groupedExpression(field, read, schema, dialect), field.type),
  );
}

/** The orderBy items, then the default order (groupby fields, or rowOrderFields) for what they leave tied. */
function orderKeys(
  read: ResolvedQuery,
  outputs: readonly Output[],
  schema: Schema,
  dialect: CompleteDialect,
): string[] {
  const outputOf = (field: Field) => outputs.find((output) => output.field === field);
  const listed = new Set(read.orderBy.map((item) => item.field));
  const defaults = (read.groupBy.length > 0 ? read.groupBy : rowOrderFields(schema))
    .filter((field) => !listed.has(field))
    .map((field) => ({ field, descending: false }));
  return [...read.orderBy, ...defaults].flatMap(({ field, descending }) => {
    // resolveQuery takes only fields of the result: the groupby fields and measures, or every field.
    const output = outputOf(field);
    if (output === undefined) throw new Error(`filterby: ordering by '${field.name}', which is not in the result`);
    return !descending
      ? dialect.orderKeys(output.value, output.type)
      : dialect.descendingOrderKeys(output.value, output.type);
  });
}

// ---- the filter, in negation normal form ----

// `not` is pushed down to the comparisons (De Morgan; not eq = ne; not in = not-in), so the SQL has no NOT
// over a subexpression. Without NOT, a comparison that is UNKNOWN (NULL column) acts exactly as FALSE in
// any AND/OR above it, which is the two-valued meaning of the filter; each comparison is written so that
// it is TRUE exactly when the row satisfies it (ne and not-in are null-safe).
function compileFilter(filter: Filter, schema: Schema, dialect: CompleteDialect, parameters: ParameterList): Condition {
  return withStackGuard('filter', () => new FilterCompiler(schema, dialect, parameters).compile(filter, false));
}

class FilterCompiler {
  constructor(
    private readonly schema: Schema,
    private readonly dialect: CompleteDialect,
    private readonly parameters: ParameterList,
  ) {}

  compile(node: Filter, isNegated: boolean): Condition {
    switch (node.kind) {
      case 'or':
      case 'and': {
        const isAnd = (node.kind === 'and') !== isNegated;
        return joinConditions(
          node.operands.map((operand) => this.compile(operand, isNegated)),
          isAnd ? 'and' : 'or',
        );
      }
      case 'not':
        return this.compile(node.operand, !isNegated);
      case 'compare': {
        const field = validatedField(this.schema, node.field);
        const { op } = node;
        switch (op) {
          case 'eq':
          case 'ne':
            return this.comparison(field, (op === 'eq') !== isNegated, node.value);
          case 'gt':
          case 'ge':
          case 'lt':
          case 'le':
            return this.range(field, isNegated ? complement[op] : op, isNegated, node.value);
          default:
            return assertNever(op);
        }
      }
      case 'match':
        return this.match(validatedField(this.schema, node.field), node.op, isNegated, node.value);
      case 'in':
        return this.membership(validatedField(this.schema, node.field), !isNegated, node.values);
      default:
        return assertNever(node);
    }
  }

  private comparison(field: Field, isEqual: boolean, value: Value): Condition {
    const column = columnOf(field, this.schema, this.dialect);
    if (value === null) return { text: `${column} IS ${isEqual ? '' : 'NOT '}NULL`, precedence: 'atom' };
    const left = this.compared(field, column);
    const right = this.literal(field, value);
    return isEqual
      ? { text: `${left} = ${right}`, precedence: 'atom' }
      : joinConditions(
          this.dialect.isDistinctFrom(left, right, column).map((text) => ({ text, precedence: 'atom' })),
          'or',
        );
  }

  /**
   * `f gt v` and the like: false for a NULL column. `op` is already the complement when negated (not gt = le), and
   * then a NULL column satisfies it. With several keys (SQL Server's text), the first that differs decides.
   */
  private range(field: Field, op: RangeOperator, isNegated: boolean, value: Value): Condition {
    if (value === null) throw new Error(`filterby: '${op} null' passed validation on field '${field.name}'`);
    const column = columnOf(field, this.schema, this.dialect);
    const side = isText(field.type) ? comparedColumn(field, this.dialect, column) : column;
    const left = this.dialect.rangeKeys(side, field.type);
    const key = comparisonKey(field, value);
    // The literal is bound afresh wherever one of its keys appears, in text order, so `?` placeholders line up.
    const right = (index: number) =>
      this.dialect.rangeKeys(this.bindLiteral(field, value, key), field.type)[index] ?? '';
    const strict = op === 'gt' || op === 'ge' ? '>' : '<';
    const alternatives = left.map((leftKey, index): Condition => {
      const equalBefore = left.slice(0, index).map((earlier, before) => `${earlier} = ${right(before)}`);
      const last = index === left.length - 1;
      const operator = last ? rangeSymbols[op] : strict;
      return joinConditions(
        [...equalBefore, `${leftKey} ${operator} ${right(index)}`].map((text) => ({ text, precedence: 'atom' })),
        'and',
      );
    });
    const condition = joinConditions(alternatives, 'or');
    if (!isNegated) return condition;
    return joinConditions([{ text: `${column} IS NULL`, precedence: 'atom' }, condition], 'or');
  }

  /** contains/startswith/endswith: the pattern bound (folded as the column is); a NULL column satisfies only the negation. */
  private match(field: Field, op: MatchOperator, isNegated: boolean, value: string): Condition {
    const column = columnOf(field, this.schema, this.dialect);
    const pattern = this.bindLiteral(field, value, comparisonKey(field, value));
    const test = this.dialect.textMatch(op, comparedColumn(field, this.dialect, column), pattern);
    return isNegated
      ? { text: `${column} IS NULL OR NOT (${test})`, precedence: 'or' }
      : { text: test, precedence: 'atom' };
  }

  // `f in (a, null)` is `f eq a or f eq null`; its negation is `f ne a and f ne null`.
  private membership(field: Field, isIn: boolean, values: readonly Value[]): Condition {
    const column = columnOf(field, this.schema, this.dialect);
    const hasNull = values.includes(null);
    const items = values.filter((value) => value !== null);
    if (items.length === 0) return { text: `${column} IS ${isIn ? '' : 'NOT '}NULL`, precedence: 'atom' };
    const left = this.compared(field, column);
    const list = items.map((value) => this.literal(field, value)).join(', ');
    if (isIn) {
      const text = `${left} IN (${list})`;
      return hasNull ? { text: `${text} OR ${column} IS NULL`, precedence: 'or' } : { text, precedence: 'atom' };
    }
    // NOT IN over a non-NULL column and a list without NULL is never UNKNOWN.
    const text = `${left} NOT IN (${list})`;
    return hasNull
      ? { text: `${column} IS NOT NULL AND ${text}`, precedence: 'and' }
      : { text: `${column} IS NULL OR ${text}`, precedence: 'or' };
  }

  /** The column side of an equality: folded or exact text, or the bare column. */
  private compared(field: Field, column: string): string {
    if (!isText(field.type)) return column;
    return this.dialect.comparedText(comparedColumn(field, this.dialect, column));
  }

  /** The literal side of an equality: bound as the key the row value is compared with (folded, canonical datetime). */
  private literal(field: Field, value: Value): string {
    const placeholder = this.bindLiteral(field, value, comparisonKey(field, value));
    return isText(field.type) ? this.dialect.comparedText(placeholder) : placeholder;
  }

  /** Binds `key`, what the literal `value` is compared as, and returns its placeholder. */
  private bindLiteral(field: Field, value: Value, key: Value): string {
    return this.parameters.bind(
      key,
      () => `The filter literal ${describeValue(value)} for field '${field.name}'`,
      'filter',
    );
  }
}

/** What a negated range comparison is, for a column that is not NULL. */
const complement: Readonly<Record<RangeOperator, RangeOperator>> = { gt: 'le', ge: 'lt', lt: 'ge', le: 'gt' };
const rangeSymbols: Readonly<Record<RangeOperator, string>> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

/** Joins conditions with AND or OR, with parentheses only around an OR inside an AND. */
function joinConditions(conditions: readonly Condition[], operator: 'and' | 'or'): Condition {
  const [only] = conditions;
  if (conditions.length === 1 && only !== undefined) return only;
  const parts = conditions.map((condition) =>
    operator === 'and' && condition.precedence === 'or' ? `(${condition.text})` : condition.text,
  );
  return { text: parts.join(operator === 'and' ? ' AND ' : ' OR '), precedence: operator };
}
