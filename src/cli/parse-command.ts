// `filterby parse <filter> [--groupby …]`: validate, then print the canonical text, the query string and the AST.

import { parseFilter, parseGroupBy, printFilter, printGroupBy, toQueryString, withoutSpans } from '../index.js';
import {
  type CliIO,
  endpointNames,
  exitCodes,
  extensionList,
  readArguments,
  schemaFlags,
  schemaFromFlags,
  UsageError,
} from './options.js';

export const parseUsage = `Usage: filterby parse [<filter>] [options]

Validates a filter (and a groupby) against the schema and prints the canonical text, the URL query
string and the AST; or the error with a caret under the fault (exit 2).

  <filter>                       e.g. "workloadCode eq 'SFB' or (channel eq 'Reseller')", quoted
                                 as one argument
  --groupby <fields>             e.g. workloadCode,channel
  --endpoint <name>              The Partner Center endpoint whose schema to use (default
                                 licenseUsage): ${endpointNames.join(', ')}
  --schema <file.json>           A schema definition ({ table, fields, profile }) instead of a
                                 built-in one
  --extensions <list>            Turn on language extensions: ${extensionList}
  --json                         Print one JSON object { filter, groupby, queryString, ast }
`;

export function parseCommand(args: readonly string[], io: CliIO): number {
  const { positionals, values } = readArguments(args, { groupby: 'string', ...schemaFlags, json: 'boolean' });
  if (positionals.length > 1) throw new UsageError('give the filter as one argument: quote it in your shell');
  const [filterText] = positionals;
  const groupByText = values.groupby;
  if (filterText === undefined && groupByText === undefined) {
    throw new UsageError('parse needs a filter, a --groupby, or both');
  }
  const schema = schemaFromFlags(values);
  const filter = filterText === undefined ? undefined : parseFilter(filterText, { schema });
  const groupBy = groupByText === undefined ? undefined : parseGroupBy(groupByText, { schema });
  const query = { ...(filter && { filter }), ...(groupBy && { groupBy }) };
  const result = {
    ...(filter && { filter: printFilter(filter) }),
    ...(groupBy && { groupby: printGroupBy(groupBy) }),
    queryString: toQueryString(query),
    ...(filter && { ast: withoutSpans(filter) }),
  };
  if (values.json) {
    io.stdout(`${JSON.stringify(result)}\n`);
    return exitCodes.ok;
  }
  if (result.filter !== undefined) io.stdout(`filter   ${result.filter}\n`);
  if (result.groupby !== undefined) io.stdout(`groupby  ${result.groupby}\n`);
  io.stdout(`query    ${result.queryString}\n`);
  if (filter) io.stdout(`ast      ${JSON.stringify(result.ast, null, 2).replaceAll('\n', '\n         ')}\n`);
  return exitCodes.ok;
}
