// `filterby demo`: the examples of Partner Center's "get licenses usage information" page, answered end to end.

import {
  FilterError,
  parseFilter,
  parseQuery,
  partnerCenter,
  printFilter,
  printGroupBy,
  runQuery,
  toQueryString,
  toResponseBody,
  toSql,
} from '../index.js';
import { type CliIO, exitCodes, UsageError } from './options.js';
import { sampleLicenseUsage } from './sample-data.js';

// The examples of Partner Center's "get licenses usage information" page (its filters and its request), and
// two mistakes.
const demoFilters = [
  "workloadCode eq 'SFB'",
  "workloadCode eq 'SFB' or (channel eq 'Reseller')",
  "customerTenantId eq '0112A436-B14E-4888-967B-CA4BB2CF1234'",
];
const demoRequest =
  'filter=customerTenantId%20eq%20%270112A436-B14E-4888-967B-CA4BB2CF1234%27&groupby=workloadCode,channel&top=100&skip=0';
const demoMistakes = ["workloadcode eq 'SFB'", "workloadCode EQ 'SFB' or (channel eq 'Reseller'"];

export const demoUsage = `Usage: filterby demo

Runs the examples of Partner Center's "get licenses usage information" page: parses the docs'
filters, reads the docs' request, answers it from generated sample rows and compiles it to
PostgreSQL, then shows two mistakes and their errors. Takes no arguments.
`;

export function demoCommand(args: readonly string[], io: CliIO): number {
  if (args.length > 0) throw new UsageError(`demo takes no arguments; got '${args[0]}'`);
  const schema = partnerCenter.licenseUsage;
  io.stdout("filterby demo: the examples of Partner Center's license usage API\n\n");
  for (const text of demoFilters) {
    const filter = parseFilter(text, { schema });
    io.stdout(`$ filterby parse "${text}"\n`);
    io.stdout(`  canonical  ${printFilter(filter)}\n`);
    io.stdout(`  query      ${toQueryString({ filter })}\n\n`);
  }
  // One request, printed, read, answered and compiled: what the demo says it runs is what it runs.
  const query = parseQuery(demoRequest, { schema });
  io.stdout(`A server reads a request:\n  ?${demoRequest}\n`);
  io.stdout(`  filter   ${query.filter ? printFilter(query.filter) : '(none)'}\n`);
  io.stdout(`  groupby  ${query.groupBy ? printGroupBy(query.groupBy) : '(none)'}\n`);
  io.stdout(`  top ${query.top}, skip ${query.skip}\n\n`);

  const rows = sampleLicenseUsage();
  io.stdout(`…and answers it from cached rows (${rows.length} generated rows, two snapshots; the latest is read):\n`);
  io.stdout(`${indent(bodyText(toResponseBody(runQuery(rows, query, { schema }))))}\n`);
  const sql = toSql(query, { schema, dialect: 'postgres' });
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

/** A response body as JSON with one row a line, so that the rows can be read. */
function bodyText(body: { readonly Value: readonly object[] }): string {
  const { Value: rows, ...rest } = body;
  const after = Object.entries(rest).map(([key, value]) => `,${JSON.stringify(key)}:${JSON.stringify(value)}`);
  return `{"Value":[\n${rows.map((row) => `  ${JSON.stringify(row)}`).join(',\n')}\n]${after.join('')}}`;
}

function indent(text: string): string {
  return `  ${text.replaceAll('\n', '\n  ')}`;
}
