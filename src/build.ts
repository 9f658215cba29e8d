// Filters from code: the eq/ne/and/or/not/inList builders (plain or typed by a schema) and the `filter` tag.

import {
  andNode,
  assertNever,
  type CompareNode,
  type CompareOperator,
  compareNode,
  type Filter,
  type FilterKind,
  type InNode,
  inNode,
  type NotNode,
  notNode,
  orNode,
  type Span,
  type Value,
  withoutSpans,
} from './ast.js';
import { describePosition, describeValue, errorAt, FilterError, withStackGuard } from './errors.js';
import { dateTimeOf, ownElement, ownProperty } from './own.js';
import { parseFilter } from './parse.js';
import { printValue } from './print.js';
import {
  allowsExtension,
  defaultLimits,
  defineSchema,
  extensions,
  type FieldDefinition,
  type FieldType,
  type FilterableFieldName,
  isSchema,
  type Limits,
  reservedWords,
  type Schema,
  type ValueOfType,
} from './schema.js';
import { checkFilterShape, maxSharedTerms } from './shape.js';
import { listInWords } from './suggest.js';
import { checkFilter } from './validate.js';

/** What a builder takes as a value: a literal, or a Date, which becomes its ISO 8601 text. */
export type BuilderValue = Value | Date;

/** What the `filter` tag takes in a `${…}`: a value, or an array of values, which becomes an `in` list. */
export type TemplateValue = BuilderValue | readonly BuilderValue[];

/** The value a typed builder takes for field `K` of schema `S`: its type's value (ValueOfType), or null. */
export type FieldLiteral<S, K extends string> =
  S extends Schema<infer D> ? (K extends keyof D ? ValueOfType<D[K]['type']> | null : never) : never;

