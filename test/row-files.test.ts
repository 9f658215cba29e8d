// The streaming row readers: JSON arrays, NDJSON and CSV read one row at a time from chunks split anywhere,
// checked against JSON.parse and against the CSV writer, and bad files named by line.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { csvRecord } from '../src/cli/output.js';
import {
  type FileRow,
  maxRowDepth,
  maxRowLength,
  parseCsv,
  parseJsonArray,
  parseNdjson,
  RowFileError,
  readRows,
} from '../src/cli/row-files.js';
import { defineSchema, partnerCenter } from '../src/index.js';

/** `text` cut at the given positions (sorted, deduplicated), as a stream of chunks. */
async function* chunksOf(text: string, cuts: readonly number[] = []): AsyncGenerator<string> {
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= start || cut >= text.length) continue;
    yield text.slice(start, cut);
    start = cut;
  }
  yield text.slice(start);
}

async function collect(rows: AsyncIterable<FileRow>): Promise<FileRow[]> {
  const all: FileRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

async function failureOf(rows: AsyncIterable<FileRow>): Promise<RowFileError> {
  try {
    await collect(rows);
  } catch (error) {
    if (error instanceof RowFileError) return error;
    throw error;
  }
  throw new Error('expected a RowFileError');
}

/** Where to cut a text of some length: up to 12 positions anywhere, inside strings and escapes too. */
const cutsArb = fc.array(fc.nat({ max: 4000 }), { maxLength: 12 });

const objectArb = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });

describe('parseJsonArray', () => {
  test('yields exactly what JSON.parse reads, for any array of objects cut into chunks anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(objectArb, { maxLength: 8 }),
        fc.constantFrom(undefined, 0, 2, '\t', ' \r\n '),
        cutsArb,
        async (rows, indent, cuts) => {
          const text = JSON.stringify(rows, null, indent);
          expect(await collect(parseJsonArray(chunksOf(text, cuts)))).toEqual(JSON.parse(text));
        },
      ),
    );
  });

  test('refuses any array with an element that is not an object, naming the row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(objectArb, { maxLength: 4 }),
        fc.oneof(
          fc.jsonValue().filter((value) => typeof value !== 'object' || value === null),
          fc.array(fc.nat()),
        ),
        cutsArb,
        async (rows, stray, cuts) => {
          const text = JSON.stringify([...rows, stray]);
          const error = await failureOf(parseJsonArray(chunksOf(text, cuts), 'rows.json'));
          expect(error.message).toMatch(new RegExp(`^rows\\.json:1: row ${rows.length + 1} is not a JSON object`));
        },
      ),
    );
  });

  test.each([
    ['[{"a":1},\n{"a":', 2, 'the file ends inside row 2, which starts on line 2'],
    ['[{"a":1},\n{"a":2}\n', 3, "the file ends before the array's closing ']'"],
    ['[{"a":"x}', 1, 'the file ends inside row 1'],
    ['[{"a":1}\n{"a":2}]', 2, "expected ',' or ']' after row 1; found '{'"],
    ['[{"a":1},]', 1, "a comma after row 1 is followed by ']'"],
    ['[{"a":1}]\n]', 2, "text after the end of the array: ']'"],
    ['{"a":1}', 1, "a JSON rows file is an array of objects; it starts with '{'"],
    ['[\n\n{"a":01}]', 3, 'row 1 is not JSON'],
    ['', 1, 'the file is empty'],
  ])('names the line of a bad file: %j', async (text, line, detail) => {
    const error = await failureOf(parseJsonArray(chunksOf(text), 'f.json'));
    expect(error.line).toBe(line);
    expect(error.message).toContain(`f.json:${line}: ${detail}`);
  });
});

