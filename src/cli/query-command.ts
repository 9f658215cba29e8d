// `filterby query FILE …`: answers a Partner Center query over cached rows streamed from a file with
// runQueryAsync, which holds only what the answer needs (a window of rows or the groups), never the file.

import { runQueryAsync } from '../index.js';
import {
  type CliIO,
  chooseOption,
  endpointNames,
  exitCodes,
  extensionList,
  queryFlags,
  queryFromFlags,
  readArguments,
  schemaFlags,
  schemaFromFlags,
  UsageError,
} from './options.js';
import { type OutputFormat, outputFormats, writeResult, writeToStdout } from './output.js';
import { fileProgress, stderrTarget, underProgress } from './progress.js';
import { readRows, rowFormats } from './row-files.js';

export const queryUsage = `Usage: filterby query <file> [options]

Answers a Partner Center analytics query (license usage, or --endpoint's) over cached rows in a
file, as the API would: the latest snapshot (or --processed-date-time), the filter, the groupby
with every measure summed or counted, the order and the page. The file is streamed: only the
page (or the groups) is held.

  <file>                         Rows as a JSON array (.json), one JSON object a line (.ndjson,
                                 .jsonl) or CSV with a header row (.csv); other names are sniffed:
                                 '[' is JSON, '{' NDJSON, anything else CSV
  --filter <filter>              e.g. "workloadCode eq 'SFB' or channel eq 'Reseller'"
  --groupby <fields>             e.g. workloadCode,channel
  --orderby <items>              e.g. meterCategory,usageDate desc (endpoints that document it)
  --aggregation-level <level>    day, week, month or dateRange: how a grouped date is bucketed
  --top <n>                      Rows per page, 1..10000 (default 10000)
  --skip <n>                     Rows to skip (default 0)
  --processed-date-time <time>   The snapshot to read (default: the latest in the file)
  --format <format>              json (Partner Center's { Value, TotalCount } body), ndjson,
                                 csv or table; default table on a terminal, json otherwise
  --csv-raw                      With --format csv, write text as it is: by default a cell
                                 starting with = + - @, tab, CR or NUL gets a leading ' so that a
                                 spreadsheet shows it as text instead of running it as a formula
  --input-format <format>        json, ndjson or csv, whatever the file is called
  --endpoint <name>              The Partner Center endpoint whose schema to use (default
                                 licenseUsage): ${endpointNames.join(', ')}
  --schema <file.json>           A schema definition instead of a built-in one
  --extensions <list>            Turn on language extensions: ${extensionList}
  --quiet                        No progress line: on a terminal, stderr shows the bytes (or rows)
                                 read, rows per second and the time so far once reading passes 1 s

Set FILTERBY_REPORT_MEMORY=1 to print the peak memory (maxRSS) to stderr.
`;

export async function queryCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = readArguments(args, {
    filter: 'string',
    ...queryFlags,
    ...schemaFlags,
    format: 'string',
    'input-format': 'string',
    'csv-raw': 'boolean',
    quiet: 'boolean',
  });
  if (positionals.length !== 1) throw new UsageError('query takes one file of rows: filterby query <file> …');
  const file = positionals[0]!;
  const format = chooseOption(values.format, outputFormats, '--format') ?? defaultFormat();
  const isCsvRaw = values['csv-raw'] === true;
  if (isCsvRaw && format !== 'csv') throw new UsageError('--csv-raw applies to --format csv only');
  const inputFormat = chooseOption(values['input-format'], rowFormats, '--input-format');
  const schema = schemaFromFlags(values);
  const query = queryFromFlags(values, schema, values.filter);

  const progress = fileProgress(file, stderrTarget(io.stderr), { quiet: values.quiet === true });
  const rows = readRows(file, {
    schema,
    ...(inputFormat && { format: inputFormat }),
    ...(progress && { onBytesRead: progress.onBytesRead }),
  });
  const result = await underProgress(progress, () => runQueryAsync(progress?.counted(rows) ?? rows, query, { schema }));
  await writeToStdout(io, (writer) =>
    writeResult(writer, result, format, {
      schema,
      neutralizesFormulas: !isCsvRaw,
      ...(query.groupBy && { groupBy: query.groupBy }),
    }),
  );
  if (process.env.FILTERBY_REPORT_MEMORY === '1') {
    const maxRss = process.resourceUsage().maxRSS * 1024;
    io.stderr(`filterby: peak memory ${(maxRss / 2 ** 20).toFixed(1)} MiB (maxRSS ${maxRss} bytes)\n`);
  }
  return exitCodes.ok;
}

/** A terminal gets a table to read; a pipe or a file gets Partner Center's JSON body. */
function defaultFormat(): OutputFormat {
  return process.stdout.isTTY ? 'table' : 'json';
}
