// Generating code with `new Function`, for the predicate and the engine's pass: the one place that tries it,
// remembers a refusal, and hands generated code the names that src/values.ts's emitted reads refer to.

import { emittedScope } from './values.js';

/**
 * `compiled` generates a function with `new Function` (values are passed in, never written into the source);
 * `closure` composes closures and never evaluates code; `auto` (the default) compiles and falls back to
 * closures where the page's Content-Security-Policy forbids it.
 */
export type PredicateMode = 'auto' | 'compiled' | 'closure';

/*
 * A Content-Security-Policy without 'unsafe-eval' makes `new Function` throw an EvalError, and reports every
 * refused attempt (to the console, and to its report-uri), even one that is caught. So the first refusal is
 * remembered and code generation is never tried again: a page makes one report, not one per query.
 */
let refusal: EvalError | undefined;

/**
 * What `new Function(...names, source)(...values)` returns, where `source` sees `args` and the names of
 * `emittedScope` as variables; undefined when the caller should use its closures instead: in `closure` mode,
 * and in `auto` mode where code generation is refused. In `compiled` mode a refusal is thrown.
 */
export function compile<T>(
  source: string,
  args: Readonly<Record<string, unknown>>,
  mode: PredicateMode,
): T | undefined {
  if (mode === 'closure') return undefined;
  if (refusal === undefined) {
    const scope = { ...emittedScope(), ...args };
    try {
      return new Function(...Object.keys(scope), source)(...Object.values(scope)) as T;
    } catch (error) {
      // Anything but an EvalError is a bug in the generated source, and is thrown as it is.
      if (!(error instanceof EvalError)) throw error;
      refusal = error;
    }
  }
  if (mode === 'compiled') throw refusal;
  return undefined;
}

/** Forgets a refusal, so that the next compile tries `new Function` again: for tests that simulate a CSP. */
export function forgetCodeGenerationRefusal(): void {
  refusal = undefined;
}
