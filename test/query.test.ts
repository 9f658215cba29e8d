// Request parameters ⇄ Query: what parseQuery reads from a request and what toQueryString writes back.

import { describe, expect, test } from 'vitest';
import {
  defineSchema,
  type Filter,
  parseFilter,
  parseQuery,
  partnerCenter,
  type Query,
  type QueryInput,
  type QueryParameters,
  toQueryString,
  withoutSpans,
} from '../src/index.js';
import { errorOf, expectError } from './expect-error.js';

const schema = partnerCenter.licenseUsage;
const docsExample = "workloadCode eq 'SFB' or (channel eq 'Reseller')";
const endpoint = 'https://api.partnercenter.microsoft.com/partner/v1/analytics/commercial/usage/license';

/** The FilterError that `run` throws; fails the test when it throws nothing or something else. */

/** A query as plain data, spans removed, so two queries read from different texts compare equal. */
function plain(query: Query): Query {
  return query.filter === undefined ? query : { ...query, filter: withoutSpans(query.filter) };
}

function read(params: QueryParameters, options: Partial<Parameters<typeof parseQuery>[1]> = {}): Query {
  return plain(parseQuery(params, { schema, ...options }));
}

const compare = (field: string, value: string, op: 'eq' | 'ne' = 'eq'): Filter => ({
  kind: 'compare',
  field,
  op,
  value,
});

const docsFilter: Filter = {
  kind: 'or',
  operands: [compare('workloadCode', 'SFB'), compare('channel', 'Reseller')],
};

describe('parseQuery reads the Partner Center examples', () => {
  test('the request example of "get licenses usage information"', () => {
    const query = read('filter=customerTenantId%20eq%20%270112A436-B14E-4888-967B-CA4BB2CF1234%27&top=100&skip=0');
    expect(query).toEqual({
      filter: compare('customerTenantId', '0112A436-B14E-4888-967B-CA4BB2CF1234'),
      top: 100,
      skip: 0,
    });
  });

  test("the docs' filter examples, sent in a query string", () => {
    expect(read('filter=workloadCode%20eq%20%27SFB%27')).toEqual({
      filter: compare('workloadCode', 'SFB'),
      top: 10000,
      skip: 0,
    });
    expect(read(`filter=${encodeURIComponent(docsExample)}&groupby=workloadCode,channel`)).toEqual({
      filter: docsFilter,
      groupBy: ['workloadCode', 'channel'],
      top: 10000,
      skip: 0,
    });
  });

  test('the filter keeps its spans, pointing into the decoded text', () => {
    const query = parseQuery('filter=workloadCode%20eq%20%27SFB%27', { schema });
    expect(query.filter).toEqual({
      kind: 'compare',
      field: 'workloadCode',
      op: 'eq',
      value: 'SFB',
      span: { offset: 0, length: 21 },
      valueSpan: { offset: 16, length: 5 },
    });
  });
});

describe('parseQuery takes a request in any of its usual forms', () => {
  const expected: Query = { filter: compare('channel', 'Reseller'), groupBy: ['workloadCode'], top: 5, skip: 0 };
  const text = 'filter=channel%20eq%20%27Reseller%27&groupby=workloadCode&top=5';

  test('a query string, with or without a leading ?', () => {
    expect(read(text)).toEqual(expected);
    expect(read(`?${text}`)).toEqual(expected);
  });

  test('a whole URL; its #fragment is not a parameter', () => {
    expect(read(`${endpoint}?${text}#top=7`)).toEqual(expected);
    expect(read(`${endpoint}?${text}#section`)).toEqual(expected);
  });

  test('a request path as Node gives it in request.url', () => {
    expect(read(`/partner/v1/analytics/commercial/usage/license?${text}`)).toEqual(expected);
  });

  test('a URL or request path with no query string has no parameters', () => {
    expect(read(endpoint)).toEqual({ top: 10000, skip: 0 });
    expect(read(`${endpoint}#section`)).toEqual({ top: 10000, skip: 0 });
    expect(read('/partner/v1/analytics/commercial/usage/license')).toEqual({ top: 10000, skip: 0 });
  });

  test('an empty string, or a lone ?, has no parameters', () => {
    expect(read('')).toEqual({ top: 10000, skip: 0 });
    expect(read('?')).toEqual({ top: 10000, skip: 0 });
  });

  test('a query string reads as URLSearchParams reads it, even with a bare ? inside a value', () => {
    const withQuestionMark = 'top=5&filter=channel%20eq%20%27why?%27';
    expect(read(withQuestionMark)).toEqual(read(new URLSearchParams(withQuestionMark)));
    expect(read(withQuestionMark)).toEqual({ filter: compare('channel', 'why?'), top: 5, skip: 0 });
  });

  test('URLSearchParams', () => {
    const params = new URLSearchParams({ filter: "channel eq 'Reseller'", groupby: 'workloadCode', top: '5' });
    expect(read(params)).toEqual(expected);
  });

  test("a record such as Express's req.query", () => {
    expect(read({ filter: "channel eq 'Reseller'", groupby: 'workloadCode', top: '5' })).toEqual(expected);
  });

  test('a record may hold numbers for top and skip', () => {
    expect(read({ top: 5 })).toEqual({ top: 5, skip: 0 });
    expect(read({ top: 5, skip: 20 })).toEqual({ top: 5, skip: 20 });
  });

  test('a number in a record is checked like its text', () => {
    expectError(() => read({ top: 5.5 }), 'INVALID_PARAMETER', 'top');
    expectError(() => read({ top: 0 }), 'INVALID_PARAMETER', 'top');
    expectError(() => read({ skip: -1 }), 'INVALID_PARAMETER', 'skip');
  });

  test('undefined values in a record are ignored', () => {
    expect(read({ filter: undefined, groupby: undefined, top: '5', skip: undefined })).toEqual({ top: 5, skip: 0 });
  });

  test('a record whose value is an array of two is a repeated parameter', () => {
    const error = expectError(() => read({ top: ['1', '2'] }), 'INVALID_PARAMETER', 'top');
    expect(error.message).toBe("The parameter 'top' is given more than once; give it once");
    expect(read({ top: ['3'] })).toEqual({ top: 3, skip: 0 });
  });

  test('a value that is not text, a number or an array of text is INVALID_PARAMETER', () => {
    const bad = [{ top: {} }, { top: null }, { top: true }, { top: Number.NaN }, { filter: [1, 2] }];
    for (const params of bad) {
      expectError(() => read(params as unknown as QueryParameters), 'INVALID_PARAMETER');
    }
  });

  test('anything but a string, URLSearchParams or a record is INVALID_PARAMETER', () => {
    for (const params of [5, null, undefined, true, ['filter', 'x']]) {
      expectError(() => read(params as unknown as QueryParameters), 'INVALID_PARAMETER');
    }
  });
});

