// Filters from code: the comparison, substring, inList and and/or/not builders (plain or typed by a schema) and the
// `filter` tag.

import {
  andNode,
  assertNever,
  type CompareNode,
  type CompareOperator,
  compareNode,
  type Filter,
  type FilterKind,
  hasLoneSurrogate,
  type InNode,
  inNode,
  loneSurrogateHint,
  type MatchNode,
  type MatchOperator,
  matchNode,
  type NotNode,
  notNode,
  type Operator,
  orNode,
  type RangeOperator,
  rangeOperators,
  type Span,
  type Value,
  withoutSpans,
} from './ast.js';
import { describeValue, errorAt, FilterError, withStackGuard } from './errors.js';
import { dateTimeOf, ownElement, ownProperty } from './own.js';
import { notAValue, type Placeholder, parseFilterAst, placeholderText } from './parse.js';
import { printValue } from './print.js';
import {
  allowsExtension,
  defaultLimits,
  type FilterableFieldName,
  identifierPattern,
  type Limits,
  type OperatorOf,
  requireSchema,
  reservedWords,
  type Schema,
  type ValueOfType,
} from './schema.js';
import { checkFilterShape, maxSharedTerms } from './shape.js';
import { checkFilter } from './validate.js';

/** What a builder takes as a value: a literal, or a Date, which becomes its ISO 8601 text. */
export type BuilderValue = Value | Date;

/** What the `filter` tag takes in a `${…}`: a value, or an array of values, which becomes an `in` list. */
export type TemplateValue = BuilderValue | readonly BuilderValue[];

/** The value a typed builder takes for field `K` of schema `S`: its type's value (ValueOfType), or null. */
export type FieldLiteral<S, K extends string> =
  S extends Schema<infer D> ? (K extends keyof D ? ValueOfType<D[K]['type']> | null : never) : never;

/**
 * The filterable fields of schema `S` that take operator `O`, as far as their definitions say in the type
 * (OperatorOf): a field that lists its operators without `O`, or whose type `O` does not apply to, is left out.
 */
export type OperatorFieldName<S, O extends Operator> = {
  [K in FilterableFieldName<S>]: O extends OperatorOf<S, K> ? K : never;
}[FilterableFieldName<S>];

/** The builders typed by a schema (see `builders`): each takes the fields that take its operator. */
export interface FilterBuilders<S extends Schema> {
  /** `field eq value`, the value of the field's type. */
  eq<K extends OperatorFieldName<S, 'eq'>>(field: K, value: FieldLiteral<S, K>): Filter<FilterableFieldName<S>>;
  /** `field ne value`: exactly `not (field eq value)`. */
  ne<K extends OperatorFieldName<S, 'ne'>>(field: K, value: FieldLiteral<S, K>): Filter<FilterableFieldName<S>>;
  /** `field gt value`: false for a row whose value is null, missing or of another type. */
  gt<K extends OperatorFieldName<S, 'gt'>>(
    field: K,
    value: NonNullable<FieldLiteral<S, K>>,
  ): Filter<FilterableFieldName<S>>;
  /** `field ge value`: false for a row whose value is null, missing or of another type. */
  ge<K extends OperatorFieldName<S, 'ge'>>(
    field: K,
    value: NonNullable<FieldLiteral<S, K>>,
  ): Filter<FilterableFieldName<S>>;
  /** `field lt value`: false for a row whose value is null, missing or of another type. */
  lt<K extends OperatorFieldName<S, 'lt'>>(
    field: K,
    value: NonNullable<FieldLiteral<S, K>>,
  ): Filter<FilterableFieldName<S>>;
  /** `field le value`: false for a row whose value is null, missing or of another type. */
  le<K extends OperatorFieldName<S, 'le'>>(
    field: K,
    value: NonNullable<FieldLiteral<S, K>>,
  ): Filter<FilterableFieldName<S>>;
  /** `contains(field,'text')`, after the field's case folding. */
  contains<K extends OperatorFieldName<S, 'contains'>>(field: K, text: string): Filter<FilterableFieldName<S>>;
  /** `startswith(field,'text')`, after the field's case folding. */
  startswith<K extends OperatorFieldName<S, 'startswith'>>(field: K, text: string): Filter<FilterableFieldName<S>>;
  /** `endswith(field,'text')`, after the field's case folding. */
  endswith<K extends OperatorFieldName<S, 'endswith'>>(field: K, text: string): Filter<FilterableFieldName<S>>;
  /** `field in (a, b, …)`, when the profile allows `in` and the field takes `eq`. */
  inList<K extends OperatorFieldName<S, 'eq'>>(
    field: K,
    values: readonly FieldLiteral<S, K>[],
  ): Filter<FilterableFieldName<S>>;
  /** All of the filters; one filter is returned as it is. */
  and(...filters: readonly Filter<FilterableFieldName<S>>[]): Filter<FilterableFieldName<S>>;
  /** Any of the filters; one filter is returned as it is. */
  or(...filters: readonly Filter<FilterableFieldName<S>>[]): Filter<FilterableFieldName<S>>;
  /** The negation of the filter, when the profile allows `not`. */
  not(filter: Filter<FilterableFieldName<S>>): Filter<FilterableFieldName<S>>;
}

