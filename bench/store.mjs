// The row store section of `npm run bench`: createRowStore beside runQuery's scan for the docs' request (one
// tenant, grouped by workload and channel) at a million rows: query time, the time to make it and to index a
// field, and the memory the indexes add.

import { createRowStore, parseQuery, partnerCenter, runQuery } from '../dist/index.js';
import { customersOf } from './data.mjs';
import { measure } from './harness.mjs';

const heapNow = () => {
  globalThis.gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};
const megabytes = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export async function storeSection({ rows, log, table, ratio, interleaved }) {
  const schema = partnerCenter.licenseUsage;
  const tenant = customersOf(5000)[17].id;
  const docs = parseQuery(`filter=customerTenantId eq '${tenant}'&groupby=workloadCode,channel`, { schema });
  const requests = [
    ["the docs' request (one tenant, groupby=workloadCode,channel)", docs],
    [
      "workloadCode eq 'SFB' and channel eq 'Reseller', groupby=customerTenantId",
      parseQuery("filter=workloadCode eq 'SFB' and channel eq 'Reseller'&groupby=customerTenantId", { schema }),
    ],
    [
      'a 50-tenant or, top=100',
      parseQuery(
        `filter=${customersOf(5000)
          .slice(0, 50)
          .map((customer) => `customerTenantId eq '${customer.id}'`)
          .join(' or ')}&top=100`,
        { schema },
      ),
    ],
  ];
  log('store: build');
  const before = heapNow();
  const made = performance.now();
  const store = createRowStore(rows, { schema });
  const makeMs = performance.now() - made;
  const indexed = performance.now();
  store.index(['customerTenantId']);
  const tenantIndexMs = performance.now() - indexed;
  const rest = performance.now();
  store.index();
  const restMs = performance.now() - rest;
  const added = heapNow() - before;
  const scanMs = measure(() => runQuery(rows, docs, { schema }).totalCount, { samples: 3 });

  const body = [];
  for (const [name, query] of requests) {
    log(`store: ${name}`);
    if (JSON.stringify(store.query(query)) !== JSON.stringify(runQuery(rows, query, { schema }))) {
      throw new Error(`store: ${name}: the answers differ`);
    }
    const [scan, ours] = interleaved(
      [() => runQuery(rows, query, { schema }).totalCount, () => store.query(query).totalCount],
      3,
    );
    body.push([name, `${scan.toFixed(1)} ms`, `${ours.toFixed(2)} ms`, ratio(scan / ours)]);
  }
  const docsRatio = Number.parseFloat(body[0][3]);
  const build = [
    ['createRowStore (copy, latest snapshot)', `${makeMs.toFixed(0)} ms`, ratio(makeMs / scanMs)],
    ['the first index (customerTenantId)', `${tenantIndexMs.toFixed(0)} ms`, ratio(tenantIndexMs / scanMs)],
    ['the other 8 indexes (store.index())', `${restMs.toFixed(0)} ms`, ratio(restMs / scanMs)],
  ];
  return `### Row store (createRowStore, ${rows.length.toLocaleString('en')} rows)\n\n${table(
    ['request', 'runQuery (scan)', 'store.query', 'speed-up'],
    body,
  )}\n\nTarget ≥ 100× for the docs' request: ${docsRatio >= 100 ? 'met' : 'not met'}.\n\n${table(
    ['building', 'time', "÷ one scan of the docs' request"],
    build,
  )}\n\nTarget: a store ≤ 3× one scan to make: ${makeMs / scanMs <= 3 ? 'met' : 'not met'}; each index is built when a query first filters by its field (or by \`store.index()\`), one pass of Map lookups of every row's string (${ratio(tenantIndexMs / scanMs)} a scan for the GUIDs). Memory the nine indexes add: ${megabytes(store.indexBytes)} of position arrays${globalThis.gc ? `, ${megabytes(added)} measured on the heap (after gc)` : ''}.`;
}
