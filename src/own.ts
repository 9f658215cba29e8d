// Reading what a caller hands in (queries, options, schema definitions, filter nodes, arrays): own properties
// only, so that a property added to a prototype, before or after any call (`Object.prototype.top = 1`,
// `Array.prototype[1] = 'channel'`), never changes an answer (SPEC §3). Rows are read in src/values.ts.

import { FilterError } from './errors.js';

/**
 * `object`'s own property `key`, or undefined when it has none: an inherited one is never read. An own
 * getter (or a Proxy trap) that throws makes a FilterError.
 */
export function ownProperty(object: object, key: PropertyKey): unknown {
  try {
    return Object.hasOwn(object, key) ? (object as Record<PropertyKey, unknown>)[key] : undefined;
  } catch (error) {
    throw thrownWhileReading(error, `Reading '${String(key)}' of an argument`, undefined);
  }
}

/** The element at `index`, or undefined for a hole: never what Array.prototype holds at that index. */
export function ownElement(array: readonly unknown[], index: number): unknown {
  try {
    return Object.hasOwn(array, index) ? array[index] : undefined;
  } catch (error) {
    throw thrownWhileReading(error, `Reading element ${index} of an array argument`, undefined);
  }
}

/**
 * The FilterError (INVALID_PARAMETER) for a value whose own code threw while it was read (a getter, a Proxy
 * trap): `what` says what was being read, the thrown value is its `cause`. A FilterError is passed on.
 */
export function thrownWhileReading(error: unknown, what: string, param: string | undefined): FilterError {
  if (error instanceof FilterError) return error;
  const wrapped = new FilterError(
    'INVALID_PARAMETER',
    `${what} threw ${describeThrown(error)}; it must be readable (a getter or Proxy trap of it threw)`,
    param === undefined ? {} : { param },
  );
  // A descriptor without a prototype: an inherited `get` or `value` would change what defineProperty does.
  const cause: PropertyDescriptor = Object.create(null);
  cause.value = error;
  cause.writable = true;
  cause.configurable = true;
  Object.defineProperty(wrapped, 'cause', cause);
  return wrapped;
}

// What was thrown, for the message; a thrown Proxy or a throwing `message` getter must not throw again here.
function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error) return `${String(error.name)}: ${String(error.message)}`.slice(0, 200);
  } catch {
    // Said with less detail below.
  }
  return typeof error === 'string' ? JSON.stringify(error.slice(0, 200)) : `a value of type ${typeof error}`;
}

/** `object`'s own properties of these names, each undefined when it is not its own. */
export function ownProperties<K extends string>(object: object, keys: readonly K[]): { [P in K]: unknown } {
  // No prototype: assigning to a plain object would run a setter that someone put on Object.prototype.
  const picked = Object.create(null) as { [P in K]: unknown };
  for (const key of keys) picked[key] = ownProperty(object, key);
  return picked;
}

const getTime = Date.prototype.getTime;

/**
 * The time a Date holds, or undefined when `value` is not a Date. It asks the Date's internal slot, as
 * `instanceof` and `value.getTime()` do not: a look-alike (`Object.create(Date.prototype)`, a Proxy of a
 * Date) is not a Date, and none of its code runs.
 */
export function dateTimeOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return getTime.call(value);
  } catch {
    return undefined;
  }
}
