// Filter → `(row) => boolean`, with exactly the meaning of SPEC §3 and src/values.ts. Two ways to run the same
// plan: generated code (fastest) or closures (works where a Content-Security-Policy forbids `new Function`).

import { assertNever, type Filter, type MatchOperator, type RangeOperator, type Value } from './ast.js';
import { compile, type PredicateMode } from './codegen.js';
import { FilterError, withStackGuard } from './errors.js';
import { ownProperties } from './own.js';
import { type Field, requireSchema, type Schema, validatedField } from './schema.js';
import { checkFilterShape } from './shape.js';
import { checkFilter } from './validate.js';
import {
  type AnyRow,
  comparisonKey,
  fieldReaderOf,
  foldAscii,
  foldsCase,
  ifOwnSource,
  interned,
  ownValueReaderOf,
  ownValueSource,
  rangeKey,
  rangeTestOf,
  rangeTestSource,
  readFieldSource,
  rowOf,
  rowReadError,
  textKey,
  textTestOf,
  textTestSource,
} from './values.js';

export type { PredicateMode } from './codegen.js';

export interface PredicateOptions<S extends Schema = Schema> {
  readonly schema: S;
  readonly mode?: PredicateMode;
}

export type RowPredicate = (row: AnyRow) => boolean;

/**
 * A function that tells whether a row matches the filter. Rows of any shape are accepted: a missing field,
 * null or a value of the wrong type never equals a literal (so it satisfies `ne`), is never in a range (`gt ge lt
 * le`) and never contains text, and only a schema field's own property is read.
 *
 * @example
 * const isSfb = toPredicate(parseFilter("workloadCode eq 'SFB'", { schema }), { schema });
 * rows.filter(isSfb);
 */
export function toPredicate<S extends Schema>(filter: Filter, options: PredicateOptions<S>): RowPredicate {
  const { schema, mode = 'auto' } =
    typeof options === 'object' && options !== null
      ? ownProperties(options, ['schema', 'mode'])
      : { schema: undefined, mode: undefined };
  requireSchema(schema, 'toPredicate');
  withStackGuard('filter', () => {
    checkFilterShape(filter);
    checkFilter(filter, schema, { limits: schema.limits });
  });
  return predicateOf(filter, schema, mode as PredicateMode);
}

/**
 * toPredicate for a filter already checked against the schema (runQuery's resolveQuery has done it), so a
 * query is validated once, not twice.
 */
export function predicateOf(filter: Filter, schema: Schema, mode: PredicateMode): RowPredicate {
  if (mode !== 'auto' && mode !== 'compiled' && mode !== 'closure') {
    throw new FilterError('INVALID_PARAMETER', "The predicate mode is 'auto', 'compiled' or 'closure'", {
      param: 'mode',
    });
  }
  return withStackGuard('filter', () => {
    const plan = planOf(filter, schema, false);
    return compiledOf(plan, mode) ?? closureOf(plan);
  });
}

// ---- the plan: the filter as tests of one field each, negations pushed to the leaves ----

/**
 * Does the row's value of `field` match: equal to `key` (one value), a member of `keys` (several), or null
 * (`matchesNull`, for `eq null` and for `null` in an `in` list)? `negated` flips the answer.
 */
interface FieldTest {
  readonly kind: 'test';
  readonly field: Field;
  readonly keys: readonly Value[];
  readonly matchesNull: boolean;
  readonly negated: boolean;
}

/** `field op key` (gt ge lt le): `key` is the literal's rangeKey, null when no row value can satisfy it. */
interface RangeTest {
  readonly kind: 'range';
  readonly field: Field;
  readonly op: RangeOperator;
  readonly key: Value;
  readonly negated: boolean;
}

/** `contains(field, key)` and its siblings: `key` is the argument's textKey. */
interface TextTest {
  readonly kind: 'text';
  readonly field: Field;
  readonly op: MatchOperator;
  readonly key: string;
  readonly negated: boolean;
}

interface Junction {
  readonly kind: 'all' | 'any';
  readonly operands: readonly Plan[];
}

type Leaf = FieldTest | RangeTest | TextTest;
type Plan = Leaf | Junction;

function isJunction(plan: Plan): plan is Junction {
  return plan.kind === 'all' || plan.kind === 'any';
}

