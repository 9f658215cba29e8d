// Own properties only (SPEC §3): whatever is added to Object.prototype or Array.prototype, before or after a
// predicate or a generated scan is made, never changes what a row, a query, an options object, a schema
// definition or a filter says. Every pollution is undone in a finally, so no other test can see it.

import { describe, expect, it } from 'vitest';
import {
  defineSchema,
  dialects,
  type Filter,
  FilterError,
  filter,
  inList,
  parseFilter,
  parseGroupBy,
  parseQuery,
  partnerCenter,
  printFilter,
  printGroupBy,
  type QueryInput,
  runQuery,
  runQueryAsync,
  toQueryString,
  toResponseBody,
  toSql,
} from '../src/index.js';
import { type PredicateMode, toPredicate } from '../src/predicate.js';
import { errorOf, expectError } from './expect-error.js';

const schema = partnerCenter.licenseUsage;
const modes: PredicateMode[] = ['compiled', 'closure', 'auto'];
const latest = '2024-01-31T00:00:00Z';

/**
 * Runs `run` with `target[key]` set as an attacker would set it (a plain assignment: enumerable, writable),
 * then deletes it, whatever happens. `run` may be async: the key is deleted once its promise settles.
 */
async function polluted<T>(
  target: object,
  values: Record<PropertyKey, unknown>,
  run: () => T | Promise<T>,
): Promise<T> {
  const keys = Reflect.ownKeys(values);
  for (const key of keys) {
    if (Object.hasOwn(target, key)) throw new Error(`the test would overwrite ${String(key)}`);
  }
  try {
    for (const key of keys) (target as Record<PropertyKey, unknown>)[key] = values[key];
    return await run();
  } finally {
    for (const key of keys) delete (target as Record<PropertyKey, unknown>)[key];
  }
}

/** The same, with getters that fail the test if anything reads the inherited property. */
async function trapped<T>(target: object, keys: readonly string[], run: () => T | Promise<T>): Promise<T> {
  const touched: string[] = [];
  try {
    for (const key of keys) {
      Object.defineProperty(target, key, {
        configurable: true,
        get() {
          touched.push(key);
          return 'SFB';
        },
      });
    }
    const result = await run();
    expect(touched).toEqual([]);
    return result;
  } finally {
    for (const key of keys) delete (target as Record<string, unknown>)[key];
  }
}

const usageRows = [
  { workloadCode: 'EXO', channel: 'Direct', licensesActive: 2, processedDateTime: latest },
  { channel: 'Reseller', processedDateTime: latest },
  { workloadCode: 'SFB', channel: 'Reseller', licensesActive: 3, processedDateTime: '2024-01-30' },
];

