// The engine's one pass over the rows: keep the snapshot's rows, test the filter, then keep the row or add
// it to its group. Two ways to run the same pass, as for predicates: a generic loop over field descriptions
// (works everywhere), and a loop generated for the query's fields (fastest; refused under a CSP that
// forbids `new Function`, where the generic loop runs instead).

import type { Value } from './ast.js';
import { compile, type PredicateMode } from './codegen.js';
import type { RowPredicate } from './predicate.js';
import type { Field } from './schema.js';
import {
  type AnyRow,
  type BucketLevel,
  bucketSource,
  bucketStart,
  type FieldReader,
  fieldReaderOf,
  ownValueSource,
  readFieldSource,
  rowOf,
} from './values.js';

/** A grouped row: the groupby fields (a datetime as the start of its bucket) and every measure's sum or count. */
export type GroupRow = Record<string, Value>;

export interface ScanPlan {
  readonly predicate: RowPredicate | undefined;
  readonly snapshot: Field | undefined;
  /** The snapshot asked for, canonical; undefined means the latest in the data. */
  readonly snapshotKey: string | undefined;
  readonly groupFields: readonly Field[] | undefined;
  /** Grouped: the bucket every datetime groupby field is replaced by the start of; undefined: the exact instant. */
  readonly bucket: BucketLevel | undefined;
  readonly measures: readonly Field[];
  /**
   * For a stream, where the rows are not in memory anyway: once `limit` matching rows are kept (no
   * groupby), `firstInOrder` cuts them back to those the page can still need. Undefined for an array.
   * (Every key of a plan is present: an absent one would be read from Object.prototype.)
   */
  readonly window: { readonly limit: number; readonly firstInOrder: (kept: AnyRow[]) => AnyRow[] } | undefined;
}

/** What the pass kept: the matching rows (or a window of them) or the groups, and how many matched. */
export interface ScanResult {
  readonly kept: AnyRow[] | GroupRow[];
  readonly count: number;
}

interface Scans {
  readonly scan: (rows: Iterable<AnyRow>, plan: ScanPlan) => ScanResult;
  readonly scanAsync: (rows: AsyncIterable<AnyRow> | Iterable<AnyRow>, plan: ScanPlan) => Promise<ScanResult>;
}

/**
 * The rows the query keeps (in input order), or their groups (in order of first appearance). With no
 * snapshot asked for, the latest is found in the same pass: what was kept for an older one is dropped when
 * a newer one appears.
 */
export function scanRows(rows: Iterable<AnyRow>, plan: ScanPlan, mode: PredicateMode): ScanResult {
  const scans = generatedScansFor(plan, mode);
  if (scans !== undefined) return scans.scan(rows, plan);
  const pass = new GenericPass(plan);
  for (const input of rows) pass.add(input);
  return pass.result();
}

/** scanRows over a stream: rows are read as they arrive, and only what the answer needs is held. */
export async function scanRowsAsync(
  rows: AsyncIterable<AnyRow> | Iterable<AnyRow>,
  plan: ScanPlan,
  mode: PredicateMode,
): Promise<ScanResult> {
  const scans = generatedScansFor(plan, mode);
  if (scans !== undefined) return scans.scanAsync(rows, plan);
  const pass = new GenericPass(plan);
  for await (const input of rows) pass.add(input);
  return pass.result();
}

// ---- the generic pass ----

/** The pass one row at a time, reading every value as readField does. */
class GenericPass {
  private readonly grouper: Grouper | undefined;
  private readonly readSnapshot: FieldReader | undefined;
  private kept: AnyRow[] = [];
  private count = 0;
  private latest: string | undefined;

  constructor(private readonly plan: ScanPlan) {
    this.grouper =
      plan.groupFields === undefined ? undefined : new Grouper(plan.groupFields, plan.bucket, plan.measures);
    this.readSnapshot = plan.snapshot === undefined ? undefined : fieldReaderOf(plan.snapshot);
  }

  add(input: AnyRow): void {
    const { predicate, snapshotKey, window } = this.plan;
    const row = rowOf(input);
    if (this.readSnapshot !== undefined) {
      const taken = this.readSnapshot(row) as string | null;
      if (taken === null) return;
      if (snapshotKey !== undefined) {
        if (taken !== snapshotKey) return;
      } else if (this.latest === undefined || taken > this.latest) {
        // Canonical datetimes have a fixed width, so text order is time order.
        this.latest = taken;
        this.kept = [];
        this.count = 0;
        this.grouper?.clear();
      } else if (taken < this.latest) {
        return;
      }
    }
    if (predicate !== undefined && !predicate(row)) return;
    if (this.grouper !== undefined) {
      this.grouper.add(row);
      return;
    }
    this.count++;
    this.kept.push(input);
    if (window !== undefined && this.kept.length >= window.limit) this.kept = window.firstInOrder(this.kept);
  }

