// AST × schema → checked AST: fields, literals against field types, the profile's extensions, and the limits.

import { assertNever, type Filter, hasLoneSurrogate, loneSurrogateHint, type Span, type Value } from './ast.js';
import { errorAt, FilterError, type FilterErrorCode } from './errors.js';
import { needsParentheses } from './print.js';
import { allowsExtension, type Extension, type Field, findField, type Limits, type Schema } from './schema.js';
import { closestName } from './suggest.js';
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
        this.countTerms(1, node.span);
        if (field !== undefined) this.checkValue(field, node.value, node.valueSpan);
        return 0;
      }
      case 'in': {
        const field = this.filterableField(node.field, node.span);
        this.requireExtension('in', 'in', this.inKeywordSpan(node.field, node.span));
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
    const field = findField(this.schema, name);
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

  private checkValue(field: Field, value: Value, span: Span | undefined): void {
    const fail: Fail = (...args) => this.fail(span)(...args);
    if (value === null) {
      this.requireExtension('null', 'null', span);
      return;
    }
    switch (field.type) {
      case 'string':
        if (typeof value !== 'string') {
          throw fail(
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
          throw fail('INVALID_LITERAL', `Expected a GUID for field '${field.name}', found ${describeLiteral(value)}`, {
            hint: `write one in quotes, such as '${exampleGuid}'`,
          });
        }
        break;
      case 'datetime':
        if (typeof value !== 'string' || !isDateTime(value)) {
          throw fail(
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
            ? fail('INVALID_LITERAL', `Expected a number for field '${field.name}', found ${describeLiteral(value)}`, {
                hint: `write it without quotes: ${unquoted}`,
                suggestion: unquoted,
              })
            : fail('INVALID_LITERAL', `Expected a number for field '${field.name}', found ${describeLiteral(value)}`, {
                hint: 'write a number such as 42 or -1.5',
              });
        }
        if (!Number.isFinite(value)) {
          throw fail('INVALID_LITERAL', `Found a number too large to represent for field '${field.name}'`, {
            hint: 'numbers are 64-bit floats, up to about 1.8e308',
          });
        }
        this.requireExtension('number', 'a number literal', span);
        break;
      case 'boolean':
        if (typeof value !== 'boolean') {
          throw fail(
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
      throw fail('INVALID_LITERAL', 'Found an unpaired UTF-16 surrogate in the text', { hint: loneSurrogateHint });
    }
  }
}

/** True for an ISO 8601 date (`2024-01-31`) or date-time (`2024-01-31T10:00:00Z`) that names a real instant. */
/** An ISO 8601 date or date-time that names a real instant (src/values.ts reads it the same way). */
export function isDateTime(text: string): boolean {
  return canonicalDateTime(text) !== undefined;
}

function describeLiteral(value: Value): string {
  return typeof value === 'string' ? `'${value.replaceAll("'", "''")}'` : String(value);
}
