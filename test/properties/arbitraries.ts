// Arbitraries shared by the property suites: a schema with every field type, valid filters and queries, their
// text, whitespace to spread between its tokens, ways to break it, and values of any shape. Built once, reused.

import fc from 'fast-check';
import { type CompareOperator, type Filter, matchOperators, rangeOperators, type Value } from '../../src/ast.js';
import {
  defineSchema,
  type Field,
  type FieldType,
  type OrderItem,
  partnerCenter,
  type QueryInput,
  type Schema,
} from '../../src/index.js';
import { aggregationLevels, reservedWords } from '../../src/schema.js';
import { canonicalDateTime } from '../../src/values.js';

// ---- schemas ----

/**
 * Every field type, a case-insensitive string, a measure, a field that is not filterable, and every extension.
 * Field names that start with keywords (`notes`, `inbound`, `android`, `trueDate`) keep the keyword boundaries honest.
 * Limits are raised so that only the properties about limits ever meet one.
 */
export const schema = defineSchema({
  table: 'property_rows',
  fields: {
    name: { type: 'string' },
    notes: { type: 'string', caseInsensitive: true },
    orderId: { type: 'guid' },
    inbound: { type: 'number' },
    android: { type: 'boolean' },
    trueDate: { type: 'datetime' },
    region: { type: 'string', filterable: false },
    licenses: { type: 'number', aggregate: 'sum' },
    processedDateTime: { type: 'datetime', filterable: false, groupable: false },
  },
  profile: { extensions: ['not', 'in', 'null', 'number', 'boolean'] },
  limits: { maxTerms: 10_000, maxLength: 1_000_000 },
});

/**
 * The test schema's fields under the whole language (SPEC §7): ordering, substring tests, cast, orderby,
 * aggregationLevel, and subscriptions' `groupBy` spelling. Field names include the new syntax's words.
 */
export const fullLanguageSchema = defineSchema({
  table: 'full_language_rows',
  fields: {
    name: { type: 'string' },
    notes: { type: 'string', caseInsensitive: true, operators: ['contains', 'startswith'] },
    inbound: { type: 'number' },
    trueDate: { type: 'datetime' },
    contains: { type: 'string' },
    cast: { type: 'string' },
    asc: { type: 'string' },
    desc: { type: 'datetime' },
    licenses: { type: 'number', aggregate: 'sum' },
    seatCount: { type: 'number', aggregate: 'count', orderable: true },
  },
  profile: {
    extensions: ['not', 'in', 'null', 'number', 'boolean', 'range', 'text', 'cast', 'orderby', 'aggregationLevel'],
    parameterAliases: { groupBy: 'groupby' },
  },
  limits: { maxTerms: 10_000, maxLength: 1_000_000 },
});

/**
 * The whole language (SPEC §7): every extension, per-field operators, the `cast` form for datetimes, and field
 * names that are words of the new syntax (`contains`, `cast`, `desc`), which only their position tells apart.
 */
export const languageSchema = defineSchema({
  table: 'language_rows',
  fields: {
    name: { type: 'string' },
    notes: { type: 'string', caseInsensitive: true, operators: ['contains', 'startswith', 'endswith', 'eq'] },
    customerName: { type: 'string', operators: ['contains'] },
    contains: { type: 'string', caseInsensitive: true },
    orderId: { type: 'guid' },
    inbound: { type: 'number' },
    android: { type: 'boolean' },
    cast: { type: 'datetime' },
    lastDate: { type: 'datetime', operators: ['gt', 'le', 'ne'] },
    desc: { type: 'number', operators: ['ge', 'lt'] },
    licenses: { type: 'number', aggregate: 'sum' },
    subscriptions: { type: 'number', aggregate: 'count', orderable: true },
  },
  profile: {
    extensions: ['not', 'in', 'null', 'number', 'boolean', 'range', 'text', 'cast', 'orderby', 'aggregationLevel'],
    dateTimeLiteral: 'cast',
  },
  limits: { maxTerms: 10_000, maxLength: 1_000_000 },
});

/** The built-in Partner Center schema: string literals only, no extensions. */
export const partnerCenterSchema = partnerCenter.licenseUsage;

/** Limits for a call on the Partner Center schema, whose own limits are the defaults. */
export const roomyLimits = { maxTerms: 10_000, maxLength: 1_000_000 } as const;

