// Streaming readers for cached rows on disk — a JSON array, NDJSON or CSV — yielding one row at a time, so
// that a file far larger than memory can be queried. Node only: the library itself never reads files.

import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { type Field, partnerCenter, type Schema } from '../index.js';
import { fileError, InputError } from './input-error.js';
import { UsageError } from './options.js';

export type RowFormat = 'json' | 'ndjson' | 'csv';

/** A row as read from a file: a plain object with its own properties only. */
export type FileRow = Record<string, unknown>;

export interface ReadRowsOptions {
  /** The file's format; without it, from the extension, else sniffed from the first character. */
  readonly format?: RowFormat;
  /** Types CSV values (numbers for number fields, booleans for boolean fields); default the Partner Center schema. */
  readonly schema?: Schema;
  /** Called after each chunk read with the bytes read from the file so far: what a progress line shows. */
  readonly onBytesRead?: (bytesRead: number) => void;
}

/** A file that cannot be read as rows: names the file and the line, and says what such a file holds. */
export class RowFileError extends InputError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
    hint: string,
  ) {
    super(`${file}:${line}: ${detail}`, hint);
  }
}

/** What each format's rows file holds: the hint under an error in one. */
const formatHints: Readonly<Record<RowFormat, string>> = {
  json: 'A JSON rows file is one array of objects: [{"workloadCode":"SFB",…},{…}].',
  ndjson: 'An NDJSON rows file holds one JSON object a line: {"workloadCode":"SFB",…}.',
  csv: 'A CSV rows file is RFC 4180 with a header row; a field holding a comma, quote or line break is quoted, its quotes doubled.',
};

export const rowFormats: readonly RowFormat[] = ['json', 'ndjson', 'csv'];

/**
 * How deep a row may nest objects and arrays, the row itself being the first level. Rows are flat records;
 * the bound keeps every later step (JSON.stringify in the output, the server's pages) far from the stack's
 * limit, which a value nested some thousands deep reaches.
 */
export const maxRowDepth = 64;

/**
 * The most characters (UTF-16 code units: bytes, for ASCII) one row's text may take: an NDJSON line, a JSON
 * array element, a CSV record. A row is a few hundred characters; the bound stops a file without line ends
 * from being gathered whole into one string.
 */
export const maxRowLength = 64 * 2 ** 20;

const tooLong = `longer than ${maxRowLength} characters, the most one row may take`;
const lengthHint = 'A row is a record of a few hundred characters: is a line end missing, or a quote never closed?';
const depthHint = `Rows are records: a row may nest objects and arrays ${maxRowDepth} levels deep (the row is the first).`;

const formatsByExtension: Readonly<Record<string, RowFormat>> = {
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.csv': 'csv',
};

/** The format a file's extension names: `.json`, `.ndjson` or `.jsonl`, `.csv` (in any case). */
export function formatOfPath(path: string): RowFormat | undefined {
  const extension = extname(path).toLowerCase();
  return Object.hasOwn(formatsByExtension, extension) ? formatsByExtension[extension] : undefined;
}

/**
 * The rows of a file, read as a stream: a JSON array of objects, NDJSON (one object a line) or CSV with a
 * header row. Only the current row (and a read-ahead chunk) is held; the next chunk is read when the consumer
 * asks for the next row, so a slow consumer slows the reading (backpressure).
 *
 * @example
 * for await (const row of readRows('usage.ndjson')) console.log(row.workloadCode);
 */
export async function* readRows(path: string, options: ReadRowsOptions = {}): AsyncGenerator<FileRow> {
  let chunks: AsyncIterable<string> = textChunks(path, options.onBytesRead);
  let format = options.format ?? formatOfPath(path);
  if (format === undefined) {
    const sniffed = await sniffFormat(chunks);
    format = sniffed.format;
    chunks = sniffed.chunks;
  }
  switch (format) {
    case 'json':
      yield* parseJsonArray(chunks, path);
      return;
    case 'ndjson':
      yield* parseNdjson(chunks, path);
      return;
    case 'csv':
      yield* parseCsv(chunks, path, options.schema ?? partnerCenter.licenseUsage);
      return;
    default:
      throw new UsageError(`unknown row format '${String(format)}'; use ${rowFormats.join(', ')}`);
  }
}

/** The file as UTF-8 text in chunks of 64 KiB (a character split across chunks is decoded whole), BOM dropped. */
async function* textChunks(path: string, onBytesRead?: (bytesRead: number) => void): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  let isFirst = true;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      onBytesRead?.(stream.bytesRead);
      yield isFirst && chunk.startsWith('\uFEFF') ? chunk.slice(1) : chunk;
      isFirst = false;
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw fileError(path, error as NodeJS.ErrnoException, 'read');
    throw error;
  } finally {
    stream.destroy();
  }
}

