// AST × schema → checked AST: fields, literals against field types, the profile's extensions, and the limits.

import {
  assertNever,
  type CompareNode,
  type Filter,
  hasLoneSurrogate,
  loneSurrogateHint,
  type Operator,
  rangeOperators,
  type Span,
  type Value,
} from './ast.js';
import { errorAt, FilterError, type FilterErrorCode } from './errors.js';
import { needsParentheses } from './print.js';
import { allowsExtension, type Extension, type Field, findField, type Limits, type Schema } from './schema.js';
import { closestName, listInWords } from './suggest.js';
import { canonicalDateTime, guidPattern } from './values.js';

/** Where the AST came from: with `input`, errors point at the span in that text. */
export interface CheckContext {
  readonly input?: string;
  readonly limits: Limits;
}

/** A groupby field with the span of its name, as the grammar returns it. */
export interface LocatedName {
  readonly name: string;
  readonly span?: Span;
}

export const exampleGuid = '0112A436-B14E-4888-967B-CA4BB2CF1234';
const exampleDateTime = '2024-01-31T00:00:00Z';

/**
 * Checks a filter against a schema, in source order so that the first fault reported is the leftmost.
 * Throws the FilterError of the first fault; returns nothing when the filter is valid. Without a schema (the
 * untyped filter tag) only the limits are checked: any field, any value, every extension, as the builders take.
 */
export function checkFilter(filter: Filter, schema: Schema | undefined, context: CheckContext): void {
  const checker = new FilterChecker(schema, context);
  checker.visit(filter, 0);
}

/** Checks groupby fields: known, groupable, each once. Returns the names. */
export function checkGroupBy(fields: readonly LocatedName[], schema: Schema, input?: string): string[] {
  const seen = new Set<string>();
  const groupable = Object.values(schema.fields as Record<string, Field>)
    .filter((field) => field.isGroupable)
    .map((field) => field.name);
  const names: string[] = [];
  for (const { name, span } of fields) {
    const fail = failAt(input, span, 'groupby');
    const field = findField(schema, name);
    if (field === undefined) throw unknownField(name, groupable, fail, 'groupable');
    if (!field.isGroupable) {
      const fields = `the groupable fields are ${groupable.join(', ')}`;
      throw field.isMeasure
        ? fail('FIELD_NOT_GROUPABLE', `Cannot group by the measure '${name}'`, {
            hint: `measures are summed into every grouped row; ${fields}`,
          })
        : fail('FIELD_NOT_GROUPABLE', `Cannot group by field '${name}'`, { hint: fields });
    }
    if (seen.has(name)) {
      throw fail('DUPLICATE_FIELD', `Field '${name}' is listed twice in groupby`, { hint: 'list each field once' });
    }
    seen.add(name);
    names.push(name);
  }
  return names;
}

/** An orderby item as the grammar returns it: the field with the span of its name, and its direction. */
export interface LocatedOrderItem extends LocatedName {
  readonly direction: 'asc' | 'desc';
}

/**
 * Checks orderby items (SPEC §7): grouped (`groupBy` given and non-empty), a groupby field or a measure;
 * ungrouped, a field the schema marks orderable. Each field once. Returns the items without their spans.
 */
export function checkOrderBy(
  items: readonly LocatedOrderItem[],
  schema: Schema,
  groupBy: readonly string[] | undefined,
  input?: string,
): { field: string; direction: 'asc' | 'desc' }[] {
  const fields = Object.values(schema.fields as Record<string, Field>);
  const isGrouped = groupBy !== undefined && groupBy.length > 0;
  const orderable = isGrouped
    ? [...groupBy, ...fields.filter((field) => field.isMeasure && !groupBy.includes(field.name)).map((f) => f.name)]
    : fields.filter((field) => field.isOrderable).map((field) => field.name);
  const seen = new Set<string>();
  const checked: { field: string; direction: 'asc' | 'desc' }[] = [];
  for (const { name, span, direction } of items) {
    const fail = failAt(input, span, 'orderby');
    const field = findField(schema, name);
    if (field === undefined) {
      const suggestion =
        closestName(name, orderable) ??
        closestName(
          name,
          fields.map((f) => f.name),
        );
      throw suggestion === undefined
        ? fail('UNKNOWN_FIELD', `Unknown field '${name}'`, {
            hint: `the fields to order by are ${orderable.join(', ')}`,
          })
        : fail('UNKNOWN_FIELD', `Unknown field '${name}'`, { hint: `did you mean '${suggestion}'?`, suggestion });
    }
    if (!orderable.includes(name)) {
      const what = isGrouped
        ? `a grouped query orders by its groupby fields and the measures: ${orderable.join(', ')}`
        : `the fields to order by are ${orderable.join(', ')}`;
      throw fail(
        'FIELD_NOT_ORDERABLE',
        isGrouped && !field.isMeasure
          ? `Cannot order by '${name}': it is not in the groupby`
          : `Cannot order by field '${name}'`,
        { hint: what },
      );
    }
    if (seen.has(name)) {
      throw fail('DUPLICATE_FIELD', `Field '${name}' is listed twice in orderby`, { hint: 'list each field once' });
    }
    seen.add(name);
    checked.push({ field: name, direction });
  }
  return checked;
}

