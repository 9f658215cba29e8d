// What every SQL-builder test shares: a schema that takes the whole filter language, rows that make each part of
// it count (case, NULLs, pattern characters, trailing spaces), filters that use it all, and the ids runQuery keeps.

import { defineSchema, type Filter, parseFilter, runQuery } from '../../src/index.js';

export const schema = defineSchema({
  table: 'licenses',
  fields: {
    id: { type: 'string' },
    // A column that is not the field's name, so the fragment is seen to write columns, not field names.
    customerName: { type: 'string', column: 'customer_name', caseInsensitive: true },
    channel: { type: 'string', caseInsensitive: true },
    tenantId: { type: 'guid' },
    licensesActive: { type: 'number' },
    isTrial: { type: 'boolean' },
    createdDate: { type: 'datetime' },
    seats: { type: 'number', aggregate: 'sum' },
  },
  profile: {
    extensions: ['not', 'in', 'null', 'number', 'boolean', 'range', 'text', 'cast', 'orderby', 'aggregationLevel'],
  },
});

export interface LicenseRow {
  id: string;
  customerName: string | null;
  channel: string | null;
  tenantId: string | null;
  licensesActive: number | null;
  isTrial: boolean | null;
  createdDate: string | null;
  seats: number | null;
}

const names = ['Contoso', 'contoso ltd', 'Fabrikam Inc', '50% off_sale', 'A\\B', 'trailing ', 'Ünïcode', null];
const channels = ['Reseller', 'reseller', 'Direct', 'Partner', null];

/** 40 rows, every combination spread out so that each filter below keeps some rows and drops others. */
export const rows: readonly LicenseRow[] = Array.from({ length: 40 }, (_, index) => ({
  id: `row-${String(index).padStart(2, '0')}`,
  customerName: names[index % names.length] ?? null,
  channel: channels[index % channels.length] ?? null,
  tenantId: index % 6 === 0 ? null : `0000000${index % 3}-0000-0000-0000-00000000000${index % 4}`,
  licensesActive: index % 9 === 0 ? null : (index * 7) % 23,
  isTrial: index % 7 === 0 ? null : index % 2 === 0,
  createdDate: index % 10 === 0 ? null : `2024-0${(index % 5) + 1}-1${index % 10}T00:00:00.000Z`,
  seats: index % 8 === 0 ? null : index * 3,
}));

/** Filters over the whole language: every operator, not, in with null, cast, folding, and text with % and _. */
export const filterTexts = [
  "contains(customerName, 'CONTOSO') and channel eq 'reseller'",
  "not (channel in ('Reseller', null)) or startswith(customerName, 'fab')",
  "endswith(customerName, 'Inc') or contains(customerName, '% off_') or contains(customerName, '\\')",
  'licensesActive ge 5 and licensesActive lt 20 and not (isTrial eq true)',
  "createdDate lt cast('2024-03-01', Edm.DateTimeOffset) and tenantId ne null",
  "not (contains(customerName, 'o') and createdDate gt '2024-02-15') and customerName ne 'trailing'",
  "tenantId in ('00000001-0000-0000-0000-000000000002', '00000002-0000-0000-0000-000000000003') or isTrial eq null",
] as const;

export const filters: readonly Filter[] = filterTexts.map((text) => parseFilter(text, { schema }));

/** The ids runQuery keeps for `filterText` and the builders' own condition, sorted. */
export function expectedIds(filterText: string): string[] {
  return runQuery(rows, { filter: withBuildersCondition(filterText), top: 10_000 }, { schema })
    .value.map((row) => row.id)
    .sort();
}

/** `filterText` and the builders' own condition in the tests (`licensesActive > 0`), in the filter language. */
export const withBuildersCondition = (filterText: string): Filter =>
  parseFilter(`(${filterText}) and licensesActive gt 0`, { schema });

/** A grouped query of each part toSqlClauses writes: datetimes bucketed by month, ordered by a measure. */
export const groupedQuery = {
  groupBy: ['channel', 'createdDate'],
  aggregationLevel: 'month',
  orderBy: [{ field: 'seats', direction: 'desc' }],
  top: 10_000,
} as const;

/** runQuery's rows for groupedQuery over `filterText` and the builders' own condition, in order. */
export function expectedGroups(filterText: string): object[] {
  return runQuery(rows, { ...groupedQuery, filter: withBuildersCondition(filterText) }, { schema }).value;
}
