// Running out of stack is a FilterError (LIMIT_EXCEEDED), never a RangeError, even on a small stack.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withStackGuard } from '../src/errors.js';
import { FilterError } from '../src/index.js';

describe('withStackGuard', () => {
  it('turns stack exhaustion into LIMIT_EXCEEDED', () => {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    let error: unknown;
    try {
      withStackGuard('filter', () => recurse(0));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FilterError);
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', param: 'filter' });
  });

  it('lets any other error through untouched, so bugs are not disguised as limits', () => {
    expect(() => withStackGuard('filter', () => 'x'.repeat(-1))).toThrow(RangeError);
    expect(() => withStackGuard('filter', () => JSON.parse('{'))).toThrow(SyntaxError);
  });
});

describe('the built package on a 200 KB stack', () => {
  const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

  it('answers the deepest filters the limits allow with a result or LIMIT_EXCEEDED', () => {
    expect(existsSync(dist), 'dist/index.js is missing: run `npm run build`').toBe(true);
    const script = `
      import * as fb from ${JSON.stringify(dist)};
      const schema = fb.defineSchema({ table: 't', fields: { a: { type: 'string' } }, profile: { extensions: ['not'] } });
      const limits = { maxDepth: 1000, maxLength: 1000000 };
      const outcomes = [];
      for (const text of ["(".repeat(1000) + "a eq 'x'" + ")".repeat(1000), "not ".repeat(1000) + "a eq 'x'"]) {
        try { fb.printFilter(fb.parseFilter(text, { schema, limits })); outcomes.push('parsed'); }
        catch (error) { outcomes.push(error instanceof fb.FilterError ? error.code : error.name); }
      }
      console.log(JSON.stringify(outcomes));
    `;
    const child = spawnSync(process.execPath, ['--stack-size=200', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    const outcomes = JSON.parse(child.stdout) as string[];
    expect(outcomes).toHaveLength(2);
    for (const outcome of outcomes) expect(['parsed', 'LIMIT_EXCEEDED']).toContain(outcome);
  });
});