/** `[` starts a JSON array, `{` an NDJSON file; anything else is read as CSV. The chunks read are replayed. */
async function sniffFormat(
  chunks: AsyncIterable<string>,
): Promise<{ format: RowFormat; chunks: AsyncIterable<string> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: string[] = [];
  let first: string | undefined;
  while (first === undefined) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    first = /\S/.exec(next.value)?.[0];
  }
  const format: RowFormat = first === '[' ? 'json' : first === '{' ? 'ndjson' : 'csv';
  async function* replay(): AsyncGenerator<string> {
    yield* head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { format, chunks: replay() };
}

// ---- NDJSON ----

/**
 * One JSON object per line; blank lines are skipped; LF or CRLF. Line ends are searched for in each chunk
 * once, and a line spread over many chunks is joined once, when it ends: linear in the length of the line.
 * Not node:readline, which has no cap on a line's length (a file without line ends would be gathered whole
 * into one string) and ends a line at a bare CR too, which JSON allows as whitespace inside a row.
 */
export async function* parseNdjson(chunks: AsyncIterable<string>, file = 'input'): AsyncGenerator<FileRow> {
  const pending = new RowText();
  let line = 1;
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); ; end = chunk.indexOf('\n', start)) {
      // The line so far: up to its end in this chunk, or to the chunk's end when it goes on in the next.
      if (pending.length + (end === -1 ? chunk.length : end) - start > maxRowLength) {
        throw new RowFileError(file, line, `this line is ${tooLong}`, lengthHint);
      }
      if (end === -1) break;
      const row = ndjsonRow(pending.take(chunk.slice(start, end)), line, file);
      if (row !== undefined) yield row;
      line++;
      start = end + 1;
    }
    if (start < chunk.length) pending.add(chunk.slice(start));
  }
  const row = ndjsonRow(pending.take(''), line, file);
  if (row !== undefined) yield row;
}

function ndjsonRow(text: string, line: number, file: string): FileRow | undefined {
  if (text.trim() === '') return undefined;
  const value = parseRowJson(text, file, line, '', formatHints.ndjson);
  if (!isPlainObject(value))
    throw new RowFileError(file, line, `a row is a JSON object; found ${kindOf(value)}`, formatHints.ndjson);
  if (nestsDeeperThan(value, maxRowDepth)) {
    throw new RowFileError(
      file,
      line,
      `this row nests objects and arrays more than ${maxRowDepth} levels deep`,
      depthHint,
    );
  }
  return value;
}

// ---- JSON array ----

enum JsonState {
  BeforeArray,
  BeforeFirstRow,
  BeforeRow,
  InRow,
  AfterRow,
  Done,
}

/**
 * The elements of a top-level JSON array, one at a time, each an object. The scanner only finds where an
 * element ends (depth and strings, across chunk boundaries); `JSON.parse` reads the element, so every JSON
 * rule is the platform's own.
 */
