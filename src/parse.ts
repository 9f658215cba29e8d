// Text → AST → validated AST: the limits first, then the generated parser, peggy's errors in the user's words,
// then the check against the schema. Parsing and checking are also public one by one.

import { type CompareOperator, compareOperators, type Filter, matchOperators, type Operator } from './ast.js';
import { describeValue, errorAt, FilterError, withStackGuard } from './errors.js';
import { SyntaxError as ParserSyntaxError, parse as runParser } from './generated/filter-parser.js';
import { ownProperties, ownProperty } from './own.js';
import type { OrderItem } from './query.js';
import {
  allowsExtension,
  defaultLimits,
  type Extension,
  type Field,
  type FilterableFieldName,
  type GroupableFieldName,
  type Limits,
  requireSchema,
  reservedWords,
  resolveLimits,
  type Schema,
} from './schema.js';
import { checkFilterShape, isArrayOfStrings } from './shape.js';
import { listInWords } from './suggest.js';
import {
  checkFilter,
  checkGroupBy,
  checkOrderBy,
  type LocatedName,
  type LocatedOrderItem,
  parameterNotInProfile,
} from './validate.js';

export interface ParseFilterOptions<S extends Schema = Schema> {
  readonly schema: S;
  /** Overrides the schema's limits for this call. */
  readonly limits?: Partial<Limits>;
}

export interface ParseGroupByOptions<S extends Schema = Schema> {
  readonly schema: S;
  readonly limits?: Partial<Limits>;
}

export interface ParseOrderByOptions<S extends Schema = Schema> {
  readonly schema: S;
  /** The query's groupby fields: grouped, only they and the measures may be ordered by. */
  readonly groupBy?: readonly string[];
  readonly limits?: Partial<Limits>;
}

export interface ParseFilterSyntaxOptions {
  /** Overrides the default limits; the syntax step applies maxLength and maxDepth (maxTerms is validateFilter's). */
  readonly limits?: Partial<Limits>;
}

export interface ValidateFilterOptions<S extends Schema = Schema> {
  readonly schema: S;
  /** Overrides the schema's limits for this call. */
  readonly limits?: Partial<Limits>;
  /** The text the filter was parsed from: errors then point at the spans of its nodes in that text. */
  readonly input?: string;
}

/** Where the filter tag's parse met a `${…}`: the index of its value, and whether it stands for a whole `in` list. */
export interface Placeholder {
  readonly placeholder: number;
  readonly isList: boolean;
}

/** What the internal parse takes: the schema words its syntax errors (every extension without one). */
interface SyntaxOptions {
  readonly schema: Schema | undefined;
  readonly limits: Limits;
  /** The filter tag's `${…}`s, by offset → index: only there does the grammar read one, as a Placeholder literal. */
  readonly placeholders?: ReadonlyMap<number, number>;
}

/**
 * Parses and validates a filter: parseFilterSyntax, then validateFilter. Throws a FilterError (never anything
 * else) for any bad input.
 *
 * @example
 * parseFilter("workloadCode eq 'SFB' or (channel eq 'Reseller')", { schema: partnerCenter.licenseUsage })
 * // → { kind: 'or', operands: [{ kind: 'compare', field: 'workloadCode', op: 'eq', value: 'SFB', … }, …] }
 */
export function parseFilter<S extends Schema>(
  text: string,
  options: ParseFilterOptions<S>,
): Filter<FilterableFieldName<S>> {
  return withStackGuard('filter', () => {
    const { schema, limits } = readOptions('parseFilter', options);
    const input = requireText(text, 'filter');
    const filter = parseFilterAst(input, { schema, limits });
    checkFilter(filter, schema, { input, limits });
    return filter;
  }) as Filter<FilterableFieldName<S>>;
}

/**
 * The first step of parseFilter: the syntax alone, without a schema. Checks the length and nesting limits
 * (the defaults, or `limits`) and returns the unchecked AST, spans included: any identifier is read as a field
 * and every extension's syntax (not, in, null, numbers, booleans) is read. Check it with validateFilter.
 *
 * @example
 * const text = "workloadCode eq 'SFB' and seats eq 3"
 * const unchecked = parseFilterSyntax(text) // → { kind: 'and', operands: [{ kind: 'compare', field: 'workloadCode', … }, …] }
 * validateFilter(unchecked, { schema, input: text }) // errors point into text
 */
