// The reference server's request → response: Partner Center's license usage endpoint, with its errors and
// request-id headers, as plain data so that it can be tested without a socket.

import type { IncomingHttpHeaders } from 'node:http';
import { FilterError, licenseUsagePath, maxTop, parseQuery, partnerCenter, type Schema } from '../index.js';
import type { RowSource } from './sources.js';

/** The endpoint's paths: as Partner Center documents it, and under the `/partner` prefix some clients use. */
export const servedPaths = [licenseUsagePath, `/partner${licenseUsagePath}`] as const;

export interface HandlerOptions {
  readonly source: RowSource;
  /** Default partnerCenter.licenseUsage. */
  readonly schema?: Schema;
  /** Most rows in one response, 1..10000 (default 10000); a larger (or absent) `top` is cut to it. */
  readonly pageLimit?: number;
  /** Build `@nextLink` from `X-Forwarded-Proto` and `X-Forwarded-Host`; only behind a proxy that sets them. */
  readonly trustProxy?: boolean;
  /**
   * Answers paths other than the endpoint's (the playground's page and scripts); undefined leaves the path
   * to the 404. Asked for GET and HEAD only.
   */
  readonly otherPaths?: (pathname: string) => OtherResponse | undefined;
  /** Told about every 5xx, with the error that caused it; the client only sees a generic message. */
  readonly onServerError?: (error: unknown, request: HandlerRequest) => void;
}

export interface HandlerRequest {
  readonly method: string;
  /** The request target: `/v1/…?filter=…`, or an absolute URL. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The address the server listens on (`127.0.0.1:8080`), for a request without a Host header. */
  readonly localHost: string;
}

/** A response for a path that is not the endpoint's: a page, a script. */
export interface OtherResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface HandlerResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body's text: JSON, except for otherPaths' pages. */
  readonly body: string;
}

/** An error body that is not a FilterError's: the same shape, so a client reads every error one way. */
interface ServerErrorBody {
  readonly code: string;
  readonly description: string;
  readonly data: readonly unknown[];
  readonly source: 'filterby';
}

const allowedMethods = 'GET, HEAD';
// A request id travels back to the caller in a header, so only short plain text is echoed.
const echoableId = /^[\x21-\x7e]{1,128}$/;

/**
 * Answers one request to the license usage endpoint.
 *
 * @example
 * const response = await handleRequest({ method: 'GET', url: '/v1/analytics/commercial/usage/license?top=10',
 *   headers: {}, localHost: '127.0.0.1:8080' }, { source });
 * // → { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', … }, body: '{"Value":[…],…}' }
 */
export async function handleRequest(request: HandlerRequest, options: HandlerOptions): Promise<HandlerResponse> {
  const ids = {
    'MS-RequestId': echoedOrNew(request.headers['ms-requestid']),
    'MS-CorrelationId': echoedOrNew(request.headers['ms-correlationid']),
  };
  const respond = (status: number, body: unknown, extra: Record<string, string> = {}): HandlerResponse => ({
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...ids, ...extra },
    body: JSON.stringify(body),
  });

  const isRead = request.method === 'GET' || request.method === 'HEAD';
  const url = parseTarget(request.url);
  const path = url === undefined ? undefined : servedPath(url.pathname);
  const other = url !== undefined && path === undefined && isRead ? options.otherPaths?.(url.pathname) : undefined;
  if (other !== undefined) {
    return {
      status: other.status,
      headers: { 'Content-Type': other.contentType, 'Cache-Control': 'no-cache', ...ids },
      body: other.body,
    };
  }
  if (url === undefined || path === undefined) {
    const shown = url?.pathname ?? request.url;
    return respond(
      404,
      serverError('NOT_FOUND', `No resource at ${shown}; the license usage endpoint is GET ${servedPaths[0]}`),
    );
  }
  if (!isRead) {
    return respond(
      405,
      serverError('METHOD_NOT_ALLOWED', `${request.method} is not allowed here; the endpoint answers GET`),
      { Allow: allowedMethods },
    );
  }

  const schema = options.schema ?? partnerCenter.licenseUsage;
  const pageLimit = options.pageLimit ?? maxTop;
  try {
    const parsed = parseQuery(url.searchParams, { schema });
    const query = parsed.top > pageLimit ? { ...parsed, top: pageLimit } : parsed;
    const baseUrl = `${originOf(request, options.trustProxy === true)}${path}`;
    const body = await options.source.answer(query, baseUrl);
    return respond(200, body);
  } catch (error) {
    // A FilterError is the request's fault: a bad parameter, or a literal the database cannot hold.
    if (error instanceof FilterError) return respond(400, error.toJSON());
    options.onServerError?.(error, request);
    return respond(500, serverError('INTERNAL_ERROR', 'The server could not answer this request; try again later'));
  }
}

function serverError(code: string, description: string): ServerErrorBody {
  return { code, description, data: [], source: 'filterby' };
}

function echoedOrNew(value: string | string[] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== undefined && echoableId.test(first) ? first : crypto.randomUUID();
}

function parseTarget(target: string): URL | undefined {
  try {
    // A relative target is read against a placeholder origin: only its path and query are used.
    return new URL(target, 'http://localhost');
  } catch {
    return undefined;
  }
}

/** The canonical path for a request path: case is ignored, as ASP.NET routes do, and one trailing slash. */
function servedPath(pathname: string): string | undefined {
  const wanted = pathname.replace(/\/$/, '').toLowerCase();
  return servedPaths.find((path) => path.toLowerCase() === wanted);
}

// What the next link starts with. The Host header names the server as the client reached it; a header that
// is not a plain host[:port] (or is missing, as HTTP/1.0 allows) falls back to the listening address.
function originOf(request: HandlerRequest, trustProxy: boolean): string {
  const forwardedHost = trustProxy ? firstListed(request.headers['x-forwarded-host']) : undefined;
  const forwardedProto = trustProxy ? firstListed(request.headers['x-forwarded-proto'])?.toLowerCase() : undefined;
  const host = [forwardedHost, request.headers.host, request.localHost].find(
    (candidate) =>
      candidate !== undefined && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(candidate),
  );
  const protocol = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http';
  return `${protocol}://${host ?? request.localHost}`;
}

function firstListed(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0]?.trim() || undefined;
}
