// The engine's one pass over the rows: keep the snapshot's rows, test the filter, then keep the row or add
// it to its group. Two ways to run the same pass, as for predicates: a generic loop over field descriptions
// (works everywhere), and a loop generated for the query's fields (fastest; refused under a CSP that
// forbids `new Function`, where the generic loop runs instead).

import type { Value } from './ast.js';
import type { PredicateMode, RowPredicate } from './predicate.js';
import type { Field } from './schema.js';
import { type AnyRow, canonicalDateTime, guidPattern, noFields, readField, rowOf, typedValue } from './values.js';

/** A grouped row: the groupby fields and the sum of every measure. */
export type GroupRow = Record<string, Value>;

export interface ScanPlan {
  readonly predicate: RowPredicate | undefined;
  readonly snapshot: Field | undefined;
  /** The snapshot asked for, canonical; undefined means the latest in the data. */
  readonly snapshotKey: string | undefined;
  readonly groupFields: readonly Field[] | undefined;
  readonly measures: readonly Field[];
}

type Scan = (rows: Iterable<AnyRow>, plan: ScanPlan) => AnyRow[] | GroupRow[];

/**
 * The rows the query keeps (in input order), or their groups (in order of first appearance). With no
 * snapshot asked for, the latest is found in the same pass: what was kept for an older one is dropped when
 * a newer one appears.
 */
export function scanRows(rows: Iterable<AnyRow>, plan: ScanPlan, mode: PredicateMode): AnyRow[] | GroupRow[] {
  if (mode === 'closure') return genericScan(rows, plan);
  let scan: Scan;
  try {
    scan = compiledScan(plan);
  } catch (error) {
    // A CSP that forbids 'unsafe-eval' makes `new Function` throw EvalError; anything else is a bug.
    if (mode === 'auto' && error instanceof EvalError) return genericScan(rows, plan);
    throw error;
  }
  return scan(rows, plan);
}

// ---- the generic pass ----

function genericScan(rows: Iterable<AnyRow>, plan: ScanPlan): AnyRow[] | GroupRow[] {
  const { predicate, snapshot, snapshotKey, groupFields } = plan;
  const grouper = groupFields === undefined ? undefined : new Grouper(groupFields, plan.measures);
  let kept: AnyRow[] = [];
  let latest: string | undefined;

  for (const input of rows) {
    const row = rowOf(input);
    if (snapshot !== undefined) {
      const taken = readField(row, snapshot) as string | null;
      if (taken === null) continue;
      if (snapshotKey !== undefined) {
        if (taken !== snapshotKey) continue;
      } else if (latest === undefined || taken > latest) {
        // Canonical datetimes have a fixed width, so text order is time order.
        latest = taken;
        kept = [];
        grouper?.clear();
      } else if (taken < latest) {
        continue;
      }
    }
    if (predicate !== undefined && !predicate(row)) continue;
    if (grouper === undefined) kept.push(input);
    else grouper.add(row);
  }
  return grouper === undefined ? kept : grouper.rows();
}

/**
 * Groups rows by the exact values of the groupby fields in nested Maps, one level per field, so that no key
 * is built per row. Map keys compare by SameValueZero: 0 and -0 are one group, as in SQL.
 */
class Grouper {
  private root = new Map<Value, unknown>();
  private groups: GroupRow[] = [];

  constructor(
    private readonly fields: readonly Field[],
    private readonly measures: readonly Field[],
  ) {}

