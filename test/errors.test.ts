// FilterError: every code from real inputs (exact code, position and message, held in a golden file),
// the HTTP body of toJSON(), and the caret drawing of format().

import { describe, expect, it } from 'vitest';
import { FilterError, filterErrorCodes, parseFilter, partnerCenter } from '../src/index.js';
import { type ErrorCase, errorCases } from './error-cases.js';
import { errorOf } from './expect-error.js';

// The golden entry of a case: its code, position and the formatted error. Long inputs are cut so the
// file stays readable; the format() window shows the part at fault anyway.
function goldenEntry(code: string, testCase: ErrorCase): string {
  const error = errorOf(testCase.run);
  const input = testCase.input.length > 120 ? `${testCase.input.slice(0, 117)}…` : testCase.input;
  const where = error.column === undefined ? 'no position' : `line ${error.line}, column ${error.column}`;
  return [
    `### ${code} · ${testCase.name.length > 90 ? `${testCase.name.slice(0, 87)}…` : testCase.name}`,
    `input: ${JSON.stringify(input)}`,
    `param: ${error.param ?? '-'} · ${where}${error.suggestion === undefined ? '' : ` · suggestion: ${error.suggestion}`}`,
    error.format(),
    '',
  ].join('\n');
}

describe('every error code', () => {
  it('has at least two inputs that produce it', () => {
    for (const code of filterErrorCodes) {
      expect(errorCases[code].length, code).toBeGreaterThanOrEqual(2);
    }
  });

  for (const [code, cases] of Object.entries(errorCases)) {
    for (const testCase of cases) {
      it(`${code}: ${testCase.name.slice(0, 80)}`, () => {
        const error = errorOf(testCase.run);
        expect(error.code).toBe(code);
        expect(error).toBeInstanceOf(Error);
        expect(error.name).toBe('FilterError');
      });
    }
  }

  it('matches the golden file of codes, positions and messages', async () => {
    const text = Object.entries(errorCases)
      .flatMap(([code, cases]) => cases.map((testCase) => goldenEntry(code, testCase)))
      .join('\n');
    await expect(text).toMatchFileSnapshot('./golden/errors.txt');
  });
});

describe('the documented messages', () => {
  const schema = partnerCenter.licenseUsage;
  it.each([
    ["workloadcode eq 'SFB'", 1, "Unknown field 'workloadcode' at column 1; did you mean 'workloadCode'?"],
    [
      "workloadCode EQ 'SFB'",
      14,
      "Expected 'eq' or 'ne', found 'EQ' at column 14; keywords are lower case: write 'eq'",
    ],
    [
      "workloadCode eq 'SFB",
      17,
      "Unterminated string starting at column 17; close it with a single quote (write '' for a quote inside the text)",
    ],
  ])('%s → column %i: %s', (text, column, message) => {
    const error = errorOf(() => parseFilter(text, { schema }));
    expect(error.column).toBe(column);
    expect(error.message).toBe(message);
  });
});

describe('toJSON', () => {
  it("is an HTTP 400 body in Partner Center's error shape", () => {
    const error = errorOf(() => parseFilter("workloadcode eq 'SFB'", { schema: partnerCenter.licenseUsage }));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'UNKNOWN_FIELD',
      description: "Unknown field 'workloadcode' at column 1; did you mean 'workloadCode'?",
      data: [{ param: 'filter', offset: 0, line: 1, column: 1, suggestion: 'workloadCode' }],
      source: 'filterby',
    });
  });

  it('lists what was expected for a syntax error', () => {
    const error = errorOf(() => parseFilter("channel eq 'x' and", { schema: partnerCenter.licenseUsage }));
    expect(error.toJSON().data[0]).toEqual({
      param: 'filter',
      offset: 18,
      line: 1,
      column: 19,
      expected: ["'('", 'a field name'],
    });
    expect(error.found).toBe('end of input');
  });

  it('has only code, description and source when there is no position', () => {
    const error = new FilterError('INVALID_SCHEMA', 'bad');
    expect(error.toJSON()).toEqual({ code: 'INVALID_SCHEMA', description: 'bad', data: [{}], source: 'filterby' });
  });
});

