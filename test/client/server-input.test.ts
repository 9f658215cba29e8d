// Whatever a server sends (odd Retry-After values, bodies cut short, too large or not rows, error texts with
// line breaks, pages that ignore skip), the client ends in a PartnerCenterError with a code, never in a
// TypeError, an endless wait or an endless loop.

import { afterAll, describe, expect, test } from 'vitest';
import { fetchAllPages, retryAfter } from '../../src/client/index.js';
import {
  closeScriptedServers,
  collect,
  failureOf,
  fakeTime,
  itemsThenFailure,
  json,
  scriptedServer,
} from './servers.js';

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

describe('bodies', () => {
  test('a body cut short by the server is a network failure: retried, then NETWORK_ERROR', async () => {
    const server = await scriptedServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      response.write('{"Value": [');
      setImmediate(() => response.socket?.destroy());
    });
    const { options, waits } = fakeTime({ maxRetries: 1 });
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`, options)));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', attempts: 2 });
    expect(waits).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  test('a body over maxResponseBytes is RESPONSE_TOO_LARGE, whether its length is declared or not', async () => {
    const big = JSON.stringify({ Value: Array.from({ length: 100 }, (_, index) => ({ index })) });
    const declared = await scriptedServer((_request, response) => json(response, 200, big));
    const chunked = await scriptedServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      for (let start = 0; start < big.length; start += 100) response.write(big.slice(start, start + 100));
      response.end();
    });
    for (const server of [declared, chunked]) {
      const error = await failureOf(collect(fetchAllPages(`${server.url}/data`, { maxResponseBytes: 1000 })));
      expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE', status: 200, attempts: 1 });
      expect(error.description).toContain('maxResponseBytes');
    }
    expect(await collect(fetchAllPages(`${chunked.url}/data`, { maxResponseBytes: big.length }))).toHaveLength(100);
  });

  test('the default limit (64 MiB) refuses a larger declared length at once, without waiting for the body', async () => {
    const server = await scriptedServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(65 * 2 ** 20) });
      response.write('{"Value": ['); // and never more
    });
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`)));
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
  });

  test('an error body over the limit is not read; the status still decides', async () => {
    const server = await scriptedServer((_request, response) => json(response, 404, 'x'.repeat(5000)));
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`, { maxResponseBytes: 1000 })));
    expect(error).toMatchObject({ status: 404, code: 'HTTP_404', body: undefined });
  });

  test('a UTF-8 byte order mark before the JSON is skipped', async () => {
    const server = await scriptedServer((_request, response) => json(response, 200, '\uFEFF{"Value": [{"a": "é"}]}'));
    expect(await collect(fetchAllPages(`${server.url}/data`))).toEqual([{ a: 'é' }]);
  });
});

describe('rows', () => {
  test.each([
    ['a number', [{ a: 1 }, 2], 'Value[1] is not an object'],
    ['null', [null], 'Value[0] is not an object'],
    ['a string', ['row'], 'Value[0] is not an object'],
    ['an array', [[1, 2]], 'Value[0] is not an object'],
  ])('a row that is %s makes the page MALFORMED_RESPONSE', async (_name, rows, words) => {
    const server = await scriptedServer((_request, response) => json(response, 200, { Value: rows }));
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`)));
    expect(error).toMatchObject({ code: 'MALFORMED_RESPONSE', status: 200 });
    expect(error.description).toContain(words);
  });
});

describe('error bodies', () => {
  test('a code and description with line breaks or of any length make a one-line message; the body keeps all', async () => {
    const body = { code: 'Bad\r\nInjected: yes', description: `line one\nline two ${'x'.repeat(5000)}` };
    const server = await scriptedServer((_request, response) => json(response, 400, body));
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`)));
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.code).toBe('Bad Injected: yes');
    expect(error.description.length).toBeLessThanOrEqual(1000);
    expect(error.description.startsWith('line one line two x')).toBe(true);
    expect(error.body).toEqual(body);
  });
});

describe('skip paging', () => {
  test('a server that ignores skip (the same full page again) is stopped with SKIP_IGNORED', async () => {
    const server = await scriptedServer((_request, response) => json(response, 200, { Value: [{ a: 1 }, { a: 2 }] }));
    const { items, error } = await itemsThenFailure(fetchAllPages(`${server.url}/data?top=2`));
    expect(items).toEqual([{ a: 1 }, { a: 2 }]);
    expect(error).toMatchObject({ code: 'SKIP_IGNORED', url: `${server.url}/data?top=2&skip=2` });
    expect(server.requests).toHaveLength(2);
  });
});
