// The reference server under load: requests/s and p50/p99 latency of the docs' request against a million cached
// rows, served by memorySource scanning them (runQuery) and then by its row store, each in its own process on
// 127.0.0.1, from a bounded load generator on node:http (8 clients with keep-alive, a fixed number of requests).
// `node bench/server-load.mjs` prints the table; `npm run bench` includes it as a section.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, createServer, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { customersOf, licenseUsageRows } from './data.mjs';

const clients = 8;
const path = '/v1/analytics/commercial/usage/license';

/** The child: `--serve index|scan <rows>` loads the rows and serves them, printing its URL when it listens. */
async function serve(mode, count) {
  const { partnerCenter } = await import('../dist/index.js');
  const { createHandler, memorySource } = await import('../dist/server.js');
  const rows = licenseUsageRows(count);
  const schema = partnerCenter.licenseUsage;
  const source = memorySource(rows, schema, `${count} rows`, { index: mode === 'index' });
  const handler = createHandler({ source });
  const server = createServer(async (req, res) => {
    const response = await handler(new Request(new URL(req.url, 'http://127.0.0.1'), { method: req.method }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  // A scan under load answers slower than Node's 5-second keep-alive: a socket closed meanwhile would reset.
  server.keepAliveTimeout = 120_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
}

function get(agent, port, target) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path: target, agent }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** `total` requests over `clients` connections, each client sending its next request when the last is answered. */
async function load(port, target, total) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  // Warm-up: the first request builds the tenant index (store) or compiles the pass (scan).
  for (let i = 0; i < 3; i++) await get(agent, port, target);
  const latencies = [];
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (sent < total) {
        sent++;
        latencies.push(await get(agent, port, target));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { perSecond: total / seconds, p50: at(0.5), p99: at(0.99) };
}

async function measureMode(mode, count, total, log) {
  log(`server-load: ${mode}, ${count} rows`);
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', mode, String(count)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let output = '';
    for await (const chunk of child.stdout) {
      output += chunk;
      if (output.includes('\n')) break;
    }
    const port = Number(/listening (\d+)/.exec(output)?.[1]);
    const tenant = customersOf(5000)[17].id;
    const query = `filter=${encodeURIComponent(`customerTenantId eq '${tenant}'`)}&groupby=workloadCode,channel`;
    return await load(port, `${path}?${query}`, total);
  } finally {
    child.kill();
    await once(child, 'exit');
  }
}

export async function serverLoadSection({ quick, log, table, ratio, format }) {
  const count = quick ? 100_000 : 1_000_000;
  const scan = await measureMode('scan', count, quick ? 80 : 160, log);
  const store = await measureMode('index', count, quick ? 800 : 4000, log);
  const row = (name, result) => [
    name,
    format(result.perSecond),
    `${result.p50.toFixed(1)} ms`,
    `${result.p99.toFixed(1)} ms`,
  ];
  return `### The server under load (the docs' request, ${count.toLocaleString('en')} rows)\n\n${table(
    ['memorySource', 'requests/s', 'p50', 'p99'],
    [row('scanning (`{ index: false }`)', scan), row('row store (the default)', store)],
  )}\n\n${clients} clients with keep-alive on 127.0.0.1, a fixed number of requests each run, the server in its own process (createHandler on node:http, as \`filterby serve --data\` serves). The store answers ${ratio(store.perSecond / scan.perSecond)} the requests per second.`;
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3], Number(process.argv[4]));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { format, ratio, table } = {
    format: (value) => value.toFixed(value >= 100 ? 0 : 1),
    ratio: (value) => `${value.toFixed(value >= 10 ? 0 : 1)}×`,
    table: (head, body) =>
      [
        `| ${head.join(' | ')} |`,
        `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
        ...body.map((r) => `| ${r.join(' | ')} |`),
      ].join('\n'),
  };
  const quick = process.argv.includes('--quick');
  const log = (text) => process.stderr.write(`${text}\n`);
  process.stdout.write(`${await serverLoadSection({ quick, log, table, ratio, format })}\n`);
}