describe('rows: a polluted prototype is never read', () => {
  it('a predicate made before Object.prototype is polluted does not see the pollution, in any mode', async () => {
    const isSfb = parseFilter("workloadCode eq 'SFB'", { schema });
    const notSfb = parseFilter("workloadCode ne 'SFB'", { schema });
    const isTenant = parseFilter("customerTenantId eq '0112A436-B14E-4888-967B-CA4BB2CF1234'", { schema });
    for (const mode of modes) {
      const matches = toPredicate(isSfb, { schema, mode });
      const differs = toPredicate(notSfb, { schema, mode });
      const tenant = toPredicate(isTenant, { schema, mode });
      await polluted(
        Object.prototype,
        { workloadCode: 'SFB', customerTenantId: '0112A436-B14E-4888-967B-CA4BB2CF1234' },
        () => {
          expect(matches({}), mode).toBe(false);
          expect(differs({}), mode).toBe(true);
          expect(tenant({}), mode).toBe(false);
          expect(matches({ workloadCode: 'sfb' }), mode).toBe(true);
        },
      );
    }
  });

  it('a predicate made while Object.prototype is polluted does not see it either, nor after', async () => {
    const filter = parseFilter("workloadCode eq 'SFB' or channel eq 'Reseller' or channel eq 'Direct'", { schema });
    for (const mode of modes) {
      const matches = await polluted(Object.prototype, { workloadCode: 'SFB', channel: 'direct' }, () => {
        const made = toPredicate(filter, { schema, mode });
        expect(made({}), mode).toBe(false);
        return made;
      });
      expect(matches({ channel: 'RESELLER' }), mode).toBe(true);
      expect(matches({}), mode).toBe(false);
    }
  });

  it('an inherited getter is never called, by a predicate or a scan', async () => {
    const filter = parseFilter("workloadCode eq 'SFB' or channel ne 'Reseller'", { schema });
    const predicates = modes.map((mode) => toPredicate(filter, { schema, mode }));
    await trapped(Object.prototype, ['workloadCode', 'channel', 'licensesActive', 'processedDateTime'], () => {
      for (const matches of predicates) expect(matches({ channel: 'Reseller' })).toBe(false);
      for (const mode of modes) {
        const rows = [{ channel: 'x', processedDateTime: latest }, { processedDateTime: latest }];
        const result = runQuery(
          rows,
          { groupBy: ['workloadCode', 'channel'] },
          {
            schema,
            predicateMode: mode,
          },
        );
        expect(result.value).toEqual([
          { workloadCode: null, channel: null, licensesActive: 0, licensesQualified: 0 },
          { workloadCode: null, channel: 'x', licensesActive: 0, licensesQualified: 0 },
        ]);
      }
    });
  });

  it('a generated scan, cached before the pollution, groups and sums own values only', async () => {
    const query: QueryInput = { groupBy: ['workloadCode'] };
    const expected = [
      { workloadCode: null, licensesActive: 0, licensesQualified: 0 },
      { workloadCode: 'EXO', licensesActive: 2, licensesQualified: 0 },
    ];
    for (const mode of modes) {
      // Once before, so that the generated pass for this query is made and cached while all is clean.
      expect(runQuery(usageRows, query, { schema, predicateMode: mode }).value).toEqual(expected);
      await polluted(Object.prototype, { workloadCode: 'SFB', licensesActive: 5, licensesQualified: 7 }, async () => {
        expect(runQuery(usageRows, query, { schema, predicateMode: mode }).value, mode).toEqual(expected);
        const streamed = await runQueryAsync(usageRows, query, { schema, predicateMode: mode });
        expect(streamed.value, mode).toEqual(expected);
        const filtered = runQuery(
          usageRows,
          { filter: parseFilter("workloadCode eq 'SFB'", { schema }) },
          {
            schema,
            predicateMode: mode,
          },
        );
        expect(filtered.value, mode).toEqual([]);
      });
    }
  });

  it('a polluted snapshot field is not a snapshot of a row without one', async () => {
    const rows = [{ workloadCode: 'EXO', processedDateTime: '2024-01-30' }, { workloadCode: 'SFB' }];
    for (const mode of modes) {
      runQuery(rows, {}, { schema, predicateMode: mode });
      await polluted(Object.prototype, { processedDateTime: '2025-01-01' }, () => {
        const result = runQuery(rows, {}, { schema, predicateMode: mode });
        expect(result.value, mode).toEqual([rows[0]]);
      });
    }
  });
});

