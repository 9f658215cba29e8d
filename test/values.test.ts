// src/values.ts: the rules every backend shares — reading, folding, ordering, datetimes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineSchema } from '../src/index.js';
import type { Field } from '../src/schema.js';
import {
  bucketStart,
  canonicalDateTime,
  compareCodePoints,
  compareValues,
  foldAscii,
  maxRecentDateTimeCharacters,
  ownValueReaderOf,
  rangeKey,
  rangeTestOf,
  readerPlaceOf,
  readField,
  recentDateTimes,
  textKey,
  textTestOf,
} from '../src/values.js';

const schema = defineSchema({
  table: 't',
  fields: {
    name: { type: 'string' },
    label: { type: 'string', caseInsensitive: true },
    id: { type: 'guid' },
    n: { type: 'number' },
    at: { type: 'datetime' },
  },
});
const field = (name: string) => (schema.fields as Record<string, Field>)[name]!;

describe('foldAscii', () => {
  it('folds A–Z and nothing else', () => {
    expect(foldAscii('ReSeLLeR')).toBe('reseller');
    expect(foldAscii('ÉΣİ\u212A')).toBe('ÉΣİ\u212A');
    expect(foldAscii('A😀Z')).toBe('a😀z');
  });

  it('keeps the length and is the identity on text without A–Z', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(foldAscii(text)).toHaveLength(text.length);
        expect(foldAscii(text)).toBe(text.replace(/[A-Z]/g, (letter) => letter.toLowerCase()));
      }),
    );
  });
});

describe('compareCodePoints', () => {
  it('orders as the UTF-8 bytes do, which is code point order', () => {
    const encoder = new TextEncoder();
    const byBytes = (a: string, b: string) => Buffer.compare(encoder.encode(a), encoder.encode(b));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byBytes(a, b)));
      }),
    );
    expect(compareCodePoints('\uFFFD', '😀')).toBeLessThan(0);
    expect('\uFFFD' < '😀').toBe(false);
  });

  it('compareValues puts null first and false before true', () => {
    expect([true, null, false].sort(compareValues)).toEqual([null, false, true]);
    expect([3, null, -1].sort(compareValues)).toEqual([null, -1, 3]);
  });
});

describe('canonicalDateTime', () => {
  it('reads every ISO spelling of an instant as one canonical text', () => {
    expect(canonicalDateTime('2024-01-31')).toBe('2024-01-31T00:00:00.000Z');
    expect(canonicalDateTime('2024-01-31T00:00')).toBe('2024-01-31T00:00:00.000Z');
    expect(canonicalDateTime('2024-01-31T02:00:00+02:00')).toBe('2024-01-31T00:00:00.000Z');
    expect(canonicalDateTime('2024-01-30T23:00:00.0001-01:00')).toBe('2024-01-31T00:00:00.000Z');
    expect(canonicalDateTime('0000-02-29')).toBe('0000-02-29T00:00:00.000Z');
  });

  it('gives the same answers however many distinct texts it has remembered', () => {
    const texts = Array.from({ length: 10_000 }, (_, i) => `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.${i}`);
    const first = texts.map(canonicalDateTime);
    expect(texts.map(canonicalDateTime)).toEqual(first);
    expect(first[61]).toBe('2024-01-01T00:00:01.610Z');
    expect(canonicalDateTime('2023-02-29')).toBeUndefined();
    expect(canonicalDateTime('2023-02-29')).toBeUndefined();
  });

  it('keeps at most maxRecentDateTimeCharacters characters of text, however long the texts it reads', () => {
    // Long bogus dates, as a file of them would bring: each a new text of 20,000 characters.
    const prefix = '2024-01-31T00:00:00.000Z';
    for (let index = 0; index < 5_000; index++) {
      const text = `${prefix}${String(index).padStart(20_000 - prefix.length, '0')}`;
      expect(canonicalDateTime(text)).toBeUndefined();
      expect(recentDateTimes().characters).toBeLessThanOrEqual(maxRecentDateTimeCharacters);
    }
    // And the longest real spelling of an instant is still remembered and read.
    const longest = '2024-01-30T23:00:00.000000001-01:00';
    expect(canonicalDateTime(longest)).toBe('2024-01-31T00:00:00.000Z');
    expect(recentDateTimes().characters).toBeGreaterThanOrEqual(longest.length);
  });

  it('keeps within the bound however many distinct short texts it reads', () => {
    for (let index = 0; index < 50_000; index++) {
      canonicalDateTime(`2024-01-01T00:00:00.${String(index).padStart(9, '0')}Z`);
      expect(recentDateTimes().characters).toBeLessThanOrEqual(maxRecentDateTimeCharacters);
    }
    expect(recentDateTimes().entries).toBeGreaterThan(0);
  });

  it('refuses what names no instant of the years 0000–9999', () => {
    for (const text of [
      '2023-02-29',
      '2024-13-01',
      '2024-01-31T24:00',
      '9999-12-31T23:00-02:00',
      '0000-01-01T00:00+01:00',
      'x',
    ]) {
      expect(canonicalDateTime(text), text).toBeUndefined();
    }
  });
});