const fieldsOf = (on: Schema): Field[] => Object.values(on.fields as Record<string, Field>);

export const filterableFields = (on: Schema): Field[] => fieldsOf(on).filter((field) => field.isFilterable);
export const groupableNames = (on: Schema): string[] =>
  fieldsOf(on)
    .filter((field) => field.isGroupable)
    .map((field) => field.name);

// ---- literal values, typed by their field ----

// Characters that quoting, URL encoding or line counting could get wrong.
const trickyCharacters = [
  "'",
  "''",
  "'''",
  '%',
  '%27',
  '%20',
  '%%',
  '&',
  '+',
  '=',
  '#',
  '?',
  '/',
  '\\',
  '"',
  ',',
  ':',
  '$',
  '(',
  ')',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u0000',
  '\u007f',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '😀',
  '👩‍👩‍👧',
  '𝕏',
  '\u{10ffff}',
  'é',
  'e\u0301',
  'ß',
  'İ',
  ' or ',
  ' and ',
  'not ',
  ' eq ',
  'null',
  '--',
  ';',
];

/** Any well-formed Unicode text (no unpaired surrogate): what a string literal may hold. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...trickyCharacters), maxLength: 8 }),
  fc.string({
    unit: fc.oneof(
      fc.constantFrom(...trickyCharacters),
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 }),
    ),
    maxLength: 8,
  }),
);

/** A GUID in any mix of upper and lower case. */
export const guidArb: fc.Arbitrary<string> = fc.stringMatching(
  /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/,
);

const digits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));

/** A real calendar date, years 0000 to 9999 (proleptic Gregorian, as ISO 8601 counts them). */
export const calendarDateArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
  // Leap days and edges; 0000 is a leap year (divisible by 400), 1900 is not.
  fc.constantFrom('0000-02-29', '0004-02-29', '0100-02-28', '1900-02-28', '2000-02-29', '2024-02-29', '9999-12-31'),
);

const timeArb: fc.Arbitrary<string> = fc
  .record({
    hour: digits(23),
    minute: digits(59),
    second: fc.option(fc.tuple(digits(59), fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined })), {
      nil: undefined,
    }),
    zone: fc.oneof(
      fc.constantFrom('', 'Z'),
      fc
        .tuple(fc.constantFrom('+', '-'), digits(23), digits(59))
        .map(([sign, hour, minute]) => `${sign}${hour}:${minute}`),
    ),
  })
  .map(({ hour, minute, second, zone }) => {
    const seconds = second === undefined ? '' : `:${second[0]}${second[1] === undefined ? '' : `.${second[1]}`}`;
    return `${hour}:${minute}${seconds}${zone}`;
  });

/**
 * An ISO 8601 date or date-time: `2024-01-31`, `2024-01-31T10:00`, `2024-01-31T10:00:00.123456789+02:00`,
 * naming an instant of the years 0000–9999 UTC (an offset can push `9999-12-31T09:00-15:00` past them).
 */
export const dateTimeArb: fc.Arbitrary<string> = fc
  .tuple(calendarDateArb, fc.option(timeArb, { nil: undefined }))
  .map(([date, time]) => (time === undefined ? date : `${date}T${time}`))
  .filter((text) => canonicalDateTime(text) !== undefined);

/** Any finite number, with the ones whose printing is delicate made likely. */
export const numberArb: fc.Arbitrary<number> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    1e21,
    -1e21,
    1e-7,
    5e-324,
    -5e-324,
    0.1,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    2 ** 53 + 2,
  ),
);

const valueOfType = (type: FieldType): fc.Arbitrary<Value> => {
  switch (type) {
    case 'string':
      return textArb;
    case 'guid':
      return guidArb;
    case 'datetime':
      return dateTimeArb;
    case 'number':
      return numberArb;
    case 'boolean':
      return fc.boolean();
  }
};

// A number or boolean field can hold a literal only when its extension is on.
const typeIsAllowed = (on: Schema, type: FieldType): boolean =>
  (type !== 'number' && type !== 'boolean') || on.profile.extensions.includes(type);

/** A literal that fits the field: its type, or null when the profile allows null. */
export function valueArb(on: Schema, field: Field): fc.Arbitrary<Value> {
  const typed = valueOfType(field.type);
  return on.profile.extensions.includes('null')
    ? fc.oneof({ arbitrary: typed, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 })
    : typed;
}