/** A `filter` tag: template text with values in `${…}` → a Filter. */
export type FilterTag<F extends string = string> = (
  strings: TemplateStringsArray,
  ...values: readonly TemplateValue[]
) => Filter<F>;

// Nodes this module made, so that and/or/not need not walk an operand again: `wellFormed` holds every one
// (its shape was checked), `validFor` those a typed builder or tag also checked against a schema.
const wellFormed = new WeakSet<object>();
const validFor = new WeakMap<Schema, WeakSet<object>>();

// The builders check literals, fields and the profile; limits belong to whoever consumes the filter
// (parseQuery, toQueryString with a schema, the backends), with that call's own limits.
const noLimits: Limits = /* @__PURE__ */ Object.freeze({
  maxLength: Number.POSITIVE_INFINITY,
  maxDepth: Number.POSITIVE_INFINITY,
  maxTerms: Number.POSITIVE_INFINITY,
});

const filterKinds: readonly FilterKind[] = ['or', 'and', 'not', 'compare', 'match', 'in'];

// ---- untyped builders ----

/**
 * `field eq value`. The value is kept as given and quoted only when printed, so no value can change the filter.
 *
 * @example
 * printFilter(eq('channel', "O'Brien")) // → "channel eq 'O''Brien'"
 */
export function eq<F extends string>(field: F, value: BuilderValue): CompareNode<F> {
  return compare('eq', field, value);
}

/**
 * `field ne value`: exactly `not (field eq value)`, so a row without the field matches it.
 *
 * @example
 * printFilter(ne('channel', 'Reseller')) // → "channel ne 'Reseller'"
 */
export function ne<F extends string>(field: F, value: BuilderValue): CompareNode<F> {
  return compare('ne', field, value);
}

/**
 * `field gt value` (the `range` extension, or a field that lists `gt`): false for a row whose value is null,
 * missing or of another type. Numbers by value, datetimes as instants, strings by code point.
 *
 * @example
 * printFilter(gt('licenseCount', 5)) // → 'licenseCount gt 5'
 */
export function gt<F extends string>(field: F, value: Exclude<BuilderValue, null>): CompareNode<F> {
  return rangeCompare('gt', field, value);
}

/**
 * `field ge value`: as gt, or equal.
 *
 * @example
 * printFilter(ge('creationDate', new Date('2018-01-01'))) // → "creationDate ge '2018-01-01T00:00:00.000Z'"
 */
export function ge<F extends string>(field: F, value: Exclude<BuilderValue, null>): CompareNode<F> {
  return rangeCompare('ge', field, value);
}

/**
 * `field lt value`: false for a row whose value is null, missing or of another type.
 *
 * @example
 * printFilter(lt('licenseCount', 5)) // → 'licenseCount lt 5'
 */
export function lt<F extends string>(field: F, value: Exclude<BuilderValue, null>): CompareNode<F> {
  return rangeCompare('lt', field, value);
}

/**
 * `field le value`: as lt, or equal.
 *
 * @example
 * printFilter(le('usageDate', '2018-04-01')) // → "usageDate le '2018-04-01'"
 */
export function le<F extends string>(field: F, value: Exclude<BuilderValue, null>): CompareNode<F> {
  return rangeCompare('le', field, value);
}

/**
 * `contains(field,'text')` (the `text` extension, or a field that lists `contains`): true when the string value
 * holds `text`, after the field's case folding; '' is in every string; false for null, missing or another type.
 *
 * @example
 * printFilter(contains('customerName', "O'Brien")) // → "contains(customerName,'O''Brien')"
 */
