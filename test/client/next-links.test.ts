// Next links as a server may send them: whatever is wrong with a link, the page's rows come first and a
// PartnerCenterError follows; fresh links to empty pages are not followed forever; one signal across thousands
// of pages gains no listeners.

import { getEventListeners } from 'node:events';
import { afterAll, describe, expect, test } from 'vitest';
import { fetchAllPages, fetchPages } from '../../src/client/index.js';
import { closeScriptedServers, collect, itemsThenFailure, json, scriptedServer } from './servers.js';

afterAll(closeScriptedServers);

/** A server whose first page is `{ Value: [{ page: 1 }], ...link }`; any later request gets a forged row. */
async function firstPageWith(link: Record<string, unknown>) {
  return scriptedServer((request, response) =>
    request.url === '/data'
      ? json(response, 200, { Value: [{ page: 1 }], ...link })
      : json(response, 200, { Value: [{ forged: true }] }),
  );
}

describe('a next link that cannot be followed: rows first, then INVALID_NEXT_LINK', () => {
  test.each([
    ['not a URL', { '@nextLink': 'http://[::1' }, 'not a URL'],
    ['a host with a space', { nextLink: 'http://exa mple.com/data' }, 'not a URL'],
    ['a number', { '@nextLink': 5 }, '@nextLink is not a string'],
    ['an object', { '@odata.nextLink': { href: '/x' } }, '@odata.nextLink is not a string'],
    ['links.next.uri a list', { links: { next: { uri: ['/x'] } } }, 'links.next.uri is not a string'],
    ['javascript:', { '@nextLink': 'javascript:alert(1)' }, 'not an http or https URL'],
    ['file:', { '@nextLink': 'file:///etc/passwd' }, 'not an http or https URL'],
    ['data:, with forged rows', { '@nextLink': 'data:application/json,{"Value":[{"forged":true}]}' }, 'not an http'],
  ])('%s', async (_name, link, words) => {
    const server = await firstPageWith(link);
    // allowOtherOrigins: these are refused for what they are, not for where they lead.
    const { items, error } = await itemsThenFailure(fetchAllPages(`${server.url}/data`, { allowOtherOrigins: true }));
    expect(items).toEqual([{ page: 1 }]);
    expect(error).toMatchObject({ code: 'INVALID_NEXT_LINK', url: `${server.url}/data`, status: undefined });
    expect(error.description).toContain(words);
    expect(server.requests).toHaveLength(1);
  });

  test.each([
    ['a name with a space', [{ key: 'MS Continuation', value: 't' }], 'not a header name'],
    ['an empty name', [{ key: '', value: 't' }], 'not a header name'],
    ['a value with CRLF', [{ key: 'MS-ContinuationToken', value: 't\r\nX-Injected: 1' }], 'line break'],
    ['a value with NUL', [{ key: 'MS-ContinuationToken', value: 'a\u0000b' }], 'line break'],
    ['a value beyond U+00FF', [{ key: 'MS-ContinuationToken', value: 'token-\u20ac' }], 'U+00FF'],
    ['Host', [{ key: 'Host', value: 'elsewhere.example' }], 'only the HTTP client'],
    ['Transfer-Encoding', [{ key: 'transfer-encoding', value: 'chunked' }], 'only the HTTP client'],
    ['a value not a string', [{ key: 'MS-ContinuationToken', value: 7 }], 'not { key, value }'],
    ['an entry not an object', ['MS-ContinuationToken: t'], 'not { key, value }'],
    ['headers not a list', { 'MS-ContinuationToken': 't' }, 'not a list'],
  ])('links.next.headers with %s', async (_name, headers, words) => {
    const server = await firstPageWith({ links: { next: { uri: '/data?page=2', headers } } });
    const { items, error } = await itemsThenFailure(fetchAllPages(`${server.url}/data`));
    expect(items).toEqual([{ page: 1 }]);
    expect(error.code).toBe('INVALID_NEXT_LINK');
    expect(error.description).toContain('links.next.headers');
    expect(error.description).toContain(words);
    expect(server.requests).toHaveLength(1);
  });

  test('fetchPages hands out the page, without a nextUrl, before the error', async () => {
    const server = await firstPageWith({ '@nextLink': 'http://[::1' });
    const { items } = await itemsThenFailure(fetchPages(`${server.url}/data`, { requestIds: false }));
    expect(items).toEqual([{ url: `${server.url}/data`, rows: [{ page: 1 }] }]);
  });

  test('an empty link is no link', async () => {
    const server = await firstPageWith({ '@nextLink': '' });
    expect(await collect(fetchAllPages(`${server.url}/data`))).toEqual([{ page: 1 }]);
  });
});

