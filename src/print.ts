// AST → canonical text: single spaces, minimal parentheses; parseFilter(printFilter(a)) equals a.

import { assertNever, type Filter, type Value } from './ast.js';
import { describeValue, FilterError, withStackGuard } from './errors.js';
import { checkFilterShape, fieldNameRule, isArrayOfStrings, isFieldName } from './shape.js';

/**
 * The canonical text of a filter.
 *
 * @example
 * printFilter(parseFilter("(workloadCode  eq 'SFB')or(channel eq 'O''Brien')", { schema }))
 * // → "workloadCode eq 'SFB' or channel eq 'O''Brien'"
 */
export function printFilter(filter: Filter): string {
  return withStackGuard('filter', () => {
    checkFilterShape(filter);
    return printNode(filter);
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

function printNode(node: Filter): string {
  switch (node.kind) {
    case 'or':
      return node.operands.map((operand) => printOperand(operand, 'or')).join(' or ');
    case 'and':
      return node.operands.map((operand) => printOperand(operand, 'and')).join(' and ');
    case 'not':
      return `not ${printOperand(node.operand, 'not')}`;
    case 'compare':
      return `${node.field} ${node.op} ${printValue(node.value)}`;
    case 'in':
      return `${node.field} in (${node.values.map(printValue).join(', ')})`;
    default:
      return assertNever(node);
  }
}

function printOperand(operand: Filter, parent: 'or' | 'and' | 'not'): string {
  const text = printNode(operand);
  return needsParentheses(operand, parent) ? `(${text})` : text;
}

/**
 * Whether the canonical text puts `operand` in parentheses under `parent`. `and` binds tighter than `or`,
 * and `not` tightest of all: an operand needs them only when its operator binds more loosely than its parent's.
 */
export function needsParentheses(operand: Filter, parent: 'or' | 'and' | 'not'): boolean {
  return (operand.kind === 'or' && parent !== 'or') || (operand.kind === 'and' && parent === 'not');
}
