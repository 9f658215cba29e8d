// PartnerCenterError: what fetchAllPages throws when a page cannot be had, with the server's error body read
// whatever its shape (filterby's, Partner Center's `{ code, description }`, or `{ error: { code, message } }`).

/** Codes the client gives when the server's body names none. */
export type ClientErrorCode =
  /** An HTTP status with no code in the body: `HTTP_404`. */
  | `HTTP_${number}`
  /** A 2xx body that is not JSON, or has no rows array, or a row in it that is not an object. */
  | 'MALFORMED_RESPONSE'
  /**
   * A next link that is not a string, not a URL, not http or https, or whose `links.next.headers` cannot be sent
   * (not `{ key, value }` strings, not a header name, a CR, LF or NUL in the value, or a header such as Host that
   * only the HTTP client sets). Thrown after the page's rows are handed out.
   */
  | 'INVALID_NEXT_LINK'
  /** The server sent a next link already followed: paging would never end. */
  | 'NEXT_LINK_LOOP'
  /** A page asked for by advancing skip came back with the rows of the page before: the server ignores skip. */
  | 'SKIP_IGNORED'
  /** `maxEmptyPages` pages in a row with no rows and a next link: the server may never run out of them. */
  | 'TOO_MANY_EMPTY_PAGES'
  /** A next link to another origin, refused so that credentials in `headers` stay where they were sent. */
  | 'CROSS_ORIGIN_LINK'
  /** A redirect to another origin, refused before any request is sent there (the same rule as next links). */
  | 'CROSS_ORIGIN_REDIRECT'
  /** More redirects for one request than `maxRedirects`. */
  | 'TOO_MANY_REDIRECTS'
  /** A redirect without a Location, or to something that is not an http or https URL. */
  | 'INVALID_REDIRECT'
  /** In a browser: a redirect whose target the browser hides from scripts, so it cannot be checked or followed. */
  | 'OPAQUE_REDIRECT'
  /** A 2xx response longer than `maxResponseBytes`. */
  | 'RESPONSE_TOO_LARGE'
  /** fetch itself failed (DNS, refused, reset) on every attempt. */
  | 'NETWORK_ERROR';

export interface PartnerCenterErrorDetails {
  readonly status?: number;
  readonly code: string;
  readonly description: string;
  readonly body?: unknown;
  readonly requestId?: string | undefined;
  readonly correlationId?: string | undefined;
  readonly url: string;
  readonly attempts: number;
  readonly cause?: unknown;
}

/**
 * A page that could not be fetched: a non-retryable status, retries used up, or a response that is not an
 * analytics page.
 *
 * @example
 * try { for await (const row of fetchAllPages(url, { headers })) use(row) }
 * catch (error) { if (error instanceof PartnerCenterError) console.error(error.status, error.code, error.requestId) }
 */
export class PartnerCenterError extends Error {
  override readonly name = 'PartnerCenterError';
  /** The HTTP status; undefined when no response came (network) or the response was not the problem. */
  readonly status: number | undefined;
  /** The body's code (`UNKNOWN_FIELD`, `400`, `InvalidInput`) or one of ClientErrorCode. */
  readonly code: string;
  /** The body's description or message, or what went wrong in words. */
  readonly description: string;
  /** The parsed JSON body, or its text when it was not JSON; undefined without a response. */
  readonly body: unknown;
  /** `MS-RequestId` of the failing request, as the server answered it (else as sent): quote it to support. */
  readonly requestId: string | undefined;
  readonly correlationId: string | undefined;
  /** The URL of the request that failed. */
  readonly url: string;
  /** Requests made for this page, retries included. */
  readonly attempts: number;

  constructor(details: PartnerCenterErrorDetails) {
    const status = details.status === undefined ? '' : `HTTP ${details.status} `;
    super(`${status}${details.code}: ${details.description} (${details.url})`, { cause: details.cause });
    this.status = details.status;
    this.code = details.code;
    this.description = details.description;
    this.body = details.body;
    this.requestId = details.requestId;
    this.correlationId = details.correlationId;
    this.url = details.url;
    this.attempts = details.attempts;
  }
}

/** The code and description in an error body of any of the shapes Partner Center and filterby send. */
export function readErrorBody(body: unknown): { code?: string; description?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const nested = record.error;
  if (typeof nested === 'object' && nested !== null) {
    const error = nested as Record<string, unknown>;
    return withText(error.code, error.message ?? error.description);
  }
  return withText(record.code ?? record.errorCode, record.description ?? record.message ?? record.errorMessage);
}

function withText(code: unknown, description: unknown): { code?: string; description?: string } {
  const codeText = oneLine(code, 100);
  const descriptionText = oneLine(description, 1000);
  return {
    ...(codeText !== undefined && { code: codeText }),
    ...(descriptionText !== undefined && { description: descriptionText }),
  };
}

/**
 * A server's string or number as one line of at most `length` characters: it goes into a message that is logged,
 * where a line break could forge a log line and a megabyte would bury the rest. `body` keeps it whole.
 */
function oneLine(value: unknown, length: number): string | undefined {
  const text =
    typeof value === 'string'
      ? value.replace(/[\s\p{Cc}]+/gu, ' ').trim()
      : typeof value === 'number'
        ? String(value)
        : '';
  if (text === '') return undefined;
  if (text.length <= length) return text;
  // Not between the halves of a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text[length - 2] ?? '') ? length - 2 : length - 1;
  return `${text.slice(0, end)}…`;
}
