// The generated sample rows of every preset: the same on every run, and every value of the type its field declares.

import { describe, expect, it, test } from 'vitest';
import { sampleLicenseUsage, sampleRows, sampleRowsOf } from '../src/cli/sample-data.js';
import { type PartnerCenterEndpoint, partnerCenter } from '../src/index.js';
import { fieldsOf, readField } from '../src/values.js';

describe('sampleLicenseUsage', () => {
  it('is seeded: the same rows on every call, other rows for another seed', () => {
    expect(sampleLicenseUsage(50, 5, 7)).toEqual(sampleLicenseUsage(50, 5, 7));
    expect(sampleLicenseUsage(50, 5, 8)).not.toEqual(sampleLicenseUsage(50, 5, 7));
  });

  it('fills every field of the Partner Center schema with a value of its type, in two snapshots', () => {
    const rows = sampleLicenseUsage(100, 10);
    expect(rows).toHaveLength(200);
    const fields = fieldsOf(partnerCenter.licenseUsage);
    for (const row of rows) {
      for (const field of fields) expect(readField(row, field), field.name).not.toBeNull();
      expect(row.licensesActive).toBeLessThanOrEqual(row.licensesQualified);
    }
    expect(new Set(rows.map((row) => row.processedDateTime)).size).toBe(2);
    expect(rows.some((row) => row.customerTenantId === '0112A436-B14E-4888-967B-CA4BB2CF1234')).toBe(true);
  });

  it('sampleRows yields any number of rows, the latest snapshot taking the odd one, as a stream', () => {
    expect([...sampleRows(400, 20)]).toEqual(sampleLicenseUsage());
    for (const count of [0, 1, 2, 7, 100]) {
      const rows = [...sampleRows(count, 10)];
      expect(rows).toHaveLength(count);
      const latest = rows.filter((row) => row.processedDateTime === '2024-01-31T00:00:00Z');
      expect(latest).toHaveLength(Math.ceil(count / 2));
      expect(rows.slice(0, count - latest.length).every((row) => row.processedDateTime < '2024-01-31')).toBe(true);
    }
    const stream = sampleRows(1_000_000_000);
    expect(stream.next().value).toEqual(sampleLicenseUsage(1, 20)[0]);
  });
});

describe('sampleRowsOf: rows of every preset', () => {
  const endpoints = Object.keys(partnerCenter) as PartnerCenterEndpoint[];

  test.each(endpoints)('%s: seeded, of its schema, every value of its field type or null', (endpoint) => {
    const schema = partnerCenter[endpoint];
    const rows = [...sampleRowsOf(endpoint, 400, 12)];
    expect(rows).toHaveLength(400);
    expect([...sampleRowsOf(endpoint, 400, 12)]).toEqual(rows);
    expect([...sampleRowsOf(endpoint, 400, 12, 7)]).not.toEqual(rows);
    const fields = fieldsOf(schema);
    // A count measure is the number of rows in a group: rows do not carry it, as Partner Center's do not.
    const carried = fields.filter((field) => field.aggregate !== 'count').map((field) => field.name);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(carried);
      for (const field of fields) {
        const value = (row as Record<string, unknown>)[field.name] ?? null;
        // readField gives null for a value of the wrong type: a non-null value must survive it.
        if (value !== null) expect(readField(row, field), `${field.name} = ${String(value)}`).not.toBeNull();
      }
    }
    for (const field of fields.filter((each) => each.aggregate === 'sum')) {
      expect(rows.every((row) => typeof (row as Record<string, unknown>)[field.name] === 'number')).toBe(true);
    }
    for (const field of fields.filter((each) => each.isFilterable)) {
      const distinct = new Set(rows.map((row) => (row as Record<string, unknown>)[field.name] ?? null));
      distinct.delete(null);
      expect(distinct.size, `${field.name} takes several values`).toBeGreaterThan(1);
    }
  });

  test.each(endpoints.filter((endpoint) => !endpoint.startsWith('license')))(
    '%s: dates over several weeks and months, some values null',
    (endpoint) => {
      const schema = partnerCenter[endpoint];
      const rows = [...sampleRowsOf(endpoint, 400, 12)] as Record<string, unknown>[];
      const dateField = fieldsOf(schema).find((field) => field.type === 'datetime' && field.isGroupable);
      const dates = rows
        .map((row) => row[dateField!.name])
        .filter((value): value is string => typeof value === 'string');
      expect(new Set(dates.map((date) => date.slice(0, 7))).size).toBeGreaterThanOrEqual(4);
      expect(rows.some((row) => Object.values(row).includes(null))).toBe(true);
    },
  );

  it('licenseUsage is sampleRows; licenseDeployment has two snapshots, the latest taking the odd row', () => {
    expect([...sampleRowsOf('licenseUsage', 9, 4, 3)]).toEqual([...sampleRows(9, 4, 3)]);
    const rows = [...sampleRowsOf('licenseDeployment', 9, 4)];
    expect(rows.map((row) => row.processedDateTime)).toEqual([
      ...Array(4).fill('2024-01-30T00:00:00Z'),
      ...Array(5).fill('2024-01-31T00:00:00Z'),
    ]);
    for (const row of rows) expect(row.licensesDeployed).toBeLessThanOrEqual(row.licensesSold as number);
  });
});
