// A quick look at runQuery over 1,000,000 generated rows beside a hand-written Map loop, until issue 4's
// side-by-side benchmarks exist. Run after `npm run build`: node bench/quick-engine.mjs
import { parseFilter, parseQuery, partnerCenter, runQuery, toPredicate } from '../dist/index.js';

const schema = partnerCenter.licenseUsage;
const workloads = ['SFB', 'EXO', 'SPO', 'ODB', 'TEAMS', 'YAM', 'PBI', 'INTUNE', 'AAD', 'PROJ'];
const channels = ['Reseller', 'Direct', 'Advisor'];
const rows = Array.from({ length: 1_000_000 }, (_, i) => ({
  workloadCode: workloads[i % 10],
  channel: channels[(i * 7) % 3],
  customerTenantId: `0112a436-b14e-4888-967b-ca4bb2cf${String(i % 5000).padStart(4, '0')}`,
  licensesActive: i % 50,
  licensesQualified: i % 60,
  processedDateTime: '2024-01-31T00:00:00.000Z',
}));

function bestOf(runs, run) {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best.toFixed(0);
}

const isSfb = toPredicate(parseFilter("workloadCode eq 'SFB'", { schema }), { schema });
console.log(`toPredicate over 1M rows: ${bestOf(3, () => rows.filter(isSfb))} ms`);
for (const text of [
  'groupby=workloadCode',
  'groupby=workloadCode,channel',
  "filter=workloadCode eq 'SFB'&top=100",
  'top=100',
]) {
  const query = parseQuery(text, { schema });
  console.log(`runQuery ${text}: ${bestOf(3, () => runQuery(rows, query, { schema }))} ms`);
}
const handGroup = () => {
  const groups = new Map();
  for (const row of rows) {
    const group = groups.get(row.workloadCode);
    if (group) {
      group.licensesActive += row.licensesActive;
      group.licensesQualified += row.licensesQualified;
    } else
      groups.set(row.workloadCode, { licensesActive: row.licensesActive, licensesQualified: row.licensesQualified });
  }
};
console.log(`hand-written Map loop, groupby workloadCode: ${bestOf(3, handGroup)} ms`);
