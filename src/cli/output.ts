// How `filterby query` writes an answer: Partner Center's JSON body, NDJSON, CSV or an aligned table, written
// in chunks that wait for a slow reader instead of building one string for the whole result.

import { once } from 'node:events';
import type { QueryResult, Schema } from '../index.js';
import type { CliIO } from './options.js';
import type { RowFormat } from './row-files.js';

export type OutputFormat = 'json' | 'ndjson' | 'csv' | 'table';

export const outputFormats: readonly OutputFormat[] = ['json', 'ndjson', 'csv', 'table'];

/**
 * Buffers text into chunks of about 64 KiB. `write` is the stream's write; when it returns `false` (the
 * stream's buffer is full, as `process.stdout.write` says) the next chunk waits for `drained`.
 */
export class OutputWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(
    private readonly write: (text: string) => unknown,
    private readonly drained: () => Promise<void>,
    private readonly chunkSize = 64 * 1024,
  ) {}

  async text(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.chunkSize) await this.end();
  }

  /** Writes what is buffered: whenever a chunk fills, and once when the caller is done. */
  async end(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (this.write(chunk) === false) await this.drained();
  }
}

/**
 * Runs `write` with a writer to stdout that waits for a slow reader. A reader that goes away (`| head`) has
 * all it wants: the process ends quietly, as other command-line tools do.
 */
export async function writeToStdout(io: CliIO, write: (writer: OutputWriter) => Promise<void>): Promise<void> {
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  };
  process.stdout.on('error', onStdoutError);
  try {
    const writer = new OutputWriter(io.stdout, () => once(process.stdout, 'drain').then(() => undefined));
    await write(writer);
    await writer.end();
  } finally {
    process.stdout.off('error', onStdoutError);
  }
}

/**
 * Rows as a rows file that `readRows` reads back: NDJSON, a JSON array with one row a line, or CSV (CRLF, a
 * header of `columns`, text that starts as a formula neutralized unless `options` say not). Rows are taken as they come, so a
 * generator of any length is written in little memory.
 */
export async function writeRows(
  writer: OutputWriter,
  rows: Iterable<object>,
  format: RowFormat,
  columns: readonly string[],
  options: CsvOptions = {},
): Promise<void> {
  switch (format) {
    case 'ndjson':
      for (const row of rows) await writer.text(`${JSON.stringify(row)}\n`);
      return;
    case 'json': {
      let separator = '\n';
      await writer.text('[');
      for (const row of rows) {
        await writer.text(`${separator}${JSON.stringify(row)}`);
        separator = ',\n';
      }
      await writer.text('\n]\n');
      return;
    }
    case 'csv':
      await writer.text(`${columns.map((column) => csvField(column, options)).join(',')}\r\n`);
      for (const row of rows) await writer.text(`${csvRecord(row, columns, options)}\r\n`);
      return;
  }
}

export interface OutputOptions extends CsvOptions {
  readonly schema: Schema;
  readonly groupBy?: readonly string[];
}

export interface CsvOptions {
  /**
   * Whether a text cell that a spreadsheet would read as a formula is written with a leading `'` (default
   * true): a customer name such as `=HYPERLINK(…)` must stay text when the file is opened in Excel.
   */
  readonly neutralizesFormulas?: boolean;
}

/** Writes a result in one of the formats; see `columnsOf` for the columns of CSV and the table. */
export async function writeResult(
  writer: OutputWriter,
  result: QueryResult<object>,
  format: OutputFormat,
  options: OutputOptions,
): Promise<void> {
  switch (format) {
    case 'json':
      return writeJson(writer, result);
    case 'ndjson':
      return writeRows(writer, result.value, format, []);
    case 'csv':
      return writeRows(writer, result.value, format, columnsOf(result.value, options), options);
    case 'table':
      return writeTable(writer, result, columnsOf(result.value, options));
  }
}

