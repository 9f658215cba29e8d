// The error cases of test/errors.test.ts: every code with at least two inputs, shared with the golden file.

import { defineSchema, parseFilter, parseGroupBy, parseOrderBy, parseQuery, partnerCenter } from '../src/index.js';

const schema = partnerCenter.licenseUsage;
export const typedSchema = defineSchema({
  table: 'typed',
  fields: {
    name: { type: 'string' },
    seats: { type: 'number' },
    isTrial: { type: 'boolean' },
    renewedAt: { type: 'datetime' },
  },
  profile: { extensions: ['number', 'boolean'] },
});

/** The whole language (SPEC §7): ordering, substring tests, cast, orderby, per-field operators. */
export const fullSchema = defineSchema({
  table: 'full',
  fields: {
    customerName: { type: 'string', operators: ['contains'] },
    productName: { type: 'string' },
    usageDate: { type: 'datetime' },
    quantity: { type: 'number' },
    charge: { type: 'number', aggregate: 'sum' },
  },
  profile: { extensions: ['number', 'range', 'text', 'cast', 'orderby', 'aggregationLevel'] },
});

export interface ErrorCase {
  /** What the user did, as the test name. */
  readonly name: string;
  /** The text shown in the golden file. */
  readonly input: string;
  readonly run: () => unknown;
}

const filter = (text: string, on: typeof schema | typeof typedSchema | typeof fullSchema = schema): ErrorCase => ({
  name: `filter ${JSON.stringify(text)}`,
  input: text,
  run: () => parseFilter(text, { schema: on }),
});
const groupBy = (text: string): ErrorCase => ({
  name: `groupby ${JSON.stringify(text)}`,
  input: text,
  run: () => parseGroupBy(text, { schema }),
});
const orderBy = (text: string, groupBy?: string[]): ErrorCase => ({
  name: `orderby ${JSON.stringify(text)}${groupBy === undefined ? '' : ` grouped by ${groupBy.join(',')}`}`,
  input: text,
  run: () => parseOrderBy(text, { schema: fullSchema, ...(groupBy !== undefined && { groupBy }) }),
});
const query = (text: string): ErrorCase => ({
  name: `query ${JSON.stringify(text)}`,
  input: text,
  run: () => parseQuery(text, { schema }),
});

export const errorCases = {
  SYNTAX: [
    filter("workloadCode EQ 'SFB'"),
    filter("workloadCode eq 'SFB"),
    filter("workloadCode eq 'SFB' and"),
    filter("workloadCode = 'SFB'"),
    filter('workloadCode eq SFB'),
    filter('workloadCode eq "SFB"'),
    filter("(workloadCode eq 'SFB'"),
    filter("workloadCode eq 'SFB' channel eq 'Reseller'"),
    filter("workloadCode eq 'SFB' && channel eq 'Reseller'"),
    filter("workloadCode eq 'SFB' or\n  channel eq 'Reseller' or\n  (serviceCode eq 'O365'"),
    filter(''),
    groupBy('workloadCode,'),
    filter('contains(customerName, 5)', fullSchema),
    filter('quantity GT 5', fullSchema),
    orderBy('quantity DESC'),
  ],
  UNKNOWN_FIELD: [
    filter("workloadcode eq 'SFB'"),
    filter("workloadCode eq 'SFB' or chanel eq 'Reseller'"),
    filter("region eq 'EU'"),
    filter("constructor eq 'x'"),
    groupBy('channel,workload'),
    orderBy('usageDate, quantiy desc'),
  ],
  FIELD_NOT_FILTERABLE: [
    filter("licensesActive eq '1'"),
    filter("channel eq 'x' or processedDateTime eq '2024-01-01'"),
  ],
  FIELD_NOT_GROUPABLE: [groupBy('licensesQualified'), groupBy('channel,processedDateTime')],
  FIELD_NOT_ORDERABLE: [orderBy('quantity, charge desc'), orderBy('charge, quantity', ['productName'])],
  DUPLICATE_FIELD: [
    groupBy('channel,channel'),
    groupBy('workloadCode, channel , workloadCode'),
    orderBy('quantity, usageDate desc, quantity'),
  ],
  INVALID_LITERAL: [
    filter("customerTenantId eq 'abc'"),
    filter("customerTenantId eq '0112A436-B14E-4888-967B-CA4BB2CF123'"),
    filter('workloadCode eq 5'),
    filter(`channel eq 'bad \uD800 surrogate'`),
    filter("seats eq '5'", typedSchema),
    filter("isTrial eq 'yes'", typedSchema),
    filter("renewedAt eq '2024-02-30'", typedSchema),
    filter('seats eq 1e999', typedSchema),
    filter("usageDate gt '2018-13-01'", fullSchema),
    filter("usageDate gt cast('2018-02-30', Edm.DateTimeOffset)", fullSchema),
    filter('quantity gt null', fullSchema),
    filter("quantity lt cast('2018-01-01', Edm.DateTimeOffset)", fullSchema),
  ],
  OPERATOR_NOT_ALLOWED: [
    filter("not workloadCode eq 'SFB'"),
    filter("workloadCode in ('SFB', 'EXO')"),
    filter('workloadCode eq null'),
    filter('name eq null', typedSchema),
    filter("workloadCode gt 'SFB'"),
    filter("contains(workloadCode, 'SFB')"),
    filter("customerName eq 'Contoso'", fullSchema),
    filter("renewedAt eq cast('2018-01-01', Edm.DateTimeOffset)", typedSchema),
  ],
  INVALID_PARAMETER: [
    query('top=0'),
    query('skip=-1'),
    query('top=100&top=200'),
    query('processedDateTime=yesterday'),
    { name: 'filter given as a number', input: '42', run: () => parseFilter(42 as never, { schema }) },
  ],
  UNKNOWN_PARAMETER: [query('Filter=x'), query('orderby=channel'), query('$Top=5')],
  LIMIT_EXCEEDED: [
    filter(`${'('.repeat(33)}channel eq 'x'${')'.repeat(33)}`),
    filter(Array.from({ length: 501 }, (_, i) => `channel eq '${i}'`).join(' or ')),
    filter(`channel eq '${'x'.repeat(40_000)}'`),
  ],
  INVALID_SCHEMA: [
    {
      name: 'a field of an unknown type',
      input: "{ a: { type: 'text' } }",
      run: () => defineSchema({ table: 't', fields: { a: { type: 'text' as never } } }),
    },
    {
      name: 'a field named like a keyword',
      input: "{ not: { type: 'string' } }",
      run: () => defineSchema({ table: 't', fields: { not: { type: 'string' } } }),
    },
    {
      name: 'a summed string',
      input: "{ a: { type: 'string', aggregate: 'sum' } }",
      run: () => defineSchema({ table: 't', fields: { a: { type: 'string', aggregate: 'sum' } } }),
    },
    {
      name: 'parseFilter without a schema',
      input: 'parseFilter("channel eq \'x\'", {})',
      run: () => parseFilter("channel eq 'x'", {} as never),
    },
  ],
} satisfies Record<string, ErrorCase[]>;