// ---- filters ----

/**
 * One comparison, `in` list or substring test on a filterable field of the schema, with an operator the field
 * takes and values fitting the field (never null in an ordering comparison).
 */
export function comparisonArb(on: Schema): fc.Arbitrary<Filter> {
  const allowsIn = on.profile.extensions.includes('in');
  const choices: fc.Arbitrary<Filter>[] = [];
  for (const field of filterableFields(on)) {
    const takes = (ops: readonly CompareOperator[]) => ops.filter((op) => field.operators.includes(op));
    const typed = typeIsAllowed(on, field.type);
    const matching = matchOperators.filter((op) => field.operators.includes(op));
    if (matching.length > 0) {
      choices.push(
        fc
          .tuple(fc.constantFrom(...matching), textArb)
          .map(([op, text]): Filter => ({ kind: 'match', op, field: field.name, value: text })),
      );
    }
    const ordering = takes(rangeOperators);
    if (ordering.length > 0 && typed) {
      choices.push(
        fc
          .tuple(fc.constantFrom(...ordering), valueOfType(field.type))
          .map(([op, v]): Filter => ({ kind: 'compare', field: field.name, op, value: v })),
      );
    }
    const equality = takes(['eq', 'ne']);
    if (!typed && !on.profile.extensions.includes('null')) continue;
    const value = typed ? valueArb(on, field) : fc.constant(null);
    if (equality.length > 0) {
      choices.push(
        fc
          .tuple(fc.constantFrom(...equality), value)
          .map(([op, v]): Filter => ({ kind: 'compare', field: field.name, op, value: v })),
      );
    }
    // `in` is eq over a list: a field without eq has none.
    if (allowsIn && field.operators.includes('eq')) {
      choices.push(
        fc
          .array(value, { minLength: 1, maxLength: 5 })
          .map((values): Filter => ({ kind: 'in', field: field.name, values })),
      );
    }
  }
  return fc.oneof(...choices);
}

export interface FilterShape {
  /** Nesting of and/or/not, at most. */
  readonly maxDepth?: number;
  /** Operands of one and/or, at most (at least 2). */
  readonly maxOperands?: number;
  /** How often an and/or is drawn against a comparison's 4 (and `not`'s 1). */
  readonly junctionWeight?: number;
  readonly depthSize?: fc.DepthSize;
}

/**
 * A valid filter AST of the schema, as the parser builds it: n-ary `and`/`or` with at least two operands and
 * no child of the same kind (the parser flattens those), `not` only when the profile allows it.
 */
export function filterArb(on: Schema, shape: FilterShape = {}): fc.Arbitrary<Filter> {
  return filterTreeArb(comparisonArb(on), on.profile.extensions.includes('not'), shape);
}

/** Filters shaped as filterArb's, over any leaves: the differential suite brings leaves of its own. */
export function filterTreeArb(
  leaf: fc.Arbitrary<Filter>,
  allowsNot: boolean,
  { maxDepth = 5, maxOperands = 4, junctionWeight = 1, depthSize }: FilterShape = {},
): fc.Arbitrary<Filter> {
  const built = new Map<string, fc.Arbitrary<Filter>>();
  const node = (depth: number, parent: 'and' | 'or' | 'other'): fc.Arbitrary<Filter> => {
    if (depth === 0) return leaf;
    const key = `${depth}:${parent}`;
    const known = built.get(key);
    if (known !== undefined) return known;
    const choices: fc.WeightedArbitrary<Filter>[] = [{ arbitrary: leaf, weight: 4 }];
    for (const kind of ['and', 'or'] as const) {
      if (kind === parent) continue;
      const operands = fc.array(node(depth - 1, kind), { minLength: 2, maxLength: maxOperands });
      choices.push({ arbitrary: operands.map((list): Filter => ({ kind, operands: list })), weight: junctionWeight });
    }
    if (allowsNot) {
      choices.push({
        arbitrary: node(depth - 1, 'other').map((operand): Filter => ({ kind: 'not', operand })),
        weight: 1,
      });
    }
    const arbitrary = depthSize === undefined ? fc.oneof(...choices) : fc.oneof({ depthSize }, ...choices);
    built.set(key, arbitrary);
    return arbitrary;
  };
  return node(maxDepth, 'other');
}