/** A query parameter whose extension the schema's profile leaves off: the endpoint does not take it. */
export function parameterNotInProfile(parameter: 'orderby' | 'aggregationLevel'): FilterError {
  return new FilterError(
    'UNKNOWN_PARAMETER',
    `This schema's API takes no ${parameter} parameter (its profile leaves the '${parameter}' extension off); leave it out`,
    { param: parameter },
  );
}

type Fail = (
  code: FilterErrorCode,
  problem: string,
  extra?: { hint?: string; suggestion?: string; expected?: readonly string[] },
) => FilterError;

/** Makes errors that point at `span` in `input` when both are known, and carry no position otherwise. */
function failAt(input: string | undefined, span: Span | undefined, param: string): Fail {
  return (code, problem, extra = {}) => {
    if (input === undefined || span === undefined) {
      const hint = extra.hint === undefined ? '' : `; ${extra.hint}`;
      return new FilterError(code, `${problem}${hint}`, { param, ...extra });
    }
    return errorAt(code, problem, { param, input, offset: span.offset, length: span.length, ...extra });
  };
}

function unknownField(name: string, allowed: readonly string[], fail: Fail, adjective: string): FilterError {
  const suggestion = closestName(name, allowed);
  return suggestion === undefined
    ? fail('UNKNOWN_FIELD', `Unknown field '${name}'`, { hint: `the ${adjective} fields are ${allowed.join(', ')}` })
    : fail('UNKNOWN_FIELD', `Unknown field '${name}'`, { hint: `did you mean '${suggestion}'?`, suggestion });
}

/**
 * A schema's fields by name, as findField finds them (a schema's fields are frozen, so the map never goes
 * stale). A parsed name is a new string each time, and an object's property lookup by a new string goes to
 * V8's slow path to find its interned copy; a Map's lookup hashes it once and is as fast as for any other.
 */
const fieldMaps = new WeakMap<Schema, ReadonlyMap<string, Field>>();

function fieldsByName(schema: Schema): ReadonlyMap<string, Field> {
  let fields = fieldMaps.get(schema);
  if (fields === undefined) {
    fields = new Map(Object.entries(schema.fields as Record<string, Field>));
    fieldMaps.set(schema, fields);
  }
  return fields;
}

/** What a checked node adds: the deepest nesting below it and its comparisons (see `FilterChecker.visit`). */
interface Checked {
  readonly height: number;
  readonly terms: number;
}

class FilterChecker {
  private terms = 0;
  // A filter built in code may hold one node at several places: it is checked once, and where it is met
  // again only its depth and its comparisons count, so a reused node is never walked once per path.
  // (The parser makes a new node for every place, so a parsed filter's nodes are not remembered.)
  private readonly checked: Map<Filter, Checked> | undefined;

  constructor(
    private readonly schema: Schema | undefined,
    private readonly context: CheckContext,
  ) {
    this.checked = context.input === undefined ? new Map() : undefined;
  }

  // Only an error message lists the fields: built then, not for every filter checked.
  private get filterable(): string[] {
    return Object.values((this.schema?.fields ?? {}) as Record<string, Field>)
      .filter((field) => field.isFilterable)
      .map((field) => field.name);
  }