  add(row: AnyRow): void {
    let level = this.root;
    const last = this.fields.length - 1;
    for (let index = 0; index < last; index++) {
      const value = readField(row, this.fields[index]!);
      let next = level.get(value) as Map<Value, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const value = readField(row, this.fields[last]!);
    let group = level.get(value) as GroupRow | undefined;
    if (group === undefined) {
      group = this.newGroup(row);
      level.set(value, group);
    }
    for (const measure of this.measures) {
      const amount = readField(row, measure);
      if (typeof amount === 'number') (group[measure.name] as number) += amount;
    }
  }

  clear(): void {
    this.root = new Map();
    this.groups = [];
  }

  rows(): GroupRow[] {
    return this.groups;
  }

  private newGroup(row: AnyRow): GroupRow {
    // fromEntries defines own properties, so a field named `__proto__` is a field like any other.
    const group: GroupRow = Object.fromEntries([
      ...this.fields.map((field) => [field.name, readField(row, field)]),
      ...this.measures.map((measure) => [measure.name, 0]),
    ]);
    this.groups.push(group);
    return group;
  }
}

// ---- the generated pass ----

/**
 * The same pass as one function written for the query's fields, with three savings over the generic one,
 * each keeping readField's meaning exactly:
 * - each field is read at its own property access (`row["channel"]`), so every access site stays
 *   monomorphic instead of one site reading every field of every query;
 * - the own-property check (`Object.hasOwn`, the costliest step) is skipped for rows whose prototype is
 *   Object.prototype, when the field's name is not a property of Object.prototype: such a row can only
 *   have the field as its own (rows with other prototypes, or none, take hasOwn);
 * - the snapshot is decided once per run of rows with the same datetime text, not once per row;
 * - arrays are walked by index.
 * Only fixed templates and JSON.stringify'd field names (identifiers, checked by defineSchema) reach the source.
 */
const compiledScans = new Map<string, Scan>();
const maxCompiledScans = 64;

// The generated pass depends only on the names and types of the fields it reads: queries that repeat
// (a server's, a dashboard's) reuse it.
function compiledScan(plan: ScanPlan): Scan {
  const describe = (field: Field) => `${field.name}:${field.type}`;
  const key = [
    plan.snapshot === undefined ? '' : describe(plan.snapshot),
    plan.groupFields === undefined ? '-' : plan.groupFields.map(describe).join(','),
    plan.groupFields === undefined ? '' : plan.measures.map(describe).join(','),
  ].join('|');
  let scan = compiledScans.get(key);
  if (scan === undefined) {
    scan = generateScan(plan);
    if (compiledScans.size >= maxCompiledScans) compiledScans.clear();
    compiledScans.set(key, scan);
  }
  return scan;
}

function generateScan(plan: ScanPlan): Scan {
  const { snapshot, groupFields, measures } = plan;
  const fieldRefs: Field[] = [];
  const fieldRef = (field: Field) => `fields[${fieldRefs.push(field) - 1}]`;
  const property = (field: Field) => `row[${JSON.stringify(field.name)}]`;
  const own = (field: Field) =>
    field.name in Object.prototype
      ? `hasOwn(row, ${JSON.stringify(field.name)})`
      : `((plain ??= Object.getPrototypeOf(row) === Object.prototype) || hasOwn(row, ${JSON.stringify(field.name)}))`;
  // `target = <the field's value as readField reads it>`, for one field.
  const read = (field: Field, target: string): string => {
    const raw = `${target} = ${property(field)};`;
    switch (field.type) {
      case 'string':
        return `${raw} if (typeof ${target} !== 'string' || !${own(field)}) ${target} = null;`;
      case 'guid':
        return `${raw} if (typeof ${target} !== 'string' || !${own(field)} || !guid.test(${target})) ${target} = null;`;
      case 'number':
        return `${raw} if (typeof ${target} !== 'number' || ${target} - ${target} !== 0 || !${own(field)}) ${target} = null;`;
      case 'boolean':
        return `${raw} if (typeof ${target} !== 'boolean' || !${own(field)}) ${target} = null;`;
      case 'datetime':
        return `${target} = read(row, ${fieldRef(field)});`;
    }
  };

  const lines: string[] = [];
  lines.push("  const row = typeof input === 'object' && input !== null ? input : noFields;");
  // Whether the row's prototype is Object.prototype, found at the first own-property check of the row.
  // (Asked up front for every row instead, it cost half again as much: 34 ms against 23 ms per million rows.)
  lines.push('  let plain;');
  if (snapshot !== undefined) {
    // Rows come in runs of one snapshot text, and every row of a run gets the answer its first row got
    // (latest can change only when another text appears): decide once per run, not once per row.
    lines.push(`  taken = ${property(snapshot)};`);
    lines.push(`  if (taken === undefined || !${own(snapshot)}) continue;`);
    lines.push('  if (taken !== lastText || typeof taken !== "string") {');
    lines.push(
      `    canonicalTaken = typeof taken === 'string' ? canonical(taken) ?? null : typed(taken, ${fieldRef(snapshot)});`,
    );
    lines.push('    lastText = taken;');
    lines.push('    if (canonicalTaken === null) lastKept = false;');
    lines.push('    else if (snapshotKey !== undefined) lastKept = canonicalTaken === snapshotKey;');
    lines.push('    else if (latest === undefined || canonicalTaken > latest) {');
    lines.push('      latest = canonicalTaken;');
    lines.push(groupFields === undefined ? '      kept = [];' : '      root = new Map(); groups = [];');
    lines.push('      lastKept = true;');
    lines.push('    } else lastKept = canonicalTaken === latest;');
    lines.push('  }');
    lines.push('  if (!lastKept) continue;');
  }
  lines.push('  if (predicate !== undefined && !predicate(row)) continue;');
  if (groupFields === undefined) {
    lines.push('  kept.push(input);');
  } else {
    lines.push('  level = root;');
    const names: string[] = [];
    groupFields.forEach((field, index) => {
      const name = `v${index}`;
      names.push(name);
      lines.push(`  let ${name}; ${read(field, name)}`);
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
      // Measures are numbers (defineSchema allows `aggregate: 'sum'` on number fields only).
      lines.push(`  amount = ${property(measure)};`);
      lines.push(
        `  if (typeof amount === 'number' && amount - amount === 0 && ${own(measure)}) group[${JSON.stringify(measure.name)}] += amount;`,
      );
    }
  }
  const body = lines.join('\n');
  const groupState = groupFields === undefined ? '' : 'let root = new Map();\nlet groups = [];';
  // Arrays are walked by index, which is faster than their iterator; any other iterable by for…of.
  const source = `return function scan(rows, plan) {
const predicate = plan.predicate;
const snapshotKey = plan.snapshotKey;
let kept = [];
${groupState}
let latest, lastText, lastKept = false, taken, canonicalTaken, level, next, group, amount;
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
return ${groupFields === undefined ? 'kept' : 'groups'};
};`;
  const factory = new Function('fields', 'read', 'typed', 'canonical', 'guid', 'hasOwn', 'noFields', source) as (
    ...args: unknown[]
  ) => Scan;
  return factory(fieldRefs, readField, typedValue, canonicalDateTime, guidPattern, Object.hasOwn, noFields);
}
