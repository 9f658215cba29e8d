// Compile-time contract: field names stay literal types. `tsc --noEmit` (part of `npm test`) fails if an
// `@ts-expect-error` below stops being an error, so these lines test the types; the runtime test only
// keeps vitest aware of the file.

import { expect, expectTypeOf, it } from 'vitest';
import {
  defineSchema,
  type FieldName,
  type Filter,
  type FilterableFieldName,
  type GroupableFieldName,
  type MeasureName,
  parseFilter,
  parseGroupBy,
  parseQuery,
  type partnerCenter,
  type Row,
} from '../src/index.js';

const schema = defineSchema({
  table: 't',
  fields: {
    name: { type: 'string' },
    seats: { type: 'number', aggregate: 'sum' },
    day: { type: 'datetime', filterable: false, groupable: false },
    flag: { type: 'boolean', groupable: false },
  },
});
type S = typeof schema;

it('keeps field names as literal types', () => {
  expectTypeOf<FieldName<S>>().toEqualTypeOf<'name' | 'seats' | 'day' | 'flag'>();
  expectTypeOf<FilterableFieldName<S>>().toEqualTypeOf<'name' | 'flag'>();
  expectTypeOf<GroupableFieldName<S>>().toEqualTypeOf<'name'>();
  expectTypeOf<MeasureName<S>>().toEqualTypeOf<'seats'>();
  expectTypeOf(schema.fields.name.name).toEqualTypeOf<'name'>();
  expectTypeOf<FilterableFieldName<typeof partnerCenter.licenseUsage>>().toEqualTypeOf<
    | 'workloadCode'
    | 'workloadName'
    | 'serviceCode'
    | 'serviceName'
    | 'channel'
    | 'customerTenantId'
    | 'customerName'
    | 'productId'
    | 'productName'
  >();
  expect(Object.keys(schema.fields)).toEqual(['name', 'seats', 'day', 'flag']);
});

it('types what the parsers return by the schema', () => {
  expectTypeOf(parseFilter("name eq 'x'", { schema })).toEqualTypeOf<Filter<'name' | 'flag'>>();
  expectTypeOf(parseGroupBy('name', { schema })).toEqualTypeOf<'name'[]>();
  expectTypeOf(parseQuery('', { schema }).groupBy).toEqualTypeOf<readonly 'name'[] | undefined>();
});

it('types rows by the field types', () => {
  expectTypeOf<Row<S>>().toEqualTypeOf<{
    name?: string | null;
    seats?: number | null;
    day?: string | Date | null;
    flag?: boolean | null;
  }>();
});

// Never called: these lines exist for the type checker.
function misspeltFieldsDoNotCompile(): void {
  // @ts-expect-error 'nmae' is not a field of the schema
  schema.fields.nmae;
  // @ts-expect-error a measure is not filterable
  const measure: FilterableFieldName<S> = 'seats';
  // @ts-expect-error a field type must be one of the five
  defineSchema({ table: 't', fields: { a: { type: 'text' } } });
  // @ts-expect-error the only aggregate is 'sum'
  defineSchema({ table: 't', fields: { a: { type: 'number', aggregate: 'avg' } } });
  // @ts-expect-error an unknown extension
  defineSchema({ table: 't', fields: { a: { type: 'string' } }, profile: { extensions: ['like'] } });
  void measure;
}
void misspeltFieldsDoNotCompile;
