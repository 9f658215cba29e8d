// The playground in a real browser: Chromium (found, or Debian's installed, by scripts/find-chromium.mjs), driven
// by playwright-core, loads the page from `filterby serve` on loopback, and the test reads what a user would see.

import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ensureChromium } from '../../scripts/find-chromium.mjs';
import { FilterError, licenseUsagePath, parseFilter, parseQuery, partnerCenter, toSql } from '../../src/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const builtPage = `${root}dist/playground/index.html`;
const builtLibrary = `${root}dist/index.js`;
const builtCli = `${root}dist/cli.js`;
const artifacts = `${root}test/artifacts/`;
const schema = partnerCenter.licenseUsage;

// Starting a server and a browser on a busy two-core machine can take longer than vitest's 10 s for a hook.
const hookTimeout = 60_000;
// Installing Debian's chromium (apt-get update, then some 100 MB of packages) when it is missing.
const installTimeout = 20 * 60_000;

let server: ChildProcessByStdio<null, Readable, Readable> | undefined;
/** Where `filterby serve` listens, without the trailing slash: `http://127.0.0.1:40123`. */
let baseUrl = '';
let browser: Browser | undefined;
let page: Page;
/** What went wrong in the page that no assertion looks at directly: script errors, failed or foreign requests. */
let pageProblems: string[] = [];

/** Why the tests cannot run, found by beforeAll and thrown by beforeEach, so that every test fails (none is skipped). */
let missingPrerequisite: string | undefined;

function missingBuild(): string | undefined {
  if (!existsSync(builtPage) || !existsSync(builtLibrary) || !existsSync(builtCli)) {
    return 'dist/ (the CLI, the library or the playground) is missing: run `npm run build` first (npm test builds before testing)';
  }
  return undefined;
}

/** playwright-core's own download, should `npx playwright install chromium` have made one. */
function playwrightsChromium(): string[] {
  try {
    return [chromium.executablePath()];
  } catch {
    return [];
  }
}

/** Spawns `filterby serve --port 0` (the built CLI, as a user runs it) and reads the URL it prints. */
async function startServer(): Promise<void> {
  const child = spawn(process.execPath, [builtCli, 'serve', '--port', '0'], {
    env: { ...process.env, PORT: '', HOST: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = child;
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const listening = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const match = /^filterby: listening on (\S+)\/$/m.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`filterby serve exited ${code} before listening: ${stderr}`)));
  });
  baseUrl = listening;
}

