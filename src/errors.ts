// FilterError: the one error every API throws. It carries data (code, span, hints); format() draws the caret.

/** Every code a FilterError can carry (SPEC §5). */
export const filterErrorCodes = [
  'SYNTAX',
  'UNKNOWN_FIELD',
  'FIELD_NOT_FILTERABLE',
  'FIELD_NOT_GROUPABLE',
  'FIELD_NOT_ORDERABLE',
  'DUPLICATE_FIELD',
  'INVALID_LITERAL',
  'OPERATOR_NOT_ALLOWED',
  'INVALID_PARAMETER',
  'UNKNOWN_PARAMETER',
  'LIMIT_EXCEEDED',
  'INVALID_SCHEMA',
] as const;

export type FilterErrorCode = (typeof filterErrorCodes)[number];

/** What a FilterError knows besides its code and message. Every property is optional. */
export interface FilterErrorDetails {
  /** The request parameter at fault: `filter`, `groupby`, `top`, `skip`, `processedDateTime`, … */
  readonly param?: string;
  /** The text that `offset` points into (the filter or groupby as given). */
  readonly input?: string;
  /** 0-based UTF-16 index of the fault in `input`. */
  readonly offset?: number;
  /** Length of the span at fault, in UTF-16 units. */
  readonly length?: number;
  /** What would have been accepted at `offset`, in the user's words (`'eq'`, `a field name`). */
  readonly expected?: readonly string[];
  /** The text found at `offset` instead (`EQ`, `end of input`). */
  readonly found?: string;
  /** The text that would fix the fault (`workloadCode` for `workloadcode`). */
  readonly suggestion?: string;
  /**
   * What is wrong, without where: `Unknown field 'workloadcode'`. With `input` and `offset`, the message is
   * composed from it, the position and `hint`, so that moving the error never edits text.
   */
  readonly problem?: string;
  /** How to fix it, after the position: `did you mean 'workloadCode'?`. Used with `problem`. */
  readonly hint?: string;
}

/** The JSON body of an HTTP 400, in Partner Center's error shape. */
export interface FilterErrorBody {
  readonly code: FilterErrorCode;
  readonly description: string;
  readonly data: readonly {
    readonly param?: string;
    readonly offset?: number;
    readonly line?: number;
    readonly column?: number;
    readonly expected?: readonly string[];
    readonly suggestion?: string;
  }[];
  readonly source: 'filterby';
}

/**
 * The error of every filterby API: bad input never surfaces as anything else.
 *
 * @example
 * try { parseFilter("workloadcode eq 'SFB'", { schema }) }
 * catch (error) { if (error instanceof FilterError) res.status(400).json(error.toJSON()) }
 */
export class FilterError extends Error {
  override readonly name = 'FilterError';
  readonly code: FilterErrorCode;
  readonly param?: string;
  readonly input?: string;
  readonly offset?: number;
  readonly length?: number;
  /** 1-based line of `offset`; lines end at LF, CR or CRLF. */
  readonly line?: number;
  /** 1-based column of `offset`, counted in Unicode code points. */
  readonly column?: number;
  readonly expected?: readonly string[];
  readonly found?: string;
  readonly suggestion?: string;
  /** What is wrong, without where, when the message was composed from it (see FilterErrorDetails). */
  readonly problem?: string;
  readonly hint?: string;

  /**
   * `message` is the whole text; or pass `details.problem` (with `input` and `offset`) and the message is
   * composed as `<problem> at column 7; <hint>`, in the one place that words positions.
   */
  constructor(code: FilterErrorCode, message: string | undefined, details: FilterErrorDetails = {}) {
    super(message ?? composeMessage(details));
    this.code = code;
    const { param, input, offset, length, expected, found, suggestion, problem, hint } = details;
    if (problem !== undefined) this.problem = problem;
    if (hint !== undefined) this.hint = hint;
    if (param !== undefined) this.param = param;
    if (input !== undefined) this.input = input;
    if (offset !== undefined) {
      this.offset = offset;
      if (input !== undefined) {
        const position = positionOf(input, offset);
        this.line = position.line;
        this.column = position.column;
      }
    }
    if (length !== undefined) this.length = length;
    if (expected !== undefined) this.expected = expected;
    if (found !== undefined) this.found = found;
    if (suggestion !== undefined) this.suggestion = suggestion;
  }

  /**
   * The same error at another place: another text (a parameter inside a URL, a template) and offset. Its
   * message is composed anew from `problem` and `hint`; an error without them keeps its message.
   *
   * @example
   * error.relocated({ input: url, offset: filterStart + error.offset, param: 'filter' })
   */
  relocated(place: { readonly input: string; readonly offset: number; readonly param?: string }): FilterError {
    const details: FilterErrorDetails = { ...this.details(), ...place };
    return new FilterError(this.code, this.problem === undefined ? this.message : undefined, details);
  }

  private details(): FilterErrorDetails {
    const keys = ['param', 'input', 'offset', 'length', 'expected', 'found', 'suggestion', 'problem', 'hint'] as const;
    return Object.fromEntries(keys.filter((key) => this[key] !== undefined).map((key) => [key, this[key]]));
  }

