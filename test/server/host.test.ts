// Where `@nextLink` points, and who may ask: the public URL (baseUrl), the Host header a server accepts
// without one, the forwarded headers behind a trusted proxy, and the security headers of every response.

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sampleLicenseUsage } from '../../src/cli/sample-data.js';
import { FilterError, partnerCenter, type ResponseBody } from '../../src/index.js';
import { type HandlerOptions, type HandlerResponse, handleRequest, readBaseUrl } from '../../src/server/handler.js';
import { type RunningServer, startServer } from '../../src/server/http.js';
import { memorySource } from '../../src/server/sources.js';

const schema = partnerCenter.licenseUsage;
const rows = sampleLicenseUsage(20, 3);
const path = '/v1/analytics/commercial/usage/license';
const source = memorySource(rows, schema, 'test rows');

let loopback: RunningServer;
let published: RunningServer;

beforeAll(async () => {
  loopback = await startServer({ port: 0, source });
  published = await startServer({ port: 0, source, baseUrl: 'https://api.example.com/usage/' });
});

afterAll(async () => {
  await loopback?.close();
  await published?.close();
});

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A GET with any Host header (fetch would not send an arbitrary one). */
function getWithHost(server: RunningServer, target: string, headers: Record<string, string>): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const sent = httpRequest({ host: '127.0.0.1', port, path: target, headers, setHost: false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

const nextLinkOf = (answer: Answer) => (JSON.parse(answer.body) as ResponseBody)['@nextLink'];

/** The handler alone, for listening addresses a test may not bind (any interface, a LAN address). */
function handle(host: string | undefined, localHost: string, options: Partial<HandlerOptions> = {}) {
  return handleRequest(
    { method: 'GET', url: `${path}?top=1`, headers: host === undefined ? {} : { host }, localHost },
    { source, ...options },
  );
}

const linkIn = (response: HandlerResponse) => (JSON.parse(response.body) as ResponseBody)['@nextLink'];

describe('without a public URL, on loopback (the default 127.0.0.1)', () => {
  test.each(['localhost:8080', 'LOCALHOST:8080', 'localhost', '127.0.0.1:3000', '127.0.0.2', '[::1]:8443'])(
    'Host %s is a name of this machine: the next link is built from it',
    async (host) => {
      const answer = await getWithHost(loopback, `${path}?top=1`, { Host: host });
      expect(answer.status).toBe(200);
      expect(nextLinkOf(answer)).toBe(`http://${host.toLowerCase()}${path}?top=1&skip=1`);
    },
  );

  test.each(['evil.example', 'evil.example:80', 'localhost.evil.example', '127.0.0.1.nip.io', '192.168.1.10:8080'])(
    'Host %s is not a loopback name: 400 INVALID_HOST, no link to it (DNS rebinding)',
    async (host) => {
      const answer = await getWithHost(loopback, `${path}?top=1`, { Host: host });
      expect(answer.status).toBe(400);
      const body = JSON.parse(answer.body) as { code: string; description: string; source: string };
      expect(body).toMatchObject({ code: 'INVALID_HOST', source: 'filterby' });
      expect(body.description).toContain('--public-url');
      expect(answer.body).not.toContain('@nextLink');
    },
  );

  test('the playground page is refused to a foreign Host too', async () => {
    const pages = await startServer({
      port: 0,
      source,
      otherPaths: () => ({ status: 200, contentType: 'text/html; charset=utf-8', body: '<p>page</p>' }),
    });
    try {
      expect((await getWithHost(pages, '/', { Host: 'evil.example' })).status).toBe(400);
      expect((await getWithHost(pages, '/', { Host: 'localhost' })).status).toBe(200);
    } finally {
      await pages.close();
    }
  });

  test.each(['localhost:99999', 'localhost:0', 'localhost:', 'localhost:080', 'localhost:8o', '127.0.0.1:65536'])(
    'Host %s has no valid port (1 to 65535): 400 INVALID_HOST',
    async (host) => {
      const answer = await getWithHost(loopback, `${path}?top=1`, { Host: host });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'INVALID_HOST' });
    },
  );

  test('a request without Host (HTTP/1.0) gets a link to the listening address', async () => {
    const { port } = new URL(loopback.url);
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end(`GET ${path}?top=1 HTTP/1.0\r\n\r\n`));
      let received = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        received += chunk;
      });
      socket.on('end', () => resolve(received));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain(`"@nextLink":"${loopback.url}${path.slice(1)}?top=1&skip=1"`);
  });
});

describe('without a public URL, listening on another address', () => {
  test.each(['api.example.com', 'API.example.com:8443', '192.0.2.7:8080', '[2001:db8::1]:80', 'xn--bcher-kva.example'])(
    'any well-formed Host %s is accepted: the server cannot know every name it is reached by',
    async (host) => {
      for (const localHost of ['0.0.0.0:8080', '192.0.2.1:8080', '[::]:8080']) {
        const response = await handle(host, localHost);
        expect(response.status).toBe(200);
        expect(linkIn(response)).toBe(`http://${host.toLowerCase()}${path}?top=1&skip=1`);
      }
    },
  );

  test.each([
    'api.example.com:99999',
    ':8080',
    'a..example',
    '-a.example',
    'a-.example',
    'a_b.example',
    'evil.example/path',
    'user@evil.example',
    'evil.example.',
    '1.2.3.256',
    '1.2.3',
    '[::g]',
    '[2001:db8::1',
    '2001:db8::1',
    `${'a'.repeat(64)}.example`,
    `${'a.'.repeat(127)}example`,
    'evil.example, localhost',
    'host\tname',
    '',
  ])('a malformed Host %j is 400 INVALID_HOST', async (host) => {
    const response = await handle(host, '0.0.0.0:8080');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'INVALID_HOST', source: 'filterby' });
  });
});

