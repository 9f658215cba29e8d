// toCreateIndexes: the statements per dialect, and on PGlite and sql.js, that the planner uses them for the SQL toSql
// compiles (EXPLAIN): the docs' request, the latest snapshot, an ungrouped page without a sort, a range filter.

import { PGlite } from '@electric-sql/pglite';
import initSqlJs, { type Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  dialectNames,
  type SqlStatement,
  toCreateIndexes,
  toCreateTable,
  toInserts,
  toSql,
  toSqlCount,
} from '../src/index.js';
import { parseFilter } from '../src/parse.js';
import { partnerCenter } from '../src/presets/partner-center.js';
import { defineSchema, type FieldDefinitions } from '../src/schema.js';
import { expectError } from './expect-error.js';
import { userWrittenDialect } from './user-dialect.js';

const licenseUsage = partnerCenter.licenseUsage;
const subscriptions = partnerCenter.subscriptions;
const tenantOf = (index: number) => `0112A436-B14E-4888-967B-${String(index).padStart(12, '0')}`;

/** 1200 rows in two snapshots, 300 tenants, enough that an index scan is a plan the planner weighs. */
function licenseRows(): object[] {
  return Array.from({ length: 1200 }, (_, index) => ({
    workloadCode: ['SFB', 'EXO', 'SPO'][index % 3],
    workloadName: 'Workload',
    serviceCode: 'O365',
    serviceName: 'Office 365',
    channel: ['Reseller', 'Direct'][index % 2],
    customerTenantId: tenantOf(index % 300),
    customerName: `Customer ${index % 300}`,
    productId: `PROD-${index % 50}`,
    productName: `Product ${index % 50}`,
    licensesActive: index % 7,
    licensesQualified: index % 11,
    processedDateTime: index < 600 ? '2024-01-31' : '2024-02-29',
  }));
}

const docsRequest = toSql(
  {
    filter: parseFilter(`customerTenantId eq '${tenantOf(7).toLowerCase()}'`, { schema: licenseUsage }),
    groupBy: ['workloadCode', 'channel'],
  },
  { schema: licenseUsage, dialect: 'postgres' },
);