export function parseFilterSyntax(text: string, options: ParseFilterSyntaxOptions = {}): Filter {
  return withStackGuard('filter', () => {
    const { limits } = typeof options === 'object' && options !== null ? ownProperties(options, ['limits']) : {};
    const fail = (message: string) => new FilterError('INVALID_PARAMETER', message, { param: 'limits' });
    return parseFilterAst(requireText(text, 'filter'), {
      schema: undefined,
      limits: resolveLimits(defaultLimits, limits, fail),
    });
  });
}

/**
 * The second step of parseFilter: checks a filter against a schema (its fields, each literal against its
 * field's type, the profile's extensions, the limits) and returns it, typed by the schema. The filter may come
 * from parseFilterSyntax, the builders or JSON: its shape is checked first. Throws the FilterError of the
 * leftmost fault.
 *
 * @example
 * const filter = validateFilter(JSON.parse(body), { schema: partnerCenter.licenseUsage })
 * validateFilter(parseFilterSyntax(text), { schema, input: text }) // the same as parseFilter(text, { schema })
 */
export function validateFilter<S extends Schema>(
  filter: Filter,
  options: ValidateFilterOptions<S>,
): Filter<FilterableFieldName<S>> {
  return withStackGuard('filter', () => {
    const { schema, limits } = readOptions('validateFilter', options);
    const { input } = ownProperties(options, ['input']);
    if (input !== undefined && typeof input !== 'string') {
      throw new FilterError('INVALID_PARAMETER', `validateFilter's input must be text; got ${describeValue(input)}`, {
        param: 'input',
      });
    }
    checkFilterShape(filter);
    checkFilter(filter, schema, input === undefined ? { limits } : { input, limits });
    return filter;
  }) as Filter<FilterableFieldName<S>>;
}

/** Text → unchecked AST: the limits that protect the parser, then the grammar. Used by the filter tag too. */
export function parseFilterAst(input: string, options: SyntaxOptions): Filter {
  const { limits, placeholders } = options;
  // The tag measures the filter written out (each value printed) itself.
  if (placeholders === undefined) checkLength(input, limits, 'filter');
  if (isBlank(input)) {
    throw new FilterError('SYNTAX', "The filter is empty; write a comparison such as workloadCode eq 'SFB'", {
      param: 'filter',
      input,
      offset: 0,
      length: input.length,
      expected: ['a comparison'],
    });
  }
  // The full scan runs only where it can find something: where the text might nest past the limit (before the
  // parser recurses into it) or where the parse has failed (its verdict, an unterminated string or too deep a
  // nesting, comes before the parser's). A text that parses closes every string, so the scan would find nothing.
  if (input.length > limits.maxDepth && mayNestPast(input, limits.maxDepth)) scanNesting(input, limits.maxDepth);
  return runGrammar(input, 'Filter', options) as Filter;
}

/**
 * False when the text cannot nest deeper than `maxDepth`: it holds no more `(`s and `not`s (counted anywhere,
 * inside strings and words too) than that, and scanNesting counts one level for each at most. Two native
 * searches, far cheaper than the scan itself; a text no longer than `maxDepth` needs neither.
 */
function mayNestPast(input: string, maxDepth: number): boolean {
  let levels = 0;
  for (let at = input.indexOf('('); at !== -1; at = input.indexOf('(', at + 1)) {
    if (++levels > maxDepth) return true;
  }
  for (let at = input.indexOf('not'); at !== -1; at = input.indexOf('not', at + 3)) {
    if (++levels > maxDepth) return true;
  }
  return false;
}

/**
 * Parses and validates a groupby: comma-separated field names, each groupable, none repeated.
 *
 * @example
 * parseGroupBy('workloadCode, channel', { schema: partnerCenter.licenseUsage }) // → ['workloadCode', 'channel']
 */
