// The SQL backend as text: golden files of the Partner Center examples in every dialect, what each construct
// compiles to, how the dialects differ (only where their objects say), injection, limits and errors.

import { describe, expect, test } from 'vitest';
import type { Filter, Value } from '../src/ast.js';
import {
  type Dialect,
  type DialectName,
  dialectNames,
  dialects,
  type SqlStatement,
  toCreateTable,
  toInsert,
  toInserts,
  toSql,
  toSqlCount,
  toSqlWhere,
} from '../src/index.js';
import { parseFilter } from '../src/parse.js';
import { partnerCenter } from '../src/presets/partner-center.js';
import { defineSchema, type Schema } from '../src/schema.js';
import { readDialect } from '../src/sql/statement.js';
import { expectError } from './expect-error.js';

const licenseUsage = partnerCenter.licenseUsage;
const { postgres, sqlite, mysql, mssql } = dialects;
const docsFilter = parseFilter("workloadCode eq 'SFB' or (channel eq 'Reseller')", { schema: licenseUsage });
const docsGroupBy = ['workloadCode', 'channel'];

/** Every field type and extension, columns renamed, limits raised for the tests of size. */
const open = defineSchema({
  table: 'open',
  fields: {
    name: { type: 'string', column: 'customer_name' },
    code: { type: 'string', caseInsensitive: true },
    orderId: { type: 'guid' },
    seats: { type: 'number' },
    active: { type: 'boolean' },
    day: { type: 'datetime' },
    licenses: { type: 'number', aggregate: 'sum' },
  },
  profile: { extensions: ['not', 'in', 'null', 'number', 'boolean'] },
  limits: { maxTerms: 100_000, maxLength: 1_000_000, maxDepth: 1_000 },
});

/** The issue-12 language: ordering and substring operators, orderBy, aggregationLevel, a count measure. */
const language = defineSchema({
  table: 'language',
  fields: {
    name: { type: 'string', column: 'customer_name' },
    code: { type: 'string', caseInsensitive: true },
    seats: { type: 'number' },
    day: { type: 'datetime' },
    licenses: { type: 'number', aggregate: 'sum' },
    subscriptions: { type: 'number', aggregate: 'count' },
  },
  profile: { extensions: ['not', 'in', 'null', 'number', 'range', 'text', 'orderby', 'aggregationLevel'] },
});
/** Every new node, on a case-sensitive and a case-insensitive field, negated and not. */
const everyNewNode: Filter = {
  kind: 'and',
  operands: [
    { kind: 'compare', field: 'name', op: 'gt', value: 'a' },
    { kind: 'not', operand: { kind: 'compare', field: 'code', op: 'le', value: 'B' } },
    { kind: 'compare', field: 'seats', op: 'ge', value: 1 },
    { kind: 'compare', field: 'day', op: 'lt', value: '2024-01-01' },
    { kind: 'match', op: 'contains', field: 'name', value: '%' },
    { kind: 'not', operand: { kind: 'match', op: 'startswith', field: 'code', value: '_' } },
    { kind: 'match', op: 'endswith', field: 'code', value: '[' },
  ],
};

const filterOf = (text: string, schema: Schema = open): Filter => parseFilter(text, { schema });
const everyOperator = filterOf(
  "not (name eq 'a' or code ne 'B' and seats in (1, null)) and orderId in ('0112A436-B14E-4888-967B-CA4BB2CF1234', null) and not day in ('2024-01-01', '2024-01-02T10:00:00+02:00') or active eq true and name eq null",
);

const golden = ({ text, values }: SqlStatement): string => `${text}\n-- values: ${JSON.stringify(values)}\n`;

describe('golden files: the Partner Center examples in every dialect', () => {
  test.each(dialectNames)('%s', async (dialect) => {
    const options = { schema: licenseUsage, dialect };
    const examples: Record<string, string> = {
      'docs-filter': golden(toSql({ filter: docsFilter }, options)),
      'docs-where': golden(toSqlWhere(docsFilter, options)),
      'docs-groupby-page-snapshot': golden(
        toSql(
          { filter: docsFilter, groupBy: docsGroupBy, top: 100, skip: 200, processedDateTime: '2024-01-31' },
          options,
        ),
      ),
      'docs-groupby-latest': golden(toSql({ filter: docsFilter, groupBy: docsGroupBy }, options)),
      'docs-count': golden(toSqlCount({ filter: docsFilter, groupBy: docsGroupBy }, options)),
      'create-table': `${toCreateTable(licenseUsage, { dialect })}\n`,
      insert: golden(
        toInsert(
          [
            {
              workloadCode: 'SFB',
              channel: 'Reseller',
              customerTenantId: '0112A436-B14E-4888-967B-CA4BB2CF1234',
              licensesActive: 3,
              processedDateTime: '2024-01-31',
            },
            { workloadCode: 42, licensesActive: Number.NaN },
          ],
          options,
        ),
      ),
      'every-operator': golden(
        toSql({ filter: everyOperator, groupBy: ['name', 'active'] }, { schema: open, dialect }),
      ),
    };
    for (const [name, text] of Object.entries(examples)) {
      await expect(text).toMatchFileSnapshot(`golden/sql/${name}.${dialect}.sql`);
    }
  });
});

