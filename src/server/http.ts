// The reference server on node's http: listens, hands each request to handleRequest, and shuts down
// gracefully (stop accepting, finish what is in flight, then close the row source).

import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { endpointsOf, type HandlerOptions, handleRequest, readBaseUrl } from './handler.js';

// Node's default (16 KiB) would refuse a filter well under the library's maxLength (32,768 characters) once
// percent-encoded, with a bare 431 instead of a LIMIT_EXCEEDED body. 256 KiB holds the longest filter with
// every character percent-encoded (`%27`: three bytes each) with room to spare; a larger head still gets a 431.
const maxRequestHead = 256 * 1024;

export interface StartServerOptions extends HandlerOptions {
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1: only this machine can connect unless told otherwise. */
  readonly host?: string;
  /** Milliseconds that requests in flight get to finish once shutdown starts; default 10 000. */
  readonly shutdownGrace?: number;
}

export interface RunningServer {
  /** Where it listens, with a trailing slash: `http://127.0.0.1:8080/`. */
  readonly url: string;
  readonly server: Server;
  /** Stops accepting, waits for requests in flight (up to the grace period), closes the sources. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the reference server and resolves once it listens.
 *
 * @example
 * const running = await startServer({ port: 0, source: memorySource(rows, schema, 'my rows') });
 * await fetch(`${running.url}v1/analytics/commercial/usage/license?top=10`);
 * await running.close();
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  // A public URL that cannot start a link, or endpoints that cannot be told apart, are refused now, not on every
  // request.
  if (options.baseUrl !== undefined) readBaseUrl(options.baseUrl);
  const sources = new Set(endpointsOf(options).map((endpoint) => endpoint.source));
  let isClosing = false;
  const server = createServer({ maxHeaderSize: maxRequestHead }, (request, response) => {
    void answer(request, response, options, () => isClosing, localHostOf(server));
  });
  // Rejects with the error (a port in use) when listening fails.
  await once(server.listen(options.port ?? 8080, options.host ?? '127.0.0.1'), 'listening');
  const url = `http://${localHostOf(server)}/`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      isClosing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections with no request in flight would hold close() open until they time out.
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), options.shutdownGrace ?? 10_000);
      grace.unref();
      await closed;
      clearTimeout(grace);
      for (const source of sources) await source.close();
    })();
    return closing;
  };
  return { url, server, close };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  options: HandlerOptions,
  isClosing: () => boolean,
  localHost: string,
): Promise<void> {
  // Node's server always sets method and url; the fallbacks only satisfy their optional types.
  const handled = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, localHost };
  try {
    const result = await handleRequest(handled, options);
    const body = Buffer.from(result.body, 'utf8');
    response.writeHead(result.status, {
      ...result.headers,
      'Content-Length': String(body.length),
      // A response finished during shutdown tells the client not to reuse its connection.
      ...(isClosing() && { Connection: 'close' }),
    });
    response.end(body);
  } catch (error) {
    // handleRequest answers every error itself; reaching here means the socket failed mid-write.
    options.onServerError?.(error, handled);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  }
}

function localHostOf(server: Server): string {
  const address = server.address() as AddressInfo | null;
  if (address === null) return 'localhost';
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${host}:${address.port}`;
}