describe('parseNdjson', () => {
  test('reads one object a line, LF or CRLF, skipping blank lines, cut into chunks anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(objectArb, fc.constantFrom('\n', '\r\n', '\n\n', '\n  \t\n')), { maxLength: 8 }),
        fc.boolean(),
        cutsArb,
        async (lines, endsWithBreak, cuts) => {
          let text = lines.map(([row, end]) => JSON.stringify(row) + end).join('');
          if (!endsWithBreak) text = text.trimEnd();
          // JSON text cannot hold -0: what a line means is what JSON.parse makes of it.
          const expected = lines.map(([row]) => JSON.parse(JSON.stringify(row)));
          expect(await collect(parseNdjson(chunksOf(text, cuts)))).toEqual(expected);
        },
      ),
    );
  });

  test('a bare CR is whitespace inside a row, not a line end (as node:readline would have it)', async () => {
    const text = '{"a":1,\r"b":2}\r\n{"c":\r3}';
    expect(await collect(parseNdjson(chunksOf(text)))).toEqual([{ a: 1, b: 2 }, { c: 3 }]);
  });

  test.each([
    ['{"a":1}\n\n{"a":\n', 3, 'not JSON'],
    ['{"a":1}\r\n[1,2]\r\n', 2, 'a row is a JSON object; found an array'],
    ['{"a":1}\n7', 2, 'a row is a JSON object; found a number'],
    ['null\n', 1, 'a row is a JSON object; found null'],
  ])('names the line of a bad line: %j', async (text, line, detail) => {
    const error = await failureOf(parseNdjson(chunksOf(text), 'f.ndjson'));
    expect(error.message).toContain(`f.ndjson:${line}: ${detail}`);
  });

  test('reads only as far as the consumer asks: the source is pulled, never drained ahead', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<string> {
      for (;;) {
        pulled++;
        yield '{"a":1}\n{"a":2}\n';
      }
    }
    const rows = parseNdjson(endless());
    for await (const row of rows) {
      if (row.a === 2) break;
    }
    expect(pulled).toBe(1);
  });
});

/** A row whose property `x` nests arrays and objects so that the row is `levels` deep (the row is the first). */
function rowNesting(levels: number): string {
  const inner = levels - 1;
  const open = Array.from({ length: inner }, (_, index) => (index % 2 === 0 ? '[' : '{"k":')).join('');
  const close = Array.from({ length: inner }, (_, index) => (index % 2 === 0 ? ']' : '}'))
    .reverse()
    .join('');
  return `{"workloadCode":"SFB","x":${open}1${close}}`;
}

