// The generated sample rows: the same on every run, and every value of the type its field declares.

import { describe, expect, it } from 'vitest';
import { sampleLicenseUsage, sampleRows } from '../src/cli/sample-data.js';
import { partnerCenter } from '../src/index.js';
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
