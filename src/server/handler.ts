// The reference server's request → response: Partner Center's analytics endpoints (license usage, or any of
// the seven), with their errors, request-id and security headers, the hosts they answer and where their next
// links point, as plain data so that it can be tested without a socket. It imports nothing from node: the same
// answer serves node:http (handleRequest) and any runtime with WHATWG Request and Response (createHandler).

import {
  FilterError,
  licenseUsagePath,
  maxTop,
  type PartnerCenterEndpoint,
  parseQuery,
  partnerCenterPaths,
} from '../index.js';
import type { RowSource } from './sources.js';

/** The license usage endpoint's paths: as Partner Center documents it, and under the `/partner` prefix. */
export const servedPaths = [licenseUsagePath, `/partner${licenseUsagePath}`] as const;

/**
 * The paths a Partner Center endpoint is answered at: the documented one, and for the two `/v1/analytics/commercial`
 * endpoints the same under `/partner`, which their docs' request examples call.
 */
export function pathsOf(endpoint: PartnerCenterEndpoint): readonly string[] {
  const path = partnerCenterPaths[endpoint];
  return path.startsWith('/partner/') ? [path] : [path, `/partner${path}`];
}

/** One endpoint a server answers: its paths (the documented one first) and where its rows come from. */
export interface ServedEndpoint {
  readonly paths: readonly string[];
  readonly source: RowSource;
}

export interface HandlerOptions {
  /**
   * One source, answered at the license usage endpoint's paths (`servedPaths`), whatever its schema; or give
   * `endpoints`.
   */
  readonly source?: RowSource;
  /** The endpoints to answer, each at its paths from its own source (each with its own schema). */
  readonly endpoints?: readonly ServedEndpoint[];
  /** Most rows in one response, 1..10000 (default 10000); a larger (or absent) `top` is cut to it. */
  readonly pageLimit?: number;
  /**
   * Where clients reach the server, such as `https://api.example.com` (a path is a prefix before the
   * endpoint's): `@nextLink` is built from it, never from the request. Without it the link follows the
   * request's Host, and a server listening on loopback answers only loopback names (see `hostProblem`).
   */
  readonly baseUrl?: string;
  /**
   * Build `@nextLink` from `X-Forwarded-Proto` and `X-Forwarded-Host` (when there is no baseUrl), and take
   * any well-formed Host; only behind a proxy that sets them.
   */
  readonly trustProxy?: boolean;
  /**
   * Answers paths other than the endpoint's (the playground's page and scripts); undefined leaves the path
   * to the 404. Asked for GET and HEAD only.
   */
  readonly otherPaths?: (pathname: string) => OtherResponse | undefined;
  /** Told about every 5xx, with the error that caused it; the client only sees a generic message. */
  readonly onServerError?: (error: unknown, request: HandlerRequest) => void;
}

/** A request's headers as node:http gives them: lower-case names, a list for a header sent more than once. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface HandlerRequest {
  readonly method: string;
  /** The request target: `/v1/…?filter=…`, or an absolute URL. */
  readonly url: string;
  readonly headers: RequestHeaders;
  /**
   * The address the server listens on (`127.0.0.1:8080`): the link's host for a request without a Host
   * header, and on loopback the reason only loopback names are answered.
   */
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

// Every response: never sniffed into another type, never framed, never telling another site where the user was.
const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
} as const;
// A JSON body or a script loads nothing; a page (the playground) loads its script, style and the library,
// and fetches the endpoint, from this origin only. It has no inline script or style; `data:` is its icon.
const dataPolicy = "default-src 'none'; frame-ancestors 'none'";
const pagePolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
// A request id travels back to the caller in a header, so only short plain text is echoed.
const echoableId = /^[\x21-\x7e]{1,128}$/;

/**
 * The endpoints `options` describe: its `endpoints`, or its one `source` at the license usage paths.
 * INVALID_PARAMETER for neither or both, or for a path given twice.
 */
export function endpointsOf(options: Pick<HandlerOptions, 'source' | 'endpoints'>): readonly ServedEndpoint[] {
  const { source, endpoints } = options;
  if ((source === undefined) === (endpoints === undefined)) {
    throw new FilterError('INVALID_PARAMETER', 'The server takes a source (one endpoint) or endpoints, exactly one');
  }
  const served = endpoints ?? [{ paths: servedPaths, source: source as RowSource }];
  const seen = new Set<string>();
  for (const path of served.flatMap((endpoint) => endpoint.paths)) {
    if (seen.has(path.toLowerCase())) {
      throw new FilterError('INVALID_PARAMETER', `The path ${path} is given to two endpoints; give each one`);
    }
    seen.add(path.toLowerCase());
  }
  return served;
}

