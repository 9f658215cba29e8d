// The playground in a real browser: Chromium (found, or Debian's installed, by scripts/find-chromium.mjs), driven
// by playwright-core, loads the page from `filterby serve` on loopback, and the test reads what a user would see.

import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ensureChromium } from '../../scripts/find-chromium.mjs';
import {
  dialectNames,
  licenseUsagePath,
  type PartnerCenterEndpoint,
  parseFilter,
  parseQuery,
  partnerCenter,
  partnerCenterPaths,
  toQueryString,
  toSql,
} from '../../src/index.js';
import { errorOf } from '../expect-error.js';

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

/**
 * The policy the page must run under: nothing but its own origin, so no inline script or style. The server may
 * send its own; when it sends none, the test adds this one, so that the page is held to it either way.
 */
const strictPolicy = "default-src 'self'";

beforeEach(async () => {
  if (missingPrerequisite !== undefined) throw new Error(missingPrerequisite);
  if (browser === undefined) throw new Error('chromium did not start; see the error of beforeAll');
  pageProblems = [];
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('pageerror', (error) => pageProblems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    // Chromium logs every 4xx response as a console error; the response listener below judges those. A
    // Content-Security-Policy refusal is a console error too, and counts as a problem.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      pageProblems.push(`console error: ${message.text()}`);
    }
  });
  page.on('requestfailed', (request) => {
    // A cancelled request is no fault: the page cancels a stale fetch when the inputs change, and navigating
    // cancels what the previous address was still loading (its icon, say).
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    pageProblems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('request', (request) => {
    // Offline: the page loads nothing from anywhere but the server that serves it.
    if (!request.url().startsWith(`${baseUrl}/`)) pageProblems.push(`request to another origin: ${request.url()}`);
  });
  page.on('response', (response) => {
    // A 400 from the endpoint is the server's answer to a broken filter; anything else at 4xx/5xx is a fault.
    const isEndpoint = (Object.values(partnerCenterPaths) as string[]).includes(new URL(response.url()).pathname);
    if (response.status() >= 400 && !(isEndpoint && response.status() === 400)) {
      pageProblems.push(`HTTP ${response.status()} for ${response.url()}`);
    }
  });
  await page.route(
    (url) => url.origin === baseUrl && (url.pathname === '/' || url.pathname === '/index.html'),
    async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      headers['content-security-policy'] ??= strictPolicy;
      await route.fulfill({ response, headers });
    },
  );
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

/** One entry of the error list as shown: whose it is, its code, its message, and the input excerpt with its mark. */
interface ShownError {
  source: string;
  code: string;
  message: string;
  excerpt: string;
  marked: string | null;
}

/** The entries of the error list a user sees, in order. */
async function readErrors(): Promise<ShownError[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('#errors > li'))
      .filter((entry) => entry.checkVisibility())
      .map((entry) => ({
        source: entry.querySelector('.error-source')?.textContent ?? '',
        code: entry.querySelector('.error-code')?.textContent ?? '',
        message: entry.querySelector('.error-message')?.textContent ?? '',
        excerpt: entry.querySelector('.error-excerpt')?.textContent ?? '',
        marked: entry.querySelector('.error-excerpt mark')?.textContent ?? null,
      })),
  );
}

/** How many times `needle` occurs in the text the page shows (closed <details> and hidden elements left out). */
async function timesShown(needle: string): Promise<number> {
  const shown = await page.evaluate(() => document.body.innerText);
  return shown.split(needle).length - 1;
}

/** Elements at or under `selector` whose content is wider than their box: text cut off, or a sideways scroll. */
async function overflowingElements(selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const roots = Array.from(document.querySelectorAll<HTMLElement>(selector));
    return roots
      .flatMap((element) => [element, ...Array.from(element.querySelectorAll<HTMLElement>('*'))])
      .filter((element) => element.checkVisibility() && element.scrollWidth > element.clientWidth)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}#${element.id}.${element.className}: ${element.scrollWidth} > ${element.clientWidth}`,
      );
  }, selector);
}

async function screenshot(name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: `${artifacts}${name}.png`, fullPage: true });
  expect(statSync(`${artifacts}${name}.png`).size).toBeGreaterThan(10_000);
}