describe('parseQuery: parameter names', () => {
  test('each of the five is accepted with a $ in front', () => {
    const query = read(
      '$filter=channel%20eq%20%27Reseller%27&$groupby=workloadCode,channel&$top=100&$skip=200&$processedDateTime=2024-01-31',
    );
    expect(query).toEqual({
      filter: compare('channel', 'Reseller'),
      groupBy: ['workloadCode', 'channel'],
      top: 100,
      skip: 200,
      processedDateTime: '2024-01-31',
    });
  });

  test('filter and $filter together are a repeat', () => {
    const error = expectError(
      () => read('filter=channel%20eq%20%27a%27&$filter=channel%20eq%20%27b%27'),
      'INVALID_PARAMETER',
      'filter',
    );
    expect(error.message).toBe("The parameter 'filter' is given more than once; give it once");
  });

  test('a repeated top is INVALID_PARAMETER', () => {
    expectError(() => read('top=1&top=2'), 'INVALID_PARAMETER', 'top');
    expectError(() => read('top=1&$top=2'), 'INVALID_PARAMETER', 'top');
    expectError(() => read('top=1&top=1'), 'INVALID_PARAMETER', 'top');
  });

  test('allowRepeatedParameters lets the last one win', () => {
    expect(read('top=1&top=2', { allowRepeatedParameters: true })).toEqual({ top: 2, skip: 0 });
    expect(read('$top=1&top=3', { allowRepeatedParameters: true })).toEqual({ top: 3, skip: 0 });
    expect(read({ top: ['1', '4'] }, { allowRepeatedParameters: true })).toEqual({ top: 4, skip: 0 });
    expect(
      read('filter=channel%20eq%20%27a%27&$filter=channel%20eq%20%27b%27', { allowRepeatedParameters: true }),
    ).toEqual({ filter: compare('channel', 'b'), top: 10000, skip: 0 });
  });

  test('names are case-sensitive: Filter is unknown and suggests filter', () => {
    const error = expectError(() => read('Filter=x'), 'UNKNOWN_PARAMETER', 'Filter');
    expect(error.suggestion).toBe('filter');
    expect(error.message).toBe("Unknown parameter 'Filter'; did you mean 'filter'?");
  });

  test('$Top suggests $top', () => {
    const error = expectError(() => read('$Top=5'), 'UNKNOWN_PARAMETER', '$Top');
    expect(error.message).toBe("Unknown parameter '$Top'; did you mean '$top'?");
  });

  test('a near miss suggests the parameter it resembles', () => {
    expect(errorOf(() => read('groupBy=channel')).suggestion).toBe('groupby');
    expect(errorOf(() => read('processeddatetime=2024-01-31')).suggestion).toBe('processedDateTime');
  });

  test('an unknown name far from all of them lists the parameters', () => {
    const error = expectError(() => read('foo=1'), 'UNKNOWN_PARAMETER', 'foo');
    expect(error.suggestion).toBeUndefined();
    expect(error.message).toBe(
      "Unknown parameter 'foo'; the parameters are filter, groupby, top, skip, processedDateTime",
    );
  });

  test("names from Object.prototype are unknown parameters, not the record's methods", () => {
    expectError(() => read('toString=1'), 'UNKNOWN_PARAMETER', 'toString');
    expectError(() => read('__proto__=1'), 'UNKNOWN_PARAMETER', '__proto__');
    expectError(() => read(JSON.parse('{"__proto__":"1"}') as Record<string, string>), 'UNKNOWN_PARAMETER');
  });

  test('allowUnknownParameters ignores other names and still reads the five', () => {
    expect(read('foo=1&Filter=x&$orderby=y&top=3', { allowUnknownParameters: true })).toEqual({ top: 3, skip: 0 });
    expect(read({ foo: '1', skip: '4' }, { allowUnknownParameters: true })).toEqual({ top: 10000, skip: 4 });
  });

  test('an unknown-parameter error is a Partner Center 400 body', () => {
    expect(errorOf(() => read('Filter=x')).toJSON()).toEqual({
      code: 'UNKNOWN_PARAMETER',
      description: "Unknown parameter 'Filter'; did you mean 'filter'?",
      data: [{ param: 'Filter', suggestion: 'filter' }],
      source: 'filterby',
    });
  });
});