export function parseGroupBy<S extends Schema>(text: string, options: ParseGroupByOptions<S>): GroupableFieldName<S>[] {
  return withStackGuard('groupby', () => parseGroupByText(text, options)) as GroupableFieldName<S>[];
}

function parseGroupByText(text: unknown, options: unknown): string[] {
  const { schema, limits } = readOptions('parseGroupBy', options);
  const input = requireListText(text, limits, 'groupby', 'workloadCode,channel');
  const fields = runGrammar(input, 'GroupBy', { schema, limits }) as LocatedName[];
  return checkGroupBy(fields, schema, input);
}

/**
 * Parses and validates an orderby (SPEC §7): `field [asc|desc]`, comma-separated; ungrouped, fields the schema
 * marks orderable; grouped (`groupBy` given), the groupby fields and the measures. Needs the profile's
 * `orderby` extension.
 *
 * @example
 * parseOrderBy('customerName, licensesActive desc', { schema, groupBy: ['customerName'] })
 * // → [{ field: 'customerName', direction: 'asc' }, { field: 'licensesActive', direction: 'desc' }]
 */
export function parseOrderBy<S extends Schema>(text: string, options: ParseOrderByOptions<S>): OrderItem[] {
  return withStackGuard('orderby', () => {
    const { schema, limits } = readOptions('parseOrderBy', options);
    const { groupBy } = ownProperties(options, ['groupBy']);
    if (groupBy !== undefined && !isArrayOfStrings(groupBy)) {
      throw new FilterError(
        'INVALID_PARAMETER',
        `parseOrderBy's groupBy must be an array of field names; got ${describeValue(groupBy)}`,
        {
          param: 'groupby',
        },
      );
    }
    const groupFields =
      groupBy === undefined
        ? undefined
        : checkGroupBy(
            groupBy.map((name) => ({ name })),
            schema,
          );
    if (!allowsExtension(schema, 'orderby')) throw parameterNotInProfile('orderby');
    const input = requireListText(text, limits, 'orderby', 'channel, customerName desc');
    const items = runGrammar(input, 'OrderBy', { schema, limits }) as LocatedOrderItem[];
    return checkOrderBy(items, schema, groupFields, input);
  });
}

/** The text of a groupby or orderby: text, within maxLength, not blank (`example` shows what to write). */
function requireListText(text: unknown, limits: Limits, param: 'groupby' | 'orderby', example: string): string {
  const input = requireText(text, param);
  checkLength(input, limits, param);
  if (isBlank(input)) {
    throw new FilterError('SYNTAX', `The ${param} is empty; list fields such as ${example}`, {
      param,
      input,
      offset: 0,
      length: input.length,
      expected: ['a field name'],
    });
  }
  return input;
}

/**
 * The error for a `${…}` of the filter tag that is not where a value goes (or glued to other text): the tag
 * reads each one as one whole value, never as text.
 */