// Negations are pushed down by De Morgan so that every leaf knows whether it is negated, and `eq`s of one
// field under an `or` (the 50-term `customerTenantId eq …` chain) merge into one test against a Set.
function planOf(filter: Filter, schema: Schema, negated: boolean): Plan {
  switch (filter.kind) {
    case 'or':
    case 'and': {
      const isAny = (filter.kind === 'or') !== negated;
      const operands = filter.operands.map((operand) => planOf(operand, schema, negated));
      return { kind: isAny ? 'any' : 'all', operands: mergeTests(operands, isAny) };
    }
    case 'not':
      return planOf(filter.operand, schema, !negated);
    case 'compare': {
      const field = validatedField(schema, filter.field);
      const op = filter.op;
      switch (op) {
        case 'eq':
          return testOf(field, [filter.value], negated);
        case 'ne':
          return testOf(field, [filter.value], !negated);
        case 'gt':
        case 'ge':
        case 'lt':
        case 'le':
          return { kind: 'range', field, op, key: rangeKey(field, filter.value), negated };
        default:
          return assertNever(op);
      }
    }
    case 'match': {
      const field = validatedField(schema, filter.field);
      return { kind: 'text', field, op: filter.op, key: textKey(field, filter.value), negated };
    }
    case 'in':
      return testOf(validatedField(schema, filter.field), filter.values, negated);
    default:
      return assertNever(filter);
  }
}

function testOf(field: Field, values: readonly Value[], negated: boolean): FieldTest {
  // Interned, as a short string of a parsed row is: then `===` is a pointer compare (see `interned`).
  const keys = values
    .filter((value) => value !== null)
    .map((value) => {
      const key = comparisonKey(field, value);
      return typeof key === 'string' ? interned(key) : key;
    });
  return { kind: 'test', field, keys: [...new Set(keys)], matchesNull: values.includes(null), negated };
}

// Under `any`, positive tests of one field are one test of the union of their keys; under `all`, negated
// tests of one field are one negated test of the union (`a ne 'x' and a ne 'y'` is `not a in ('x', 'y')`).
function mergeTests(operands: readonly Plan[], isAny: boolean): Plan[] {
  const merged: Plan[] = [];
  const byField = new Map<Field, number>();
  for (const operand of operands) {
    const mergeable = operand.kind === 'test' && operand.negated !== isAny;
    const index = mergeable ? byField.get(operand.field) : undefined;
    if (!mergeable) {
      merged.push(operand);
    } else if (index === undefined) {
      byField.set(operand.field, merged.length);
      merged.push(operand);
    } else {
      const previous = merged[index] as FieldTest;
      merged[index] = {
        ...previous,
        keys: [...new Set([...previous.keys, ...operand.keys])],
        matchesNull: previous.matchesNull || operand.matchesNull,
      };
    }
  }
  return merged;
}

// ---- closures ----

function closureOf(plan: Plan): RowPredicate {
  const match = matcherOf(plan);
  return (row) => {
    try {
      return match(rowOf(row));
    } catch (error) {
      // Only a row's own code (a getter, a Proxy trap) can throw here.
      throw rowReadError(error);
    }
  };
}

function matcherOf(plan: Plan): RowPredicate {
  if (isJunction(plan)) {
    const operands = plan.operands.map(matcherOf);
    if (operands.length === 1) return operands[0]!;
    if (operands.length === 2) {
      const [first, second] = operands as [RowPredicate, RowPredicate];
      return plan.kind === 'all' ? (row) => first(row) && second(row) : (row) => first(row) || second(row);
    }
    return plan.kind === 'all'
      ? (row) => operands.every((match) => match(row))
      : (row) => operands.some((match) => match(row));
  }
  const matches = positiveMatcherOf(plan);
  return plan.negated ? (row) => !matches(row) : matches;
}

function positiveMatcherOf(leaf: Leaf): RowPredicate {
  switch (leaf.kind) {
    case 'test':
      return fieldTestMatcherOf(leaf);
    case 'range': {
      const { field, op, key } = leaf;
      if (key === null) return () => false;
      const read = fieldReaderOf(field);
      const inRange = rangeTestOf(field, op, key);
      return (row) => inRange(read(row));
    }
    case 'text': {
      // A string field's raw own value: textTestOf's `typeof` check is all of readField's check for a string.
      // Any other type goes through readField, so that a malformed GUID reads as null.
      const { field, op, key } = leaf;
      const read = field.type === 'string' ? ownValueReaderOf(field) : fieldReaderOf(field);
      const found = textTestOf(field, op, key);
      return (row) => found(read(row));
    }
    default:
      return assertNever(leaf);
  }
}

function fieldTestMatcherOf(test: FieldTest): RowPredicate {
  const { field, keys, matchesNull } = test;
  const valueMatches = keyMatcherOf(field, keys);
  if (matchesNull) {
    const read = fieldReaderOf(field);
    return (row) => {
      const value = read(row);
      return value === null || valueMatches(value);
    };
  }
  if (field.type === 'string' || field.type === 'guid' || field.type === 'number' || field.type === 'boolean') {
    // A key has the field's type, so a value that matches it has the right type too: readField's type check
    // is left out. The own-property check comes first, at every call: an inherited property is never read.
    const ownValue = ownValueReaderOf(field);
    return (row) => valueMatches(ownValue(row));
  }
  const read = fieldReaderOf(field);
  return (row) => valueMatches(read(row));
}