describe('parseQuery: top and skip', () => {
  test('default to top 10000 and skip 0', () => {
    expect(read('')).toEqual({ top: 10000, skip: 0 });
  });

  test.each([
    ['1', 1],
    ['10000', 10000],
    ['100', 100],
    ['007', 7],
  ])('top=%s is %d', (text, value) => {
    expect(read(`top=${text}`).top).toBe(value);
  });

  test.each([
    ['0', 0],
    ['1', 1],
    ['10000', 10000],
    ['10001', 10001],
    ['2147483647', 2147483647],
  ])('skip=%s is %d', (text, value) => {
    expect(read({ skip: text }).skip).toBe(value);
  });

  const badTop = ['0', '10001', '-1', '1e3', ' 5', '5 ', '', '0x10', '99999999999999999999', '5.0', '+5', '５'];
  test.each(badTop)('top=%j is INVALID_PARAMETER naming the range and the value', (text) => {
    const error = expectError(() => read({ top: text }), 'INVALID_PARAMETER', 'top');
    expect(error.message).toBe(`top must be a whole number from 1 to 10000; got '${text}'`);
  });

  const badSkip = ['-1', '1e3', ' 5', '5 ', '', '0x10', '99999999999999999999', '2147483648', '1.5'];
  test.each(badSkip)('skip=%j is INVALID_PARAMETER naming the range and the value', (text) => {
    const error = expectError(() => read({ skip: text }), 'INVALID_PARAMETER', 'skip');
    expect(error.message).toBe(`skip must be a whole number from 0 to 2147483647; got '${text}'`);
  });

  test('top given with no value is INVALID_PARAMETER, not the default', () => {
    expectError(() => read('top='), 'INVALID_PARAMETER', 'top');
    expectError(() => read('skip'), 'INVALID_PARAMETER', 'skip');
  });
});

describe('parseQuery: processedDateTime', () => {
  test.each([
    '2024-01-31',
    '2024-02-29',
    '2000-02-29',
    '2024-01-31T10:00:00Z',
    '2024-01-31T10:00:00.5+02:00',
    '2024-12-31T23:59:59Z',
  ])('%s is kept exactly as given', (text) => {
    expect(read({ processedDateTime: text })).toEqual({ top: 10000, skip: 0, processedDateTime: text });
  });

  test('is percent-decoded from a query string', () => {
    expect(read('processedDateTime=2024-01-31T10%3A00%3A00%2B02%3A00').processedDateTime).toBe(
      '2024-01-31T10:00:00+02:00',
    );
  });

  test.each([
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    'yesterday',
    '2024-01-31T25:00:00Z',
    '2024-01-31T10:60:00Z',
    '31/01/2024',
  ])('%s is INVALID_PARAMETER', (text) => {
    const error = expectError(() => read({ processedDateTime: text }), 'INVALID_PARAMETER', 'processedDateTime');
    expect(error.message).toContain(`got '${text}'`);
    expect(error.message).toContain('ISO 8601');
  });

  test('0000-02-29 is a real day (year 0 is a leap year in ISO 8601)', () => {
    expect(read({ processedDateTime: '0000-02-29' }).processedDateTime).toBe('0000-02-29');
  });
});

