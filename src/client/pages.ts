// fetchPages / fetchAllPages: every row of a Partner Center analytics endpoint, page by page, over global
// fetch — following next links (or skip, when there are none) and redirects on one origin, retrying 429 and 5xx,
// stopping on abort; whatever a server sends ends in rows or a PartnerCenterError, never a TypeError or a hang.

import { type ClientErrorCode, PartnerCenterError, readErrorBody } from './error.js';

export interface FetchPagesOptions {
  /** The fetch to use; default the global one. */
  readonly fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Sent with every request: `Authorization`, and your own `MS-CorrelationId` or `MS-RequestId` if you like. */
  readonly headers?: HeadersInit;
  /** Stops paging, waiting and the request in flight; the iterator then throws the signal's reason. */
  readonly signal?: AbortSignal;
  /** Retries of one page after a 429, a 5xx or a network failure; default 4 (five attempts in all). */
  readonly maxRetries?: number;
  /** Milliseconds of the first backoff; each retry doubles it, and a random fraction of it is waited. Default 1000. */
  readonly retryDelay?: number;
  /** The longest wait before a retry, in milliseconds; a Retry-After asking for more fails at once. Default 60 000. */
  readonly maxRetryDelay?: number;
  /**
   * Follow next links and redirects to another origin (which receive `headers` too). Default false: such a link
   * or redirect is an error, and the other origin is never asked.
   */
  readonly allowOtherOrigins?: boolean;
  /** Redirects followed for one request, each held to the same origin rule as next links. Default 10. */
  readonly maxRedirects?: number;
  /**
   * Empty pages in a row, each with a next link, after which the link is refused with TOO_MANY_EMPTY_PAGES: a
   * server that sends fresh links and no rows would otherwise be followed forever. Default 10.
   */
  readonly maxEmptyPages?: number;
  /**
   * The most bytes of one response read: a longer page fails with RESPONSE_TOO_LARGE (at once, when its
   * Content-Length says so), and a longer error body is left unread. Default 64 MiB.
   */
  readonly maxResponseBytes?: number;
  /** Send `MS-RequestId` (new for each page, kept across its retries) and `MS-CorrelationId` (one per call). Default true. */
  readonly requestIds?: boolean;
  /** Waits `ms` milliseconds, rejecting when `signal` aborts; for tests. Default setTimeout. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The time in milliseconds since 1970, to read a Retry-After date; for tests. Default Date.now. */
  readonly now?: () => number;
  /** A number in [0, 1) for the backoff's jitter; for tests. Default Math.random. */
  readonly random?: () => number;
}

/** One page as the server sent it. */
export interface Page<R = Record<string, unknown>> {
  /** The URL asked for (a redirect on the same origin may have answered it from another). */
  readonly url: string;
  readonly rows: R[];
  /** `TotalCount` (or `totalCount`, `@odata.count`) when the server sent one. */
  readonly totalCount?: number;
  /** The URL of the next page, when there is one. */
  readonly nextUrl?: string;
  /** `MS-RequestId` of the response (or of the request, when the server sent none). */
  readonly requestId?: string;
}

const rowKeys = ['Value', 'value', 'items'] as const;
const linkKeys = ['@nextLink', 'nextLink', '@odata.nextLink'] as const;
const countKeys = ['TotalCount', 'totalCount', '@odata.count'] as const;

/**
 * Every row of an analytics endpoint, one at a time, fetching the next page when the rows of one run out.
 *
 * @example
 * const url = 'https://api.partnercenter.microsoft.com/partner/v1/analytics/commercial/usage/license?top=1000';
 * for await (const row of fetchAllPages(url, { headers: { Authorization: `Bearer ${token}` } })) console.log(row);
 */
export async function* fetchAllPages<R = Record<string, unknown>>(
  url: string | URL,
  options: FetchPagesOptions = {},
): AsyncGenerator<R, void, undefined> {
  for await (const page of fetchPages<R>(url, options)) yield* page.rows;
}

