// Helpers for the client's tests: scripted http servers on 127.0.0.1 (one origin per port), fake waits, and
// collecting an iteration's rows up to the error that ends it.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FetchPagesOptions, PartnerCenterError } from '../../src/client/index.js';

export type Script = (request: IncomingMessage, response: ServerResponse, count: number) => void;

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** What it was asked, in order. */
  readonly requests: IncomingMessage[];
  readonly server: Server;
}

const running: Server[] = [];

/** A loopback server answering each request with `script`; close every one with closeScriptedServers. */
export async function scriptedServer(script: Script): Promise<ScriptedServer> {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    script(request, response, requests.length);
  });
  running.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

export async function closeScriptedServers(): Promise<void> {
  const servers = running.splice(0);
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Options whose waits are recorded, not waited. */
export function fakeTime(extra: FetchPagesOptions = {}): { options: FetchPagesOptions; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    options: {
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
      now: () => Date.UTC(2024, 0, 31),
      ...extra,
    },
  };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export async function failureOf(promise: Promise<unknown>): Promise<PartnerCenterError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof PartnerCenterError)) {
    const found = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
    throw new Error(`Expected a PartnerCenterError, got ${found}`, { cause: error });
  }
  return error;
}

/** Every item an iteration handed out before it failed, and the PartnerCenterError it failed with. */
export async function itemsThenFailure<T>(
  iterable: AsyncIterable<T>,
): Promise<{ items: T[]; error: PartnerCenterError }> {
  const items: T[] = [];
  const error = await failureOf(
    (async () => {
      for await (const item of iterable) items.push(item);
    })(),
  );
  return { items, error };
}