/** Filters of the test schema (every field type, every extension). */
export const testFilterArb = filterArb(schema);

/** Filters of the whole language: ordering comparisons, substring tests, per-field operators. */
export const languageFilterArb = filterArb(languageSchema);

/** Filters of the Partner Center schema: eq, ne, and, or, parentheses, string and GUID literals. */
export const partnerCenterFilterArb = filterArb(partnerCenterSchema);

type Step =
  | { readonly kind: 'not' }
  | { readonly kind: 'and' | 'or'; readonly siblings: readonly Filter[]; readonly at: number };

/**
 * A deep, narrow filter: a comparison wrapped up to `maxSteps` times in `not`, or in an and/or beside one or two
 * other comparisons. Deep enough to meet the depth limit without the width of a full tree.
 */
export function deepFilterArb(on: Schema, maxSteps: number): fc.Arbitrary<Filter> {
  const leaf = comparisonArb(on);
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constant({ kind: 'not' as const }),
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      siblings: fc.array(leaf, { minLength: 1, maxLength: 2 }),
      at: fc.nat(),
    }),
  );
  return fc.tuple(leaf, fc.array(step, { maxLength: maxSteps, size: 'max' })).map(([start, steps]) =>
    steps.reduce<Filter>((inner, wrap) => {
      if (wrap.kind === 'not') return { kind: 'not', operand: inner };
      // An operand of the same kind is spliced in, as the parser would flatten it.
      const spliced = inner.kind === wrap.kind ? inner.operands : [inner];
      const at = wrap.at % (wrap.siblings.length + 1);
      return { kind: wrap.kind, operands: [...wrap.siblings.slice(0, at), ...spliced, ...wrap.siblings.slice(at)] };
    }, start),
  );
}

/**
 * How deep the printed text of a filter nests parentheses and `not`s (README: "Depth"): each `not` counts one,
 * and so does each pair of parentheses the printer needs (an `or` under an `and` or a `not`, an `and` under a `not`).
 */
export function textDepth(filter: Filter): number {
  switch (filter.kind) {
    case 'compare':
    case 'match':
    case 'in':
      return 0;
    case 'not': {
      const grouped = filter.operand.kind === 'and' || filter.operand.kind === 'or' ? 1 : 0;
      return 1 + grouped + textDepth(filter.operand);
    }
    case 'and':
      return Math.max(...filter.operands.map((operand) => (operand.kind === 'or' ? 1 : 0) + textDepth(operand)));
    case 'or':
      return Math.max(...filter.operands.map(textDepth));
  }
}

/** Comparisons in a filter, each value of an `in` list counting as one (SPEC §6, maxTerms). */
export function termCount(filter: Filter): number {
  switch (filter.kind) {
    case 'compare':
    case 'match':
      return 1;
    case 'in':
      return filter.values.length;
    case 'not':
      return termCount(filter.operand);
    case 'and':
    case 'or':
      return filter.operands.reduce((sum, operand) => sum + termCount(operand), 0);
  }
}

// ---- queries ----

/** A non-empty groupby: distinct groupable fields in any order. */
export const groupByArb: fc.Arbitrary<string[]> = fc.shuffledSubarray(groupableNames(schema), { minLength: 1 });

/** A valid query of the test schema; top and skip always present, as parseQuery returns them. */
export const queryArb: fc.Arbitrary<QueryInput & { readonly top: number; readonly skip: number }> = fc.record(
  {
    filter: testFilterArb,
    groupBy: groupByArb,
    top: fc.integer({ min: 1, max: 10_000 }),
    skip: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(0, 2 ** 31 - 1)),
    processedDateTime: dateTimeArb,
  },
  { requiredKeys: ['top', 'skip'], noNullPrototype: true },
);

/**
 * A valid query of the whole language: a groupby or none, an orderby of what that grouping may be ordered by
 * (ungrouped: the orderable fields; grouped: the groupby fields and the measures), an aggregationLevel only
 * with a groupby. Keys are left out rather than undefined, as parseQuery leaves them out.
 */
