// `filterby serve`: the reference server of Partner Center's license usage endpoint, from the bundled sample,
// a file of rows (--data) or a PostgreSQL table (--database-url), until SIGINT or SIGTERM.

import { FilterError, maxTop, partnerCenter } from '../index.js';
import { playgroundResponse } from '../playground/assets.js';
import { readBaseUrl } from '../server/handler.js';
import { type RunningServer, startServer } from '../server/http.js';
import { memorySource, postgresSource, type RowSource } from '../server/sources.js';
import { type CliIO, exitCodes, integerFlag, readArguments, UsageError } from './options.js';
import { readRows } from './row-files.js';
import { sampleLicenseUsage } from './sample-data.js';

/** Rows per snapshot and customers of the bundled sample: enough for paging and grouping to show. */
export const sampleSize = { rowsPerSnapshot: 2500, tenants: 40 } as const;

const defaultPort = 8080;
const defaultHost = '127.0.0.1';

export async function serveCommand(args: readonly string[], io: CliIO): Promise<number> {
  const read = readArguments(args, {
    '--port': 'value',
    '--host': 'value',
    '--data': 'value',
    '--database-url': 'value',
    '--page-limit': 'value',
    '--trust-proxy': 'boolean',
    '--public-url': 'value',
  });
  if (read.positional.length > 0) throw new UsageError(`serve takes no arguments; got '${read.positional[0]}'`);
  const port = integerFlag(read, '--port', 0, 65_535) ?? portFromEnvironment() ?? defaultPort;
  const host = read.values.get('--host') ?? (process.env.HOST || defaultHost);
  const pageLimit = integerFlag(read, '--page-limit', 1, maxTop) ?? maxTop;
  const publicUrl = publicUrlFlag(read.values.get('--public-url'));
  const dataFile = read.values.get('--data');
  const databaseUrl = read.values.get('--database-url');
  if (dataFile !== undefined && databaseUrl !== undefined) {
    throw new UsageError('give --data or --database-url, not both');
  }

  const source = await openSource(dataFile, databaseUrl);
  try {
    await source.check?.();
  } catch (error) {
    await source.close();
    throw new UsageError((error as Error).message);
  }
  let running: RunningServer;
  try {
    running = await startServer({
      port,
      host,
      pageLimit,
      source,
      trustProxy: read.booleans.has('--trust-proxy'),
      ...(publicUrl !== undefined && { baseUrl: publicUrl }),
      otherPaths: playgroundResponse,
      onServerError: (error, request) =>
        io.stderr(`filterby: ${request.method} ${request.url} failed: ${(error as Error)?.stack ?? String(error)}\n`),
    });
  } catch (error) {
    await source.close();
    throw listenError(error, host, port);
  }
  io.stdout(
    `filterby: listening on ${running.url}\n` +
      `filterby: serving ${source.description} at ${running.url}v1/analytics/commercial/usage/license\n`,
  );

  // The first signal shuts down gracefully; the handlers are `once`, so a second one ends the process at once.
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.stderr(`filterby: ${signal}: finishing the requests in flight, then exiting\n`);
  try {
    await running.close();
  } catch (error) {
    io.stderr(`filterby: shutting down failed: ${(error as Error)?.message ?? String(error)}\n`);
    return exitCodes.failure;
  }
  return exitCodes.ok;
}

async function openSource(dataFile: string | undefined, databaseUrl: string | undefined): Promise<RowSource> {
  const schema = partnerCenter.licenseUsage;
  if (databaseUrl !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new UsageError(`--database-url takes a postgres:// URL, such as postgres://user@localhost:5432/db`);
    }
    return postgresSource({ connectionString: databaseUrl, schema });
  }
  if (dataFile !== undefined) {
    // runQuery reads an array in memory: the file is loaded once, at start.
    const rows: Record<string, unknown>[] = [];
    for await (const row of readRows(dataFile)) rows.push(row);
    return memorySource(rows, schema, `${rows.length} rows from ${dataFile}`);
  }
  const rows = sampleLicenseUsage(sampleSize.rowsPerSnapshot, sampleSize.tenants);
  return memorySource(rows, schema, `${rows.length} generated sample rows (two snapshots)`);
}

function publicUrlFlag(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return readBaseUrl(text);
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    throw new UsageError(`--public-url takes the URL clients reach the server at: ${error.message}`);
  }
}

function portFromEnvironment(): number | undefined {
  const text = process.env.PORT;
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text) || Number(text) > 65_535) {
    throw new UsageError(`the PORT environment variable must be a port number from 0 to 65535, not '${text}'`);
  }
  return Number(text);
}

function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as { code?: unknown })?.code;
  if (code === 'EADDRINUSE') return new UsageError(`port ${port} on ${host} is in use; pick another with --port`);
  if (code === 'EACCES') return new UsageError(`no permission to listen on port ${port}; use one above 1023`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new UsageError(`cannot listen on host ${host}: it is not an address of this machine`);
  }
  return error;
}