describe('the filter', () => {
  const where = (text: string, dialect: DialectName = 'postgres', schema: Schema = open) =>
    toSqlWhere(filterOf(text, schema), { schema, dialect });

  test('eq is =, folded on both sides for a case-insensitive field: the column in SQL, the literal in JS', () => {
    expect(where("name eq 'Alpha'")).toEqual({ text: '"customer_name" = $1', values: ['Alpha'] });
    expect(where("code eq 'SFB'")).toEqual({ text: 'lower("code" COLLATE "C") = $1', values: ['sfb'] });
    expect(where("orderId eq '0112A436-B14E-4888-967B-CA4BB2CF1234'").values).toEqual([
      '0112a436-b14e-4888-967b-ca4bb2cf1234',
    ]);
  });

  test('only ASCII letters are folded in the bound literal', () => {
    expect(where("code eq 'ÀÉ-Straße-SFB'").values).toEqual(['ÀÉ-straße-sfb']);
  });

  test('a datetime literal is bound in canonical form, as rows are stored', () => {
    expect(where("day eq '2024-01-02T10:00:00+02:00'")).toEqual({
      text: '"day" = $1',
      values: ['2024-01-02T08:00:00.000Z'],
    });
  });

  test.each([
    ['postgres', '"customer_name" IS DISTINCT FROM $1'],
    ['sqlite', '"customer_name" IS NOT ?'],
    ['mysql', 'NOT (`customer_name` COLLATE utf8mb4_0900_bin <=> ?)'],
    ['mssql', "([customer_name] COLLATE Latin1_General_100_BIN2_UTF8 + N'.' <> @p1 + N'.' OR [customer_name] IS NULL)"],
  ] as const)('ne is null-safe in %s: a NULL column satisfies it', (dialect, text) => {
    expect(where("name ne 'a'", dialect).text).toBe(text);
  });

  test('eq null and ne null are IS NULL and IS NOT NULL, with nothing bound', () => {
    expect(where('seats eq null')).toEqual({ text: '"seats" IS NULL', values: [] });
    expect(where('seats ne null')).toEqual({ text: '"seats" IS NOT NULL', values: [] });
  });

  test('in is IN; a null item is an IS NULL beside it; in (null) is IS NULL', () => {
    expect(where('seats in (1, 2)')).toEqual({ text: '"seats" IN ($1, $2)', values: [1, 2] });
    expect(where('seats in (1, null)')).toEqual({ text: '("seats" IN ($1) OR "seats" IS NULL)', values: [1] });
    expect(where('seats in (null, null)')).toEqual({ text: '"seats" IS NULL', values: [] });
  });

  test('not in keeps NULL rows unless the list has null', () => {
    expect(where('not seats in (1, 2)').text).toBe('("seats" IS NULL OR "seats" NOT IN ($1, $2))');
    expect(where('not seats in (1, null)').text).toBe('"seats" IS NOT NULL AND "seats" NOT IN ($1)');
    expect(where('not seats in (null)').text).toBe('"seats" IS NOT NULL');
  });

  test('not is pushed down to the comparisons (negation normal form): no NOT over a subexpression', () => {
    const statement = where("not (name eq 'a' and (seats ne 1 or not active eq true)) or not (code eq 'x')");
    expect(statement.text).toBe(
      '("customer_name" IS DISTINCT FROM $1 OR "seats" = $2 AND "active" = $3 OR lower("code" COLLATE "C") IS DISTINCT FROM $4)',
    );
    expect(statement.text).not.toMatch(/NOT \(/);
    expect(where("not not not (name eq 'a')").text).toBe('"customer_name" IS DISTINCT FROM $1');
  });

  test('parentheses only where an OR sits inside an AND', () => {
    expect(where("(name eq 'a' or name eq 'b') and (code eq 'c' or code eq 'd')").text).toBe(
      '("customer_name" = $1 OR "customer_name" = $2) AND (lower("code" COLLATE "C") = $3 OR lower("code" COLLATE "C") = $4)',
    );
    expect(where("name eq 'a' and code eq 'b' or seats eq 1").text).toBe(
      '("customer_name" = $1 AND lower("code" COLLATE "C") = $2 OR "seats" = $3)',
    );
    // SQL Server's null-safe ne is itself an OR, so it is wrapped inside an AND.
    expect(where("name ne 'a' and seats eq 1", 'mssql').text).toBe(
      "([customer_name] COLLATE Latin1_General_100_BIN2_UTF8 + N'.' <> @p1 + N'.' OR [customer_name] IS NULL) AND [seats] = @p2",
    );
  });

  test('text equality is exact in each dialect: binary collation, and trailing spaces count on SQL Server', () => {
    expect(where("name eq 'a'", 'mysql').text).toBe('`customer_name` COLLATE utf8mb4_0900_bin = ?');
    expect(where("name eq 'a'", 'mssql').text).toBe(
      "[customer_name] COLLATE Latin1_General_100_BIN2_UTF8 + N'.' = @p1 + N'.'",
    );
    expect(where("name in ('a', 'b')", 'mssql').text).toBe(
      "[customer_name] COLLATE Latin1_General_100_BIN2_UTF8 + N'.' IN (@p1 + N'.', @p2 + N'.')",
    );
  });

  test.each([
    ['postgres', 'lower("code" COLLATE "C") = $1'],
    ['sqlite', 'lower("code") = ?'],
    [
      'mssql',
      "TRANSLATE([code] COLLATE Latin1_General_100_BIN2_UTF8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') + N'.' = @p1 + N'.'",
    ],
  ] as const)('%s folds A–Z only', (dialect, text) => {
    expect(where("code eq 'x'", dialect).text).toBe(text);
  });

  test('mysql folds with one REPLACE per letter, A to Z, over the binary collation', () => {
    const { text } = where("code eq 'x'", 'mysql');
    expect(text.match(/REPLACE\(/g)).toHaveLength(26);
    expect(text).toMatch(/^REPLACE\(REPLACE\(.*`code` COLLATE utf8mb4_0900_bin, 'A', 'a'\), 'B', 'b'\)/);
    expect(text).toMatch(/, 'Z', 'z'\) = \?$/);
  });

  test('booleans are bound as 1 and 0 for SQLite, as booleans elsewhere', () => {
    expect(where('active eq true', 'sqlite').values).toEqual([1]);
    expect(where('active ne false', 'sqlite').values).toEqual([0]);
    for (const dialect of ['postgres', 'mysql', 'mssql'] as const) {
      expect(where('active eq true', dialect).values).toEqual([true]);
    }
  });

  test('placeholders start after paramOffset', () => {
    const filter = filterOf("name eq 'a' and code eq 'b'");
    expect(toSqlWhere(filter, { schema: open, dialect: 'postgres', paramOffset: 3 }).text).toBe(
      '"customer_name" = $4 AND lower("code" COLLATE "C") = $5',
    );
    expect(toSqlWhere(filter, { schema: open, dialect: 'mssql', paramOffset: 3 }).text).toMatch(/@p4 .* @p5/);
    expect(toSqlWhere(filter, { schema: open, dialect: 'sqlite', paramOffset: 3 }).values).toEqual(['a', 'b']);
  });

  test.each(dialectNames)('%s: one placeholder per value, in the order of the values', (dialect) => {
    const { text, values } = toSql({ filter: everyOperator, groupBy: ['name'] }, { schema: open, dialect });
    const placeholders = text.match(/\$\d+|\?|@p\d+|\{p\d+:[^}]+\}/g) ?? [];
    expect(placeholders).toHaveLength(values.length);
    if (dialect === 'postgres' || dialect === 'duckdb') {
      expect(placeholders).toEqual(values.map((_, index) => `$${index + 1}`));
    }
    if (dialect === 'clickhouse') {
      expect(placeholders.map((each) => each.replace(/:.*/, ''))).toEqual(values.map((_, index) => `{p${index + 1}`));
    }
    if (dialect === 'mssql') expect(placeholders).toEqual(values.map((_, index) => `@p${index + 1}`));
  });

  test('a long chain and a deep nest compile without trouble', () => {
    const chain = filterOf(Array.from({ length: 5000 }, (_, index) => `seats eq ${index}`).join(' or '));
    const { text, values } = toSqlWhere(chain, { schema: open, dialect: 'postgres' });
    expect(values).toHaveLength(5000);
    expect(text.endsWith('"seats" = $5000)')).toBe(true);
    const nest = filterOf(`${'not '.repeat(999)}seats eq 1`);
    expect(toSqlWhere(nest, { schema: open, dialect: 'postgres' }).text).toBe('"seats" IS DISTINCT FROM $1');
  });
});