export function notAValue(
  input: string,
  offset: number,
  index: number,
  expected: readonly string[] | undefined,
): FilterError {
  const expectation = expected === undefined || expected.length === 0 ? '' : `expected ${listInWords(expected)}; `;
  return errorAt('SYNTAX', `Interpolation ${index + 1} is not a value here`, {
    param: 'filter',
    input,
    offset,
    length: placeholderText.length,
    ...(expected !== undefined && { expected }),
    hint: `${expectation}an interpolation is always one whole value, quoted for you: write field names, operators and keywords in the template text, and put nothing against the \${…}, not even quotes`,
  });
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: the text, not a template: how the tag shows an interpolation
export const placeholderText = '${…}';

// What String#trim removes, without copying the text.
const blankPattern = /^\s*$/;

function isBlank(input: string): boolean {
  // Printable ASCII is never whitespace: most text is known not to be blank by its first character.
  const first = input.charCodeAt(0);
  return !(first > 0x20 && first < 0x7f) && blankPattern.test(input);
}

function readOptions(api: string, options: unknown): { schema: Schema; limits: Limits } {
  // Read one by one, in this order (a getter may count its reads): every parse starts here.
  const isObject = typeof options === 'object' && options !== null;
  const schema = isObject ? ownProperty(options, 'schema') : undefined;
  const limits = isObject ? ownProperty(options, 'limits') : undefined;
  requireSchema(schema, api);
  return { schema, limits: limits === undefined ? schema.limits : resolveLimits(schema.limits, limits, limitsError) };
}

function limitsError(message: string): FilterError {
  return new FilterError('INVALID_PARAMETER', message, { param: 'limits' });
}

function requireText(text: unknown, param: 'filter' | 'groupby' | 'orderby'): string {
  if (typeof text === 'string') return text;
  const got = Array.isArray(text) ? 'an array (was the parameter given twice?)' : text === null ? 'null' : typeof text;
  throw new FilterError('INVALID_PARAMETER', `The ${param} must be text; got ${got}`, { param });
}

function checkLength(input: string, limits: Limits, param: 'filter' | 'groupby' | 'orderby'): void {
  if (input.length <= limits.maxLength) return;
  throw errorAt('LIMIT_EXCEEDED', `The ${param} goes past the limit of ${limits.maxLength} characters`, {
    param,
    input,
    offset: limits.maxLength,
    length: input.length - limits.maxLength,
    hint: `shorten it (it has ${input.length}), or raise limits.maxLength`,
  });
}

// The generated parser is recursive descent: each parenthesis or `not` costs it stack frames.
// This linear pass measures the nesting first, so the parser never sees text deep enough to
// overflow the stack; it also finds an unterminated string, whose own error reads better than
// peggy's. It counts only what the grammar nests: groups and `not`; the parentheses of an `in (…)` list,
// of `contains(…)` and its siblings and of `cast(…)` hold no filter, and are flat.
function scanNesting(input: string, maxDepth: number): void {
  const open: ('group' | 'not')[] = [];
  let isInList = false;
  let opensList = false;
  const push = (kind: 'group' | 'not', offset: number, length: number) => {
    open.push(kind);
    if (open.length > maxDepth) {
      throw errorAt('LIMIT_EXCEEDED', `The filter goes past the limit of ${maxDepth} nested parentheses and 'not's`, {
        param: 'filter',
        input,
        offset,
        length,
        hint: 'simplify it, or raise limits.maxDepth',
      });
    }
  };
  // A finished comparison or group completes the operand of every `not` waiting for one.
  const closeOperand = () => {
    while (open.length > 0 && open[open.length - 1] === 'not') open.pop();
  };

  let i = 0;
  while (i < input.length) {
    const char = input.charCodeAt(i);
    if (char === 0x27 /* ' */) {
      i = endOfString(input, i);
      if (!isInList) closeOperand();
      opensList = false;
    } else if (char === 0x24 /* $ */ && input.startsWith(placeholderText, i)) {
      // The filter tag's `${…}` is a value (or a whole in list); in other text the parser refuses it.
      i += placeholderText.length;
      if (!isInList) closeOperand();
      opensList = false;
    } else if (isWordStart(char)) {
      const start = i;
      while (i < input.length && isWordPart(input.charCodeAt(i))) i++;
      // Only the short words matter here: a long field name is never sliced out.
      const word = i - start <= longestFlatWord ? input.slice(start, i) : '';
      if (word === 'not') push('not', start, 3);
      else if ((word === 'true' || word === 'false' || word === 'null') && !isInList) closeOperand();
      opensList = flatListWords.has(word);
    } else if ((char >= 0x30 && char <= 0x39) || char === 0x2d /* - */) {
      i++;
      while (i < input.length && (isWordPart(input.charCodeAt(i)) || '.+-'.includes(input[i]!))) i++;
      if (!isInList) closeOperand();
      opensList = false;
    } else if (char === 0x28 /* ( */) {
      if (opensList) isInList = true;
      else push('group', i, 1);
      opensList = false;
      i++;
    } else if (char === 0x29 /* ) */) {
      if (isInList) isInList = false;
      else {
        while (open.length > 0 && open.pop() !== 'group') {}
      }
      closeOperand();
      opensList = false;
      i++;
    } else {
      if (char !== 0x20 && char !== 0x09 && char !== 0x0a && char !== 0x0d) opensList = false;
      i++;
    }
  }
}

// The words whose `(` opens a flat list of values rather than a group. `contains` may also name a field, but a
// field is never followed by `(` in a filter that parses, so reading it as the function loses nothing.
const flatListWords: ReadonlySet<string> = new Set(['in', 'cast', 'contains', 'startswith', 'endswith']);
const longestFlatWord = 'startswith'.length;

/** The offset after the string that opens at `start`; `''` inside it is one quote. */
function endOfString(input: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = input.indexOf("'", from);
    if (quote === -1) {
      throw errorAt('SYNTAX', 'Unterminated string starting', {
        param: 'filter',
        input,
        offset: start,
        length: input.length - start,
        expected: ["'"],
        found: 'end of input',
        hint: "close it with a single quote (write '' for a quote inside the text)",
      });
    }
    if (input.charCodeAt(quote + 1) !== 0x27) return quote + 1;
    from = quote + 2;
  }
}

