// `filterby serve`: the reference server of Partner Center's seven analytics endpoints from generated samples,
// or of one (--endpoint, or a schema from --schema) from a file of rows (--data) or a PostgreSQL table
// (--database-url or DATABASE_URL), until SIGINT or SIGTERM.

import { FilterError, maxTop, type PartnerCenterEndpoint, type Schema } from '../index.js';
import { playgroundResponse } from '../playground/assets.js';
import { pathsOf, readBaseUrl, type ServedEndpoint, servedPaths } from '../server/handler.js';
import { type RunningServer, startServer } from '../server/http.js';
import { memorySource, postgresSource, type RowSource, SourceError } from '../server/sources.js';
import {
  type CliIO,
  endpointFromFlag,
  endpointNames,
  exitCodes,
  type FlagValues,
  integerFlag,
  readArguments,
  rebuiltSchema,
  schemaFlags,
  schemaFromFlags,
  UsageError,
} from './options.js';
import { type FileProgress, fileProgress, stderrTarget, underProgress } from './progress.js';
import { readRows } from './row-files.js';
import { sampleRowsOf } from './sample-data.js';

/**
 * Rows per snapshot (the license endpoints have two; every other endpoint's sample has as many rows as both) and
 * customers of the bundled samples: enough for paging and grouping to show.
 */
export const sampleSize = { rowsPerSnapshot: 2500, tenants: 40 } as const;

const defaultPort = 8080;
const defaultHost = '127.0.0.1';

export async function serveCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { positionals, values } = readArguments(args, {
    port: 'string',
    host: 'string',
    data: 'string',
    'database-url': 'string',
    ...schemaFlags,
    table: 'string',
    'page-limit': 'string',
    'trust-proxy': 'boolean',
    'public-url': 'string',
    quiet: 'boolean',
  });
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments; got '${positionals[0]}'`);
  const port = integerFlag(values.port, '--port', 0, 65_535) ?? portFromEnvironment() ?? defaultPort;
  const host = values.host ?? (process.env.HOST || defaultHost);
  const pageLimit = integerFlag(values['page-limit'], '--page-limit', 1, maxTop) ?? maxTop;
  const publicUrl = publicUrlFlag(values['public-url']);
  const dataFile = values.data;
  const databaseUrl = databaseUrlOf(values['database-url'], dataFile);
  if (values.table !== undefined && databaseUrl === undefined) {
    throw new UsageError(
      '--table names the PostgreSQL table to serve: give the database with --database-url or DATABASE_URL',
    );
  }

  let endpoints: ServedEndpoint[];
  try {
    const startProgress = (path: string) =>
      fileProgress(path, stderrTarget(io.stderr), { quiet: values.quiet === true });
    endpoints = await openEndpoints(values, dataFile, databaseUrl, startProgress);
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    return failure(io, error.message, error.hint);
  }
  let running: RunningServer;
  try {
    running = await startServer({
      port,
      host,
      pageLimit,
      endpoints,
      trustProxy: values['trust-proxy'] === true,
      ...(publicUrl !== undefined && { baseUrl: publicUrl }),
      otherPaths: playgroundResponse,
      onServerError: (error, request) =>
        io.stderr(`filterby: ${request.method} ${request.url} failed: ${(error as Error)?.stack ?? String(error)}\n`),
    });
  } catch (error) {
    await closeAll(endpoints);
    const problem = listenProblem(error, host, port);
    if (problem === undefined) throw error;
    return failure(io, problem.message, problem.hint);
  }
  // The first signal shuts down gracefully; both handlers go with it, so a second signal of either kind ends
  // the process at once.
  // They are in place before the line that says the server is up: a supervisor may signal as soon as it reads it.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  const serving = endpoints.map(
    (endpoint) => `filterby: serving ${endpoint.source.description} at ${running.url}${endpoint.paths[0]?.slice(1)}\n`,
  );
  io.stdout(`filterby: listening on ${running.url}\n${serving.join('')}`);
  const signal = await signalled;
  io.stderr(`filterby: ${signal}: finishing the requests in flight, then exiting\n`);
  try {
    await running.close();
  } catch (error) {
    io.stderr(`filterby: shutting down failed: ${(error as Error)?.message ?? String(error)}\n`);
    return exitCodes.failure;
  }
  return exitCodes.ok;
}

/**
 * A failure of the world, not of the command line (a port in use, a database that refuses): the problem and
 * the step that fits it, instead of a pointer to --help. Exit 2, as for every input the user can fix.
 */
function failure(io: CliIO, message: string, hint: string): number {
  io.stderr(`filterby: ${message}\n${hint}\n`);
  return exitCodes.badInput;
}

/**
 * The database to serve: --database-url, else DATABASE_URL (which keeps the password out of the process
 * list), unless --data names a file. PGPASSWORD and the other libpq variables are read by pg itself.
 */
function databaseUrlOf(flag: string | undefined, dataFile: string | undefined): string | undefined {
  if (dataFile !== undefined && flag !== undefined) throw new UsageError('give --data or --database-url, not both');
  const fromEnvironment =
    dataFile === undefined && flag === undefined ? process.env.DATABASE_URL || undefined : undefined;
  const url = flag ?? fromEnvironment;
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
    const where = flag === undefined ? 'the DATABASE_URL environment variable' : '--database-url';
    throw new UsageError(`${where} takes a postgres:// URL, such as postgres://user@localhost:5432/db`);
  }
  return url;
}