describe('readField', () => {
  it('reads own properties of the right type, and null for anything else', () => {
    expect(readField({ name: 'a' }, field('name'))).toBe('a');
    expect(readField({ name: 1 }, field('name'))).toBeNull();
    expect(readField(Object.create({ name: 'a' }) as object, field('name'))).toBeNull();
    expect(readField({ id: 'not-a-guid' }, field('id'))).toBeNull();
    expect(readField({ n: Number.NaN }, field('n'))).toBeNull();
    expect(readField({ at: new Date(Date.UTC(2024, 0, 31)) }, field('at'))).toBe('2024-01-31T00:00:00.000Z');
    expect(readField({ at: '2024-01-31T01:00+01:00' }, field('at'))).toBe('2024-01-31T00:00:00.000Z');
  });
});

describe('ownValueReaderOf', () => {
  it('reads a name at one place in every schema, so that eight names never share a place', () => {
    // Names no other test uses: places are given out once per process.
    const names = Array.from({ length: 8 }, (_, index) => `placeTest${index}`);
    const schemas = Array.from({ length: 9 }, () =>
      defineSchema({ table: 't', fields: Object.fromEntries(names.map((name) => [name, { type: 'string' }])) }),
    );
    const placesByName = names.map((name) => {
      const places = schemas.map((each) => {
        const named = (each.fields as Record<string, Field>)[name]!;
        expect(ownValueReaderOf(named)({ [name]: 'v' })).toBe('v');
        return readerPlaceOf(name);
      });
      expect(new Set(places).size).toBe(1);
      return places[0];
    });
    expect(new Set(placesByName).size).toBe(8);
  });
});

describe('rangeTestOf', () => {
  const holds = (name: string, op: 'gt' | 'ge' | 'lt' | 'le', literal: string | number | null, raw: unknown) =>
    rangeTestOf(field(name), op, rangeKey(field(name), literal))(readField({ [name]: raw }, field(name)));

  it('orders numbers numerically, and -0 equals 0', () => {
    expect(holds('n', 'gt', 2, 10)).toBe(true);
    expect(holds('n', 'gt', 10, 2)).toBe(false);
    expect(holds('n', 'ge', 0, -0)).toBe(true);
    expect(holds('n', 'lt', 0, -0)).toBe(false);
    expect(holds('n', 'le', -1.5, -1.5)).toBe(true);
  });

  it('orders datetimes as instants, whatever their spelling', () => {
    expect(holds('at', 'gt', '2024-01-31', '2024-01-31T01:00:00+02:00')).toBe(false);
    expect(holds('at', 'lt', '2024-01-31', '2024-01-31T01:00:00+02:00')).toBe(true);
    expect(holds('at', 'ge', '2024-01-31T02:00:00+02:00', '2024-01-31')).toBe(true);
    expect(holds('at', 'gt', '2024-01-31', new Date(Date.UTC(2024, 0, 31, 0, 0, 0, 1)))).toBe(true);
  });

  it('orders strings by code point, folding ASCII letters only where the field folds case', () => {
    expect(holds('name', 'gt', 'a', 'B')).toBe(false);
    expect(holds('label', 'gt', 'a', 'B')).toBe(true);
    expect(holds('label', 'ge', 'ABC', 'abc')).toBe(true);
    // Only A–Z fold: 'é' (U+00E9) stays above 'É' (U+00C9).
    expect(holds('label', 'gt', 'É', 'é')).toBe(true);
    // A character beyond the BMP comes after U+FFFD by code point, though not by UTF-16 unit.
    expect(holds('name', 'gt', '\uFFFD', '😀')).toBe(true);
  });

  it('is false for a null, missing or wrong-typed row value, and for a null literal', () => {
    for (const op of ['gt', 'ge', 'lt', 'le'] as const) {
      expect(holds('n', op, 1, null)).toBe(false);
      expect(holds('n', op, 1, undefined)).toBe(false);
      expect(holds('n', op, 1, '5')).toBe(false);
      expect(holds('n', op, 1, Number.NaN)).toBe(false);
      expect(holds('at', op, '2024-01-31', 'not a date')).toBe(false);
      expect(holds('name', op, 'a', 7)).toBe(false);
      expect(holds('name', op, null, 'a')).toBe(false);
    }
  });
});