test("a link's fragment is never sent, so /b#1, /b#2, … are the same page: NEXT_LINK_LOOP", async () => {
  const server = await scriptedServer((_request, response, count) =>
    json(response, 200, { Value: [{ count }], '@nextLink': `/b#${count}` }),
  );
  const { items, error } = await itemsThenFailure(fetchAllPages(`${server.url}/a`));
  expect(error.code).toBe('NEXT_LINK_LOOP');
  expect(items).toEqual([{ count: 1 }, { count: 2 }]);
  expect(server.requests.map((request) => request.url)).toEqual(['/a', '/b']);
});

describe('empty pages with fresh links', () => {
  /** Page n has a row when `hasRow(n)`, and a link to page n + 1 until `last`. */
  const pagesOf = (hasRow: (page: number) => boolean, last = Number.POSITIVE_INFINITY) =>
    scriptedServer((request, response) => {
      const page = Number(new URL(request.url!, 'http://x').searchParams.get('page') ?? '1');
      json(response, 200, {
        Value: hasRow(page) ? [{ page }] : [],
        ...(page < last && { '@nextLink': `/data?page=${page + 1}` }),
      });
    });

  test('are followed 10 in a row by default, then TOO_MANY_EMPTY_PAGES', async () => {
    const server = await pagesOf((page) => page === 1);
    const { items, error } = await itemsThenFailure(fetchAllPages(`${server.url}/data`));
    expect(items).toEqual([{ page: 1 }]);
    expect(error).toMatchObject({ code: 'TOO_MANY_EMPTY_PAGES', url: `${server.url}/data?page=11` });
    expect(error.description).toContain('maxEmptyPages');
    expect(server.requests).toHaveLength(11);
  });

  test('maxEmptyPages sets how many; a page with rows starts the count again', async () => {
    // Three empty pages, each with a link, before every page with a row.
    const everyFourth = await pagesOf((page) => page % 4 === 0, 20);
    const got = await collect(fetchAllPages(`${everyFourth.url}/data`, { maxEmptyPages: 4 }));
    expect(got).toEqual([4, 8, 12, 16, 20].map((page) => ({ page })));
    const { items, error } = await itemsThenFailure(fetchAllPages(`${everyFourth.url}/data`, { maxEmptyPages: 3 }));
    expect(items).toEqual([]);
    expect(error).toMatchObject({ code: 'TOO_MANY_EMPTY_PAGES', url: `${everyFourth.url}/data?page=3` });
  });

  test('maxEmptyPages: 0 follows no empty page, and every page with rows', async () => {
    const server = await pagesOf((page) => page !== 3, 5);
    const { items, error } = await itemsThenFailure(fetchAllPages(`${server.url}/data`, { maxEmptyPages: 0 }));
    expect(items).toEqual([{ page: 1 }, { page: 2 }]);
    expect(error).toMatchObject({ code: 'TOO_MANY_EMPTY_PAGES', url: `${server.url}/data?page=3` });
  });

  test('an empty page without a link is the end, not an error', async () => {
    const server = await pagesOf((page) => page === 1, 2);
    expect(await collect(fetchAllPages(`${server.url}/data`, { maxEmptyPages: 1 }))).toEqual([{ page: 1 }]);
  });
});

test('3,000 pages on one signal: its abort listeners do not grow, and Node warns of no leak', async () => {
  const pages = 3000;
  const server = await scriptedServer((request, response) => {
    const page = Number(new URL(request.url!, 'http://x').searchParams.get('page') ?? '1');
    json(response, 200, { Value: [{ page }], ...(page < pages && { '@nextLink': `/data?page=${page + 1}` }) });
  });
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    const controller = new AbortController();
    let mostListeners = 0;
    let seen = 0;
    for await (const page of fetchPages(`${server.url}/data`, { signal: controller.signal })) {
      seen += page.rows.length;
      mostListeners = Math.max(mostListeners, getEventListeners(controller.signal, 'abort').length);
    }
    expect(seen).toBe(pages);
    expect(mostListeners).toBe(0);
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  } finally {
    process.off('warning', onWarning);
  }
});