/**
 * What to serve. Without --data, a database or --schema: every Partner Center endpoint from its generated
 * sample, or the one --endpoint names. Otherwise one endpoint: --endpoint's preset (default license usage) at its
 * paths, or --schema's at the license usage paths, from the file or the table. Each source is checked before
 * anything is served; on a failure the ones opened are closed.
 */
async function openEndpoints(
  values: FlagValues<typeof schemaFlags> & { readonly table?: string },
  dataFile: string | undefined,
  databaseUrl: string | undefined,
  startProgress: (path: string) => FileProgress | undefined,
): Promise<ServedEndpoint[]> {
  const isSample = dataFile === undefined && databaseUrl === undefined;
  // Read first, so that a bad schema file is what the user hears about.
  const ownSchema = values.schema === undefined ? undefined : schemaFromFlags(values);
  if (isSample && ownSchema !== undefined) {
    throw new UsageError(
      "the generated samples have the Partner Center endpoints' schemas: give rows of your schema with --data or --database-url",
    );
  }
  const chosen: readonly PartnerCenterEndpoint[] =
    isSample && values.endpoint === undefined ? endpointNames : [endpointFromFlag(values.endpoint)];
  const endpoints: ServedEndpoint[] = [];
  try {
    for (const name of chosen) {
      const base = ownSchema ?? schemaFromFlags({ ...values, endpoint: name });
      const schema = values.table === undefined ? base : rebuiltSchema(base, { table: values.table });
      const source = await openSource(name, schema, dataFile, databaseUrl, startProgress);
      endpoints.push({ paths: ownSchema === undefined ? pathsOf(name) : servedPaths, source });
      await source.check?.();
    }
  } catch (error) {
    await closeAll(endpoints);
    throw error;
  }
  return endpoints;
}

async function openSource(
  endpoint: PartnerCenterEndpoint,
  schema: Schema,
  dataFile: string | undefined,
  databaseUrl: string | undefined,
  startProgress: (path: string) => FileProgress | undefined,
): Promise<RowSource> {
  if (databaseUrl !== undefined) return postgresSource({ connectionString: databaseUrl, schema });
  if (dataFile !== undefined) {
    // runQuery reads an array in memory: the file is loaded once, at start.
    const rows: Record<string, unknown>[] = [];
    const progress = startProgress(dataFile);
    const read = readRows(dataFile, { schema, ...(progress && { onBytesRead: progress.onBytesRead }) });
    await underProgress(progress, async () => {
      for await (const row of progress?.counted(read) ?? read) rows.push(row);
    });
    return memorySource(rows, schema, `${rows.length} rows from ${dataFile}`);
  }
  const rows = [...sampleRowsOf(endpoint, sampleSize.rowsPerSnapshot * 2, sampleSize.tenants)];
  const snapshots = endpoint.startsWith('license') ? ' (two snapshots)' : '';
  return memorySource(rows, schema, `${rows.length} generated sample rows${snapshots}`);
}

async function closeAll(endpoints: readonly ServedEndpoint[]): Promise<void> {
  for (const endpoint of endpoints) await endpoint.source.close();
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

function listenProblem(error: unknown, host: string, port: number): { message: string; hint: string } | undefined {
  const code = (error as { code?: unknown })?.code;
  switch (code) {
    case 'EADDRINUSE':
      return {
        message: `port ${port} on ${host} is in use`,
        hint: 'Stop what holds it, or pick another port with --port (--port 0 picks a free one).',
      };
    case 'EACCES':
      return {
        message: `no permission to listen on port ${port}`,
        hint: 'Ports below 1024 need administrator rights: pick one above 1023 with --port.',
      };
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return {
        message: `cannot listen on host ${host}: it is not an address of this machine`,
        hint: 'Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every network interface).',
      };
    default:
      return undefined;
  }
}