export async function* parseJsonArray(chunks: AsyncIterable<string>, file = 'input'): AsyncGenerator<FileRow> {
  let state = JsonState.BeforeArray as JsonState;
  let line = 1;
  let rowNumber = 0;
  // The row being scanned: its text so far (earlier chunks), where it started, its depth and string state.
  const pending = new RowText();
  let rowLine = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  const fail = (detail: string, at = line, hint = formatHints.json): never => {
    throw new RowFileError(file, at, detail, hint);
  };

  for await (const chunk of chunks) {
    let rowStart = 0;
    for (let index = 0; index < chunk.length; index++) {
      const code = chunk.charCodeAt(index);
      if (code === 10) line++;
      if (state === JsonState.InRow) {
        if (inString) {
          if (escaped) escaped = false;
          else if (code === 92) escaped = true;
          else if (code === 34) inString = false;
        } else if (code === 34) {
          inString = true;
        } else if (code === 123 || code === 91) {
          depth++;
          if (depth > maxRowDepth) {
            fail(`row ${rowNumber} nests objects and arrays more than ${maxRowDepth} levels deep`, line, depthHint);
          }
        } else if (code === 125 || code === 93) {
          depth--;
          if (depth === 0) {
            if (pending.length + index + 1 - rowStart > maxRowLength)
              fail(`row ${rowNumber} is ${tooLong}`, rowLine, lengthHint);
            const text = pending.take(chunk.slice(rowStart, index + 1));
            yield parseRowJson(text, file, rowLine, `row ${rowNumber} is `, formatHints.json) as FileRow;
            state = JsonState.AfterRow;
          }
        }
        continue;
      }
      if (code === 32 || code === 10 || code === 13 || code === 9) continue;
      const char = chunk[index]!;
      switch (state) {
        case JsonState.BeforeArray:
          if (char !== '[') fail(`a JSON rows file is an array of objects; it starts with '${char}'`);
          state = JsonState.BeforeFirstRow;
          break;
        case JsonState.BeforeFirstRow:
        case JsonState.BeforeRow:
          if (char === ']' && state === JsonState.BeforeFirstRow) {
            state = JsonState.Done;
            break;
          }
          rowNumber++;
          if (char === ']') fail(`a comma after row ${rowNumber - 1} is followed by ']'`);
          if (char !== '{') fail(`row ${rowNumber} is not a JSON object; it starts with '${char}'`);
          state = JsonState.InRow;
          rowStart = index;
          rowLine = line;
          depth = 1;
          inString = false;
          escaped = false;
          break;
        case JsonState.AfterRow:
          if (char === ',') state = JsonState.BeforeRow;
          else if (char === ']') state = JsonState.Done;
          else fail(`expected ',' or ']' after row ${rowNumber}; found '${char}'`);
          break;
        case JsonState.Done:
          fail(`text after the end of the array: '${char}'`);
      }
    }
    if (state === JsonState.InRow) {
      if (pending.length + chunk.length - rowStart > maxRowLength)
        fail(`row ${rowNumber} is ${tooLong}`, rowLine, lengthHint);
      pending.add(chunk.slice(rowStart));
    }
  }
  if (state === JsonState.InRow) fail(`the file ends inside row ${rowNumber}, which starts on line ${rowLine}`);
  if (state === JsonState.BeforeArray) fail('the file is empty; a JSON rows file is an array of objects');
  if (state !== JsonState.Done) fail("the file ends before the array's closing ']'");
}

// ---- CSV ----

