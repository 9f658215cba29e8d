// Structural check of a filter that did not come from parseFilter (built in code, or read from JSON).

import { compareOperators, type Filter, matchOperators } from './ast.js';
import { describeValue, FilterError } from './errors.js';
import { ownElement, ownProperties, ownProperty } from './own.js';
import { identifierPattern, reservedWords } from './schema.js';

// Deep enough for any filter the parser accepts at its maximum maxDepth, shallow enough for any stack.
const maxShapeDepth = 2_000;

/**
 * How many comparisons (each value of an `in` list counts) reusing nodes may make a filter stand for. A filter
 * built in code may hold one node at several places; written out, printed, compiled or checked, each place is a
 * copy, so `{ kind: 'and', operands: [x, x] }` nested 80 deep stands for 2^80 comparisons. A filter without
 * reuse is as large as the objects it is made of, and is not held to this.
 */
export const maxSharedTerms = 100_000;

/** How far below a node its deepest path goes, and how many comparisons it stands for (every path counted). */
interface Extent {
  readonly height: number;
  readonly terms: number;
}

/**
 * Throws a FilterError unless `value` is a well-formed filter AST: known kinds, non-empty operand and
 * value lists, values that are strings, finite numbers, booleans or null. Field names are not looked up
 * here; that is the schema's job (validate.ts). A node held at several places is read once, and reuse may
 * not make the filter stand for more than maxSharedTerms comparisons (LIMIT_EXCEEDED).
 */
export function checkFilterShape(value: unknown): asserts value is Filter {
  const walk = new ShapeWalk();
  const { terms } = walk.visit(value, 0, 'filter');
  if (terms > walk.distinctTerms && terms > maxSharedTerms) {
    throw new FilterError(
      'LIMIT_EXCEEDED',
      `The filter reuses nodes so often that written out it has more than ${maxSharedTerms.toLocaleString('en-US')} comparisons`,
      { param: 'filter' },
    );
  }
}

class ShapeWalk {
  private readonly extents = new Map<object, Extent>();
  /** The comparisons of the distinct nodes: what the filter would have without reuse. */
  distinctTerms = 0;

  visit(node: unknown, depth: number, path: string): Extent {
    if (depth > maxShapeDepth) throw tooDeep(path);
    if (typeof node !== 'object' || node === null) throw notAFilter(path, 'is not a filter node');
    const known = this.extents.get(node);
    if (known !== undefined) {
      // Met before along another path: only its depth here is new.
      if (depth + known.height > maxShapeDepth) throw tooDeep(path);
      return known;
    }
    const extent = this.visitNew(node, depth, path);
    this.extents.set(node, extent);
    return extent;
  }

  private visitNew(node: object, depth: number, path: string): Extent {
    // Own properties only: a part missing from a node is missing, whatever Object.prototype holds.
    const kind = ownProperty(node, 'kind');
    switch (kind) {
      case 'or':
      case 'and': {
        const operands = ownProperty(node, 'operands');
        if (!Array.isArray(operands) || operands.length === 0)
          throw notAFilter(path, `(${kind}) needs a non-empty operands array`);
        let height = 0;
        let terms = 0;
        // An index loop, not forEach: forEach skips the holes of a sparse array, which must fail here.
        for (let index = 0; index < operands.length; index++) {
          const extent = this.visit(ownElement(operands, index), depth + 1, `${path}.operands[${index}]`);
          height = Math.max(height, extent.height + 1);
          terms += extent.terms;
        }
        return { height, terms };
      }
      case 'not': {
        const extent = this.visit(ownProperty(node, 'operand'), depth + 1, `${path}.operand`);
        return { height: extent.height + 1, terms: extent.terms };
      }
      case 'compare': {
        const { field, op, value } = ownProperties(node, ['field', 'op', 'value']);
        checkField(field, path);
        if (!(compareOperators as readonly unknown[]).includes(op)) {
          throw notAFilter(path, `(compare) needs op ${compareOperators.map((name) => `'${name}'`).join(', ')}`);
        }
        checkValue(value, `${path}.value`);
        this.distinctTerms++;
        return { height: 0, terms: 1 };
      }
      case 'match': {
        const { field, op, value } = ownProperties(node, ['field', 'op', 'value']);
        checkField(field, path);
        if (!(matchOperators as readonly unknown[]).includes(op)) {
          throw notAFilter(path, `(match) needs op ${matchOperators.map((name) => `'${name}'`).join(', ')}`);
        }
        // The language writes the argument of contains(…) only as a quoted string.
        if (typeof value !== 'string') {
          throw new FilterError('INVALID_LITERAL', `${path}.value of a match must be a string`, { param: 'filter' });
        }
        this.distinctTerms++;
        return { height: 0, terms: 1 };
      }
      case 'in': {
        const { field, values } = ownProperties(node, ['field', 'values']);
        checkField(field, path);
        if (!Array.isArray(values) || values.length === 0)
          throw notAFilter(path, '(in) needs a non-empty values array');
        for (let index = 0; index < values.length; index++) {
          checkValue(ownElement(values, index), `${path}.values[${index}]`);
        }
        this.distinctTerms += values.length;
        return { height: 0, terms: values.length };
      }
      default:
        throw notAFilter(path, `has unknown kind ${describeValue(kind)}`);
    }
  }
}

function tooDeep(path: string): FilterError {
  return new FilterError('LIMIT_EXCEEDED', `The filter is nested more than ${maxShapeDepth} levels deep (at ${path})`, {
    param: 'filter',
  });
}

/** A name the grammar reads back as that one field: an identifier that is not a word of the language. */
export function isFieldName(name: unknown): name is string {
  return typeof name === 'string' && identifierPattern.test(name) && !reservedWords.includes(name);
}

/** What isFieldName asks, in words, for messages. */
export const fieldNameRule =
  "a field name is a letter or '_' followed by letters, digits or '_', and not a word of the language (eq, and, null, …)";

function checkField(field: unknown, path: string): void {
  if (typeof field !== 'string' || !identifierPattern.test(field)) {
    throw notAFilter(path, 'needs a field name (a letter or _ followed by letters, digits or _)');
  }
  // A keyword would print as text that reads as the keyword, not as a field.
  if (!isFieldName(field)) throw notAFilter(path, `has the keyword '${field}' where a field name goes`);
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