describe('the statements', () => {
  test('postgres: the page index leads with the snapshot and lists the default order as ORDER BY writes it', () => {
    const [page, ...byField] = toCreateIndexes(licenseUsage, { dialect: 'postgres' });
    const orderBy = toSql({}, { schema: licenseUsage, dialect: 'postgres' })
      .text.split('\nORDER BY ')[1]
      ?.split('\n')[0];
    expect(page).toBe(`CREATE INDEX "license_usage_page" ON "license_usage" ("processedDateTime", ${orderBy})`);
    expect(byField).toContain(
      'CREATE INDEX "license_usage_by_customerTenantId" ON "license_usage" ((lower("customerTenantId" COLLATE "C")), "processedDateTime")',
    );
    // The measures are never filtered, the snapshot is the page index's lead: one index per other field.
    expect(byField).toHaveLength(9);
  });

  test('an exact field is indexed as it is compared; a field with range operators also as they compare it', () => {
    const statements = toCreateIndexes(subscriptions, { dialect: 'postgres' });
    expect(statements).toContain(
      'CREATE INDEX "subscriptions_by_subscriptionType" ON "subscriptions" ("subscriptionType")',
    );
    expect(statements).toContain('CREATE INDEX "subscriptions_by_creationDate" ON "subscriptions" ("creationDate")');
    expect(statements).toContain(
      'CREATE INDEX "subscriptions_range_creationDate" ON "subscriptions" ("creationDate" COLLATE "C")',
    );
    // customerName takes only `contains`, which no B-tree serves; trialEndDate is not filterable.
    expect(statements.join('\n')).not.toMatch(/_(by|range)_(customerName|friendlyName|trialEndDate)"/);
  });

  test('sqlite: expressions and columns as its planner matches them, one index where range and eq compare alike', () => {
    const statements = toCreateIndexes(subscriptions, { dialect: 'sqlite' });
    expect(statements).toContain(
      'CREATE INDEX "subscriptions_by_customerTenantId" ON "subscriptions" ((lower("customerTenantId")))',
    );
    expect(statements).toContain('CREATE INDEX "subscriptions_by_creationDate" ON "subscriptions" ("creationDate")');
    expect(statements.join('\n')).not.toContain('subscriptions_range_creationDate');
  });

  test('mysql and mssql index bare columns only: numbers and booleans, and for mssql the snapshot', () => {
    expect(toCreateIndexes(licenseUsage, { dialect: 'mysql' })).toEqual([]);
    expect(toCreateIndexes(licenseUsage, { dialect: 'mssql' })).toEqual([
      'CREATE INDEX [license_usage_page] ON [license_usage] ([processedDateTime])',
    ]);
    expect(toCreateIndexes(subscriptions, { dialect: 'mysql' })).toEqual([
      'CREATE INDEX `subscriptions_by_autoRenewEnabled` ON `subscriptions` (`autoRenewEnabled`)',
    ]);
  });

  test('a dialect without indexKey gets no index; one with it gets what it writes', () => {
    expect(toCreateIndexes(licenseUsage, { dialect: userWrittenDialect })).toEqual([]);
    const withIndexes = {
      ...userWrittenDialect,
      indexKey: (key: string, column: string) => (key.startsWith(column) ? key : `(${key})`),
    };
    expect(toCreateIndexes(licenseUsage, { dialect: withIndexes })[0]).toMatch(
      /^CREATE INDEX "license_usage_page" ON "license_usage" \("processedDateTime", "workloadCode" COLLATE "C" NULLS FIRST, /,
    );
  });

  test('a name longer than the engine keeps becomes filterby_ and a hash, distinct per index', () => {
    const long = defineSchema({
      table: 't'.repeat(60),
      fields: { firstLongFieldName: { type: 'string' }, secondLongFieldName: { type: 'string' } },
    });
    const names = toCreateIndexes(long, { dialect: 'postgres' }).map((statement) => statement.split('"')[1]);
    expect(names).toHaveLength(3);
    for (const name of names) expect(name).toMatch(/^filterby_[0-9a-f]{8}$/);
    expect(new Set(names).size).toBe(3);
    // SQLite keeps names of any length.
    expect(toCreateIndexes(long, { dialect: 'sqlite' })[0]).toContain(`"${'t'.repeat(60)}_page"`);
  });

  test('the page index stops at 32 keys, the most PostgreSQL allows in one index', () => {
    const fields: FieldDefinitions = Object.fromEntries(
      Array.from({ length: 40 }, (_, index) => [`field${index}`, { type: 'number' }]),
    );
    const wide = defineSchema({ table: 'wide', fields });
    const [page] = toCreateIndexes(wide, { dialect: 'postgres' });
    expect(page?.match(/NULLS FIRST/g)).toHaveLength(32);
  });

  test.each(dialectNames)('%s: every statement names the table and an index of its own', (dialect) => {
    const statements = toCreateIndexes(subscriptions, { dialect });
    expect(new Set(statements.map((statement) => statement.split(' ON ')[0])).size).toBe(statements.length);
  });

  test('bad options are INVALID_PARAMETER; a bad schema INVALID_SCHEMA', () => {
    expectError(() => toCreateIndexes(licenseUsage, { dialect: 'oracle' as 'postgres' }), 'INVALID_PARAMETER');
    expectError(() => toCreateIndexes(licenseUsage, undefined as never), 'INVALID_PARAMETER');
    expectError(() => toCreateIndexes({} as never, { dialect: 'postgres' }), 'INVALID_SCHEMA');
  });
});

describe('PostgreSQL (PGlite) uses them', () => {
  let db: PGlite;
  const plan = async ({ text, values }: SqlStatement): Promise<string> => {
    const result = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, [...values]);
    return result.rows.map((row) => row['QUERY PLAN']).join('\n');
  };

  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec(toCreateTable(licenseUsage, { dialect: 'postgres' }));
    for (const { text, values } of toInserts(licenseRows(), { schema: licenseUsage, dialect: 'postgres' })) {
      await db.query(text, [...values]);
    }
    for (const statement of toCreateIndexes(licenseUsage, { dialect: 'postgres' })) await db.exec(statement);
    // Off, so that a plan the indexes cannot serve shows as such (a scan, a sort) instead of being priced out.
    await db.exec('ANALYZE; SET enable_seqscan = off; SET enable_sort = off; SET enable_bitmapscan = off');
  }, 120_000);

  afterAll(async () => {
    await db.close();
  });

  test('the docs request finds the tenant in its folded index, and the latest snapshot in the page index', async () => {
    const explained = await plan(docsRequest);
    expect(explained).toContain('license_usage_by_customerTenantId');
    expect(explained).toMatch(/Index Only Scan Backward using license_usage_page/);
    expect(explained).not.toContain('Seq Scan');
    // And the answer is the tenant's rows of the latest snapshot.
    const { rows } = await db.query<{ licensesActive: number }>(docsRequest.text, [...docsRequest.values]);
    expect(rows.length).toBeGreaterThan(0);
  });

  test('an ungrouped page, first or deep, is read in index order: no sort', async () => {
    for (const query of [{ top: 100 }, { top: 100, skip: 500 }, { top: 10, processedDateTime: '2024-01-31' }]) {
      const explained = await plan(toSql(query, { schema: licenseUsage, dialect: 'postgres' }));
      expect(explained).toMatch(/Index (Only )?Scan using license_usage_page/);
      expect(explained).not.toContain('Sort');
    }
  });

  test('an or and the count use the folded indexes too', async () => {
    const filter = parseFilter(`customerTenantId eq '${tenantOf(7)}' or customerName eq 'customer 8'`, {
      schema: licenseUsage,
    });
    // An OR of indexed conditions is a BitmapOr.
    await db.exec('SET enable_bitmapscan = on');
    const explained = await plan(toSqlCount({ filter }, { schema: licenseUsage, dialect: 'postgres' }));
    await db.exec('SET enable_bitmapscan = off');
    expect(explained).toContain('BitmapOr');
    expect(explained).toContain('license_usage_by_customerTenantId');
    expect(explained).toContain('license_usage_by_customerName');
    expect(explained).not.toContain('Seq Scan');
  });

  test('a range filter on a date uses its "C" index', async () => {
    await db.exec(toCreateTable(subscriptions, { dialect: 'postgres' }));
    const days = Array.from({ length: 1000 }, (_, index) => ({
      customerTenantId: tenantOf(index),
      creationDate: new Date(Date.UTC(2020, 0, 1 + index)).toISOString(),
    }));
    for (const { text, values } of toInserts(days, { schema: subscriptions, dialect: 'postgres' })) {
      await db.query(text, [...values]);
    }
    for (const statement of toCreateIndexes(subscriptions, { dialect: 'postgres' })) await db.exec(statement);
    // With sorts allowed: otherwise the page index, whose order needs none, wins whatever it costs to search.
    await db.exec('ANALYZE subscriptions; SET enable_sort = on');
    const filter = parseFilter("creationDate ge '2024-01-01' and creationDate lt '2024-02-01'", {
      schema: subscriptions,
    });
    expect(await plan(toSql({ filter }, { schema: subscriptions, dialect: 'postgres' }))).toContain(
      'subscriptions_range_creationDate',
    );
    const equal = parseFilter("creationDate eq '2024-01-01'", { schema: subscriptions });
    expect(await plan(toSql({ filter: equal }, { schema: subscriptions, dialect: 'postgres' }))).toContain(
      'subscriptions_by_creationDate',
    );
  });
});

