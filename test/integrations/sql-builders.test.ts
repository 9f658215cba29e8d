// toSqlFragment inside the query builders people already use, each composing it with a condition of its own
// (licensesActive > 0) and run on PostgreSQL (PGlite): the rows each returns must be the rows runQuery keeps.
// Drizzle drives PGlite directly; Kysely, Knex and postgres.js reach it through a socket server;
// sql-template-tag only writes SQL, which PGlite's query(text, values) runs.

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { and, sql as drizzleSql, gt } from 'drizzle-orm';
import { boolean, doublePrecision, pgTable, text } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import knexFactory, { type Knex } from 'knex';
import { Kysely, sql as kyselySql, PostgresDialect, type SqlBool } from 'kysely';
import pg from 'pg';
import postgres from 'postgres';
import sqlTag, { Sql } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  runQuery,
  type SqlFragment,
  toCreateTable,
  toInserts,
  toKnexRaw,
  toSqlClauses,
  toSqlFragment,
} from '../../src/index.js';
import {
  expectedGroups,
  expectedIds,
  filters,
  filterTexts,
  groupedQuery,
  rows,
  schema,
  withBuildersCondition,
} from './fixture.js';

let database: PGlite;
let socketServer: PGLiteSocketServer;
let connectionString: string;

beforeAll(async () => {
  database = await PGlite.create();
  await database.exec(toCreateTable(schema, { dialect: 'postgres' }));
  for (const insert of toInserts(rows, { schema, dialect: 'postgres' })) {
    await database.query(insert.text, [...insert.values]);
  }
  socketServer = new PGLiteSocketServer({ db: database, port: 0, host: '127.0.0.1', maxConnections: 4 });
  await socketServer.start();
  connectionString = `postgres://postgres@${socketServer.getServerConn()}/postgres`;
}, 60_000);

afterAll(async () => {
  await socketServer?.stop();
  await database?.close();
}, 60_000);

const cases = filterTexts
  .map((filterText, index) => ({ filterText, filter: filters[index] }))
  .map(({ filterText, filter }) => {
    if (filter === undefined) throw new Error('a filter text without its filter');
    return [filterText, filter, toSqlFragment(filter, { schema, dialect: 'postgres' })] as const;
  });

/** toSqlClauses of groupedQuery over each filter: what the builders group and order by. */
const grouped = cases.map(
  ([filterText, filter]) =>
    [filterText, toSqlClauses({ ...groupedQuery, filter }, { schema, dialect: 'postgres' })] as const,
);

/** The group rows as runQuery writes them: the fields in select-list order, numbers as numbers. */
const plain = (found: readonly object[]): object[] => found.map((row) => ({ ...row }));

const idsOf = (found: readonly { id: string | null }[]): string[] => found.map((row) => String(row.id)).sort();

// The fixture has rows that each filter keeps and rows it drops, and several groups, so an empty or a full
// answer would be caught.
test('every filter keeps some rows and drops others, in several groups', () => {
  for (const [filterText] of cases) {
    expect(expectedIds(filterText).length).toBeGreaterThan(0);
    expect(expectedIds(filterText).length).toBeLessThan(rows.length);
    expect(expectedGroups(filterText).length).toBeGreaterThan(1);
  }
});

describe('Kysely (sql)', () => {
  interface Database {
    licenses: { id: string; licensesActive: number | null };
  }
  let db: Kysely<Database>;
  beforeAll(() => {
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 1 }) }) });
  });
  afterAll(async () => db?.destroy());

  const query = (fragment: (typeof cases)[number][2]) =>
    db
      .selectFrom('licenses')
      .select('id')
      .where(kyselySql<SqlBool>(fragment.strings, ...fragment.values))
      .where('licensesActive', '>', 0);

  test.each(cases)('%s', async (filterText, _, fragment) => {
    expect(idsOf(await query(fragment).execute())).toEqual(expectedIds(filterText));
  });

  test.each(cases)('ordered by toSqlClauses: %s', async (filterText, filter) => {
    const query = { filter, orderBy: [{ field: 'createdDate', direction: 'desc' }], top: 10_000 } as const;
    const { where, orderBy } = toSqlClauses(query, { schema, dialect: 'postgres' });
    const found = await db
      .selectFrom('licenses')
      .select('id')
      .where(kyselySql<SqlBool>(where.strings, ...where.values))
      .where('licensesActive', '>', 0)
      .orderBy(kyselySql(orderBy.strings, ...orderBy.values))
      .execute();
    const expected = runQuery(rows, { ...query, filter: withBuildersCondition(filterText) }, { schema }).value;
    expect(found.map((row) => row.id)).toEqual(expected.map((row) => row.id));
  });

  test("numbers the fragment's placeholders and its own in one sequence", () => {
    const [, , fragment] = cases[1] ?? [];
    if (fragment === undefined) throw new Error('no case');
    const compiled = query(fragment).compile();
    expect(compiled.parameters).toEqual([...fragment.values, 0]);
    expect(compiled.sql).toContain(`$${fragment.values.length + 1}`);
  });
});