  result(): ScanResult {
    if (this.grouper === undefined) return { kept: this.kept, count: this.count };
    const groups = this.grouper.rows();
    return { kept: groups, count: groups.length };
  }
}

/**
 * Groups rows by the exact values of the groupby fields (a datetime's bucket start, with a bucket) in nested
 * Maps, one level per field, so that no key is built per row. Map keys compare by SameValueZero: 0 and -0 are
 * one group, as in SQL.
 */
class Grouper {
  private root = new Map<Value, unknown>();
  private groups: GroupRow[] = [];
  private readonly readers: readonly FieldReader[];
  private readonly measureReaders: readonly (FieldReader | undefined)[];
  // The values of the row at hand, one slot per groupby field: reused, so a row costs no allocation.
  private readonly values: Value[];

  constructor(
    private readonly fields: readonly Field[],
    bucket: BucketLevel | undefined,
    private readonly measures: readonly Field[],
  ) {
    this.readers = fields.map((field) => groupValueReaderOf(field, bucket));
    // A count's row values are never read (undefined marks it), in either pass.
    this.measureReaders = measures.map((measure) =>
      measure.aggregate === 'count' ? undefined : fieldReaderOf(measure),
    );
    this.values = fields.map(() => null);
  }

  add(row: AnyRow): void {
    // Each field is read once, in order, as the generated pass reads it: a getter that answers differently
    // from one read to the next still gives the same groups in every mode.
    const { readers, values } = this;
    for (let index = 0; index < readers.length; index++) values[index] = (readers[index] as FieldReader)(row) as Value;
    let level = this.root;
    const last = values.length - 1;
    for (let index = 0; index < last; index++) {
      const value = values[index] as Value;
      let next = level.get(value) as Map<Value, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const value = values[last] as Value;
    let group = level.get(value) as GroupRow | undefined;
    if (group === undefined) {
      group = this.newGroup(values);
      level.set(value, group);
    }
    for (let index = 0; index < this.measures.length; index++) {
      const name = (this.measures[index] as Field).name;
      const read = this.measureReaders[index];
      if (read === undefined) {
        (group[name] as number) += 1;
        continue;
      }
      const amount = read(row);
      if (typeof amount === 'number') (group[name] as number) += amount;
    }
  }

  clear(): void {
    this.root = new Map();
    this.groups = [];
  }

  rows(): GroupRow[] {
    return this.groups;
  }

  private newGroup(values: readonly Value[]): GroupRow {
    // fromEntries defines own properties, so a field named `__proto__` is a field like any other.
    const group: GroupRow = Object.fromEntries([
      ...this.fields.map((field, index) => [field.name, values[index]]),
      ...this.measures.map((measure) => [measure.name, 0]),
    ]);
    this.groups.push(group);
    return group;
  }
}

/** How a groupby field's value is read: as readField reads it, a datetime then replaced by its bucket's start. */
function groupValueReaderOf(field: Field, bucket: BucketLevel | undefined): FieldReader {
  const read = fieldReaderOf(field);
  if (bucket === undefined || field.type !== 'datetime') return read;
  return (row) => {
    const value = read(row);
    return value === null ? null : bucketStart(value as string, bucket);
  };
}

// ---- the generated pass ----

/**
 * The same pass as one function written for the query's fields, with these savings over the generic one,
 * each keeping readField's meaning exactly:
 * - each field is read at its own property access (`row["channel"]`), so every access site stays
 *   monomorphic instead of one site reading every field of every query;
 * - the snapshot is decided once per run of rows with the same datetime text, not once per row;
 * - arrays are walked by index.
 * Only fixed templates and JSON.stringify'd field names (identifiers, checked by defineSchema) reach the source.
 */
const generatedScans = new Map<string, Scans>();
const maxGeneratedScans = 64;

// The generated pass depends only on the names and types of the fields it reads: queries that repeat
// (a server's, a dashboard's) reuse it. Undefined where the generic pass must run instead (src/codegen.ts).
function generatedScansFor(plan: ScanPlan, mode: PredicateMode): Scans | undefined {
  if (mode === 'closure') return undefined;
  const describe = (field: Field) => `${field.name}:${field.type}:${field.aggregate ?? ''}`;
  const key = [
    plan.snapshot === undefined ? '' : describe(plan.snapshot),
    plan.groupFields === undefined ? '-' : plan.groupFields.map(describe).join(','),
    plan.groupFields === undefined ? '' : plan.measures.map(describe).join(','),
    plan.groupFields === undefined ? '' : (plan.bucket ?? ''),
  ].join('|');
  let scans = generatedScans.get(key);
  if (scans === undefined) {
    scans = compile<Scans>(scanSource(plan), {}, mode);
    if (scans === undefined) return undefined;
    if (generatedScans.size >= maxGeneratedScans) generatedScans.clear();
    generatedScans.set(key, scans);
  }
  return scans;
}

// Every field is read as readField reads it (`readFieldSource`): its own property, checked at every read,
// then its type; nothing about the prototypes is decided when the code is generated (it is cached and reused).
function scanSource(plan: ScanPlan): string {
  const { snapshot, groupFields, bucket, measures } = plan;
  const lines: string[] = [];
  lines.push("  const row = typeof input === 'object' && input !== null ? input : noFields;");
  if (snapshot !== undefined) {
    // Rows come in runs of one snapshot text, and every row of a run gets the answer its first row got
    // (latest can change only when another text appears): decide once per run, not once per row.
    lines.push(`  if ((taken = ${ownValueSource(snapshot.name)}) === undefined) continue;`);
    lines.push('  if (taken !== lastText || typeof taken !== "string") {');
    lines.push('    canonicalTaken = readDateTime(taken);');
    lines.push('    lastText = taken;');
    lines.push('    if (canonicalTaken === null) lastKept = false;');
    lines.push('    else if (snapshotKey !== undefined) lastKept = canonicalTaken === snapshotKey;');
    lines.push('    else if (latest === undefined || canonicalTaken > latest) {');
    lines.push('      latest = canonicalTaken;');
    lines.push(groupFields === undefined ? '      kept = []; count = 0;' : '      root = new Map(); groups = [];');
    lines.push('      lastKept = true;');
    lines.push('    } else lastKept = canonicalTaken === latest;');
    lines.push('  }');
    lines.push('  if (!lastKept) continue;');
  }
  lines.push('  if (predicate !== undefined && !predicate(row)) continue;');
  if (groupFields === undefined) {
    lines.push('  count++;');
    lines.push('  kept.push(input);');
    lines.push('  if (kept.length >= keptLimit) kept = plan.window.firstInOrder(kept);');
  } else {
    lines.push('  level = root;');
    const names = groupFields.map((_, index) => `v${index}`);
    groupFields.forEach((field, index) => {
      const name = names[index] as string;
      if (bucket !== undefined && field.type === 'datetime') {
        lines.push(`  let ${name} = ${readFieldSource(field)};`);
        lines.push(`  ${name} = ${bucketSource(name, bucket)};`);
      } else {
        lines.push(`  const ${name} = ${readFieldSource(field)};`);
      }
      if (index < groupFields.length - 1) {
        lines.push(`  next = level.get(${name});`);
        lines.push(`  if (next === undefined) { next = new Map(); level.set(${name}, next); }`);
        lines.push('  level = next;');
      }
    });
    const last = names[names.length - 1];
    // A literal with computed keys defines own properties: a field named `__proto__` stays a field.
    const groupLiteral = [
      ...groupFields.map((field, index) => `[${JSON.stringify(field.name)}]: ${names[index]}`),
      ...measures.map((measure) => `[${JSON.stringify(measure.name)}]: 0`),
    ].join(', ');
    lines.push(`  group = level.get(${last});`);
    lines.push(
      `  if (group === undefined) { group = { ${groupLiteral} }; level.set(${last}, group); groups.push(group); }`,
    );
    for (const measure of measures) {
      const property = `group[${JSON.stringify(measure.name)}]`;
      if (measure.aggregate === 'count') {
        // A count's row values are never read, as in the generic pass.
        lines.push(`  ${property} += 1;`);
        continue;
      }
      // Measures are numbers (defineSchema allows aggregates on number fields only): null or a number.
      lines.push(`  if ((amount = ${readFieldSource(measure)}) !== null) ${property} += amount;`);
    }
  }
  // A row's own code (a getter, a Proxy trap) can throw while it is read: the caller gets a FilterError. The
  // try holds one row, not the loop, so that an error of the source itself (a failing stream) passes as it is.
  const body = `  try {\n${lines.join('\n')}\n  } catch (error) {\n    throw rowReadError(error);\n  }`;
  const state = `const predicate = plan.predicate;
const snapshotKey = plan.snapshotKey;
const keptLimit = plan.window === undefined ? Infinity : plan.window.limit;
let kept = [], count = 0;
${groupFields === undefined ? '' : 'let root = new Map(), groups = [];'}
let latest, lastText, lastKept = false, taken, canonicalTaken, level, next, group, amount, raw;`;
  const result =
    groupFields === undefined ? 'return { kept, count };' : 'return { kept: groups, count: groups.length };';
  // The same body three times: arrays walked by index (faster than their iterator), other iterables by
  // for…of, streams by for await…of.
  return `return {
scan(rows, plan) {
${state}
if (Array.isArray(rows)) {
  for (let index = 0; index < rows.length; index++) {
  const input = rows[index];
${body}
  }
} else {
  for (const input of rows) {
${body}
  }
}
${result}
},
async scanAsync(rows, plan) {
${state}
for await (const input of rows) {
${body}
}
${result}
},
};`;
}
