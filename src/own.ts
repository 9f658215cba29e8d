// Reading what a caller hands in (queries, options, schema definitions, filter nodes, arrays): own properties
// only, so that a property added to a prototype, before or after any call (`Object.prototype.top = 1`,
// `Array.prototype[1] = 'channel'`), never changes an answer (SPEC §3). Rows are read in src/values.ts.

/** `object`'s own property `key`, or undefined when it has none: an inherited one is never read. */
export function ownProperty(object: object, key: PropertyKey): unknown {
  return Object.hasOwn(object, key) ? (object as Record<PropertyKey, unknown>)[key] : undefined;
}

/** The element at `index`, or undefined for a hole: never what Array.prototype holds at that index. */
export function ownElement(array: readonly unknown[], index: number): unknown {
  return Object.hasOwn(array, index) ? array[index] : undefined;
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
