// The usage of `filterby serve`, printed by `filterby serve --help`: its options, defaults and environment.

import { endpointNames, extensionList } from './options.js';
import { sampleSize } from './serve-command.js';

const sampleRows = (sampleSize.rowsPerSnapshot * 2).toLocaleString('en-US');

export const serveUsage = `Usage: filterby serve [options]

Serves Partner Center's seven analytics endpoints and the playground at /, until SIGINT or SIGTERM:
  GET /v1/analytics/commercial/usage/license         licenseUsage (also under /partner)
  GET /v1/analytics/commercial/deployment/license    licenseDeployment (also under /partner)
  GET /partner/v1/analytics/subscriptions            subscriptions
  GET /partner/v1/analytics/usage/azure              azureUsage
  GET /partner/v1/analytics/indirectresellers        indirectResellers
  GET /partner/v1/analytics/search                   search
  GET /partner/v1/analytics/referrals                referrals
each from generated sample rows (${sampleRows} rows per endpoint, ${sampleSize.tenants} tenants; the license endpoints'
in two snapshots). With --data or --database-url it serves one endpoint, --endpoint's (default
licenseUsage), from a file of rows or a PostgreSQL table.

  --port <n>                     The port, 0..65535; 0 picks a free one (default: PORT, else 8080)
  --host <host>                  The address to listen on (default: HOST, else 127.0.0.1)
  --endpoint <name>              Serve this endpoint only: ${endpointNames.join(', ')}
  --data <file>                  Rows as a JSON array, NDJSON or CSV file, loaded at start
  --quiet                        No progress line while --data loads (on a terminal, stderr shows
                                 the bytes read, rows per second and the time once it passes 1 s)
  --database-url <url>           postgres://user@host:5432/db: answer from the endpoint's table
                                 (license_usage, azure_usage, …) with SQL (needs the pg package;
                                 default: DATABASE_URL)
  --table <name>                 The table to read, with a database (default: the schema's)
  --schema <file.json>           A defineSchema definition to serve at the license usage paths
                                 instead of a built-in one (needs --data or a database)
  --extensions <list>            Language extensions to allow: ${extensionList}
  --page-limit <n>               Rows per response at most, 1..10000 (default 10000)
  --public-url <url>             The origin (and path prefix) next links are built from
  --trust-proxy                  Build next links from X-Forwarded-Proto and X-Forwarded-Host

Environment: PORT, HOST, DATABASE_URL, and PGPASSWORD and the other libpq variables, read by pg.
`;