describe('the query', () => {
  const sql = (query: Parameters<typeof toSql>[0], dialect: DialectName = 'postgres', schema: Schema = licenseUsage) =>
    toSql(query, { schema, dialect });

  test('without groupby: every column as its field name, ordered by every field in schema order', () => {
    const { text } = sql({}, 'postgres', open);
    expect(text).toBe(
      [
        'SELECT "customer_name" AS "name", "code" AS "code", "orderId" AS "orderId", "seats" AS "seats", "active" AS "active", "day" AS "day", "licenses" AS "licenses"',
        'FROM "open"',
        'ORDER BY "customer_name" COLLATE "C" NULLS FIRST, "code" COLLATE "C" NULLS FIRST, "orderId" COLLATE "C" NULLS FIRST, "seats" NULLS FIRST, "active" NULLS FIRST, "day" COLLATE "C" NULLS FIRST, "licenses" NULLS FIRST',
        'LIMIT 10000 OFFSET 0',
      ].join('\n'),
    );
  });

  test('without groupby, the snapshot is left out of the default order: WHERE pins it to one value', () => {
    // Ordering by a column that WHERE makes constant changes nothing, and keeps an index that leads with the
    // snapshot (toCreateIndexes) from serving the whole ORDER BY.
    const fieldKeys = (text: string) => text.split('\nORDER BY ')[1]?.split('\n')[0];
    expect(fieldKeys(sql({}).text)).not.toContain('processedDateTime');
    expect(fieldKeys(sql({ processedDateTime: '2024-01-31' }).text)).not.toContain('processedDateTime');
    const ordered = defineSchema({
      table: 'snapshots',
      fields: { code: { type: 'string' }, processedDateTime: { type: 'datetime' } },
      profile: { extensions: ['orderby'] },
    });
    expect(fieldKeys(sql({}, 'postgres', ordered).text)).toBe('"code" COLLATE "C" NULLS FIRST');
    // Named in orderby, it is still ordered by, as asked.
    const named = sql({ orderBy: [{ field: 'processedDateTime', direction: 'desc' }] }, 'postgres', ordered);
    expect(fieldKeys(named.text)).toBe(
      '"processedDateTime" COLLATE "C" DESC NULLS LAST, "code" COLLATE "C" NULLS FIRST',
    );
  });

  test('with groupby: the groupby fields and every measure summed (0 for none), grouped and ordered by them', () => {
    const { text } = sql({ groupBy: ['code', 'name'] }, 'postgres', open);
    expect(text).toBe(
      [
        'SELECT "code" AS "code", "customer_name" AS "name", COALESCE(SUM("licenses"), 0) AS "licenses"',
        'FROM "open"',
        'GROUP BY "code", "customer_name"',
        'ORDER BY "code" COLLATE "C" NULLS FIRST, "customer_name" COLLATE "C" NULLS FIRST',
        'LIMIT 10000 OFFSET 0',
      ].join('\n'),
    );
  });

  test('an empty groupBy is no groupby', () => {
    expect(sql({ groupBy: [] }, 'sqlite', open)).toEqual(sql({}, 'sqlite', open));
  });

  test('the snapshot: a given processedDateTime is bound in canonical form; absent, the latest', () => {
    const given = sql({ processedDateTime: '2024-01-31T02:00:00+02:00' });
    expect(given.text).toContain('WHERE "processedDateTime" = $1\n');
    expect(given.values).toEqual(['2024-01-31T00:00:00.000Z']);
    const latest = sql({ filter: docsFilter });
    expect(latest.text).toContain(
      'WHERE (lower("workloadCode" COLLATE "C") = $1 OR lower("channel" COLLATE "C") = $2) AND "processedDateTime" = (SELECT MAX("processedDateTime") FROM "license_usage")\n',
    );
  });

  test.each(dialectNames)('%s: top Infinity writes no paging, and with a skip the largest exact limit', (dialect) => {
    const every = sql({ top: Number.POSITIVE_INFINITY }, dialect).text;
    expect(every).not.toMatch(/LIMIT|OFFSET|FETCH/);
    expect(every.endsWith('\n')).toBe(false);
    // Not every engine can skip without a limit (SQLite and MySQL cannot): the largest exact integer stands in.
    const skipped = sql({ top: Number.POSITIVE_INFINITY, skip: 300 }, dialect).text;
    const paging =
      dialect === 'mssql'
        ? 'OFFSET 300 ROWS FETCH NEXT 9007199254740991 ROWS ONLY'
        : 'LIMIT 9007199254740991 OFFSET 300';
    expect(skipped.endsWith(`\n${paging}`)).toBe(true);
  });

  test.each([
    ['postgres', 'LIMIT 100 OFFSET 300'],
    ['sqlite', 'LIMIT 100 OFFSET 300'],
    ['mysql', 'LIMIT 100 OFFSET 300'],
    ['mssql', 'OFFSET 300 ROWS FETCH NEXT 100 ROWS ONLY'],
  ] as const)('%s pages with %s', (dialect, paging) => {
    expect(sql({ top: 100, skip: 300 }, dialect).text.endsWith(`\n${paging}`)).toBe(true);
  });

  test.each([
    ['postgres', '"channel" COLLATE "C" NULLS FIRST'],
    ['sqlite', '"channel"'],
    ['mysql', '`channel` COLLATE utf8mb4_0900_bin'],
    [
      'mssql',
      'CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), [channel] COLLATE Latin1_General_100_BIN2_UTF8)), DATALENGTH([channel])',
    ],
  ] as const)('%s orders text by code point, NULL first: %s', (dialect, key) => {
    expect(sql({ groupBy: ['channel'] }, dialect).text).toContain(`\nORDER BY ${key}\n`);
  });

  test('no WHERE when there is nothing to filter', () => {
    expect(sql({}, 'postgres', open).text).not.toContain('WHERE');
    expect(toSqlCount({}, { schema: open, dialect: 'postgres' })).toEqual({
      text: 'SELECT COUNT(*) AS "totalCount"\nFROM "open"',
      values: [],
    });
  });

  test('the count of a grouped query counts the groups, with the same WHERE and values', () => {
    const query = { filter: filterOf("code eq 'x'"), groupBy: ['code'] };
    const count = toSqlCount(query, { schema: open, dialect: 'mssql' });
    expect(count.text).toBe(
      [
        'SELECT COUNT(*) AS [totalCount] FROM (',
        '  SELECT 1 AS [group]',
        '  FROM [open]',
        "  WHERE TRANSLATE([code] COLLATE Latin1_General_100_BIN2_UTF8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') + N'.' = @p1 + N'.'",
        '  GROUP BY CONVERT(VARBINARY(MAX), CONVERT(VARCHAR(MAX), [code] COLLATE Latin1_General_100_BIN2_UTF8)), DATALENGTH([code])',
        ') AS [groups]',
      ].join('\n'),
    );
    expect(count.values).toEqual(toSql(query, { schema: open, dialect: 'mssql' }).values);
  });

  test('identifiers are quoted and their quote characters doubled, in every dialect', () => {
    const odd = defineSchema({
      table: 'odd"table`[x]',
      fields: { a: { type: 'string', column: 'a"b`c]d[e' }, n: { type: 'number', aggregate: 'sum' } },
    });
    const texts = Object.fromEntries(
      dialectNames.map((dialect) => [dialect, toSql({}, { schema: odd, dialect }).text]),
    );
    expect(texts.postgres).toContain('FROM "odd""table`[x]"');
    expect(texts.postgres).toContain('"a""b`c]d[e" AS "a"');
    expect(texts.mysql).toContain('FROM `odd"table``[x]`');
    expect(texts.mysql).toContain('`a"b``c]d[e` AS `a`');
    expect(texts.mssql).toContain('FROM [odd"table`[x]]]');
    expect(texts.mssql).toContain('[a"b`c]]d[e] AS [a]');
  });
});

