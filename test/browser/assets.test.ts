// playgroundResponse: which paths the playground answers for a server, with what, and which it leaves alone.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, test } from 'vitest';
import { playgroundResponse } from '../../src/playground/assets.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

// Checked before each test, so that every test fails (none is skipped) when the build is missing.
beforeEach(() => {
  if (!existsSync(`${dist}playground/index.html`)) {
    throw new Error('dist/playground is missing: run `npm run build` first (npm test builds before testing)');
  }
});

describe('playgroundResponse', () => {
  test('answers / and /index.html with the page, which loads its script as a module', () => {
    const page = playgroundResponse('/');
    expect(page?.status).toBe(200);
    expect(page?.contentType).toBe('text/html; charset=utf-8');
    expect(page?.body).toContain('<script type="module" src="/playground.js"></script>');
    expect(playgroundResponse('/index.html')).toEqual(page);
  });

  test("answers the page's script, style and icon, and /filterby.js with the library's ESM build", () => {
    expect(playgroundResponse('/playground.js')).toEqual({
      status: 200,
      contentType: 'text/javascript; charset=utf-8',
      body: readFileSync(`${dist}playground/playground.js`, 'utf8'),
    });
    expect(playgroundResponse('/playground.css')?.contentType).toBe('text/css; charset=utf-8');
    // The icon is a file of the same origin: a data: URL is refused by a Content-Security-Policy of 'self'.
    expect(playgroundResponse('/favicon.svg')).toEqual({
      status: 200,
      contentType: 'image/svg+xml',
      body: readFileSync(`${dist}playground/favicon.svg`, 'utf8'),
    });
    expect(playgroundResponse('/')?.body).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml" />');
    expect(playgroundResponse('/filterby.js')).toEqual({
      status: 200,
      contentType: 'text/javascript; charset=utf-8',
      body: readFileSync(`${dist}index.js`, 'utf8'),
    });
  });

  test('leaves every other path to the server, including the rest of dist/', () => {
    for (const path of [
      '/v1/analytics/commercial/usage/license',
      '/index.js',
      '/index.cjs',
      '/cli.js',
      '/playground/index.html',
      '/../package.json',
      '/%2e%2e/package.json',
      '/favicon.ico',
      '/PLAYGROUND.JS',
      '/constructor',
      '/__proto__',
      '',
    ]) {
      expect(playgroundResponse(path), path).toBeUndefined();
    }
  });
});
