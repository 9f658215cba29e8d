// Redirects are hops of the same request: each must pass the origin rule of next links, within a hop limit,
// so that a 3xx can never carry the caller's headers (API keys, tokens) to another origin.

import { afterAll, describe, expect, test } from 'vitest';
import { fetchAllPages, fetchPages } from '../../src/client/index.js';
import { closeScriptedServers, collect, failureOf, itemsThenFailure, json, scriptedServer } from './servers.js';

afterAll(closeScriptedServers);

const secrets = { Authorization: 'Bearer secret', 'X-Api-Key': 'key-123' };

function redirect(response: import('node:http').ServerResponse, status: number, location?: string): void {
  response.writeHead(status, location === undefined ? {} : { Location: location });
  response.end('moved');
}

describe('to another origin', () => {
  test.each([301, 302, 303, 307, 308])(
    'a %i to another origin is refused before any request reaches it',
    async (status) => {
      const other = await scriptedServer((_request, response) => json(response, 200, { Value: [{ stolen: true }] }));
      const first = await scriptedServer((_request, response) => redirect(response, status, `${other.url}/steal`));
      const { items, error } = await itemsThenFailure(fetchAllPages(`${first.url}/data`, { headers: secrets }));
      expect(other.requests).toHaveLength(0);
      expect(items).toEqual([]);
      expect(error).toMatchObject({ code: 'CROSS_ORIGIN_REDIRECT', status, url: `${first.url}/data`, attempts: 1 });
      expect(error.description).toContain(`${other.url}/steal`);
      expect(error.description).toContain('allowOtherOrigins');
    },
  );

  test("a next link's redirect to another origin: the rows before it are handed out, the other origin is never asked", async () => {
    const other = await scriptedServer((_request, response) => json(response, 200, { Value: [{ stolen: true }] }));
    const first = await scriptedServer((request, response) =>
      request.url === '/data'
        ? json(response, 200, { Value: [{ page: 1 }], '@nextLink': '/data?page=2' })
        : redirect(response, 307, `${other.url}/data?page=2`),
    );
    const { items, error } = await itemsThenFailure(fetchAllPages(`${first.url}/data`, { headers: secrets }));
    expect(items).toEqual([{ page: 1 }]);
    expect(error).toMatchObject({ code: 'CROSS_ORIGIN_REDIRECT', url: `${first.url}/data?page=2` });
    expect(other.requests).toHaveLength(0);
  });

  test('a redirect to the same host on another port is another origin', async () => {
    const other = await scriptedServer((_request, response) => json(response, 200, { Value: [] }));
    const port = new URL(other.url).port;
    const first = await scriptedServer((_request, response) =>
      redirect(response, 302, `http://127.0.0.1:${port}/data`),
    );
    expect((await failureOf(collect(fetchAllPages(`${first.url}/data`)))).code).toBe('CROSS_ORIGIN_REDIRECT');
    expect(other.requests).toHaveLength(0);
  });

  test('allowOtherOrigins follows it, with the headers', async () => {
    const other = await scriptedServer((_request, response) => json(response, 200, { Value: [{ there: true }] }));
    const first = await scriptedServer((_request, response) => redirect(response, 302, `${other.url}/data`));
    const got = await collect(fetchAllPages(`${first.url}/data`, { headers: secrets, allowOtherOrigins: true }));
    expect(got).toEqual([{ there: true }]);
    expect(other.requests.map((request) => request.headers['x-api-key'])).toEqual(['key-123']);
  });
});

