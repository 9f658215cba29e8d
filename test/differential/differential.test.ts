// Differential properties (issue 3, "proven to agree"): for any rows and any valid query, toPredicate in every
// mode, runQuery, and toSql run on PostgreSQL (PGlite), SQLite (sql.js), MariaDB (a server the suite starts), DuckDB
// and ClickHouse (chdb, fetched on first use) give the same rows in the same order. MySQL 8 and SQL Server have no
// server here: their SQL is golden-tested text only (test/golden/sql).
// FILTERBY_DEEP=1 runs fifty times as many cases; FILTERBY_SEED (and FILTERBY_PATH) replay a reported failure.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filter, MatchOperator, RangeOperator } from '../../src/ast.js';
import { runQuery } from '../../src/engine.js';
import { FilterError } from '../../src/errors.js';
import { toPredicate } from '../../src/predicate.js';
import { partnerCenter } from '../../src/presets/partner-center.js';
import type { Schema } from '../../src/schema.js';
import {
  dialects as sqlDialects,
  toCreateTable,
  toInsert,
  toSql,
  toSqlCount,
  toSqlWhere,
} from '../../src/sql/compile.js';
import {
  type Case,
  caseArb,
  diffSchema,
  filterArb,
  hostileSchema,
  languageCaseArb,
  languageSchema,
  licenseUsageSchema,
  localStringsArb,
  noSnapshotSchema,
  nulTextArb,
  type Pools,
  poolOf,
  rowsArb,
  sqlTextArb,
  stringPool,
} from './arbitraries.js';
import { clickhouseVersion, startClickhouse } from './engines/clickhouse.js';
import { startDuckdb } from './engines/duckdb.js';
import { type MariaDbEngine, startMariaDbOrSkip } from './engines/mariadb.js';
import { countTableRows, dialects, type Engine, quoteIdentifier, startPostgres, startSqlite } from './engines.js';
import { checkCase, checkSqlText, loadRows } from './harness.js';

const isDeep = process.env.FILTERBY_DEEP === '1';
const scale = isDeep ? 50 : 1;
const timeout = isDeep ? 8 * 60 * 60_000 : 240_000;
const replay = {
  ...(process.env.FILTERBY_SEED !== undefined && { seed: Number(process.env.FILTERBY_SEED) }),
  ...(process.env.FILTERBY_PATH !== undefined && { path: process.env.FILTERBY_PATH }),
};
const runs = (numRuns: number): fc.Parameters<unknown> => ({ numRuns: numRuns * scale, ...replay });

const mainPools: Pools = poolOf(stringPool);
// Cases name their schema, so that a counterexample prints a word rather than the whole schema object.
const schemaNamed = {
  diff: diffSchema,
  licenseUsage: licenseUsageSchema,
  hostile: hostileSchema,
  noSnapshot: noSnapshotSchema,
  language: languageSchema,
} as const;
type SchemaName = keyof typeof schemaNamed;
// Every Partner Center preset, by name: each with the language its profile takes.
const presetNamed: Readonly<Record<string, Schema>> = partnerCenter;
const schemas: readonly Schema[] = [...new Set([...Object.values(schemaNamed), ...Object.values(presetNamed)])];
const named = (name: SchemaName, cases: fc.Arbitrary<Case>) => cases.map((testCase) => ({ name, testCase }));

let postgres: Engine;
let sqlite: Engine;
let mariadb: MariaDbEngine | undefined;
let duckdb: Engine;
// ClickHouse is fetched on first use (scripts/fetch-engines.mjs): where it cannot be, the suite says so and runs
// without it, except under CI, where its absence fails the run. (MariaDB likewise: see engines/mariadb.ts.)
const clickhouse = await startClickhouse();
const clickhouseMissing = 'problem' in clickhouse ? clickhouse.problem : undefined;
const isCi = process.env.CI === 'true';
if (clickhouseMissing !== undefined) {
  console.warn(`differential suite: ClickHouse (${clickhouseVersion}) did not run: ${clickhouseMissing}`);
}
/** Every engine that runs here, in the order failures name them. */
const engines: Engine[] = [];
/** The row stores, which take the main properties; the column stores load rows slowly and have their own. */
const rowEngines = () => engines.filter((engine) => engine.dialect !== 'duckdb' && engine.dialect !== 'clickhouse');
const columnEngines = () => engines.filter((engine) => engine.dialect === 'duckdb' || engine.dialect === 'clickhouse');