function isWordStart(char: number): boolean {
  return (char >= 0x41 && char <= 0x5a) || (char >= 0x61 && char <= 0x7a) || char === 0x5f;
}

function isWordPart(char: number): boolean {
  return isWordStart(char) || (char >= 0x30 && char <= 0x39);
}

type StartRule = 'Filter' | 'GroupBy' | 'OrderBy';

const paramOfRule: { readonly [R in StartRule]: 'filter' | 'groupby' | 'orderby' } = {
  Filter: 'filter',
  GroupBy: 'groupby',
  OrderBy: 'orderby',
};

function runGrammar(input: string, startRule: StartRule, options: SyntaxOptions): unknown {
  const { placeholders } = options;
  // peggy records what it expected at the furthest position it failed at, for the error message; while its
  // peg$silentFails counter is above 0 it records nothing (as inside a lookahead). Most text parses, and its
  // answer does not depend on that record, so the first parse is quiet; only a text that fails is parsed
  // again, for the expectations of its error.
  try {
    return runParser(input, { startRule, placeholders, peg$silentFails: 1 });
  } catch (error) {
    if (!(error instanceof ParserSyntaxError)) throw error;
  }
  // A filter's nesting scan has its own errors, which come before the parser's (see parseFilterAst).
  if (startRule === 'Filter') scanNesting(input, options.limits.maxDepth);
  try {
    runParser(input, { startRule, placeholders });
  } catch (error) {
    if (error instanceof ParserSyntaxError) throw syntaxError(input, startRule, error, options);
    throw error;
  }
  throw new Error('filterby: the parser refused a text quietly but accepted it when asked again');
}

// ---- peggy's errors, in words a user knows ----

interface Expectation {
  readonly type: string;
  readonly text?: string;
  readonly description?: string;
}

// Grammar rule names (see grammar/filter.peggy) and punctuation, as a user would say them. The operators,
// literals and functions depend on the schema, and are worded by describeExpected.
// Maps, not object literals: a lookup by user text must not find `toString` on Object.prototype.
const expectationWords: ReadonlyMap<string, string> = new Map([
  ['field', 'a field name'],
  ["'or'", "'or'"],
  ["'and'", "'and'"],
  ["'not'", "'not'"],
  ["'in'", "'in'"],
  ['direction', "'asc' or 'desc'"],
  ['cast text', "a quoted date or date-time such as '2024-01-31'"],
  ["'Edm.DateTimeOffset'", "'Edm.DateTimeOffset'"],
  ['(', "'('"],
  [')', "')'"],
  [',', "','"],
]);

/** The argument of contains, startswith and endswith, whatever the schema: always a quoted string. */
const matchArgumentWords = "a quoted string such as 'SFB'";