  /** The body for an HTTP 400 response, in Partner Center's error shape. */
  toJSON(): FilterErrorBody {
    // Only the keys that have a value, so the body reads the same after a JSON round trip.
    const data = Object.fromEntries(
      (['param', 'offset', 'line', 'column', 'expected', 'suggestion'] as const)
        .filter((key) => this[key] !== undefined)
        .map((key) => [key, this[key]]),
    );
    return { code: this.code, description: this.message, data: [data], source: 'filterby' };
  }

  /** The message, then the faulty line with a caret under the span at fault (when there is one). */
  format(): string {
    const heading = `${this.code}: ${this.message}`;
    if (this.input === undefined || this.offset === undefined) return heading;
    return `${heading}\n${drawCaret(this.input, this.offset, this.length ?? 1)}`;
  }
}

/**
 * Runs a public entry point so that running out of stack surfaces as LIMIT_EXCEEDED, never as a RangeError.
 * The limits keep nesting shallow enough for Node's default stack; a small worker or browser stack can
 * still run out, and the caller is owed a FilterError then too.
 */
export function withStackGuard<T>(param: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    // V8 and JavaScriptCore throw RangeError, SpiderMonkey an InternalError ("too much recursion").
    const isStackOverflow =
      error instanceof Error &&
      (error.name === 'RangeError' || error.name === 'InternalError') &&
      /call stack|recursion/i.test(error.message);
    if (!isStackOverflow) throw error;
    throw new FilterError('LIMIT_EXCEEDED', `The ${param} nests too deeply for this JavaScript engine's stack`, {
      param,
    });
  }
}

/**
 * A value of unknown type as a message shows it: text in single quotes, as the language writes it (cut at 40
 * characters). `String(value)` throws for a null-prototype object and `JSON.stringify` for a BigInt; a message
 * about bad input must not fail on the bad input.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return `'${(value.length > 40 ? `${value.slice(0, 40)}…` : value).replaceAll("'", "''")}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' || typeof value === 'function') return `a value of type ${typeof value}`;
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}

/** Where an offset is, for a person: `column 7`, or `line 2, column 3` when the text has several lines. */
export function describePosition(input: string, offset: number): string {
  const { line, column } = positionOf(input, offset);
  return /[\r\n]/.test(input) ? `line ${line}, column ${column}` : `column ${column}`;
}

/**
 * Builds a FilterError whose message names the position: `<problem> at column 7; <hint>`.
 * Keeping the wording in one place keeps every message of the library in one voice.
 */
export function errorAt(
  code: FilterErrorCode,
  problem: string,
  details: FilterErrorDetails & { readonly input: string; readonly offset: number; readonly hint?: string },
): FilterError {
  return new FilterError(code, undefined, { ...details, problem });
}

function composeMessage({ problem, hint, input, offset }: FilterErrorDetails): string {
  if (problem === undefined) throw new Error('filterby: a FilterError needs a message or a problem');
  const where = input === undefined || offset === undefined ? '' : ` at ${describePosition(input, offset)}`;
  return `${problem}${where}${hint === undefined ? '' : `; ${hint}`}`;
}

function positionOf(input: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, input.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const char = input.charCodeAt(i);
    if (char === 10 || (char === 13 && input.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: codePointCount(input, lineStart, end) + 1 };
}

function codePointCount(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const char = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (char >= 0xd800 && char <= 0xdbff && i + 1 < end) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

// Long lines are cut to a window around the fault so that the caret stays on screen.
const windowBefore = 40;
const windowAfter = 60;

function drawCaret(input: string, offset: number, length: number): string {
  const at = Math.max(0, Math.min(offset, input.length));
  // Look at most this many UTF-16 units either side: enough for the window even if every character is a
  // surrogate pair, and a 10 MB one-line input costs no more to draw than a short one.
  const reachBefore = 2 * windowBefore + 2;
  const reachAfter = 2 * windowAfter + 2;
  let lineStart = at;
  while (lineStart > 0 && at - lineStart < reachBefore && !isLineBreak(input.charCodeAt(lineStart - 1))) lineStart--;
  let lineEnd = at;
  while (lineEnd < input.length && lineEnd - at < reachAfter && !isLineBreak(input.charCodeAt(lineEnd))) lineEnd++;

  // Work in code points so that a character beyond the BMP takes one caret column, not two.
  const before = Array.from(input.slice(lineStart, at), printable);
  const rest = Array.from(input.slice(at, lineEnd), printable);
  const spanWidth = Math.max(1, Array.from(input.slice(at, Math.min(at + Math.max(length, 1), lineEnd))).length);

  let head = before;
  let prefix = '';
  if (head.length > windowBefore) {
    head = head.slice(head.length - windowBefore);
    prefix = '…';
  }
  let tail = rest;
  let suffix = '';
  if (tail.length > windowAfter) {
    tail = tail.slice(0, windowAfter);
    suffix = '…';
  }
  const caretWidth = Math.min(spanWidth, Math.max(1, tail.length));
  const text = `${prefix}${head.join('')}${tail.join('')}${suffix}`;
  const caret = `${' '.repeat(prefix.length + head.length)}${'^'.repeat(caretWidth)}`;
  return `  ${text}\n  ${caret}`;
}

function isLineBreak(char: number): boolean {
  return char === 10 || char === 13;
}

// Control characters would move the caret or the cursor; show them as one visible column each.
// An unpaired surrogate is drawn as U+FFFD so that the formatted text is always well-formed Unicode.
function printable(char: string): string {
  if (char === '\t') return ' ';
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD';
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 ? '·' : char;
}