beforeAll(async () => {
  missingPrerequisite = missingBuild();
  if (missingPrerequisite !== undefined) return;
  let executablePath: string;
  try {
    executablePath = await ensureChromium({
      extraPaths: playwrightsChromium(),
      onProgress: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    missingPrerequisite = (error as Error).message;
    return;
  }
  await startServer();
  browser = await chromium.launch({
    executablePath,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, installTimeout);

beforeEach(async () => {
  if (missingPrerequisite !== undefined) throw new Error(missingPrerequisite);
  if (browser === undefined) throw new Error('chromium did not start; see the error of beforeAll');
  pageProblems = [];
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('pageerror', (error) => pageProblems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx response as a console error; the response listener below judges those.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageProblems.push(`console error: ${message.text()}`);
    }
  });
  page.on('requestfailed', (request) => pageProblems.push(`request failed: ${request.url()}`));
  page.on('request', (request) => {
    // Offline: the page loads nothing from anywhere but the server that serves it.
    if (!request.url().startsWith(`${baseUrl}/`) && !request.url().startsWith('data:')) {
      pageProblems.push(`request to another origin: ${request.url()}`);
    }
  });
  page.on('response', (response) => {
    // A 400 from the endpoint is the server's answer to a broken filter; anything else at 4xx/5xx is a fault.
    const isEndpoint = new URL(response.url()).pathname === licenseUsagePath;
    if (response.status() >= 400 && !(isEndpoint && response.status() === 400)) {
      pageProblems.push(`HTTP ${response.status()} for ${response.url()}`);
    }
  });
  await page.goto(`${baseUrl}/`);
}, hookTimeout);

afterEach(async () => {
  await page?.close();
}, hookTimeout);

afterAll(async () => {
  await browser?.close();
  if (server !== undefined && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}, hookTimeout);

const text = async (selector: string) => (await page.textContent(selector)) ?? '';

/**
 * Waits until `read` gives what the assertion wants. Typing is debounced and each request is a round trip, so
 * a value on the page is final only once it matches; the 15 s bound is generous for a loaded two-core machine.
 */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 50 });

/** Types into an input as a user does (each key an input event), after clearing it. */
async function typeInto(selector: string, value: string): Promise<void> {
  await page.fill(selector, '');
  await page.locator(selector).pressSequentially(value);
}

/** The result table as the user sees it: the header cells, then each row's cells. */
async function readTable(): Promise<{ header: string[]; rows: string[][] }> {
  return page.evaluate(() => {
    const table = document.getElementById('result-table') as HTMLTableElement;
    const cells = (row: HTMLTableRowElement) => Array.from(row.cells, (cell) => cell.textContent ?? '');
    return {
      header: Array.from(table.tHead?.rows ?? [], cells).flat(),
      rows: Array.from(table.tBodies[0]?.rows ?? [], cells),
    };
  });
}

describe('the playground page', () => {
  test('is served with the library build it runs, which has no Node imports', async () => {
    const library = await (await fetch(`${baseUrl}/filterby.js`)).text();
    expect(library).toBe(readFileSync(builtLibrary, 'utf8'));
    expect(library).not.toMatch(/["']node:/);
    expect(library).toContain('FilterError');
    const pageScript = await (await fetch(`${baseUrl}/playground.js`)).text();
    // The page imports the served library; it does not carry a copy of it.
    expect(pageScript).toContain('from "./filterby.js"');
    expect(pageScript).not.toContain('class FilterError');
    expect(await page.getAttribute('#filter', 'aria-describedby')).toBe('filter-error');
    expect(await page.textContent('label[for="filter"]')).toBe('filter');
  });

  test("shows the typed filter's canonical form, query string, SQL for every dialect and the server's rows", async () => {
    await typeInto('#groupby', 'channel , workloadCode');
    await typeInto('#filter', "(workloadCode eq 'EXO')  or channel eq 'direct'");
    await typeInto('#top', '5');

    const query = parseQuery(
      { filter: "workloadCode eq 'EXO' or channel eq 'direct'", groupby: 'channel,workloadCode', top: '5' },
      { schema },
    );
    // Every input shows in the query string, so once it is final, so is everything drawn with it.
    await eventually(() => text('#query-string')).toBe(
      'filter=workloadCode%20eq%20%27EXO%27%20or%20channel%20eq%20%27direct%27&groupby=channel,workloadCode&top=5',
    );
    expect(await text('#canonical-filter')).toBe("workloadCode eq 'EXO' or channel eq 'direct'");
    expect(await text('#canonical-groupby')).toBe('channel,workloadCode');
    expect(await text('#status')).toBe('valid');
    expect(await page.isHidden('#filter-error')).toBe(true);
    for (const dialect of ['postgres', 'sqlite', 'mysql', 'mssql'] as const) {
      const statement = toSql(query, { schema, dialect });
      expect(await text(`#sql-${dialect}`)).toBe(statement.text);
      expect(await text(`#sql-${dialect}-values`)).toBe(`values ${JSON.stringify(statement.values)}`);
    }

    // The table shows what the endpoint answers for the request the page names.
    const requestUrl = `${licenseUsagePath}?filter=workloadCode%20eq%20%27EXO%27%20or%20channel%20eq%20%27direct%27&groupby=channel,workloadCode&top=5`;
    expect(await text('#request-url')).toBe(`GET ${requestUrl}`);
    const answer = (await (await fetch(`${baseUrl}${requestUrl}`)).json()) as {
      Value: Record<string, unknown>[];
      TotalCount: number;
    };
    expect(answer.Value).toHaveLength(5);
    // Only the last request asks for top=5; the ones sent while typing asked for more rows.
    await eventually(async () => (await readTable()).rows.length).toBe(5);
    const table = await readTable();
    expect(table.header).toEqual(['channel', 'workloadCode', 'licensesActive', 'licensesQualified']);
    expect(table.rows).toEqual(answer.Value.map((row) => table.header.map((column) => String(row[column]))));
    expect(table.rows.every(([channel, workload]) => workload === 'EXO' || channel?.toLowerCase() === 'direct')).toBe(
      true,
    );
    expect(await text('#total-count')).toBe(`TotalCount ${answer.TotalCount}, 5 in this page`);
    expect(await text('#next-link')).toContain('skip=5');
    expect(await page.isHidden('#server-error')).toBe(true);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}playground.png`, fullPage: true });
    expect(statSync(`${artifacts}playground.png`).size).toBeGreaterThan(10_000);
    expect(pageProblems).toEqual([]);
  });

  test('shows a broken filter as the error with its caret, and the server’s 400 body', async () => {
    const broken = "workloadCode EQ 'SFB' or (channel eq 'Reseller')";
    await typeInto('#filter', broken);

    const expected = errorOf(() => parseFilter(broken, { schema }));
    // Text typed halfway is an error too; wait for the whole text's.
    await eventually(() => text('#filter-error')).toBe(expected.format());
    expect(await page.isVisible('#filter-error')).toBe(true);
    const shown = await text('#filter-error');
    // The caret sits under `EQ`, the 14th column of the line drawn above it.
    const [, line, caret] = shown.split('\n');
    expect(line).toBe(`  ${broken}`);
    expect(caret).toBe(`  ${' '.repeat(13)}^^`);
    expect(await page.getAttribute('#filter', 'aria-invalid')).toBe('true');
    expect(await text('#status')).toBe('1 error');
    expect(await text('#canonical-filter')).toBe('');
    expect(await text('#sql-postgres')).toBe('');

    // The page sends the text as typed, so that the server's own answer to it shows.
    expect(await text('#request-url')).toBe(
      `GET ${licenseUsagePath}?filter=workloadCode%20EQ%20%27SFB%27%20or%20%28channel%20eq%20%27Reseller%27%29&groupby=workloadCode,channel`,
    );
    expect(await page.isHidden('#sql-grid')).toBe(true);
    expect(await page.isVisible('#sql-note')).toBe(true);
    const serverBody = async () => {
      const shownError = await text('#server-error');
      return {
        status: shownError.split('\n')[0],
        body: JSON.parse(shownError.slice(shownError.indexOf('\n') + 1) || '{}'),
      };
    };
    await eventually(serverBody).toEqual({ status: 'HTTP 400', body: expected.toJSON() });
    expect(await page.isVisible('#server-error')).toBe(true);
    expect((await readTable()).rows).toEqual([]);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}playground-error.png`, fullPage: true });

    // Fixing the filter clears the error and brings the rows back.
    await typeInto('#filter', "workloadCode eq 'SFB'");
    await eventually(() => text('#canonical-filter')).toBe("workloadCode eq 'SFB'");
    expect(await page.isHidden('#filter-error')).toBe(true);
    expect(await page.getAttribute('#filter', 'aria-invalid')).toBeNull();
    await eventually(async () => (await readTable()).rows.length).toBeGreaterThan(0);
    expect(await page.isHidden('#server-error')).toBe(true);
    expect(pageProblems).toEqual([]);
  });

  test("shows a literal PostgreSQL cannot hold as the postgres pane's error, beside the other dialects' SQL", async () => {
    // U+0000 cannot be typed; pasting it is how it arrives.
    const filterText = "workloadCode eq 'a\u0000b'";
    await page.fill('#filter', filterText);
    const query = parseQuery({ filter: filterText, groupby: 'workloadCode,channel' }, { schema });
    const refusal = errorOf(() => toSql(query, { schema, dialect: 'postgres' }));
    expect(refusal.code).toBe('INVALID_LITERAL');
    await eventually(() => text('#sql-postgres')).toBe(refusal.format());
    expect(await text('#sql-postgres-values')).toBe('');
    expect(await text('#sql-sqlite')).toBe(toSql(query, { schema, dialect: 'sqlite' }).text);
    expect(await text('#status')).toBe('valid');
    expect(await page.isHidden('#filter-error')).toBe(true);
    expect(pageProblems).toEqual([]);
  });

  test('shows a bad top under the paging inputs and keeps the address in step with the inputs', async () => {
    await typeInto('#top', '0');
    await eventually(() => text('#options-error')).toBe(errorOf(() => parseQuery('top=0', { schema })).format());
    expect(await page.isVisible('#options-error')).toBe(true);
    expect(await page.getAttribute('#top', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#skip', 'aria-invalid')).toBeNull();
    expect(new URL(page.url()).searchParams.get('top')).toBe('0');

    // Reloading the address shows the same inputs.
    await page.reload();
    expect(await page.inputValue('#top')).toBe('0');
    expect(await page.inputValue('#filter')).toBe("workloadCode eq 'SFB' or (channel eq 'Reseller')");
    await eventually(() => page.isVisible('#options-error')).toBe(true);
    expect(pageProblems).toEqual([]);
  });
});

function errorOf(run: () => unknown): FilterError {
  try {
    run();
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw error;
  }
  throw new Error('expected a FilterError');
}
