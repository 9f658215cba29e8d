// Test helpers for "this must throw a FilterError": shared by every suite that checks refusals.

import { expect } from 'vitest';
import { FilterError, type FilterErrorCode } from '../src/errors.js';

/** The FilterError that `run` throws; anything else thrown, or nothing, fails the test with a clear message. */
export function errorOf(run: () => unknown): FilterError {
  try {
    run();
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw new Error(`expected a FilterError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a FilterError, got no error');
}

/** The FilterError that `run` throws, checked to carry `code` (and `param`, when given). */
export function expectError(run: () => unknown, code: FilterErrorCode, param?: string): FilterError {
  const error = errorOf(run);
  expect(error.code).toBe(code);
  if (param !== undefined) expect(error.param).toBe(param);
  return error;
}
