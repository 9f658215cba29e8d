// Properties of the round trips: filter ⇄ text (SPEC §4 printFilter), query ⇄ query string (§4 parseQuery,
// toQueryString), and the whitespace the language ignores (§1).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Filter } from '../../src/ast.js';
import {
  parseFilter,
  parseGroupBy,
  parseQuery,
  printFilter,
  printGroupBy,
  type Query,
  toQueryString,
  withoutSpans,
} from '../../src/index.js';
import {
  dateTimeArb,
  groupByArb,
  partnerCenterFilterArb,
  partnerCenterSchema,
  queryArb,
  roomyLimits,
  schema,
  spreadTokens,
  testFilterArb,
  whitespaceRunArb,
} from './arbitraries.js';

const cheap = { numRuns: 1000 };
const costly = { numRuns: 300 };

const reparse = (text: string): Filter => withoutSpans(parseFilter(text, { schema }));

/** A parsed query as it compares with the query it was written from: spans aside. */
function withoutFilterSpans(query: Query): Query {
  return query.filter === undefined ? query : { ...query, filter: withoutSpans(query.filter) };
}

describe('printFilter and parseFilter', () => {
  it('parsing the printed text of any valid filter gives the same filter back', () => {
    fc.assert(
      fc.property(testFilterArb, (filter) => {
        expect(reparse(printFilter(filter))).toStrictEqual(filter);
      }),
      costly,
    );
  });

  it('printing is canonical: the reparsed filter prints to the very same text', () => {
    fc.assert(
      fc.property(testFilterArb, (filter) => {
        const text = printFilter(filter);
        expect(printFilter(parseFilter(text, { schema }))).toBe(text);
      }),
      costly,
    );
  });

  it('Partner Center filters of any string and GUID values survive the round trip through text', () => {
    fc.assert(
      fc.property(partnerCenterFilterArb, (filter) => {
        const text = printFilter(filter);
        const parsed = parseFilter(text, { schema: partnerCenterSchema, limits: roomyLimits });
        expect(withoutSpans(parsed)).toStrictEqual(filter);
        expect(printFilter(parsed)).toBe(text);
      }),
      costly,
    );
  });

  it('printed text is single-spaced: no run of whitespace outside a string literal', () => {
    fc.assert(
      fc.property(testFilterArb, (filter) => {
        const outsideStrings = printFilter(filter).replace(/'(?:[^']|'')*'/g, "''");
        expect(outsideStrings).not.toMatch(/\s\s|^\s|\s$|[\t\r\n]|\( | \)/);
      }),
      cheap,
    );
  });

  it('whitespace (space, tab, CR, LF) between tokens and around parentheses and commas changes nothing', () => {
    fc.assert(
      fc.property(testFilterArb, fc.array(whitespaceRunArb, { minLength: 1, maxLength: 64 }), (filter, runs) => {
        const spread = spreadTokens(printFilter(filter), runs);
        expect(reparse(spread)).toStrictEqual(filter);
      }),
      costly,
    );
  });

  it('any groupby prints to text that parses back to the same fields', () => {
    fc.assert(
      fc.property(groupByArb, fc.array(whitespaceRunArb, { minLength: 1 }), (fields, runs) => {
        const text = printGroupBy(fields);
        expect(parseGroupBy(text, { schema })).toStrictEqual(fields);
        expect(parseGroupBy(spreadTokens(text, runs), { schema })).toStrictEqual(fields);
      }),
      cheap,
    );
  });
});

describe('toQueryString and parseQuery', () => {
  it('parsing the query string of any valid query gives the same query back', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        expect(withoutFilterSpans(parseQuery(toQueryString(query), { schema }))).toStrictEqual(query);
      }),
      costly,
    );
  });

  it("the same holds with prefix '$': $filter, $groupby, $top, $skip, $processedDateTime", () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        const text = toQueryString(query, { prefix: '$' });
        for (const part of text === '' ? [] : text.split('&')) expect(part.startsWith('$')).toBe(true);
        expect(withoutFilterSpans(parseQuery(text, { schema }))).toStrictEqual(query);
      }),
      costly,
    );
  });

  it('the same holds through URLSearchParams, a whole URL, and a leading ?', () => {
    fc.assert(
      fc.property(queryArb, fc.constantFrom('', '$' as const), (query, prefix) => {
        const text = toQueryString(query, { prefix });
        expect(withoutFilterSpans(parseQuery(new URLSearchParams(text), { schema }))).toStrictEqual(query);
        expect(withoutFilterSpans(parseQuery(`https://host/v1/x?${text}`, { schema }))).toStrictEqual(query);
        expect(withoutFilterSpans(parseQuery(`?${text}`, { schema }))).toStrictEqual(query);
      }),
      costly,
    );
  });

  it('validating against the schema while writing changes nothing for a valid query', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        expect(toQueryString(query, { schema })).toBe(toQueryString(query));
      }),
      costly,
    );
  });

  it('the query string holds only unreserved characters, %XX escapes, & = , : and $ (never a raw space or quote)', () => {
    fc.assert(
      fc.property(queryArb, fc.constantFrom('', '$' as const), (query, prefix) => {
        expect(toQueryString(query, { prefix })).toMatch(/^(?:[A-Za-z0-9\-._~&=,:$]|%[0-9A-F]{2})*$/);
      }),
      cheap,
    );
  });

  it('parameters come in the order filter, groupby, top, skip, processedDateTime, defaults left out', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        const names = toQueryString(query)
          .split('&')
          .filter((part) => part !== '')
          .map((part) => part.slice(0, part.indexOf('=')));
        const expected = [
          query.filter !== undefined && 'filter',
          query.groupBy !== undefined && 'groupby',
          query.top !== 10_000 && 'top',
          query.skip !== 0 && 'skip',
          query.processedDateTime !== undefined && 'processedDateTime',
        ].filter((name) => name !== false);
        expect(names).toStrictEqual(expected);
      }),
      cheap,
    );
  });

  it('any ISO date or date-time is a processedDateTime that survives the round trip', () => {
    fc.assert(
      fc.property(dateTimeArb, (processedDateTime) => {
        const query = { top: 10_000, skip: 0, processedDateTime };
        expect(parseQuery(toQueryString(query), { schema })).toStrictEqual(query);
      }),
      cheap,
    );
  });
});