describe('values never reach the text', () => {
  const injections = [
    "' OR '1'='1",
    "'; DROP TABLE license_usage; --",
    'back\\slash\\',
    "\\'; --",
    '$1',
    '?',
    '@p1',
    '`',
    '"',
    ']',
    '[',
    "O'Brien",
    '/* comment',
    '\n',
    // Pattern characters of LIKE, GLOB, PATINDEX and regular expressions: in a contains argument each is itself.
    '%',
    '_',
    '%_%',
    '[a-z]',
    '[^a]',
    '*',
    '\\%',
    '\\_',
    "%' OR '1'='1",
    '.*',
    '^$',
  ];
  const query = (value: string) => ({
    filter: {
      kind: 'or',
      operands: [
        { kind: 'compare', field: 'name', op: 'eq', value },
        { kind: 'compare', field: 'code', op: 'ne', value },
        { kind: 'in', field: 'name', values: [value, 'x'] },
        { kind: 'not', operand: { kind: 'in', field: 'code', values: [value] } },
      ],
    } satisfies Filter,
    groupBy: ['name'],
  });

  // The issue-12 literals: a range bound, a datetime bound, and the argument of each substring test.
  const languageQuery = (value: string) =>
    ({
      filter: {
        kind: 'or',
        operands: [
          { kind: 'compare', field: 'name', op: 'gt', value },
          { kind: 'not', operand: { kind: 'compare', field: 'code', op: 'le', value } },
          { kind: 'match', op: 'contains', field: 'name', value },
          { kind: 'match', op: 'startswith', field: 'code', value },
          { kind: 'not', operand: { kind: 'match', op: 'endswith', field: 'name', value } },
        ],
      } satisfies Filter,
      groupBy: ['day'],
      aggregationLevel: 'week',
      orderBy: [{ field: 'subscriptions', direction: 'desc' }],
    }) as const;

  test.each(dialectNames)('%s: the new literals and the contains argument are bound, never written', (dialect) => {
    const options = { schema: language, dialect };
    const baseline = toSql(languageQuery('plain'), options);
    for (const injection of injections) {
      const statement = toSql(languageQuery(injection), options);
      expect(statement.text).toBe(baseline.text);
      expect(statement.values).toContain(injection);
      if (injection.length > 3) expect(statement.text).not.toContain(injection);
    }
  });

  test.each(dialectNames)('%s: the text is the same whatever the values; long values never appear in it', (dialect) => {
    const options = { schema: open, dialect };
    const baseline = toSql(query('plain'), options);
    for (const injection of injections) {
      const statement = toSql(query(injection), options);
      expect(statement.text).toBe(baseline.text);
      expect(statement.values).toContain(injection);
      if (injection.length > 3) expect(statement.text).not.toContain(injection);
      const insert = toInsert([{ name: injection, code: injection }], options);
      expect(insert.text).toBe(toInsert([{ name: 'plain', code: 'plain' }], options).text);
      expect(insert.values).toContain(injection);
    }
  });
});