  // `depth` counts what the canonical text of the filter nests: each `not`, and each pair of parentheses
  // printFilter would write. For parsed text that is never more than the text's own nesting (which
  // scanNesting has already bounded), so only a filter built in code can fail here.
  visit(node: Filter, depth: number): number {
    const known = this.checked?.get(node);
    if (known !== undefined) {
      this.checkDepth(depth + known.height, node.span);
      this.countTerms(known.terms, node.span);
      return known.height;
    }
    this.checkDepth(depth, node.span);
    const termsBefore = this.terms;
    const height = this.visitNew(node, depth);
    this.checked?.set(node, { height, terms: this.terms - termsBefore });
    return height;
  }

  // Returns the node's height: how much deeper than the node its deepest descendant is.
  private visitNew(node: Filter, depth: number): number {
    switch (node.kind) {
      case 'or':
      case 'and': {
        let height = 0;
        for (const operand of node.operands) {
          const step = needsParentheses(operand, node.kind) ? 1 : 0;
          height = Math.max(height, step + this.visit(operand, depth + step));
        }
        return height;
      }
      case 'not': {
        this.requireExtension('not', 'not', node.span && { offset: node.span.offset, length: 3 });
        const step = 1 + (needsParentheses(node.operand, 'not') ? 1 : 0);
        return step + this.visit(node.operand, depth + step);
      }
      case 'compare': {
        const field = this.filterableField(node.field, node.span);
        if (field !== undefined && !field.operators.includes(node.op)) {
          throw this.operatorNotAllowed(field, node.op, this.operatorSpan(node.field, node.span));
        }
        this.countTerms(1, node.span);
        this.checkCompared(field, node);
        return 0;
      }
      case 'match': {
        const field = this.filterableField(node.field, node.span);
        if (field !== undefined && !field.operators.includes(node.op)) {
          throw this.operatorNotAllowed(
            field,
            node.op,
            node.span && { offset: node.span.offset, length: node.op.length },
          );
        }
        this.countTerms(1, node.span);
        const value: unknown = node.value;
        if (typeof value !== 'string') {
          throw this.fail(node.valueSpan ?? node.span)(
            'INVALID_LITERAL',
            `The argument of ${node.op} must be a quoted string, found ${describeLiteral(value as Value)}`,
            { hint: `write ${node.op}(${node.field}, '${String(value)}')`, suggestion: `'${String(value)}'` },
          );
        }
        if (hasLoneSurrogate(value)) {
          throw this.fail(node.valueSpan ?? node.span)(
            'INVALID_LITERAL',
            'Found an unpaired UTF-16 surrogate in the text',
            {
              hint: loneSurrogateHint,
            },
          );
        }
        return 0;
      }
      case 'in': {
        const field = this.filterableField(node.field, node.span);
        const inSpan = this.inKeywordSpan(node.field, node.span);
        this.requireExtension('in', 'in', inSpan);
        // `in` is `eq` over a list: a field that does not take eq does not take in.
        if (field !== undefined && !field.operators.includes('eq')) throw this.operatorNotAllowed(field, 'in', inSpan);
        node.values.forEach((value, index) => {
          const span = node.valueSpans?.[index];
          this.countTerms(1, span ?? node.span);
          if (field !== undefined) this.checkValue(field, value, span);
        });
        return 0;
      }
      default:
        return assertNever(node);
    }
  }

  private checkDepth(depth: number, span: Span | undefined): void {
    if (depth > this.context.limits.maxDepth) {
      throw this.fail(span)(
        'LIMIT_EXCEEDED',
        `The filter goes past the limit of ${this.context.limits.maxDepth} nested parentheses and 'not's`,
        { hint: 'simplify it, or raise limits.maxDepth' },
      );
    }
  }

  private fail(span: Span | undefined): Fail {
    return failAt(this.context.input, span, 'filter');
  }

  // Undefined without a schema: any name is a field then, of any type.
  private filterableField(name: string, span: Span | undefined): Field | undefined {
    if (this.schema === undefined) return undefined;
    const field = fieldsByName(this.schema).get(name);
    if (field?.isFilterable) return field;
    const fail = this.fail(span && { offset: span.offset, length: name.length });
    if (field === undefined) throw unknownField(name, this.filterable, fail, 'filterable');
    const fields = `the filterable fields are ${this.filterable.join(', ')}`;
    throw field.isMeasure
      ? fail('FIELD_NOT_FILTERABLE', `Cannot filter by the measure '${name}'`, {
          hint: `measures are summed into grouped rows; ${fields}`,
        })
      : fail('FIELD_NOT_FILTERABLE', `Cannot filter by field '${name}'`, { hint: fields });
  }

