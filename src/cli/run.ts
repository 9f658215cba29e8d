// The `filterby` command: reads the command name, runs it, and turns its errors into messages and exit codes.
// Each command lives in its own file beside this one, with its usage.

import { FilterError } from '../index.js';
import { demoCommand, demoUsage } from './demo-command.js';
import { InputError } from './input-error.js';
import { type CliIO, endpointNames, exitCodes, extensionList, UsageError } from './options.js';
import { parseCommand, parseUsage } from './parse-command.js';
import { queryCommand, queryUsage } from './query-command.js';
import { sampleCommand, sampleUsage } from './sample-command.js';
import { serveCommand } from './serve-command.js';
import { serveUsage } from './serve-usage.js';
import { sqlCommand, sqlUsage } from './sql-command.js';

export type { CliIO } from './options.js';
export { exitCodes } from './options.js';

const usage = `filterby: parse and check Partner Center analytics filters

Usage:
  filterby parse <filter> [--groupby <fields>] [--endpoint <name>] [--extensions <list>] [--schema <file.json>] [--json]
  filterby query <file> [--endpoint <name>] [--filter F] [--groupby G] [--orderby O] [--aggregation-level L]
                 [--top N] [--skip N] [--format json|ndjson|csv|table] [--quiet]
  filterby sql [<filter>] [--endpoint <name>] [--groupby G] [--orderby O] [--aggregation-level L] [--top N] [--skip N]
               [--dialect postgres|sqlite|mysql|mssql|mariadb|duckdb|clickhouse] [--table T] [--json]
  filterby sample [--endpoint <name>] [--rows N] [--format ndjson|csv|json] [--output FILE]
  filterby demo
  filterby serve [--port N] [--host H] [--endpoint <name>] [--data FILE | --database-url postgres://… [--table T]]
                 [--schema <file.json>] [--extensions <list>] [--page-limit N] [--public-url URL] [--trust-proxy] [--quiet]
  filterby <command> --help      (or -h, or filterby help <command>): the command's options
  filterby --help | --version

Commands:
  parse   Validates a filter (and groupby) against the schema; prints the canonical text,
          the URL query string and the AST, or the error with a caret under the fault (exit 2).
  query   Answers a query over rows in a JSON, NDJSON or CSV file, streamed; on a terminal, stderr shows
          progress (bytes or rows read, rows per second, time) once it passes a second, unless --quiet.
  sql     Prints the parameterized SELECT a query compiles to, and its values.
  sample  Writes generated sample rows (NDJSON, CSV or JSON) to try query and serve --data on.
  demo    Runs the examples of Partner Center's "get licenses usage information" page.
  serve   Serves Partner Center's seven analytics endpoints (GET /v1/analytics/commercial/usage/license,
          /partner/v1/analytics/usage/azure, …) from generated sample rows, or one endpoint (--endpoint,
          default license usage) from a JSON/NDJSON/CSV file (--data) or a PostgreSQL table (--database-url), on
          http://127.0.0.1:8080/ (PORT, HOST or --port, --host; --port 0 picks a free port) until SIGINT/SIGTERM.
          DATABASE_URL stands for --database-url (and keeps the password out of the process list, as
          PGPASSWORD does); --table reads another table than the schema's; --schema serves your own schema.
          --page-limit caps rows per response (default 10000); --public-url is where clients reach it
          (@nextLink starts with it); without it links follow the Host header, and on loopback only
          localhost, 127.x.x.x and [::1] are answered; --trust-proxy reads X-Forwarded-Proto/-Host.

Options:
  --endpoint <name>     The Partner Center endpoint whose schema to use: ${endpointNames.join(', ')}
                        (default licenseUsage)
  --groupby <fields>    Comma-separated fields to group by, e.g. workloadCode,channel
  --extensions <list>   Turn on language extensions: ${extensionList}
  --schema <file.json>  A schema definition ({ table, fields, profile }) instead of a built-in
                        Partner Center schema
  --json                Print one JSON object instead of text
`;

interface Command {
  readonly run: (args: readonly string[], io: CliIO) => number | Promise<number>;
  /** Printed by `filterby <command> --help`, `-h` and `filterby help <command>`. */
  readonly usage: string;
}

const commands: Readonly<Record<string, Command>> = {
  parse: { run: parseCommand, usage: parseUsage },
  query: { run: queryCommand, usage: queryUsage },
  sql: { run: sqlCommand, usage: sqlUsage },
  demo: { run: demoCommand, usage: demoUsage },
  serve: { run: serveCommand, usage: serveUsage },
  sample: { run: sampleCommand, usage: sampleUsage },
};

export async function runCli(args: readonly string[], io: CliIO, version = 'dev'): Promise<number> {
  const [name, ...rest] = args;
  switch (name) {
    case undefined:
      io.stderr(usage);
      return exitCodes.badInput;
    case '--version':
    case '-v':
      io.stdout(`${version}\n`);
      return exitCodes.ok;
  }
  // `filterby help <command>` is `filterby <command> --help`; `filterby help` alone is `filterby --help`.
  const isHelp = name === 'help';
  if (name === '--help' || name === '-h' || (isHelp && rest[0] === undefined)) {
    io.stdout(usage);
    return exitCodes.ok;
  }
  const commandName = isHelp ? rest[0]! : name;
  if (!Object.hasOwn(commands, commandName)) {
    io.stderr(`filterby: unknown command '${commandName}'\n\n${usage}`);
    return exitCodes.badInput;
  }
  const command = commands[commandName]!;
  // Anywhere before `--`, as most tools read it, even after a flag that takes a value: parseArgs (strict) reads
  // `--filter -h` as a flag missing its value, and a value that starts with '-' is written `--filter=-h`.
  const flags = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (isHelp || flags.includes('--help') || flags.includes('-h')) {
    io.stdout(command.usage);
    return exitCodes.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`filterby: ${error.message}\nRun 'filterby ${name} --help' for usage.\n`);
    } else if (error instanceof InputError) {
      io.stderr(`filterby: ${error.message}\n${error.hint}\n`);
    } else if (error instanceof FilterError) {
      io.stderr(`${error.format()}\n`);
    } else {
      throw error;
    }
    return exitCodes.badInput;
  }
}