/** `{"Value":[…],"TotalCount":n}`, the text of `JSON.stringify(toResponseBody(result))` without the next link. */
async function writeJson(writer: OutputWriter, result: QueryResult<object>): Promise<void> {
  await writer.text('{"Value":[');
  for (let index = 0; index < result.value.length; index++) {
    await writer.text(`${index === 0 ? '' : ','}${JSON.stringify(result.value[index])}`);
  }
  await writer.text(`],"TotalCount":${result.totalCount}}\n`);
}

/**
 * The columns of CSV and the table: with groupby, the groupby fields then the measures (a group row's own
 * keys); without, the schema's fields in schema order, then any other property the rows carry, in the order
 * first seen, so that nothing in the file is dropped.
 */
export function columnsOf(rows: readonly object[], options: OutputOptions): string[] {
  const fields = Object.values(options.schema.fields as Record<string, { name: string; isMeasure: boolean }>);
  if (options.groupBy !== undefined && options.groupBy.length > 0) {
    return [...options.groupBy, ...fields.filter((field) => field.isMeasure).map((field) => field.name)];
  }
  const columns = new Set(fields.map((field) => field.name));
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

// ---- CSV ----

/** One CSV record (RFC 4180), without its line end. */
export function csvRecord(row: object, columns: readonly string[], options: CsvOptions = {}): string {
  return columns.map((column) => csvField(ownValue(row, column), options)).join(',');
}

/**
 * The first characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list and
 * ASVS 1.2.10: `=`, `+`, `-`, `@`, tab, CR, NUL).
 */
const formulaStart = /^[=+\-@\t\r\0]/;

/**
 * A value as a CSV field: null or missing is empty, the empty string is `""` (so that the reader can tell
 * the two apart), text with a comma, quote or line break is quoted with quotes doubled, other values as JSON.
 * Text starting as a formula gets a leading `'`, which spreadsheets take as "this is text"; numbers never do,
 * so `-5` in a number field stays a number.
 */
export function csvField(value: unknown, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && options.neutralizesFormulas !== false && formulaStart.test(text)) {
    text = `'${text}`;
  }
  if (text === '' || /[",\r\n]/.test(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

// ---- table ----

/**
 * Columns padded to their widest cell, numbers aligned right, and a last line with the count. Widths count
 * code points, so a wide (East Asian) or combining character can shift a column on some terminals.
 */
async function writeTable(
  writer: OutputWriter,
  result: QueryResult<object>,
  columns: readonly string[],
): Promise<void> {
  const rows = result.value.map((row) => columns.map((column) => tableCell(ownValue(row, column))));
  const header = columns.map((column) => tableCell(column));
  const widths = header.map((cell, index) =>
    Math.max(width(cell.text), ...rows.map((cells) => width(cells[index]!.text))),
  );
  const line = (cells: readonly { text: string; isNumber: boolean }[]) =>
    `${cells
      .map((cell, index) => {
        const padding = ' '.repeat(widths[index]! - width(cell.text));
        return cell.isNumber ? padding + cell.text : cell.text + padding;
      })
      .join('  ')
      .trimEnd()}\n`;
  await writer.text(line(header));
  await writer.text(`${widths.map((size) => '-'.repeat(size)).join('  ')}\n`);
  for (const cells of rows) await writer.text(line(cells));
  const shown = result.value.length;
  await writer.text(`(${shown} ${shown === 1 ? 'row' : 'rows'} of ${result.totalCount})\n`);
}

function tableCell(value: unknown): { text: string; isNumber: boolean } {
  if (value === null || value === undefined) return { text: '', isNumber: false };
  if (typeof value === 'number') return { text: String(value), isNumber: true };
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // A line break or tab in a cell would break the alignment, and a lone surrogate reach the terminal as U+FFFD:
  // shown escaped, as in JSON.
  return { text: text.replace(/\p{Cc}|\p{Cs}/gu, (char) => JSON.stringify(char).slice(1, -1)), isNumber: false };
}

function width(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function ownValue(row: object, column: string): unknown {
  return Object.hasOwn(row, column) ? (row as Record<string, unknown>)[column] : undefined;
}