export function contains<F extends string>(field: F, text: string): MatchNode<F> {
  return match('contains', field, text);
}

/**
 * `startswith(field,'text')`: true when the string value begins with `text`, after the field's case folding.
 *
 * @example
 * printFilter(startswith('productName', 'Office')) // → "startswith(productName,'Office')"
 */
export function startswith<F extends string>(field: F, text: string): MatchNode<F> {
  return match('startswith', field, text);
}

/**
 * `endswith(field,'text')`: true when the string value ends with `text`, after the field's case folding.
 *
 * @example
 * printFilter(endswith('friendlyName', ' (trial)')) // → "endswith(friendlyName,' (trial)')"
 */
export function endswith<F extends string>(field: F, text: string): MatchNode<F> {
  return match('endswith', field, text);
}

/**
 * `field in (a, b, …)` (the `in` extension): true when the field equals any of the values.
 *
 * @example
 * printFilter(inList('workloadCode', ['SFB', 'EXO'])) // → "workloadCode in ('SFB', 'EXO')"
 */
export function inList<F extends string>(field: F, values: readonly BuilderValue[]): InNode<F> {
  const name = checkFieldName(field, 'inList');
  if (!Array.isArray(values)) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `inList('${name}', values) takes an array of values; got ${describeValue(values)}`,
      { param: 'filter' },
    );
  }
  if (values.length === 0) {
    throw new FilterError(
      'INVALID_LITERAL',
      `inList('${name}', []) has no values; an in list needs at least one (the language cannot write an empty one)`,
      { param: 'filter' },
    );
  }
  const literals: Value[] = [];
  // An index loop: a hole of a sparse array must fail like undefined, not be skipped.
  for (let index = 0; index < values.length; index++) {
    literals.push(toLiteral(ownElement(values, index), `Value ${index + 1} of inList('${name}', …)`, plainFail));
  }
  return registered(inNode(name, literals));
}

/**
 * All of the filters. Nested `and`s are flattened; one filter is returned as it is.
 *
 * @example
 * printFilter(and(eq('workloadCode', 'SFB'), or(eq('channel', 'Reseller'), eq('channel', 'Direct'))))
 * // → "workloadCode eq 'SFB' and (channel eq 'Reseller' or channel eq 'Direct')"
 */
export function and<F extends string>(...filters: readonly Filter<F>[]): Filter<F> {
  return combine('and', filters, checkOperandShape);
}

/**
 * Any of the filters. Nested `or`s are flattened; one filter is returned as it is.
 *
 * @example
 * printFilter(or(eq('workloadCode', 'SFB'), eq('channel', 'Reseller'))) // → "workloadCode eq 'SFB' or channel eq 'Reseller'"
 */
export function or<F extends string>(...filters: readonly Filter<F>[]): Filter<F> {
  return combine('or', filters, checkOperandShape);
}

/**
 * The negation of a filter (the `not` extension); two-valued: a row matches exactly when `filter` does not.
 *
 * @example
 * printFilter(not(and(eq('a', 'x'), eq('b', 'y')))) // → "not (a eq 'x' and b eq 'y')"
 */
export function not<F extends string>(filter: Filter<F>): NotNode<F> {
  checkOperandShape(filter, 'not', 0);
  return registered(notNode(filter));
}

function compare<F extends string>(op: CompareOperator, field: F, value: unknown): CompareNode<F> {
  const name = checkFieldName(field, op);
  return registered(compareNode(name, op, toLiteral(value, `The value of ${op}('${name}', …)`, plainFail)));
}

// No schema lets null be ordered against (LANG12: INVALID_LITERAL), so the untyped builders refuse it too.
function rangeCompare<F extends string>(op: RangeOperator, field: F, value: unknown): CompareNode<F> {
  const name = checkFieldName(field, op);
  if (value === null) {
    throw plainFail(
      `The value of ${op}('${name}', …) is null`,
      `nothing is ordered against null; to test for no value, write eq('${name}', null)`,
    );
  }
  return compare(op, name, value);
}

function match<F extends string>(op: MatchOperator, field: F, text: unknown): MatchNode<F> {
  const name = checkFieldName(field, op);
  const what = `The value of ${op}('${name}', …)`;
  if (typeof text !== 'string') {
    throw plainFail(`${what} is ${describeValue(text)}`, `${op} takes the text to look for, a string`);
  }
  return registered(matchNode(op, name, toLiteral(text, what, plainFail) as string));
}

