// The same query and rows with every value swapped for a harmless one of the same kind. SQL text compiled from
// both must be identical: then the text is a function of the query's shape alone, and no value can be in it.

import { assertNever, type Filter, type Value } from '../../src/ast.js';
import type { Query } from '../../src/query.js';
import { type Field, findField, type Schema } from '../../src/schema.js';
import { canonicalDateTime, foldAscii, typedValue } from '../../src/values.js';

/**
 * Swaps values injectively and keeps what a compiler may legitimately look at: null stays null, a missing
 * property stays missing, a wrong-typed value stays wrong-typed; two values that were equal (exactly, or after
 * ASCII folding) are still equal, two that differed still differ. A compiler that deduplicated `in` lists,
 * or wrote NULL for a null, makes the same text for both; one that spliced a value into the text does not.
 */
export class Substitution {
  private readonly strings = new CaseKeepingMap((group, variant) => `qzvw${group}`.replace(/[qzvw]/g, variant));
  private readonly guids = new CaseKeepingMap((group, variant) =>
    `aaaaaaaa-bbbb-cccc-dddd-${String(group).padStart(12, '0')}`.replace(/[abcd]/g, variant),
  );
  private readonly numbers = new Map<number, number>();
  private readonly instants = new Map<string, string>();
  private readonly wrongStrings = new Map<string, string>();
  /** Every string value met, as it was: what must not appear in SQL text. */
  readonly originals = new Set<string>();

  constructor(private readonly schema: Schema) {}

  query(query: Query): Query {
    const { filter, processedDateTime } = query;
    const snapshot = processedDateTime === undefined ? undefined : canonicalDateTime(processedDateTime);
    if (processedDateTime !== undefined) this.originals.add(processedDateTime);
    return {
      ...query,
      ...(filter !== undefined && { filter: this.filter(filter) }),
      ...(snapshot !== undefined && { processedDateTime: this.instant(snapshot) }),
    };
  }

  filter(filter: Filter): Filter {
    switch (filter.kind) {
      case 'or':
      case 'and':
        return { kind: filter.kind, operands: filter.operands.map((operand) => this.filter(operand)) };
      case 'not':
        return { kind: 'not', operand: this.filter(filter.operand) };
      case 'compare':
        return { ...filter, value: this.literal(filter.field, filter.value) };
      // Only the text is compared, so a substring test need not keep its answer: the argument is a string.
      case 'match':
        return { ...filter, value: this.literal(filter.field, filter.value) as string };
      case 'in':
        return { ...filter, values: filter.values.map((value) => this.literal(filter.field, value)) };
      default:
        return assertNever(filter);
    }
  }

  /** The rows, each rebuilt on the same prototype with its own properties swapped. */
  rows(rows: readonly object[]): object[] {
    return rows.map((row) => {
      const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(row));
      for (const [name, cell] of Object.entries(row)) {
        const field = findField(this.schema, name);
        copy[name] = field === undefined ? this.wrong(cell) : this.cell(field, cell);
      }
      return copy;
    });
  }

  private literal(name: string, value: Value): Value {
    const field = findField(this.schema, name);
    return field === undefined ? value : (this.cell(field, value) as Value);
  }

  private cell(field: Field, value: unknown): unknown {
    const typed = typedValue(value, field);
    if (typed === null) return this.wrong(value);
    switch (field.type) {
      case 'string':
        this.originals.add(typed as string);
        return this.strings.get(typed as string);
      case 'guid':
        this.originals.add(typed as string);
        return this.guids.get(typed as string);
      case 'number':
        return this.number(typed as number);
      case 'boolean':
        return !typed;
      case 'datetime': {
        if (typeof value === 'string') this.originals.add(value);
        const instant = this.instant(typed as string);
        return value instanceof Date ? new Date(instant) : instant;
      }
      default:
        return assertNever(field.type as never);
    }
  }

  // A value the field reads as null (or a property no field reads) stays as odd as it was.
  private wrong(value: unknown): unknown {
    if (typeof value === 'string') {
      this.originals.add(value);
      let swapped = this.wrongStrings.get(value);
      if (swapped === undefined) {
        swapped = `zqbad${this.wrongStrings.size}`;
        this.wrongStrings.set(value, swapped);
      }
      return swapped;
    }
    if (typeof value === 'number') return Number.isFinite(value) ? this.number(value) : value;
    if (typeof value === 'boolean') return !value;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? value : new Date(value.getTime() + 86_400_000);
    return value;
  }

  // Map keys compare by SameValueZero, so 0 and -0 stay one value, as every backend treats them.
  private number(value: number): number {
    let swapped = this.numbers.get(value);
    if (swapped === undefined) {
      swapped = 1000 + this.numbers.size;
      this.numbers.set(value, swapped);
    }
    return swapped;
  }

  private instant(canonical: string): string {
    let swapped = this.instants.get(canonical);
    if (swapped === undefined) {
      swapped = canonicalDateTime(`2001-01-01T00:00:${String(this.instants.size).padStart(2, '0')}Z`)!;
      this.instants.set(canonical, swapped);
    }
    return swapped;
  }
}

/**
 * Gives each distinct string a stand-in that keeps both equalities: strings that fold to the same ASCII
 * lower case share a group (one stem); within a group each exact spelling gets its own pattern of capitals.
 */
class CaseKeepingMap {
  private readonly groups = new Map<string, Map<string, string>>();

  constructor(private readonly stem: (group: number, variant: (letter: string) => string) => string) {}

  get(text: string): string {
    const key = foldAscii(text);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = new Map();
      this.groups.set(key, group);
    }
    let swapped = group.get(text);
    if (swapped === undefined) {
      const groupIndex = [...this.groups.keys()].indexOf(key);
      const variant = group.size;
      let letterIndex = 0;
      swapped = this.stem(groupIndex, (letter) => {
        const upper = ((variant >> letterIndex) & 1) === 1;
        letterIndex++;
        return upper ? letter.toUpperCase() : letter;
      });
      group.set(text, swapped);
    }
    return swapped;
  }
}