/** eq, ne, inList, and, or and not, with field names and values typed by the schema (see `builders`). */
export interface FilterBuilders<S extends Schema> {
  /** `field eq value`, the value of the field's type. */
  eq<K extends FilterableFieldName<S>>(field: K, value: FieldLiteral<S, K>): Filter<FilterableFieldName<S>>;
  /** `field ne value`: exactly `not (field eq value)`. */
  ne<K extends FilterableFieldName<S>>(field: K, value: FieldLiteral<S, K>): Filter<FilterableFieldName<S>>;
  /** `field in (a, b, …)`, when the profile allows `in`. */
  inList<K extends FilterableFieldName<S>>(
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
const noLimits: Limits = Object.freeze({
  maxLength: Number.POSITIVE_INFINITY,
  maxDepth: Number.POSITIVE_INFINITY,
  maxTerms: Number.POSITIVE_INFINITY,
});

const filterKinds: readonly FilterKind[] = ['or', 'and', 'not', 'compare', 'in'];
const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
// In a u-mode regex a well-formed surrogate pair is one code point; only an unpaired half matches.
const loneSurrogatePattern = /\p{Cs}/u;

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
      `${api}() takes filters (from eq, ne, inList, and, or, not, filter\`…\` or parseFilter); argument ${index + 1} is ${got}`,
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
    if (loneSurrogatePattern.test(value)) {
      throw fail(
        `${what} holds an unpaired UTF-16 surrogate`,
        'it is not a Unicode character and cannot be sent in a URL or stored as UTF-8; remove it',
      );
    }
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
 * The six builders, checked against a schema: field names are the schema's filterable fields (a misspelt one
 * is a compile error), values follow each field's type. Every call checks its result at once, as parseFilter
 * would (fields, literals, the profile's extensions), so a filter the schema rejects fails where it is built.
 *
 * @example
 * const { eq, or } = builders(partnerCenter.licenseUsage)
 * or(eq('workloadCode', 'SFB'), eq('channel', 'Reseller')) // eq('workloadcode', …) does not compile
 */
export function builders<S extends Schema>(schema: S): FilterBuilders<S> {
  if (!isSchema(schema)) {
    throw new FilterError(
      'INVALID_SCHEMA',
      'builders needs a schema made by defineSchema (or partnerCenter.licenseUsage)',
    );
  }
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
 * name, an operator, a keyword, or glued to other text) is a FilterError. Any field name and every extension is
 * allowed, with the default limits; a field takes the type of the first literal it is compared with.
 * `filterFor(schema)` checks against a schema instead. The result has no spans: they would point into text
 * the caller never sees.
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
  if (!isSchema(schema)) {
    throw new FilterError(
      'INVALID_SCHEMA',
      'filterFor needs a schema made by defineSchema (or partnerCenter.licenseUsage)',
    );
  }
  return (strings, ...values) =>
    withStackGuard('filter', () => runTemplate(strings, values, schema)) as Filter<FilterableFieldName<S>>;
}

/** One `${…}` of a template: where it is in the parsed text and in the template as shown, and its literals. */
interface Interpolation {
  readonly number: number;
  readonly textStart: number;
  readonly textEnd: number;
  readonly sourceStart: number;
  /** The span of each literal it was printed as: one, or one per element of an array. */
  readonly literalSpans: readonly Span[];
}

interface Template {
  /** The filter text that is parsed: the template with each value printed as a literal. */
  readonly text: string;
  /** The template as the user wrote it, each interpolation shown as `${…}`: the input of its errors. */
  readonly source: string;
  readonly interpolations: readonly Interpolation[];
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: the text, not a template: how an error shows an interpolation
const placeholder = '${…}';

function runTemplate(strings: unknown, values: readonly unknown[], schema: Schema | undefined): Filter {
  const template = spliceTemplate(strings, values);
  let parsed: Filter;
  try {
    parsed = parseFilter(template.text, { schema: schema ?? permissiveSchema(template.text) });
  } catch (error) {
    if (error instanceof FilterError) throw relocate(error, template);
    throw error;
  }
  checkInterpolationsAreValues(parsed, template);
  // Spans would point into text the caller never sees.
  const result = registered(withoutSpans(parsed));
  if (schema !== undefined) validSetOf(schema).add(result);
  return result;
}

function spliceTemplate(strings: unknown, values: readonly unknown[]): Template {
  if (!Array.isArray(strings)) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the message shows the tag's syntax
    throw new FilterError('INVALID_PARAMETER', 'filter is a tagged template: write filter`name eq ${value}`', {
      param: 'filter',
    });
  }
  if (strings.length !== values.length + 1) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `A template of ${strings.length} parts takes ${strings.length - 1} values; got ${values.length}`,
      { param: 'filter' },
    );
  }
  let source = '';
  const sourceStarts: number[] = [];
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
    source += part;
    if (index < values.length) {
      sourceStarts.push(source.length);
      source += placeholder;
    }
  }

  let text = '';
  const interpolations: Interpolation[] = [];
  for (let index = 0; index < strings.length; index++) {
    text += strings[index] as string;
    if (index === values.length) break;
    const sourceStart = sourceStarts[index]!;
    const fail: ValueFail = (problem, hint) =>
      errorAt('INVALID_LITERAL', problem, {
        param: 'filter',
        input: source,
        offset: sourceStart,
        length: placeholder.length,
        hint,
      });
    const what = `Interpolation ${index + 1}`;
    const value = values[index];
    const textStart = text.length;
    const literalSpans: Span[] = [];
    const print = (literal: Value) => {
      const printed = printValue(literal);
      literalSpans.push({ offset: text.length, length: printed.length });
      text += printed;
    };
    if (Array.isArray(value)) {
      if (value.length === 0) {
        throw fail(`${what} is an empty array`, 'an in list needs at least one value');
      }
      text += '(';
      for (let element = 0; element < value.length; element++) {
        if (element > 0) text += ', ';
        const item = ownElement(value, element);
        if (Array.isArray(item)) throw fail(`${what} holds an array in an array`, 'an in list is one flat array');
        print(toLiteral(item, `Element ${element + 1} of interpolation ${index + 1}`, fail));
      }
      text += ')';
    } else {
      print(toLiteral(value, what, fail));
    }
    interpolations.push({ number: index + 1, textStart, textEnd: text.length, sourceStart, literalSpans });
  }
  return { text, source, interpolations };
}

