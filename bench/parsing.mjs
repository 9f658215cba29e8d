// The parsing section of `npm run bench`: parseFilter beside a tight hand-written parser (the limit) and the two
// OData parsers users would pick instead, each filter measured in turns, with issue 13's targets beside the ratios.

import { defaultParser as odataParser } from '@odata/parser';
import { filter as odataV4ParseFilter } from 'odata-v4-parser';
import { parseFilter, partnerCenter } from '../dist/index.js';
import { filters } from './filters.mjs';
import { handParser } from './hand-parser.mjs';

const schema = partnerCenter.licenseUsage;
const targetOverOData = 5;
const targetOverHand = 0.25;

/** Parses per second of each parser on every bench filter, and whether parseFilter meets both targets. */
export async function parsingSection({ log, table, ratio, format, interleaved }) {
  const parseHand = handParser(Object.keys(schema.fields));
  const body = [];
  let worstOverOData = Number.POSITIVE_INFINITY;
  let worstOverHand = Number.POSITIVE_INFINITY;
  for (const { name, text } of filters) {
    log(`parse: ${name}`);
    // Short runs drift with the machine: the four take turns, five rounds, and each keeps its median.
    const [ours, hand, v4, odata] = interleaved([
      () => parseFilter(text, { schema }),
      () => parseHand(text),
      () => odataV4ParseFilter(text),
      () => odataParser.filter(text),
    ]).map((ms) => 1000 / ms);
    const overOData = ours / Math.max(v4, odata);
    const overHand = ours / hand;
    worstOverOData = Math.min(worstOverOData, overOData);
    worstOverHand = Math.min(worstOverHand, overHand);
    body.push([name, format(ours), format(hand), format(v4), format(odata), ratio(overOData), ratio(overHand)]);
  }
  const verdict = (worst, target) => `${worst >= target ? 'met' : 'not met'} (lowest ${ratio(worst)})`;
  return `### Parsing (parses/s, median)\n\n${table(
    [
      'filter',
      'filterby',
      'hand-written',
      'odata-v4-parser',
      '@odata/parser',
      'filterby ÷ faster OData',
      'filterby ÷ hand',
    ],
    body,
  )}\n\nTargets on every filter: ÷ faster OData ≥ ${targetOverOData}×: ${verdict(worstOverOData, targetOverOData)}; ÷ hand ≥ ${targetOverHand}×: ${verdict(worstOverHand, targetOverHand)}. \`parseFilter\` also checks every field, operator and literal against the schema and keeps the span of each node; the hand-written parser checks field names only.`;
}