/** A grouped query that answers rows: the one the screenshots and the README show. */
const groupedInputs = {
  filter: "workloadCode eq 'EXO' or channel eq 'direct'",
  groupby: 'channel,workloadCode',
  top: '5',
};

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

  test("runs under Content-Security-Policy default-src 'self': no inline script or style, nothing from elsewhere", async () => {
    const html = await (await fetch(`${baseUrl}/`)).text();
    // Every script is a file; no <style> element and no style attribute, which the policy would refuse.
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="/playground.js">']);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:|data:/i);
    // The script ran (it fills in the status) and nothing was refused: a refusal is a console error.
    await eventually(() => text('#status')).toBe('valid');
    await eventually(async () => (await readTable()).rows.length).toBeGreaterThan(0);
    // The style sheet applied: the error list has its class's look, not the browser's default bullets.
    expect(await page.$eval('#errors', (list) => getComputedStyle(list).listStyleType)).toBe('none');
    expect(pageProblems).toEqual([]);
  });

  test("shows the typed filter's canonical form, query string, SQL for every dialect and the server's rows", async () => {
    await typeInto('#groupby', 'channel , workloadCode');
    await typeInto('#filter', "(workloadCode eq 'EXO')  or channel eq 'direct'");
    await typeInto('#top', '5');

    const query = parseQuery(groupedInputs, { schema });
    // Every input shows in the query string, so once it is final, so is everything drawn with it.
    await eventually(() => text('#query-string')).toBe(
      'filter=workloadCode%20eq%20%27EXO%27%20or%20channel%20eq%20%27direct%27&groupby=channel,workloadCode&top=5',
    );
    expect(await text('#canonical-filter')).toBe(groupedInputs.filter);
    expect(await text('#canonical-groupby')).toBe(groupedInputs.groupby);
    expect(await text('#status')).toBe('valid');
    expect(await readErrors()).toEqual([]);
    for (const dialect of dialectNames) {
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
    // A column of numbers is right-aligned, its heading too, so that the heading stands over its digits.
    const alignment = await page.$$eval('#result-table th', (cells) =>
      cells.map((cell) => getComputedStyle(cell).textAlign),
    );
    expect(alignment).toEqual(['left', 'left', 'right', 'right']);
    expect(await text('#total-count')).toBe(`TotalCount ${answer.TotalCount}, 5 in this page`);
    expect(await text('#next-link')).toContain('skip=5');
    expect(await page.isHidden('#server-answer')).toBe(true);
    expect(pageProblems).toEqual([]);
  });

  test('puts the rows first and the SQL folded below them, at 1280 and at 400 px', async () => {
    await page.goto(`${baseUrl}/?${new URLSearchParams(groupedInputs)}`);
    await eventually(async () => (await readTable()).rows.length).toBe(5);
    await eventually(() => page.isVisible('#result-table tbody tr')).toBe(true);

    // In document order the rows come before the SQL, and the first row is on the first screen of a laptop.
    const rowsBeforeSql = await page.evaluate(() => {
      const rows = document.getElementById('result-table') as HTMLElement;
      const sql = document.getElementById('sql-postgres') as HTMLElement;
      return (rows.compareDocumentPosition(sql) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    });
    expect(rowsBeforeSql).toBe(true);
    const firstRow = await page.locator('#result-table tbody tr').first().boundingBox();
    expect(firstRow?.y).toBeLessThan(800);

    // The SQL is inside a <details>, closed until asked for; opening it shows each dialect's statement.
    const folded = await page.$eval('#sql-postgres', (pre) => {
      const details = pre.closest('details');
      return { inDetails: details !== null, open: details?.open ?? null };
    });
    expect(folded).toEqual({ inDetails: true, open: false });
    expect(await page.isVisible('#sql-postgres')).toBe(false);
    expect(await timesShown('SELECT')).toBe(0);
    await screenshot('playground-1280');
    await page.setViewportSize({ width: 400, height: 900 });
    // Nothing pushes the page wider than the screen; the table scrolls sideways inside its own frame.
    // (Once the chart, drawn at its box's width, has been drawn again for the narrower box.)
    await eventually(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    expect(await overflowingElements('.parsed, #result-heading, .request, #total-count, #next-link')).toEqual([]);
    await screenshot('playground-400');

    await page.click('#sql-details > summary');
    expect(await page.isVisible('#sql-postgres')).toBe(true);
    const query = parseQuery(groupedInputs, { schema });
    const selects = dialectNames
      .map((dialect) => toSql(query, { schema, dialect }).text.split('SELECT').length - 1)
      .reduce((sum, count) => sum + count);
    expect(await timesShown('SELECT')).toBe(selects);
    // Opened, the SQL wraps too: long lines break rather than push the page sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await screenshot('playground-sql-400');
    expect(pageProblems).toEqual([]);
  });

  test('shows every error, counted once: a bad groupby and top=-3 are two errors, the server’s 400 no third', async () => {
    const inputs = { filter: "workloadCode eq 'EXO'", groupby: 'workloadCode,licensesActive', top: '-3' };
    await page.goto(`${baseUrl}/?${new URLSearchParams(inputs)}`);
    const groupByError = errorOf(() => parseQuery({ groupby: inputs.groupby }, { schema }));
    const topError = errorOf(() => parseQuery({ top: inputs.top }, { schema }));
    expect(groupByError.code).toBe('FIELD_NOT_GROUPABLE');

    // The server answers the first fault it meets, the groupby's: the same error, so said once and not counted.
    await eventually(() => text('#server-answer')).toBe(
      'HTTP 400: the server refuses this request with the groupby error above.',
    );
    expect(await text('#status')).toBe('2 errors');
    expect(await readErrors()).toEqual([
      {
        source: 'groupby',
        code: 'FIELD_NOT_GROUPABLE',
        message: groupByError.message,
        excerpt: inputs.groupby,
        marked: 'licensesActive',
      },
      { source: 'top', code: 'INVALID_PARAMETER', message: topError.message, excerpt: '', marked: null },
    ]);
    expect(await page.getAttribute('#groupby', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#top', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#top', 'aria-describedby')).toBe('top-error');
    expect(await page.getAttribute('#filter', 'aria-invalid')).toBeNull();
    expect(await page.getAttribute('#skip', 'aria-invalid')).toBeNull();
    // Each message shows once: the server's JSON body is not drawn beside it.
    expect(await timesShown(groupByError.message)).toBe(1);
    expect(await timesShown(topError.message)).toBe(1);
    expect(await timesShown('"description"')).toBe(0);
    // The body is there, folded, for whoever wants the wire shape.
    expect(JSON.parse(await text('#server-body'))).toEqual(groupByError.toJSON());
    expect(await page.isVisible('#server-body')).toBe(false);
    expect((await readTable()).rows).toEqual([]);
    // No rows, no empty table frame.
    expect(await page.isHidden('#table-wrap')).toBe(true);
    await screenshot('playground-errors-1280');

    // At 400 px every error wraps inside its box: no text is cut at the edge, nothing scrolls sideways.
    await page.setViewportSize({ width: 400, height: 900 });
    expect(await overflowingElements('#errors')).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    const messageBox = await page.locator('#groupby-error .error-message').boundingBox();
    expect(messageBox?.height).toBeGreaterThan(60);
    await screenshot('playground-errors-400');

    // Every input wrong: five errors, one for each, in the order of the form.
    await page.setViewportSize({ width: 1280, height: 1000 });
    await typeInto('#filter', 'workloadCode eq');
    await typeInto('#skip', 'x');
    await typeInto('#processedDateTime', 'yesterday');
    await eventually(() => text('#status')).toBe('5 errors');
    const shown = await readErrors();
    expect(shown.map((entry) => entry.source)).toEqual(['filter', 'groupby', 'top', 'skip', 'processedDateTime']);
    expect(shown[0]?.excerpt).toBe('workloadCode eq');
    expect(pageProblems).toEqual([]);
  });

  test('counts an error only the server finds as one more, and shows a server that does not answer', async () => {
    // A server whose limits are stricter than the library's defaults: the page finds nothing wrong, the server does.
    const refusal = {
      code: 'LIMIT_EXCEEDED',
      description: 'The filter is longer than this server allows (10 characters)',
      data: [{ param: 'filter' }],
      source: 'filterby',
    };
    await page.route(`${baseUrl}${licenseUsagePath}?**`, (route) =>
      route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify(refusal) }),
    );
    await typeInto('#filter', "channel eq 'Reseller'");
    // Text typed halfway ("channel eq 'Res") is an error of its own: wait for the server's, not for a count.
    await eventually(() => readErrors()).toEqual([
      { source: 'server', code: 'HTTP 400 LIMIT_EXCEEDED', message: refusal.description, excerpt: '', marked: null },
    ]);
    expect(await text('#status')).toBe('1 error');
    expect(await text('#server-answer')).toBe('HTTP 400: the server refuses this request; its error is listed above.');
    expect(await timesShown(refusal.description)).toBe(1);

    // A body that is not filterby's error: its text, once.
    await page.unroute(`${baseUrl}${licenseUsagePath}?**`);
    await page.route(`${baseUrl}${licenseUsagePath}?**`, (route) =>
      route.fulfill({ status: 502, contentType: 'text/plain', body: 'upstream timed out\n' }),
    );
    await typeInto('#filter', "channel eq 'Direct'");
    await eventually(async () => (await readErrors()).map((entry) => entry.code)).toEqual(['HTTP 502']);
    expect((await readErrors())[0]?.message).toBe('upstream timed out');
    expect(await text('#status')).toBe('1 error');

    // No answer at all: said once, as the server's error.
    await page.unroute(`${baseUrl}${licenseUsagePath}?**`);
    await page.route(`${baseUrl}${licenseUsagePath}?**`, (route) => route.abort('connectionrefused'));
    await typeInto('#filter', "channel eq 'Advisor'");
    await eventually(async () => (await readErrors()).map((entry) => entry.code)).toEqual(['no answer']);
    expect((await readErrors())[0]?.message).toMatch(/^Could not reach the server: TypeError: /);
    expect(await text('#server-answer')).toBe('No answer from the server; the error is listed above.');
    expect(await text('#status')).toBe('1 error');

    // Fixed: no error left, and the rows come back.
    await page.unroute(`${baseUrl}${licenseUsagePath}?**`);
    await typeInto('#filter', "channel eq 'Reseller'");
    await eventually(() => text('#status')).toBe('valid');
    await eventually(async () => (await readTable()).rows.length).toBeGreaterThan(0);
    expect(await readErrors()).toEqual([]);
    expect(await page.isHidden('#server-answer')).toBe(true);
    // The 502 and the refused connection above are the test's own; every other problem counts.
    const staged = (problem: string) =>
      problem.startsWith('HTTP 502') || problem.endsWith('(net::ERR_CONNECTION_REFUSED)');
    expect(pageProblems.filter((problem) => !staged(problem))).toEqual([]);
  });

  test('shows a broken filter as the error with its span marked, and says the server refuses it too', async () => {
    const broken = "workloadCode EQ 'SFB' or (channel eq 'Reseller')";
    await typeInto('#filter', broken);

    const expected = errorOf(() => parseFilter(broken, { schema }));
    // Text typed halfway is an error too; wait for the whole text's.
    await eventually(async () => (await readErrors())[0]?.message).toBe(expected.message);
    expect(await readErrors()).toEqual([
      { source: 'filter', code: 'SYNTAX', message: expected.message, excerpt: broken, marked: 'EQ' },
    ]);
    expect(await page.getAttribute('#filter', 'aria-invalid')).toBe('true');
    expect(await text('#status')).toBe('1 error');
    expect(await text('#canonical-filter')).toBe('');
    expect(await text('#sql-postgres')).toBe('');

    // The page sends the text as typed, so that the server's own answer to it shows.
    expect(await text('#request-url')).toBe(
      `GET ${licenseUsagePath}?filter=workloadCode%20EQ%20%27SFB%27%20or%20%28channel%20eq%20%27Reseller%27%29&groupby=workloadCode,channel`,
    );
    expect(await page.isHidden('#sql-grid')).toBe(true);
    expect(await page.$eval('#sql-note', (note) => (note as HTMLElement).hidden)).toBe(false);
    await eventually(() => text('#server-answer')).toBe(
      'HTTP 400: the server refuses this request with the filter error above.',
    );
    expect(JSON.parse(await text('#server-body'))).toEqual(expected.toJSON());
    expect(await text('#status')).toBe('1 error');
    expect((await readTable()).rows).toEqual([]);

    // A fault at the end of the text marks the place where something is missing.
    await typeInto('#filter', 'workloadCode eq');
    await eventually(async () => (await readErrors())[0]?.excerpt).toBe('workloadCode eq');
    expect((await readErrors())[0]?.marked).toBe('');
    const gap = await page.locator('#filter-error mark').boundingBox();
    expect(gap?.width).toBeGreaterThan(4);

    // A fault far into a long line: the excerpt is the library's window around it, and columns count code
    // points, so characters beyond the BMP before the fault do not shift the mark.
    const long = `${"customerName eq '😀😀' and ".repeat(6)}workloadcode eq 'SFB'`;
    await page.fill('#filter', long);
    const farError = errorOf(() => parseFilter(long, { schema }));
    await eventually(async () => (await readErrors())[0]?.message).toBe(farError.message);
    const [far] = await readErrors();
    expect(far?.marked).toBe('workloadcode');
    expect(far?.excerpt.startsWith('…')).toBe(true);
    expect(far?.excerpt).toBe(farError.format().split('\n')[1]?.slice(2));
    await page.setViewportSize({ width: 400, height: 900 });
    expect(await overflowingElements('#errors')).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 1000 });

    // Fixing the filter clears the error and brings the rows back.
    await typeInto('#filter', "workloadCode eq 'SFB'");
    await eventually(() => text('#canonical-filter')).toBe("workloadCode eq 'SFB'");
    expect(await readErrors()).toEqual([]);
    expect(await page.getAttribute('#filter', 'aria-invalid')).toBeNull();
    await eventually(async () => (await readTable()).rows.length).toBeGreaterThan(0);
    expect(await page.isHidden('#server-answer')).toBe(true);
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
    expect(await readErrors()).toEqual([]);
    expect(pageProblems).toEqual([]);
  });

  test('shows a bad top as its own error and keeps the address in step with the inputs', async () => {
    await typeInto('#top', '0');
    const expected = errorOf(() => parseQuery('top=0', { schema }));
    await eventually(() => readErrors()).toEqual([
      { source: 'top', code: expected.code, message: expected.message, excerpt: '', marked: null },
    ]);
    expect(await page.getAttribute('#top', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#skip', 'aria-invalid')).toBeNull();
    expect(new URL(page.url()).searchParams.get('top')).toBe('0');

    // Reloading the address shows the same inputs.
    await page.reload();
    expect(await page.inputValue('#top')).toBe('0');
    expect(await page.inputValue('#filter')).toBe("workloadCode eq 'SFB' or (channel eq 'Reseller')");
    await eventually(() => page.isVisible('#top-error')).toBe(true);
    expect(pageProblems).toEqual([]);
  });
});

/** The chart's marks as drawn: each bar's or point's group and value, and its length (bars) in pixels. */
interface Mark {
  category: string;
  series: string;
  time: string;
  value: number;
  length: number;
}

async function readMarks(): Promise<{ kind: string | null; measure: string | null; marks: Mark[] }> {
  return page.evaluate(() => {
    const drawing = document.querySelector<SVGSVGElement>('#chart-drawing svg');
    const marks = Array.from(drawing?.querySelectorAll<SVGElement>('rect.bar, circle.point') ?? [], (mark) => ({
      category: mark.dataset.category ?? '',
      series: mark.dataset.series ?? '',
      time: mark.dataset.time ?? '',
      value: Number(mark.dataset.value),
      length: mark.tagName === 'rect' ? (mark as SVGRectElement).getBBox().width : 0,
    }));
    return { kind: drawing?.dataset.kind ?? null, measure: drawing?.dataset.measure ?? null, marks };
  });
}

/** Every row of the latest snapshot the filter keeps, ungrouped, straight from the server. */
async function ungroupedRows(filter: string): Promise<Record<string, unknown>[]> {
  const url = `${baseUrl}${licenseUsagePath}?${new URLSearchParams({ filter, top: '10000' })}`;
  const body = (await (await fetch(url)).json()) as { Value: Record<string, unknown>[]; TotalCount: number };
  expect(body.TotalCount).toBe(body.Value.length);
  return body.Value;
}

/** The page's text in the chart at or below this size is not read on a phone. */
const minReadableFontPixels = 11;

describe('the answer drawn', () => {
  test('grouped rows are a table and bars whose lengths are the sums of the rows in each group', async () => {
    await page.goto(`${baseUrl}/?${new URLSearchParams(groupedInputs)}`);
    await eventually(async () => (await readMarks()).marks.length).toBe(5);
    const { kind, measure, marks } = await readMarks();
    // Two groupby fields: a bar per channel and workload, grouped by channel, coloured by workload.
    expect(kind).toBe('grouped-bars');
    expect(measure).toBe('licensesActive');
    // The sums, made here from the ungrouped rows the same filter keeps: what each bar must say.
    const sums = new Map<string, number>();
    for (const row of await ungroupedRows(groupedInputs.filter)) {
      const key = `${row.channel}|${row.workloadCode}`;
      sums.set(key, (sums.get(key) ?? 0) + (row.licensesActive as number));
    }
    const table = await readTable();
    expect(table.rows).toHaveLength(5);
    for (const [index, [channel, workload, active]] of table.rows.entries()) {
      const mark = marks[index]!;
      expect({ category: mark.category, series: mark.series, value: mark.value }).toEqual({
        category: channel,
        series: workload,
        value: sums.get(`${channel}|${workload}`),
      });
      expect(mark.value).toBe(Number(active));
    }
    // A bar's length is its value on one scale: the same pixels per license for every bar.
    const pixelsPerUnit = marks.map((mark) => mark.length / mark.value);
    for (const ratio of pixelsPerUnit) expect(ratio).toBeCloseTo(pixelsPerUnit[0]!, 3);
    expect(await text('#chart-caption')).toMatch(
      /^licensesActive per channel, a bar per workloadCode \(total [\d,]+ in this page\)$/,
    );
    // The legend names each workload once.
    const legend = await page.$$eval('#chart-drawing .legend-item', (items) =>
      items.map((item) => (item as SVGElement).dataset.series),
    );
    expect(legend).toEqual([...new Set(marks.map((mark) => mark.series))]);
    await screenshot('playground-chart-1280');

    // Another measure, the same groups: the bars follow it.
    await page.selectOption('#measure', 'licensesQualified');
    await eventually(async () => (await readMarks()).measure).toBe('licensesQualified');
    const qualified = await readMarks();
    expect(qualified.marks.map((mark) => mark.value)).toEqual(table.rows.map((row) => Number(row[3])));

    // At 400 px the chart is drawn again at its new width: no sideways scroll, labels whole and of a readable size.
    await page.setViewportSize({ width: 400, height: 900 });
    await eventually(() => page.$eval('#chart-drawing svg', (svg) => Number(svg.getAttribute('width')))).toBeLessThan(
      400,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    const labels = await page.$$eval('#chart-drawing svg text', (texts) =>
      texts.map((label) => ({
        // The label as drawn: its own text, not the tooltip <title> inside it.
        text: Array.from(label.childNodes, (node) => (node.nodeType === Node.TEXT_NODE ? node.textContent : '')).join(
          '',
        ),
        size: Number.parseFloat(getComputedStyle(label).fontSize),
        right: label.getBoundingClientRect().right,
      })),
    );
    expect(labels.filter((label) => label.size < minReadableFontPixels)).toEqual([]);
    expect(labels.filter((label) => label.right > 400)).toEqual([]);
    expect(labels.map((label) => label.text)).toEqual(expect.arrayContaining(['Advisor', 'Direct']));
    expect(labels.some((label) => label.text.endsWith('…'))).toBe(false);
    await page.selectOption('#measure', 'licensesActive');
    await eventually(async () => (await readMarks()).measure).toBe('licensesActive');
    await screenshot('playground-chart-400');
    expect(pageProblems).toEqual([]);
  });

  test("rows, not groups, are a table in the schema's column order, sorted by a click on a header, and no chart", async () => {
    const filter = "workloadCode eq 'EXO'";
    await page.goto(`${baseUrl}/?${new URLSearchParams({ filter, top: '12' })}`);
    await eventually(async () => (await readTable()).rows.length).toBe(12);
    const { header } = await readTable();
    expect(header).toEqual(Object.keys(schema.fields));
    expect(await page.isHidden('#chart-panel')).toBe(true);
    const column = (name: string) => async () => (await readTable()).rows.map((row) => row[header.indexOf(name)]!);

    // A column of numbers sorts largest first, then, clicked again, smallest first.
    await page.click('#result-table th >> text=licensesActive');
    const descending = (await column('licensesActive')()).map(Number);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    expect(await page.getAttribute('#result-table th:has-text("licensesActive")', 'aria-sort')).toBe('descending');
    await page.click('#result-table th >> text=licensesActive');
    const ascending = (await column('licensesActive')()).map(Number);
    expect(ascending).toEqual([...descending].reverse().sort((a, b) => a - b));
    expect(await page.getAttribute('#result-table th:has-text("licensesActive")', 'aria-sort')).toBe('ascending');
    // Text sorts A to Z first; the keyboard reaches the header as a button.
    await page.focus('#result-table th button[data-column="customerName"]');
    await page.keyboard.press('Enter');
    const names = await column('customerName')();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
    // Numbers stay right-aligned under their heading.
    const alignment = await page.$eval(
      '#result-table th:has-text("licensesActive")',
      (cell) => getComputedStyle(cell).textAlign,
    );
    expect(alignment).toBe('right');
    await screenshot('playground-rows-1280');
    await page.setViewportSize({ width: 400, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await screenshot('playground-rows-400');
    expect(pageProblems).toEqual([]);
  });

  test('a date under aggregationLevel is a line over time, a point per group at its sum', async () => {
    await page.selectOption('#endpoint', 'search');
    await eventually(async () => (await readMarks()).kind).toBe('line');
    const table = await readTable();
    const { marks, measure } = await readMarks();
    expect(measure).toBe('searchResultPageViews');
    const at = (name: string) => table.header.indexOf(name);
    expect(marks.map((mark) => [mark.series, mark.time, mark.value]).sort()).toEqual(
      table.rows
        .map((row) => [row[at('keywordProduct')], row[at('searchDate')], Number(row[at('searchResultPageViews')])])
        .sort(),
    );
    // One line per product, each through its points.
    const lines = await page.$$eval('#chart-drawing path.line', (paths) =>
      paths.map((path) => (path as SVGElement).dataset.series),
    );
    expect(lines).toEqual([...new Set(marks.map((mark) => mark.series))]);
    expect(await text('#chart-caption')).toMatch(/^searchResultPageViews over searchDate, a line per keywordProduct/);
    // Every point is inside the drawing.
    const outside = await page.$$eval('#chart-drawing circle.point', (points) => {
      const box = (points[0] as SVGElement).ownerSVGElement!.getBoundingClientRect();
      return points.filter((point) => {
        const own = point.getBoundingClientRect();
        return own.top < box.top || own.bottom > box.bottom || own.left < box.left || own.right > box.right;
      }).length;
    });
    expect(outside).toBe(0);
    await screenshot('playground-line-1280');
    expect(pageProblems).toEqual([]);
  });

  test('an empty answer and an error are said in words, with no chart and no table', async () => {
    await typeInto('#filter', "workloadCode eq 'NOPE'");
    await eventually(() => page.isVisible('#empty-result')).toBe(true);
    expect(await text('#empty-result')).toBe('No rows match this query: the server answered an empty page.');
    await eventually(() => page.isHidden('#chart-panel')).toBe(true);
    await eventually(() => page.isHidden('#table-wrap')).toBe(true);

    // An error is the error list's: not an empty chart, nor "no rows".
    await typeInto('#filter', 'workloadCode eq');
    await eventually(() => text('#status')).toBe('1 error');
    await eventually(() => page.isHidden('#empty-result')).toBe(true);
    await eventually(() => page.isHidden('#chart-panel')).toBe(true);
    await eventually(() => page.isHidden('#table-wrap')).toBe(true);

    // Groups with no measure to chart (referrals count nothing): the table, and a note instead of a chart.
    await page.selectOption('#endpoint', 'referrals');
    await eventually(() => page.isVisible('#chart-note')).toBe(true);
    expect(await text('#chart-note')).toMatch(/^No chart: referrals has no measure/);
    expect(await page.$$eval('#chart-drawing svg', (drawings) => drawings.length)).toBe(0);
    await eventually(async () => (await readTable()).rows.length).toBeGreaterThan(0);
    expect(pageProblems).toEqual([]);
  });
});

describe('the endpoint picker', () => {
  const names = Object.keys(partnerCenter) as PartnerCenterEndpoint[];

  test('lists the seven endpoints; picking one brings its example, its inputs, its schema and its path', async () => {
    expect(
      await page.$$eval('#endpoint option', (options) => options.map((option) => (option as HTMLOptionElement).value)),
    ).toEqual(names);
    await eventually(() => text('#status')).toBe('valid');
    await page.selectOption('#endpoint', 'subscriptions');
    const subscriptions = partnerCenter.subscriptions;
    const example = "autoRenewEnabled eq true and customerMarket eq 'US'";
    expect(await page.inputValue('#filter')).toBe(example);
    expect(await page.inputValue('#groupby')).toBe('subscriptionType');
    // Subscriptions take aggregationLevel, not orderby, and have no snapshot.
    expect(await page.isVisible('#aggregationLevel')).toBe(true);
    expect(await page.isHidden('#orderby')).toBe(true);
    expect(await page.isHidden('#processedDateTime')).toBe(true);
    const query = parseQuery({ filter: example, groupby: 'subscriptionType' }, { schema: subscriptions });
    await eventually(() => text('#request-url')).toBe(
      `GET ${partnerCenterPaths.subscriptions}?${toQueryString(query, { schema: subscriptions })}`,
    );
    await eventually(async () => (await readTable()).header).toEqual([
      'subscriptionType',
      'licenseCount',
      'subscriptionCount',
    ]);
    expect(await text('#status')).toBe('valid');
    expect(await text('#sql-postgres')).toBe(toSql(query, { schema: subscriptions, dialect: 'postgres' }).text);
    // The schema table: each field with what a filter may do with it.
    const fields = await page.$$eval('#schema-table tbody tr', (rows) =>
      rows.map((row) => Array.from((row as HTMLTableRowElement).cells, (cell) => cell.textContent)),
    );
    expect(fields.find((row) => row[0] === 'customerName')).toEqual([
      'customerName',
      'string',
      'contains',
      'yes',
      '—',
      '—',
    ]);
    expect(fields.find((row) => row[0] === 'subscriptionCount')?.[5]).toBe('count');
    expect(fields).toHaveLength(Object.keys(subscriptions.fields).length);
    // The address names the endpoint: reloading it shows the same page.
    expect(new URL(page.url()).searchParams.get('endpoint')).toBe('subscriptions');
    await page.reload();
    expect(await page.inputValue('#endpoint')).toBe('subscriptions');
    expect(await page.inputValue('#filter')).toBe(example);
    expect(pageProblems).toEqual([]);
  });

  test("reads the filter under the picked endpoint's schema: one endpoint's field is another's error", async () => {
    await page.selectOption('#endpoint', 'azureUsage');
    await page.fill('#groupby', '');
    await page.fill('#orderby', '');
    await typeInto('#filter', "meterCategory eq 'storage'");
    await eventually(() => text('#canonical-filter')).toBe("meterCategory eq 'storage'");
    // The example's grouped rows show until the answer to the typed filter replaces them: every row, ungrouped.
    const categories = async () => {
      const { header, rows } = await readTable();
      return header.includes('usageDate') ? [...new Set(rows.map((row) => row[header.indexOf('meterCategory')]))] : [];
    };
    await eventually(categories).toEqual(['Storage']);
    await page.selectOption('#endpoint', 'licenseUsage');
    await typeInto('#filter', "meterCategory eq 'storage'");
    await eventually(async () => (await readErrors())[0]?.code).toBe('UNKNOWN_FIELD');
    expect(pageProblems).toEqual([]);
  });

  // The examples of azureUsage and indirectResellers use `le`/`ge` with cast(…), those of azureUsage and
  // indirectResellers orderby, those of search and referrals aggregationLevel: they need the issue-12 grammar.
  test.each(names)("%s: the docs' example is valid and the server answers it with rows", async (name) => {
    await page.selectOption('#endpoint', name);
    await eventually(() => text('#status')).toBe('valid');
    await eventually(async () => (await readTable()).rows.length).toBeGreaterThan(0);
    expect(await text('#request-url')).toMatch(new RegExp(`^GET ${partnerCenterPaths[name]}\\?`));
    expect(pageProblems).toEqual([]);
  });
});