describe('nesting depth: a row deeper than maxRowDepth is refused at load, by line', () => {
  test('the row helper nests as deep as it says', () => {
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    for (const levels of [1, 2, 3, 10]) expect(depthOf(JSON.parse(rowNesting(levels)))).toBe(levels);
  });

  test(`rows ${maxRowDepth} levels deep are read; ${maxRowDepth + 1} levels are refused`, async () => {
    const fits = rowNesting(maxRowDepth);
    const deeper = rowNesting(maxRowDepth + 1);
    expect(await collect(parseNdjson(chunksOf(`${fits}\n`)))).toEqual([JSON.parse(fits)]);
    expect(await collect(parseJsonArray(chunksOf(`[${fits}]`)))).toEqual([JSON.parse(fits)]);
    const ndjson = await failureOf(parseNdjson(chunksOf(`${fits}\n\n${deeper}\n`), 'f.ndjson'));
    expect(ndjson.message).toBe(`f.ndjson:3: this row nests objects and arrays more than ${maxRowDepth} levels deep`);
    const json = await failureOf(parseJsonArray(chunksOf(`[${fits},\n\n${deeper}]`), 'f.json'));
    expect(json.message).toBe(`f.json:3: row 2 nests objects and arrays more than ${maxRowDepth} levels deep`);
  });

  test('a value nested 100,000 deep is refused, not a stack overflow, cut into chunks anywhere', async () => {
    const deep = `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const cuts = [1, 5, 70, 65_536, 150_000];
    const ndjson = await failureOf(parseNdjson(chunksOf(`{"a":1}\n${deep}\n`, cuts), 'deep.ndjson'));
    expect(ndjson.message).toMatch(/^deep\.ndjson:2: this row nests objects and arrays more than \d+ levels deep$/);
    const json = await failureOf(parseJsonArray(chunksOf(`[\n${deep}]`, cuts), 'deep.json'));
    expect(json.message).toMatch(/^deep\.json:2: row 1 nests objects and arrays more than \d+ levels deep$/);
  });
});

/**
 * The characters `String.prototype.indexOf` examines looking for a line end while `read` runs: counted, not
 * timed. A reader that searches text it has searched before (the rest of a line, again with each chunk) shows
 * as more than one look a character.
 */
async function lineEndSearchesOf(read: () => Promise<unknown>): Promise<number> {
  const indexOf = String.prototype.indexOf;
  let examined = 0;
  const spy = vi.spyOn(String.prototype, 'indexOf').mockImplementation(function (
    this: string,
    search: string,
    from?: number,
  ) {
    const found = indexOf.call(this, search, from);
    if (search === '\n') examined += (found === -1 ? this.length : found + 1) - Math.max(0, from ?? 0);
    return found;
  });
  try {
    await read();
  } finally {
    spy.mockRestore();
  }
  return examined;
}

/** `head`, then `filler` `count` times (the same string, so the test holds little), then `tail`, as chunks. */
async function* repeated(head: string, filler: string, count: number, tail = ''): AsyncGenerator<string> {
  yield head;
  for (let index = 0; index < count; index++) yield filler;
  if (tail !== '') yield tail;
}

describe('row length: linear reading, and a row longer than maxRowLength refused by line', () => {
  test('NDJSON looks at each character once to find line ends, however many chunks a line spans', async () => {
    const long = JSON.stringify({ workloadCode: 'SFB', note: 'x'.repeat(512 * 1024) });
    const text = `{"a":1}\n${long}\r\n{"a":2}\n`;
    const cuts = Array.from({ length: 600 }, (_, index) => 3 + index * 997);
    let rows: FileRow[] = [];
    const examined = await lineEndSearchesOf(async () => {
      rows = await collect(parseNdjson(chunksOf(text, cuts)));
    });
    expect(rows).toEqual([{ a: 1 }, JSON.parse(long), { a: 2 }]);
    expect(examined).toBeGreaterThanOrEqual(text.length);
    expect(examined).toBeLessThanOrEqual(text.length);
  });

  test(`an NDJSON line of ${maxRowLength} characters is read; one longer is refused with its line`, async () => {
    const filler = 'x'.repeat(64 * 1024);
    const head = '{"a":1}\n\n{"note":"';
    const noteLength = maxRowLength - '{"note":""}'.length;
    const count = Math.floor(noteLength / filler.length);
    const tail = `${'y'.repeat(noteLength - count * filler.length)}"}`;
    const [, row] = await collect(parseNdjson(repeated(head, filler, count, `${tail}\n`)));
    expect((row!.note as string).length).toBe(noteLength);
    const error = await failureOf(parseNdjson(repeated(head, filler, count, `${tail}z\n`), 'f.ndjson'));
    expect(error.message).toBe(
      `f.ndjson:3: this line is longer than ${maxRowLength} characters, the most one row may take`,
    );
  });

  test('an endless line is refused once it passes the limit, without reading on', async () => {
    const filler = 'x'.repeat(64 * 1024);
    const enough = maxRowLength / filler.length + 1;
    async function* endless(): AsyncGenerator<string> {
      yield '{"note":"';
      for (let pulled = 0; ; pulled++) {
        if (pulled > enough) throw new Error('read on past the limit');
        yield filler;
      }
    }
    const error = await failureOf(parseNdjson(endless(), 'f.ndjson'));
    expect(error.message).toContain('f.ndjson:1: this line is longer than');
  });

  test('a JSON array element, and a CSV record, longer than the limit are refused with their line', async () => {
    const filler = 'x'.repeat(64 * 1024);
    const count = maxRowLength / filler.length + 1;
    const json = await failureOf(parseJsonArray(repeated('[{"a":1},\n{"note":"', filler, count, '"}]'), 'f.json'));
    expect(json.message).toBe(`f.json:2: row 2 is longer than ${maxRowLength} characters, the most one row may take`);
    const quoted = await failureOf(parseCsv(repeated('a,b\n1,2\n3,"', filler, count, '"\n'), 'f.csv'));
    expect(quoted.message).toBe(
      `f.csv:3: this record is longer than ${maxRowLength} characters, the most one row may take`,
    );
    const unquoted = await failureOf(parseCsv(repeated('a,b\n1,', filler, count, '\n'), 'f.csv'));
    expect(unquoted.message).toBe(
      `f.csv:2: this record is longer than ${maxRowLength} characters, the most one row may take`,
    );
  });
});