function combine<F extends string>(
  kind: 'and' | 'or',
  filters: readonly Filter<F>[],
  checkOperand: (operand: unknown, api: string, index: number) => void,
): Filter<F> {
  if (filters.length === 0) {
    throw new FilterError('INVALID_LITERAL', `${kind}() needs at least one filter, such as ${kind}(eq('a', 'x'))`, {
      param: 'filter',
    });
  }
  filters.forEach((operand, index) => {
    checkOperand(operand, kind, index);
  });
  // A one-operand and/or would print as its operand alone and parse back as that operand, not as itself.
  if (filters.length === 1) return filters[0]!;
  checkFlattenedLength(kind, filters);
  return registered(kind === 'and' ? andNode(filters) : orNode(filters));
}

// Flattening copies the operands of an operand of the same kind: `x = and(x, x)`, repeated, would double the
// list at every step. A list longer than maxSharedTerms is refused, before it is made, when it holds a node twice.
function checkFlattenedLength(kind: 'and' | 'or', filters: readonly Filter[]): void {
  const inlined = (operand: Filter) => (operand.kind === kind ? operand.operands : [operand]);
  let length = 0;
  for (const operand of filters) length += inlined(operand).length;
  if (length <= maxSharedTerms) return;
  const seen = new Set<Filter>();
  for (const operand of filters) {
    for (const inner of inlined(operand)) {
      if (seen.has(inner)) {
        throw new FilterError(
          'LIMIT_EXCEEDED',
          `${kind}() would make a list of ${length} operands by repeating nodes, past the limit of ${maxSharedTerms}`,
          { param: 'filter' },
        );
      }
      seen.add(inner);
    }
  }
}

function registered<N extends Filter>(node: N): N {
  wellFormed.add(node);
  return node;
}

function checkFieldName<F extends string>(field: F, api: string): F {
  if (typeof field !== 'string' || !identifierPattern.test(field)) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `${api}() takes a field name (a letter or '_' followed by letters, digits or '_'); got ${describeValue(field)}`,
      { param: 'filter' },
    );
  }
  if (reservedWords.includes(field)) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `${api}() got '${field}' as a field name, but it is a word of the filter language and cannot name a field`,
      { param: 'filter' },
    );
  }
  return field;
}

function checkOperandShape(operand: unknown, api: string, index: number): void {
  if (typeof operand === 'object' && operand !== null && wellFormed.has(operand)) return;
  const kind = typeof operand === 'object' && operand !== null ? ownProperty(operand, 'kind') : undefined;
  if (!(filterKinds as readonly unknown[]).includes(kind)) {
    const got =
      typeof operand === 'object' && operand !== null ? 'an object without a filter kind' : describeValue(operand);
    throw new FilterError(
      'INVALID_PARAMETER',
      `${api}() takes filters (from the builders such as eq and contains, filter\`…\` or parseFilter); argument ${index + 1} is ${got}`,
      { param: 'filter' },
    );
  }
  withStackGuard('filter', () => checkFilterShape(operand));
}

// ---- values ----

/** Makes the error for a bad value: `problem` says what is wrong, `hint` how to fix it. */
type ValueFail = (problem: string, hint: string) => FilterError;

const plainFail: ValueFail = (problem, hint) =>
  new FilterError('INVALID_LITERAL', `${problem}; ${hint}`, { param: 'filter' });

/** The literal for a value given in code; `what` names it in a message ("The value of eq('a', …)"). */
function toLiteral(value: unknown, what: string, fail: ValueFail): Value {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (hasLoneSurrogate(value)) throw fail(`${what} holds an unpaired UTF-16 surrogate`, loneSurrogateHint);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw fail(`${what} is ${value}`, 'a number in a filter must be finite');
    return value;
  }
  // A Date by its internal slot: a look-alike (a Proxy, Object.create(Date.prototype)) is not one.
  const time = dateTimeOf(value);
  if (time !== undefined) {
    if (Number.isNaN(time)) throw fail(`${what} is an invalid Date`, 'pass a Date that holds a time');
    return new Date(time).toISOString();
  }
  const hint = 'a value is a string, a finite number, true, false, null or a Date';
  throw fail(`${what} is ${describeValue(value)}`, value === undefined ? `${hint}; write null for no value` : hint);
}

// ---- typed builders ----

