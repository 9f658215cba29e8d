// AST → canonical text: single spaces, minimal parentheses; parseFilter(printFilter(a)) equals a.

import { assertNever, type CompareNode, type Filter, type Value } from './ast.js';
import { describeValue, FilterError, withStackGuard } from './errors.js';
import { ownElement, ownProperties } from './own.js';
import type { OrderItem } from './query.js';
import { type Field, requireSchema, type Schema } from './schema.js';
import { checkFilterShape, fieldNameRule, isArrayOfStrings, isFieldName } from './shape.js';

export interface PrintFilterOptions {
  /**
   * Writes the datetime literals of the schema's datetime fields in its profile's form (`dateTimeLiteral`):
   * `'…'`, or `cast('…', Edm.DateTimeOffset)`. Nothing else of the filter is checked against it.
   */
  readonly schema?: Schema;
}

/**
 * The canonical text of a filter. The text does not depend on how the filter was written: spans and
 * `valueSyntax` are not read, and a datetime is quoted unless `{ schema }` asks for the `cast(…)` form.
 *
 * @example
 * printFilter(parseFilter("(workloadCode  eq 'SFB')or(channel eq 'O''Brien')", { schema }))
 * // → "workloadCode eq 'SFB' or channel eq 'O''Brien'"
 */
export function printFilter(filter: Filter, options: PrintFilterOptions = {}): string {
  if (typeof options !== 'object' || options === null) {
    throw new FilterError('INVALID_PARAMETER', 'printFilter takes options such as { schema } or none', {
      param: 'filter',
    });
  }
  const { schema } = ownProperties(options, ['schema']);
  if (schema !== undefined) requireSchema(schema, 'printFilter');
  const printer = new Printer(schema);
  return withStackGuard('filter', () => {
    checkFilterShape(filter);
    return printer.node(filter);
  });
}

/**
 * The canonical text of a groupby: the names joined by commas.
 *
 * @example
 * printGroupBy(['workloadCode', 'channel']) // → 'workloadCode,channel'
 */
export function printGroupBy(fields: readonly string[]): string {
  if (!isArrayOfStrings(fields) || fields.length === 0) {
    throw new FilterError('INVALID_PARAMETER', 'printGroupBy takes a non-empty array of field names', {
      param: 'groupby',
    });
  }
  // Without a schema to check them, the grammar is the check: a name it would not read back as that one
  // field (`a,b` is two, `and` a keyword) would make the text say something else.
  for (const name of fields) {
    if (!isFieldName(name)) {
      throw new FilterError(
        'INVALID_PARAMETER',
        `${describeValue(name)} cannot be written as a groupby field; ${fieldNameRule}`,
        {
          param: 'groupby',
        },
      );
    }
  }
  return fields.join(',');
}

/** A literal as filter text: strings quoted with '' for a quote inside. */
export function printValue(value: Value): string {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  // String(-0) is "0"; keep the sign so that the text parses back to the same number.
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  return String(value);
}

/**
 * The canonical text of an orderby: each field, then ` desc` where it is descending (`asc`, the default, is
 * left out), joined by commas.
 *
 * @example
 * printOrderBy([{ field: 'market', direction: 'asc' }, { field: 'subscriptionCount', direction: 'desc' }])
 * // → 'market,subscriptionCount desc'
 */
export function printOrderBy(items: readonly OrderItem[]): string {
  const fail = (problem: string) => new FilterError('INVALID_PARAMETER', problem, { param: 'orderby' });
  if (!Array.isArray(items) || items.length === 0) {
    throw fail("printOrderBy takes a non-empty array of items such as { field: 'market', direction: 'asc' }");
  }
  const parts: string[] = [];
  // An index loop: a hole of a sparse array must fail, not be skipped.
  for (let index = 0; index < items.length; index++) {
    const item = ownElement(items, index);
    if (typeof item !== 'object' || item === null) {
      throw fail(`Item ${index + 1} of the orderby is ${describeValue(item)}; an item is { field, direction }`);
    }
    const { field, direction } = ownProperties(item, ['field', 'direction']);
    if (!isFieldName(field)) {
      throw fail(`${describeValue(field)} cannot be written as an orderby field; ${fieldNameRule}`);
    }
    if (direction !== 'asc' && direction !== 'desc') {
      throw fail(`The direction of orderby field '${field}' is 'asc' or 'desc'; got ${describeValue(direction)}`);
    }
    parts.push(direction === 'desc' ? `${field} desc` : field);
  }
  return parts.join(',');
}

/** Writes nodes; `castFields` are the datetime fields whose literals go in the `cast(…)` form. */
class Printer {
  private readonly castFields: ReadonlySet<string>;

  constructor(schema: Schema | undefined) {
    const fields = schema === undefined ? [] : (Object.values(schema.fields) as Field[]);
    this.castFields = new Set(
      schema?.profile.dateTimeLiteral === 'cast'
        ? fields.filter((field) => field.type === 'datetime').map((field) => field.name)
        : [],
    );
  }

  node(node: Filter): string {
    switch (node.kind) {
      case 'or':
        return node.operands.map((operand) => this.operand(operand, 'or')).join(' or ');
      case 'and':
        return node.operands.map((operand) => this.operand(operand, 'and')).join(' and ');
      case 'not':
        return `not ${this.operand(node.operand, 'not')}`;
      case 'compare':
        return `${node.field} ${node.op} ${this.comparedValue(node)}`;
      // The docs' one example of a call writes no space after the comma: `contains(field,'value')`.
      case 'match':
        return `${node.op}(${node.field},${printValue(node.value)})`;
      // The cast form is a literal of comparisons only: an in list stays quoted (LANG12).
      case 'in':
        return `${node.field} in (${node.values.map(printValue).join(', ')})`;
      default:
        return assertNever(node);
    }
  }

  private operand(operand: Filter, parent: 'or' | 'and' | 'not'): string {
    const text = this.node(operand);
    return needsParentheses(operand, parent) ? `(${text})` : text;
  }

  // The text is the value as it stands, never made canonical: the parser keeps a datetime literal's text as
  // written, so only that text reads back as the same value.
  private comparedValue(node: CompareNode): string {
    const text = printValue(node.value);
    return typeof node.value === 'string' && this.castFields.has(node.field)
      ? `cast(${text}, Edm.DateTimeOffset)`
      : text;
  }
}

/**
 * Whether the canonical text puts `operand` in parentheses under `parent`. `and` binds tighter than `or`,
 * and `not` tightest of all: an operand needs them only when its operator binds more loosely than its parent's.
 * A comparison, an in list and a `contains(…)` are primaries and never need them.
 */
export function needsParentheses(operand: Filter, parent: 'or' | 'and' | 'not'): boolean {
  return (operand.kind === 'or' && parent !== 'or') || (operand.kind === 'and' && parent === 'not');
}