describe('queries: only their own properties are read', () => {
  it('a polluted processedDateTime, filter, groupBy, top or skip changes no query', async () => {
    await polluted(
      Object.prototype,
      {
        processedDateTime: '2024-01-30',
        filter: parseFilter("workloadCode eq 'SFB'", { schema }),
        groupBy: ['channel'],
        top: 1,
        skip: 1,
      },
      async () => {
        expect(toQueryString({})).toBe('');
        expect(toQueryString({}, { schema })).toBe('');
        const result = runQuery(usageRows, {}, { schema });
        expect(result.totalCount).toBe(2);
        // In schema order: the row without a workloadCode (null) comes first.
        expect(result.value).toEqual([usageRows[1], usageRows[0]]);
        expect((await runQueryAsync(usageRows, {}, { schema })).totalCount).toBe(2);
      },
    );
  });

  it('parseQuery reads a record’s own entries and its options’ own properties', async () => {
    await polluted(
      Object.prototype,
      {
        filter: "workloadCode eq 'SFB'",
        allowUnknownParameters: true,
        allowRepeatedParameters: true,
        limits: { maxTerms: 1 },
      },
      () => {
        expect(parseQuery({}, { schema })).toEqual({ top: 10_000, skip: 0 });
        expectError(() => parseQuery({ select: 'x' }, { schema }), 'UNKNOWN_PARAMETER');
        expectError(() => parseQuery('top=1&top=2', { schema }), 'INVALID_PARAMETER', 'top');
        const two = "workloadCode eq 'SFB' or channel eq 'x'";
        expect(parseQuery({ filter: two }, { schema }).filter?.kind).toBe('or');
        expect(parseFilter(two, { schema }).kind).toBe('or');
      },
    );
  });

  it('limits objects: an inherited maxTerms, maxDepth or maxLength is not a limit', async () => {
    await polluted(Object.prototype, { maxTerms: 1, maxDepth: 1, maxLength: 1 }, () => {
      const two = "(workloadCode eq 'SFB' or channel eq 'x') and channel ne 'y'";
      expect(parseFilter(two, { schema, limits: {} }).kind).toBe('and');
      expect(parseQuery({ filter: two }, { schema, limits: {} }).filter?.kind).toBe('and');
      expect(parseGroupBy('channel', { schema, limits: {} })).toEqual(['channel']);
      const limited = defineSchema({ table: 't', fields: { a: { type: 'string' } }, limits: {} });
      expect(limited.limits).toEqual({ maxLength: 32_768, maxDepth: 32, maxTerms: 500 });
    });
  });

  it('options objects: an inherited schema, mode, baseUrl, prefix or predicateMode is not an option', async () => {
    const filter = parseFilter("workloadCode eq 'SFB'", { schema });
    await polluted(
      Object.prototype,
      { schema, mode: 'nonsense', predicateMode: 'nonsense', baseUrl: 'https://evil.example', prefix: '$' },
      () => {
        expectError(() => toPredicate(filter, {} as never), 'INVALID_SCHEMA');
        expectError(() => runQuery([], {}, {} as never), 'INVALID_SCHEMA');
        expectError(() => parseFilter("workloadCode eq 'SFB'", {} as never), 'INVALID_SCHEMA');
        expectError(() => parseQuery('', {} as never), 'INVALID_SCHEMA');
        expect(toPredicate(filter, { schema })({ workloadCode: 'SFB' })).toBe(true);
        expect(toQueryString({ top: 5 })).toBe('top=5');
        const result = runQuery(usageRows, { top: 1 }, { schema });
        expect(result.nextLink).toBe('/v1/analytics/commercial/usage/license?top=1&skip=1');
      },
    );
  });

  it('toResponseBody writes a next link only when the result has one of its own', async () => {
    await polluted(Object.prototype, { nextLink: 'https://evil.example' }, () => {
      expect(toResponseBody({ value: [], totalCount: 0 })).toEqual({ Value: [], TotalCount: 0 });
    });
  });
});