/**
 * Answers one request to one of the endpoints, as node:http hands it over.
 *
 * @example
 * const response = await handleRequest({ method: 'GET', url: '/v1/analytics/commercial/usage/license?top=10',
 *   headers: {}, localHost: '127.0.0.1:8080' }, { source });
 * // → { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', … }, body: '{"Value":[…],…}' }
 */
export function handleRequest(request: HandlerRequest, options: HandlerOptions): Promise<HandlerResponse> {
  const read: ReadRequest = {
    method: request.method,
    target: request.url,
    header: (name) => firstOf(request.headers[name]),
  };
  return answer(read, originOf(request, options), options, (error) => options.onServerError?.(error, request));
}

/** A request handler of any runtime with WHATWG Request and Response: Node, Bun, Deno, Workers, Hono. */
export type FetchHandler = (request: Request) => Promise<Response>;

export interface FetchHandlerOptions extends Omit<HandlerOptions, 'onServerError'> {
  /** Told about every 5xx, with the error that caused it; the client only sees a generic message. */
  readonly onServerError?: (error: unknown, request: Request) => void;
}

/**
 * The reference server's handler as `(request: Request) => Promise<Response>`: the same answers, errors and
 * headers. Links start with `baseUrl`, else (behind a trusted proxy) the forwarded host and protocol, else the
 * request URL's own origin: the runtime that made the Request has already read its Host. A bad `baseUrl` or
 * endpoints that cannot be told apart throw INVALID_PARAMETER here, not on every request.
 *
 * @example
 * const handler = createHandler({ source: memorySource(rows, partnerCenter.licenseUsage) });
 * const response = await handler(new Request('http://localhost/v1/analytics/commercial/usage/license?top=10'));
 */
export function createHandler(options: FetchHandlerOptions): FetchHandler {
  if (options.baseUrl !== undefined) readBaseUrl(options.baseUrl);
  endpointsOf(options);
  return async (request) => {
    const read: ReadRequest = {
      method: request.method,
      target: request.url,
      header: (name) => request.headers.get(name) ?? undefined,
    };
    const url = new URL(request.url);
    const origin = linkOrigin(read.header, options, { protocol: url.protocol.slice(0, -1), host: url.host });
    const answered = await answer(read, origin, options, (error) => options.onServerError?.(error, request));
    // A response to HEAD has the headers GET would, and no body.
    const body = request.method === 'HEAD' ? null : answered.body;
    return new Response(body, { status: answered.status, headers: answered.headers });
  };
}

/** What the answer reads of a request, whichever server received it. */
interface ReadRequest {
  readonly method: string;
  /** The request target: a path with its query, or an absolute URL. */
  readonly target: string;
  /** A header's value by its lower-case name; the first one when it was sent more than once. */
  readonly header: (name: string) => string | undefined;
}

/** The answer to one request, once the origin of its links (or the problem with its host) is known. */
async function answer(
  request: ReadRequest,
  origin: string | { readonly problem: string },
  options: Omit<HandlerOptions, 'onServerError'>,
  onServerError: (error: unknown) => void,
): Promise<HandlerResponse> {
  const ids = {
    'MS-RequestId': echoedOrNew(request.header('ms-requestid')),
    'MS-CorrelationId': echoedOrNew(request.header('ms-correlationid')),
  };
  const headersFor = (contentType: string, cacheControl: string): Record<string, string> => ({
    'Content-Type': contentType,
    'Cache-Control': cacheControl,
    ...securityHeaders,
    'Content-Security-Policy': contentType.startsWith('text/html') ? pagePolicy : dataPolicy,
    ...ids,
  });
  const respond = (status: number, body: unknown, extra: Record<string, string> = {}): HandlerResponse => ({
    status,
    headers: { ...headersFor('application/json; charset=utf-8', 'no-store'), ...extra },
    body: JSON.stringify(body),
  });

  // Before anything else: a page on another site that reaches this server under its own name (DNS
  // rebinding) gets nothing, not even the playground.
  if (typeof origin !== 'string') return respond(400, serverError('INVALID_HOST', origin.problem));

  const isRead = request.method === 'GET' || request.method === 'HEAD';
  const endpoints = endpointsOf(options);
  const url = parseTarget(request.target);
  const route = url === undefined ? undefined : routeOf(url.pathname, endpoints);
  const other = url !== undefined && route === undefined && isRead ? options.otherPaths?.(url.pathname) : undefined;
  if (other !== undefined) {
    return { status: other.status, headers: headersFor(other.contentType, 'no-cache'), body: other.body };
  }
  if (url === undefined || route === undefined) {
    const shown = url?.pathname ?? request.target;
    const documented = endpoints.map((endpoint) => `GET ${endpoint.paths[0]}`);
    const which = documented.length === 1 ? 'the endpoint is' : 'the endpoints are';
    return respond(404, serverError('NOT_FOUND', `No resource at ${shown}; ${which} ${documented.join(', ')}`));
  }
  const { path, source } = route;
  if (!isRead) {
    return respond(
      405,
      serverError('METHOD_NOT_ALLOWED', `${request.method} is not allowed here; the endpoint answers GET`),
      { Allow: allowedMethods },
    );
  }

  const pageLimit = options.pageLimit ?? maxTop;
  try {
    const parsed = parseQuery(url.searchParams, { schema: source.schema });
    const query = parsed.top > pageLimit ? { ...parsed, top: pageLimit } : parsed;
    const body = await source.answer(query, `${origin}${path}`);
    return respond(200, body);
  } catch (error) {
    // A FilterError is the request's fault: a bad parameter, or a literal the database cannot hold.
    if (error instanceof FilterError) return respond(400, error.toJSON());
    onServerError(error);
    return respond(500, serverError('INTERNAL_ERROR', 'The server could not answer this request; try again later'));
  }
}