/**
 * The builders, checked against a schema: field names are the schema's filterable fields (a misspelt one is a
 * compile error), values follow each field's type, and each builder takes only the fields whose definitions allow
 * its operator (`contains` on a field that lists `operators` without it does not compile). Every call checks its
 * result at once, as parseFilter would (fields, literals, operators, the profile's extensions), so a filter the
 * schema rejects fails where it is built.
 *
 * @example
 * const { eq, or } = builders(partnerCenter.licenseUsage)
 * or(eq('workloadCode', 'SFB'), eq('channel', 'Reseller')) // eq('workloadcode', …) does not compile
 */
export function builders<S extends Schema>(schema: S): FilterBuilders<S> {
  requireSchema(schema, 'builders', 'argument');
  type Built = Filter<FilterableFieldName<S>>;
  const valid = validSetOf(schema);
  const checked = (node: Filter): Built => {
    withStackGuard('filter', () => checkFilter(node, schema, { limits: noLimits }));
    valid.add(node);
    return node as Built;
  };
  const checkOperand = (operand: unknown, api: string, index: number): void => {
    if (typeof operand === 'object' && operand !== null && valid.has(operand)) return;
    checkOperandShape(operand, api, index);
    withStackGuard('filter', () => checkFilter(operand as Filter, schema, { limits: noLimits }));
  };
  const combined = (kind: 'and' | 'or', filters: readonly Built[]): Built => {
    const node = combine(kind, filters, checkOperand);
    if (node !== filters[0]) valid.add(node);
    return node;
  };

  return Object.freeze({
    eq: (field: string, value: unknown) => checked(compare('eq', field, value)),
    ne: (field: string, value: unknown) => checked(compare('ne', field, value)),
    gt: (field: string, value: unknown) => checked(rangeCompare('gt', field, value)),
    ge: (field: string, value: unknown) => checked(rangeCompare('ge', field, value)),
    lt: (field: string, value: unknown) => checked(rangeCompare('lt', field, value)),
    le: (field: string, value: unknown) => checked(rangeCompare('le', field, value)),
    contains: (field: string, text: unknown) => checked(match('contains', field, text)),
    startswith: (field: string, text: unknown) => checked(match('startswith', field, text)),
    endswith: (field: string, text: unknown) => checked(match('endswith', field, text)),
    inList: (field: string, values: readonly BuilderValue[]) => checked(inList(field, values)),
    and: (...filters: readonly Built[]) => combined('and', filters),
    or: (...filters: readonly Built[]) => combined('or', filters),
    not: (filter: Built) => {
      checkOperand(filter, 'not', 0);
      if (!allowsExtension(schema, 'not')) {
        throw new FilterError(
          'OPERATOR_NOT_ALLOWED',
          "'not' is not supported by this API; this schema's profile leaves the 'not' extension off",
          { param: 'filter' },
        );
      }
      const node = registered(notNode(filter));
      valid.add(node);
      return node;
    },
  }) as FilterBuilders<S>;
}

function validSetOf(schema: Schema): WeakSet<object> {
  let valid = validFor.get(schema);
  if (valid === undefined) {
    valid = new WeakSet();
    validFor.set(schema, valid);
  }
  return valid;
}

// ---- the filter tag ----

/**
 * A filter from template text. Every `${…}` becomes a literal, quoted and escaped (an array becomes an `in`
 * list, a Date its ISO 8601 text), never raw text; one that does not land exactly where a value goes (a field
 * name, an operator, a keyword, or glued to other text) is a FilterError. The template's text is parsed once,
 * each `${…}` read as a placeholder literal, and the values are put in their places afterwards. Any field name,
 * any value and every extension is allowed, as the untyped builders allow them, with the default limits
 * (maxLength counts the filter written out, each value printed). `filterFor(schema)` checks against a schema
 * instead. The result has no spans: they would point into text the caller never sees.
 *
 * An error's `input` is the template with each interpolation written as `${…}`, and its offset, line and
 * column point into that text; a fault in an interpolated value points at its `${…}`.
 *
 * @example
 * filter`workloadCode eq ${code} and channel in ${['Reseller', 'Direct']}`
 * // code = "O'Brien" → the filter of: workloadCode eq 'O''Brien' and channel in ('Reseller', 'Direct')
 */
export function filter(strings: TemplateStringsArray, ...values: readonly TemplateValue[]): Filter {
  return withStackGuard('filter', () => runTemplate(strings, values, undefined));
}