describe('parseQuery: filter and groupby', () => {
  test('an empty or blank filter= and groupby= are absent', () => {
    expect(read('filter=&groupby=')).toEqual({ top: 10000, skip: 0 });
    expect(read('filter=%20%20&groupby=%09')).toEqual({ top: 10000, skip: 0 });
    expect(read({ filter: '   ', groupby: '' })).toEqual({ top: 10000, skip: 0 });
  });

  test('+ decodes to a space, as in a form', () => {
    expect(read('filter=workloadCode+eq+%27SFB%27').filter).toEqual(compare('workloadCode', 'SFB'));
    expect(read('filter=channel+eq+%27a%2Bb%27').filter).toEqual(compare('channel', 'a+b'));
  });

  test('a record value is used as it is, not percent-decoded again', () => {
    expect(read({ filter: "channel eq '100%25'" }).filter).toEqual(compare('channel', '100%25'));
  });

  test('a filter error keeps its code and its position in the decoded text', () => {
    const error = expectError(() => read('filter=workloadcode%20eq%20%27SFB%27'), 'UNKNOWN_FIELD', 'filter');
    expect(error.column).toBe(1);
    expect(error.offset).toBe(0);
    expect(error.suggestion).toBe('workloadCode');
    expect(error.message).toBe("Unknown field 'workloadcode' at column 1; did you mean 'workloadCode'?");
    expect(error.format()).toBe(
      [
        "UNKNOWN_FIELD: Unknown field 'workloadcode' at column 1; did you mean 'workloadCode'?",
        "  workloadcode eq 'SFB'",
        '  ^^^^^^^^^^^^',
      ].join('\n'),
    );
  });

  test('a fault further in points at its column', () => {
    const error = expectError(() => read("filter=channel+eq+'a'+or+chanel+eq+'b'"), 'UNKNOWN_FIELD', 'filter');
    expect(error.column).toBe(19);
    expect(error.suggestion).toBe('channel');
  });

  test('the filter is validated against the schema', () => {
    expectError(() => read("filter=licensesActive eq '1'"), 'FIELD_NOT_FILTERABLE', 'filter');
    expectError(() => read("filter=customerTenantId eq 'abc'"), 'INVALID_LITERAL', 'filter');
    expectError(() => read("filter=not channel eq 'a'"), 'OPERATOR_NOT_ALLOWED', 'filter');
    expectError(() => read("filter=workloadCode EQ 'SFB'"), 'SYNTAX', 'filter');
  });

  test('a groupby error names the groupby parameter', () => {
    const notGroupable = expectError(() => read('groupby=licensesActive'), 'FIELD_NOT_GROUPABLE', 'groupby');
    expect(notGroupable.column).toBe(1);
    const duplicate = expectError(() => read('groupby=channel,channel'), 'DUPLICATE_FIELD', 'groupby');
    expect(duplicate.column).toBe(9);
    expectError(() => read('groupby=chanel'), 'UNKNOWN_FIELD', 'groupby');
    expectError(() => read('groupby=processedDateTime'), 'FIELD_NOT_GROUPABLE', 'groupby');
  });

  test('groupby allows spaces around its commas', () => {
    expect(read('groupby=workloadCode%20,%20channel').groupBy).toEqual(['workloadCode', 'channel']);
  });

  test('limits pass through to the filter and the groupby', () => {
    const twoTerms = "filter=channel eq 'a' or channel eq 'b'";
    expect(read(twoTerms).filter?.kind).toBe('or');
    expectError(() => read(twoTerms, { limits: { maxTerms: 1 } }), 'LIMIT_EXCEEDED', 'filter');
    expectError(() => read("filter=((channel eq 'a'))", { limits: { maxDepth: 1 } }), 'LIMIT_EXCEEDED', 'filter');
    expectError(() => read('groupby=workloadCode', { limits: { maxLength: 5 } }), 'LIMIT_EXCEEDED', 'groupby');
  });

  test('a bad limits option is INVALID_PARAMETER', () => {
    expectError(() => read("filter=channel eq 'a'", { limits: { maxTerms: -1 } }), 'INVALID_PARAMETER', 'limits');
  });

  test('a custom schema is used for every field', () => {
    const orders = defineSchema({
      table: 'orders',
      fields: { region: { type: 'string' }, total: { type: 'number', aggregate: 'sum' } },
      profile: { extensions: ['in'] },
    });
    const query = parseQuery("filter=region in ('EU', 'US')&groupby=region", { schema: orders });
    expect(plain(query)).toEqual({
      filter: { kind: 'in', field: 'region', values: ['EU', 'US'] },
      groupBy: ['region'],
      top: 10000,
      skip: 0,
    });
    expectError(() => parseQuery("filter=channel eq 'a'", { schema: orders }), 'UNKNOWN_FIELD', 'filter');
  });

  test('without a schema, or with something else, it is INVALID_SCHEMA', () => {
    const calls = [
      () => parseQuery('top=5', undefined as never),
      () => parseQuery('top=5', {} as never),
      () => parseQuery('top=5', { schema: {} } as never),
      () => parseQuery('top=5', { schema: { table: 't', fields: {} } } as never),
    ];
    for (const call of calls) {
      const error = expectError(call, 'INVALID_SCHEMA');
      expect(error.message).toContain('defineSchema');
    }
  });
});