/**
 * A public URL as links start with it: `http(s)://host[:port]` and an optional path, without the trailing
 * slash. INVALID_PARAMETER (param `baseUrl`) for anything else: no credentials, query or fragment.
 *
 * @example
 * readBaseUrl('https://API.example.com/usage/') // → 'https://api.example.com/usage'
 */
export function readBaseUrl(text: unknown): string {
  // The URL itself is never repeated: it may hold a password.
  const fail = (problem: string) =>
    new FilterError('INVALID_PARAMETER', `The public URL ${problem}; give one such as https://api.example.com`, {
      param: 'baseUrl',
    });
  if (typeof text !== 'string') throw fail('is not text');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail('is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail('is not an http or https URL');
  if (url.host === '') throw fail('has no host');
  if (url.username !== '' || url.password !== '') throw fail('holds a user name or password, which links must not');
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text)) throw fail('has a query or fragment');
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function serverError(code: string, description: string): ServerErrorBody {
  return { code, description, data: [], source: 'filterby' };
}

function echoedOrNew(value: string | undefined): string {
  return value !== undefined && echoableId.test(value) ? value : crypto.randomUUID();
}

function firstOf(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

function parseTarget(target: string): URL | undefined {
  try {
    // A relative target is read against a placeholder origin: only its path and query are used.
    return new URL(target, 'http://localhost');
  } catch {
    return undefined;
  }
}

/**
 * The endpoint of a request path and its canonical spelling: case is ignored, as ASP.NET routes do, and one
 * trailing slash.
 */
function routeOf(
  pathname: string,
  endpoints: readonly ServedEndpoint[],
): { readonly path: string; readonly source: RowSource } | undefined {
  const wanted = pathname.replace(/\/$/, '').toLowerCase();
  for (const endpoint of endpoints) {
    const path = endpoint.paths.find((candidate) => candidate.toLowerCase() === wanted);
    if (path !== undefined) return { path, source: endpoint.source };
  }
  return undefined;
}

// ---- the origin of links, and the hosts a server answers ----

/**
 * What the next link starts with, or the problem with the request's host. With a public URL, that URL.
 * Otherwise the host the client named: `X-Forwarded-Host` behind a trusted proxy, else `Host`, else (HTTP/1.0
 * allows none) the listening address. A named host must be a well-formed host[:port] (port 1–65535), and a
 * server listening on loopback, which only this machine can reach, answers only loopback names
 * (`localhost`, 127.x.x.x, [::1]) and its public URL's host: any other name is a page elsewhere that had its
 * own name resolve to 127.0.0.1 (DNS rebinding). A server listening on another address is reached by names it
 * cannot know, so it takes any well-formed one; a public URL is what makes its links trustworthy.
 */
function originOf(request: HandlerRequest, options: HandlerOptions): string | { problem: string } {
  const baseUrl = options.baseUrl === undefined ? undefined : readBaseUrl(options.baseUrl);
  const trustProxy = options.trustProxy === true;
  const hostHeader = firstOf(request.headers.host);
  const host = hostHeader === undefined ? undefined : parseHost(hostHeader);
  if (hostHeader !== undefined && host === undefined) {
    return { problem: `Host ${describeText(hostHeader)} is not a host[:port]; ${hostForm}` };
  }
  if (host !== undefined && !trustProxy && !isAnswered(host, request.localHost, baseUrl)) {
    return {
      problem:
        `Host ${describeText(hostHeader)} is not a name of this server, which listens on loopback ` +
        `(${request.localHost}) and answers localhost, 127.x.x.x and [::1]; if clients reach it under another ` +
        'name, start it with that public URL (--public-url https://…, or the baseUrl option)',
    };
  }
  const header = (name: string) => firstOf(request.headers[name]);
  return linkOrigin(header, options, { protocol: 'http', host: host?.text ?? request.localHost });
}

/**
 * Where links start once the request's host is accepted: the public URL, else behind a trusted proxy
 * `X-Forwarded-Proto` and `X-Forwarded-Host` (each falling back to the direct one), else the direct protocol
 * and host the request arrived with.
 */
function linkOrigin(
  header: (name: string) => string | undefined,
  options: Pick<HandlerOptions, 'baseUrl' | 'trustProxy'>,
  direct: { readonly protocol: string; readonly host: string },
): string | { problem: string } {
  if (options.baseUrl !== undefined) return readBaseUrl(options.baseUrl);
  const trustProxy = options.trustProxy === true;
  const forwardedText = trustProxy ? firstListed(header('x-forwarded-host')) : undefined;
  const forwarded = forwardedText === undefined ? undefined : parseHost(forwardedText);
  if (forwardedText !== undefined && forwarded === undefined) {
    return { problem: `X-Forwarded-Host ${describeText(forwardedText)} is not a host[:port]; ${hostForm}` };
  }
  const forwardedProto = trustProxy ? firstListed(header('x-forwarded-proto'))?.toLowerCase() : undefined;
  const protocol = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : direct.protocol;
  return `${protocol}://${forwarded?.text ?? direct.host}`;
}

/** Whether a server listening at `localHost` answers to `host`: see originOf. */
function isAnswered(host: ParsedHost, localHost: string, baseUrl: string | undefined): boolean {
  const listening = parseHost(localHost);
  if (listening === undefined || !isLoopback(listening.name)) return true;
  return isLoopback(host.name) || (baseUrl !== undefined && host.name === new URL(baseUrl).hostname);
}

const hostForm =
  'a host is a DNS name, an IPv4 address or an IPv6 address in brackets, and a port a number from 1 to 65535';

interface ParsedHost {
  /** The name alone, lower case: `localhost`, `127.0.0.1`, `[::1]`. */
  readonly name: string;
  /** The host as a link writes it: the name and the port as given. */
  readonly text: string;
}

const dnsLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ipv4Octet = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** `host[:port]` read strictly (RFC 3986's host, without its rarely used forms), or undefined. */
function parseHost(text: string): ParsedHost | undefined {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::([1-9]\d{0,4}))?$/.exec(text);
  if (match === null) return undefined;
  const [, rawName = '', port] = match;
  if (port !== undefined && Number(port) > 65_535) return undefined;
  const name = rawName.toLowerCase();
  if (name.startsWith('[')) {
    if (!isIPv6(name)) return undefined;
  } else {
    const labels = name.split('.');
    if (name.length > 253 || !labels.every((label) => dnsLabel.test(label))) return undefined;
    // A name ending in a number is an IPv4 address or nothing: `1.2.3` is not a host name.
    if (/^\d+$/.test(labels.at(-1) ?? '') && !(labels.length === 4 && labels.every((label) => ipv4Octet.test(label)))) {
      return undefined;
    }
  }
  return { name, text: port === undefined ? name : `${name}:${port}` };
}

/**
 * Whether a bracketed name is an IPv6 address, as the WHATWG URL parser reads one (node:net's isIPv6 would
 * tie this file to Node). The pattern in parseHost has already kept out every character but hex digits, `:`
 * and `.`, so no zone or other text reaches the parser.
 */
function isIPv6(bracketed: string): boolean {
  try {
    new URL(`http://${bracketed}/`);
    return true;
  } catch {
    return false;
  }
}

function isLoopback(name: string): boolean {
  if (name === 'localhost') return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(name)) return true;
  if (!name.startsWith('[')) return false;
  // Any spelling of ::1 (0:0:0:0:0:0:0:1), as the URL parser writes it.
  try {
    return new URL(`http://${name}/`).hostname === '[::1]';
  } catch {
    return false;
  }
}

function describeText(text: unknown): string {
  if (typeof text !== 'string') return String(text);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function firstListed(text: string | undefined): string | undefined {
  return text?.split(',')[0]?.trim() || undefined;
}