/**
 * A `filter` tag that parses and validates against a schema, as parseFilter does, with the schema's limits.
 *
 * @example
 * const licenseFilter = filterFor(partnerCenter.licenseUsage)
 * licenseFilter`workloadCode eq ${code} or channel eq ${channel}`
 */
export function filterFor<S extends Schema>(schema: S): FilterTag<FilterableFieldName<S>> {
  requireSchema(schema, 'filterFor', 'argument');
  return (strings, ...values) =>
    withStackGuard('filter', () => runTemplate(strings, values, schema)) as Filter<FilterableFieldName<S>>;
}

function runTemplate(strings: unknown, values: readonly unknown[], schema: Schema | undefined): Filter {
  const { input, placeholders } = readTemplate(strings, values.length);
  const offsets = [...placeholders.keys()];
  const literals = values.map((value, index) => templateLiteral(value, index, input, offsets[index]!));
  const limits = schema?.limits ?? defaultLimits;
  checkWrittenLength(input, offsets, literals, limits.maxLength);
  const parsed = parseFilterAst(input, { schema, limits, placeholders });
  const filled = new Substitution(input, offsets, literals);
  const substituted = filled.visit(parsed);
  filled.checkAllUsed();
  checkFilter(substituted, schema, { input, limits });
  // Spans point into the template as shown, which the caller never sees.
  const result = registered(withoutSpans(substituted));
  if (schema !== undefined) validSetOf(schema).add(result);
  return result;
}

/** The template as the user wrote it, each interpolation drawn as `${…}`, and where each one is (offset → index). */
function readTemplate(strings: unknown, valueCount: number): { input: string; placeholders: Map<number, number> } {
  if (!Array.isArray(strings)) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the message shows the tag's syntax
    throw new FilterError('INVALID_PARAMETER', 'filter is a tagged template: write filter`name eq ${value}`', {
      param: 'filter',
    });
  }
  if (strings.length !== valueCount + 1) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `A template of ${strings.length} parts takes ${strings.length - 1} values; got ${valueCount}`,
      { param: 'filter' },
    );
  }
  let input = '';
  const placeholders = new Map<number, number>();
  for (let index = 0; index < strings.length; index++) {
    const part = ownElement(strings, index);
    // A tagged template passes undefined for a part with an invalid escape such as `\u`.
    if (typeof part !== 'string') {
      throw new FilterError(
        'INVALID_PARAMETER',
        `Part ${index + 1} of the template is not text (it may hold an invalid escape sequence such as \\u)`,
        { param: 'filter' },
      );
    }
    input += part;
    if (index < valueCount) {
      placeholders.set(input.length, index);
      input += placeholderText;
    }
  }
  return { input, placeholders };
}

/** The literal (or, for an array, the in list) of interpolation `index`; a bad one fails at its `${…}`. */
function templateLiteral(value: unknown, index: number, input: string, offset: number): Value | Value[] {
  const fail: ValueFail = (problem, hint) =>
    errorAt('INVALID_LITERAL', problem, { param: 'filter', input, offset, length: placeholderText.length, hint });
  const what = `Interpolation ${index + 1}`;
  if (!Array.isArray(value)) return toLiteral(value, what, fail);
  if (value.length === 0) throw fail(`${what} is an empty array`, 'an in list needs at least one value');
  const list: Value[] = [];
  for (let element = 0; element < value.length; element++) {
    const item = ownElement(value, element);
    if (Array.isArray(item)) throw fail(`${what} holds an array in an array`, 'an in list is one flat array');
    list.push(toLiteral(item, `Element ${element + 1} of interpolation ${index + 1}`, fail));
  }
  return list;
}