describe('SQLite (sql.js) uses them', () => {
  let db: Database;
  const plan = ({ text, values }: SqlStatement): string =>
    (db.exec(`EXPLAIN QUERY PLAN ${text}`, values as never)[0]?.values ?? []).map((row) => String(row[3])).join('\n');

  beforeAll(async () => {
    const SQL = await initSqlJs();
    db = new SQL.Database();
    db.exec(toCreateTable(licenseUsage, { dialect: 'sqlite' }));
    for (const { text, values } of toInserts(licenseRows(), { schema: licenseUsage, dialect: 'sqlite' })) {
      db.run(text, values as never);
    }
    for (const statement of toCreateIndexes(licenseUsage, { dialect: 'sqlite' })) db.exec(statement);
    db.exec('ANALYZE');
  });

  afterAll(() => {
    db.close();
  });

  test('the docs request searches the folded index; the latest snapshot comes from the page index', () => {
    const request = toSql(
      { filter: parseFilter(`customerTenantId eq '${tenantOf(7)}'`, { schema: licenseUsage }), groupBy: ['channel'] },
      { schema: licenseUsage, dialect: 'sqlite' },
    );
    const explained = plan(request);
    expect(explained).toMatch(/SEARCH license_usage USING INDEX license_usage_by_customerTenantId/);
    expect(explained).toMatch(/SEARCH license_usage USING COVERING INDEX license_usage_page/);
  });

  test('an ungrouped page is read in index order: no temporary B-tree to sort', () => {
    const explained = plan(toSql({ top: 100, skip: 500 }, { schema: licenseUsage, dialect: 'sqlite' }));
    expect(explained).toContain('license_usage_page');
    expect(explained).not.toContain('TEMP B-TREE');
  });
});