// Parsing cannot tell a value someone spliced in from text they typed, so a value can still be misread: glued
// to a word (`f${1} eq 'x'` is the field f1) or inside quotes (`'${''}'` is the text "'"). Each must have
// become exactly one literal of the filter.
function checkInterpolationsAreValues(filter: Filter, template: Template): void {
  if (template.interpolations.length === 0) return;
  const literals = new Set<string>();
  const addSpan = (span: Span | undefined) => {
    if (span !== undefined) literals.add(`${span.offset}:${span.length}`);
  };
  const pending: Filter[] = [filter];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    switch (node.kind) {
      case 'or':
      case 'and':
        // One push per operand: spreading a list of a million operands would overflow the stack.
        for (const operand of node.operands) pending.push(operand);
        break;
      case 'not':
        pending.push(node.operand);
        break;
      case 'compare':
        addSpan(node.valueSpan);
        break;
      case 'in':
        for (const span of node.valueSpans ?? []) addSpan(span);
        break;
      default:
        assertNever(node);
    }
  }
  for (const interpolation of template.interpolations) {
    for (const span of interpolation.literalSpans) {
      if (!literals.has(`${span.offset}:${span.length}`)) throw notAValue(template, interpolation, undefined);
    }
  }
}

function notAValue(
  template: Template,
  interpolation: Interpolation,
  expected: readonly string[] | undefined,
): FilterError {
  const expectation = expected === undefined || expected.length === 0 ? '' : `expected ${listInWords(expected)}; `;
  return errorAt('SYNTAX', `Interpolation ${interpolation.number} is not a value here`, {
    param: 'filter',
    input: template.source,
    offset: interpolation.sourceStart,
    length: placeholder.length,
    ...(expected !== undefined && { expected }),
    hint: `${expectation}an interpolation is always one whole value, quoted for you: write field names, operators and keywords in the template text, and put nothing against the \${…}, not even quotes`,
  });
}

/** The same error, pointing into the template as written instead of the spliced text. */
function relocate(error: FilterError, template: Template): FilterError {
  const { text, source } = template;
  if (error.input !== text || error.offset === undefined) return error;
  const inside = template.interpolations.find(
    (interpolation) => error.offset! >= interpolation.textStart && error.offset! < interpolation.textEnd,
  );
  if (error.code === 'SYNTAX' && inside !== undefined) return notAValue(template, inside, error.expected);

  const start = toSourceOffset(template, error.offset, 'start');
  const end = toSourceOffset(template, error.offset + (error.length ?? 1), 'end');
  const message = replacePosition(
    error.message,
    ` at ${describePosition(text, error.offset)}`,
    ` at ${describePosition(source, start)}`,
  );
  return new FilterError(error.code, message, {
    param: error.param ?? 'filter',
    input: source,
    offset: start,
    length: Math.max(1, end - start),
    ...(error.expected !== undefined && { expected: error.expected }),
    ...(error.found !== undefined && { found: error.found }),
    ...(error.suggestion !== undefined && { suggestion: error.suggestion }),
  });
}

// An offset inside a spliced value maps to its `${…}`: the start of it for the start of a span, the end for the end.
function toSourceOffset(template: Template, offset: number, side: 'start' | 'end'): number {
  let shift = 0;
  for (const interpolation of template.interpolations) {
    if (offset <= interpolation.textStart) break;
    if (offset < interpolation.textEnd) {
      return side === 'start' ? interpolation.sourceStart : interpolation.sourceStart + placeholder.length;
    }
    shift = interpolation.sourceStart + placeholder.length - interpolation.textEnd;
  }
  return offset + shift;
}

// errorAt wrote `<problem> at <position>[; <hint>]`. The problem can quote the user's text, which could hold
// the same words, so the position is the last occurrence that is followed by the hint or the end.
function replacePosition(message: string, from: string, to: string): string {
  let at = message.lastIndexOf(from);
  while (at !== -1) {
    const after = message.slice(at + from.length);
    if (after === '' || after.startsWith(';')) return `${message.slice(0, at)}${to}${after}`;
    at = at === 0 ? -1 : message.lastIndexOf(from, at - 1);
  }
  return message;
}

// ---- the schema of the untyped tag ----

// The untyped tag parses with a schema made for its text: every word that is not a keyword is a field, typed
// by the first literal it is compared with (a string when none), and every extension is on. One field has
// one type in any schema, so a field compared with both a string and a number could never be valid anyway.
const permissiveSchemas = new Map<string, Schema>();
const maxPermissiveSchemas = 256;
// A schema's size follows its key (one `name:type` per field): bounding the keys' characters bounds the
// memory the cache holds, however many fields a template built from data names.
export const maxPermissiveSchemaCharacters = 64 * 1024;
let permissiveCharacters = 0;