enum CsvState {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * RFC 4180 CSV with a header row: quoted fields with `""` for a quote and line breaks inside, LF, CRLF or
 * bare CR line ends (each one line, in errors' line numbers too), blank lines skipped. An unquoted empty
 * field is null, a quoted one (`""`) the empty string. Values are typed by the schema's field of the column:
 * numbers (JSON number syntax) for `number` fields, `true`/`false` for `boolean` fields, text for everything
 * else; text that does not fit stays text, which the engine reads as null, as it would in a JSON file.
 * Hand-written, not csv-parse or papaparse: csv-parse 7 counts a CRLF inside quotes as two lines once bare CR
 * is a line end too, and names the file's last line for a quote never closed; papaparse names no line, reads
 * `""` as an unquoted empty field, and takes a mixed or misplaced quote silently. Either adds 55–65 KB.
 */
export async function* parseCsv(
  chunks: AsyncIterable<string>,
  file = 'input',
  schema?: Schema,
): AsyncGenerator<FileRow> {
  const fieldsByName = (schema?.fields ?? {}) as Readonly<Record<string, Field>>;
  let header: string[] | undefined;
  let types: (Field['type'] | undefined)[] = [];
  let record: (string | null)[] = [];
  let field = '';
  let isQuoted = false;
  let state = CsvState.FieldStart;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  // A CR ends the record; an LF right after it belongs to the same line end. Inside quotes likewise, where a
  // chunk may end between the two.
  let afterCarriageReturn = false;
  let quotedAfterCarriageReturn = false;
  // The record's length: characters in earlier chunks, and where it starts in this one.
  let recordLength = 0;
  let recordStart = 0;
  const checkRecordLength = (length: number) => {
    if (length > maxRowLength) throw new RowFileError(file, recordLine, `this record is ${tooLong}`, lengthHint);
  };
  const fail = (at: number, detail: string) => new RowFileError(file, at, detail, formatHints.csv);

  const endField = () => {
    record.push(isQuoted || field !== '' ? field : null);
    field = '';
    isQuoted = false;
    state = CsvState.FieldStart;
  };
  const endRecord = (): FileRow | undefined => {
    const values = record;
    record = [];
    const startLine = recordLine;
    recordLine = line;
    if (values.length === 1 && values[0] === null) return undefined;
    if (header === undefined) {
      header = readHeader(values, (detail) => fail(startLine, detail));
      types = header.map((name) => (Object.hasOwn(fieldsByName, name) ? fieldsByName[name]?.type : undefined));
      return undefined;
    }
    if (values.length !== header.length) {
      throw fail(startLine, `this row has ${values.length} fields; the header has ${header.length}`);
    }
    return Object.fromEntries(header.map((name, index) => [name, typedCsvValue(values[index]!, types[index])]));
  };

  for await (const chunk of chunks) {
    let index = 0;
    recordStart = 0;
    while (index < chunk.length) {
      const code = chunk.charCodeAt(index);
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (code === 10) {
          index++;
          recordStart = index;
          recordLine = line;
          continue;
        }
      }
      switch (state) {
        case CsvState.Quoted: {
          const quote = chunk.indexOf('"', index);
          const end = quote === -1 ? chunk.length : quote;
          const text = chunk.slice(index, end);
          line += lineBreaksIn(text, quotedAfterCarriageReturn);
          quotedAfterCarriageReturn = quote === -1 && text.endsWith('\r');
          field += text;
          index = end;
          if (quote !== -1) {
            state = CsvState.QuoteInQuoted;
            index++;
          }
          continue;
        }
        case CsvState.QuoteInQuoted:
          if (code === 34) {
            field += '"';
            state = CsvState.Quoted;
            index++;
            continue;
          }
          if (code !== 44 && code !== 10 && code !== 13) {
            throw fail(line, `'${chunk[index]}' after a closing quote; a quote inside a field is ""`);
          }
          break;
        case CsvState.FieldStart:
          if (code === 34) {
            state = CsvState.Quoted;
            isQuoted = true;
            quoteLine = line;
            index++;
            continue;
          }
          break;
        case CsvState.Unquoted:
          if (code === 34)
            throw fail(line, 'a quote inside an unquoted field; quote the whole field and double the quote');
          break;
      }
      // Outside quotes: a separator, a line end, or the text of an unquoted field up to the next one.
      if (code === 44) {
        endField();
        index++;
      } else if (code === 10 || code === 13) {
        checkRecordLength(recordLength + index - recordStart);
        recordLength = 0;
        recordStart = index + 1;
        endField();
        line++;
        afterCarriageReturn = code === 13;
        index++;
        const row = endRecord();
        if (row !== undefined) yield row;
      } else {
        let end = index + 1;
        while (end < chunk.length) {
          const next = chunk.charCodeAt(end);
          if (next === 44 || next === 10 || next === 13 || next === 34) break;
          end++;
        }
        field += chunk.slice(index, end);
        state = CsvState.Unquoted;
        index = end;
      }
    }
    recordLength += chunk.length - recordStart;
    checkRecordLength(recordLength);
  }
  if (state === CsvState.Quoted) throw fail(quoteLine, 'a quoted field is never closed');
  if (state !== CsvState.FieldStart || record.length > 0) {
    endField();
    const row = endRecord();
    if (row !== undefined) yield row;
  }
  if (header === undefined) throw fail(1, 'the file is empty; a CSV rows file starts with a header row');
}

function readHeader(values: readonly (string | null)[], fail: (detail: string) => RowFileError): string[] {
  const seen = new Set<string>();
  return values.map((name, index) => {
    if (name === null || name === '') throw fail(`column ${index + 1} of the header has no name`);
    if (seen.has(name)) throw fail(`the header names '${name}' twice`);
    seen.add(name);
    return name;
  });
}

const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function typedCsvValue(text: string | null, type: Field['type'] | undefined): unknown {
  if (text === null) return null;
  if (type === 'number' && jsonNumber.test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** Line breaks in `text` (LF, CRLF and a bare CR count one each); `afterCarriageReturn`: the text before ended in CR. */
function lineBreaksIn(text: string, afterCarriageReturn: boolean): number {
  let count = 0;
  for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) count++;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    const isAfterCarriageReturn = at === 0 ? afterCarriageReturn : text.charCodeAt(at - 1) === 13;
    if (!isAfterCarriageReturn) count++;
  }
  return count;
}

// ---- shared ----

/** The text of one row gathered from the chunks it spans, joined once, when the row ends. */
class RowText {
  private parts: string[] = [];
  /** Characters gathered so far. */
  length = 0;

  add(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  /** The row's text, ending with `last`; the gathering starts over. */
  take(last: string): string {
    if (this.parts.length === 0) return last;
    this.parts.push(last);
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return text;
  }
}

/** A row's text as JSON, or a RowFileError: `${subject}not JSON: …`. */
function parseRowJson(text: string, file: string, line: number, subject: string, hint: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RowFileError(file, line, `${subject}not JSON: ${(error as Error).message}`, hint);
  }
}

function isPlainObject(value: unknown): value is FileRow {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether `row` nests objects and arrays more than `maxDepth` levels, the row being the first. Walked with a
 * list rather than recursion, so that the value it is there to refuse cannot overflow the stack checking it.
 */
function nestsDeeperThan(row: object, maxDepth: number): boolean {
  const pending: { value: object; depth: number }[] = [{ value: row, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > maxDepth) return true;
    for (const child of Object.values(next.value)) {
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  return false;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