/**
 * The pages of an analytics endpoint, in order. A page's next one is its next link (`@nextLink`, `nextLink`,
 * `@odata.nextLink` or `links.next.uri`, relative ones read against the page's URL); without a link, while pages
 * come back full (as many rows as `top` asked for), the same URL with `skip` advanced by `top`.
 *
 * Next links and redirects are held to one rule: the origin of `url`, unless `allowOtherOrigins`. Redirects are
 * followed here, not by fetch (`redirect: 'manual'`), so a redirect to another origin is refused before anything
 * is sent there. In a browser, where a redirect's target is hidden from scripts, any redirect fails with
 * `OPAQUE_REDIRECT`: ask the URL it leads to instead.
 *
 * Whatever the server sends ends in pages or a PartnerCenterError with a code (ClientErrorCode says which); a
 * refused next link is thrown once the page's rows are handed out. A mistake in the arguments (a relative or
 * non-http URL, a negative limit) is a TypeError.
 *
 * @example
 * for await (const page of fetchPages(url, { signal })) console.log(page.rows.length, 'of', page.totalCount);
 */
export async function* fetchPages<R = Record<string, unknown>>(
  url: string | URL,
  options: FetchPagesOptions = {},
): AsyncGenerator<Page<R>, void, undefined> {
  const start = absoluteUrl(url);
  const settings = settingsOf(options, start);
  const correlationId = settings.requestIds ? newId() : undefined;
  const followed = new Set<string>();
  let emptyInARow = 0;
  /** The rows of the page before, as JSON, when this page was asked for by advancing its skip. */
  let rowsBefore: string | undefined;
  let next: PageRequest | undefined = { url: start, headers: [] };
  while (next !== undefined) {
    const request: PageRequest = next;
    followed.add(requestKey(request));
    const fetched = await fetchPage(request, settings, correlationId);
    const envelope = readEnvelope(fetched.body);
    if (typeof envelope === 'string') throw pageError(request, fetched, 'MALFORMED_RESPONSE', envelope);
    const following = nextRequest(request, fetched.url, envelope);
    // A server that ignores skip sends the same full page for ever: its rows are not handed out twice.
    const isSkipNext = typeof following === 'object' && following.isSkipAdvanced === true;
    const rowsText = request.isSkipAdvanced || isSkipNext ? JSON.stringify(envelope.rows) : undefined;
    if (request.isSkipAdvanced && rowsText === rowsBefore) {
      throw pageError(
        request,
        fetched,
        'SKIP_IGNORED',
        'this page, asked for with skip advanced, has the same rows as the page before: the server ignores skip',
      );
    }
    rowsBefore = rowsText;
    yield {
      url: request.url.href,
      rows: envelope.rows as R[],
      ...(envelope.totalCount !== undefined && { totalCount: envelope.totalCount }),
      ...(typeof following === 'object' && { nextUrl: following.url.href }),
      ...(fetched.requestId !== undefined && { requestId: fetched.requestId }),
    };
    // Checked once this page's rows are out: they were fetched once, and are good whatever comes next.
    if (typeof following === 'string') throw pageError(request, fetched, 'INVALID_NEXT_LINK', following);
    if (following !== undefined) checkNext(following, request, followed, settings, fetched);
    emptyInARow = envelope.rows.length === 0 ? emptyInARow + 1 : 0;
    if (following !== undefined && emptyInARow > 0 && emptyInARow >= settings.maxEmptyPages) {
      throw pageError(
        request,
        fetched,
        'TOO_MANY_EMPTY_PAGES',
        `${emptyInARow} pages in a row had no rows but a next link (maxEmptyPages); the server may never run out of them`,
      );
    }
    next = following;
  }
}

// ---- one page, with retries ----