describe('format', () => {
  it('draws the caret under the span on the line at fault', () => {
    const error = new FilterError('SYNTAX', 'm', { input: "a eq 'x' or\nbb eq 'y'", offset: 12, length: 2 });
    expect(error.line).toBe(2);
    expect(error.column).toBe(1);
    expect(error.format()).toBe("SYNTAX: m\n  bb eq 'y'\n  ^^");
  });

  it('counts a character beyond the BMP as one column', () => {
    const input = "a eq '😀😀' and zz eq 'y'";
    const error = new FilterError('SYNTAX', 'm', { input, offset: input.indexOf('zz'), length: 2 });
    expect(error.column).toBe(15);
    expect(error.format().split('\n')[2]).toBe(`${' '.repeat(16)}^^`);
  });

  it('treats CRLF as one line break and shows tabs as one column', () => {
    const input = "a eq 'x' or\r\n\tb eq 'y'";
    const error = new FilterError('SYNTAX', 'm', { input, offset: input.indexOf('b'), length: 1 });
    expect([error.line, error.column]).toEqual([2, 2]);
    expect(error.format()).toBe("SYNTAX: m\n   b eq 'y'\n   ^");
  });

  it('cuts a long line to a window around the fault', () => {
    const input = `${'x'.repeat(5_000)}FAULT${'y'.repeat(5_000)}`;
    const error = new FilterError('SYNTAX', 'm', { input, offset: 5_000, length: 5 });
    const [, line, caret] = error.format().split('\n');
    expect(line).toBe(`  …${'x'.repeat(40)}FAULT${'y'.repeat(55)}…`);
    expect(caret).toBe(`  ${' '.repeat(41)}^^^^^`);
  });

  it('puts the caret after the last character at the end of the text', () => {
    const error = new FilterError('SYNTAX', 'm', { input: 'abc', offset: 3, length: 0 });
    expect(error.format()).toBe('SYNTAX: m\n  abc\n     ^');
  });

  it('draws an unpaired surrogate as U+FFFD, so the text stays well-formed', () => {
    const error = new FilterError('INVALID_LITERAL', 'm', { input: "a eq '\uD800'", offset: 5, length: 3 });
    expect(error.format()).toBe("INVALID_LITERAL: m\n  a eq '\uFFFD'\n       ^^^");
  });

  it('is the message alone when there is no position', () => {
    expect(new FilterError('INVALID_PARAMETER', 'top must be …').format()).toBe('INVALID_PARAMETER: top must be …');
  });
});

describe('an error is data: its problem and hint apart from its position', () => {
  it('keeps what is wrong and how to fix it as fields, and composes the message from them and the position', () => {
    const error = errorOf(() => parseFilter("workloadcode eq 'SFB'", { schema: partnerCenter.licenseUsage }));
    expect(error.problem).toBe("Unknown field 'workloadcode'");
    expect(error.hint).toBe("did you mean 'workloadCode'?");
    expect(error.message).toBe(`${error.problem} at column 1; ${error.hint}`);
  });

  it('moves to another text by its input and offset alone: the message follows, nothing is edited by hand', () => {
    const filter = "channel eq 'x' and workloadcode eq 'SFB'";
    const error = errorOf(() => parseFilter(filter, { schema: partnerCenter.licenseUsage }));
    const url = `/v1/analytics/commercial/usage/license?groupby=channel&\nfilter=${filter}`;
    const start = url.indexOf(filter);
    const moved = error.relocated({ input: url, offset: start + (error.offset ?? 0) });
    expect(moved.code).toBe(error.code);
    expect(moved.problem).toBe(error.problem);
    expect(moved.suggestion).toBe('workloadCode');
    expect(moved.message).toBe(`Unknown field 'workloadcode' at line 2, column 27; did you mean 'workloadCode'?`);
    expect({ line: moved.line, column: moved.column }).toStrictEqual({ line: 2, column: 27 });
    expect(moved.format().split('\n').at(-1)?.trim()).toBe('^^^^^^^^^^^^');
  });

  it('an error whose message names no position keeps its message when moved', () => {
    const error = new FilterError('INVALID_PARAMETER', 'top must be a whole number from 1 to 10000', { param: 'top' });
    expect(error.relocated({ input: 'top=0', offset: 4 }).message).toBe(error.message);
  });
});