  // The operator is the first word after the field name: only whitespace lies between them.
  private operatorSpan(field: string, span: Span | undefined): Span | undefined {
    const input = this.context.input;
    if (span === undefined || input === undefined) return span;
    let offset = span.offset + field.length;
    while (offset < input.length && ' \t\r\n'.includes(input[offset]!)) offset++;
    return { offset, length: 2 };
  }

  private operatorNotAllowed(field: Field, op: Operator | 'in', span: Span | undefined): FilterError {
    const takes = [...field.operators, ...(field.operators.includes('eq') && this.allows('in') ? ['in'] : [])];
    return this.fail(span)('OPERATOR_NOT_ALLOWED', `Field '${field.name}' does not take '${op}'`, {
      hint: `it takes ${listInWords(takes)}`,
    });
  }

  private allows(extension: Extension): boolean {
    return this.schema === undefined || allowsExtension(this.schema, extension);
  }

  /** The literal of a comparison: its form (cast), null with an ordering operator, then its type. */
  private checkCompared(field: Field | undefined, node: CompareNode): void {
    const span = node.valueSpan;
    if (node.valueSyntax === 'cast') {
      this.requireExtension('cast', 'cast', span && { offset: span.offset, length: 'cast'.length });
      if (field !== undefined && field.type !== 'datetime') {
        throw this.fail(span)(
          'INVALID_LITERAL',
          `cast(…, Edm.DateTimeOffset) is a date-time, and field '${field.name}' is a ${field.type}`,
          { hint: 'cast only a value compared with a datetime field' },
        );
      }
    }
    if (node.value === null && (rangeOperators as readonly string[]).includes(node.op)) {
      throw this.fail(span)('INVALID_LITERAL', `Cannot compare with null using '${node.op}'`, {
        hint: "null has no order: use 'eq null' or 'ne null', or compare with a value",
      });
    }
    if (field !== undefined) this.checkValue(field, node.value, span);
  }

  private inKeywordSpan(field: string, span: Span | undefined): Span | undefined {
    const input = this.context.input;
    if (span === undefined || input === undefined) return span;
    const offset = input.indexOf('in', span.offset + field.length);
    return offset === -1 ? span : { offset, length: 2 };
  }

  private countTerms(terms: number, span: Span | undefined): void {
    this.terms += terms;
    if (this.terms > this.context.limits.maxTerms) {
      throw this.fail(span)(
        'LIMIT_EXCEEDED',
        `The filter goes past the limit of ${this.context.limits.maxTerms} comparisons`,
        {
          hint: 'split it into several requests, or raise limits.maxTerms',
        },
      );
    }
  }

  private requireExtension(extension: Extension, what: string, span: Span | undefined): void {
    if (this.schema === undefined || allowsExtension(this.schema, extension)) return;
    throw this.fail(span)('OPERATOR_NOT_ALLOWED', `'${what}' is not supported by this API`, {
      hint: `this schema's profile leaves the '${extension}' extension off`,
    });
  }

  /**
   * Where part of a literal lies in the text: inside its quotes, or inside the quotes of its cast(…). Undefined
   * when the text did not write the literal as a quoted string there (a filter tag's `${…}`, or no text).
   */
  private spanInLiteral(span: Span | undefined, value: string, part: Span): Span | undefined {
    const input = this.context.input;
    if (span === undefined || input === undefined) return undefined;
    const quote = input.startsWith('cast', span.offset) ? input.indexOf("'", span.offset) : span.offset;
    if (quote === -1 || quote >= span.offset + span.length || input.charCodeAt(quote) !== 0x27) return undefined;
    // A quote in the value is written twice in the text.
    const written = (from: number, to: number) => {
      let length = 0;
      for (let index = from; index < to; index++) length += value.charCodeAt(index) === 0x27 ? 2 : 1;
      return length;
    };
    return { offset: quote + 1 + written(0, part.offset), length: written(part.offset, part.offset + part.length) };
  }

