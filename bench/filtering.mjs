// The filtering section of `npm run bench`: toPredicate (compiled and CSP-safe) against the hand-written arrow
// a user would write instead, on a case-sensitive schema (the exact arrow, `r => r.workloadCode === 'SFB'`) and
// on the Partner Center preset (the arrow that folds case with toLowerCase), with the peers beside the latter.

import { Query as MingoQuery } from 'mingo';
import { createFilter as odataInMemoryFilter } from 'odata-v4-inmemory';
import sift from 'sift';
import { defineSchema, parseFilter, partnerCenter, toPredicate } from '../dist/index.js';
import { filters } from './filters.mjs';
import { measure } from './harness.mjs';

/**
 * The license-usage fields compared exactly: the preset's fields without caseInsensitive, and the tenant id
 * declared as text, since a GUID field always folds case.
 */
export const caseSensitiveLicenseUsage = defineSchema({
  table: 'license_usage',
  fields: Object.fromEntries(
    Object.entries(partnerCenter.licenseUsage.fields).map(([name, field]) => [
      name,
      {
        type: field.type === 'guid' ? 'string' : field.type,
        filterable: field.isFilterable,
        groupable: field.isGroupable,
        ...(field.aggregate && { aggregate: field.aggregate }),
      },
    ]),
  ),
  profile: { extensions: [] },
});

const targets = { exactCompiled: 0.8, exactClosure: 0.3, foldedCompiled: 0.9 };

const perSecond = (ms, units) => (units * 1000) / ms;
const count = (items, predicate) => {
  let matched = 0;
  for (let i = 0; i < items.length; i++) if (predicate(items[i])) matched++;
  return matched;
};

let loops = 0;
/**
 * A loop of its own for each function measured, so that its call site sees one function, which V8 inlines.
 * The source differs from loop to loop: V8 caches `new Function` by its source text, and closures made from one
 * cached source share their feedback, so the same text would give every contender one call site, polymorphic.
 */
const counterFor = (predicate) => {
  const loop = new Function(
    'items',
    'predicate',
    `// loop ${loops++}
    let matched = 0;
    for (let i = 0; i < items.length; i++) if (predicate(items[i])) matched++;
    return matched;`,
  );
  return (items) => loop(items, predicate);
};

const verdict = (worst, target) =>
  `target ≥ ${target}×: ${worst >= target ? 'met' : 'not met'} (lowest ${worst.toFixed(2)}×)`;

/** The section's markdown. ctx: `{ rows, quick, log, table, ratio, format, interleaved }` from bench/run.mjs. */
export async function filteringSection({ rows, log, table, ratio, format, interleaved }) {
  const preset = partnerCenter.licenseUsage;
  // The slowest peers run over the first rows only (rows/s is what is compared).
  const peerRows = rows.slice(0, Math.min(rows.length, 100_000));
  const exactBody = [];
  const foldedBody = [];
  const findings = [];
  const worst = { exactCompiled: Infinity, exactClosure: Infinity, foldedCompiled: Infinity };

  for (const filter of filters) {
    log(`filter: ${filter.name}`);
    const exactAst = parseFilter(filter.text, { schema: caseSensitiveLicenseUsage });
    const presetAst = parseFilter(filter.text, { schema: preset });
    const contenders = {
      exact: filter.exact,
      exactCompiled: toPredicate(exactAst, { schema: caseSensitiveLicenseUsage, mode: 'compiled' }),
      exactClosure: toPredicate(exactAst, { schema: caseSensitiveLicenseUsage, mode: 'closure' }),
      folded: filter.folded,
      foldedCompiled: toPredicate(presetAst, { schema: preset, mode: 'compiled' }),
      foldedClosure: toPredicate(presetAst, { schema: preset, mode: 'closure' }),
    };
    const expectedExact = count(rows, filter.exact);
    const expectedFolded = count(rows, filter.folded);
    for (const [who, want] of [
      ['exactCompiled', expectedExact],
      ['exactClosure', expectedExact],
      ['foldedCompiled', expectedFolded],
      ['foldedClosure', expectedFolded],
    ]) {
      const got = count(rows, contenders[who]);
      if (got !== want) throw new Error(`filterby ${who}, ${filter.name}: ${got} rows matched, the arrow ${want}`);
    }
    // The six take turns, five rounds: the machine's drift hits all alike.
    const names = Object.keys(contenders);
    const counters = names.map((name) => counterFor(contenders[name]));
    const rates = Object.fromEntries(
      interleaved(
        counters.map((counter) => () => counter(rows)),
        5,
      ).map((ms, index) => [names[index], perSecond(ms, rows.length)]),
    );
    const cell = (name, base) => {
      const value = rates[name] / rates[base];
      if (name in worst) worst[name] = Math.min(worst[name], value);
      return `${format(rates[name])} (${ratio(value)})`;
    };
    exactBody.push([filter.name, format(rates.exact), cell('exactCompiled', 'exact'), cell('exactClosure', 'exact')]);

    const peers = {
      'odata-v4-inmemory': odataInMemoryFilter(filter.text),
      sift: sift(filter.mongo),
      mingo: (
        (query) => (row) =>
          query.test(row)
      )(new MingoQuery(filter.mongo)),
    };
    const expectedPeers = count(peerRows, filter.folded);
    const peerCells = Object.entries(peers).map(([who, predicate]) => {
      const got = count(peerRows, predicate);
      if (got !== expectedPeers)
        findings.push(`- ${who}, ${filter.name}: ${got} rows matched, the hand-written function ${expectedPeers}.`);
      const counter = counterFor(predicate);
      const rate = perSecond(
        measure(() => counter(peerRows), { samples: 3, budgetMs: 2000 }),
        peerRows.length,
      );
      return `${format(rate)} (${ratio(rate / rates.folded)})`;
    });
    foldedBody.push([
      filter.name,
      format(rates.folded),
      cell('foldedCompiled', 'folded'),
      cell('foldedClosure', 'folded'),
      ...peerCells,
    ]);
  }

  return [
    '### Filtering (rows/s, median; ratio to the hand-written arrow)',
    `On a case-sensitive schema (the license-usage fields compared exactly), against the exact arrow (\`r => r.workloadCode === 'SFB'\`):`,
    table(['filter', 'exact arrow', 'filterby toPredicate', 'filterby CSP-safe'], exactBody),
    `- toPredicate ÷ exact arrow: ${verdict(worst.exactCompiled, targets.exactCompiled)}\n` +
      `- CSP-safe ÷ exact arrow: ${verdict(worst.exactClosure, targets.exactClosure)}`,
    'On the Partner Center preset (text compared ignoring case), against the arrow that folds with `toLowerCase`, and the peers:',
    table(
      [
        'filter',
        'toLowerCase arrow',
        'filterby toPredicate',
        'filterby CSP-safe',
        'odata-v4-inmemory',
        'sift',
        'mingo',
      ],
      foldedBody,
    ),
    `- toPredicate ÷ toLowerCase arrow: ${verdict(worst.foldedCompiled, targets.foldedCompiled)}`,
    `filterby and the arrows filter ${format(rows.length)} rows, which went through \`JSON.parse\`; the peers the first ${format(peerRows.length)}` +
      ` (the slowest need seconds per million). Each function is counted in a loop of its own.${
        findings.length
          ? `\n\nWhere a peer's answer differs from the hand-written function's:\n${findings.join('\n')}`
          : ' Every peer matched the same rows as the hand-written function.'
      }`,
  ].join('\n\n');
}