// Operators from other languages, and what to write instead.
const operatorAliases: ReadonlyMap<string, string> = new Map([
  ['=', 'eq'],
  ['==', 'eq'],
  ['===', 'eq'],
  ['!=', 'ne'],
  ['!==', 'ne'],
  ['<>', 'ne'],
  ['>', 'gt'],
  ['>=', 'ge'],
  ['<', 'lt'],
  ['<=', 'le'],
  ['&&', 'and'],
  ['&', 'and'],
  ['||', 'or'],
  ['|', 'or'],
  ['!', 'not'],
]);

function syntaxError(
  input: string,
  startRule: StartRule,
  error: InstanceType<typeof ParserSyntaxError>,
  { schema, placeholders }: SyntaxOptions,
): FilterError {
  const param = paramOfRule[startRule];
  const offset = error.location.start.offset;
  const language = languageOf(schema);
  const expected = describeExpected((error.expected ?? []) as Expectation[], schema, language, param);
  const found = tokenAt(input, offset);
  // A `${…}` where the parser stopped, or glued to the text it stopped at (`-${…}`), is the fault.
  for (let at = offset; placeholders !== undefined && at <= offset + found.length; at++) {
    const index = placeholders.get(at);
    if (index !== undefined) return notAValue(input, at, index, expected);
  }
  const foundText = found === '' ? `the end of the ${param}` : `'${found}'`;
  const problem = `Expected ${listInWords(expected)}, found ${foundText}`;
  const expectsMatchArgument = (error.expected ?? []).some(
    (expectation) => (expectation as Expectation).description === 'match argument',
  );
  const fix = expectsMatchArgument
    ? suggestMatchArgument(input, offset, found)
    : suggestFix(found, expected, language.operators);
  return errorAt('SYNTAX', problem, {
    param,
    input,
    offset,
    length: Math.max(found.length, 1),
    expected,
    found: found === '' ? 'end of input' : found,
    ...fix,
  });
}

/** What a schema's filters may use beyond eq and ne, for the words of its syntax errors. */
interface Language {
  /** The comparison operators some field takes, in the order of compareOperators. */
  readonly operators: readonly CompareOperator[];
  /** Whether some field takes contains, startswith or endswith. */
  readonly hasFunctions: boolean;
}

// Without a schema (parseFilterSyntax, the untyped tag) the whole language is read.
function languageOf(schema: Schema | undefined): Language {
  if (schema === undefined) return { operators: compareOperators, hasFunctions: true };
  const taken = new Set<Operator>();
  for (const field of Object.values(schema.fields as Record<string, Field>)) {
    if (!field.isFilterable) continue;
    for (const operator of field.operators) taken.add(operator);
  }
  // eq and ne are always named: an operator no field takes is still a word of the language.
  const operators = compareOperators.filter((op) => op === 'eq' || op === 'ne' || taken.has(op));
  return { operators, hasFunctions: matchOperators.some((op) => taken.has(op)) };
}

// Two operators read as a pair ("'eq' or 'ne'"), more as one item of the list of what was expected.
function operatorWords(operators: readonly CompareOperator[]): string {
  return operators.length <= 2
    ? listInWords(operators.map((op) => `'${op}'`))
    : `an operator (${listInWords([...operators])})`;
}

function describeExpected(
  expectations: readonly Expectation[],
  schema: Schema | undefined,
  language: Language,
  param: string,
): string[] {
  const words = new Set<string>();
  const functions = `a function (${listInWords(matchOperators.map((op) => `${op}(…)`))})`;
  for (const expectation of expectations) {
    const key = expectation.type === 'other' ? expectation.description : expectation.text;
    if (expectation.type === 'end') words.add(`the end of the ${param}`);
    else if (key === 'literal') words.add(describeLiterals(schema));
    else if (key === 'match argument') words.add(matchArgumentWords);
    else if (key === 'operator') words.add(operatorWords(language.operators));
    else if (key === 'function') {
      if (language.hasFunctions) words.add(functions);
    } else if (key === "'not'" && !allows(schema, 'not')) continue;
    else if (key === "'in'" && !allows(schema, 'in')) continue;
    else {
      const word = key === undefined ? undefined : expectationWords.get(key);
      if (word !== undefined) words.add(word);
    }
  }
  // Keep the order a user reads a comparison in: field, operator, value, then connectives.
  const order = ["'('", "'not'", functions, 'a field name', operatorWords(language.operators), "'in'"];
  return [...words].sort((a, b) => rank(order, a) - rank(order, b));
}