// maxLength bounds the filter written out, each value printed as a literal (an array as `(a, b)`), as
// printFilter and a query string would carry it; the fault is where the written text crosses the limit.
function checkWrittenLength(
  input: string,
  offsets: readonly number[],
  literals: readonly (Value | Value[])[],
  maxLength: number,
): void {
  const printedLengths = literals.map((literal) =>
    Array.isArray(literal)
      ? literal.reduce<number>((sum, value) => sum + printValue(value).length + 2, 0)
      : printValue(literal).length,
  );
  let written = input.length;
  for (const printed of printedLengths) written += printed - placeholderText.length;
  if (written <= maxLength) return;
  let offset = Math.min(input.length, maxLength);
  let length = input.length - offset;
  let before = 0; // written characters before `from`
  let from = 0;
  for (let index = 0; index <= offsets.length; index++) {
    const end = offsets[index] ?? input.length;
    if (before + end - from > maxLength) {
      offset = from + maxLength - before;
      length = end - offset;
      break;
    }
    before += end - from + (printedLengths[index] ?? 0);
    if (before > maxLength) {
      offset = end;
      length = placeholderText.length;
      break;
    }
    from = end + placeholderText.length;
  }
  throw errorAt('LIMIT_EXCEEDED', `The filter goes past the limit of ${maxLength} characters`, {
    param: 'filter',
    input,
    offset,
    length: Math.max(1, length),
    hint: `shorten it (written out, with each interpolation printed, it has ${written}), or raise limits.maxLength`,
  });
}

/**
 * Puts each value in the place of its `${…}`. The parser read a `${…}` only where a literal or an in list
 * goes; one it read inside a string literal (`'${x}'`) is never met here, and checkAllUsed reports it.
 */
class Substitution {
  private readonly used: boolean[];

  constructor(
    private readonly input: string,
    private readonly offsets: readonly number[],
    private readonly literals: readonly (Value | Value[])[],
  ) {
    this.used = literals.map(() => false);
  }

  visit(node: Filter): Filter {
    switch (node.kind) {
      case 'or':
        return orNode(
          node.operands.map((operand) => this.visit(operand)),
          node.span,
        );
      case 'and':
        return andNode(
          node.operands.map((operand) => this.visit(operand)),
          node.span,
        );
      case 'not':
        return notNode(this.visit(node.operand), node.span);
      case 'compare': {
        const slot = placeholderOf(node.value);
        if (slot === undefined) return node;
        const value = this.take(slot);
        if (Array.isArray(value)) throw this.notAValue(slot);
        // As the gt/ge/lt/le builders refuse it, with or without a schema.
        if (value === null && (rangeOperators as readonly string[]).includes(node.op)) {
          throw this.badValue(
            slot,
            value,
            `nothing is ordered against null; to test for no value, write ${node.field} eq null`,
          );
        }
        return compareNode(node.field, node.op, value, node.span, node.valueSpan);
      }
      case 'match': {
        const slot = placeholderOf(node.value);
        if (slot === undefined) return node;
        const value = this.take(slot);
        if (Array.isArray(value)) throw this.notAValue(slot);
        // The language writes only a quoted string there; a Date has become its ISO text already.
        if (typeof value !== 'string') {
          throw this.badValue(slot, value, `${node.op}(…) takes the text to look for, a string`);
        }
        return matchNode(node.op, node.field, value, node.span, node.valueSpan);
      }
      case 'in': {
        if (!node.values.some((value) => placeholderOf(value) !== undefined)) return node;
        const values: Value[] = [];
        const spans: Span[] = [];
        node.values.forEach((value, index) => {
          const span = node.valueSpans![index]!;
          const slot = placeholderOf(value);
          const taken = slot === undefined ? value : this.take(slot);
          if (slot !== undefined && Array.isArray(taken) !== slot.isList) throw this.notAValue(slot);
          for (const item of Array.isArray(taken) ? taken : [taken]) {
            values.push(item);
            spans.push(span);
          }
        });
        return inNode(node.field, values, node.span, spans);
      }
      default:
        return assertNever(node);
    }
  }

  checkAllUsed(): void {
    const unused = this.used.indexOf(false);
    if (unused !== -1) throw this.notAValue({ placeholder: unused, isList: false });
  }

  private take(slot: Placeholder): Value | Value[] {
    this.used[slot.placeholder] = true;
    return this.literals[slot.placeholder]!;
  }

  private badValue(slot: Placeholder, value: Value, hint: string): FilterError {
    return errorAt('INVALID_LITERAL', `Interpolation ${slot.placeholder + 1} is ${describeValue(value)}`, {
      param: 'filter',
      input: this.input,
      offset: this.offsets[slot.placeholder]!,
      length: placeholderText.length,
      hint,
    });
  }

  private notAValue(slot: Placeholder): FilterError {
    return notAValue(this.input, this.offsets[slot.placeholder]!, slot.placeholder, undefined);
  }
}

function placeholderOf(value: unknown): Placeholder | undefined {
  return typeof value === 'object' && value !== null ? (value as Placeholder) : undefined;
}