describe('dialects differ only where their objects say', () => {
  // A dialect whose every text answer is a token that remembers the question. Compiling with it gives the
  // skeleton of the SQL; answering the questions with another dialect must give that dialect's SQL exactly,
  // so everything that differs between dialects comes from a dialect method, never from the compiler.
  const textMethods = [
    'placeholder',
    'quoteIdentifier',
    'exactText',
    'foldCase',
    'comparedText',
    'isDistinctFrom',
    'orderKeys',
    'groupKeys',
    'groupedValue',
    'paging',
    'columnType',
    'descendingOrderKeys',
    'rangeKeys',
    'textMatch',
    'dateBucket',
  ] as const;

  // A list-valued answer stands as one token (the compiler joins it with ', '), except isDistinctFrom: its
  // alternatives are joined with OR, which the skeleton must show, so each alternative is a token of its own.
  function tracing(base: Dialect): { dialect: Dialect; answer: (text: string, target: Dialect) => string } {
    const questions: { method: (typeof textMethods)[number]; args: unknown[]; part: number }[] = [];
    const complete = readDialect(base);
    const traced: Record<string, unknown> = { ...base };
    const ask = (method: (typeof textMethods)[number], args: unknown[], part = 0) => {
      questions.push({ method, args, part });
      return `⟦${questions.length - 1}⟧`;
    };
    for (const method of textMethods) {
      traced[method] = (...args: unknown[]) => {
        if (method === 'isDistinctFrom' || method === 'rangeKeys') {
          const parts = (complete[method] as (...a: unknown[]) => readonly string[])(...args);
          return parts.map((_, part) => ask(method, args, part));
        }
        const token = ask(method, args);
        return method === 'orderKeys' || method === 'groupKeys' || method === 'descendingOrderKeys' ? [token] : token;
      };
    }
    const answer = (text: string, target: Dialect): string =>
      text.replace(/⟦(\d+)⟧/g, (_, index: string) => {
        const question = questions[Number(index)];
        if (question === undefined) throw new Error(`no question ${index}`);
        const args = question.args.map((arg) => (typeof arg === 'string' ? answer(arg, target) : arg));
        const result = (readDialect(target)[question.method] as (...a: unknown[]) => unknown)(...args);
        if (typeof result === 'string') return result;
        const list = result as readonly string[];
        return question.method === 'isDistinctFrom' || question.method === 'rangeKeys'
          ? (list[question.part] ?? '')
          : list.join(', ');
      });
    return { dialect: traced as unknown as Dialect, answer };
  }

  const statements = (dialect: Dialect): string[] => [
    toSql({ filter: everyOperator, groupBy: ['name', 'active'], top: 5, skip: 7 }, { schema: open, dialect }).text,
    toSql({ filter: everyOperator }, { schema: open, dialect }).text,
    toSqlCount({ filter: everyOperator, groupBy: ['code'] }, { schema: open, dialect }).text,
    toSql({ filter: docsFilter, processedDateTime: '2024-01-31' }, { schema: licenseUsage, dialect }).text,
    toSqlWhere(everyOperator, { schema: open, dialect, paramOffset: 2 }).text,
    toCreateTable(open, { dialect }),
    toInsert([{ name: 'a', active: true }], { schema: open, dialect }).text,
    toSql(
      {
        filter: everyNewNode,
        groupBy: ['code', 'day'],
        aggregationLevel: 'week',
        orderBy: [
          { field: 'subscriptions', direction: 'desc' },
          { field: 'day', direction: 'desc' },
        ],
      },
      { schema: language, dialect },
    ).text,
    toSql({ filter: everyNewNode, orderBy: [{ field: 'seats', direction: 'desc' }] }, { schema: language, dialect })
      .text,
    toSqlCount({ groupBy: ['day'], aggregationLevel: 'month' }, { schema: language, dialect }).text,
    toSql({ groupBy: ['day'], aggregationLevel: 'day' }, { schema: language, dialect }).text,
  ];

  test('the skeleton holds nothing a dialect decides: no quote, placeholder, collation or paging keyword', () => {
    const { dialect } = tracing(postgres);
    for (const text of statements(dialect)) {
      expect(text.replace(/⟦\d+⟧/g, '')).not.toMatch(/["`[\]$?@]|COLLATE|LIMIT|OFFSET|FETCH|lower|DISTINCT|text/);
    }
  });

  test.each([
    ['sqlite', sqlite],
    ['mysql', mysql],
  ] as const)('%s is PostgreSQL with its own answers', (_, other) => {
    const { dialect, answer } = tracing(postgres);
    expect(statements(dialect).map((text) => answer(text, other))).toEqual(statements(other));
    expect(statements(dialect).map((text) => answer(text, postgres))).toEqual(statements(postgres));
  });

  test('SQL Server is PostgreSQL with its own answers, once its ne (an OR) is swapped in', () => {
    // Its null-safe ne is an OR, which the compiler must wrap inside an AND: the one place where an
    // answer changes the skeleton around it.
    // Its range keys are two (the UTF-8 bytes, then the length), which the compiler spells out in full.
    const postgresWithMssqlDistinct: Dialect = {
      ...postgres,
      isDistinctFrom: readDialect(mssql).isDistinctFrom,
      rangeKeys: readDialect(mssql).rangeKeys,
    };
    const { dialect, answer } = tracing(postgresWithMssqlDistinct);
    expect(statements(dialect).map((text) => answer(text, mssql))).toEqual(statements(mssql));
    expect(statements(tracing(postgres).dialect)).not.toEqual(statements(dialect));
  });

  test('swapping one answer changes the text only where that answer goes', () => {
    const backticks: Dialect = { ...postgres, quoteIdentifier: readDialect(mysql).quoteIdentifier };
    const query = { filter: docsFilter, groupBy: docsGroupBy };
    const mine = toSql(query, { schema: licenseUsage, dialect: backticks }).text;
    const theirs = toSql(query, { schema: licenseUsage, dialect: postgres }).text;
    expect(mine).toBe(
      theirs.replace(
        /"(workloadCode|channel|licensesActive|licensesQualified|processedDateTime|license_usage)"/g,
        '`$1`',
      ),
    );
  });
});

describe('loading rows', () => {
  test('toCreateTable: one nullable column per field, text for datetimes, per dialect types', () => {
    expect(toCreateTable(open, { dialect: 'postgres' })).toBe(
      [
        'CREATE TABLE "open" (',
        '  "customer_name" text,',
        '  "code" text,',
        '  "orderId" text,',
        '  "seats" double precision,',
        '  "active" boolean,',
        '  "day" text,',
        '  "licenses" double precision',
        ')',
      ].join('\n'),
    );
    expect(toCreateTable(open, { dialect: 'sqlite' })).toContain('"seats" REAL,\n  "active" INTEGER,');
    expect(toCreateTable(open, { dialect: 'mysql' })).toContain(
      '`code` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_bin,',
    );
    expect(toCreateTable(open, { dialect: 'mssql' })).toContain(
      '[code] NVARCHAR(4000) COLLATE Latin1_General_100_BIN2_UTF8,\n  [orderId]',
    );
    expect(toCreateTable(open, { dialect: 'mssql' })).toContain('[seats] FLOAT,\n  [active] BIT,');
  });

  test('toInsert reads rows as every backend does: own properties, wrong types as NULL, datetimes canonical', () => {
    const inherited = Object.create({ name: 'inherited' }) as object;
    const { text, values } = toInsert(
      [
        {
          name: 'a',
          code: 'B',
          orderId: 'not a guid',
          seats: Number.POSITIVE_INFINITY,
          active: 'yes',
          day: new Date(0),
        },
        inherited,
        { seats: 2, active: false, day: '2024-01-31T01:00:00+01:00', licenses: -0 },
      ],
      { schema: open, dialect: 'sqlite' },
    );
    expect(text).toBe(
      [
        'INSERT INTO "open" ("customer_name", "code", "orderId", "seats", "active", "day", "licenses")',
        'VALUES',
        '(?, ?, ?, ?, ?, ?, ?),',
        '(?, ?, ?, ?, ?, ?, ?),',
        '(?, ?, ?, ?, ?, ?, ?)',
      ].join('\n'),
    );
    expect(values).toEqual([
      ...['a', 'B', null, null, null, '1970-01-01T00:00:00.000Z', null],
      ...[null, null, null, null, null, null, null],
      ...[null, null, null, 2, 0, '2024-01-31T00:00:00.000Z', -0],
    ]);
  });

  test('toInsert takes any iterable of rows', () => {
    function* rows() {
      yield { name: 'a' };
      yield { name: 'b' };
    }
    expect(toInsert(rows(), { schema: open, dialect: 'postgres' }).values.filter((value) => value !== null)).toEqual([
      'a',
      'b',
    ]);
  });

  test('toInserts splits at the engine limits: SQL Server takes 2100 parameters and 1000 rows', () => {
    const rows = Array.from({ length: 1000 }, (_, index) => ({ seats: index }));
    const pieces = toInserts(rows, { schema: open, dialect: 'mssql' });
    // 7 columns: 300 rows use 2100 parameters.
    expect(pieces.map((piece) => piece.values.length / 7)).toEqual([300, 300, 300, 100]);
    expect(pieces[3]?.text).toContain('(@p694, @p695, @p696, @p697, @p698, @p699, @p700)');
    expect(pieces.flatMap((piece) => piece.values).filter((value) => value !== null)).toEqual(
      rows.map((row) => row.seats),
    );
    const narrow = defineSchema({ table: 't', fields: { n: { type: 'number' } } });
    expect(
      toInserts(
        rows.concat(rows).map((row) => ({ n: row.seats })),
        { schema: narrow, dialect: 'mssql' },
      ).map((piece) => piece.values.length),
    ).toEqual([1000, 1000]);
    expect(toInserts([], { schema: open, dialect: 'mssql' })).toEqual([]);
  });

  test('toInsert refuses more than one statement holds, and says to use toInserts', () => {
    const rows = Array.from({ length: 301 }, () => ({}));
    const error = expectError(() => toInsert(rows, { schema: open, dialect: 'mssql' }), 'LIMIT_EXCEEDED', 'rows');
    expect(error.message).toContain('toInserts');
    expect(toInsert(rows.slice(1), { schema: open, dialect: 'mssql' }).values).toHaveLength(2100);
  });

  test('U+0000 is refused for postgres and duckdb only; an unpaired surrogate for every dialect', () => {
    const nul = expectError(
      () => toInsert([{ name: 'ok' }, { code: 'a\u0000b' }], { schema: open, dialect: 'postgres' }),
      'INVALID_LITERAL',
      'rows',
    );
    expect(nul.message).toContain('rows[1].code');
    expect(nul.message).toContain('U+0000');
    expectError(() => toInsert([{ code: 'a\u0000b' }], { schema: open, dialect: 'duckdb' }), 'INVALID_LITERAL', 'rows');
    for (const dialect of ['sqlite', 'mysql', 'mssql', 'clickhouse'] as const) {
      expect(toInsert([{ code: 'a\u0000b' }], { schema: open, dialect }).values).toContain('a\u0000b');
    }
    for (const dialect of dialectNames) {
      const error = expectError(() => toInsert([{ name: 'a\uD800' }], { schema: open, dialect }), 'INVALID_LITERAL');
      expect(error.message).toContain('surrogate');
    }
    // A surrogate pair is a character like any other.
    expect(toInsert([{ name: '😀' }], { schema: open, dialect: 'postgres' }).values).toContain('😀');
  });

  test('bad rows are INVALID_PARAMETER', () => {
    const options = { schema: open, dialect: 'sqlite' } as const;
    expectError(() => toInsert([], options), 'INVALID_PARAMETER', 'rows');
    expectError(() => toInsert(null as unknown as object[], options), 'INVALID_PARAMETER', 'rows');
    expectError(() => toInsert('rows' as unknown as object[], options), 'INVALID_PARAMETER', 'rows');
    const error = expectError(() => toInsert([{}, null as unknown as object], options), 'INVALID_PARAMETER', 'rows');
    expect(error.message).toContain('rows[1]');
  });
});

describe('bad input is a FilterError', () => {
  const options = { schema: licenseUsage, dialect: 'postgres' } as const;

  test('an unknown dialect names the five', () => {
    const error = expectError(
      () => toSql({}, { schema: licenseUsage, dialect: 'oracle' as DialectName }),
      'INVALID_PARAMETER',
      'dialect',
    );
    expect(error.message).toBe(
      "Unknown SQL dialect 'oracle'; the dialects are 'postgres', 'sqlite', 'mysql', 'mssql', 'mariadb', 'duckdb', 'clickhouse', or a Dialect object",
    );
    expectError(() => toCreateTable(licenseUsage, {} as { dialect: DialectName }), 'INVALID_PARAMETER', 'dialect');
    expectError(() => toSql({}, { schema: licenseUsage, dialect: 42 as never }), 'INVALID_PARAMETER', 'dialect');
  });

  test('a missing schema or options', () => {
    expectError(() => toSql({}, { dialect: 'sqlite' } as never), 'INVALID_SCHEMA');
    expectError(() => toSqlWhere(docsFilter, undefined as never), 'INVALID_PARAMETER');
    expectError(() => toCreateTable({} as never, { dialect: 'sqlite' }), 'INVALID_SCHEMA');
    expectError(() => toInsert([{}], { schema: null, dialect: 'sqlite' } as never), 'INVALID_SCHEMA');
  });

  test.each([
    [{ top: 0 }, 'top'],
    [{ top: 10_001 }, 'top'],
    [{ top: 1.5 }, 'top'],
    [{ top: '10' }, 'top'],
    [{ skip: -1 }, 'skip'],
    [{ skip: 2 ** 31 }, 'skip'],
    [{ processedDateTime: 'yesterday' }, 'processedDateTime'],
    [{ processedDateTime: '2024-02-30' }, 'processedDateTime'],
    [{ groupBy: 'workloadCode' }, 'groupby'],
  ])('query %o is INVALID_PARAMETER (%s)', (query, param) => {
    expectError(() => toSql(query as never, options), 'INVALID_PARAMETER', param);
    expectError(() => toSqlCount(query as never, options), 'INVALID_PARAMETER', param);
  });

  test('a query that is not an object', () => {
    expectError(() => toSql(null as never, options), 'INVALID_PARAMETER');
  });

  test('processedDateTime on a schema without a snapshot field', () => {
    const error = expectError(
      () => toSql({ processedDateTime: '2024-01-31' }, { schema: open, dialect: 'sqlite' }),
      'INVALID_PARAMETER',
      'processedDateTime',
    );
    expect(error.message).toContain('no processedDateTime field');
  });

  test('groupBy fields are checked', () => {
    expectError(() => toSql({ groupBy: ['workloadcode'] }, options), 'UNKNOWN_FIELD');
    expectError(() => toSql({ groupBy: ['licensesActive'] }, options), 'FIELD_NOT_GROUPABLE');
    expectError(() => toSql({ groupBy: ['processedDateTime'] }, options), 'FIELD_NOT_GROUPABLE');
    expectError(() => toSql({ groupBy: ['channel', 'channel'] }, options), 'DUPLICATE_FIELD');
  });

  test('filters are checked against the schema and its profile', () => {
    const compare = (field: string, value: Value): Filter => ({
      kind: 'compare',
      field,
      op: 'eq',
      value,
    });
    expectError(() => toSqlWhere(compare('workloadcode', 'x'), options), 'UNKNOWN_FIELD');
    expectError(() => toSqlWhere(compare('licensesActive', 1), options), 'FIELD_NOT_FILTERABLE');
    expectError(() => toSqlWhere(compare('customerTenantId', 'abc'), options), 'INVALID_LITERAL');
    expectError(() => toSqlWhere({ kind: 'not', operand: compare('channel', 'x') }, options), 'OPERATOR_NOT_ALLOWED');
    expectError(() => toSql({ filter: compare('channel', null) }, options), 'OPERATOR_NOT_ALLOWED');
    expectError(() => toSqlWhere({ kind: 'xor' } as unknown as Filter, options), 'INVALID_PARAMETER');
    expectError(() => toSqlWhere(compare('channel', 'a\uDC00'), options), 'INVALID_LITERAL');
  });

  test('postgres refuses U+0000 in a literal; the others bind it', () => {
    const filter = filterOf("name eq 'a\u0000b'");
    const error = expectError(
      () => toSqlWhere(filter, { schema: open, dialect: 'postgres' }),
      'INVALID_LITERAL',
      'filter',
    );
    expect(error.message).toContain('U+0000');
    expect(toSqlWhere(filter, { schema: open, dialect: 'mssql' }).values).toEqual(['a\u0000b']);
  });

  test.each([-1, 1.5, '2', Number.NaN])('paramOffset %s', (paramOffset) => {
    expectError(
      () => toSqlWhere(docsFilter, { ...options, paramOffset: paramOffset as number }),
      'INVALID_PARAMETER',
      'paramOffset',
    );
  });

  test('more parameters than the engine takes is LIMIT_EXCEEDED', () => {
    const values = Array.from({ length: 2101 }, (_, index) => index);
    const filter: Filter = { kind: 'in', field: 'seats', values };
    expectError(() => toSqlWhere(filter, { schema: open, dialect: 'mssql' }), 'LIMIT_EXCEEDED');
    expect(toSqlWhere(filter, { schema: open, dialect: 'postgres' }).values).toHaveLength(2101);
    expectError(
      () =>
        toSqlWhere(
          { kind: 'in', field: 'seats', values: values.slice(0, 2000) },
          { schema: open, dialect: 'mssql', paramOffset: 101 },
        ),
      'LIMIT_EXCEEDED',
    );
  });
});

describe('identifier limits: a name the engine would cut short is INVALID_SCHEMA, never a lost column', () => {
  const fieldNamed = (name: string) => defineSchema({ table: 't', fields: { [name]: { type: 'string' } } });
  const columnNamed = (column: string) => defineSchema({ table: 't', fields: { f: { type: 'string', column } } });
  const tableNamed = (table: string) => defineSchema({ table, fields: { f: { type: 'string' } } });
  const everyBuilder = (schema: Schema, dialect: DialectName): (() => unknown)[] => [
    () => toSql({}, { schema, dialect }),
    () => toSql({ groupBy: [Object.keys(schema.fields)[0]!] }, { schema, dialect }),
    () => toSqlCount({}, { schema, dialect }),
    () =>
      toSqlWhere({ kind: 'compare', field: Object.keys(schema.fields)[0]!, op: 'eq', value: 'x' }, { schema, dialect }),
    () => toCreateTable(schema, { dialect }),
    () => toInsert([{}], { schema, dialect }),
  ];
  const accepted = (schema: Schema, dialect: DialectName) => {
    for (const build of everyBuilder(schema, dialect)) build();
  };
  const refused = (schema: Schema, dialect: DialectName, ...parts: string[]) => {
    for (const build of everyBuilder(schema, dialect)) {
      const error = expectError(build, 'INVALID_SCHEMA');
      for (const part of parts) expect(error.message).toContain(part);
    }
  };

  test('postgres counts UTF-8 bytes: 63 pass, 64 are refused, for field names (aliases), columns and the table', () => {
    accepted(fieldNamed('f'.repeat(63)), 'postgres');
    refused(fieldNamed('f'.repeat(64)), 'postgres', `Field '${'f'.repeat(40)}`, 'PostgreSQL', '64 bytes', '63');
    // 'é' is two bytes in UTF-8: 31 of them and one 'a' are 63 bytes, 32 of them are 64 (in 32 characters).
    accepted(columnNamed(`${'é'.repeat(31)}a`), 'postgres');
    refused(columnNamed('é'.repeat(32)), 'postgres', "Field 'f'", 'column', 'PostgreSQL', '64 bytes');
    accepted(tableNamed(`${'é'.repeat(31)}a`), 'postgres');
    refused(tableNamed('é'.repeat(32)), 'postgres', 'table', 'PostgreSQL', '64 bytes');
  });

  test('mysql counts characters: 64 for columns and tables, 256 for aliases', () => {
    accepted(columnNamed('é'.repeat(64)), 'mysql');
    refused(columnNamed('é'.repeat(65)), 'mysql', "Field 'f'", 'MySQL', '65 characters', '64');
    accepted(tableNamed('é'.repeat(64)), 'mysql');
    refused(tableNamed('é'.repeat(65)), 'mysql', 'table', 'MySQL', '65 characters');
    // A field name is its column too, unless `column` says otherwise; the alias alone may be 256 long.
    accepted(defineSchema({ table: 't', fields: { ['f'.repeat(256)]: { type: 'string', column: 'c' } } }), 'mysql');
    refused(
      defineSchema({ table: 't', fields: { ['f'.repeat(257)]: { type: 'string', column: 'c' } } }),
      'mysql',
      'MySQL',
      '257 characters',
      '256',
    );
    refused(fieldNamed('f'.repeat(65)), 'mysql', 'column', '65 characters');
  });

  test('mssql counts UTF-16 code units (sysname): 128 pass, 129 are refused; a character beyond the BMP counts twice', () => {
    accepted(fieldNamed('f'.repeat(128)), 'mssql');
    refused(fieldNamed('f'.repeat(129)), 'mssql', 'SQL Server', '129', '128');
    accepted(columnNamed('😀'.repeat(64)), 'mssql');
    refused(columnNamed(`${'😀'.repeat(64)}a`), 'mssql', 'SQL Server', '129');
    accepted(tableNamed('t'.repeat(128)), 'mssql');
    refused(tableNamed('t'.repeat(129)), 'mssql', 'table', 'SQL Server');
  });

  test('sqlite has no limit', () => {
    accepted(fieldNamed('f'.repeat(5000)), 'sqlite');
    accepted(columnNamed('é'.repeat(5000)), 'sqlite');
    accepted(tableNamed('t'.repeat(5000)), 'sqlite');
  });

  test('a name with an unpaired surrogate is refused in every dialect: as UTF-8 it would become U+FFFD', () => {
    for (const dialect of dialectNames) {
      refused(columnNamed('a\uD800b'), dialect, "Field 'f'", 'unpaired UTF-16 surrogate');
      refused(tableNamed('t\uDC00'), dialect, 'table', 'unpaired UTF-16 surrogate');
    }
    accepted(columnNamed('😀'), 'sqlite');
  });
});

describe('dialect objects: a built-in one, one spread from it, one of your own', () => {
  const rows = [{ name: 'a', code: 'B', active: true }, { seats: 2 }, { day: '2024-01-31' }];

  test('dialectNames lists the built-in dialects, the keys of dialects', () => {
    expect(dialectNames).toEqual(['postgres', 'sqlite', 'mysql', 'mssql', 'mariadb', 'duckdb', 'clickhouse']);
    expect(Object.keys(dialects)).toEqual(dialectNames);
  });

  test.each(dialectNames)('every public function takes dialects.%s and gives what its name gives', (name) => {
    const byName = { schema: open, dialect: name };
    const byObject = { schema: open, dialect: dialects[name] };
    const query = { filter: everyOperator, groupBy: ['name'], top: 5, skip: 1 };
    expect(toSql(query, byObject)).toEqual(toSql(query, byName));
    expect(toSqlCount(query, byObject)).toEqual(toSqlCount(query, byName));
    expect(toSqlWhere(everyOperator, { ...byObject, paramOffset: 2 })).toEqual(
      toSqlWhere(everyOperator, { ...byName, paramOffset: 2 }),
    );
    expect(toCreateTable(open, byObject)).toBe(toCreateTable(open, byName));
    expect(toInsert(rows, byObject)).toEqual(toInsert(rows, byName));
    expect(toInserts(rows, byObject)).toEqual(toInserts(rows, byName));
  });

  test('the built-in dialects cannot be changed in place: spread one instead', () => {
    expect(Object.isFrozen(dialects)).toBe(true);
    for (const name of dialectNames) expect(Object.isFrozen(dialects[name])).toBe(true);
  });

  test('a dialect spread from a built-in one with one override differs only there', () => {
    const colons: Dialect = { ...postgres, placeholder: (index) => `:${index}` };
    const filter = filterOf("name eq 'a' and seats in (1, 2)");
    expect(toSqlWhere(filter, { schema: open, dialect: colons, paramOffset: 1 })).toEqual({
      text: '"customer_name" = :2 AND "seats" IN (:3, :4)',
      values: ['a', 1, 2],
    });
    const query = { filter, groupBy: ['code'] };
    expect(toSql(query, { schema: open, dialect: colons }).text).toBe(
      toSql(query, { schema: open, dialect: 'postgres' }).text.replaceAll(/\$(\d)/g, ':$1'),
    );
  });

  test('a dialect of only the required members takes standard SQL for the rest', () => {
    const minimal: Dialect = {
      engine: 'Minimal SQL',
      placeholder: (index) => `$${index}`,
      foldCase: (column) => `LOWER(${column})`,
      orderKeys: (column) => [`${column} NULLS FIRST`],
      columnType: (type) => (type === 'number' ? 'DOUBLE' : type === 'boolean' ? 'BOOLEAN' : 'VARCHAR'),
      maxParameters: 100,
    };
    const options = { schema: open, dialect: minimal };
    expect(toSqlWhere(filterOf("name ne 'a\"' and code eq 'B' and active eq true"), options)).toEqual({
      text: '"customer_name" IS DISTINCT FROM $1 AND LOWER("code") = $2 AND "active" = $3',
      values: ['a"', 'b', true],
    });
    expect(toSql({ groupBy: ['name'], top: 5, skip: 1 }, options).text).toBe(
      [
        'SELECT "customer_name" AS "name", COALESCE(SUM("licenses"), 0) AS "licenses"',
        'FROM "open"',
        'GROUP BY "customer_name"',
        'ORDER BY "customer_name" NULLS FIRST',
        'LIMIT 5 OFFSET 1',
      ].join('\n'),
    );
    expect(toCreateTable(open, { dialect: minimal })).toContain('"customer_name" VARCHAR,\n  "code" VARCHAR');
    // No refusal of U+0000, no limit on names or on rows per INSERT beyond the parameters.
    expect(toInsert([{ name: 'a\u0000' }], options).values).toContain('a\u0000');
    const longNames = defineSchema({ table: 't'.repeat(500), fields: { ['f'.repeat(500)]: { type: 'number' } } });
    expect(toSql({}, { schema: longNames, dialect: minimal }).text).toContain(`FROM "${'t'.repeat(500)}"`);
    expect(
      toInserts(
        Array.from({ length: 30 }, () => ({})),
        options,
      ).map((piece) => piece.values.length),
    ).toEqual([98, 98, 14]);
  });

  test("a dialect's limits and refusals apply to it, named by its engine", () => {
    const strict: Dialect = {
      ...sqlite,
      engine: 'Strict SQL',
      maxParameters: 21,
      maxRowsPerInsert: 2,
      acceptsNul: false,
      identifierLimit: { names: 13, aliases: 8, unit: 'letters', length: (name) => name.length },
    };
    const options = { schema: open, dialect: strict };
    expect(toInserts([{}, {}, {}, {}, {}], options).map((piece) => piece.values.length / 7)).toEqual([2, 2, 1]);
    const many: Filter = { kind: 'in', field: 'seats', values: Array.from({ length: 22 }, (_, index) => index) };
    expect(expectError(() => toSqlWhere(many, options), 'LIMIT_EXCEEDED').message).toContain(
      'Strict SQL takes at most 21',
    );
    expect(expectError(() => toSqlWhere(filterOf("name eq 'a\u0000'"), options), 'INVALID_LITERAL').message).toContain(
      'Strict SQL text cannot store',
    );
    const long = defineSchema({ table: 't', fields: { seats: { type: 'number', column: 'licensesActive' } } });
    const error = expectError(() => toSql({}, { schema: long, dialect: strict }), 'INVALID_SCHEMA');
    expect(error.message).toContain(
      "its column 'licensesActive' is 14 letters long, more than the 13 letters Strict SQL allows in a name",
    );
    expect(toSql({}, { schema: long, dialect: { ...strict, identifierLimit: undefined } }).text).toContain(
      '"licensesActive"',
    );
  });

  test.each([
    [{ ...postgres, engine: '' }, 'engine'],
    [{ ...postgres, engine: undefined }, 'engine'],
    [{ ...postgres, placeholder: '$' }, 'placeholder'],
    [{ ...postgres, foldCase: undefined }, 'foldCase'],
    [{ ...postgres, orderKeys: null }, 'orderKeys'],
    [{ ...postgres, columnType: 'text' }, 'columnType'],
    [{ ...postgres, paging: 'LIMIT' }, 'paging'],
    [{ ...postgres, bindValue: 1 }, 'bindValue'],
    [{ ...postgres, maxParameters: 0 }, 'maxParameters'],
    [{ ...postgres, maxParameters: 1.5 }, 'maxParameters'],
    [{ ...postgres, maxParameters: '100' }, 'maxParameters'],
    [{ ...postgres, maxParameters: Number.NaN }, 'maxParameters'],
    [{ ...postgres, maxRowsPerInsert: -1 }, 'maxRowsPerInsert'],
    [{ ...postgres, acceptsNul: 'no' }, 'acceptsNul'],
    [{ ...postgres, identifierLimit: 63 }, 'identifierLimit'],
    [{ ...postgres, identifierLimit: { names: 63, aliases: 63, unit: 'bytes' } }, 'identifierLimit'],
    [{ ...postgres, identifierLimit: { names: 0, aliases: 63, unit: 'bytes', length: () => 1 } }, 'identifierLimit'],
    [{}, 'engine'],
    [[], 'engine'],
  ])(
    'a dialect object with a missing or mistyped member is INVALID_PARAMETER naming it (%#: %s)',
    (dialect, member) => {
      for (const build of [
        () => toSql({}, { schema: open, dialect: dialect as Dialect }),
        () => toCreateTable(open, { dialect: dialect as Dialect }),
      ]) {
        const error = expectError(build, 'INVALID_PARAMETER', 'dialect');
        expect(error.message).toContain(`dialect's ${member} must be`);
      }
    },
  );

  test('the types ask for the required members and the built-in names, as the checks do', () => {
    // @ts-expect-error a dialect object needs placeholder, foldCase, orderKeys, columnType and maxParameters
    const error = expectError(() => toSql({}, { schema: open, dialect: { engine: 'X' } }), 'INVALID_PARAMETER');
    expect(error.message).toBe("The dialect's placeholder must be a function; got undefined");
    // @ts-expect-error 'oracle' is not a built-in dialect
    expectError(() => toSql({}, { schema: open, dialect: 'oracle' }), 'INVALID_PARAMETER', 'dialect');
  });

  test('a dialect may be an instance of a class: its methods keep their `this`', () => {
    class NamedParameters implements Dialect {
      readonly engine = 'Named SQL';
      readonly maxParameters = 100;
      constructor(private readonly prefix: string) {}
      placeholder(index: number): string {
        return `${this.prefix}${index}`;
      }
      foldCase(column: string): string {
        return `lower(${column})`;
      }
      orderKeys(column: string): string[] {
        return [column];
      }
      columnType(): string {
        return 'TEXT';
      }
    }
    expect(toSqlWhere(filterOf('seats eq 1'), { schema: open, dialect: new NamedParameters(':p') }).text).toBe(
      '"seats" = :p1',
    );
  });

  test('a dialect whose optional members are undefined takes the defaults', () => {
    const sparse = { ...mssql, quoteIdentifier: undefined, paging: undefined } as unknown as Dialect;
    const { text } = toSql({ top: 3 }, { schema: open, dialect: sparse });
    expect(text).toContain('\nFROM "open"\n');
    expect(text).toMatch(/\nLIMIT 3 OFFSET 0$/);
  });
});