describe('parseCsv', () => {
  const csvSchema = defineSchema({
    table: 't',
    fields: {
      name: { type: 'string' },
      seats: { type: 'number' },
      active: { type: 'boolean' },
      total: { type: 'number', aggregate: 'sum' },
    },
  });
  const columns = ['name', 'seats', 'active', 'total', 'note'];
  const textArb = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', "'", 'é', '😀', '1', '.') }),
    fc.string({ unit: 'grapheme' }),
  );
  const csvRowArb = fc.record(
    {
      name: fc.option(textArb, { nil: null }),
      seats: fc.option(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((value) => !Object.is(value, -0)),
        { nil: null },
      ),
      active: fc.option(fc.boolean(), { nil: null }),
      total: fc.option(fc.integer(), { nil: null }),
      note: fc.option(textArb, { nil: null }),
    },
    { noNullPrototype: true },
  );

  test('reads back what the CSV writer wrote, typed by the schema, with LF or CRLF, cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(csvRowArb, { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        cutsArb,
        async (rows, lineEnd, endsWithBreak, cuts) => {
          const lines = [
            columns.join(','),
            ...rows.map((row) => csvRecord(row, columns, { neutralizesFormulas: false })),
          ];
          const text = lines.join(lineEnd) + (endsWithBreak ? lineEnd : '');
          expect(await collect(parseCsv(chunksOf(text, cuts), 'f.csv', csvSchema))).toEqual(rows);
        },
      ),
    );
  });

  test('types numbers and booleans only in fields of those types; other text stays text', async () => {
    const text = 'name,seats,active,total,note\r\n12,1e3,true,-7,false\r\nx,12abc,yes,,3\r\n';
    expect(await collect(parseCsv(chunksOf(text), 'f.csv', csvSchema))).toEqual([
      { name: '12', seats: 1000, active: true, total: -7, note: 'false' },
      { name: 'x', seats: '12abc', active: 'yes', total: null, note: '3' },
    ]);
  });

  test('names the line of a bad record whatever the line ends (LF, CRLF, bare CR), inside quotes too', async () => {
    const quotedTextArb = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '\r\n') });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(quotedTextArb, fc.nat(99)), { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        cutsArb,
        async (records, lineEnd, cuts) => {
          const before = ['text,n', ...records.map(([text, n]) => `"${text.replaceAll('"', '""')}",${n}`)]
            .map((record) => record + lineEnd)
            .join('');
          const text = `${before}x,1"${lineEnd}`;
          const line = 1 + (before.match(/\r\n|\r|\n/g) ?? []).length;
          const error = await failureOf(parseCsv(chunksOf(text, cuts), 'f.csv'));
          expect(error.message).toBe(
            `f.csv:${line}: a quote inside an unquoted field; quote the whole field and double the quote`,
          );
        },
      ),
    );
  });

  test('keeps a header named __proto__ as an own property, never the prototype', async () => {
    const [row] = await collect(parseCsv(chunksOf('__proto__,a\nx,1\n')));
    expect(Object.hasOwn(row!, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  test.each([
    ['a,b\n1,2"\n', 2, 'a quote inside an unquoted field'],
    ['a,b\n1,"2"x\n', 2, "'x' after a closing quote"],
    ['a,b\n1,2\n"3\n4,5\n', 3, 'a quoted field is never closed'],
    ['a,b\r\n1,2\r\n3\r\n', 3, 'this row has 1 fields; the header has 2'],
    ['a,b\n"x\ny",2,3\n', 2, 'this row has 3 fields; the header has 2'],
    ['a,b\r"x\ry",2\r1,2"\r', 4, 'a quote inside an unquoted field'],
    ['a,b\r\n"x\r\ny",2\r\n"\r\r",2,3\r\n', 4, 'this row has 3 fields; the header has 2'],
    ['a,a\n1,2\n', 1, "the header names 'a' twice"],
    ['a,,b\n', 1, 'column 2 of the header has no name'],
    ['', 1, 'the file is empty'],
  ])('names the line of a bad file: %j', async (text, line, detail) => {
    const error = await failureOf(parseCsv(chunksOf(text), 'f.csv'));
    expect(error.message).toContain(`f.csv:${line}: ${detail}`);
  });
});

describe('readRows', () => {
  let directory = '';
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'filterby-rows-'));
  });
  afterAll(() => {
    if (directory !== '') rmSync(directory, { recursive: true, force: true });
  });
  const rows = [
    { workloadCode: 'SFB', licensesActive: 3, channel: 'Reseller' },
    { workloadCode: 'EXO', licensesActive: null, channel: 'a,"b"' },
  ];
  const write = (name: string, text: string) => {
    const path = join(directory, name);
    writeFileSync(path, text);
    return path;
  };
  const csvText = `\uFEFFworkloadCode,licensesActive,channel\r\n${rows
    .map((row) => csvRecord(row, ['workloadCode', 'licensesActive', 'channel']))
    .join('\r\n')}\r\n`;

  test.each([
    ['rows.json', JSON.stringify(rows, null, 2)],
    ['rows.ndjson', rows.map((row) => JSON.stringify(row)).join('\n')],
    ['rows.jsonl', rows.map((row) => JSON.stringify(row)).join('\r\n')],
    ['rows.csv', csvText],
    ['rows.JSON', JSON.stringify(rows)],
    ['sniffed-array.txt', `\n  ${JSON.stringify(rows)}`],
    ['sniffed-lines', `\n${rows.map((row) => JSON.stringify(row)).join('\n')}`],
    ['sniffed-csv.dat', csvText],
  ])('reads %s by its extension, or by its first character', async (name, text) => {
    expect(await collect(readRows(write(name, text)))).toEqual(rows);
  });

  test('a format given wins over the extension', async () => {
    const path = write('lines.json', rows.map((row) => JSON.stringify(row)).join('\n'));
    expect(await collect(readRows(path, { format: 'ndjson' }))).toEqual(rows);
  });

  test('types CSV values by the schema given (the Partner Center schema by default)', async () => {
    const path = write('typed.csv', 'licensesActive,seats\n5,5\n');
    expect(await collect(readRows(path))).toEqual([{ licensesActive: 5, seats: '5' }]);
    const schema = defineSchema({ table: 't', fields: { seats: { type: 'number' } } });
    expect(await collect(readRows(path, { schema }))).toEqual([{ licensesActive: '5', seats: 5 }]);
    expect(partnerCenter.licenseUsage.fields.licensesActive.type).toBe('number');
  });

  test('a missing file is a usage error that names it', async () => {
    await expect(collect(readRows(join(directory, 'missing.ndjson')))).rejects.toThrow(/cannot read .*missing\.ndjson/);
  });

  test('reads a file of many 64 KiB chunks whole, multi-byte characters and all', async () => {
    const many = Array.from({ length: 20_000 }, (_, index) => ({ index, text: `é😀${'x'.repeat(index % 7)}` }));
    const path = write('many.ndjson', many.map((row) => JSON.stringify(row)).join('\n'));
    expect(await collect(readRows(path))).toEqual(many);
  });
});