/** Every query parameter of the whole language: orderby, aggregationLevel, and subscriptions' `groupBy` spelling. */
const subscriptionsLike = defineSchema({
  table: 'subscriptions_like',
  fields: {
    customerName: { type: 'string', operators: ['contains'] },
    productName: { type: 'string' },
    createdDate: { type: 'datetime' },
    internalNote: { type: 'string', orderable: false },
    subscriptionCount: { type: 'number', aggregate: 'count' },
    licenseCount: { type: 'number', aggregate: 'sum' },
  },
  profile: {
    extensions: ['range', 'text', 'cast', 'orderby', 'aggregationLevel'],
    aggregationLevel: 'dateRange',
    parameterAliases: { groupBy: 'groupby' },
  },
});

describe('parseQuery: orderby, aggregationLevel and parameter aliases', () => {
  const readFull = (params: QueryParameters, options: Partial<Parameters<typeof parseQuery>[1]> = {}) =>
    plain(parseQuery(params, { schema: subscriptionsLike, ...options }));

  test('orderby and $orderby are read into orderBy, checked against the groupby', () => {
    expect(readFull('orderby=createdDate%20desc,productName')).toEqual({
      orderBy: [
        { field: 'createdDate', direction: 'desc' },
        { field: 'productName', direction: 'asc' },
      ],
      top: 10000,
      skip: 0,
    });
    expect(readFull('groupby=productName&$orderby=subscriptionCount desc').orderBy).toEqual([
      { field: 'subscriptionCount', direction: 'desc' },
    ]);
    expectError(() => readFull('groupby=productName&orderby=createdDate'), 'FIELD_NOT_ORDERABLE', 'orderby');
    expectError(() => readFull('orderby=licenseCount'), 'FIELD_NOT_ORDERABLE', 'orderby');
    expectError(() => readFull('orderby=productname'), 'UNKNOWN_FIELD', 'orderby');
    expectError(() => readFull('orderby=productName,productName%20desc'), 'DUPLICATE_FIELD', 'orderby');
    expect(readFull('orderby=')).toEqual({ top: 10000, skip: 0 });
  });

  test('orderby is an unknown parameter where the profile leaves it off, as before', () => {
    const error = expectError(() => read('orderby=channel'), 'UNKNOWN_PARAMETER', 'orderby');
    expect(error.message).toBe(
      "Unknown parameter 'orderby'; the parameters are filter, groupby, top, skip, processedDateTime",
    );
  });

  test('aggregationLevel is kept when given with a groupby, and only then', () => {
    expect(readFull('groupby=createdDate&aggregationLevel=week')).toEqual({
      groupBy: ['createdDate'],
      aggregationLevel: 'week',
      top: 10000,
      skip: 0,
    });
    expect(readFull('$aggregationLevel=dateRange&groupby=createdDate').aggregationLevel).toBe('dateRange');
    expect(readFull('groupby=createdDate')).not.toHaveProperty('aggregationLevel');
    const alone = expectError(() => readFull('aggregationLevel=month'), 'INVALID_PARAMETER', 'aggregationLevel');
    expect(alone.message).toBe(
      'aggregationLevel says how a grouped query buckets its datetimes; give a groupby, or leave aggregationLevel out',
    );
  });

  test('a bad aggregationLevel lists the levels, and suggests the closest', () => {
    const bad = expectError(() => readFull('groupby=createdDate&aggregationLevel=year'), 'INVALID_PARAMETER');
    expect(bad.message).toBe("aggregationLevel is one of day, week, month, dateRange; got 'year'");
    const upper = expectError(() => readFull('groupby=createdDate&aggregationLevel=Week'), 'INVALID_PARAMETER');
    expect(upper.suggestion).toBe('week');
    expectError(() => read('groupby=channel&aggregationLevel=week'), 'UNKNOWN_PARAMETER', 'aggregationLevel');
  });

  test("a profile's alias is another spelling of a parameter; giving both is a repeat", () => {
    expect(readFull('groupBy=productName')).toEqual({ groupBy: ['productName'], top: 10000, skip: 0 });
    expect(readFull('$groupBy=productName').groupBy).toEqual(['productName']);
    const both = expectError(() => readFull('groupby=productName&groupBy=createdDate'), 'INVALID_PARAMETER', 'groupby');
    expect(both.message).toBe(
      "The parameter 'groupby' is given more than once (as 'groupby' and 'groupBy'); give it once",
    );
    expect(readFull('groupby=productName&groupBy=createdDate', { allowRepeatedParameters: true }).groupBy).toEqual([
      'createdDate',
    ]);
    // Elsewhere names stay case-sensitive.
    expectError(() => read('groupBy=channel'), 'UNKNOWN_PARAMETER', 'groupBy');
    expect(expectError(() => readFull('GroupBy=x'), 'UNKNOWN_PARAMETER').suggestion).toBe('groupby');
  });

  test('the filter takes the whole language under such a profile', () => {
    const query = readFull(
      "filter=contains(customerName,'Contoso') and createdDate ge cast('2018-01-01', Edm.DateTimeOffset)",
    );
    expect(query.filter).toEqual({
      kind: 'and',
      operands: [
        { kind: 'match', op: 'contains', field: 'customerName', value: 'Contoso' },
        { kind: 'compare', field: 'createdDate', op: 'ge', value: '2018-01-01' },
      ],
    });
  });
});