  private checkValue(field: Field, value: Value, span: Span | undefined): void {
    // Errors are made where they are thrown: a closure made here would cost every literal checked.
    if (value === null) {
      this.requireExtension('null', 'null', span);
      return;
    }
    switch (field.type) {
      case 'string':
        if (typeof value !== 'string') {
          throw this.fail(span)(
            'INVALID_LITERAL',
            `Expected a quoted string for field '${field.name}', found ${describeLiteral(value)}`,
            {
              hint: `write '${String(value)}'`,
              suggestion: `'${String(value)}'`,
            },
          );
        }
        break;
      case 'guid':
        if (typeof value !== 'string' || !guidPattern.test(value)) {
          throw this.fail(span)(
            'INVALID_LITERAL',
            `Expected a GUID for field '${field.name}', found ${describeLiteral(value)}`,
            {
              hint: `write one in quotes, such as '${exampleGuid}'`,
            },
          );
        }
        break;
      case 'datetime':
        if (typeof value === 'string' && !isDateTime(value)) {
          const fault = dateTimeFault(value);
          const at = fault && this.spanInLiteral(span, value, fault);
          if (fault !== undefined) {
            throw this.fail(at ?? span)(
              'INVALID_LITERAL',
              `${fault.problem} in the date-time '${value}' for field '${field.name}'`,
              { hint: fault.hint },
            );
          }
        }
        if (typeof value !== 'string' || !isDateTime(value)) {
          throw this.fail(span)(
            'INVALID_LITERAL',
            `Expected a date or date-time for field '${field.name}', found ${describeLiteral(value)}`,
            {
              hint: `write an existing ISO 8601 date in quotes, such as '2024-01-31' or '${exampleDateTime}'`,
            },
          );
        }
        break;
      case 'number':
        if (typeof value !== 'number') {
          const unquoted = typeof value === 'string' ? value.trim() : '';
          throw unquoted !== '' && Number.isFinite(Number(unquoted))
            ? this.fail(span)(
                'INVALID_LITERAL',
                `Expected a number for field '${field.name}', found ${describeLiteral(value)}`,
                {
                  hint: `write it without quotes: ${unquoted}`,
                  suggestion: unquoted,
                },
              )
            : this.fail(span)(
                'INVALID_LITERAL',
                `Expected a number for field '${field.name}', found ${describeLiteral(value)}`,
                {
                  hint: 'write a number such as 42 or -1.5',
                },
              );
        }
        if (!Number.isFinite(value)) {
          throw this.fail(span)('INVALID_LITERAL', `Found a number too large to represent for field '${field.name}'`, {
            hint: 'numbers are 64-bit floats, up to about 1.8e308',
          });
        }
        this.requireExtension('number', 'a number literal', span);
        break;
      case 'boolean':
        if (typeof value !== 'boolean') {
          throw this.fail(span)(
            'INVALID_LITERAL',
            `Expected true or false for field '${field.name}', found ${describeLiteral(value)}`,
            {
              hint: 'write true or false without quotes',
            },
          );
        }
        this.requireExtension('boolean', 'a boolean literal', span);
        break;
      default:
        assertNever(field.type);
    }
    if (typeof value === 'string' && hasLoneSurrogate(value)) {
      throw this.fail(span)('INVALID_LITERAL', 'Found an unpaired UTF-16 surrogate in the text', {
        hint: loneSurrogateHint,
      });
    }
  }
}

/** An ISO 8601 date or date-time that names a real instant (src/values.ts reads it the same way). */
export function isDateTime(text: string): boolean {
  return canonicalDateTime(text) !== undefined;
}

function describeLiteral(value: Value): string {
  return typeof value === 'string' ? `'${value.replaceAll("'", "''")}'` : String(value);
}