export const languageQueryArb: fc.Arbitrary<QueryInput & { readonly top: number; readonly skip: number }> = fc
  .option(fc.shuffledSubarray(groupableNames(languageSchema), { minLength: 1 }), { nil: undefined })
  .chain((groupBy) => {
    const fields = fieldsOf(languageSchema);
    const orderable =
      groupBy === undefined
        ? fields.filter((field) => field.isOrderable).map((field) => field.name)
        : [...groupBy, ...fields.filter((field) => field.isMeasure).map((field) => field.name)];
    const orderBy = fc
      .shuffledSubarray(orderable, { minLength: 1 })
      .chain((names) =>
        fc.tuple(
          ...names.map((field) =>
            fc.constantFrom('asc' as const, 'desc' as const).map((direction): OrderItem => ({ field, direction })),
          ),
        ),
      );
    return fc
      .record({
        filter: fc.option(languageFilterArb, { nil: undefined }),
        orderBy: fc.option(orderBy, { nil: undefined }),
        aggregationLevel:
          groupBy === undefined
            ? fc.constant(undefined)
            : fc.option(fc.constantFrom(...aggregationLevels), { nil: undefined }),
        top: fc.integer({ min: 1, max: 10_000 }),
        skip: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      })
      .map((query) => {
        const { filter, orderBy: items, aggregationLevel, top, skip } = query;
        return {
          ...(filter !== undefined && { filter }),
          ...(groupBy !== undefined && { groupBy }),
          ...(items !== undefined && { orderBy: items }),
          ...(aggregationLevel !== undefined && { aggregationLevel }),
          top,
          skip,
        };
      });
  });

// ---- filter text: tokens, whitespace between them, and mutations ----

/** Whitespace as the language knows it: space, tab, CR, LF. */
export const whitespaceRunArb: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom(' ', '\t', '\r', '\n'),
  maxLength: 4,
});

// A quoted string (quotes doubled inside), a word or number, or a punctuation mark; the printer's spaces between.
const tokenPattern = / |'(?:[^']|'')*'|[A-Za-z0-9_.+-]+|[(),]/y;

/** The tokens of printed filter text, spaces left out. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < text.length) {
    const start = tokenPattern.lastIndex;
    const match = tokenPattern.exec(text);
    if (match === null) throw new Error(`Cannot tokenize ${JSON.stringify(text)} at ${start}`);
    if (match[0] !== ' ') tokens.push(match[0]);
  }
  return tokens;
}

const isWordToken = (token: string) => /^[A-Za-z0-9_.+-]/.test(token);

/**
 * The tokens of `text` with whitespace runs taken in turn from `runs` before, between and after them. Two words
 * (or numbers) side by side always keep at least one space: only there is whitespace required (SPEC §1).
 */
export function spreadTokens(text: string, runs: readonly string[]): string {
  const tokens = tokenize(text);
  const run = (index: number) => runs[index % runs.length] ?? '';
  let spread = run(0);
  tokens.forEach((token, index) => {
    const next = tokens[index + 1];
    const gap = run(index + 1);
    spread += token + (next !== undefined && gap === '' && isWordToken(token) && isWordToken(next) ? ' ' : gap);
  });
  return spread;
}

export type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'duplicate'; readonly from: number; readonly length: number; readonly at: number }
  | { readonly kind: 'swap'; readonly at: number; readonly other: number }
  | { readonly kind: 'truncate'; readonly at: number };

/** One small edit: delete, insert a character of the language or a letter, duplicate a span, swap, truncate. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom('(', ')', "'", ' ', ',', '=', 'a', 'e', 'n', 'o', 'q', 'r', 't', 'x', '0', '-', '\n'),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), from: fc.nat(), length: fc.nat({ max: 20 }), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Applies a mutation; positions wrap around the text, so any number is a position. */
export function mutate(text: string, mutation: Mutation): string {
  const position = (n: number) => n % (text.length + 1);
  switch (mutation.kind) {
    case 'delete': {
      const at = position(mutation.at);
      return text.slice(0, at) + text.slice(at + 1);
    }
    case 'insert': {
      const at = position(mutation.at);
      return text.slice(0, at) + mutation.text + text.slice(at);
    }
    case 'duplicate': {
      const from = position(mutation.from);
      const at = position(mutation.at);
      return text.slice(0, at) + text.slice(from, from + mutation.length) + text.slice(at);
    }
    case 'swap': {
      const chars = [...text];
      if (chars.length < 2) return text;
      const a = mutation.at % chars.length;
      const b = mutation.other % chars.length;
      [chars[a], chars[b]] = [chars[b]!, chars[a]!];
      return chars.join('');
    }
    case 'truncate':
      return text.slice(0, position(mutation.at));
  }
}