describe('the engines', () => {
  // Shown among the skipped tests, its reason in its name.
  if (clickhouseMissing !== undefined && !isCi) it.skip(`ClickHouse (${clickhouseVersion}): ${clickhouseMissing}`);
  it.runIf(clickhouseMissing !== undefined && isCi)(`ClickHouse (${clickhouseVersion}) must run under CI`, () => {
    expect.fail(`ClickHouse did not run: ${clickhouseMissing}`);
  });
});

beforeAll(async () => {
  // The suite's own SQL quotes names as PostgreSQL does: MariaDB reads it so under ANSI_QUOTES.
  [postgres, sqlite, mariadb, duckdb] = await Promise.all([
    startPostgres(),
    startSqlite(),
    startMariaDbOrSkip({ ansiQuotes: true }),
    startDuckdb(),
  ]);
  engines.push(postgres, sqlite, ...(mariadb === undefined ? [] : [mariadb]), duckdb);
  if (!('problem' in clickhouse)) engines.push(clickhouse);
  console.info(
    `Differential engines: PGlite, sql.js${mariadb === undefined ? '' : `, MariaDB ${mariadb.version}`}, DuckDB${'problem' in clickhouse ? '' : `, ClickHouse (${clickhouseVersion})`}; MySQL 8 and SQL Server: golden SQL text only`,
  );
  for (const engine of engines) {
    for (const schema of schemas) {
      await engine.exec(`DROP TABLE IF EXISTS ${quoteIdentifier(schema.table)}`);
      await engine.exec(toCreateTable(schema, { dialect: engine.dialect }));
    }
  }
}, 300_000);

// Closing PGlite after a deep run (100,000 loads) takes longer than vitest's default 10 s hook timeout.
afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
}, 300_000);

/** Loads the case's rows into both engines and checks every backend against the others. */
async function agreeOn(schema: Schema, engines: readonly Engine[], testCase: Case): Promise<void> {
  for (const engine of engines) await loadRows(engine, schema, testCase.rows);
  await checkCase(schema, engines, testCase);
}