function rank(order: readonly string[], word: string): number {
  const index = order.indexOf(word);
  return index === -1 ? order.length : index;
}

// Without a schema (parseFilterSyntax, the untyped tag) every extension's syntax is read.
function allows(schema: Schema | undefined, extension: Extension): boolean {
  return schema === undefined || allowsExtension(schema, extension);
}

function describeLiterals(schema: Schema | undefined): string {
  const kinds = ["a quoted string such as 'SFB'"];
  if (allows(schema, 'number')) kinds.push('a number');
  if (allows(schema, 'boolean')) kinds.push('true', 'false');
  if (allows(schema, 'null')) kinds.push('null');
  return kinds.length === 1 ? kinds[0]! : `a value (${listInWords(kinds)})`;
}

/** The token at `offset`, as the user typed it: a word, a quoted string, an operator, or one character. */
function tokenAt(input: string, offset: number): string {
  if (offset >= input.length) return '';
  const rest = input.slice(offset, offset + 64);
  const token =
    /^[A-Za-z0-9_][A-Za-z0-9_.:+-]*/.exec(rest)?.[0] ??
    /^-[A-Za-z0-9_.:+-]*/.exec(rest)?.[0] ??
    /^'(?:[^']|'')*'/.exec(rest)?.[0] ??
    /^"[^"]*"/.exec(rest)?.[0] ??
    /^[=!<>&|]+/.exec(rest)?.[0] ??
    String.fromCodePoint(input.codePointAt(offset) ?? 0);
  return token;
}

function suggestFix(
  found: string,
  expected: readonly string[],
  operators: readonly CompareOperator[],
): { hint?: string; suggestion?: string } {
  const keyword = found.toLowerCase();
  if ((reservedWords.includes(keyword) || orderDirections.includes(keyword)) && found !== keyword) {
    return { hint: `keywords are lower case: write '${keyword}'`, suggestion: keyword };
  }
  const alias = operatorAliases.get(found);
  if (alias !== undefined && ((operators as readonly string[]).includes(alias) || expected.includes(`'${alias}'`))) {
    return { hint: `write '${alias}'`, suggestion: alias };
  }
  const expectsLiteral = expected.some((word) => word.startsWith('a quoted string') || word.startsWith('a value'));
  if (expectsLiteral && found.startsWith('"')) {
    const text = quoted(found.slice(1, -1));
    return { hint: `strings are quoted with single quotes: ${text}`, suggestion: text };
  }
  if (expectsLiteral && /^[A-Za-z0-9_-]/.test(found) && !reservedWords.includes(found)) {
    return { hint: `quote the value: '${found}'`, suggestion: `'${found}'` };
  }
  return {};
}

const orderDirections: readonly string[] = ['asc', 'desc'];

function quoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

// The function and field before the argument: what the hint writes out whole.
const matchCallBefore =
  /(contains|startswith|endswith)[ \t\r\n]*\([ \t\r\n]*([A-Za-z_][A-Za-z0-9_]*)[ \t\r\n]*,[ \t\r\n]*$/;

/** The fix for `contains(customerName, 5)`: the argument is always a quoted string, whatever the field's type. */
function suggestMatchArgument(input: string, offset: number, found: string): { hint?: string; suggestion?: string } {
  if (found === '' || found === ')' || found === ',') {
    return { hint: "the argument is a quoted string: contains(field, 'text')" };
  }
  const text = found.startsWith('"') ? found.slice(1, -1) : found;
  const suggestion = quoted(text);
  // Only the last few characters can hold the call's start: a long prefix is never searched.
  const call = matchCallBefore.exec(input.slice(Math.max(0, offset - 300), offset));
  const whole = call === null ? suggestion : `${call[1]}(${call[2]}, ${suggestion})`;
  return { hint: `the argument is always a quoted string: write ${whole}`, suggestion };
}