// ---- arbitrary text and arbitrary values ----

// ---- the whole language as text (SPEC §7): what printFilter does not write, written here ----

/** Whitespace where a word needs it: at least one character. */
const requiredWhitespaceArb: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom(' ', '\t', '\r', '\n'),
  minLength: 1,
  maxLength: 3,
});

const quotedArb: fc.Arbitrary<string> = textArb.map((text) => `'${text.replaceAll("'", "''")}'`);

// Field names that are words of the new syntax where they stand elsewhere, or start like them.
const wordyFieldArb = fc.constantFrom('name', 'trueDate', 'contains', 'cast', 'asc', 'desc', 'endswithX', 'Edm');

/** `cast('…', Edm.DateTimeOffset)` with any spacing inside, as the docs write it (`,Edm` and `, Edm`). */
const castTextArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(whitespaceRunArb, { minLength: 5, maxLength: 5 }), fc.oneof(dateTimeArb, textArb))
  .map(([[a, b, c, d, e], date]) => `cast${a}(${b}'${date.replaceAll("'", "''")}'${c},${d}Edm.DateTimeOffset${e})`);

const comparisonTextArb: fc.Arbitrary<string> = fc
  .tuple(
    wordyFieldArb,
    requiredWhitespaceArb,
    fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le'),
    requiredWhitespaceArb,
    fc.oneof(quotedArb, castTextArb, numberArb.map(String), fc.constantFrom('null', 'true', 'false')),
  )
  .map((parts) => parts.join(''));

const matchTextArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('contains', 'startswith', 'endswith'),
    fc.array(whitespaceRunArb, { minLength: 5, maxLength: 5 }),
    wordyFieldArb,
    quotedArb,
  )
  .map(([op, [a, b, c, d, e], field, value]) => `${op}${a}(${b}${field}${c},${d}${value}${e})`);

/**
 * Filter text of the whole language: gt/ge/lt/le, contains/startswith/endswith, cast(…), in and/or/not and
 * parentheses, spaced any way the grammar allows. Valid syntax, whatever a schema would say of it.
 */
export const fullLanguageTextArb: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    comparisonTextArb,
    matchTextArb,
    fc
      .tuple(tie('node'), requiredWhitespaceArb, fc.constantFrom('and', 'or'), requiredWhitespaceArb, tie('node'))
      .map((parts) => parts.join('')),
    fc.tuple(requiredWhitespaceArb, tie('node')).map(([space, node]) => `not${space}${node}`),
    fc.tuple(whitespaceRunArb, tie('node'), whitespaceRunArb).map(([a, node, b]) => `(${a}${node}${b})`),
  ),
})).node;

/** An orderby: fields, each with a direction or none, commas spaced any way. */
export const orderByTextArb: fc.Arbitrary<string> = fc
  .tuple(
    whitespaceRunArb,
    fc.array(
      fc
        .tuple(wordyFieldArb, fc.option(fc.tuple(requiredWhitespaceArb, fc.constantFrom('asc', 'desc'))))
        .map(([field, direction]) => (direction === null ? field : `${field}${direction.join('')}`)),
      { minLength: 1, maxLength: 5 },
    ),
    fc.array(fc.tuple(whitespaceRunArb, whitespaceRunArb), { minLength: 5, maxLength: 5 }),
    whitespaceRunArb,
  )
  .map(([before, items, commas, after]) => {
    const joined = items.map((item, index) =>
      index === 0 ? item : `${commas[index]![0]},${commas[index]![1]}${item}`,
    );
    return `${before}${joined.join('')}${after}`;
  });

