// `filterby sql "<filter>" …`: the parameterized SELECT a query compiles to, and the values to bind to it; with
// --ddl, the table and its indexes instead.

import { toCreateIndexes, toCreateTable, toSql } from '../index.js';
import { dialectNames } from '../sql/dialects.js';
import {
  type CliIO,
  chooseOption,
  endpointNames,
  exitCodes,
  extensionList,
  queryFlags,
  queryFromFlags,
  readArguments,
  rebuiltSchema,
  schemaFlags,
  schemaFromFlags,
  UsageError,
} from './options.js';

export const sqlUsage = `Usage: filterby sql [<filter>] [options]

Prints the SQL a query compiles to: one SELECT with the filter in WHERE, the groupby with
every measure summed, the order and the page, its values bound as parameters (never spliced).

  <filter>                       e.g. "workloadCode eq 'SFB' or channel eq 'Reseller'"
  --groupby <fields>             e.g. workloadCode,channel
  --orderby <items>              e.g. meterCategory,usageDate desc (endpoints that document it)
  --aggregation-level <level>    day, week, month or dateRange: how a grouped date is bucketed
  --top <n>                      Rows per page, 1..10000 (default 10000)
  --skip <n>                     Rows to skip (default 0)
  --processed-date-time <time>   The snapshot to read (default: the latest in the table)
  --dialect <name>               postgres (default), sqlite, mysql, mssql, mariadb, duckdb or clickhouse
  --table <name>                 The table to read instead of the schema's (license_usage, …)
  --endpoint <name>              The Partner Center endpoint whose schema to use (default
                                 licenseUsage): ${endpointNames.join(', ')}
  --schema <file.json>           A schema definition instead of a built-in one
  --extensions <list>            Turn on language extensions: ${extensionList}
  --json                         Print { "text": …, "values": [...] } instead of text
  --ddl                          Print the CREATE TABLE and the CREATE INDEX statements the
                                 compiled SQL can use (toCreateIndexes), instead of a SELECT;
                                 with --json, { "dialect": …, "statements": [...] }
`;

export function sqlCommand(args: readonly string[], io: CliIO): number {
  const { positionals, values } = readArguments(args, {
    ...queryFlags,
    ...schemaFlags,
    dialect: 'string',
    table: 'string',
    json: 'boolean',
    ddl: 'boolean',
  });
  if (positionals.length > 1) throw new UsageError('give the filter as one argument: quote it in your shell');
  const dialect = chooseOption(values.dialect, dialectNames, '--dialect') ?? 'postgres';
  const base = schemaFromFlags(values);
  const schema = values.table === undefined ? base : rebuiltSchema(base, { table: values.table });
  if (values.ddl) {
    const given = Object.keys(queryFlags)
      .filter((flag) => values[flag as keyof typeof queryFlags] !== undefined)
      .map((flag) => `--${flag}`);
    if (positionals.length > 0) given.unshift('the filter');
    if (given.length > 0) {
      throw new UsageError(`--ddl prints the table and its indexes, not a query: leave out ${given.join(', ')}`);
    }
    const statements = [toCreateTable(schema, { dialect }), ...toCreateIndexes(schema, { dialect })];
    // Each ended with ';', so that the output can be piped into psql or sqlite3 as it is.
    const text = statements.map((statement) => `${statement};\n`).join('');
    io.stdout(values.json ? `${JSON.stringify({ dialect, statements })}\n` : text);
    return exitCodes.ok;
  }
  const query = queryFromFlags(values, schema, positionals[0]);
  const statement = toSql(query, { schema, dialect });
  if (values.json) {
    io.stdout(`${JSON.stringify({ dialect, text: statement.text, values: statement.values })}\n`);
    return exitCodes.ok;
  }
  io.stdout(`${statement.text}\n`);
  // A comment line, so the output can be pasted into a SQL shell as it is.
  io.stdout(`-- values: ${statement.values.length === 0 ? '(none)' : JSON.stringify(statement.values)}\n`);
  return exitCodes.ok;
}