describe('textTestOf', () => {
  const matches = (name: string, op: 'contains' | 'startswith' | 'endswith', argument: string, raw: unknown) =>
    textTestOf(field(name), op, textKey(field(name), argument))(raw);

  it('tests substrings, prefixes and suffixes, folding where the field folds case', () => {
    expect(matches('name', 'contains', 'sell', 'Reseller')).toBe(true);
    expect(matches('name', 'contains', 'SELL', 'Reseller')).toBe(false);
    expect(matches('label', 'contains', 'SELL', 'Reseller')).toBe(true);
    expect(matches('label', 'startswith', 'rE', 'Reseller')).toBe(true);
    expect(matches('label', 'endswith', 'ER', 'Reseller')).toBe(true);
    expect(matches('label', 'endswith', 'É', 'é')).toBe(false);
    expect(matches('name', 'startswith', 'eller', 'Reseller')).toBe(false);
  });

  it('takes every character as itself: no pattern characters', () => {
    expect(matches('name', 'contains', '%', 'a%b')).toBe(true);
    expect(matches('name', 'contains', '_', 'ab')).toBe(false);
    expect(matches('name', 'contains', '.*', 'abc')).toBe(false);
  });

  it("finds '' in every string and nothing in a non-string", () => {
    for (const op of ['contains', 'startswith', 'endswith'] as const) {
      expect(matches('name', op, '', '')).toBe(true);
      expect(matches('name', op, '', 'x')).toBe(true);
      expect(matches('name', op, '', null)).toBe(false);
      expect(matches('name', op, '', undefined)).toBe(false);
      expect(matches('name', op, '1', 1)).toBe(false);
    }
  });
});

describe('bucketStart', () => {
  const instantArb = fc
    .date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
    .map((date) => date.toISOString());

  it('starts a day at midnight, a month on the first, a week on the Monday of its ISO week', () => {
    expect(bucketStart('2024-02-29T23:59:59.999Z', 'day')).toBe('2024-02-29T00:00:00.000Z');
    expect(bucketStart('2024-02-29T23:59:59.999Z', 'month')).toBe('2024-02-01T00:00:00.000Z');
    // 2024-02-29 is a Thursday; 2024-03-03 a Sunday, the last day of the week that began on Monday the 26th.
    expect(bucketStart('2024-02-29T12:00:00.000Z', 'week')).toBe('2024-02-26T00:00:00.000Z');
    expect(bucketStart('2024-03-03T23:59:59.999Z', 'week')).toBe('2024-02-26T00:00:00.000Z');
    expect(bucketStart('2024-03-04T00:00:00.000Z', 'week')).toBe('2024-03-04T00:00:00.000Z');
    // Across a year: 2021-01-01 is a Friday of the week that began on 2020-12-28.
    expect(bucketStart('2021-01-01T00:00:00.000Z', 'week')).toBe('2020-12-28T00:00:00.000Z');
    // The years 0–99 are not read as 1900–1999: 0050-06-15 is a Wednesday.
    expect(bucketStart('0050-06-15T10:00:00.000Z', 'week')).toBe('0050-06-13T00:00:00.000Z');
    // The week of 0000-01-01 (a Saturday) began in the year −1, which the canonical form cannot write.
    expect(bucketStart('0000-01-02T23:59:59.999Z', 'week')).toBe('0000-01-01T00:00:00.000Z');
    expect(bucketStart('0000-01-03T00:00:00.000Z', 'week')).toBe('0000-01-03T00:00:00.000Z');
  });

  it('makes week buckets that are Mondays at midnight, at most six days earlier, and idempotent', () => {
    fc.assert(
      // From the first Monday of the year 0000: the two days before it are bucketed apart (above).
      fc.property(
        instantArb.filter((instant) => instant >= '0000-01-03'),
        (instant) => {
          const week = bucketStart(instant, 'week');
          const start = new Date(week);
          expect(start.getUTCDay()).toBe(1);
          expect(week.endsWith('T00:00:00.000Z')).toBe(true);
          const days = (Date.parse(instant) - start.getTime()) / 86_400_000;
          expect(days).toBeGreaterThanOrEqual(0);
          expect(days).toBeLessThan(7);
          expect(bucketStart(week, 'week')).toBe(week);
        },
      ),
    );
  });

  it('makes day and month buckets that hold the instant and are idempotent', () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom('day' as const, 'month' as const), (instant, level) => {
        const start = bucketStart(instant, level);
        expect(canonicalDateTime(start)).toBe(start);
        expect(compareCodePoints(start, instant)).toBeLessThanOrEqual(0);
        expect(start.slice(0, level === 'day' ? 10 : 7)).toBe(instant.slice(0, level === 'day' ? 10 : 7));
        expect(bucketStart(start, level)).toBe(start);
      }),
    );
  });
});
