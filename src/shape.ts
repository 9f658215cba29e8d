// Structural check of a filter that did not come from parseFilter (built in code, or read from JSON).

import type { Filter } from './ast.js';
import { describeValue, FilterError } from './errors.js';
import { ownElement, ownProperties, ownProperty } from './own.js';
import { reservedWords } from './schema.js';

// Deep enough for any filter the parser accepts at its maximum maxDepth, shallow enough for any stack.
const maxShapeDepth = 2_000;

/**
 * Throws a FilterError unless `value` is a well-formed filter AST: known kinds, non-empty operand and
 * value lists, values that are strings, finite numbers, booleans or null. Field names are not looked up
 * here; that is the schema's job (validate.ts).
 */
export function checkFilterShape(value: unknown): asserts value is Filter {
  visit(value, 0, 'filter');
}

function visit(node: unknown, depth: number, path: string): void {
  if (depth > maxShapeDepth) {
    throw new FilterError(
      'LIMIT_EXCEEDED',
      `The filter is nested more than ${maxShapeDepth} levels deep (at ${path})`,
      {
        param: 'filter',
      },
    );
  }
  if (typeof node !== 'object' || node === null) throw notAFilter(path, 'is not a filter node');
  // Own properties only: a part missing from a node is missing, whatever Object.prototype holds.
  const kind = ownProperty(node, 'kind');
  switch (kind) {
    case 'or':
    case 'and': {
      const operands = ownProperty(node, 'operands');
      if (!Array.isArray(operands) || operands.length === 0)
        throw notAFilter(path, `(${kind}) needs a non-empty operands array`);
      // An index loop, not forEach: forEach skips the holes of a sparse array, which must fail here.
      for (let index = 0; index < operands.length; index++) {
        visit(ownElement(operands, index), depth + 1, `${path}.operands[${index}]`);
      }
      return;
    }
    case 'not':
      visit(ownProperty(node, 'operand'), depth + 1, `${path}.operand`);
      return;
    case 'compare': {
      const { field, op, value } = ownProperties(node, ['field', 'op', 'value']);
      checkField(field, path);
      if (op !== 'eq' && op !== 'ne') throw notAFilter(path, "(compare) needs op 'eq' or 'ne'");
      checkValue(value, `${path}.value`);
      return;
    }
    case 'in': {
      const { field, values } = ownProperties(node, ['field', 'values']);
      checkField(field, path);
      if (!Array.isArray(values) || values.length === 0) throw notAFilter(path, '(in) needs a non-empty values array');
      for (let index = 0; index < values.length; index++) {
        checkValue(ownElement(values, index), `${path}.values[${index}]`);
      }
      return;
    }
    default:
      throw notAFilter(path, `has unknown kind ${describeValue(kind)}`);
  }
}

function checkField(field: unknown, path: string): void {
  if (typeof field !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) {
    throw notAFilter(path, 'needs a field name (a letter or _ followed by letters, digits or _)');
  }
  // A keyword would print as text that reads as the keyword, not as a field.
  if (reservedWords.includes(field)) throw notAFilter(path, `has the keyword '${field}' where a field name goes`);
}

function checkValue(value: unknown, path: string): void {
  const isValue =
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value));
  if (!isValue) {
    throw new FilterError('INVALID_LITERAL', `${path} must be a string, a finite number, true, false or null`, {
      param: 'filter',
    });
  }
}

function notAFilter(path: string, problem: string): FilterError {
  return new FilterError('INVALID_PARAMETER', `${path} ${problem}`, { param: 'filter' });
}

/**
 * Whether `value` is an array whose every index holds a string of its own: a hole fails (`every` would skip
 * it), whatever Array.prototype holds at that index.
 */
export function isArrayOfStrings(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index++) {
    if (typeof ownElement(value, index) !== 'string') return false;
  }
  return true;
}
