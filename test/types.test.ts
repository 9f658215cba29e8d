// Compile-time contract: field names stay literal types. `tsc --noEmit` (part of `npm test`) fails if an
// `@ts-expect-error` below stops being an error, so these lines test the types; the runtime test only
// keeps vitest aware of the file.

import { expect, expectTypeOf, it } from 'vitest';
import {
  defineSchema,
  eq,
  type FieldName,
  type Filter,
  type FilterableFieldName,
  type GroupableFieldName,
  type GroupRowOf,
  type MeasureName,
  parseFilter,
  parseGroupBy,
  parseQuery,
  partnerCenter,
  type QueryResult,
  type Row,
  runQuery,
  runQueryAsync,
  type Schema,
  type SomeGroupRowOf,
  toQueryString,
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

const usage = partnerCenter.licenseUsage;
type Usage = typeof usage;
const usageRows: Row<Usage>[] = [{ workloadCode: 'SFB', licensesActive: 3, processedDateTime: '2024-01-31' }];

it('types a grouped result by its groupby fields and the measures, with no cast', () => {
  const grouped = runQuery(usageRows, { groupBy: ['channel', 'workloadCode'] }, { schema: usage });
  expectTypeOf(grouped.value).toEqualTypeOf<
    { channel: string | null; workloadCode: string | null; licensesActive: number; licensesQualified: number }[]
  >();
  const active: number = grouped.value.reduce((sum, group) => sum + group.licensesActive, 0);
  expect(active).toBe(3);
  // Each field type its own value: a number field groups as a number, a datetime as its canonical text.
  const typed = defineSchema({
    table: 't',
    fields: {
      seats: { type: 'number' },
      on: { type: 'boolean' },
      day: { type: 'datetime' },
      total: { type: 'number', aggregate: 'sum' },
    },
  });
  expectTypeOf<GroupRowOf<typeof typed, 'seats' | 'on' | 'day'>>().toEqualTypeOf<{
    seats: number | null;
    on: boolean | null;
    day: string | null;
    total: number;
  }>();
});

it('types an ungrouped result by the rows, and an unknown groupby as either', async () => {
  const plain = runQuery(usageRows, { filter: eq('channel', 'Reseller'), top: 5 }, { schema: usage });
  expectTypeOf(plain.value).toEqualTypeOf<Row<Usage>[]>();
  expectTypeOf(runQuery(usageRows, { groupBy: [] }, { schema: usage }).value).toEqualTypeOf<Row<Usage>[]>();
  const parsed = runQuery(usageRows, parseQuery('groupby=channel', { schema: usage }), { schema: usage });
  expectTypeOf(parsed.value).toEqualTypeOf<(Row<Usage> | SomeGroupRowOf<Usage, GroupableFieldName<Usage>>)[]>();
  const streamed = await runQueryAsync(usageRows, { groupBy: ['customerTenantId'] }, { schema: usage });
  expectTypeOf(streamed.value[0]!.customerTenantId).toEqualTypeOf<string | null>();
  // Without a literal schema, as before: rows or records of values.
  const anySchema: Schema = usage;
  expectTypeOf(runQuery(usageRows, { groupBy: ['channel'] }, { schema: anySchema })).toMatchTypeOf<
    QueryResult<object>
  >();
  expect(parsed.totalCount).toBe(1);
});

it("types toQueryString's groupby by the schema it is given", () => {
  expect(toQueryString({ groupBy: ['channel'] }, { schema: usage })).toBe('groupby=channel');
  expect(toQueryString({ groupBy: ['anyName'] })).toBe('groupby=anyName');
});

// Never called: these lines exist for the type checker.
function misspeltGroupByDoesNotCompile(): void {
  // @ts-expect-error 'chanel' is not a field of the schema
  runQuery(usageRows, { groupBy: ['chanel'] }, { schema: usage });
  // @ts-expect-error a measure is summed, never grouped by
  runQuery(usageRows, { groupBy: ['licensesActive'] }, { schema: usage });
  // @ts-expect-error processedDateTime is groupable: false
  void runQueryAsync(usageRows, { groupBy: ['processedDateTime'] }, { schema: usage });
  // @ts-expect-error 'chanel' is not a field of the schema given to toQueryString
  toQueryString({ groupBy: ['chanel'] }, { schema: usage });
  const grouped = runQuery(usageRows, { groupBy: ['channel'] }, { schema: usage });
  // @ts-expect-error a grouped row holds only its groupby fields and the measures
  void grouped.value[0]?.workloadCode;
}
void misspeltGroupByDoesNotCompile;

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
