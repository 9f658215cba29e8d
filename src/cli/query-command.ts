// `filterby query FILE …`: answers a Partner Center query over cached rows streamed from a file, holding only
// what the answer needs (a page window or one accumulator per group), never the file.

import { once } from 'node:events';
import {
  type GroupRow,
  licenseUsagePath,
  maxSkip,
  maxTop,
  parseQuery,
  type Query,
  type QueryResult,
  type RowPredicate,
  runQuery,
  type Schema,
  toPredicate,
  toQueryString,
} from '../index.js';
import { type CliIO, chooseSchema, exitCodes, extensionsFlag, readArguments, UsageError } from './options.js';
import { type OutputFormat, OutputWriter, outputFormats, writeResult } from './output.js';
import { RowFileError, type RowFormat, readRows, rowFormats } from './row-files.js';

export const queryUsage = `Usage: filterby query <file> [options]

Answers a Partner Center license usage query over cached rows in a file, as the API would:
the latest snapshot (or --processed-date-time), the filter, the groupby with every measure
summed, the order and the page. The file is streamed: only the page (or the groups) is held.

  <file>                         Rows as a JSON array (.json), one JSON object a line (.ndjson,
                                 .jsonl) or CSV with a header row (.csv); other names are sniffed:
                                 '[' is JSON, '{' NDJSON, anything else CSV
  --filter <filter>              e.g. "workloadCode eq 'SFB' or channel eq 'Reseller'"
  --groupby <fields>             e.g. workloadCode,channel
  --top <n>                      Rows per page, 1..10000 (default 10000)
  --skip <n>                     Rows to skip (default 0)
  --processed-date-time <time>   The snapshot to read (default: the latest in the file)
  --format <format>              json (Partner Center's { Value, TotalCount } body), ndjson,
                                 csv or table; default table on a terminal, json otherwise
  --input-format <format>        json, ndjson or csv, whatever the file is called
  --schema <file.json>           A schema definition instead of the built-in license usage schema
  --extensions <list>            Turn on language extensions: not,in,null,number,boolean

Set FILTERBY_REPORT_MEMORY=1 to print the peak memory (maxRSS) to stderr.
`;

export async function queryCommand(args: readonly string[], io: CliIO): Promise<number> {
  const read = readArguments(args, {
    '--filter': 'value',
    '--groupby': 'value',
    '--top': 'value',
    '--skip': 'value',
    '--processed-date-time': 'value',
    '--format': 'value',
    '--input-format': 'value',
    '--schema': 'value',
    '--extensions': 'value',
    '--help': 'boolean',
  });
  if (read.booleans.has('--help')) {
    io.stdout(queryUsage);
    return exitCodes.ok;
  }
  if (read.positional.length !== 1) throw new UsageError('query takes one file of rows: filterby query <file> …');
  const file = read.positional[0]!;
  const format = chooseOption<OutputFormat>(read.values.get('--format'), outputFormats, '--format') ?? defaultFormat();
  const inputFormat = chooseOption<RowFormat>(read.values.get('--input-format'), rowFormats, '--input-format');
  const schema = chooseSchema(read.values.get('--schema'), extensionsFlag(read));
  // The flags become request parameters, so top, skip and the snapshot are checked as a server would check them.
  const parameters: Record<string, string> = {};
  for (const [flag, parameter] of parameterFlags) {
    const value = read.values.get(flag);
    if (value !== undefined) parameters[parameter] = value;
  }
  const query = parseQuery(parameters, { schema });

  let result: QueryResult<object>;
  try {
    result = await answerQuery(readRows(file, { schema, ...(inputFormat && { format: inputFormat }) }), query, schema);
  } catch (error) {
    if (!(error instanceof RowFileError)) throw error;
    io.stderr(`filterby: ${error.message}\n`);
    return exitCodes.badInput;
  }
  // A reader that goes away (`| head`) has all it wants: stop quietly, as other command-line tools do.
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(exitCodes.ok);
    throw error;
  };
  process.stdout.on('error', onStdoutError);
  try {
    const writer = new OutputWriter(io.stdout, () => once(process.stdout, 'drain').then(() => undefined));
    await writeResult(writer, result, format, { schema, ...(query.groupBy && { groupBy: query.groupBy }) });
    await writer.end();
  } finally {
    process.stdout.off('error', onStdoutError);
  }
  if (process.env.FILTERBY_REPORT_MEMORY === '1') {
    const maxRss = process.resourceUsage().maxRSS * 1024;
    io.stderr(`filterby: peak memory ${(maxRss / 2 ** 20).toFixed(1)} MiB (maxRSS ${maxRss} bytes)\n`);
  }
  return exitCodes.ok;
}

