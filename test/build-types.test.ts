// Compile-time contract of the builders: `tsc --noEmit` (part of `npm test`) fails if an `@ts-expect-error`
// below stops being an error, so these lines test the types; the runtime tests keep vitest aware of the file.

import { expect, expectTypeOf, it } from 'vitest';
import {
  and,
  builders,
  contains,
  eq,
  type FieldLiteral,
  filter,
  filterFor,
  gt,
  inList,
  le,
  not,
  type OperatorFieldName,
  or,
  startswith,
} from '../src/build.js';
import {
  type CompareNode,
  defineSchema,
  type Filter,
  type MatchNode,
  type Operator,
  type OperatorOf,
  partnerCenter,
  type Schema,
} from '../src/index.js';

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
  expectTypeOf(pc.eq('workloadCode', 'SFB').kind).toEqualTypeOf<'or' | 'and' | 'not' | 'compare' | 'match' | 'in'>();
  expect(f.and(f.eq('active', true), f.ne('day', new Date(0))).kind).toBe('and');
});

it('keeps the field names of the untyped builders as literal types', () => {
  expectTypeOf(eq('a', 'x')).toEqualTypeOf<CompareNode<'a'>>();
  expectTypeOf(and(eq('a', 'x'), or(eq('b', 1), not(inList('c', [true]))))).toEqualTypeOf<Filter<'a' | 'b' | 'c'>>();
  expectTypeOf(filter`a eq ${'x'}`).toEqualTypeOf<Filter>();
  expect(eq('a', 'x').field).toBe('a');
});

/** Per-field operators as the subscriptions page lists them, and fields that take what their type and profile give. */
const subscriptions = defineSchema({
  table: 'subscriptions',
  fields: {
    customerName: { type: 'string', operators: ['contains'] },
    productName: { type: 'string', operators: ['contains', 'eq', 'ne'] },
    status: { type: 'string', operators: ['eq', 'ne'] },
    creationDate: { type: 'datetime', operators: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] },
    licenseCount: { type: 'number' },
    partnerName: { type: 'string' },
    customerTenantId: { type: 'guid' },
    autoRenewEnabled: { type: 'boolean' },
    subscriptionCount: { type: 'number', aggregate: 'count' },
  },
  profile: { extensions: ['range', 'text', 'cast', 'number', 'boolean', 'in'], dateTimeLiteral: 'cast' },
});
const s = builders(subscriptions);
type Subscriptions = typeof subscriptions;

it('reads the operators of each field from its definition, or from its type when it lists none', () => {
  expectTypeOf<OperatorOf<Subscriptions, 'customerName'>>().toEqualTypeOf<'contains'>();
  expectTypeOf<OperatorOf<Subscriptions, 'productName'>>().toEqualTypeOf<'contains' | 'eq' | 'ne'>();
  expectTypeOf<OperatorOf<Subscriptions, 'licenseCount'>>().toEqualTypeOf<'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'>();
  expectTypeOf<OperatorOf<Subscriptions, 'partnerName'>>().toEqualTypeOf<Operator>();
  expectTypeOf<OperatorOf<Subscriptions, 'customerTenantId'>>().toEqualTypeOf<'eq' | 'ne'>();
  expectTypeOf<OperatorOf<Subscriptions, 'autoRenewEnabled'>>().toEqualTypeOf<'eq' | 'ne'>();
  expectTypeOf<OperatorFieldName<Subscriptions, 'contains'>>().toEqualTypeOf<
    'customerName' | 'productName' | 'partnerName'
  >();
  expectTypeOf<OperatorFieldName<Subscriptions, 'gt'>>().toEqualTypeOf<
    'creationDate' | 'licenseCount' | 'partnerName'
  >();
  expectTypeOf<OperatorFieldName<Subscriptions, 'eq'>>().toEqualTypeOf<
    'productName' | 'status' | 'creationDate' | 'licenseCount' | 'partnerName' | 'customerTenantId' | 'autoRenewEnabled'
  >();
  // A schema known only as Schema: any name, any operator (checked at run time).
  expectTypeOf<OperatorFieldName<Schema, 'contains'>>().toEqualTypeOf<string>();
  expect(s.gt('licenseCount', 5).kind).toBe('compare');
});

it('types the new builders: each takes the fields that take its operator, values by the field type, no null', () => {
  expectTypeOf(s.contains<'customerName'>)
    .parameter(1)
    .toEqualTypeOf<string>();
  expectTypeOf(s.endswith<'partnerName'>).parameters.toEqualTypeOf<['partnerName', string]>();
  expectTypeOf(s.gt<'licenseCount'>)
    .parameter(1)
    .toEqualTypeOf<number>();
  expectTypeOf(s.le<'creationDate'>)
    .parameter(1)
    .toEqualTypeOf<string | Date>();
  expectTypeOf(s.ge<'partnerName'>)
    .parameter(1)
    .toEqualTypeOf<string>();
  expectTypeOf(s.lt).returns.toEqualTypeOf<Filter<Exclude<keyof Subscriptions['fields'], 'subscriptionCount'>>>();
  expectTypeOf(contains('a', 'x')).toEqualTypeOf<MatchNode<'a'>>();
  expectTypeOf(le('day', new Date(0))).toEqualTypeOf<CompareNode<'day'>>();
  expectTypeOf(or(startswith('a', 'x'), gt('b', 1))).toEqualTypeOf<Filter<'a' | 'b'>>();
  expect(gt('b', 1).op).toBe('gt');
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

  // @ts-expect-error status lists its operators, and contains is not among them
  s.contains('status', 'x');
  // @ts-expect-error customerName takes contains and nothing else
  s.eq('customerName', 'x');
  // @ts-expect-error in is eq over a list: a field without eq has no in list either
  s.inList('customerName', ['x']);
  // @ts-expect-error contains applies to string fields only
  s.contains('licenseCount', '5');
  // @ts-expect-error the ordering comparisons do not apply to a GUID
  s.gt('customerTenantId', 'x');
  // @ts-expect-error nor to a boolean
  s.lt('autoRenewEnabled', true);
  // @ts-expect-error status lists eq and ne only
  s.ge('status', 'ACTIVE');
  // @ts-expect-error a number field's gt takes a number
  s.gt('licenseCount', '5');
  // @ts-expect-error nothing is ordered against null
  s.le('creationDate', null);
  // @ts-expect-error the text to look for is a string
  s.contains('productName', 5);
  // @ts-expect-error a measure is not filterable, whatever its type
  s.gt('subscriptionCount', 1);
  // @ts-expect-error the untyped ordering builders refuse null too
  gt('a', null);
  // @ts-expect-error the untyped substring builders take a string
  contains('a', new Date());
}
void mistakesDoNotCompile;
