// The `filterby` command: parse a filter and groupby, print the canonical forms and the AST, or the error with its caret.

import { readFileSync } from 'node:fs';
import {
  defineSchema,
  type Extension,
  type Field,
  type FieldDefinition,
  FilterError,
  parseFilter,
  parseGroupBy,
  parseQuery,
  partnerCenter,
  printFilter,
  printGroupBy,
  runQuery,
  type Schema,
  toQueryString,
  toResponseBody,
  toSql,
  withoutSpans,
} from '../index.js';
import { sampleLicenseUsage } from './sample-data.js';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes: 0 done, 2 bad input or usage (the error is printed), 1 anything unexpected. */
export const exitCodes = { ok: 0, failure: 1, badInput: 2 } as const;

const usage = `filterby: parse and check Partner Center analytics filters

Usage:
  filterby parse <filter> [--groupby <fields>] [--extensions <list>] [--schema <file.json>] [--json]
  filterby demo
  filterby --help | --version

Commands:
  parse   Validates a filter (and groupby) against the schema; prints the canonical text,
          the URL query string and the AST, or the error with a caret under the fault (exit 2).
  demo    Runs the examples of Partner Center's "get licenses usage information" page.

Options:
  --groupby <fields>    Comma-separated fields to group by, e.g. workloadCode,channel
  --extensions <list>   Turn on language extensions: not,in,null,number,boolean
  --schema <file.json>  A schema definition ({ table, fields, profile }) instead of the built-in
                        Partner Center license usage schema
  --json                Print one JSON object instead of text
`;

export function runCli(args: readonly string[], io: CliIO, version = 'dev'): number {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case undefined:
        io.stderr(usage);
        return exitCodes.badInput;
      case '--help':
      case '-h':
      case 'help':
        io.stdout(usage);
        return exitCodes.ok;
      case '--version':
      case '-v':
        io.stdout(`${version}\n`);
        return exitCodes.ok;
      case 'parse':
        return parseCommand(rest, io);
      case 'demo':
        return demoCommand(io);
      default:
        io.stderr(`filterby: unknown command '${command}'\n\n${usage}`);
        return exitCodes.badInput;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`filterby: ${error.message}\nRun 'filterby --help' for usage.\n`);
      return exitCodes.badInput;
    }
    if (error instanceof FilterError) {
      io.stderr(`${error.format()}\n`);
      return exitCodes.badInput;
    }
    throw error;
  }
}

class UsageError extends Error {}

interface ParseArguments {
  filter?: string;
  groupBy?: string;
  extensions: Extension[];
  schemaFile?: string;
  json: boolean;
}

function readArguments(args: readonly string[]): ParseArguments {
  const parsed: ParseArguments = { extensions: [], json: false };
  const flagValue = (index: number, flag: string): string => {
    const value = args[index + 1];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    return value;
  };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--groupby') parsed.groupBy = flagValue(index++, arg);
    else if (arg === '--extensions')
      parsed.extensions = flagValue(index++, arg).split(',').filter(Boolean) as Extension[];
    else if (arg === '--schema') parsed.schemaFile = flagValue(index++, arg);
    else if (arg === '--json') parsed.json = true;
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (parsed.filter === undefined) parsed.filter = arg;
    else throw new UsageError('give the filter as one argument: quote it in your shell');
  }
  return parsed;
}

function parseCommand(args: readonly string[], io: CliIO): number {
  const options = readArguments(args);
  if (options.filter === undefined && options.groupBy === undefined) {
    throw new UsageError('parse needs a filter, a --groupby, or both');
  }
  const schema = chooseSchema(options);
  const filter = options.filter === undefined ? undefined : parseFilter(options.filter, { schema });
  const groupBy = options.groupBy === undefined ? undefined : parseGroupBy(options.groupBy, { schema });
  const query = { ...(filter && { filter }), ...(groupBy && { groupBy }) };
  const result = {
    ...(filter && { filter: printFilter(filter) }),
    ...(groupBy && { groupby: printGroupBy(groupBy) }),
    queryString: toQueryString(query),
    ...(filter && { ast: withoutSpans(filter) }),
  };
  if (options.json) {
    io.stdout(`${JSON.stringify(result)}\n`);
    return exitCodes.ok;
  }
  if (result.filter !== undefined) io.stdout(`filter   ${result.filter}\n`);
  if (result.groupby !== undefined) io.stdout(`groupby  ${result.groupby}\n`);
  io.stdout(`query    ${result.queryString}\n`);
  if (filter) io.stdout(`ast      ${JSON.stringify(result.ast, null, 2).replaceAll('\n', '\n         ')}\n`);
  return exitCodes.ok;
}

