// The compiled SQL on real engines (PGlite for PostgreSQL, sql.js for SQLite, MariaDB, a server started here when
// one is installed, DuckDB, and ClickHouse through chdb): rows loaded with toCreateTable and toInsert, hand-picked
// queries, and the rows each engine returns held against rows worked out by hand. MySQL 8 and SQL Server have no
// server here: golden text only.

import { PGlite } from '@electric-sql/pglite';
import initSqlJs, { type Database, type SqlValue as SqliteValue } from 'sql.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Filter } from '../src/ast.js';
import { FilterError } from '../src/errors.js';
import {
  type Dialect,
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
import type { QueryInput } from '../src/query.js';
import { defineSchema } from '../src/schema.js';
import { bucketStart } from '../src/values.js';
import { clickhouseVersion, startClickhouse } from './differential/engines/clickhouse.js';
import { startDuckdb } from './differential/engines/duckdb.js';
import { type MariaDbEngine, mariaDbSkipReason, startMariaDbEngine } from './differential/engines/mariadb.js';
import { userWrittenDialect } from './user-dialect.js';

// Odd identifiers on purpose: a quote in a column and a table name with a space and a quote must survive quoting.
const fields = {
  name: { type: 'string', column: 'customer "name"' },
  code: { type: 'string', caseInsensitive: true },
  tenant: { type: 'guid' },
  seats: { type: 'number' },
  active: { type: 'boolean' },
  day: { type: 'datetime' },
  licenses: { type: 'number', aggregate: 'sum' },
  processedDateTime: { type: 'datetime', filterable: false, groupable: false },
} as const;
const profile = { extensions: ['not', 'in', 'null', 'number', 'boolean'] } as const;
const schema = defineSchema({ table: 'usage "rows"', fields, profile });

const latest = '2024-02-01T00:00:00Z';
const injection = "' OR '1'='1";
const dropTable = "'; DROP TABLE license_usage; --";

// Every row is in the latest snapshot except 'old' (an earlier one) and 'nosnap' (none).
const rows: object[] = [
  {
    name: 'alpha',
    code: 'SFB',
    tenant: 'AAAAAAAA-0000-0000-0000-000000000001',
    seats: 1,
    active: true,
    day: '2024-01-01',
    licenses: 10,
    processedDateTime: latest,
  },
  {
    name: 'Alpha',
    code: 'sfb',
    tenant: 'aaaaaaaa-0000-0000-0000-000000000001',
    seats: 2,
    active: false,
    licenses: 5,
    processedDateTime: '2024-02-01T01:00:00+01:00',
  },
  { name: 'alpha ', code: 'Sfb ', licenses: 1, processedDateTime: latest },
  { name: 'À', code: 'À', licenses: 2, processedDateTime: new Date(latest) },
  // Wrong types read as NULL: the name, the seats and the licenses of this row.
  { name: 42, seats: Number.NaN, licenses: 'x', processedDateTime: latest },
  { name: injection, code: dropTable, licenses: 4, processedDateTime: latest },
  { name: '😀', code: 'SFB', licenses: 100, processedDateTime: latest },
  { name: '\uFFFD', processedDateTime: latest },
  { name: 'alpha\t', processedDateTime: latest },
  { name: 'old', code: 'SFB', licenses: 1000, processedDateTime: '2024-01-01' },
  { name: 'nosnap', code: 'SFB', licenses: 1000 },
];

// The latest snapshot's names in result order: NULL first, then by code point. '\t' (U+0009) sorts before
// ' ', a prefix before its extensions, and U+1F600 after U+FFFD (UTF-16 code units would put it before).
const inOrder = [null, injection, 'Alpha', 'alpha', 'alpha\t', 'alpha ', 'À', '\uFFFD', '😀'];
const allBut = (...names: (string | null)[]) => inOrder.filter((name) => !names.includes(name));

const filterCases: [text: string, names: (string | null)[]][] = [
  ["name eq 'alpha'", ['alpha']],
  ["name eq '😀'", ['😀']],
  ["code eq 'SFB'", ['Alpha', 'alpha', '😀']],
  ["code eq 'À'", ['À']],
  ["code eq 'à'", []],
  ["code ne 'sfb'", allBut('Alpha', 'alpha', '😀')],
  ["not (name eq 'alpha ' or code eq 'À')", allBut('alpha ', 'À')],
  ["not (name ne 'alpha' and code ne 'À')", ['alpha', 'À']],
  ['name eq null', [null]],
  ['name ne null', allBut(null)],
  ["tenant eq 'aaaaaaaa-0000-0000-0000-000000000001'", ['Alpha', 'alpha']],
  ["tenant ne 'AAAAAAAA-0000-0000-0000-000000000001'", allBut('Alpha', 'alpha')],
  ['seats in (1, null)', allBut('Alpha')],
  ['not seats in (1, null)', ['Alpha']],
  ['not seats in (1, 2)', allBut('Alpha', 'alpha')],
  ['seats in (null)', allBut('Alpha', 'alpha')],
  ['active eq false', ['Alpha']],
  ['active ne true', allBut('alpha')],
  ["day eq '2024-01-01T02:00:00+02:00'", ['alpha']],
  [`name eq '${injection.replaceAll("'", "''")}'`, [injection]],
  [`code eq '${dropTable.replaceAll("'", "''")}'`, [injection]],
  ["name in ('alpha', 'alpha ', '😀') and not code in ('sfb', null)", ['alpha ']],
  ["(name eq 'alpha' or name eq 'Alpha') and active eq true", ['alpha']],
  ["not (not (name eq 'alpha'))", ['alpha']],
];

interface Engine {
  readonly dialect: 'postgres' | 'sqlite' | 'mariadb' | 'duckdb' | 'clickhouse';
  run(statement: SqlStatement): Promise<Record<string, unknown>[]>;
  exec(text: string): Promise<void>;
}

// MariaDB runs when a server is installed (under CI=true it must be); else one line says why not.
const mariaDbMissing = mariaDbSkipReason();
if (mariaDbMissing !== undefined) console.warn(mariaDbMissing);
// ClickHouse is fetched on first use (scripts/fetch-engines.mjs); where it cannot be, these tests say why and skip,
// except under CI.
const clickhouse = await startClickhouse();
const clickhouseMissing = 'problem' in clickhouse ? clickhouse.problem : undefined;
if (clickhouseMissing !== undefined) {
  console.warn(`sql-engines: ClickHouse (${clickhouseVersion}) did not run: ${clickhouseMissing}`);
}
const skipsClickhouse = clickhouseMissing !== undefined && process.env.CI !== 'true';

let postgres: PGlite;
let sqlite: Database;
let mariadb: MariaDbEngine | undefined;
let engines: Engine[];

beforeAll(async () => {
  postgres = await PGlite.create();
  const SQL = await initSqlJs();
  sqlite = new SQL.Database();
  engines = [
    {
      dialect: 'postgres',
      run: async ({ text, values }) => (await postgres.query<Record<string, unknown>>(text, [...values])).rows,
      exec: async (text) => {
        await postgres.exec(text);
      },
    },
    {
      dialect: 'sqlite',
      run: async ({ text, values }) => {
        const statement = sqlite.prepare(text);
        try {
          statement.bind(values as SqliteValue[]);
          const result: Record<string, unknown>[] = [];
          while (statement.step()) result.push(statement.getAsObject());
          return result;
        } finally {
          statement.free();
        }
      },
      exec: async (text) => {
        sqlite.exec(text);
      },
    },
  ];
  if (mariaDbMissing === undefined) {
    // The server's own sql_mode (with ONLY_FULL_GROUP_BY), not the differential suite's ANSI_QUOTES.
    const server = await startMariaDbEngine();
    mariadb = server;
    engines.push({
      dialect: 'mariadb',
      run: (statement) => server.query(statement),
      exec: (text) => server.exec(text),
    });
  }
  const columnStores = [await startDuckdb()];
  // Under CI a missing ClickHouse is not skipped: its tests fail, each naming why.
  if (!('problem' in clickhouse)) columnStores.push(clickhouse);
  for (const store of columnStores) {
    engines.push({
      dialect: store.dialect as 'duckdb' | 'clickhouse',
      run: (statement) => store.query(statement),
      exec: (text) => store.exec(text),
    });
  }
  for (const engine of engines) {
    await engine.exec(toCreateTable(schema, { dialect: engine.dialect }));
    await engine.run(toInsert(rows, { schema, dialect: engine.dialect }));
  }
}, 180_000);

afterAll(async () => {
  await postgres?.close();
  sqlite?.close();
  await mariadb?.close();
}, 60_000);

const filter = (text: string): Filter => parseFilter(text, { schema });

async function namesOf(engine: Engine, query: QueryInput): Promise<unknown[]> {
  const result = await engine.run(toSql(query, { schema, dialect: engine.dialect }));
  return result.map((row) => row.name);
}

async function countOf(engine: Engine, query: QueryInput): Promise<number> {
  const [row] = await engine.run(toSqlCount(query, { schema, dialect: engine.dialect }));
  return Number(row?.totalCount);
}

const runnable = [
  'postgres',
  'sqlite',
  ...(mariaDbMissing === undefined ? (['mariadb'] as const) : []),
  'duckdb',
  ...(skipsClickhouse ? [] : (['clickhouse'] as const)),
] as const;

// Shown among the skipped tests, its reason in its name.
if (skipsClickhouse) test.skip(`clickhouse (${clickhouseVersion}): ${clickhouseMissing}`);

describe.each(runnable)('%s', (dialect) => {
  const engine = () => {
    const found = engines.find((each) => each.dialect === dialect);
    if (found === undefined)
      throw new Error(`${dialect} did not start: ${dialect === 'clickhouse' ? clickhouseMissing : 'see above'}`);
    return found;
  };
  // Names as this engine quotes them, for the hand-written SQL around the compiled.
  const quote = dialects[dialect].quoteIdentifier ?? ((name: string) => `"${name.replaceAll('"', '""')}"`);
  const nameColumn = quote('customer "name"');
  const table = quote('usage "rows"');

  test('the table holds every row, read as the other backends read them', async () => {
    const columns = [`${nameColumn} AS name`, ...['active', 'seats', 'licenses', 'processedDateTime'].map(quote)];
    const result = await engine().run({ text: `SELECT ${columns.join(', ')} FROM ${table}`, values: [] });
    expect(result).toHaveLength(rows.length);
    const wrongTyped = result.find((row) => row.name === null);
    expect(wrongTyped).toMatchObject({ seats: null, licenses: null, processedDateTime: '2024-02-01T00:00:00.000Z' });
    // SQLite has no booleans, and MariaDB's BOOLEAN is TINYINT(1): true is stored as 1.
    expect(result.find((row) => row.name === 'alpha')?.active).toBe(
      dialect === 'sqlite' || dialect === 'mariadb' ? 1 : true,
    );
    expect(result.find((row) => row.name === 'old')?.processedDateTime).toBe('2024-01-01T00:00:00.000Z');
  });

  test.each(filterCases)('filter %s returns the rows worked out by hand, in code point order', async (text, names) => {
    expect(await namesOf(engine(), { filter: filter(text) })).toEqual(names);
    expect(await countOf(engine(), { filter: filter(text) })).toBe(names.length);
  });

  test('toSqlWhere composes with other SQL, an OR in parentheses, placeholders after paramOffset', async () => {
    const where = toSqlWhere(filter("name eq 'alpha' or name eq 'Alpha'"), { schema, dialect, paramOffset: 1 });
    const first = dialects[dialect].placeholder(1, 'alpha');
    const result = await engine().run({
      text: `SELECT ${nameColumn} AS name FROM ${table} WHERE ${nameColumn} <> ${first} AND ${where.text} ORDER BY 1`,
      values: ['alpha', ...where.values],
    });
    expect(result.map((row) => row.name)).toEqual(['Alpha']);
  });

  test('without groupby: every field, aliased to its name, in the order of every field', async () => {
    const [first, second] = await engine().run(toSql({ top: 2 }, { schema, dialect }));
    expect(Object.keys(first ?? {})).toEqual([
      'name',
      'code',
      'tenant',
      'seats',
      'active',
      'day',
      'licenses',
      'processedDateTime',
    ]);
    expect(first).toMatchObject({ name: null, code: null, seats: null, licenses: null });
    expect(second).toMatchObject({ name: injection, code: dropTable, licenses: 4 });
  });

  test('top: Infinity returns every row, skipped or not', async () => {
    const every = await engine().run(toSql({ top: Number.POSITIVE_INFINITY }, { schema, dialect }));
    const all = await countOf(engine(), {});
    expect(every).toHaveLength(all);
    const skipped = await engine().run(toSql({ top: Number.POSITIVE_INFINITY, skip: 2 }, { schema, dialect }));
    expect(skipped).toEqual(every.slice(2));
  });

  test('groupby: one row per exact value (case and trailing spaces count), measures summed, 0 for none', async () => {
    const result = await engine().run(toSql({ groupBy: ['code'] }, { schema, dialect }));
    expect(result).toEqual([
      { code: null, licenses: 0 },
      { code: dropTable, licenses: 4 },
      { code: 'SFB', licenses: 110 },
      { code: 'Sfb ', licenses: 1 },
      { code: 'sfb', licenses: 5 },
      { code: 'À', licenses: 2 },
    ]);
    expect(await countOf(engine(), { groupBy: ['code'] })).toBe(6);
  });

  test('groupby a boolean: NULL first, then false, then true', async () => {
    const result = await engine().run(toSql({ groupBy: ['active', 'code'], top: 3 }, { schema, dialect }));
    const asBoolean = (value: unknown) => (value === null ? null : value === true || value === 1);
    expect(result.map((row) => [asBoolean(row.active), row.code, row.licenses])).toEqual([
      [null, null, 0],
      [null, dropTable, 4],
      [null, 'SFB', 100],
    ]);
  });

  test('top and skip page the ordered groups; the count ignores paging', async () => {
    const query = { filter: filter("code ne 'À'"), groupBy: ['code'], top: 2, skip: 2 };
    const result = await engine().run(toSql(query, { schema, dialect }));
    expect(result.map((row) => row.code)).toEqual(['SFB', 'Sfb ']);
    expect(await countOf(engine(), query)).toBe(5);
  });

  test('a named snapshot reads only its rows; an absent one the latest; one not in the data, nothing', async () => {
    expect(await namesOf(engine(), { processedDateTime: '2024-01-01T00:00:00.000Z' })).toEqual(['old']);
    expect(await namesOf(engine(), { processedDateTime: '2024-01-01T01:00:00+01:00' })).toEqual(['old']);
    expect(await namesOf(engine(), {})).toEqual(inOrder);
    expect(await namesOf(engine(), { processedDateTime: '2024-03-01' })).toEqual([]);
    expect(await countOf(engine(), { processedDateTime: '2024-03-01' })).toBe(0);
  });
});

describe.runIf(mariaDbMissing === undefined)(
  'mariadb: what the server must be set up with, and why it has a dialect',
  () => {
    const server = () => mariadb!;
    const longTexts = defineSchema({
      table: 'long texts',
      fields: { text: { type: 'string' }, n: { type: 'number' } },
    });
    // 300 four-byte characters, 1,200 bytes of UTF-8: past max_sort_length's default of 1,024 bytes. The row whose
    // text sorts last is inserted first, so that two texts taken as equal come back in the wrong order.
    const stem = '😀'.repeat(300);
    const sorted = [`${stem}a`, `${stem}b`];

    beforeAll(async () => {
      await server().exec(toCreateTable(longTexts, { dialect: 'mariadb' }));
      await server().query(
        toInsert([{ text: sorted[1] }, { text: sorted[0] }], { schema: longTexts, dialect: 'mariadb' }),
      );
    });

    test("MySQL's SQL fails here: MariaDB knows no utf8mb4_0900_bin", async () => {
      await expect(server().exec(toCreateTable(longTexts, { dialect: 'mysql' }))).rejects.toThrow(
        "Unknown collation: 'utf8mb4_0900_bin'",
      );
    });

    test("utf8mb4_bin, the binary collation MySQL knows too, pads with spaces: 'a' = 'a '; utf8mb4_nopad_bin does not", async () => {
      const [row] = await server().query({
        text: "SELECT 'a' = 'a ' COLLATE utf8mb4_bin AS padded, 'a' = 'a ' COLLATE utf8mb4_nopad_bin AS exact",
        values: [],
      });
      expect(row).toEqual({ padded: 1, exact: 0 });
    });

    test('the connection must compare binary: under utf8mb4_general_ci two conditions whose values it equates are one', async () => {
      const schema = defineSchema({
        table: 'sigma rows',
        fields: { text: { type: 'string' } },
        profile: { extensions: ['text'] },
      });
      await server().exec(toCreateTable(schema, { dialect: 'mariadb' }));
      await server().query(toInsert([{ text: 'ς' }], { schema, dialect: 'mariadb' }));
      // 'ς' (final sigma) ends with 'ς' but not with 'Σ': no row matches both.
      const statement = toSql(
        { filter: parseFilter("endswith(text, 'ς') and endswith(text, 'Σ')", { schema }) },
        { schema, dialect: 'mariadb' },
      );
      expect(await server().query(statement)).toEqual([]);
      await server().run('SET NAMES utf8mb4 COLLATE utf8mb4_general_ci');
      try {
        expect(await server().query(statement)).toEqual([{ text: 'ς' }]);
      } finally {
        await server().run('SET NAMES utf8mb4 COLLATE utf8mb4_nopad_bin');
      }
    });

    test('at max_sort_length 1024, the default, texts alike in their first 1,024 bytes sort as equals', async () => {
      await server().run('SET SESSION max_sort_length = 1024');
      try {
        const result = await server().query(toSql({}, { schema: longTexts, dialect: 'mariadb' }));
        expect(result.map((row) => row.text)).not.toEqual(sorted);
      } finally {
        await server().run('SET SESSION max_sort_length = DEFAULT');
      }
    });

    test('at the setting the test server starts with (4096), they sort by code point', async () => {
      const [setting] = await server().run('SELECT @@max_sort_length AS bytes');
      expect(setting).toEqual({ bytes: 4096 });
      const result = await server().query(toSql({}, { schema: longTexts, dialect: 'mariadb' }));
      expect(result.map((row) => row.text)).toEqual(sorted);
    });

    // The year 0000 of MySQL's calendar has no 29 February and its weekdays are a day off; no date before 0001 exists.
    const instants = [
      '0000-01-01T05:00:00.000Z',
      '0000-01-02T23:00:00.000Z',
      '0000-01-03T00:00:00.000Z',
      '0000-02-29T12:00:00.000Z',
      '0000-03-05T00:00:00.000Z',
      '0000-12-31T23:59:59.999Z',
      '0001-01-01T00:00:00.000Z',
      '0001-01-07T00:00:00.000Z',
      '0999-12-31T00:00:00.000Z',
      '1582-10-10T00:00:00.000Z',
      '2024-01-31T10:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ];

    test.each(['mysql', 'mariadb'] as const)(
      '%s: every week starts where bucketStart says, from the year 0000 on',
      async (name) => {
        const week = dialects[name].dateBucket!('?', 'week');
        const placeholders = week.split('?').length - 1;
        for (const instant of instants) {
          const [row] = await server().query({
            text: `SELECT ${week} AS week`,
            values: Array(placeholders).fill(instant),
          });
          expect(row?.week, instant).toBe(bucketStart(instant, 'week'));
        }
      },
    );
  },
);

describe('postgres, on a table whose text columns follow a Unicode (ICU) collation', () => {
  // PGlite's database collation is "C", where code point order and ASCII-only lower() come free; a table of
  // one's own may follow a linguistic collation, and the compiled SQL must not depend on the column's.
  const icuSchema = defineSchema({ table: 'icu rows', fields, profile });
  const options = { schema: icuSchema, dialect: 'postgres' } as const;
  let database: PGlite;
  const run = async ({ text, values }: SqlStatement) =>
    (await database.query<Record<string, unknown>>(text, [...values])).rows;

  beforeAll(async () => {
    database = await PGlite.create();
    const createTable = toCreateTable(icuSchema, options).replaceAll(/ text(?=,|\n)/g, ' text COLLATE "unicode"');
    expect(createTable).toContain('"code" text COLLATE "unicode"');
    await database.exec(createTable);
    await run(toInsert(rows, options));
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  test('the column collation alone orders otherwise (so the tests below can fail)', async () => {
    const result = await run({
      text: `SELECT "customer ""name""" AS name FROM "icu rows" WHERE "processedDateTime" = $1 ORDER BY 1 NULLS FIRST`,
      values: ['2024-02-01T00:00:00.000Z'],
    });
    expect(result.map((row) => row.name)).not.toEqual(inOrder);
  });

  test('results still come in code point order', async () => {
    const result = await run(toSql({}, options));
    expect(result.map((row) => row.name)).toEqual(inOrder);
  });

  test('case folding still folds A–Z only', async () => {
    expect(await run(toSql({ filter: parseFilter("code eq 'à'", { schema: icuSchema }) }, options))).toEqual([]);
    const folded = await run(toSql({ filter: parseFilter("code eq 'sfb'", { schema: icuSchema }) }, options));
    expect(folded.map((row) => row.name)).toEqual(['Alpha', 'alpha', '😀']);
  });

  test('groups still follow exact values, in code point order', async () => {
    const result = await run(toSql({ groupBy: ['code'] }, options));
    expect(result.map((row) => row.code)).toEqual([null, dropTable, 'SFB', 'Sfb ', 'sfb', 'À']);
  });
});

describe('a dialect of your own, on PGlite: an engine added without forking', () => {
  const ownDialect = userWrittenDialect;
  // The built-in one with one override: SQL:2008 paging, which PostgreSQL also reads.
  const standardPaging: Dialect = {
    ...dialects.postgres,
    paging: (limit, offset) => `OFFSET ${offset} ROWS FETCH FIRST ${limit} ROWS ONLY`,
  };
  const ownSchema = defineSchema({ table: 'own rows', fields, profile });
  const own = { schema: ownSchema, dialect: ownDialect };
  const run = async ({ text, values }: SqlStatement) =>
    (await postgres.query<Record<string, unknown>>(text, [...values])).rows;

  beforeAll(async () => {
    await postgres.exec(toCreateTable(ownSchema, own));
    for (const statement of toInserts(rows, own)) await run(statement);
  });

  test("its SQL is its own: the text differs from the built-in dialect's", () => {
    const query = { filter: filter("code eq 'sfb'") };
    expect(toCreateTable(ownSchema, own)).toContain('"code" varchar');
    expect(toSql(query, own).text).toContain('translate("code" COLLATE "C"');
    expect(toSql({ top: 2 }, { schema, dialect: standardPaging }).text).toMatch(
      /\nOFFSET 0 ROWS FETCH FIRST 2 ROWS ONLY$/,
    );
  });

  test.each(filterCases)('filter %s returns the rows worked out by hand', async (text, names) => {
    const query = { filter: filter(text) };
    expect((await run(toSql(query, own))).map((row) => row.name)).toEqual(names);
    const [counted] = await run(toSqlCount(query, own));
    expect(Number(counted?.totalCount)).toBe(names.length);
    const where = toSqlWhere(query.filter, { ...own, paramOffset: 1 });
    const selected = await run({
      text: `SELECT "customer ""name""" AS name FROM "own rows" WHERE "processedDateTime" = $1 AND ${where.text}`,
      values: ['2024-02-01T00:00:00.000Z', ...where.values],
    });
    expect(selected.map((row) => row.name).sort()).toEqual([...names].sort());
  });

  test('groups and pages as the built-in dialect does', async () => {
    const query = { filter: filter("code ne 'À'"), groupBy: ['code'], top: 2, skip: 2 };
    expect((await run(toSql(query, own))).map((row) => row.code)).toEqual(['SFB', 'Sfb ']);
    expect(await run(toSql(query, { schema, dialect: standardPaging }))).toEqual(
      await run(toSql(query, { schema, dialect: 'postgres' })),
    );
  });
});

describe('loading', () => {
  test('postgres refuses U+0000 in a row before it reaches the database', () => {
    expect(() => toInsert([{ name: 'a\u0000b' }], { schema, dialect: 'postgres' })).toThrow(FilterError);
  });

  test('sqlite stores and matches U+0000 as any other character', async () => {
    const SQL = await initSqlJs();
    const database = new SQL.Database();
    try {
      database.exec(toCreateTable(schema, { dialect: 'sqlite' }));
      const insert = toInsert(
        [
          { name: 'a\u0000b', processedDateTime: latest },
          { name: 'a', processedDateTime: latest },
        ],
        { schema, dialect: 'sqlite' },
      );
      database.run(insert.text, insert.values as SqliteValue[]);
      const { text, values } = toSql({ filter: filter("name eq 'a\u0000b'") }, { schema, dialect: 'sqlite' });
      const [result] = database.exec(text, values as SqliteValue[]);
      expect(result?.values.map((row) => row[0])).toEqual(['a\u0000b']);
    } finally {
      database.close();
    }
  });

  test('toInserts splits rows at the parameter limit, and the pieces load every row', async () => {
    const many = Array.from({ length: 5000 }, (_, index) => ({
      name: `row ${index}`,
      licenses: 1,
      processedDateTime: latest,
    }));
    const statements = toInserts(many, { schema, dialect: 'sqlite' });
    // 8 columns: 4095 rows fill 32,760 of SQLite's 32,766 parameters.
    expect(statements.map((statement) => statement.values.length / 8)).toEqual([4095, 905]);
    const SQL = await initSqlJs();
    const database = new SQL.Database();
    try {
      database.exec(toCreateTable(schema, { dialect: 'sqlite' }));
      for (const { text, values } of statements) database.run(text, values as SqliteValue[]);
      const count = toSqlCount({}, { schema, dialect: 'sqlite' });
      expect(database.exec(count.text, count.values as SqliteValue[])[0]?.values).toEqual([[5000]]);
    } finally {
      database.close();
    }
  });
});

describe('postgres identifier limit (63 bytes)', () => {
  // Two field names that differ only in their 64th byte: PostgreSQL would cut both to the same 63 bytes.
  const stem = 'l'.repeat(63);
  const longNames = defineSchema({
    table: 'long_names',
    fields: { [`${stem}a`]: { type: 'number', column: 'a' }, [`${stem}b`]: { type: 'number', column: 'b' } },
  });

  test('PostgreSQL itself merges two aliases that differ past byte 63: a column vanishes', async () => {
    const result = await postgres.query<Record<string, unknown>>(`SELECT 1 AS "${stem}a", 2 AS "${stem}b"`);
    expect(result.fields.map((field) => field.name)).toEqual([stem, stem]);
    expect(Object.keys(result.rows[0]!)).toEqual([stem]);
  });

  test('so toSql and toCreateTable refuse the names (INVALID_SCHEMA) before anything reaches the database', () => {
    for (const build of [
      () => toSql({}, { schema: longNames, dialect: 'postgres' }),
      () => toCreateTable(longNames, { dialect: 'postgres' }),
    ]) {
      expect(build).toThrow(FilterError);
      expect(build).toThrow(`Field '${stem.slice(0, 40)}…': its name is 64 bytes long`);
    }
  });

  test('names of exactly 63 bytes (multi-byte characters counted in bytes) come back whole, every column', async () => {
    const schema63 = defineSchema({
      table: `t${'é'.repeat(31)}`,
      fields: {
        [`${'m'.repeat(62)}a`]: { type: 'number', column: `${'é'.repeat(31)}a` },
        [`${'m'.repeat(62)}b`]: { type: 'number', column: `${'é'.repeat(31)}b` },
      },
    });
    await postgres.exec(toCreateTable(schema63, { dialect: 'postgres' }));
    await postgres.query(
      ...argumentsOf(
        toInsert([{ [`${'m'.repeat(62)}a`]: 1, [`${'m'.repeat(62)}b`]: 2 }], { schema: schema63, dialect: 'postgres' }),
      ),
    );
    const result = await postgres.query<Record<string, unknown>>(
      ...argumentsOf(toSql({}, { schema: schema63, dialect: 'postgres' })),
    );
    expect(result.rows).toEqual([{ [`${'m'.repeat(62)}a`]: 1, [`${'m'.repeat(62)}b`]: 2 }]);
  });
});

function argumentsOf(statement: SqlStatement): [string, unknown[]] {
  return [statement.text, [...statement.values]];
}
