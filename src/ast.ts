// The filter AST: readonly, JSON-serialisable nodes discriminated by `kind`, with n-ary flattened and/or.

import { withStackGuard } from './errors.js';
import { checkFilterShape } from './shape.js';

// The grammar's one import is this module: it reads its keywords here, from their one definition.
export { reservedWords } from './schema.js';

/** Where a node sits in the source text: `offset` is a UTF-16 index, `length` counts UTF-16 units. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/** A literal as the AST holds it; its field's type says how it is read (a GUID is a string, and so on). */
export type Value = string | number | boolean | null;

// In a u-mode regex a well-formed surrogate pair is one code point; only an unpaired half matches.
const loneSurrogatePattern = /\p{Cs}/u;

/** True when text holds half a UTF-16 surrogate pair alone: no URL and no UTF-8 store can carry it. */
export function hasLoneSurrogate(text: string): boolean {
  return loneSurrogatePattern.test(text);
}

/** What a user whose literal holds an unpaired surrogate is told to do. */
export const loneSurrogateHint =
  'it is not a Unicode character and cannot be sent in a URL or stored as UTF-8; remove it';

/** The comparison operators: `eq`/`ne` everywhere, the ordering four where a field's operators allow them. */
export type CompareOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** The ordering comparisons (SPEC §7): false for a null, missing or wrong-typed row value. */
export type RangeOperator = 'gt' | 'ge' | 'lt' | 'le';

/** The substring tests `contains(field, 'x')`, `startswith(…)`, `endswith(…)`, on string fields. */
export type MatchOperator = 'contains' | 'startswith' | 'endswith';

/** Every operator a field can list in its schema definition (`in` is `eq` over a list and follows it). */
export type Operator = CompareOperator | MatchOperator;

export const compareOperators: readonly CompareOperator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
export const rangeOperators: readonly RangeOperator[] = ['gt', 'ge', 'lt', 'le'];
export const matchOperators: readonly MatchOperator[] = ['contains', 'startswith', 'endswith'];
// A call marked pure, where a spread would not be: a bundler may drop it when no one reads the list.
export const operators: readonly Operator[] = /* @__PURE__ */ (compareOperators as readonly Operator[]).concat(
  matchOperators,
);

export interface OrNode<F extends string = string> {
  readonly kind: 'or';
  readonly operands: readonly Filter<F>[];
  readonly span?: Span;
}

export interface AndNode<F extends string = string> {
  readonly kind: 'and';
  readonly operands: readonly Filter<F>[];
  readonly span?: Span;
}

export interface NotNode<F extends string = string> {
  readonly kind: 'not';
  readonly operand: Filter<F>;
  readonly span?: Span;
}

export interface CompareNode<F extends string = string> {
  readonly kind: 'compare';
  readonly field: F;
  readonly op: CompareOperator;
  readonly value: Value;
  readonly span?: Span;
  readonly valueSpan?: Span;
  /**
   * How the text wrote the literal, when not as a plain literal: `'cast'` for `cast('…', Edm.DateTimeOffset)`.
   * Source form, like a span: the value means the same either way, and withoutSpans drops it.
   */
  readonly valueSyntax?: 'cast';
}

/** `contains(field, 'x')` and its siblings: a substring test of a string field, after the field's folding. */
export interface MatchNode<F extends string = string> {
  readonly kind: 'match';
  readonly op: MatchOperator;
  readonly field: F;
  readonly value: string;
  readonly span?: Span;
  readonly valueSpan?: Span;
}

export interface InNode<F extends string = string> {
  readonly kind: 'in';
  readonly field: F;
  readonly values: readonly Value[];
  readonly span?: Span;
  readonly valueSpans?: readonly Span[];
}

/** A parsed (or built) filter. `F` narrows field names when the AST comes from a typed builder. */
export type Filter<F extends string = string> =
  | OrNode<F>
  | AndNode<F>
  | NotNode<F>
  | CompareNode<F>
  | MatchNode<F>
  | InNode<F>;

export type FilterKind = Filter['kind'];

/** Reports a `kind` that a `switch` forgot; a new node kind makes every such call a compile error. */
export function assertNever(node: never): never {
  throw new Error(`Unhandled filter node: ${JSON.stringify(node)}`);
}

// Flattening keeps and/or n-ary, so `a and (b and c)` and `(a and b) and c` are one node
// and a 10,000-term chain stays one level deep.
function flatten<F extends string>(kind: 'and' | 'or', operands: readonly Filter<F>[]): Filter<F>[] {
  const flat: Filter<F>[] = [];
  for (const operand of operands) {
    // One push per operand: spreading a list of a million operands would overflow the stack.
    if (operand.kind === kind) for (const inner of operand.operands) flat.push(inner);
    else flat.push(operand);
  }
  return flat;
}

export function orNode<F extends string>(operands: readonly Filter<F>[], span?: Span): OrNode<F> {
  const flat = flatten('or', operands);
  return span ? { kind: 'or', operands: flat, span } : { kind: 'or', operands: flat };
}

export function andNode<F extends string>(operands: readonly Filter<F>[], span?: Span): AndNode<F> {
  const flat = flatten('and', operands);
  return span ? { kind: 'and', operands: flat, span } : { kind: 'and', operands: flat };
}

export function notNode<F extends string>(operand: Filter<F>, span?: Span): NotNode<F> {
  return span ? { kind: 'not', operand, span } : { kind: 'not', operand };
}

export function compareNode<F extends string>(
  field: F,
  op: CompareOperator,
  value: Value,
  span?: Span,
  valueSpan?: Span,
  valueSyntax?: 'cast',
): CompareNode<F> {
  if (!span) return { kind: 'compare', field, op, value };
  const node: CompareNode<F> = valueSpan
    ? { kind: 'compare', field, op, value, span, valueSpan }
    : { kind: 'compare', field, op, value, span };
  return valueSyntax === undefined ? node : { ...node, valueSyntax };
}

export function matchNode<F extends string>(
  op: MatchOperator,
  field: F,
  value: string,
  span?: Span,
  valueSpan?: Span,
): MatchNode<F> {
  if (!span) return { kind: 'match', op, field, value };
  return valueSpan ? { kind: 'match', op, field, value, span, valueSpan } : { kind: 'match', op, field, value, span };
}

export function inNode<F extends string>(
  field: F,
  values: readonly Value[],
  span?: Span,
  valueSpans?: readonly Span[],
): InNode<F> {
  return span ? { kind: 'in', field, values, span, ...(valueSpans && { valueSpans }) } : { kind: 'in', field, values };
}

/** The same filter with every span removed: what two filters are compared by when their text differs. */
export function withoutSpans<F extends string>(filter: Filter<F>): Filter<F> {
  return withStackGuard('filter', () => {
    checkFilterShape(filter);
    return stripSpans(filter);
  });
}

function stripSpans<F extends string>(filter: Filter<F>): Filter<F> {
  switch (filter.kind) {
    case 'or':
      return { kind: 'or', operands: filter.operands.map(stripSpans) };
    case 'and':
      return { kind: 'and', operands: filter.operands.map(stripSpans) };
    case 'not':
      return { kind: 'not', operand: stripSpans(filter.operand) };
    case 'compare':
      return { kind: 'compare', field: filter.field, op: filter.op, value: filter.value };
    case 'match':
      return { kind: 'match', op: filter.op, field: filter.field, value: filter.value };
    case 'in':
      return { kind: 'in', field: filter.field, values: filter.values };
    default:
      return assertNever(filter);
  }
}