describe('toQueryString', () => {
  const docs = parseFilter(docsExample, { schema });

  test("writes the docs' example with %20 and %27 and without the redundant parentheses", () => {
    expect(toQueryString({ filter: docs })).toBe(
      'filter=workloadCode%20eq%20%27SFB%27%20or%20channel%20eq%20%27Reseller%27',
    );
  });

  test("the README's client example", () => {
    expect(toQueryString({ filter: docs, groupBy: ['workloadCode'], top: 100 })).toBe(
      'filter=workloadCode%20eq%20%27SFB%27%20or%20channel%20eq%20%27Reseller%27&groupby=workloadCode&top=100',
    );
  });

  test('writes the parameters in the order filter, groupby, top, skip, processedDateTime', () => {
    const query: QueryInput = {
      processedDateTime: '2024-01-31T10:00:00Z',
      skip: 5,
      top: 100,
      groupBy: ['workloadCode', 'channel'],
      filter: compare('channel', 'Reseller'),
    };
    expect(toQueryString(query)).toBe(
      'filter=channel%20eq%20%27Reseller%27&groupby=workloadCode,channel&top=100&skip=5&processedDateTime=2024-01-31T10:00:00Z',
    );
  });

  test('leaves out the defaults and an empty groupBy', () => {
    expect(toQueryString({})).toBe('');
    expect(toQueryString({ top: 10000, skip: 0, groupBy: [] })).toBe('');
    expect(toQueryString({ top: 1, skip: 1 })).toBe('top=1&skip=1');
    expect(toQueryString({ top: 10000, skip: 2147483647 })).toBe('skip=2147483647');
  });

  test('refuses top: Infinity, which no request can carry, naming the cap', () => {
    const error = expectError(() => toQueryString({ top: Number.POSITIVE_INFINITY }), 'INVALID_PARAMETER', 'top');
    expect(error.message).toBe(
      "top: Infinity asks runQuery or toSql for every row, but a request's top is 1 to 10000: page with top and skip instead",
    );
  });

  test("prefix '$' writes $filter and friends", () => {
    expect(
      toQueryString(
        { filter: compare('channel', 'a'), groupBy: ['channel'], top: 2, skip: 3, processedDateTime: '2024-01-31' },
        { prefix: '$' },
      ),
    ).toBe('$filter=channel%20eq%20%27a%27&$groupby=channel&$top=2&$skip=3&$processedDateTime=2024-01-31');
  });

  test('a prefix other than empty or $ is INVALID_PARAMETER', () => {
    expectError(() => toQueryString({}, { prefix: '@' as never }), 'INVALID_PARAMETER');
  });

  test('commas in groupby stay bare, as in the docs', () => {
    expect(toQueryString({ groupBy: ['workloadCode', 'channel', 'customerTenantId'] })).toBe(
      'groupby=workloadCode,channel,customerTenantId',
    );
  });

  test('a whole Query round-trips through parseQuery, with either prefix', () => {
    const query: Query = {
      filter: parseFilter("(workloadCode eq 'SFB' or workloadCode eq 'EXO') and channel ne 'Reseller'", { schema }),
      groupBy: ['workloadCode', 'channel'],
      top: 100,
      skip: 300,
      processedDateTime: '2024-01-31T10:00:00.5+02:00',
    };
    expect(read(toQueryString(query))).toEqual(plain(query));
    expect(read(toQueryString(query, { prefix: '$' }))).toEqual(plain(query));
    expect(read(`?${toQueryString(query)}`)).toEqual(plain(query));
    expect(read(new URLSearchParams(toQueryString(query)))).toEqual(plain(query));
  });

  const awkward = [
    "O'Brien",
    "''",
    '100%',
    '%27',
    'a&top=5',
    'a+b',
    '#1',
    'x=y',
    'why?',
    '😀 ok',
    'line1\nline2',
    'tab\there',
    '  spaced  ',
    'é',
    '(a), b',
    '',
  ];
  test.each(awkward)('the value %j survives a round trip through parseQuery', (value) => {
    const filter = compare('channel', value);
    const text = toQueryString({ filter });
    expect(text).toMatch(/^filter=[A-Za-z0-9\-._~,:%]*$/);
    expect(read(text)).toEqual({ filter, top: 10000, skip: 0 });
  });

  test('encodes a quote as %27, a space as %20 and a plus as %2B', () => {
    expect(toQueryString({ filter: compare('channel', "a+b c'd") })).toBe(
      'filter=channel%20eq%20%27a%2Bb%20c%27%27d%27',
    );
  });

  test.each([0, 10001, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '5'])('top %o is INVALID_PARAMETER', (top) => {
    expectError(() => toQueryString({ top: top as number }), 'INVALID_PARAMETER', 'top');
  });

  test.each([-1, 2147483648, 0.5, Number.NaN, '0'])('skip %o is INVALID_PARAMETER', (skip) => {
    expectError(() => toQueryString({ skip: skip as number }), 'INVALID_PARAMETER', 'skip');
  });

  test.each(['yesterday', '2024-02-30', '', 20240131])('processedDateTime %o is INVALID_PARAMETER', (value) => {
    expectError(() => toQueryString({ processedDateTime: value as string }), 'INVALID_PARAMETER', 'processedDateTime');
  });

  test('a lone surrogate is INVALID_LITERAL, never a URIError', () => {
    expectError(() => toQueryString({ filter: compare('channel', 'a\uD800b') }), 'INVALID_LITERAL', 'filter');
    expectError(() => toQueryString({ filter: compare('channel', '\uDC00') }), 'INVALID_LITERAL', 'filter');
    // No field name holds a surrogate: the name is refused as a name before it could reach the URL.
    expectError(() => toQueryString({ groupBy: ['channel\uD83D'] }), 'INVALID_PARAMETER', 'groupby');
  });

  test('a paired surrogate (an emoji) is fine', () => {
    expect(toQueryString({ filter: compare('channel', '\uD83D\uDE00') })).toBe(
      'filter=channel%20eq%20%27%F0%9F%98%80%27',
    );
  });

  test('option schema validates the filter and the groupby before writing', () => {
    const error = expectError(
      () => toQueryString({ filter: compare('workloadcode', 'SFB') }, { schema }),
      'UNKNOWN_FIELD',
      'filter',
    );
    expect(error.message).toContain('workloadcode');
    // A list known only at run time: checked as it is written.
    expectError(
      () => toQueryString({ groupBy: ['licensesActive'] as string[] }, { schema }),
      'FIELD_NOT_GROUPABLE',
      'groupby',
    );
    expectError(() => toQueryString({ filter: compare('customerTenantId', 'abc') }, { schema }), 'INVALID_LITERAL');
    expect(toQueryString({ filter: compare('workloadcode', 'SFB') })).toBe('filter=workloadcode%20eq%20%27SFB%27');
    expectError(() => toQueryString({}, { schema: {} as never }), 'INVALID_SCHEMA');
  });

  test('a query that is not an object is INVALID_PARAMETER', () => {
    for (const query of [null, undefined, 'filter=x', 5]) {
      expectError(() => toQueryString(query as unknown as QueryInput), 'INVALID_PARAMETER');
    }
  });

  test('a filter that is not a filter node is a FilterError', () => {
    expectError(() => toQueryString({ filter: 'x' as never }), 'INVALID_PARAMETER', 'filter');
  });
});