describe('every backend returns the same rows in the same order', () => {
  it(
    'on a schema with every field type and every extension',
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArb(diffSchema, localStringsArb), (testCase) =>
          agreeOn(diffSchema, rowEngines(), testCase),
        ),
        runs(1_500),
      );
    },
    timeout,
  );

  it(
    "on Partner Center's license usage schema",
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArb(licenseUsageSchema, localStringsArb), (testCase) =>
          agreeOn(licenseUsageSchema, rowEngines(), testCase),
        ),
        runs(500),
      );
    },
    timeout,
  );

  it(
    'on a schema without a snapshot field, where every row is read',
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArb(noSnapshotSchema, localStringsArb), (testCase) =>
          agreeOn(noSnapshotSchema, rowEngines(), testCase),
        ),
        runs(300),
      );
    },
    timeout,
  );

  // Issue 12: gt/ge/lt/le, contains/startswith/endswith, cast literals, orderBy, aggregationLevel, count measures.
  it(
    'on a schema with the whole Partner Center language: ranges, substring tests, orderBy, buckets, counts',
    async () => {
      await fc.assert(
        fc.asyncProperty(languageCaseArb(languageSchema, localStringsArb), (testCase) =>
          agreeOn(languageSchema, rowEngines(), testCase),
        ),
        runs(1_000),
      );
    },
    timeout,
  );

  it(
    'on every Partner Center preset, in the language its profile takes',
    async () => {
      const presetCaseArb = fc.oneof(
        ...Object.entries(presetNamed).map(([name, schema]) =>
          languageCaseArb(schema, localStringsArb).map((testCase) => ({ name, testCase })),
        ),
      );
      await fc.assert(
        fc.asyncProperty(presetCaseArb, ({ name, testCase }) => agreeOn(presetNamed[name]!, rowEngines(), testCase)),
        runs(500),
      );
    },
    timeout,
  );

  // Issue 15: the column stores, on cases of every schema above in their proportions, each case on both. Their own
  // property, as loading rows costs them several times what it costs PGlite and sql.js (ClickHouse reads every
  // parameter of an INSERT through its expression parser).
  it(
    'on DuckDB and ClickHouse, on every schema above',
    async () => {
      const columnCaseArb = fc.oneof(
        { arbitrary: named('diff', caseArb(diffSchema, localStringsArb)), weight: 15 },
        { arbitrary: named('licenseUsage', caseArb(licenseUsageSchema, localStringsArb)), weight: 5 },
        { arbitrary: named('noSnapshot', caseArb(noSnapshotSchema, localStringsArb)), weight: 3 },
        { arbitrary: named('language', languageCaseArb(languageSchema, localStringsArb)), weight: 10 },
        {
          arbitrary: fc.oneof(
            ...Object.entries(presetNamed).map(([name, schema]) =>
              languageCaseArb(schema, localStringsArb).map((testCase) => ({ name, testCase })),
            ),
          ),
          weight: 5,
        },
      );
      await fc.assert(
        fc.asyncProperty(columnCaseArb, ({ name, testCase }) =>
          agreeOn(schemaNamed[name as SchemaName] ?? presetNamed[name]!, columnEngines(), testCase),
        ),
        runs(2_000),
      );
    },
    // Loading rows is slow on ClickHouse (about 0.1 s a case on a shared 2-core machine).
    isDeep ? timeout : 900_000,
  );

  it('a query that names a snapshot of a schema without one is INVALID_PARAMETER everywhere', () => {
    const query = { top: 5, skip: 0, processedDateTime: '2024-03-01' };
    const attempts: [string, () => unknown][] = [
      ['runQuery', () => runQuery([{ code: 'a' }], query, { schema: noSnapshotSchema })],
      ...dialects.flatMap((dialect): [string, () => unknown][] => [
        [`toSql ${dialect}`, () => toSql(query, { schema: noSnapshotSchema, dialect })],
        [`toSqlCount ${dialect}`, () => toSqlCount(query, { schema: noSnapshotSchema, dialect })],
      ]),
    ];
    for (const [name, attempt] of attempts) {
      expect(attempt, name).toThrow(FilterError);
      try {
        attempt();
      } catch (error) {
        expect((error as FilterError).code, name).toBe('INVALID_PARAMETER');
      }
    }
  });
});