/** Words and marks of the language, of other languages, and of the schemas, to build plausible-looking input. */
export const languageTokens = [
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'GT',
  'contains',
  'startswith',
  'endswith',
  'cast',
  'Edm.DateTimeOffset',
  'asc',
  'desc',
  'DESC',
  'and',
  'or',
  'not',
  'in',
  'null',
  'true',
  'false',
  'gt',
  'ge',
  'lt',
  'le',
  'contains',
  'startswith',
  'endswith',
  'contains(',
  'cast',
  'Edm.DateTimeOffset',
  'asc',
  'desc',
  'GT',
  'Contains',
  'EQ',
  'Ne',
  'AND',
  'Or',
  'NOT',
  'In',
  ...Object.keys(schema.fields),
  'workloadCode',
  'workloadcode',
  'channel',
  'customerTenantId',
  'licensesActive',
  '__proto__',
  'constructor',
  'toString',
  'x',
  '_',
  "'x'",
  "'O''Brien'",
  "''",
  "'",
  "'''",
  '(',
  ')',
  ',',
  '=',
  '==',
  '!=',
  '<>',
  '>',
  '<=',
  '&&',
  '||',
  '!',
  '&',
  '|',
  '0',
  '-1.5e3',
  '1e999',
  '-',
  '.',
  '"x"',
  "'0112A436-B14E-4888-967B-CA4BB2CF1234'",
  "'2024-01-31'",
  "'2024-01-31T10:00:00Z'",
  '%27',
  '+',
  '😀',
  '\ud800',
  '\r\n',
  '\t',
];

/** Text made of the language's own tokens, glued or spaced. */
export const tokenSoupArb: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...languageTokens), fc.constantFrom('', ' ', ' ', '\n')), { maxLength: 24 })
  .map((pairs) => pairs.map(([token, space]) => token + space).join(''));

/** A single UTF-16 unit of a surrogate pair, alone. */
export const loneSurrogateArb: fc.Arbitrary<string> = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((unit) => String.fromCharCode(unit));

/** Any string at all: printable, binary, with unpaired surrogates, or made of the language's tokens. */
export const anyTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), loneSurrogateArb) }),
  tokenSoupArb,
);

// Keys that a careless reader of an object might trip over, and the keys filterby's own objects use.
const oddKeyArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    'toJSON',
    'then',
    'length',
    'kind',
    'operands',
    'operand',
    'field',
    'op',
    'value',
    'values',
    'span',
    'filter',
    '$filter',
    'groupby',
    'groupBy',
    'top',
    'skip',
    'processedDateTime',
    'schema',
    'limits',
    'maxDepth',
    'maxLength',
    'maxTerms',
    'prefix',
    'allowUnknownParameters',
    'allowRepeatedParameters',
    'table',
    'fields',
    'type',
    'profile',
    'extensions',
  ),
);

const oddScalarArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    2 ** 53,
    10n,
    2n ** 70n,
    Symbol('odd'),
    Symbol.iterator,
    '',
    ' ',
    '\ud800',
    true,
  ),
  fc.bigInt(),
  fc.double(),
  fc.func(fc.anything()),
);

/** Anything JavaScript can hold: primitives of every type, boxed values, dates, maps, sparse arrays, odd keys. */
export const oddValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    key: oddKeyArb,
    maxDepth: 3,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withTypedArray: true,
    withSparseArray: true,
    stringUnit: 'binary',
  }),
  oddScalarArb,
);

const nearFieldArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    ...Object.keys(schema.fields),
    ...reservedWords,
    '__proto__',
    'constructor',
    '',
    'a b',
    '1a',
    'région',
  ),
  oddScalarArb,
);

const nearValueArb: fc.Arbitrary<unknown> = fc.oneof(textArb, numberArb, fc.boolean(), fc.constant(null), oddValueArb);
const listOf = (item: fc.Arbitrary<unknown>) =>
  fc.oneof(fc.array(item, { maxLength: 3 }), fc.sparseArray(item, { maxLength: 3 }), oddValueArb);

/**
 * Objects that look like filter nodes but may be wrong anywhere: unknown or odd `kind`, sparse or missing
 * operands, keywords or non-strings as field names, values of any type; now and then a valid filter.
 */
export const nearFilterArb: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    fc.record(
      {
        kind: fc.oneof(fc.constantFrom('or', 'and', 'not', 'compare', 'match', 'in', 'OR', 'toString'), oddScalarArb),
        operands: listOf(tie('node')),
        operand: tie('node'),
        field: nearFieldArb,
        op: fc.oneof(fc.constantFrom('eq', 'ne', 'gt', 'le', 'contains', 'EQ', 'in', '=', 'like'), oddScalarArb),
        value: nearValueArb,
        values: listOf(nearValueArb),
        span: oddValueArb,
      },
      { requiredKeys: ['kind'] },
    ),
    testFilterArb,
    oddValueArb,
  ),
})).node;
