// src/values.ts: the rules every backend shares — reading, folding, ordering, datetimes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineSchema } from '../src/index.js';
import type { Field } from '../src/schema.js';
import {
  canonicalDateTime,
  compareCodePoints,
  compareValues,
  foldAscii,
  maxRecentDateTimeCharacters,
  readField,
  recentDateTimes,
} from '../src/values.js';

const schema = defineSchema({
  table: 't',
  fields: {
    name: { type: 'string' },
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
