// Compile-time contract of the builders: `tsc --noEmit` (part of `npm test`) fails if an `@ts-expect-error`
// below stops being an error, so these lines test the types; the runtime tests keep vitest aware of the file.

import { expect, expectTypeOf, it } from 'vitest';
import { and, builders, eq, type FieldLiteral, filter, filterFor, inList, not, or } from '../src/build.js';
import { type CompareNode, defineSchema, type Filter, partnerCenter } from '../src/index.js';

const schema = defineSchema({
  table: 't',
  fields: {
    name: { type: 'string' },
    orderId: { type: 'guid' },
    seats: { type: 'number' },
    active: { type: 'boolean' },
    day: { type: 'datetime' },
    total: { type: 'number', aggregate: 'sum' },
    hidden: { type: 'string', filterable: false },
  },
  profile: { extensions: ['not', 'in', 'null', 'number', 'boolean'] },
});
type Filterable = 'name' | 'orderId' | 'seats' | 'active' | 'day';

const f = builders(schema);
const pc = builders(partnerCenter.licenseUsage);

it("types each value by its field's type", () => {
  expectTypeOf<FieldLiteral<typeof schema, 'name'>>().toEqualTypeOf<string | null>();
  expectTypeOf<FieldLiteral<typeof schema, 'seats'>>().toEqualTypeOf<number | null>();
  expectTypeOf<FieldLiteral<typeof schema, 'active'>>().toEqualTypeOf<boolean | null>();
  expectTypeOf<FieldLiteral<typeof schema, 'day'>>().toEqualTypeOf<string | Date | null>();
  expectTypeOf<FieldLiteral<typeof schema, 'orderId'>>().toEqualTypeOf<string | null>();
  expect(f.eq('seats', 3).kind).toBe('compare');
});

it('types what the typed builders return by the schema', () => {
  expectTypeOf(f.eq('name', 'x')).toEqualTypeOf<Filter<Filterable>>();
  expectTypeOf(f.or(f.eq('name', 'x'), f.not(f.inList('seats', [1, 2])))).toEqualTypeOf<Filter<Filterable>>();
  expectTypeOf(filterFor(schema)`name eq ${'x'}`).toEqualTypeOf<Filter<Filterable>>();
  expectTypeOf(pc.eq('workloadCode', 'SFB').kind).toEqualTypeOf<'or' | 'and' | 'not' | 'compare' | 'in'>();
  expect(f.and(f.eq('active', true), f.ne('day', new Date(0))).kind).toBe('and');
});

it('keeps the field names of the untyped builders as literal types', () => {
  expectTypeOf(eq('a', 'x')).toEqualTypeOf<CompareNode<'a'>>();
  expectTypeOf(and(eq('a', 'x'), or(eq('b', 1), not(inList('c', [true]))))).toEqualTypeOf<Filter<'a' | 'b' | 'c'>>();
  expectTypeOf(filter`a eq ${'x'}`).toEqualTypeOf<Filter>();
  expect(eq('a', 'x').field).toBe('a');
});

// Never called: these lines exist for the type checker.
function mistakesDoNotCompile(): void {
  // @ts-expect-error 'nmae' is not a field of the schema
  f.eq('nmae', 'x');
  // @ts-expect-error 'workloadcode' is not a field: names are case-sensitive
  pc.eq('workloadcode', 'SFB');
  // @ts-expect-error a measure is not filterable
  pc.eq('licensesActive', 5);
  // @ts-expect-error a measure is not filterable
  f.inList('total', [1]);
  // @ts-expect-error a field with filterable: false cannot be filtered by
  f.ne('hidden', 'x');
  // @ts-expect-error a number field takes a number
  f.eq('seats', '5');
  // @ts-expect-error a string field takes a string
  f.eq('name', 5);
  // @ts-expect-error a boolean field takes a boolean
  f.ne('active', 'true');
  // @ts-expect-error every value of an in list follows the field's type
  f.inList('seats', [1, '2']);
  // @ts-expect-error a Date fits a datetime field only
  f.eq('name', new Date());
  // @ts-expect-error a filter over other field names is not a filter of this schema
  pc.and(pc.eq('channel', 'x'), eq('other', 'y'));
  // @ts-expect-error a filter of another schema's fields is not a filter of this one
  pc.or(f.eq('name', 'x'));
  // @ts-expect-error the tag's filter over this schema's fields only
  const tagged: Filter<'name'> = filterFor(partnerCenter.licenseUsage)`channel eq ${'x'}`;
  void tagged;
}
void mistakesDoNotCompile;
