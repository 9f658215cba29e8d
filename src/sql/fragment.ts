// A compiled condition as tagged-template SQL builders take it (Kysely, Drizzle, postgres.js, sql-template-tag):
// the SQL between the values, and the values, so that the host numbers the placeholders; and Knex's raw form.

import type { SqlValue } from './dialects.js';

/**
 * SQL with its values apart, in the shape a tagged template receives: `strings` has one piece more than
 * `values`, and a `raw` copy, so `sql(fragment.strings, ...fragment.values)` is the call `sql\`…${value}…\`` makes.
 * The host builder writes the placeholders and binds the values; the text never holds a value.
 */
export interface SqlFragment {
  /** The SQL before, between and after the values (frozen, with `raw`, as a template literal's strings are). */
  readonly strings: TemplateStringsArray;
  /** What to bind between the pieces, in order: one per placeholder. */
  readonly values: readonly SqlValue[];
}

/** The fragment of `pieces` around `values`, frozen as a template literal's strings are. */
export function sqlFragment(pieces: readonly string[], values: readonly SqlValue[]): SqlFragment {
  if (pieces.length !== values.length + 1) {
    throw new Error(`filterby: a fragment of ${pieces.length} pieces around ${values.length} values`);
  }
  // The raw strings are the pieces themselves: they hold no escape sequences to undo.
  const strings = Object.freeze(Object.assign([...pieces], { raw: Object.freeze([...pieces]) }));
  return Object.freeze({ strings, values: Object.freeze([...values]) });
}

/**
 * A fragment as Knex's `whereRaw(sql, bindings)` and `knex.raw(sql, bindings)` take it: `?` for each value, and
 * every `?` of the SQL itself (one in a quoted name) written `\?`, which Knex reads as a question mark and
 * not as a binding.
 *
 * @example
 * knex('licenses').whereRaw(...toKnexRaw(toSqlFragment(filter, { schema, dialect: 'postgres' }))).where('seats', '>', 0)
 */
export function toKnexRaw(fragment: SqlFragment): [sql: string, bindings: SqlValue[]] {
  const escaped = fragment.strings.map((piece) => piece.replaceAll('?', '\\?'));
  return [escaped.join('?'), [...fragment.values]];
}