describe('Drizzle (sql, PGlite driver)', () => {
  const licenses = pgTable('licenses', {
    id: text('id'),
    customerName: text('customer_name'),
    licensesActive: doublePrecision('licensesActive'),
    isTrial: boolean('isTrial'),
  });

  test.each(cases)('%s', async (filterText, _, fragment) => {
    const db = drizzle(database);
    const found = await db
      .select({ id: licenses.id })
      .from(licenses)
      .where(and(drizzleSql(fragment.strings, ...fragment.values), gt(licenses.licensesActive, 0)));
    expect(idsOf(found)).toEqual(expectedIds(filterText));
  });
});

describe('Drizzle (sql, grouped)', () => {
  const licenses = pgTable('licenses', { licensesActive: doublePrecision('licensesActive') });
  const part = (fragment: SqlFragment) => drizzleSql(fragment.strings, ...fragment.values);

  test.each(grouped)('%s', async (filterText, { select, from, where, groupBy, orderBy }) => {
    if (groupBy === undefined) throw new Error('a grouped query without GROUP BY');
    const db = drizzle(database);
    const found = await db.execute(
      drizzleSql`SELECT ${part(select)} FROM ${part(from)} WHERE ${part(where)} AND ${gt(licenses.licensesActive, 0)} GROUP BY ${part(groupBy)} ORDER BY ${part(orderBy)}`,
    );
    expect(plain(found.rows)).toEqual(expectedGroups(filterText));
  });
});

describe('Knex (whereRaw)', () => {
  let knex: Knex;
  beforeAll(() => {
    knex = knexFactory({ client: 'pg', connection: connectionString, pool: { min: 0, max: 1 } });
  });
  afterAll(async () => knex?.destroy());

  test.each(cases)('%s', async (filterText, _, fragment) => {
    const found = await knex('licenses')
      .select('id')
      .whereRaw(...toKnexRaw(fragment))
      .where('licensesActive', '>', 0);
    expect(idsOf(found)).toEqual(expectedIds(filterText));
  });

  test.each(grouped)('grouped: %s', async (filterText, { select, where, groupBy, orderBy }) => {
    if (groupBy === undefined) throw new Error('a grouped query without GROUP BY');
    const found = await knex('licenses')
      .select(knex.raw(...toKnexRaw(select)))
      .whereRaw(...toKnexRaw(where))
      .where('licensesActive', '>', 0)
      .groupByRaw(...toKnexRaw(groupBy))
      .orderByRaw(...toKnexRaw(orderBy));
    expect(plain(found)).toEqual(expectedGroups(filterText));
  });
});

describe('postgres.js (a nested fragment)', () => {
  let sql: postgres.Sql;
  beforeAll(() => {
    sql = postgres(connectionString, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => sql?.end());

  test.each(cases)('%s', async (filterText, _, fragment) => {
    const found = await sql<{ id: string }[]>`
      SELECT id FROM licenses WHERE ${sql(fragment.strings, ...fragment.values)} AND "licensesActive" > ${0}`;
    expect(idsOf(found)).toEqual(expectedIds(filterText));
  });

  test.each(grouped)('grouped: %s', async (filterText, { select, from, where, groupBy, orderBy }) => {
    if (groupBy === undefined) throw new Error('a grouped query without GROUP BY');
    const part = (fragment: SqlFragment) => sql(fragment.strings, ...fragment.values);
    const found = await sql`
      SELECT ${part(select)} FROM ${part(from)} WHERE ${part(where)} AND "licensesActive" > ${0}
      GROUP BY ${part(groupBy)} ORDER BY ${part(orderBy)} LIMIT ${10_000}`;
    expect(plain(found)).toEqual(expectedGroups(filterText));
  });
});

describe('sql-template-tag (sql and Sql)', () => {
  test.each(cases)('%s', async (filterText, _, fragment) => {
    const nested = sqlTag`SELECT id FROM licenses WHERE ${sqlTag(fragment.strings, ...fragment.values)} AND "licensesActive" > ${0}`;
    const fromClass = sqlTag`SELECT id FROM licenses WHERE ${new Sql(fragment.strings, fragment.values)} AND "licensesActive" > ${0}`;
    expect(fromClass.text).toBe(nested.text);
    const found = await database.query<{ id: string }>(nested.text, nested.values);
    expect(idsOf(found.rows)).toEqual(expectedIds(filterText));
  });

  test.each(grouped)('grouped: %s', async (filterText, { select, from, where, groupBy, orderBy }) => {
    if (groupBy === undefined) throw new Error('a grouped query without GROUP BY');
    const part = (fragment: SqlFragment) => sqlTag(fragment.strings, ...fragment.values);
    const query = sqlTag`SELECT ${part(select)} FROM ${part(from)} WHERE ${part(where)} AND "licensesActive" > ${0} GROUP BY ${part(groupBy)} ORDER BY ${part(orderBy)}`;
    const found = await database.query<object>(query.text, query.values);
    expect(plain(found.rows)).toEqual(expectedGroups(filterText));
  });
});
