// `filterby/server`: the reference server's handler for any runtime with WHATWG Request and Response, and the
// sources it reads rows from. Nothing here imports node: modules; pg is imported only by postgresSource.

export {
  createHandler,
  type FetchHandler,
  type FetchHandlerOptions,
  type OtherResponse,
  pathsOf,
  type ServedEndpoint,
  servedPaths,
} from './handler.js';
export {
  type MemorySourceOptions,
  memorySource,
  type PostgresSourceOptions,
  postgresSource,
  type ResponseRow,
  type RowSource,
  type RunStatement,
  SourceError,
  type SqlSourceOptions,
  sqlSource,
} from './sources.js';
