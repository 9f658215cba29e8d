// Loading rows into a database: CREATE TABLE for a schema, and parameterized multi-row INSERTs of rows
// read exactly as the other backends read them (readField: own properties, wrong type → NULL).

import { describeValue, FilterError } from '../errors.js';
import type { Field, Schema } from '../schema.js';
import { fieldsOf, readField } from '../values.js';
import type { Dialect, DialectName } from './dialects.js';
import {
  type CompleteDialect,
  ParameterList,
  readSqlOptions,
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
