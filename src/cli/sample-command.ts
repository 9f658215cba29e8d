// `filterby sample`: writes the generated sample rows as a rows file (NDJSON, JSON or CSV), to try
// `filterby query` and `filterby serve --data` on without data of one's own.

import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import { partnerCenter } from '../index.js';
import { fileError, InputError } from './input-error.js';
import {
  type CliIO,
  chooseOption,
  endpointFromFlag,
  endpointNames,
  exitCodes,
  integerFlag,
  readArguments,
  UsageError,
} from './options.js';
import { OutputWriter, writeRows, writeToStdout } from './output.js';
import { formatOfPath, type RowFormat } from './row-files.js';
import { sampleRowsOf } from './sample-data.js';
import { sampleSize } from './serve-command.js';

const sampleFormats: readonly RowFormat[] = ['ndjson', 'csv', 'json'];
const maxSampleRows = 10_000_000;

export const sampleUsage = `Usage: filterby sample [options]

Writes generated rows of a Partner Center endpoint (default license usage), the same on every run,
as a rows file that filterby query and filterby serve --data read: e.g.
  filterby sample --rows 1000 --format ndjson > usage.ndjson
  filterby sample --endpoint azureUsage --format csv --output azure.csv

  --endpoint <name>              Rows of this endpoint's schema: ${endpointNames.join(', ')}
  --rows <n>                     How many rows, 0..${maxSampleRows} (default ${sampleSize.rowsPerSnapshot * 2}: the rows filterby
                                 serve answers from); ${sampleSize.tenants} tenants, the docs' among them; the license
                                 endpoints' in two snapshots, the others' dates over January to April 2024
  --format <format>              ndjson (one object a line), csv (a header row, CRLF) or json (an
                                 array, one row a line); default from --output's extension, else ndjson
  --output <file>                Write to this file instead of stdout
`;

export async function sampleCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = readArguments(args, {
    endpoint: 'string',
    rows: 'string',
    format: 'string',
    output: 'string',
  });
  if (positionals.length > 0) throw new UsageError(`sample takes no arguments; got '${positionals[0]}'`);
  const count = integerFlag(values.rows, '--rows', 0, maxSampleRows) ?? sampleSize.rowsPerSnapshot * 2;
  const output = values.output;
  const format =
    chooseOption(values.format, sampleFormats, '--format') ??
    (output === undefined ? undefined : formatOfPath(output)) ??
    'ndjson';
  const endpoint = endpointFromFlag(values.endpoint);
  // A count measure is what a group counts; rows do not carry it.
  const columns = Object.values(partnerCenter[endpoint].fields)
    .filter((field) => field.aggregate !== 'count')
    .map((field) => field.name);
  const rows = sampleRowsOf(endpoint, count, sampleSize.tenants);
  if (output === undefined) {
    await writeToStdout(io, (writer) => writeRows(writer, rows, format, columns));
  } else {
    await writeFile(output, (writer) => writeRows(writer, rows, format, columns));
  }
  return exitCodes.ok;
}

/** Runs `write` with a writer to the file at `path`, created or emptied; an error names the file. */
async function writeFile(path: string, write: (writer: OutputWriter) => Promise<void>): Promise<void> {
  let descriptor: number;
  try {
    // Opened here, not by the stream, so that a bad path fails before anything is written, with its reason.
    descriptor = openSync(path, 'w');
  } catch (error) {
    throw fileError(path, error as NodeJS.ErrnoException, 'write');
  }
  const stream = createWriteStream('', { fd: descriptor });
  try {
    const writer = new OutputWriter(
      (text) => stream.write(text),
      () => once(stream, 'drain').then(() => undefined),
    );
    await write(writer);
    await writer.end();
    stream.end();
    await once(stream, 'finish');
  } catch (error) {
    stream.destroy();
    if (error instanceof InputError || !(error instanceof Error && 'code' in error)) throw error;
    throw fileError(path, error as NodeJS.ErrnoException, 'write');
  }
}
