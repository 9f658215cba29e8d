// The usage of `filterby serve`, printed by `filterby serve --help`: its options, defaults and environment.

import { sampleSize } from './serve-command.js';

const sampleRows = (sampleSize.rowsPerSnapshot * 2).toLocaleString('en-US');

export const serveUsage = `Usage: filterby serve [options]

Serves Partner Center's license usage endpoint, GET /v1/analytics/commercial/usage/license (and
under /partner), and the playground at /, until SIGINT or SIGTERM. It answers from generated
sample rows (${sampleRows} rows in two snapshots, ${sampleSize.tenants} tenants), a file of rows (--data)
or a PostgreSQL table (--database-url).

  --port <n>                     The port, 0..65535; 0 picks a free one (default: PORT, else 8080)
  --host <host>                  The address to listen on (default: HOST, else 127.0.0.1)
  --data <file>                  Rows as a JSON array, NDJSON or CSV file, loaded at start
  --database-url <url>           postgres://user@host:5432/db: answer from its license_usage
                                 table with SQL (needs the pg package; default: DATABASE_URL)
  --table <name>                 The table to read, with a database (default: the schema's)
  --schema <file.json>           A defineSchema definition to serve instead of the built-in one
                                 (needs --data or a database)
  --extensions <list>            Language extensions to allow: not,in,null,number,boolean
  --page-limit <n>               Rows per response at most, 1..10000 (default 10000)
  --public-url <url>             The origin (and path prefix) next links are built from
  --trust-proxy                  Build next links from X-Forwarded-Proto and X-Forwarded-Host

Environment: PORT, HOST, DATABASE_URL, and PGPASSWORD and the other libpq variables, read by pg.
`;