describe('schema definitions: only their own properties are read', () => {
  it('an inherited column, aggregate, filterable, groupable, caseInsensitive, operators, orderable, profile, profile option or limits is not part of it', async () => {
    await polluted(
      Object.prototype,
      {
        column: 'same',
        filterable: false,
        groupable: false,
        caseInsensitive: true,
        operators: ['contains'],
        orderable: false,
        profile: { extensions: ['not'] },
        aggregationLevel: 'week',
        dateTimeLiteral: 'cast',
        parameterAliases: { groupBy: 'groupby' },
        limits: { maxTerms: 1 },
      },
      () => {
        const made = defineSchema({ table: 't', fields: { a: { type: 'string' }, b: { type: 'number' } } });
        expect(made.fields.a).toEqual({
          name: 'a',
          type: 'string',
          column: 'a',
          isFilterable: true,
          isGroupable: true,
          isMeasure: false,
          aggregate: undefined,
          isOrderable: true,
          caseInsensitive: false,
          operators: ['eq', 'ne'],
        });
        expect(made.fields.b.column).toBe('b');
        expect(made.profile).toEqual({ extensions: [], dateTimeLiteral: 'quoted', parameterAliases: {} });
        expect(made.limits.maxTerms).toBe(500);
      },
    );
    await polluted(Object.prototype, { aggregate: 'sum', extensions: ['not'] }, () => {
      const made = defineSchema({ table: 't', fields: { a: { type: 'number' } }, profile: {} });
      expect(made.fields.a.isMeasure).toBe(false);
      expect(made.profile.extensions).toEqual([]);
    });
  });

  it('an inherited type or table does not complete a definition', async () => {
    await polluted(Object.prototype, { type: 'string', table: 't', fields: { a: { type: 'string' } } }, () => {
      expectError(() => defineSchema({ table: 't', fields: { a: {} } } as never), 'INVALID_SCHEMA');
      expectError(() => defineSchema({ fields: { a: { type: 'string' } } } as never), 'INVALID_SCHEMA');
      expectError(() => defineSchema({} as never), 'INVALID_SCHEMA');
    });
  });
});

describe('filters and arrays: only own properties and own elements are read', () => {
  it('a filter node missing a part does not borrow it from Object.prototype', async () => {
    // (Not `value`: an inherited `value` breaks every accessor descriptor in the process, the test runner's too.)
    const channelX = { kind: 'compare', field: 'channel', op: 'eq', value: 'x' };
    await polluted(
      Object.prototype,
      { field: 'workloadCode', op: 'eq', operand: channelX, operands: [channelX], values: ['x'], kind: 'compare' },
      () => {
        const broken = [
          { kind: 'compare', op: 'eq', value: 'SFB' },
          { kind: 'compare', field: 'workloadCode', value: 'SFB' },
          { kind: 'not' },
          { kind: 'or' },
          { kind: 'in', field: 'workloadCode' },
          { field: 'workloadCode', op: 'eq', value: 'SFB' },
        ] as unknown as Filter[];
        for (const node of broken) {
          expectError(() => printFilter(node), 'INVALID_PARAMETER', 'filter');
          expectError(() => toPredicate(node, { schema }), 'INVALID_PARAMETER', 'filter');
          expectError(() => toQueryString({ filter: node }), 'INVALID_PARAMETER', 'filter');
          expectError(() => runQuery([], { filter: node }, { schema }), 'INVALID_PARAMETER', 'filter');
        }
      },
    );
  });

  it('a hole in an array is a hole, whatever Array.prototype holds at that index', async () => {
    const sfb: Filter = { kind: 'compare', field: 'workloadCode', op: 'eq', value: 'SFB' };
    await polluted(Array.prototype, { 1: 'channel' }, () => {
      const groupBy = ['workloadCode'];
      groupBy.length = 2;
      expectError(() => toQueryString({ groupBy }), 'INVALID_PARAMETER', 'groupby');
      expectError(() => printGroupBy(groupBy), 'INVALID_PARAMETER', 'groupby');
      expectError(() => runQuery([], { groupBy }, { schema }), 'INVALID_PARAMETER', 'groupby');
      expectError(() => parseQuery({ groupby: groupBy }, { schema }), 'INVALID_PARAMETER');
    });
    await polluted(Array.prototype, { 1: sfb }, () => {
      const operands = [sfb];
      operands.length = 2;
      const sparse = { kind: 'or', operands } as unknown as Filter;
      expect(errorOf(() => printFilter(sparse))).toBeInstanceOf(FilterError);
      expect(errorOf(() => toPredicate(sparse, { schema }))).toBeInstanceOf(FilterError);
    });
    await polluted(Array.prototype, { 1: 'SFB' }, () => {
      const values = ['EXO'];
      values.length = 2;
      const sparse = { kind: 'in', field: 'workloadCode', values } as unknown as Filter;
      expect(errorOf(() => printFilter(sparse))).toBeInstanceOf(FilterError);
      expectError(() => inList('workloadCode', values), 'INVALID_LITERAL');
      expectError(() => filter`workloadCode in ${values}`, 'INVALID_LITERAL');
    });
  });
});