describe('on the same origin', () => {
  test('a redirect is followed with the same headers; a relative next link is read against where it led', async () => {
    const server = await scriptedServer((request, response) => {
      if (request.url === '/old/data') return redirect(response, 301, '/new/data');
      if (request.url === '/new/data') return json(response, 200, { Value: [{ page: 1 }], nextLink: 'data?page=2' });
      json(response, 200, { Value: [{ page: 2, url: request.url }] });
    });
    const got = await collect(fetchAllPages(`${server.url}/old/data`, { headers: secrets }));
    expect(got).toEqual([{ page: 1 }, { page: 2, url: '/new/data?page=2' }]);
    expect(server.requests.map((request) => [request.url, request.headers['x-api-key']])).toEqual([
      ['/old/data', 'key-123'],
      ['/new/data', 'key-123'],
      ['/new/data?page=2', 'key-123'],
    ]);
  });

  test('a page keeps the URL it was asked for, and its retries start again from it', async () => {
    const server = await scriptedServer((request, response, count) => {
      if (request.url === '/data') return redirect(response, 302, '/moved');
      if (count === 2) return json(response, 503, {});
      json(response, 200, { Value: [{ ok: true }] });
    });
    const pages = await collect(fetchPages(`${server.url}/data`, { sleep: async () => {} }));
    expect(pages.map((page) => page.url)).toEqual([`${server.url}/data`]);
    expect(server.requests.map((request) => request.url)).toEqual(['/data', '/moved', '/data', '/moved']);
  });

  test('an endless chain of redirects stops at maxRedirects (default 10) with TOO_MANY_REDIRECTS', async () => {
    const server = await scriptedServer((_request, response, count) => redirect(response, 302, `/hop${count}`));
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`)));
    expect(error).toMatchObject({ code: 'TOO_MANY_REDIRECTS', status: 302, url: `${server.url}/hop10` });
    expect(server.requests).toHaveLength(11);
  });

  test('maxRedirects: 0 follows none', async () => {
    const server = await scriptedServer((_request, response) => redirect(response, 307, '/elsewhere'));
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`, { maxRedirects: 0 })));
    expect(error.code).toBe('TOO_MANY_REDIRECTS');
    expect(server.requests).toHaveLength(1);
  });
});

describe('that cannot be followed', () => {
  test.each([
    ['no Location', undefined, 'no Location'],
    ['a Location that is not a URL', 'http://[::1', 'not a URL'],
    ['a file: Location', 'file:///etc/passwd', 'not an http or https URL'],
    ['a data: Location', 'data:application/json,{"Value":[{"forged":true}]}', 'not an http or https URL'],
  ])('a redirect with %s is INVALID_REDIRECT, even with allowOtherOrigins', async (_name, location, words) => {
    const server = await scriptedServer((_request, response) => redirect(response, 302, location));
    const error = await failureOf(collect(fetchAllPages(`${server.url}/data`, { allowOtherOrigins: true })));
    expect(error).toMatchObject({ code: 'INVALID_REDIRECT', status: 302 });
    expect(error.description).toContain(words);
    expect(server.requests).toHaveLength(1);
  });

  test('300 and 304 are not redirects to follow: they fail as their status', async () => {
    const server = await scriptedServer((_request, response) => redirect(response, 300, '/somewhere'));
    expect(await failureOf(collect(fetchAllPages(`${server.url}/data`)))).toMatchObject({
      code: 'HTTP_300',
      status: 300,
    });
    expect(server.requests).toHaveLength(1);
  });

  test("a browser's opaque redirect (its target hidden from scripts) is OPAQUE_REDIRECT", async () => {
    const asked: RequestInit[] = [];
    const browserFetch = async (_url: string, init: RequestInit) => {
      asked.push(init);
      const response = new Response(null, { status: 200 });
      Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
      Object.defineProperty(response, 'status', { value: 0 });
      Object.defineProperty(response, 'ok', { value: false });
      return response;
    };
    const error = await failureOf(collect(fetchAllPages('https://api.example.test/data', { fetch: browserFetch })));
    expect(error.code).toBe('OPAQUE_REDIRECT');
    expect(asked.map((init) => init.redirect)).toEqual(['manual']);
  });

  test('a fetch that followed a redirect to another origin itself (ignoring redirect: manual) is refused', async () => {
    const followingFetch = async () => {
      const response = new Response(JSON.stringify({ Value: [{ stolen: true }] }), { status: 200 });
      Object.defineProperty(response, 'redirected', { value: true });
      Object.defineProperty(response, 'url', { value: 'https://elsewhere.example.test/data' });
      return response;
    };
    const { items, error } = await itemsThenFailure(
      fetchAllPages('https://api.example.test/data', { fetch: followingFetch }),
    );
    expect(items).toEqual([]);
    expect(error.code).toBe('CROSS_ORIGIN_REDIRECT');
  });
});
