// Loading rows into a database: CREATE TABLE and CREATE INDEX for a schema, and parameterized multi-row INSERTs
// of rows read exactly as the other backends read them (readField: own properties, wrong type → NULL).

import type { Operator } from '../ast.js';
import { describeValue, FilterError } from '../errors.js';
import type { Field, Schema } from '../schema.js';
import { fieldsOf, readField, snapshotField } from '../values.js';
import { type Dialect, type DialectName, isText } from './dialects.js';
import {
  type CompleteDialect,
  comparedColumn,
  ParameterList,
  readSqlOptions,
  rowOrderFields,
  type SqlOptions,
  type SqlStatement,
} from './statement.js';

/**
 * CREATE TABLE for the schema's table, one nullable column per field, in schema order. Text columns
 * compare in a binary collation where the engine has one; datetimes are text in canonical form.
 *
 * @example
 * toCreateTable(partnerCenter.licenseUsage, { dialect: 'sqlite' })
 * // → 'CREATE TABLE "license_usage" (\n  "workloadCode" TEXT,\n  …\n  "processedDateTime" TEXT\n)'
 */
export function toCreateTable(schema: Schema, options: { readonly dialect: DialectName | Dialect }): string {
  const dialectOption = typeof options === 'object' && options !== null ? options.dialect : undefined;
  const { dialect } = readSqlOptions('toCreateTable', { schema, dialect: dialectOption });
  const columns = fieldsOf(schema).map(
    (field) => `  ${dialect.quoteIdentifier(field.column)} ${dialect.columnType(field.type)}`,
  );
  const tableOptions = dialect.tableOptions === '' ? '' : `\n${dialect.tableOptions}`;
  return `CREATE TABLE ${dialect.quoteIdentifier(schema.table)} (\n${columns.join(',\n')}\n)${tableOptions}`;
}

/**
 * CREATE INDEX statements for the schema's table that the SQL of toSql, toSqlCount and toSqlWhere can use, each
 * key written as the compiled SQL writes it (a case-insensitive field's index is on its folded text):
 * - `<table>_page`: the snapshot, then every field of the ungrouped default order. It finds the latest snapshot
 *   (`MAX`) without a scan, and serves an ungrouped page's ORDER BY without a sort. It holds every column, so it is
 *   about the size of the table; PostgreSQL refuses a row whose keys, compressed, pass 2704 bytes.
 * - `<table>_by_<field>`: for each field a filter may compare with `eq` (and so `in`), what `eq` compares, then
 *   the snapshot.
 * - `<table>_range_<field>`: for each field a filter may compare with `gt` `ge` `lt` `le`, what they compare,
 *   then the snapshot; left out where it is the `eq` index.
 * An index lists its keys up to the first one the dialect cannot index (its `indexKey`), at most 32 (PostgreSQL's
 * limit), and is left out when it would list none. PostgreSQL and SQLite index every key; SQL Server and MySQL only bare columns of numbers and
 * booleans (and SQL Server the snapshot), as they index no expression; a dialect of your own, none unless it has
 * an `indexKey`. A name longer than the dialect allows becomes `filterby_` and a hash of it.
 *
 * @example
 * toCreateIndexes(partnerCenter.licenseUsage, { dialect: 'postgres' })
 * // → ['CREATE INDEX "license_usage_page" ON "license_usage" ("processedDateTime", "workloadCode" COLLATE "C" NULLS FIRST, …)',
 * //    'CREATE INDEX "license_usage_by_workloadCode" ON "license_usage" ((lower("workloadCode" COLLATE "C")), "processedDateTime")', …]
 */
export function toCreateIndexes(schema: Schema, options: { readonly dialect: DialectName | Dialect }): string[] {
  const dialectOption = typeof options === 'object' && options !== null ? options.dialect : undefined;
  const { dialect } = readSqlOptions('toCreateIndexes', { schema, dialect: dialectOption });
  const column = (field: Field) => dialect.quoteIdentifier(field.column);
  const snapshot = snapshotField(schema);
  const snapshotKeys = snapshot === undefined ? [] : [keyOf(column(snapshot), snapshot)];
  const indexes: { suffix: string; keys: IndexKey[] }[] = [
    {
      suffix: 'page',
      keys: [
        ...snapshotKeys,
        ...rowOrderFields(schema).flatMap((field) =>
          dialect.orderKeys(column(field), field.type).map((key) => keyOf(key, field)),
        ),
      ],
    },
  ];
  for (const field of fieldsOf(schema)) {
    if (!field.isFilterable || field === snapshot) continue;
    const compared = isText(field.type) ? comparedColumn(field, dialect) : column(field);
    if (field.operators.includes('eq')) {
      const equality = isText(field.type) ? dialect.comparedText(compared) : compared;
      indexes.push({ suffix: `by_${field.name}`, keys: [keyOf(equality, field), ...snapshotKeys] });
    }
    if (field.operators.some((operator) => rangeOperators.includes(operator))) {
      const keys = dialect.rangeKeys(compared, field.type).map((key) => keyOf(key, field));
      indexes.push({ suffix: `range_${field.name}`, keys: [...keys, ...snapshotKeys] });
    }
  }
  const written = new Set<string>();
  const statements: string[] = [];
  for (const { suffix, keys } of indexes) {
    const elements: string[] = [];
    for (const { key, field } of keys.slice(0, maxIndexKeys)) {
      const element = dialect.indexKey(key, column(field), field.type);
      if (element === undefined) break;
      elements.push(element);
    }
    const list = elements.join(', ');
    if (elements.length === 0 || written.has(list)) continue;
    written.add(list);
    const name = dialect.quoteIdentifier(indexName(`${schema.table}_${suffix}`, dialect));
    statements.push(`CREATE INDEX ${name} ON ${dialect.quoteIdentifier(schema.table)} (${list})`);
  }
  return statements;
}

