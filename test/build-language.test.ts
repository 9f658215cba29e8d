// The builders and the `filter` tag with the whole language (SPEC §7): the ordering comparisons, the substring
// tests, per-field operators and the cast form. They need the grammar and validation of issue 12.

import { describe, expect, it } from 'vitest';
import {
  and,
  builders,
  contains,
  endswith,
  eq,
  filter,
  filterFor,
  ge,
  gt,
  le,
  lt,
  not,
  or,
  startswith,
} from '../src/build.js';
import {
  defineSchema,
  parseFilter,
  partnerCenter,
  printFilter,
  type Schema,
  toQueryString,
  withoutSpans,
} from '../src/index.js';
import { expectError } from './expect-error.js';

// biome-ignore lint/suspicious/noTemplateCurlyInString: how an error's input shows an interpolation
const slot = '${…}';

/** Per-field operators as the subscriptions page lists them, beside fields that take what the profile gives. */
const subscriptions = defineSchema({
  table: 'subscriptions',
  fields: {
    customerName: { type: 'string', operators: ['contains'] },
    productName: { type: 'string', caseInsensitive: true, operators: ['contains', 'eq', 'ne'] },
    status: { type: 'string', operators: ['eq', 'ne'] },
    creationDate: { type: 'datetime', operators: ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] },
    licenseCount: { type: 'number' },
    partnerName: { type: 'string' },
    customerTenantId: { type: 'guid' },
  },
  profile: { extensions: ['range', 'text', 'cast', 'number', 'in', 'not', 'null'], dateTimeLiteral: 'cast' },
});
const s = builders(subscriptions);
// As a JavaScript caller sees them: the checks at run time are all there is.
const unchecked = builders(subscriptions as Schema);
const subscriptionFilter = filterFor(subscriptions);

describe('the filter tag with the new syntax', () => {
  it('takes an interpolation as the value of an ordering comparison and as the text of a substring test', () => {
    expect(
      filter`seats gt ${5} and day le ${new Date(Date.UTC(2018, 0, 1))} and (contains(name, ${"O'Brien"}) or startswith(name,${''}))`,
    ).toStrictEqual(
      and(
        gt('seats', 5),
        le('day', '2018-01-01T00:00:00.000Z'),
        or(contains('name', "O'Brien"), startswith('name', '')),
      ),
    );
    expect(filter`not endswith(code, ${'%_'}) and name ge ${'m'} and name lt ${'n'}`).toStrictEqual(
      and(not(endswith('code', '%_')), ge('name', 'm'), lt('name', 'n')),
    );
  });

  it('keeps text written in the template, the cast form included, and drops how it was written', () => {
    const built = filter`day ge cast('2018-01-01', Edm.DateTimeOffset) and contains(name,'x') and day lt ${'2019-01-01'}`;
    expect(built).toStrictEqual(and(ge('day', '2018-01-01'), contains('name', 'x'), lt('day', '2019-01-01')));
    expect(built).toStrictEqual(withoutSpans(built));
  });

  it('reads no interpolation as the argument of cast(…): a value from code needs no cast (`day le` and the value say it)', () => {
    const error = expectError(() => filter`day le cast(${'2018-01-01'}, Edm.DateTimeOffset)`, 'SYNTAX');
    expect(error.input).toBe(`day le cast(${slot}, Edm.DateTimeOffset)`);
    expect(error.column).toBe(13);
    expect(error.message).toMatch(/^Interpolation 1 is not a value here at column 13; /);
  });

  it('reads no interpolation as the field or the name of a call, nor inside the quotes of its text', () => {
    for (const [run, column] of [
      [() => filter`contains(${'name'}, 'x')`, 10],
      [() => filter`${'contains'}(name, 'x')`, 1],
      [() => filter`contains(name, 'a${'b'}')`, 18],
      [() => filter`contains(name, ${['a', 'b']})`, 16],
    ] as const) {
      const error = expectError(run, 'SYNTAX');
      expect(error.column).toBe(column);
      expect(error.message).toMatch(/^Interpolation 1 is not a value here/);
    }
  });

  it('refuses a value that is not text as the argument of a substring test, at its placeholder', () => {
    for (const value of [5, true, null]) {
      const error = expectError(() => filter`contains(name, ${value})`, 'INVALID_LITERAL');
      expect(error.column).toBe(16);
      expect(error.length).toBe(4);
      expect(error.message).toMatch(/^Interpolation 1 is .* at column 16; contains\(…\) takes the text to look for/);
    }
  });

  it('refuses null in an ordering comparison, at its placeholder', () => {
    const error = expectError(() => filter`seats gt ${null}`, 'INVALID_LITERAL');
    expect(error.column).toBe(10);
    expect(error.message).toContain('nothing is ordered against null');
  });

  it('filterFor(schema) checks each field takes its operator', () => {
    expect(subscriptionFilter`contains(customerName, ${'contoso'}) and creationDate gt ${'2018-01-01'}`).toStrictEqual(
      and(contains('customerName', 'contoso'), gt('creationDate', '2018-01-01')),
    );
    const error = expectError(() => subscriptionFilter`customerName eq ${'x'}`, 'OPERATOR_NOT_ALLOWED');
    expect(error.message).toContain('contains');
    expect(error.column).toBe(14);
    expectError(() => subscriptionFilter`contains(status, ${'ACT'})`, 'OPERATOR_NOT_ALLOWED');
    expectError(() => subscriptionFilter`customerTenantId gt ${'x'}`, 'OPERATOR_NOT_ALLOWED');
    expectError(() => filterFor(partnerCenter.licenseUsage)`channel gt ${'x'}`, 'OPERATOR_NOT_ALLOWED');
  });
});