/** How many schemas the untyped tag's cache holds, and the characters of their keys: for tests of its bound. */
export function permissiveSchemaCache(): { readonly entries: number; readonly characters: number } {
  return { entries: permissiveSchemas.size, characters: permissiveCharacters };
}

function permissiveSchema(text: string): Schema {
  // Longer text fails parseFilter's length check first; no need to read it.
  const types = text.length > defaultLimits.maxLength ? new Map<string, FieldType>() : fieldTypesIn(text);
  if (types.size === 0) types.set('field', 'string');
  const key = [...types]
    .map(([name, type]) => `${name}:${type}`)
    .sort()
    .join(',');
  const known = permissiveSchemas.get(key);
  if (known !== undefined) return known;
  const fields: Record<string, FieldDefinition> = Object.create(null);
  for (const [name, type] of types) fields[name] = { type };
  const schema = defineSchema({ table: 'filter', fields, profile: { extensions } });
  // Template text is written in code, so there are few distinct ones; the bounds are for a caller that builds
  // templates from data. A schema too large to share the cache with others is not kept.
  if (key.length > maxPermissiveSchemaCharacters / 16) return schema;
  if (
    permissiveSchemas.size >= maxPermissiveSchemas ||
    permissiveCharacters + key.length > maxPermissiveSchemaCharacters
  ) {
    permissiveSchemas.clear();
    permissiveCharacters = 0;
  }
  permissiveSchemas.set(key, schema);
  permissiveCharacters += key.length;
  return schema;
}

type Token =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'literal'; readonly type: FieldType | null }
  | { readonly kind: 'punctuation'; readonly text: string };

/** The fields of filter text and the type each is first compared with. Exact for text that parses. */
function fieldTypesIn(text: string): Map<string, FieldType> {
  const tokens = tokenize(text);
  const firstTypes = new Map<string, FieldType | null>();
  const note = (field: string, token: Token | undefined) => {
    if (token?.kind === 'literal' && token.type !== null && firstTypes.get(field) === null) {
      firstTypes.set(field, token.type);
    }
  };
  tokens.forEach((token, index) => {
    if (token.kind !== 'word' || reservedWords.includes(token.text)) return;
    if (!firstTypes.has(token.text)) firstTypes.set(token.text, null);
    const next = tokens[index + 1];
    if (next?.kind !== 'word') return;
    if (next.text === 'eq' || next.text === 'ne') note(token.text, tokens[index + 2]);
    const open = tokens[index + 2];
    if (next.text === 'in' && open?.kind === 'punctuation' && open.text === '(') {
      for (let item = index + 3; item < tokens.length; item++) {
        const listed = tokens[item]!;
        if (listed.kind === 'punctuation' && listed.text !== ',') break;
        note(token.text, listed);
      }
    }
  });
  return new Map([...firstTypes].map(([field, type]) => [field, type ?? 'string']));
}

// The tokens of the grammar (grammar/filter.peggy), enough to pair each field with its literals.
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === "'") {
      let end = index + 1;
      for (;;) {
        const quote = text.indexOf("'", end);
        if (quote === -1) return tokens;
        if (text[quote + 1] !== "'") {
          end = quote + 1;
          break;
        }
        end = quote + 2;
      }
      tokens.push({ kind: 'literal', type: 'string' });
      index = end;
    } else if (/[A-Za-z_]/.test(char)) {
      const start = index;
      while (index < text.length && /[A-Za-z0-9_]/.test(text[index]!)) index++;
      const word = text.slice(start, index);
      if (word === 'true' || word === 'false') tokens.push({ kind: 'literal', type: 'boolean' });
      else if (word === 'null') tokens.push({ kind: 'literal', type: null });
      else tokens.push({ kind: 'word', text: word });
    } else if (/[0-9-]/.test(char)) {
      index++;
      while (index < text.length && /[A-Za-z0-9_.+-]/.test(text[index]!)) index++;
      tokens.push({ kind: 'literal', type: 'number' });
    } else {
      if (char === '(' || char === ')' || char === ',') tokens.push({ kind: 'punctuation', text: char });
      index++;
    }
  }
  return tokens;
}