describe('SQL injection', () => {
  // Each case draws its strings from a few glued SQL fragments, so that rows and literals share them and match.
  const injectionCaseArb = (schema: Schema) =>
    caseArb(schema, fc.uniqueArray(sqlTextArb, { minLength: 2, maxLength: 6 }));
  // Range literals, cast datetimes and substring arguments made of SQL (every pattern character among them).
  const languageInjectionCaseArb = (schema: Schema) =>
    languageCaseArb(schema, fc.uniqueArray(sqlTextArb, { minLength: 2, maxLength: 6 }));

  it(
    'values made of SQL are matched as plain strings on every engine, and every table survives',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            named('hostile', injectionCaseArb(hostileSchema)),
            named('diff', injectionCaseArb(diffSchema)),
            named('language', languageInjectionCaseArb(languageSchema)),
            named('hostile', languageInjectionCaseArb(hostileSchema)),
          ),
          async ({ name, testCase }) => {
            const schema = schemaNamed[name];
            await agreeOn(schema, engines, testCase);
            for (const engine of engines) {
              expect(await countTableRows(engine, schema)).toBe(testCase.rows.length);
              for (const other of schemas) await countTableRows(engine, other);
            }
          },
        ),
        runs(300),
      );
    },
    timeout,
  );

  it('no value ever appears in the SQL text of any dialect, and every value is a placeholder', () => {
    const textCaseArb = fc.oneof(
      named('diff', caseArb(diffSchema, localStringsArb)),
      named('licenseUsage', caseArb(licenseUsageSchema, localStringsArb)),
      named('noSnapshot', caseArb(noSnapshotSchema, localStringsArb)),
      named('hostile', injectionCaseArb(hostileSchema)),
      named('diff', injectionCaseArb(diffSchema)),
      named('language', languageCaseArb(languageSchema, localStringsArb)),
      named('language', languageInjectionCaseArb(languageSchema)),
      named('hostile', languageInjectionCaseArb(hostileSchema)),
    );
    fc.assert(
      fc.property(textCaseArb, ({ name, testCase }) => checkSqlText(schemaNamed[name], testCase)),
      runs(500),
    );
  });
});