describe('builders(schema) with per-field operators', () => {
  it('build what the untyped builders build', () => {
    expect(s.contains('customerName', 'x')).toStrictEqual(contains('customerName', 'x'));
    expect(s.startswith('partnerName', 'Con')).toStrictEqual(startswith('partnerName', 'Con'));
    expect(s.endswith('partnerName', 'Ltd')).toStrictEqual(endswith('partnerName', 'Ltd'));
    expect(s.gt('licenseCount', 5)).toStrictEqual(gt('licenseCount', 5));
    expect(s.le('creationDate', new Date(Date.UTC(2018, 0, 1)))).toStrictEqual(
      le('creationDate', '2018-01-01T00:00:00.000Z'),
    );
    expect(s.ge('partnerName', 'm')).toStrictEqual(ge('partnerName', 'm'));
    expect(s.lt('licenseCount', -0)).toStrictEqual(lt('licenseCount', -0));
    expect(s.not(s.contains('productName', 'x'))).toStrictEqual(not(contains('productName', 'x')));
  });

  it('refuse at run time what the types refuse: an operator the field does not take, naming those it does', () => {
    const error = expectError(() => unchecked.eq('customerName', 'x'), 'OPERATOR_NOT_ALLOWED', 'filter');
    expect(error.message).toContain('contains');
    expectError(() => unchecked.contains('status', 'x'), 'OPERATOR_NOT_ALLOWED');
    expectError(() => unchecked.inList('customerName', ['x']), 'OPERATOR_NOT_ALLOWED');
    expectError(() => unchecked.gt('customerTenantId', '0112A436-B14E-4888-967B-CA4BB2CF1234'), 'OPERATOR_NOT_ALLOWED');
    expectError(() => unchecked.contains('licenseCount', '5'), 'OPERATOR_NOT_ALLOWED');
    expectError(() => builders(partnerCenter.licenseUsage as Schema).gt('channel', 'x'), 'OPERATOR_NOT_ALLOWED');
  });

  it('refuse a value that does not fit the field, and null in an ordering comparison', () => {
    expectError(() => unchecked.gt('licenseCount', '5'), 'INVALID_LITERAL');
    expectError(() => unchecked.le('creationDate', 'soon'), 'INVALID_LITERAL');
    expectError(() => unchecked.ge('creationDate', null as never), 'INVALID_LITERAL');
    expectError(() => unchecked.contains('customerName', 5 as never), 'INVALID_LITERAL');
  });

  it('build filters that print, in the cast form under the schema, and read back the same', () => {
    const built = s.and(
      s.or(s.contains('customerName', "O'Brien"), s.eq('productName', 'Office')),
      s.gt('creationDate', '2018-01-01'),
      s.ge('licenseCount', 5),
    );
    const text = printFilter(built, { schema: subscriptions });
    expect(text).toBe(
      "(contains(customerName,'O''Brien') or productName eq 'Office') and creationDate gt cast('2018-01-01', Edm.DateTimeOffset) and licenseCount ge 5",
    );
    expect(withoutSpans(parseFilter(text, { schema: subscriptions }))).toStrictEqual(built);
    expect(toQueryString({ filter: built }, { schema: subscriptions })).toBe(
      'filter=%28contains%28customerName,%27O%27%27Brien%27%29%20or%20productName%20eq%20%27Office%27%29%20and%20creationDate%20gt%20cast%28%272018-01-01%27,%20Edm.DateTimeOffset%29%20and%20licenseCount%20ge%205',
    );
  });

  it('combine with the untyped builders when the operands are valid for the schema', () => {
    expect(s.and(contains('customerName', 'x'), eq('status', 'ACTIVE')).kind).toBe('and');
    expectError(() => s.or(eq('customerName', 'x'), eq('status', 'ACTIVE')), 'OPERATOR_NOT_ALLOWED');
  });
});