// A schema with extra extensions is a new schema: rebuilt from the public view of the chosen one.
function chooseSchema(options: ParseArguments): Schema {
  const base = options.schemaFile === undefined ? partnerCenter.licenseUsage : loadSchema(options.schemaFile);
  if (options.extensions.length === 0) return base;
  const fields: Record<string, FieldDefinition> = {};
  for (const field of Object.values(base.fields) as Field[]) fields[field.name] = definitionOf(field);
  return defineSchema({
    table: base.table,
    fields,
    profile: { extensions: [...base.profile.extensions, ...options.extensions] },
    limits: base.limits,
  });
}

function loadSchema(file: string): Schema {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read the schema file ${file}`);
  }
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the schema file ${file} is not JSON: ${(error as Error).message}`);
  }
  return defineSchema(definition as Parameters<typeof defineSchema>[0]);
}

function definitionOf(field: Field): FieldDefinition {
  if (field.isMeasure) return { type: field.type, column: field.column, aggregate: 'sum' };
  return {
    type: field.type,
    column: field.column,
    filterable: field.isFilterable,
    groupable: field.isGroupable,
    ...(field.type === 'string' && { caseInsensitive: field.caseInsensitive }),
  };
}

// The examples of Partner Center's "get licenses usage information" page, and two mistakes.
const demoFilters = [
  "workloadCode eq 'SFB'",
  "workloadCode eq 'SFB' or (channel eq 'Reseller')",
  "customerTenantId eq '0112A436-B14E-4888-967B-CA4BB2CF1234'",
];
const demoRequest =
  'filter=customerTenantId%20eq%20%270112A436-B14E-4888-967B-CA4BB2CF1234%27&groupby=workloadCode,channel&top=100&skip=0';
const demoMistakes = ["workloadcode eq 'SFB'", "workloadCode EQ 'SFB' or (channel eq 'Reseller'"];

function demoCommand(io: CliIO): number {
  const schema = partnerCenter.licenseUsage;
  io.stdout("filterby demo: the examples of Partner Center's license usage API\n\n");
  for (const text of demoFilters) {
    const filter = parseFilter(text, { schema });
    io.stdout(`$ filterby parse "${text}"\n`);
    io.stdout(`  canonical  ${printFilter(filter)}\n`);
    io.stdout(`  query      ${toQueryString({ filter })}\n\n`);
  }
  const query = parseQuery(demoRequest, { schema });
  io.stdout(`A server reads a request:\n  ?${demoRequest}\n`);
  io.stdout(`  filter   ${query.filter ? printFilter(query.filter) : '(none)'}\n`);
  io.stdout(`  groupby  ${query.groupBy ? printGroupBy(query.groupBy) : '(none)'}\n`);
  io.stdout(`  top ${query.top}, skip ${query.skip}\n\n`);

  const rows = sampleLicenseUsage();
  const answer = parseQuery("filter=workloadCode eq 'SFB' or (channel eq 'Reseller')&groupby=channel&top=3", {
    schema,
  });
  io.stdout(`…and answers it from cached rows (${rows.length} generated rows, two snapshots; the latest is read):\n`);
  io.stdout(`  ${JSON.stringify(toResponseBody(runQuery(rows, answer, { schema })))}\n`);
  const sql = toSql(answer, { schema, dialect: 'postgres' });
  io.stdout(`…or from PostgreSQL, with the values bound:\n${indent(sql.text)}\n  -- ${JSON.stringify(sql.values)}\n\n`);
  io.stdout('Bad input is a FilterError with a code, a position and a fix:\n');
  for (const text of demoMistakes) {
    try {
      parseFilter(text, { schema });
    } catch (error) {
      if (!(error instanceof FilterError)) throw error;
      io.stdout(`\n$ filterby parse "${text}"\n${error.format()}\n`);
    }
  }
  io.stdout('\nTry your own: npx filterby parse "channel eq \'Reseller\'" --groupby workloadCode\n');
  return exitCodes.ok;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