describe('a getter that throws while an argument is read', () => {
  const throwing = (target: object, key: string) =>
    Object.defineProperty(target, key, {
      enumerable: true,
      get() {
        throw new Error(`no ${key}`);
      },
    });

  it('is a FilterError naming what was read, never the error itself', () => {
    const sfb = parseFilter("workloadCode eq 'SFB'", { schema });
    const cases: [string, () => unknown][] = [
      ['a query', () => runQuery([], throwing({}, 'filter') as never, { schema })],
      ['toQueryString’s query', () => toQueryString(throwing({}, 'groupBy') as never)],
      ['an options object', () => parseQuery('', throwing({}, 'schema') as never)],
      ['parseFilter’s options', () => parseFilter("workloadCode eq 'SFB'", throwing({ schema }, 'limits') as never)],
      ['runQuery’s options', () => runQuery([], {}, throwing({ schema }, 'baseUrl') as never)],
      ['a schema definition', () => defineSchema(throwing({ table: 't' }, 'fields') as never)],
      ['a field definition', () => defineSchema({ table: 't', fields: { a: throwing({}, 'type') } } as never)],
      ['a filter node', () => printFilter(throwing({ kind: 'compare', field: 'a', op: 'eq' }, 'value') as never)],
      ['an operand list', () => toPredicate({ kind: 'or', operands: throwing([sfb, sfb], '1') } as never, { schema })],
    ];
    for (const [what, run] of cases) {
      const error = errorOf(run);
      expect(error.code, what).toBe('INVALID_PARAMETER');
      expect(error.message, what).toMatch(/threw Error: no /);
    }
  });
});

describe('SQL options and dialect objects: never a member only Object.prototype has', () => {
  const parsed = { filter: parseFilter("workloadCode eq 'SFB'", { schema }) };

  it('an inherited dialect or schema is not an option', async () => {
    await polluted(Object.prototype, { dialect: 'mysql', schema }, () => {
      expect(() => toSql(parsed, { schema } as never)).toThrow(/Unknown SQL dialect none/);
      expect(() => toSql(parsed, { dialect: 'postgres' } as never)).toThrow(/needs \{ schema \}/);
    });
  });

  it('a member Object.prototype gains is not a dialect member; a class instance keeps its own', async () => {
    const plain = { ...dialects.postgres };
    const expected = toSql(parsed, { schema, dialect: 'postgres' }).text;
    await polluted(Object.prototype, { paging: () => 'LIMIT 0 -- polluted', quoteIdentifier: () => 'polluted' }, () => {
      expect(toSql(parsed, { schema, dialect: plain }).text).toBe(expected);
    });
    class Paged {
      readonly engine = 'PostgreSQL';
      paging(limit: number, offset: number) {
        return `OFFSET ${offset} ROWS FETCH FIRST ${limit} ROWS ONLY`;
      }
    }
    const { paging: _standardPaging, ...others } = dialects.postgres as unknown as Record<string, unknown>;
    const fromClass = Object.assign(new Paged(), others) as never;
    expect(toSql({ ...parsed, top: 5 }, { schema, dialect: fromClass }).text).toMatch(/FETCH FIRST 5 ROWS ONLY$/);
  });
});
