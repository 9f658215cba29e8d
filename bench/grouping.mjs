// The grouping section of `npm run bench`: runQuery with top: Infinity (every group in one call) beside the
// nested-Map loop a user writes, for 10 groups and for the ~245,000 (tenant, product) groups of a million rows.

import { partnerCenter, runQuery } from '../dist/index.js';

/** What a user writes: one Map per groupby field, nested; sums; the latest snapshot only; groups sorted by key. */
function handGroupBy(items, fields) {
  const root = new Map();
  const groups = [];
  let latest = '';
  const last = fields.length - 1;
  for (let i = 0; i < items.length; i++) {
    const row = items[i];
    const taken = row.processedDateTime;
    if (taken > latest) {
      latest = taken;
      root.clear();
      groups.length = 0;
    } else if (taken < latest) continue;
    let level = root;
    for (let f = 0; f < last; f++) {
      const value = row[fields[f]];
      let next = level.get(value);
      if (next === undefined) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const value = row[fields[last]];
    let group = level.get(value);
    if (group === undefined) {
      group = { keys: fields.map((field) => row[field]), licensesActive: 0, licensesQualified: 0 };
      level.set(value, group);
      groups.push(group);
    }
    group.licensesActive += row.licensesActive;
    group.licensesQualified += row.licensesQualified;
  }
  // runQuery's answer is in order: so is this one.
  return groups.sort((a, b) => {
    for (let k = 0; k < a.keys.length; k++) {
      if (a.keys[k] !== b.keys[k]) return a.keys[k] < b.keys[k] ? -1 : 1;
    }
    return 0;
  });
}

export async function groupingSection({ rows, log, table, ratio, format, interleaved }) {
  const schema = partnerCenter.licenseUsage;
  const body = [];
  for (const fields of [['workloadCode'], ['workloadCode', 'channel'], ['customerTenantId', 'productId']]) {
    log(`group: ${fields}`);
    const query = { groupBy: fields, top: Number.POSITIVE_INFINITY };
    const groups = runQuery(rows, query, { schema }).totalCount;
    if (groups !== handGroupBy(rows, fields).length) throw new Error(`grouping ${fields}: the counts differ`);
    const [hand, ours] = interleaved(
      [() => handGroupBy(rows, fields).length, () => runQuery(rows, query, { schema }).totalCount],
      3,
    ).map((ms) => (rows.length * 1000) / ms);
    const met = ours / hand >= 0.7 ? 'met' : 'not met';
    body.push([fields.join(', '), format(groups), format(hand), `${format(ours)} (${ratio(ours / hand)})`, met]);
  }
  return `### Grouping (rows/s, median; ratio to the hand-written nested-Map loop)\n\n${table(
    ['groupby', 'groups', 'hand-written nested Maps', 'runQuery, top: Infinity', 'target ≥ 0.7×'],
    body,
  )}\n\nBoth sum licensesActive and licensesQualified, keep only the latest snapshot and return every group sorted by its keys, in one call (\`top: Infinity\`; a request's \`top\` stops at 10,000).`;
}