/** The faulty part of a text that is not an ISO 8601 date-time: where it is, what is wrong, how to fix it. */
interface DateTimeFault extends Span {
  readonly problem: string;
  readonly hint: string;
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * Why `text` is not a date-time, read part by part as `YYYY-MM-DDTHH:MM:SS.fffffffff±HH:MM`: the first part that
 * is malformed or out of range. Undefined when every part is well-formed (the instant then lies outside the
 * years 0000–9999): the caller words that whole. Agrees with canonicalDateTime on which texts are valid,
 * which is only ever asked of a text canonicalDateTime has refused.
 */
export function dateTimeFault(text: string): DateTimeFault | undefined {
  let at = 0;
  const runAt = (from: number) => {
    let end = from;
    while (end < text.length && end - from < 40 && /[0-9]/.test(text[end]!)) end++;
    return Math.max(1, end - from);
  };
  const fault = (offset: number, length: number, problem: string, hint: string): DateTimeFault => ({
    offset: Math.min(offset, text.length),
    length: offset >= text.length ? 0 : length,
    problem,
    hint,
  });
  // Two (or four) digits of a part, in the range min..max.
  const number = (name: string, digits: number, min: number, max: number, hint: string): number | DateTimeFault => {
    const part = text.slice(at, at + digits);
    if (!new RegExp(`^[0-9]{${digits}}$`).test(part) || /[0-9]/.test(text[at + digits] ?? '')) {
      const found = at >= text.length ? 'nothing' : `'${text.slice(at, at + runAt(at))}'`;
      return fault(at, runAt(at), `Expected the ${name} as ${digits} digits, found ${found}`, hint);
    }
    const value = Number(part);
    if (value < min || value > max) {
      return fault(at, digits, `There is no ${name} ${part}`, hint);
    }
    at += digits;
    return value;
  };
  const separator = (char: string, after: string): DateTimeFault | undefined => {
    if (text[at] === char) {
      at++;
      return undefined;
    }
    const found = at >= text.length ? 'the end' : `'${text[at]}'`;
    return fault(at, 1, `Expected '${char}' after the ${after}, found ${found}`, dateTimeShape);
  };
  const isFault = (value: unknown): value is DateTimeFault => typeof value === 'object' && value !== null;

  const year = number('year', 4, 0, 9999, 'a year is four digits, such as 2024');
  if (isFault(year)) return year;
  const dash = separator('-', 'year');
  if (dash) return dash;
  const month = number('month', 2, 1, 12, 'a month is 01 to 12');
  if (isFault(month)) return month;
  const dash2 = separator('-', 'month');
  if (dash2) return dash2;
  const dayStart = at;
  const day = number('day', 2, 1, 31, 'a day is 01 to 31');
  if (isFault(day)) return day;
  const days = daysInMonth(year, month);
  if (day > days) {
    const name = monthNames[month - 1];
    return fault(
      dayStart,
      2,
      `There is no day ${text.slice(dayStart, dayStart + 2)} in ${name} ${text.slice(0, 4)}`,
      `${name} ${text.slice(0, 4)} has ${days} days`,
    );
  }
  if (at === text.length) return undefined;
  if (text[at] !== 'T') {
    return fault(at, 1, `Expected 'T' between the date and the time, found '${text[at]}'`, dateTimeShape);
  }
  at++;
  const hour = number('hour', 2, 0, 23, 'an hour is 00 to 23');
  if (isFault(hour)) return hour;
  const colon = separator(':', 'hour');
  if (colon) return colon;
  const minute = number('minute', 2, 0, 59, 'a minute is 00 to 59');
  if (isFault(minute)) return minute;
  if (text[at] === ':') {
    at++;
    const second = number('second', 2, 0, 59, 'a second is 00 to 59');
    if (isFault(second)) return second;
    if (text[at] === '.') {
      at++;
      const digits = runAt(at);
      if (!/[0-9]/.test(text[at] ?? '') || digits > 9) {
        return fault(at, digits, 'Expected 1 to 9 digits of a fraction of a second', 'write .5 or .123, for example');
      }
      at += digits;
    }
  }
  if (at === text.length || (text[at] === 'Z' && at + 1 === text.length)) return undefined;
  const zoneStart = at;
  if (text[at] === '+' || text[at] === '-') {
    at++;
    const zoneHour = number('offset hour', 2, 0, 23, 'a time zone offset is -23:59 to +23:59');
    if (isFault(zoneHour)) return zoneHour;
    const zoneColon = separator(':', 'offset hour');
    if (zoneColon) return zoneColon;
    const zoneMinute = number('offset minute', 2, 0, 99, 'a time zone offset is -23:59 to +23:59');
    if (isFault(zoneMinute)) return zoneMinute;
    if (zoneHour * 60 + zoneMinute >= 24 * 60) {
      return fault(
        zoneStart,
        at - zoneStart,
        `There is no time zone offset ${text.slice(zoneStart, at)}`,
        'a time zone offset is -23:59 to +23:59',
      );
    }
    if (at === text.length) return undefined;
  }
  return fault(
    at,
    text.length - at,
    `Unexpected '${text.slice(at, at + 20)}' after the time`,
    'end the time with Z, an offset such as +02:00, or nothing',
  );
}

const dateTimeShape = "write an ISO 8601 date or date-time such as '2024-01-31' or '2024-01-31T10:00:00Z'";

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