interface IndexKey {
  readonly key: string;
  readonly field: Field;
}

const keyOf = (key: string, field: Field): IndexKey => ({ key, field });

const rangeOperators: readonly Operator[] = ['gt', 'ge', 'lt', 'le'];

// PostgreSQL's INDEX_MAX_KEYS. A page index cut short still serves the start of ORDER BY; an incremental sort
// orders the rest.
const maxIndexKeys = 32;

/** `name`, or where the engine would cut it short (and two indexes could then collide), `filterby_` and its hash. */
function indexName(name: string, dialect: CompleteDialect): string {
  const limit = dialect.identifierLimit;
  if (limit === undefined || limit.length(name) <= limit.names) return name;
  // FNV-1a over the UTF-16 units: short, stable, and unlikely to collide among one table's few indexes.
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index++) {
    hash = Math.imul(hash ^ name.charCodeAt(index), 0x01000193) >>> 0;
  }
  return `filterby_${hash.toString(16).padStart(8, '0')}`;
}

/**
 * One INSERT of every row, values bound. Throws LIMIT_EXCEEDED when the rows need more parameters (or,
 * on SQL Server, more than 1000 rows) than one statement takes; toInserts splits them instead.
 *
 * @example
 * toInsert([{ workloadCode: 'SFB', licensesActive: 3 }], { schema: partnerCenter.licenseUsage, dialect: 'postgres' })
 * // → { text: 'INSERT INTO "license_usage" ("workloadCode", …)\nVALUES ($1, …, $12)', values: ['SFB', null, …, 3, …] }
 */
export function toInsert(rows: Iterable<object>, options: SqlOptions): SqlStatement {
  const { schema, dialect } = readSqlOptions('toInsert', options);
  const list = readRows(rows);
  if (list.length === 0) {
    throw new FilterError('INVALID_PARAMETER', 'toInsert needs at least one row (toInserts takes an empty list)', {
      param: 'rows',
    });
  }
  const columns = fieldsOf(schema).length;
  const most = rowsPerStatement(columns, dialect);
  if (list.length > most) {
    throw new FilterError(
      'LIMIT_EXCEEDED',
      `${list.length} rows of ${columns} columns are more than one ${dialect.engine} INSERT takes (at most ${most}); use toInserts, which splits them`,
      { param: 'rows' },
    );
  }
  return insertStatement(list, 0, schema, dialect);
}

/**
 * The rows as few INSERTs as the engine's limits allow (parameters per statement; 1000 rows on SQL Server),
 * in order; none for no rows.
 *
 * @example
 * for (const { text, values } of toInserts(rows, { schema, dialect: 'mssql' })) await request(text, values)
 */
export function toInserts(rows: Iterable<object>, options: SqlOptions): SqlStatement[] {
  const { schema, dialect } = readSqlOptions('toInserts', options);
  const list = readRows(rows);
  const size = rowsPerStatement(fieldsOf(schema).length, dialect);
  const statements: SqlStatement[] = [];
  for (let start = 0; start < list.length; start += size) {
    statements.push(insertStatement(list.slice(start, start + size), start, schema, dialect));
  }
  return statements;
}

/** `firstIndex` is the index of rows[0] in the caller's list, for messages. */
function insertStatement(
  rows: readonly object[],
  firstIndex: number,
  schema: Schema,
  dialect: CompleteDialect,
): SqlStatement {
  const fields = fieldsOf(schema);
  const parameters = new ParameterList(dialect);
  const tuples = rows.map((row, index) => {
    const placeholders = fields.map((field) =>
      parameters.bind(readField(row, field), () => describeCell(firstIndex + index, field), 'rows'),
    );
    return `(${placeholders.join(', ')})`;
  });
  const columns = fields.map((field) => dialect.quoteIdentifier(field.column)).join(', ');
  return parameters.statement(
    `INSERT INTO ${dialect.quoteIdentifier(schema.table)} (${columns})\nVALUES\n${tuples.join(',\n')}`,
    'use toInserts, which splits the rows',
  );
}

function describeCell(index: number, field: Field): string {
  return `rows[${index}].${field.name}`;
}

function rowsPerStatement(columns: number, dialect: CompleteDialect): number {
  const most = Math.min(dialect.maxRowsPerInsert, Math.floor(dialect.maxParameters / columns));
  if (most < 1) {
    throw new FilterError(
      'LIMIT_EXCEEDED',
      `A row of ${columns} columns needs more parameters than ${dialect.engine} takes in one statement (${dialect.maxParameters})`,
      { param: 'rows' },
    );
  }
  return most;
}

function readRows(rows: unknown): object[] {
  const isIterable =
    typeof rows === 'object' &&
    rows !== null &&
    typeof (rows as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
  if (!isIterable) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `rows must be an array (or iterable) of objects; got ${describeValue(rows)}`,
      {
        param: 'rows',
      },
    );
  }
  const list: object[] = [];
  for (const row of rows as Iterable<unknown>) {
    if (typeof row !== 'object' || row === null) {
      throw new FilterError(
        'INVALID_PARAMETER',
        `rows[${list.length}] must be an object such as { workloadCode: 'SFB' }; got ${describeValue(row)}`,
        { param: 'rows' },
      );
    }
    list.push(row);
  }
  return list;
}