describe('with a public URL (baseUrl, --public-url)', () => {
  test('the next link starts with it, whatever the Host; its path is a prefix', async () => {
    for (const host of ['localhost', '127.0.0.1:9', 'api.example.com']) {
      const answer = await getWithHost(published, `${path}?top=1`, { Host: host });
      expect(answer.status).toBe(200);
      expect(nextLinkOf(answer)).toBe(`https://api.example.com/usage${path}?top=1&skip=1`);
    }
    const prefixed = await getWithHost(published, `/partner${path}?top=1`, { Host: 'localhost' });
    expect(nextLinkOf(prefixed)).toBe(`https://api.example.com/usage/partner${path}?top=1&skip=1`);
  });

  test('on loopback it answers its own host name besides the loopback names; nothing else', async () => {
    expect((await getWithHost(published, `${path}?top=1`, { Host: 'evil.example' })).status).toBe(400);
    expect((await getWithHost(published, `${path}?top=1`, { Host: 'api.example.com:99999' })).status).toBe(400);
  });

  test('it wins over X-Forwarded-Host behind a trusted proxy', async () => {
    const response = await handle('localhost', '127.0.0.1:8080', {
      baseUrl: 'https://api.example.com',
      trustProxy: true,
    });
    expect(linkIn(response)).toBe(`https://api.example.com${path}?top=1&skip=1`);
  });

  test.each([
    ['https://api.example.com', 'https://api.example.com'],
    ['https://API.example.com:8443/', 'https://api.example.com:8443'],
    ['http://127.0.0.1:8080/a/b/', 'http://127.0.0.1:8080/a/b'],
  ])('%s is read as %s', (text, read) => {
    expect(readBaseUrl(text)).toBe(read);
  });

  test.each([
    'api.example.com',
    'ftp://api.example.com',
    'https://user:secret@api.example.com',
    'https://api.example.com/?x=1',
    'https://api.example.com/#top',
    'https://api.example.com:99999',
    'https://',
    '/relative',
    '',
  ])('%j is not a public URL: INVALID_PARAMETER naming baseUrl', async (text) => {
    expect(() => readBaseUrl(text)).toThrow(FilterError);
    await expect(startServer({ port: 0, source, baseUrl: text })).rejects.toMatchObject({
      code: 'INVALID_PARAMETER',
      param: 'baseUrl',
    });
  });
});

describe('behind a trusted proxy (trustProxy, no public URL)', () => {
  test('a well-formed X-Forwarded-Host is used and the proxy may send any Host', async () => {
    const response = await handle('backend.internal:8080', '127.0.0.1:8080', { trustProxy: true });
    expect(response.status).toBe(200);
    const forwarded = await handleRequest(
      {
        method: 'GET',
        url: `${path}?top=1`,
        headers: { host: 'backend.internal', 'x-forwarded-host': 'api.example.com', 'x-forwarded-proto': 'https' },
        localHost: '127.0.0.1:8080',
      },
      { source, trustProxy: true },
    );
    expect(linkIn(forwarded)).toBe(`https://api.example.com${path}?top=1&skip=1`);
  });

  test('a malformed X-Forwarded-Host is 400 INVALID_HOST, never a link', async () => {
    const response = await handleRequest(
      {
        method: 'GET',
        url: `${path}?top=1`,
        headers: { host: 'localhost', 'x-forwarded-host': 'evil.example:99999' },
        localHost: '127.0.0.1:8080',
      },
      { source, trustProxy: true },
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'INVALID_HOST' });
  });
});

describe('security headers', () => {
  const everyResponse: [string, string, RequestInit?][] = [
    ['200', `${path}?top=1`],
    ['400', `${path}?top=0`],
    ['404', '/nowhere'],
    ['405', path, { method: 'POST' }],
  ];

  test.each(everyResponse)(
    'a %s JSON response: nosniff, no referrer, no framing, no content',
    async (_, target, init) => {
      const response = await fetch(new URL(target, loopback.url), init);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    },
  );

  test('a page gets a Content-Security-Policy that lets it load only its own origin', async () => {
    const pages = await startServer({
      port: 0,
      source,
      otherPaths: (pathname) =>
        pathname === '/'
          ? { status: 200, contentType: 'text/html; charset=utf-8', body: '<p>page</p>' }
          : { status: 200, contentType: 'text/javascript; charset=utf-8', body: 'export {}' },
    });
    try {
      const page = await fetch(pages.url);
      const policy = page.headers.get('content-security-policy') ?? '';
      expect(policy.split('; ')).toEqual([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ]);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const script = await fetch(new URL('/filterby.js', pages.url));
      expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await pages.close();
    }
  });

  test('an INVALID_HOST answer carries them too', async () => {
    const answer = await getWithHost(loopback, `${path}?top=1`, { Host: 'evil.example' });
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-frame-options']).toBe('DENY');
  });
});