/**
 * Tests a raw property value (of any type) against the keys, folding case when the field does.
 * GUID keys are ASCII hex digits and dashes, and no character outside ASCII lower-cases into one of them
 * (only K, the Kelvin sign, and İ lower-case into ASCII, as k and i), so for a GUID field the native
 * toLowerCase finds exactly the keys that ASCII folding finds, without first checking the text is ASCII.
 */
function keyMatcherOf(field: Field, keys: readonly Value[]): (value: unknown) => boolean {
  const folds = foldsCase(field);
  if (keys.length === 0) return () => false;
  if (keys.length === 1) {
    const key = keys[0];
    if (folds && typeof key === 'string') return (value) => typeof value === 'string' && equalsFolded(value, key);
    return (value) => value === key;
  }
  const set = new Set<unknown>(keys);
  if (field.type === 'guid') return (value) => typeof value === 'string' && set.has(value.toLowerCase());
  if (folds) return (value) => typeof value === 'string' && set.has(foldAscii(value));
  return (value) => set.has(value);
}

/** `foldAscii(text) === folded`, without building the folded text. */
export function equalsFolded(text: string, folded: string): boolean {
  if (text.length !== folded.length) return false;
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    if (code >= 65 && code <= 90) code += 32;
    if (code !== folded.charCodeAt(index)) return false;
  }
  return true;
}

// ---- generated code ----

/**
 * The same plan as one generated function, or undefined where closures must run instead (src/codegen.ts).
 * Only two kinds of text reach the source: fixed templates and property names, which are schema field names
 * (identifiers, checked by defineSchema) written with JSON.stringify. Every literal is passed in through
 * `keys` and named `k0`, `k1`, … by the source.
 */
function compiledOf(plan: Plan, mode: PredicateMode): RowPredicate | undefined {
  if (mode === 'closure') return undefined;
  const keys: unknown[] = [];
  // Each constant is a variable of its own (declared below), read without indexing an array.
  const constant = (value: unknown): string => `k${keys.push(value) - 1}`;

  const emit = (node: Plan): string => {
    if (isJunction(node)) {
      const joiner = node.kind === 'all' ? ' && ' : ' || ';
      return `(${node.operands.map(emit).join(joiner)})`;
    }
    const test = emitLeaf(node);
    return node.negated ? `!${test}` : test;
  };

  const emitLeaf = (leaf: Leaf): string => {
    switch (leaf.kind) {
      case 'test':
        return emitTest(leaf);
      case 'range':
        if (leaf.key === null) return 'false';
        return `((value = ${readFieldSource(leaf.field)}), ${rangeTestSource(leaf.field, leaf.op, 'value', constant(leaf.key))})`;
      case 'text': {
        // As in positiveMatcherOf: a string field's raw value, checked by the test itself.
        const { field, op, key } = leaf;
        const read = field.type === 'string' ? ownValueSource(field.name) : readFieldSource(field);
        return `((value = ${read}), ${textTestSource(field, op, 'value', constant(key))})`;
      }
      default:
        return assertNever(leaf);
    }
  };

  const emitTest = (test: FieldTest): string => {
    const { field, keys: values, matchesNull } = test;
    const folds = foldsCase(field);
    // The keys' test of `value`, a string when the field folds case (GUIDs are ASCII: see keyMatcherOf).
    const keysTest = (value: string): string => {
      if (values.length === 0) return 'false';
      if (values.length === 1) return `${folds ? `equalsFolded(${value}, ` : `(${value} === `}${constant(values[0])})`;
      const folded = field.type === 'guid' ? `${value}.toLowerCase()` : folds ? `fold(${value})` : value;
      return `${constant(new Set(values))}.has(${folded})`;
    };
    if (matchesNull || field.type === 'datetime') {
      // The rare paths (datetimes, null tests) read the value as readField does, type check included.
      return `((value = ${readFieldSource(field)}) === null ? ${matchesNull} : ${keysTest('value')})`;
    }
    // As in positiveMatcherOf, a key has the field's type, so only folding needs to know the value is text.
    // The own-property check is made at every call: nothing about the prototypes is decided here.
    return ifOwnSource(field.name, (read) =>
      folds ? `typeof (value = ${read}) === 'string' && ${keysTest('value')}` : keysTest(read),
    );
  };

  const body = emit(plan);
  // Only a row's own code (a getter, a Proxy trap) can throw inside the try.
  const constants = keys.map((_, index) => `const k${index} = keys[${index}];\n`).join('');
  const source = `${constants}return function matches(input) {
  const row = typeof input === 'object' && input !== null ? input : noFields;
  let value, raw;
  try {
    return ${body};
  } catch (error) {
    throw rowReadError(error);
  }
};`;
  return compile<RowPredicate>(source, { keys, fold: foldAscii, equalsFolded }, mode);
}