interface PageRequest {
  readonly url: URL;
  /** Headers the previous page asked for (Partner Center's `links.next.headers`: a continuation token). */
  readonly headers: readonly (readonly [string, string])[];
  /** Asked for by advancing skip, the page before having no link. */
  readonly isSkipAdvanced?: boolean;
}

/** The options with their defaults filled in. */
interface Settings extends Required<Omit<FetchPagesOptions, 'headers' | 'signal'>> {
  /** The origin of the first page: next links and redirects must stay on it unless allowOtherOrigins. */
  readonly origin: string;
  readonly headers: Headers;
  readonly signal: AbortSignal | undefined;
}

interface Fetched {
  readonly status: number;
  readonly body: unknown;
  /** Where the body came from: the page's URL, or where its redirects led (a relative next link is read against it). */
  readonly url: URL;
  readonly requestId: string | undefined;
  readonly correlationId: string | undefined;
  readonly attempts: number;
}

async function fetchPage(
  request: PageRequest,
  settings: Settings,
  correlationId: string | undefined,
): Promise<Fetched> {
  const headers = new Headers(settings.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  if (correlationId !== undefined && !headers.has('MS-CorrelationId')) headers.set('MS-CorrelationId', correlationId);
  // One id per page, the same on its retries: Partner Center reads a repeated MS-RequestId as the same call.
  if (settings.requestIds && !headers.has('MS-RequestId')) headers.set('MS-RequestId', newId());
  for (const [name, value] of request.headers) headers.set(name, value);
  const sentIds = {
    requestId: headers.get('MS-RequestId') ?? undefined,
    correlationId: headers.get('MS-CorrelationId') ?? undefined,
  };

  for (let attempt = 1; ; attempt++) {
    settings.signal?.throwIfAborted();
    let answer: Answer | Refusal;
    try {
      answer = await fetchFollowingRedirects(request.url, headers, settings);
    } catch (error) {
      settings.signal?.throwIfAborted();
      if (attempt > settings.maxRetries) {
        throw new PartnerCenterError({
          code: 'NETWORK_ERROR',
          description: `the request failed: ${(error as Error)?.message ?? String(error)}`,
          ...sentIds,
          url: request.url.href,
          attempts: attempt,
          cause: error,
        });
      }
      await settings.sleep(backoff(attempt, settings), settings.signal);
      continue;
    }
    if (answer.kind === 'refusal') {
      throw new PartnerCenterError({ ...answer, ...sentIds, attempts: attempt });
    }
    const { response, text } = answer;
    const answered = {
      requestId: response.headers.get('MS-RequestId') ?? sentIds.requestId,
      correlationId: response.headers.get('MS-CorrelationId') ?? sentIds.correlationId,
    };
    const fail = (code: string, description: string, body?: unknown) =>
      new PartnerCenterError({
        status: response.status,
        code,
        description,
        body,
        ...answered,
        url: answer.url.href,
        attempts: attempt,
      });
    if (response.ok) {
      if (text === undefined) {
        throw fail(
          'RESPONSE_TOO_LARGE',
          `the response is longer than ${settings.maxResponseBytes} bytes (maxResponseBytes); ask for fewer rows with top`,
        );
      }
      const body = parseJson(text);
      if (body === undefined) {
        throw fail('MALFORMED_RESPONSE', `the response is not JSON: ${JSON.stringify(text.slice(0, 80))}`, text);
      }
      return { status: response.status, body, url: answer.url, ...answered, attempts: attempt };
    }
    const body = text === undefined ? undefined : (parseJson(text) ?? text);
    if (isRetryable(response.status) && attempt <= settings.maxRetries) {
      const asked = retryAfter(response.headers.get('Retry-After'), settings.now());
      if (asked === undefined || asked <= settings.maxRetryDelay) {
        await settings.sleep(asked ?? backoff(attempt, settings), settings.signal);
        continue;
      }
    }
    const read = readErrorBody(body);
    throw fail(
      read.code ?? `HTTP_${response.status}`,
      read.description ?? (response.statusText || `the server answered ${response.status}`),
      body,
    );
  }
}

// ---- one request, hop by hop ----

/** A response to a request, its redirects followed, and its body read. */
interface Answer {
  readonly kind: 'answer';
  readonly response: Response;
  /** The body; undefined when it was longer than maxResponseBytes, and left unread. */
  readonly text: string | undefined;
  /** Where the response came from: the request's URL, or where its redirects led. */
  readonly url: URL;
}

/** A request refused on the way: a redirect that may not be followed. */
interface Refusal {
  readonly kind: 'refusal';
  readonly code: 'CROSS_ORIGIN_REDIRECT' | 'TOO_MANY_REDIRECTS' | 'INVALID_REDIRECT' | 'OPAQUE_REDIRECT';
  readonly description: string;
  readonly status?: number;
  /** The URL of the hop that was refused. */
  readonly url: string;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * Sends a GET and follows its redirects by hand (fetch's own following would carry every header but
 * Authorization to any origin), each hop held to the rule of next links: the origin of the first page unless
 * allowOtherOrigins, http or https, at most maxRedirects. With GET and no body, 301, 302, 303, 307 and 308 all
 * mean the same: ask the Location. Throws only what fetch throws (network failure, abort).
 */
async function fetchFollowingRedirects(first: URL, headers: Headers, settings: Settings): Promise<Answer | Refusal> {
  let url = first;
  for (let hops = 0; ; hops++) {
    const refuse = (code: Refusal['code'], description: string, status?: number): Refusal => ({
      kind: 'refusal',
      code,
      description,
      ...(status !== undefined && { status }),
      url: url.href,
    });
    const { response, text } = await exchange(url, headers, settings);
    // A browser hides a redirect's target from scripts, so it can be neither checked nor followed.
    if (response.type === 'opaqueredirect') {
      return refuse(
        'OPAQUE_REDIRECT',
        'the server redirected, and a browser hides where to; request the URL it redirects to instead',
      );
    }
    // A fetch that ignores redirect: 'manual' has already sent the request; its rows at least are not used.
    if (response.redirected && isOtherOrigin(response.url, settings)) {
      return refuse(
        'CROSS_ORIGIN_REDIRECT',
        `the fetch function followed a redirect to ${response.url}, another origin than ${settings.origin}, ` +
          "though asked not to (redirect: 'manual')",
      );
    }
    if (!redirectStatuses.has(response.status)) return { kind: 'answer', response, text, url };
    const status = response.status;
    const location = response.headers.get('Location');
    if (location === null) return refuse('INVALID_REDIRECT', `the server answered ${status} with no Location`, status);
    const target = httpUrl(location, url);
    if (typeof target === 'string') {
      return refuse('INVALID_REDIRECT', `the server redirected to ${quote(location)}, which is ${target}`, status);
    }
    if (isOtherOrigin(target.href, settings)) {
      return refuse(
        'CROSS_ORIGIN_REDIRECT',
        `the server redirected to ${target.href}, another origin than ${settings.origin}; ` +
          'pass allowOtherOrigins: true to follow it',
        status,
      );
    }
    if (hops >= settings.maxRedirects) {
      return refuse(
        'TOO_MANY_REDIRECTS',
        `the server redirected more than ${settings.maxRedirects} times (maxRedirects); the last one to ${target.href}`,
        status,
      );
    }
    url = target;
  }
}

/** One fetch, and its body read; a redirect's body is let go unread, so that its connection is freed. */
async function exchange(
  url: URL,
  headers: Headers,
  settings: Settings,
): Promise<{ response: Response; text: string | undefined }> {
  return withOwnSignal(settings.signal, async (signal) => {
    const response = await settings.fetch(url.href, { headers, redirect: 'manual', ...(signal && { signal }) });
    if (redirectStatuses.has(response.status) || response.type === 'opaqueredirect') {
      await discard(response);
      return { response, text: '' };
    }
    return { response, text: await readText(response, settings.maxResponseBytes) };
  });
}

/** The body as text, or undefined when it is longer than `limit` bytes: then no more of it is read. */
async function readText(response: Response, limit: number): Promise<string | undefined> {
  const declared = response.headers.get('Content-Length')?.trim();
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit) {
    await discard(response);
    return undefined;
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  // Decodes as response.text() does: UTF-8, a leading byte order mark dropped, bad bytes replaced.
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

/**
 * Runs `work` with a signal of its own that follows `outer`, unhooked from `outer` when the work is done: fetch
 * leaves its listener on the signal it is given until garbage collection, so a thousand pages on the caller's
 * signal would pile up a thousand listeners (and Node warns of a leak past 1,500).
 */
async function withOwnSignal<T>(
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (outer === undefined) return work(undefined);
  const own = new AbortController();
  const forward = () => own.abort(outer.reason);
  outer.addEventListener('abort', forward, { once: true });
  try {
    return await work(own.signal);
  } finally {
    outer.removeEventListener('abort', forward);
  }
}

function isOtherOrigin(href: string, settings: Settings): boolean {
  if (settings.allowOtherOrigins) return false;
  try {
    return new URL(href).origin !== settings.origin;
  } catch {
    return true;
  }
}

/** `text` read against `base` as an http or https URL, without its fragment (never sent); else what it is. */
function httpUrl(text: string, base: URL | undefined): URL | string {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not an http or https URL';
  url.hash = '';
  return url;
}

/** Lets go of a body not to be read, so that its connection is freed. */
async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already gone: nothing to free.
  }
}

/** Server text in a message: quoted, and cut short, since it may be anything of any length. */
function quote(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

// 501 and 505 say the server will never do this; every other 5xx, and 429, may pass.
function isRetryable(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/** "Full jitter": a random wait up to retryDelay · 2^(attempt−1), capped, so that many clients spread out. */
function backoff(attempt: number, settings: Settings): number {
  const ceiling = Math.min(settings.maxRetryDelay, settings.retryDelay * 2 ** (attempt - 1));
  return Math.floor(settings.random() * ceiling);
}

// RFC 9110's HTTP-date in its three forms: IMF-fixdate, RFC 850 and asctime. Date.parse alone would also take
// '1.5' or '-1' as dates in 2001, and wait nothing.
const httpDates = [
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/**
 * Retry-After in milliseconds: delay-seconds or an HTTP date; undefined when absent or anything else.
 *
 * @example
 * retryAfter('120', Date.now()) // 120000
 */
export function retryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const form = httpDates.findIndex((pattern) => pattern.test(text));
  if (form === -1) return undefined;
  // asctime names no zone, and Date.parse would read it in the local one; HTTP dates are all GMT.
  const date = Date.parse(form === 2 ? `${text} GMT` : text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// ---- the envelope ----

interface Envelope {
  readonly rows: unknown[];
  /** The next link as the server sent it (not yet checked), and where it was; undefined when there is none. */
  readonly link: { readonly key: string; readonly value: unknown; readonly headers: unknown } | undefined;
  readonly totalCount: number | undefined;
}

/** The rows, next link and count of a page, or what is wrong with it. */
function readEnvelope(body: unknown): Envelope | string {
  if (!isRecord(body)) return 'the response is not an object with Value, value or items';
  const rowKey = rowKeys.find((key) => Object.hasOwn(body, key));
  if (rowKey === undefined) return 'the response has no Value, value or items';
  const rows = body[rowKey];
  if (!Array.isArray(rows)) return `the response's ${rowKey} is not an array`;
  // Rows are handed out as records: a number or null among them would fail later, in the caller's code.
  const notRow = rows.findIndex((row) => !isRecord(row));
  if (notRow !== -1) return `the response's ${rowKey}[${notRow}] is not an object: ${quote(String(rows[notRow]))}`;
  const count = countKeys.map((key) => body[key]).find((value) => typeof value === 'number');
  return { rows, link: linkOf(body), totalCount: count as number | undefined };
}

function linkOf(body: Record<string, unknown>): Envelope['link'] {
  // An empty link is how some servers say there is no next page.
  const isSent = (value: unknown) => value !== undefined && value !== null && value !== '';
  const linkKey = linkKeys.find((key) => isSent(body[key]));
  if (linkKey !== undefined) return { key: linkKey, value: body[linkKey], headers: undefined };
  const next = isRecord(body.links) ? body.links.next : undefined;
  if (!isRecord(next) || !isSent(next.uri)) return undefined;
  return { key: 'links.next.uri', value: next.uri, headers: next.headers };
}

/** The request for the page after `request`: undefined when there is none, or what is wrong with its link. */
function nextRequest(request: PageRequest, answeredFrom: URL, envelope: Envelope): PageRequest | string | undefined {
  const link = envelope.link;
  if (link !== undefined) {
    if (typeof link.value !== 'string') return `the response's ${link.key} is not a string`;
    const url = httpUrl(link.value, answeredFrom);
    if (typeof url === 'string') return `the response's ${link.key} ${quote(link.value)} is ${url}`;
    const headers = linkHeaders(link.headers);
    if (typeof headers === 'string') return headers;
    return { url, headers };
  }
  // No link: advance skip by top while pages come back full, and while TotalCount (if sent) says more remain.
  const params = request.url.searchParams;
  const topName = params.has('top') ? 'top' : params.has('$top') ? '$top' : undefined;
  if (topName === undefined) return undefined;
  const skipName = params.has('skip') ? 'skip' : params.has('$skip') ? '$skip' : topName === 'top' ? 'skip' : '$skip';
  const top = wholeNumber(params.get(topName));
  const skip = wholeNumber(params.get(skipName) ?? '0');
  if (top === undefined || top === 0 || skip === undefined || envelope.rows.length < top) return undefined;
  if (envelope.totalCount !== undefined && skip + top >= envelope.totalCount) return undefined;
  return { url: withParameter(request.url, skipName, String(skip + top)), headers: [], isSkipAdvanced: true };
}

// RFC 9110's token: what a header name may be.
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Tab, visible ASCII and Latin-1: what fetch sends as a header value; no CR, LF or NUL to end the line early.
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/;
// Headers that say where and how the request travels: the HTTP client's to set, never a server's link.
const clientOnlyHeaders = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
]);

/** Partner Center's `links.next.headers`, `[{ key: 'MS-ContinuationToken', value: '…' }]`, checked for sending. */
function linkHeaders(list: unknown): [string, string][] | string {
  if (list === undefined || list === null) return [];
  const where = "the response's links.next.headers";
  if (!Array.isArray(list)) return `${where} is not a list of { key, value }`;
  const pairs: [string, string][] = [];
  for (const [index, item] of list.entries()) {
    const key = isRecord(item) ? item.key : undefined;
    const value = isRecord(item) ? item.value : undefined;
    const at = `${where}[${index}]`;
    if (typeof key !== 'string' || typeof value !== 'string') return `${at} is not { key, value } with two strings`;
    if (!headerName.test(key)) return `${at} names ${quote(key)}, which is not a header name`;
    if (clientOnlyHeaders.has(key.toLowerCase())) return `${at} sets ${key}, which only the HTTP client may set`;
    if (!headerValue.test(value)) {
      return `${at} gives ${key} a value with a line break, a NUL or a character beyond U+00FF`;
    }
    pairs.push([key, value]);
  }
  return pairs;
}

// Edits the query text itself: URLSearchParams would re-encode every parameter (`$top` as `%24top`), and the
// rest of the URL should reach the server exactly as the caller or the server wrote it.
function withParameter(url: URL, name: string, value: string): URL {
  const parts = url.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '');
  const index = parts.findIndex((part) => decodedName(part) === name);
  const written = `${name}=${value}`;
  if (index === -1) parts.push(written);
  else parts[index] = written;
  const next = new URL(url);
  next.search = `?${parts.join('&')}`;
  return next;
}

function checkNext(
  next: PageRequest,
  current: PageRequest,
  followed: ReadonlySet<string>,
  settings: Settings,
  fetched: Fetched,
): void {
  const fail = (code: 'NEXT_LINK_LOOP' | 'CROSS_ORIGIN_LINK', description: string) =>
    pageError(current, fetched, code, description);
  if (next.url.origin !== settings.origin && !settings.allowOtherOrigins) {
    throw fail(
      'CROSS_ORIGIN_LINK',
      `the next link ${next.url.href} leaves ${settings.origin}; pass allowOtherOrigins: true to follow it`,
    );
  }
  if (followed.has(requestKey(next))) {
    throw fail('NEXT_LINK_LOOP', `the next link ${next.url.href} was already followed; paging would never end`);
  }
}

/**
 * The error for a page whose body or link is refused: with the status and body only when the body is at fault
 * (MALFORMED_RESPONSE), since a page whose link is refused was itself good and handed out.
 */
function pageError(
  page: PageRequest,
  fetched: Fetched,
  code: ClientErrorCode,
  description: string,
): PartnerCenterError {
  return new PartnerCenterError({
    ...(code === 'MALFORMED_RESPONSE' && { status: fetched.status, body: fetched.body }),
    code,
    description,
    requestId: fetched.requestId,
    correlationId: fetched.correlationId,
    url: page.url.href,
    attempts: fetched.attempts,
  });
}

// ---- small helpers ----

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodedName(part: string): string {
  const name = part.split('=')[0]!.replaceAll('+', ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function settingsOf(options: FetchPagesOptions, start: URL): Settings {
  const fetchFunction = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchFunction !== 'function') throw new TypeError('fetchAllPages needs a global fetch, or options.fetch');
  const nonNegative = (value: number | undefined, fallback: number, name: string) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !(value >= 0)) throw new TypeError(`${name} must be a number of at least 0`);
    return value;
  };
  return {
    origin: start.origin,
    fetch: fetchFunction,
    headers: new Headers(options.headers),
    signal: options.signal,
    maxRetries: Math.floor(nonNegative(options.maxRetries, 4, 'maxRetries')),
    retryDelay: nonNegative(options.retryDelay, 1000, 'retryDelay'),
    maxRetryDelay: nonNegative(options.maxRetryDelay, 60_000, 'maxRetryDelay'),
    allowOtherOrigins: options.allowOtherOrigins === true,
    maxRedirects: Math.floor(nonNegative(options.maxRedirects, 10, 'maxRedirects')),
    maxEmptyPages: Math.floor(nonNegative(options.maxEmptyPages, 10, 'maxEmptyPages')),
    maxResponseBytes: nonNegative(options.maxResponseBytes, 64 * 2 ** 20, 'maxResponseBytes'),
    requestIds: options.requestIds !== false,
    sleep: options.sleep ?? sleep,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  };
}

/** The caller's URL, read against the page's in a browser; a mistake in it is the caller's, so a TypeError. */
function absoluteUrl(url: string | URL): URL {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  // The same rule as for next links and redirects: a server could answer nothing else.
  const read = httpUrl(String(url), base === undefined ? undefined : new URL(base));
  if (typeof read === 'string') {
    throw new TypeError(
      `fetchAllPages needs an absolute http or https URL such as https://api.partnercenter.microsoft.com/…; ` +
        `${quote(String(url))} is ${read}`,
    );
  }
  return read;
}

function requestKey(request: PageRequest): string {
  return JSON.stringify([request.url.href, request.headers]);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function wholeNumber(text: string | null): number | undefined {
  return text !== null && /^\d+$/.test(text) ? Number(text) : undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A random UUID; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