const parameterFlags = [
  ['--filter', 'filter'],
  ['--groupby', 'groupby'],
  ['--top', 'top'],
  ['--skip', 'skip'],
  ['--processed-date-time', 'processedDateTime'],
] as const;

function chooseOption<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} is one of ${allowed.join(', ')}, not '${value}'`);
  }
  return value as T;
}

/** A terminal gets a table to read; a pipe or a file gets Partner Center's JSON body. */
function defaultFormat(): OutputFormat {
  return process.stdout.isTTY ? 'table' : 'json';
}

// ---- the streaming engine ----

/**
 * What `runQuery(rows, query, { schema })` returns over the same rows, read from an async stream of rows.
 * Built on the public API: `runQuery` itself types, orders and pages, so the meaning of a value (typing,
 * datetimes, code-point order, ties in input order) is the library's, not a copy of it.
 *
 * - Snapshot: each row's `processedDateTime` is compared with the latest so far by running `runQuery` on two
 *   one-field rows (remembered per distinct text); a newer snapshot drops what was kept.
 * - Without groupby: the matching rows are kept until there are twice skip + top, then cut back by `runQuery`
 *   to the first skip + top in order. Ties keep input order because the kept rows precede the new ones.
 * - With groupby: one group row per group, its sums added row by row; `runQuery` orders and pages the groups.
 */
export async function answerQuery(
  rows: AsyncIterable<object> | Iterable<object>,
  query: Query,
  schema: Schema,
  options: AnswerOptions = {},
): Promise<QueryResult<object>> {
  const batchSize = options.batchSize ?? 8192;
  const predicate: RowPredicate | undefined = query.filter && toPredicate(query.filter, { schema });
  const gate = new SnapshotGate(schema, query.processedDateTime);
  const collector: Collector =
    query.groupBy !== undefined && query.groupBy.length > 0
      ? new GroupCollector(schema, query.groupBy, gate.field)
      : new PageCollector(schema, query.skip + query.top, batchSize);
  for await (const row of rows) {
    const verdict = gate.classify(row);
    if (verdict === 'other') continue;
    if (verdict === 'newer') collector.clear();
    if (predicate !== undefined && !predicate(row)) continue;
    collector.add(row);
  }
  const { value, totalCount } = collector.page(query.skip, query.top);
  const nextSkip = query.skip + query.top;
  if (nextSkip >= totalCount || nextSkip > maxSkip) return { value, totalCount };
  // The same link runQuery writes when no baseUrl is given.
  const nextLink = `${licenseUsagePath}?${toQueryString({ ...query, skip: nextSkip })}`;
  return { value, nextLink, totalCount };
}

export interface AnswerOptions {
  /** Rows kept before the page window is cut back (at least twice skip + top); small in tests, to cut often. */
  readonly batchSize?: number;
}

interface Collector {
  add(row: object): void;
  clear(): void;
  page(skip: number, top: number): { value: object[]; totalCount: number };
}

type Verdict = 'read' | 'newer' | 'other';

/** Decides whether a row belongs to the snapshot the query reads: the one asked for, or the latest so far. */
class SnapshotGate {
  /** The snapshot field's name, when the schema has one (a datetime `processedDateTime`). */
  readonly field: string | undefined;
  private latest: unknown;
  private hasLatest = false;
  private readonly verdicts = new Map<unknown, Verdict>();

  constructor(
    private readonly schema: Schema,
    private readonly asked: string | undefined,
  ) {
    const field = Object.hasOwn(schema.fields, 'processedDateTime')
      ? (schema.fields as Record<string, { type: string }>).processedDateTime
      : undefined;
    this.field = field?.type === 'datetime' ? 'processedDateTime' : undefined;
  }

  classify(row: object): Verdict {
    const field = this.field;
    if (field === undefined) return 'read';
    if (!Object.hasOwn(row, field)) return 'other';
    const taken = (row as Record<string, unknown>)[field];
    const isRemembered = taken === null || typeof taken !== 'object';
    let verdict = isRemembered ? this.verdicts.get(taken) : undefined;
    if (verdict === undefined) {
      verdict = this.judge(taken);
      if (isRemembered) {
        // A file with endless spellings of its snapshots re-asks rather than remembering them all.
        if (this.verdicts.size >= 10_000) this.verdicts.clear();
        this.verdicts.set(taken, verdict === 'newer' ? 'read' : verdict);
      }
    }
    if (verdict === 'newer') {
      // Verdicts were relative to the old latest; only this text's is known to hold.
      this.verdicts.clear();
      this.verdicts.set(taken, 'read');
      this.latest = taken;
      this.hasLatest = true;
    }
    return verdict;
  }

  private judge(taken: unknown): Verdict {
    const field = this.field!;
    const candidate = { [field]: taken };
    if (this.asked !== undefined) {
      const answer = runQuery([candidate], { processedDateTime: this.asked }, { schema: this.schema });
      return answer.totalCount === 1 ? 'read' : 'other';
    }
    if (!this.hasLatest) {
      return runQuery([candidate], {}, { schema: this.schema }).totalCount === 1 ? 'newer' : 'other';
    }
    // runQuery keeps the latest snapshot of the two: both when they are one instant, else only the newer.
    const answer = runQuery([{ [field]: this.latest }, candidate], {}, { schema: this.schema });
    if (answer.totalCount === 2) return 'read';
    return answer.value[0] === candidate ? 'newer' : 'other';
  }
}

/** The first `wanted` matching rows in order, in a window that is cut back whenever it doubles. */
class PageCollector implements Collector {
  private kept: object[] = [];
  private count = 0;
  private readonly limit: number;

  constructor(
    private readonly schema: Schema,
    private readonly wanted: number,
    batchSize: number,
  ) {
    this.limit = Math.max(2 * wanted, batchSize);
  }

  add(row: object): void {
    this.kept.push(row);
    this.count++;
    if (this.kept.length >= this.limit) this.kept = firstInOrder(this.kept, this.wanted, this.schema);
  }

  clear(): void {
    this.kept = [];
    this.count = 0;
  }

  page(skip: number, top: number): { value: object[]; totalCount: number } {
    const { value } = runQuery(this.kept, { top, skip }, { schema: this.schema });
    return { value, totalCount: this.count };
  }
}

/** The first `count` rows in runQuery's order, read a page of at most maxTop at a time. */
function firstInOrder(rows: readonly object[], count: number, schema: Schema): object[] {
  const first: object[] = [];
  for (let skip = 0; skip < count; skip += maxTop) {
    const { value } = runQuery(rows, { top: Math.min(maxTop, count - skip), skip }, { schema });
    first.push(...value);
    if (value.length < maxTop) break;
  }
  return first;
}

/**
 * One group row per distinct groupby value, with the running sum of every measure, added row by row in input
 * order as runQuery adds them (so even fractional sums are bit for bit the same). Which group a row joins is
 * runQuery's answer for a one-row probe of its groupby values, asked once per distinct spelling of them.
 */
class GroupCollector implements Collector {
  /** The groups, by their typed groupby values (JSON text: -0 is one group with 0, as in runQuery's Map). */
  private groups = new Map<string, GroupRow>();
  /** The group of each spelling of groupby values seen (see `spellingOf`). */
  private groupsBySpelling = new Map<string, GroupRow>();
  /** A snapshot value of the rows read, so that runQuery reads probes and carriers in the same snapshot. */
  private snapshotValue: unknown;
  private hasSnapshotValue = false;
  private readonly measures: readonly string[];

  constructor(
    private readonly schema: Schema,
    private readonly groupBy: readonly string[],
    private readonly snapshotField: string | undefined,
  ) {
    this.measures = Object.values(schema.fields as Record<string, { name: string; isMeasure: boolean }>)
      .filter((field) => field.isMeasure)
      .map((field) => field.name);
  }

  add(row: object): void {
    const values = row as Record<string, unknown>;
    if (this.snapshotField !== undefined && !this.hasSnapshotValue) {
      this.snapshotValue = values[this.snapshotField];
      this.hasSnapshotValue = true;
    }
    const spelling = spellingOf(values, this.groupBy);
    let group = spelling === undefined ? undefined : this.groupsBySpelling.get(spelling);
    if (group === undefined) {
      group = this.groupOf(values);
      if (spelling !== undefined) {
        // Bounded by the groups: a file that spells a few groups in endless ways re-probes instead of growing.
        if (this.groupsBySpelling.size >= 2 * this.groups.size + 10_000) this.groupsBySpelling.clear();
        this.groupsBySpelling.set(spelling, group);
      }
    }
    // Measures are number fields; a value that is not a finite number sums as 0 (README, "Reading a value").
    for (const measure of this.measures) {
      if (!Object.hasOwn(values, measure)) continue;
      const amount = values[measure];
      if (typeof amount === 'number' && Number.isFinite(amount)) (group[measure] as number) += amount;
    }
  }

  clear(): void {
    this.groups = new Map();
    this.groupsBySpelling = new Map();
    this.hasSnapshotValue = false;
  }

  page(skip: number, top: number): { value: object[]; totalCount: number } {
    const carriers: object[] = [];
    for (const group of this.groups.values()) {
      const carrier: Record<string, unknown> = { ...group };
      // runQuery reads a non-finite number as null; an overflowed sum is carried as 0 and mapped back below.
      for (const measure of this.measures) if (!Number.isFinite(group[measure])) carrier[measure] = 0;
      if (this.snapshotField !== undefined) carrier[this.snapshotField] = this.snapshotValue;
      carriers.push(carrier);
    }
    const { value } = runQuery(carriers, { groupBy: this.groupBy, top, skip }, { schema: this.schema });
    return {
      value: value.map((group) => this.groups.get(this.keyOf(group as GroupRow))!),
      totalCount: this.groups.size,
    };
  }

  /** The row's group, made (with its sums at 0) the first time its typed values are seen. */
  private groupOf(row: Record<string, unknown>): GroupRow {
    // A null-prototype probe: a field named __proto__ stays a field.
    const probe: Record<string, unknown> = Object.create(null);
    for (const name of this.groupBy) if (Object.hasOwn(row, name)) probe[name] = row[name];
    if (this.snapshotField !== undefined) probe[this.snapshotField] = this.snapshotValue;
    const typed = runQuery([probe], { groupBy: this.groupBy }, { schema: this.schema }).value[0] as GroupRow;
    const key = this.keyOf(typed);
    const group = this.groups.get(key);
    if (group !== undefined) return group;
    this.groups.set(key, typed);
    return typed;
  }

  private keyOf(group: GroupRow): string {
    return JSON.stringify(this.groupBy.map((name) => group[name]));
  }
}

/**
 * The groupby values of a row as written, told apart by type (`'1'` is not `1`, `-0` is not `0`, missing is
 * not null), so that one spelling always joins one group; undefined when a value is an object, never cached.
 */
function spellingOf(row: Record<string, unknown>, names: readonly string[]): string | undefined {
  let spelling = '';
  for (const name of names) {
    const value = Object.hasOwn(row, name) ? row[name] : undefined;
    switch (typeof value) {
      case 'string':
        spelling += `s${value.length}:${value}`;
        break;
      case 'number':
        spelling += Object.is(value, -0) ? 'n-0;' : `n${value};`;
        break;
      case 'boolean':
        spelling += value ? 't' : 'f';
        break;
      case 'undefined':
        spelling += 'u';
        break;
      default:
        if (value !== null) return undefined;
        spelling += 'z';
    }
  }
  return spelling;
}
