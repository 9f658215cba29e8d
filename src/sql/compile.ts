// Filter and Query → parameterized SQL through a dialect: the WHERE in negation normal form, GROUP BY,
// ORDER BY and paging. Dialect-agnostic: whatever differs between engines is asked of the Dialect object.

import { assertNever, type Filter, type Value } from '../ast.js';
import { describeValue, FilterError, withStackGuard } from '../errors.js';
import { type Query, type QueryInput, type ResolvedQuery, resolveQuery } from '../query.js';
import { type Field, type Schema, validatedField } from '../schema.js';
import { comparisonKey, fieldsOf, foldsCase, snapshotField } from '../values.js';
import { isText } from './dialects.js';
import {
  type CompleteDialect,
  ParameterList,
  readSqlOptions,
  type SqlOptions,
  type SqlStatement,
} from './statement.js';

// The whole SQL API from one module: the dialects live in dialects.ts, loading rows in load.ts, statements and
// options in statement.ts.
export type { Dialect, DialectName, IdentifierLimit, SqlValue } from './dialects.js';
export { dialectNames, dialects } from './dialects.js';
export { toCreateTable, toInsert, toInserts } from './load.js';
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
  resolveQuery({ filter }, schema);
  const parameters = new ParameterList(dialect, paramOffset);
  const condition = compileFilter(filter, schema, dialect, parameters);
  return parameters.statement(condition.precedence === 'or' ? `(${condition.text})` : condition.text);
}

/**
 * The full SELECT of a query: the filter and the snapshot in WHERE, grouped and summed when the query
 * groups, ordered (NULL first, text by code point) and paged. Without groupBy it selects every schema
 * column as its field name, ordered by every field in schema order.
 *
 * @example
 * toSql({ filter, groupBy: ['workloadCode', 'channel'], top: 100 }, { schema: partnerCenter.licenseUsage, dialect: 'mssql' })
 * // → { text: 'SELECT MIN([workloadCode]) AS [workloadCode], …\nOFFSET 0 ROWS FETCH NEXT 100 ROWS ONLY', values: ['sfb', 'reseller'] }
 */
export function toSql(query: Query | QueryInput, options: SqlOptions): SqlStatement {
  const { schema, dialect } = readSqlOptions('toSql', options);
  const read = resolveQuery(query, schema);
  const parameters = new ParameterList(dialect);
  const column = (field: Field) => dialect.quoteIdentifier(field.column);
  const alias = (expression: string, field: Field) => `${expression} AS ${dialect.quoteIdentifier(field.name)}`;
  const isGrouped = read.groupBy.length > 0;
  const selected = isGrouped
    ? [
        ...read.groupBy.map((field) => alias(dialect.groupedValue(column(field), field.type), field)),
        ...fieldsOf(schema)
          .filter((field) => field.isMeasure)
          .map((field) => alias(`COALESCE(SUM(${column(field)}), 0)`, field)),
      ]
    : fieldsOf(schema).map((field) => alias(column(field), field));

  const lines = [`SELECT ${selected.join(', ')}`, `FROM ${dialect.quoteIdentifier(schema.table)}`];
  const where = whereCondition(read, schema, dialect, parameters);
  if (where !== undefined) lines.push(`WHERE ${where}`);
  if (isGrouped) lines.push(`GROUP BY ${groupKeys(read.groupBy, dialect).join(', ')}`);
  const ordered = isGrouped ? read.groupBy : fieldsOf(schema);
  lines.push(`ORDER BY ${ordered.flatMap((field) => dialect.orderKeys(column(field), field.type)).join(', ')}`);
  // top and skip are written into the text, not bound: they are integers resolveQuery has range-checked, so
  // they cannot carry anything but digits, and MySQL (8.0.22+) rejects a LIMIT placeholder that a driver
  // binds as a double, which is how JavaScript numbers are sent.
  lines.push(dialect.paging(read.top, read.skip));
  return parameters.statement(lines.join('\n'));
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
  if (where !== undefined) from.push(`WHERE ${where}`);
  const total = `COUNT(*) AS ${dialect.quoteIdentifier('totalCount')}`;
  if (read.groupBy.length === 0) return parameters.statement([`SELECT ${total}`, ...from].join('\n'));
  // Counting groups takes a derived table; every engine requires it to have a name.
  const inner = [
    `SELECT 1 AS ${dialect.quoteIdentifier('group')}`,
    ...from,
    `GROUP BY ${groupKeys(read.groupBy, dialect).join(', ')}`,
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
): string | undefined {
  const conditions: Condition[] = [];
  if (read.filter !== undefined) conditions.push(compileFilter(read.filter, schema, dialect, parameters));
  const snapshot = snapshotField(schema);
  if (snapshot !== undefined) {
    const column = dialect.quoteIdentifier(snapshot.column);
    // Plain `=` and MAX() are exact here: snapshots are canonical datetimes, fixed-width ASCII that every
    // collation orders and compares alike, with no trailing spaces for SQL Server to ignore.
    const value =
      read.processedDateTime === undefined
        ? `(SELECT MAX(${column}) FROM ${dialect.quoteIdentifier(schema.table)})`
        : parameters.bind(read.processedDateTime, () => 'processedDateTime', 'processedDateTime');
    conditions.push({ text: `${column} = ${value}`, precedence: 'atom' });
  }
  if (conditions.length === 0) return undefined;
  return joinConditions(conditions, 'and').text;
}

function groupKeys(fields: readonly Field[], dialect: CompleteDialect): string[] {
  return fields.flatMap((field) => dialect.groupKeys(dialect.quoteIdentifier(field.column), field.type));
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
      case 'compare':
        return this.comparison(validatedField(this.schema, node.field), (node.op === 'eq') !== isNegated, node.value);
      case 'in':
        return this.membership(validatedField(this.schema, node.field), !isNegated, node.values);
      default:
        return assertNever(node);
    }
  }

  private comparison(field: Field, isEqual: boolean, value: Value): Condition {
    const column = this.dialect.quoteIdentifier(field.column);
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

  // `f in (a, null)` is `f eq a or f eq null`; its negation is `f ne a and f ne null`.
  private membership(field: Field, isIn: boolean, values: readonly Value[]): Condition {
    const column = this.dialect.quoteIdentifier(field.column);
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

  /** The column side of a comparison: folded or exact text, or the bare column. */
  private compared(field: Field, column: string): string {
    if (!isText(field.type)) return column;
    return this.dialect.comparedText(foldsCase(field) ? this.dialect.foldCase(column) : this.dialect.exactText(column));
  }

  /** The literal side: bound as the key the row value is compared with (folded, canonical datetime). */
  private literal(field: Field, value: Value): string {
    const placeholder = this.parameters.bind(
      comparisonKey(field, value),
      () => `The filter literal ${describeValue(value)} for field '${field.name}'`,
      'filter',
    );
    return isText(field.type) ? this.dialect.comparedText(placeholder) : placeholder;
  }
}

/** Joins conditions with AND or OR, with parentheses only around an OR inside an AND. */
function joinConditions(conditions: readonly Condition[], operator: 'and' | 'or'): Condition {
  const [only] = conditions;
  if (conditions.length === 1 && only !== undefined) return only;
  const parts = conditions.map((condition) =>
    operator === 'and' && condition.precedence === 'or' ? `(${condition.text})` : condition.text,
  );
  return { text: parts.join(operator === 'and' ? ' AND ' : ' OR '), precedence: operator };
}