describe('toQueryString: orderby, aggregationLevel and the cast form', () => {
  const ordered = defineSchema({
    table: 'subscriptions',
    fields: {
      market: { type: 'string' },
      status: { type: 'string', orderable: false },
      created: { type: 'datetime' },
      licenseCount: { type: 'number', aggregate: 'sum' },
      subscriptionCount: { type: 'number', aggregate: 'count', orderable: true },
    },
    profile: {
      extensions: ['range', 'text', 'cast', 'orderby', 'aggregationLevel'],
      dateTimeLiteral: 'cast',
      aggregationLevel: 'dateRange',
    },
  });
  const byMarket = [{ field: 'market', direction: 'asc' }] as const;

  test('writes orderby then aggregationLevel after groupby: filter, groupby, orderby, aggregationLevel, top, skip, processedDateTime', () => {
    const query: QueryInput = {
      processedDateTime: '2024-01-31',
      skip: 5,
      top: 100,
      aggregationLevel: 'week',
      orderBy: [
        { field: 'market', direction: 'asc' },
        { field: 'licenseCount', direction: 'desc' },
      ],
      groupBy: ['market', 'created'],
      filter: compare('market', 'US'),
    };
    const written =
      'filter=market%20eq%20%27US%27&groupby=market,created&orderby=market,licenseCount%20desc&aggregationLevel=week&top=100&skip=5&processedDateTime=2024-01-31';
    expect(toQueryString(query)).toBe(written);
    expect(toQueryString(query, { schema: ordered })).toBe(written);
    expect(toQueryString(query, { prefix: '$' })).toBe(written.replace(/(^|&)/g, '$1$$'));
  });

  test('leaves out an empty orderBy, and keeps an aggregationLevel equal to the profile default (it was given)', () => {
    expect(toQueryString({ orderBy: [] }, { schema: ordered })).toBe('');
    expect(toQueryString({ groupBy: ['created'], aggregationLevel: 'dateRange' }, { schema: ordered })).toBe(
      'groupby=created&aggregationLevel=dateRange',
    );
  });

  test("with { schema }, writes a cast profile's datetimes in the cast form, percent-encoded as today", () => {
    const filter: Filter = { kind: 'compare', field: 'created', op: 'le', value: '2018-01-01' };
    expect(toQueryString({ filter }, { schema: ordered })).toBe(
      'filter=created%20le%20cast%28%272018-01-01%27,%20Edm.DateTimeOffset%29',
    );
    expect(toQueryString({ filter })).toBe('filter=created%20le%20%272018-01-01%27');
    const match: Filter = { kind: 'match', op: 'contains', field: 'market', value: "a'b c" };
    expect(toQueryString({ filter: match })).toBe('filter=contains%28market,%27a%27%27b%20c%27%29');
  });

  test('an orderBy that is not a list of { field, direction } is INVALID_PARAMETER', () => {
    for (const orderBy of [
      'market',
      [{ field: 'market' }],
      [{ field: 'market', direction: 'up' }],
      [{ field: 'a b', direction: 'asc' }],
      [null],
    ]) {
      expectError(() => toQueryString({ orderBy: orderBy as never }), 'INVALID_PARAMETER', 'orderby');
    }
  });

  test('an aggregationLevel that is not a level, or without a groupBy, is INVALID_PARAMETER', () => {
    for (const level of ['year', 'Day', '', 1, null]) {
      expectError(
        () => toQueryString({ groupBy: ['created'], aggregationLevel: level as never }),
        'INVALID_PARAMETER',
        'aggregationLevel',
      );
    }
    const error = expectError(
      () => toQueryString({ aggregationLevel: 'day' }),
      'INVALID_PARAMETER',
      'aggregationLevel',
    );
    expect(error.message).toContain('groupBy');
    expectError(
      () => toQueryString({ groupBy: [], aggregationLevel: 'day' }, { schema: ordered }),
      'INVALID_PARAMETER',
      'aggregationLevel',
    );
  });

  test('with { schema }, a profile without the extension refuses orderby and aggregationLevel as unknown parameters', () => {
    expectError(
      () => toQueryString({ orderBy: [{ field: 'channel', direction: 'asc' }] }, { schema }),
      'UNKNOWN_PARAMETER',
      'orderby',
    );
    expectError(
      () => toQueryString({ groupBy: ['channel'], aggregationLevel: 'day' }, { schema }),
      'UNKNOWN_PARAMETER',
      'aggregationLevel',
    );
    // Without a schema nothing says the endpoint lacks them.
    expect(toQueryString({ orderBy: [{ field: 'channel', direction: 'desc' }] })).toBe('orderby=channel%20desc');
  });

  test('with { schema }, ungrouped: any orderable field; a measure only when marked orderable', () => {
    expect(
      toQueryString(
        {
          orderBy: [
            { field: 'subscriptionCount', direction: 'desc' },
            { field: 'created', direction: 'asc' },
          ],
        },
        { schema: ordered },
      ),
    ).toBe('orderby=subscriptionCount%20desc,created');
    for (const field of ['licenseCount', 'status']) {
      const error = expectError(
        () => toQueryString({ orderBy: [{ field, direction: 'asc' }] }, { schema: ordered }),
        'FIELD_NOT_ORDERABLE',
        'orderby',
      );
      expect(error.message).toContain(`'${field}'`);
      expect(error.message).toContain('market, created, subscriptionCount');
    }
  });

  test('with { schema }, grouped: the groupby fields and every measure, nothing else', () => {
    expect(
      toQueryString(
        {
          groupBy: ['status'],
          orderBy: [
            { field: 'licenseCount', direction: 'desc' },
            { field: 'status', direction: 'asc' },
            { field: 'subscriptionCount', direction: 'asc' },
          ],
        },
        { schema: ordered },
      ),
    ).toBe('groupby=status&orderby=licenseCount%20desc,status,subscriptionCount');
    const error = expectError(
      () => toQueryString({ groupBy: ['status'], orderBy: byMarket }, { schema: ordered }),
      'FIELD_NOT_ORDERABLE',
      'orderby',
    );
    expect(error.message).toContain('status, licenseCount, subscriptionCount');
  });

  test('with { schema }, an unknown field is UNKNOWN_FIELD with a suggestion, a field twice DUPLICATE_FIELD', () => {
    const error = expectError(
      () => toQueryString({ orderBy: [{ field: 'Market', direction: 'asc' }] }, { schema: ordered }),
      'UNKNOWN_FIELD',
      'orderby',
    );
    expect(error.suggestion).toBe('market');
    expectError(
      () =>
        toQueryString(
          {
            orderBy: [
              { field: 'market', direction: 'asc' },
              { field: 'market', direction: 'desc' },
            ],
          },
          { schema: ordered },
        ),
      'DUPLICATE_FIELD',
      'orderby',
    );
  });
});
