// Whatever a server sends (odd Retry-After values, bodies cut short, too large or not rows, error texts with
// line breaks, pages that ignore skip), the client ends in a PartnerCenterError with a code, never in a
// TypeError, an endless wait or an endless loop.

import { afterAll, describe, expect, test } from 'vitest';
import { fetchAllPages, retryAfter } from '../../src/client/index.js';
import { closeScriptedServers, collect, fakeTime, json, scriptedServer } from './servers.js';

afterAll(closeScriptedServers);

describe('Retry-After', () => {
  const now = Date.UTC(2024, 0, 1);

  test('the three HTTP date forms are read', () => {
    expect(retryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfter('Monday, 01-Jan-24 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfter('Mon Jan  1 00:00:30 2024', now)).toBe(30_000);
    expect(retryAfter(' 3 ', now)).toBe(3000);
  });

  test('asctime, which names no zone, is GMT wherever the client runs', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(retryAfter('Mon Jan  1 00:00:30 2024', now)).toBe(30_000);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  test.each(['1.5', '-1', '0x10', '1e3', '120, 120', '5 minutes', '2024-01-01T00:00:30Z', 'Jan 1 2024', '', 'now'])(
    '%j is unreadable, not a date that JavaScript guesses',
    (value) => {
      expect(retryAfter(value, now)).toBeUndefined();
    },
  );

  test('an unreadable Retry-After falls back to the backoff', async () => {
    const server = await scriptedServer((_request, response, count) =>
      count === 1 ? json(response, 429, {}, { 'Retry-After': '1.5' }) : json(response, 200, { Value: [{ ok: true }] }),
    );
    const { options, waits } = fakeTime({ retryDelay: 1000 });
    expect(await collect(fetchAllPages(`${server.url}/data`, options))).toEqual([{ ok: true }]);
    expect(waits).toEqual([500]);
  });
});
