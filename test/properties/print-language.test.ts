// Round trips of the whole Partner Center language (SPEC §7): filter ⇄ text with the ordering comparisons, the
// substring tests and the cast form, and query ⇄ query string with orderby and aggregationLevel. They read the
// text back with the grammar and parseQuery of issue 12.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Filter } from '../../src/ast.js';
import { parseFilter, parseQuery, printFilter, type Query, toQueryString, withoutSpans } from '../../src/index.js';
import {
  languageFilterArb,
  languageQueryArb,
  languageSchema as schema,
  spreadTokens,
  whitespaceRunArb,
} from './arbitraries.js';

const costly = { numRuns: 300 };
const cast = { schema };

const reparse = (text: string): Filter => withoutSpans(parseFilter(text, { schema }));

function withoutFilterSpans(query: Query): Query {
  return query.filter === undefined ? query : { ...query, filter: withoutSpans(query.filter) };
}

describe('printFilter and parseFilter, the whole language', () => {
  it('the docs-shaped text of every new form reads back, and prints canonically', () => {
    const text =
      "contains(customerName,'O''Brien') and (cast le cast('2018-01-01', Edm.DateTimeOffset) or lastDate gt cast('2018-04-01T10:00:00Z', Edm.DateTimeOffset)) and not startswith(contains,'x') and contains eq 'y' and desc ge 5";
    const parsed = parseFilter(text, { schema });
    expect(printFilter(parsed, cast)).toBe(text);
    expect(withoutSpans(parsed)).toStrictEqual({
      kind: 'and',
      operands: [
        { kind: 'match', op: 'contains', field: 'customerName', value: "O'Brien" },
        {
          kind: 'or',
          operands: [
            { kind: 'compare', field: 'cast', op: 'le', value: '2018-01-01' },
            { kind: 'compare', field: 'lastDate', op: 'gt', value: '2018-04-01T10:00:00Z' },
          ],
        },
        { kind: 'not', operand: { kind: 'match', op: 'startswith', field: 'contains', value: 'x' } },
        { kind: 'compare', field: 'contains', op: 'eq', value: 'y' },
        { kind: 'compare', field: 'desc', op: 'ge', value: 5 },
      ],
    });
    // Without the schema the datetimes are quoted, which reads back the same.
    expect(reparse(printFilter(parsed))).toStrictEqual(withoutSpans(parsed));
  });

  it('a cast literal and a quoted one are the same value; the printer writes what the profile asks, not what was read', () => {
    const written = parseFilter("cast le cast( '2018-01-01' ,Edm.DateTimeOffset )", { schema });
    expect(written.kind === 'compare' && written.valueSyntax).toBe('cast');
    expect(printFilter(written)).toBe("cast le '2018-01-01'");
    expect(printFilter(parseFilter("cast le '2018-01-01'", { schema }), cast)).toBe(
      "cast le cast('2018-01-01', Edm.DateTimeOffset)",
    );
  });

  it('parsing the printed text of any filter gives it back, datetimes written in the cast form', () => {
    fc.assert(
      fc.property(languageFilterArb, (filter) => {
        expect(reparse(printFilter(filter, cast))).toStrictEqual(filter);
      }),
      costly,
    );
  });

  it('and written quoted, as printFilter writes them without a schema', () => {
    fc.assert(
      fc.property(languageFilterArb, (filter) => {
        expect(reparse(printFilter(filter))).toStrictEqual(filter);
      }),
      costly,
    );
  });

  it('printing is canonical: the reparsed filter prints to the very same text', () => {
    fc.assert(
      fc.property(languageFilterArb, (filter) => {
        const text = printFilter(filter, cast);
        expect(printFilter(parseFilter(text, { schema }), cast)).toBe(text);
      }),
      costly,
    );
  });

  it('whitespace between the tokens, inside the calls and the casts included, changes nothing', () => {
    fc.assert(
      fc.property(languageFilterArb, fc.array(whitespaceRunArb, { minLength: 1, maxLength: 64 }), (filter, runs) => {
        expect(reparse(spreadTokens(printFilter(filter, cast), runs))).toStrictEqual(filter);
      }),
      costly,
    );
  });
});

describe('toQueryString and parseQuery, with orderby and aggregationLevel', () => {
  it('parsing the query string of any valid query gives the same query back, with either prefix', () => {
    fc.assert(
      fc.property(languageQueryArb, fc.constantFrom('', '$' as const), (query, prefix) => {
        for (const options of [{ prefix }, { prefix, schema }]) {
          const text = toQueryString(query, options);
          expect(withoutFilterSpans(parseQuery(text, { schema }))).toStrictEqual(query);
        }
      }),
      costly,
    );
  });

  it('parameters come in the order filter, groupby, orderby, aggregationLevel, top, skip', () => {
    fc.assert(
      fc.property(languageQueryArb, (query) => {
        const names = toQueryString(query, { schema })
          .split('&')
          .filter((part) => part !== '')
          .map((part) => part.slice(0, part.indexOf('=')));
        const expected = [
          query.filter !== undefined && 'filter',
          query.groupBy !== undefined && 'groupby',
          query.orderBy !== undefined && 'orderby',
          query.aggregationLevel !== undefined && 'aggregationLevel',
          query.top !== 10_000 && 'top',
          query.skip !== 0 && 'skip',
        ].filter((name) => name !== false);
        expect(names).toStrictEqual(expected);
      }),
      costly,
    );
  });
});
