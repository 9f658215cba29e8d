// `filterby sql "<filter>" …`: the parameterized SELECT a query compiles to, and the values to bind to it.

import { type DialectName, toSql } from '../index.js';
import {
  type CliIO,
  chooseSchema,
  exitCodes,
  extensionsFlag,
  queryFromFlags,
  readArguments,
  rebuiltSchema,
  UsageError,
} from './options.js';

const dialects: readonly DialectName[] = ['postgres', 'sqlite', 'mysql', 'mssql'];

export const sqlUsage = `Usage: filterby sql [<filter>] [options]

Prints the SQL a query compiles to: one SELECT with the filter in WHERE, the groupby with
every measure summed, the order and the page, its values bound as parameters (never spliced).

  <filter>                       e.g. "workloadCode eq 'SFB' or channel eq 'Reseller'"
  --groupby <fields>             e.g. workloadCode,channel
  --top <n>                      Rows per page, 1..10000 (default 10000)
  --skip <n>                     Rows to skip (default 0)
  --processed-date-time <time>   The snapshot to read (default: the latest in the table)
  --dialect <name>               postgres (default), sqlite, mysql or mssql
  --table <name>                 The table to read instead of the schema's (license_usage)
  --schema <file.json>           A schema definition instead of the built-in license usage schema
  --extensions <list>            Turn on language extensions: not,in,null,number,boolean
  --json                         Print { "text": …, "values": [...] } instead of text
`;

export function sqlCommand(args: readonly string[], io: CliIO): number {
  const read = readArguments(args, {
    '--groupby': 'value',
    '--top': 'value',
    '--skip': 'value',
    '--processed-date-time': 'value',
    '--dialect': 'value',
    '--table': 'value',
    '--schema': 'value',
    '--extensions': 'value',
    '--json': 'boolean',
  });
  if (read.positional.length > 1) throw new UsageError('give the filter as one argument: quote it in your shell');
  const dialect = read.values.get('--dialect') ?? 'postgres';
  if (!(dialects as readonly string[]).includes(dialect)) {
    throw new UsageError(`--dialect is one of ${dialects.join(', ')}, not '${dialect}'`);
  }
  let schema = chooseSchema(read.values.get('--schema'), extensionsFlag(read));
  const table = read.values.get('--table');
  if (table !== undefined) schema = rebuiltSchema(schema, { table });
  const query = queryFromFlags(read, schema, read.positional[0]);
  const statement = toSql(query, { schema, dialect: dialect as DialectName });
  if (read.booleans.has('--json')) {
    io.stdout(`${JSON.stringify({ dialect, text: statement.text, values: statement.values })}\n`);
    return exitCodes.ok;
  }
  io.stdout(`${statement.text}\n`);
  // A comment line, so the output can be pasted into a SQL shell as it is.
  io.stdout(`-- values: ${statement.values.length === 0 ? '(none)' : JSON.stringify(statement.values)}\n`);
  return exitCodes.ok;
}