describe('U+0000', () => {
  const nulStrings = ['a', 'Reseller', "'", 'a\u0000', '\u0000', 'a\u0000b', 'A\u0000B', '\u0000😀'];
  const stringFields = ['name', 'channel'] as const;
  // A filter with a literal holding U+0000 somewhere inside it.
  const nulFilterArb: fc.Arbitrary<Filter> = fc
    .tuple(
      fc.option(filterArb(diffSchema, mainPools, 3), { nil: undefined }),
      fc.constantFrom(...stringFields),
      nulTextArb,
      fc.constantFrom('eq', 'ne', 'in', 'not'),
      fc.constantFrom('and' as const, 'or' as const),
    )
    .map(([rest, field, text, form, kind]) => {
      const leaf: Filter =
        form === 'in'
          ? { kind: 'in', field, values: ['x', text] }
          : form === 'not'
            ? { kind: 'not', operand: { kind: 'compare', field, op: 'eq', value: text } }
            : { kind: 'compare', field, op: form, value: text };
      return rest === undefined ? leaf : { kind, operands: [rest, leaf] };
    });

  // The dialects that bind it: all but PostgreSQL, whose text cannot hold it, and DuckDB (see src/sql/dialects.ts).
  const acceptsNul = (name: (typeof dialects)[number]) => sqlDialects[name].acceptsNul !== false;
  const nulEngines = () => engines.filter((engine) => acceptsNul(engine.dialect));

  const rejectsOnPostgres = (compile: () => unknown) => {
    try {
      compile();
    } catch (error) {
      expect(error).toBeInstanceOf(FilterError);
      expect((error as FilterError).code).toBe('INVALID_LITERAL');
      return;
    }
    expect.fail('postgres accepted U+0000');
  };

  it('postgres refuses a literal holding it with INVALID_LITERAL; the dialects that accept it bind it', () => {
    fc.assert(
      fc.property(nulFilterArb, (filter) => {
        const query = { filter, top: 5, skip: 0 };
        rejectsOnPostgres(() => toSql(query, { schema: diffSchema, dialect: 'postgres' }));
        rejectsOnPostgres(() => toSqlCount(query, { schema: diffSchema, dialect: 'postgres' }));
        rejectsOnPostgres(() => toSqlWhere(filter, { schema: diffSchema, dialect: 'postgres' }));
        for (const dialect of dialects.filter(acceptsNul)) {
          const { values } = toSqlWhere(filter, { schema: diffSchema, dialect });
          expect(values.some((value) => typeof value === 'string' && value.includes('\u0000'))).toBe(true);
        }
      }),
      runs(200),
    );
  });

  it('postgres refuses a row holding it in a field with INVALID_LITERAL, and ignores it elsewhere', () => {
    fc.assert(
      fc.property(
        rowsArb(diffSchema, mainPools, 6),
        fc.nat(),
        fc.constantFrom(...stringFields, 'region'),
        nulTextArb,
        (rows, at, field, text) => {
          const poisoned = [...rows];
          poisoned.splice(at % (rows.length + 1), 0, { [field]: text, processedDateTime: '2024-03-01' });
          rejectsOnPostgres(() => toInsert(poisoned, { schema: diffSchema, dialect: 'postgres' }));
          for (const dialect of dialects.filter(acceptsNul)) {
            toInsert(poisoned, { schema: diffSchema, dialect });
          }
          // Only schema fields reach SQL: U+0000 in another property is no business of the database's.
          const harmless = [...rows, { name: 'a', comment: text }];
          toInsert(harmless, { schema: diffSchema, dialect: 'postgres' });
        },
      ),
      runs(200),
    );
  });

  it(
    'is an ordinary character to the predicates, runQuery, SQLite, MariaDB and ClickHouse',
    async () => {
      await fc.assert(
        fc.asyncProperty(caseArb(diffSchema, nulStrings), (testCase) => agreeOn(diffSchema, nulEngines(), testCase)),
        runs(300),
      );
    },
    timeout,
  );

  // A range literal or a substring argument is a literal too.
  const nulLanguageFilterArb: fc.Arbitrary<Filter> = fc
    .tuple(
      fc.constantFrom('name', 'channel', 'customer'),
      nulTextArb,
      fc.constantFrom('gt', 'ge', 'lt', 'le', 'contains', 'startswith', 'endswith'),
      fc.boolean(),
    )
    .map(([field, text, op, negated]) => {
      const leaf: Filter =
        field === 'customer' || op === 'contains' || op === 'startswith' || op === 'endswith'
          ? { kind: 'match', op: field === 'customer' ? 'contains' : (op as MatchOperator), field, value: text }
          : { kind: 'compare', field, op: op as RangeOperator, value: text };
      return negated ? { kind: 'not', operand: leaf } : leaf;
    });

  it('postgres refuses a range literal or substring argument holding it; the dialects that accept it bind it', () => {
    fc.assert(
      fc.property(nulLanguageFilterArb, (filter) => {
        const query = { filter, top: 5, skip: 0 };
        rejectsOnPostgres(() => toSql(query, { schema: languageSchema, dialect: 'postgres' }));
        rejectsOnPostgres(() => toSqlCount(query, { schema: languageSchema, dialect: 'postgres' }));
        rejectsOnPostgres(() => toSqlWhere(filter, { schema: languageSchema, dialect: 'postgres' }));
        for (const dialect of dialects.filter(acceptsNul)) {
          const { values } = toSqlWhere(filter, { schema: languageSchema, dialect });
          expect(values.some((value) => typeof value === 'string' && value.includes('\u0000'))).toBe(true);
        }
      }),
      runs(100),
    );
  });

  it(
    'is an ordinary character to ranges, substring tests and orderings in memory, on SQLite, MariaDB and ClickHouse',
    async () => {
      await fc.assert(
        fc.asyncProperty(languageCaseArb(languageSchema, nulStrings), (testCase) =>
          agreeOn(languageSchema, nulEngines(), testCase),
        ),
        runs(200),
      );
    },
    timeout,
  );

  it('toPredicate and runQuery treat it as a character like any other', () => {
    const filter: Filter = { kind: 'compare', field: 'name', op: 'eq', value: 'a\u0000b' };
    const snapshot = '2024-03-01T00:00:00Z';
    const rows = ['a\u0000b', 'a', 'ab', 'a\u0000B', 'a\u0000'].map((name) => ({ name, processedDateTime: snapshot }));
    for (const mode of ['compiled', 'closure'] as const) {
      expect(rows.filter(toPredicate(filter, { schema: diffSchema, mode }))).toEqual([rows[0]]);
    }
    expect(runQuery(rows, { filter, top: 10, skip: 0 }, { schema: diffSchema }).value).toEqual([rows[0]]);
  });
});
