// The playground's chart of grouped rows, drawn as SVG by the browser itself (no library): bars of a measure per
// group, grouped bars when the groupby names more than one field, and a line over time when it names a date.
// Every mark carries its group and value as data attributes, which is what the browser test reads.

import type { Schema } from '../index.js';

/** What to draw: which field runs along the chart, which split it into series, and the measure's values. */
export type ChartPlan =
  | { readonly kind: 'bars'; readonly category: string; readonly series: readonly string[]; readonly measure: string }
  | { readonly kind: 'line'; readonly time: string; readonly series: readonly string[]; readonly measure: string };

/** The fields the server sums or counts per group: the measures a chart can show. */
export function measuresOf(schema: Schema): string[] {
  return Object.values(schema.fields)
    .filter((field) => field.aggregate !== undefined)
    .map((field) => field.name);
}

/**
 * The chart for rows grouped by `groupBy`: a line over the first date field when there is one (its buckets are
 * aggregationLevel's), else bars along the first field; the other fields make the series.
 */
export function chartPlan(groupBy: readonly string[], schema: Schema, measure: string): ChartPlan {
  const time = groupBy.find((name) => schema.fields[name]?.type === 'datetime');
  if (time !== undefined) return { kind: 'line', time, series: groupBy.filter((name) => name !== time), measure };
  const [category, ...series] = groupBy;
  return { kind: 'bars', category: category ?? '', series, measure };
}

/** What was drawn, and what was left out for room: said under the chart, never silently. */
export interface DrawnChart {
  readonly drawing: SVGSVGElement;
  readonly notes: readonly string[];
}

/** Series beyond these share colours, and a legend of more is not read; the largest are drawn. */
const maxSeries = 8;
/** Bars beyond these make a chart taller than a screen; the table has every group. */
const maxCategories = 40;
const fontSize = 12;
const barHeight = 18;
const barGap = 4;
const groupGap = 10;

type Row = Readonly<Record<string, unknown>>;

export function drawChart(rows: readonly Row[], plan: ChartPlan, width: number): DrawnChart {
  switch (plan.kind) {
    case 'bars':
      return drawBars(rows, plan, width);
    case 'line':
      return drawLine(rows, plan, width);
  }
}

// ---- shared ----

const svgNamespace = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | number>> = {},
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/**
 * The chart's own <svg>, drawn at the box's real pixel size: `kind` and `measure` are data attributes the browser
 * test reads, `label` what a screen reader says of the picture.
 */
function chartSvg(
  size: { readonly width: number; readonly height: number },
  kind: string,
  measure: string,
  label: string,
  ...children: Node[]
): SVGSVGElement {
  const { width, height } = size;
  const attributes = { class: 'chart-svg', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' };
  return svg('svg', { ...attributes, 'data-kind': kind, 'data-measure': measure, 'aria-label': label }, ...children);
}

/** A tooltip: the full text of a label cut for room, or a mark's group and value. */
const title = (text: string) => svg('title', {}, text);

/** A row's value as a label: text as it is, null and a missing value as "(null)", so that they are a group too. */
export function labelOf(value: unknown): string {
  return value === null || value === undefined ? '(null)' : String(value);
}

const seriesKey = (row: Row, fields: readonly string[]) => fields.map((name) => labelOf(row[name])).join(' · ');

function measureOf(row: Row, measure: string): number {
  const value = row[measure];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
export const formatNumber = (value: number) => numberFormat.format(value);

let measuringContext: CanvasRenderingContext2D | null | undefined;

/** The width of `text` in the chart's font, measured by a canvas (or guessed, should there be none). */
function textWidth(text: string): number {
  if (measuringContext === undefined) {
    measuringContext = document.createElement('canvas').getContext('2d');
    if (measuringContext !== null) measuringContext.font = `${fontSize}px system-ui, sans-serif`;
  }
  return measuringContext?.measureText(text).width ?? text.length * fontSize * 0.6;
}

/** `text` cut with an ellipsis to fit `room` pixels. */
function fitted(text: string, room: number): string {
  if (textWidth(text) <= room) return text;
  const characters = Array.from(text);
  let length = characters.length;
  while (length > 1 && textWidth(`${characters.slice(0, length).join('')}…`) > room) length--;
  return `${characters.slice(0, length).join('')}…`;
}

/** The series to draw: the largest `maxSeries` by total size, in their first order; a note when some are left out. */
function chooseSeries(rows: readonly Row[], fields: readonly string[], measure: string) {
  const totals = new Map<string, number>();
  for (const row of rows) {
    const key = seriesKey(row, fields);
    totals.set(key, (totals.get(key) ?? 0) + Math.abs(measureOf(row, measure)));
  }
  const all = [...totals.keys()];
  if (all.length <= maxSeries) return { series: all, note: undefined };
  const largest = new Set([...all].sort((a, b) => totals.get(b)! - totals.get(a)!).slice(0, maxSeries));
  return {
    series: all.filter((key) => largest.has(key)),
    note: `${maxSeries} of ${all.length} ${fields.join(' · ')} series drawn, the largest by total; the table has every group.`,
  };
}

/** A legend of the series' colours, wrapped into lines of `width`; returns its group and height. */
function legend(series: readonly string[], width: number): { group: SVGGElement; height: number } {
  const group = svg('g', { class: 'legend' });
  if (series.length < 2 && series[0] === '') return { group, height: 0 };
  let x = 0;
  let y = 0;
  const lineHeight = fontSize + 8;
  series.forEach((name, index) => {
    const label = fitted(name, width - 24);
    const itemWidth = 16 + textWidth(label) + 14;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      y += lineHeight;
    }
    group.append(
      svg(
        'g',
        { class: 'legend-item', 'data-series': name },
        svg('rect', { class: `swatch series-${index}`, x, y: y + 2, width: 11, height: 11, rx: 2 }),
        svg('text', { x: x + 16, y: y + fontSize }, label),
        title(name),
      ),
    );
    x += itemWidth;
  });
  return { group, height: y + lineHeight + 4 };
}

/** Round steps (1, 2, 5 × 10ⁿ) from the lowest to the highest value, about `count` of them. */
function ticks(low: number, high: number, count: number): number[] {
  if (high === low) return [low];
  const rough = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? rough;
  // From a step at or below the lowest value to one at or above the highest, so that every value is inside.
  const values: number[] = [];
  const last = Math.ceil(high / step - 1e-9);
  for (let index = Math.floor(low / step + 1e-9); index <= last; index++) values.push(index * step);
  return values;
}

// ---- bars ----

/**
 * Horizontal bars, one row each, so that a label of any length has room at any width: the category on the left,
 * the bar, its value at its end. With series, a category's bars stand together, one colour per series.
 */
function drawBars(rows: readonly Row[], plan: Extract<ChartPlan, { kind: 'bars' }>, width: number): DrawnChart {
  const notes: string[] = [];
  const { series, note } = chooseSeries(rows, plan.series, plan.measure);
  if (note !== undefined) notes.push(note);
  const categories = [...new Set(rows.map((row) => labelOf(row[plan.category])))];
  if (categories.length > maxCategories) {
    notes.push(
      `The first ${maxCategories} of ${categories.length} ${plan.category} groups drawn; the table has every group.`,
    );
  }
  const drawn = new Set(categories.slice(0, maxCategories));
  const seriesIndex = new Map(series.map((name, index) => [name, index]));
  const bars = rows
    .map((row) => ({
      category: labelOf(row[plan.category]),
      series: seriesKey(row, plan.series),
      value: measureOf(row, plan.measure),
    }))
    .filter((bar) => drawn.has(bar.category) && seriesIndex.has(bar.series));

  const values = bars.map((bar) => bar.value);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const valueRoom = Math.max(...values.map((value) => textWidth(formatNumber(value))), 10) + 8;
  const labelRoom = Math.min(Math.max(...[...drawn].map(textWidth), 20) + 14, Math.max(width * 0.38, 60));
  const plotLeft = labelRoom + (low < 0 ? valueRoom : 0);
  const plotWidth = Math.max(width - plotLeft - valueRoom, 20);
  const scale = (value: number) => (high === low ? 0 : ((value - low) / (high - low)) * plotWidth);
  const zero = plotLeft + scale(0);

  const key = legend(plan.series.length > 0 ? series : [''], width);
  const body = svg('g', { class: 'bars', transform: `translate(0,${key.height})` });
  let y = 0;
  for (const category of drawn) {
    const ofCategory = bars.filter((bar) => bar.category === category);
    if (ofCategory.length === 0) continue;
    const groupHeight = ofCategory.length * (barHeight + barGap) - barGap;
    body.append(
      svg(
        'text',
        {
          class: 'category-label',
          x: labelRoom - 8,
          y: y + Math.min(groupHeight, barHeight) / 2 + fontSize / 2 - 2,
          'text-anchor': 'end',
        },
        fitted(category, labelRoom - 10),
        title(category),
      ),
    );
    for (const bar of ofCategory) {
      const end = plotLeft + scale(bar.value);
      const x = Math.min(zero, end);
      const length = Math.abs(end - zero);
      const index = seriesIndex.get(bar.series) ?? 0;
      const name = plan.series.length > 0 ? `${category} · ${bar.series}` : category;
      body.append(
        svg(
          'rect',
          {
            class: `bar series-${index}`,
            x,
            y,
            width: length,
            height: barHeight,
            'data-category': bar.category,
            'data-series': bar.series,
            'data-value': bar.value,
          },
          title(`${name}: ${formatNumber(bar.value)} ${plan.measure}`),
        ),
        svg(
          'text',
          {
            class: 'value-label',
            x: bar.value < 0 ? x - 4 : x + length + 4,
            y: y + barHeight / 2 + fontSize / 2 - 2,
            'text-anchor': bar.value < 0 ? 'end' : 'start',
          },
          formatNumber(bar.value),
        ),
      );
      y += barHeight + barGap;
    }
    y += groupGap - barGap;
  }
  body.prepend(svg('line', { class: 'axis', x1: zero, x2: zero, y1: -2, y2: Math.max(y - groupGap + 2, 0) }));
  const height = key.height + Math.max(y - groupGap, 0) + 4;
  const drawing = chartSvg(
    { width, height },
    plan.series.length > 0 ? 'grouped-bars' : 'bars',
    plan.measure,
    `${plan.measure} by ${[plan.category, ...plan.series].join(' and ')}, as bars`,
    key.group,
    body,
  );
  return { drawing, notes };
}

// ---- line over time ----

/** The date of a bucket as the axis shows it: the day, or the month when every bucket starts one. */
function dateLabel(time: number, isMonthly: boolean): string {
  const iso = new Date(time).toISOString();
  return isMonthly ? iso.slice(0, 7) : iso.slice(0, 10);
}

/** A line per series over the time field's buckets, placed by their dates, each bucket a point. */
function drawLine(rows: readonly Row[], plan: Extract<ChartPlan, { kind: 'line' }>, width: number): DrawnChart {
  const notes: string[] = [];
  const { series, note } = chooseSeries(rows, plan.series, plan.measure);
  if (note !== undefined) notes.push(note);
  const points = rows
    .map((row) => ({
      time: Date.parse(String(row[plan.time])),
      series: seriesKey(row, plan.series),
      value: measureOf(row, plan.measure),
      bucket: labelOf(row[plan.time]),
    }))
    .filter((point) => series.includes(point.series));
  const undated = points.filter((point) => Number.isNaN(point.time)).length;
  if (undated > 0) notes.push(`${undated} groups without a ${plan.time} are left out of the line; the table has them.`);
  const dated = points.filter((point) => !Number.isNaN(point.time));
  const times = [...new Set(dated.map((point) => point.time))].sort((a, b) => a - b);
  const values = dated.map((point) => point.value);
  const yTicks = ticks(Math.min(0, ...values), Math.max(0, ...values, 1), 4);
  const low = Math.min(...yTicks);
  const high = Math.max(...yTicks);

  const key = legend(plan.series.length > 0 ? series : [''], width);
  const plotHeight = width < 600 ? 200 : 260;
  const left = Math.max(...yTicks.map((value) => textWidth(compactFormat.format(value)))) + 10;
  const right = 12;
  const plotWidth = Math.max(width - left - right, 20);
  const top = key.height + 6;
  const xOf = (time: number) =>
    times.length < 2 ? left + plotWidth / 2 : left + ((time - times[0]!) / (times.at(-1)! - times[0]!)) * plotWidth;
  const yOf = (value: number) => top + plotHeight - (high === low ? 0 : ((value - low) / (high - low)) * plotHeight);

  const grid = svg('g', { class: 'grid' });
  for (const value of yTicks) {
    grid.append(
      svg('line', {
        class: value === 0 ? 'axis' : 'gridline',
        x1: left,
        x2: left + plotWidth,
        y1: yOf(value),
        y2: yOf(value),
      }),
      svg(
        'text',
        { class: 'tick-label', x: left - 6, y: yOf(value) + fontSize / 2 - 2, 'text-anchor': 'end' },
        compactFormat.format(value),
      ),
    );
  }
  // Dates under the axis, as many as fit side by side: every step-th bucket, the first always.
  const isMonthly = times.every((time) => new Date(time).getUTCDate() === 1 && time % 86_400_000 === 0);
  const labelWidth = textWidth(dateLabel(times[0] ?? 0, isMonthly)) + 12;
  const spacing = times.length < 2 ? plotWidth : plotWidth / (times.length - 1);
  const step = Math.max(1, Math.ceil(labelWidth / Math.max(spacing, 1)));
  times.forEach((time, index) => {
    if (index % step !== 0) return;
    const x = xOf(time);
    const anchor =
      times.length < 2 ? 'middle' : x - labelWidth / 2 < 0 ? 'start' : x + labelWidth / 2 > width ? 'end' : 'middle';
    grid.append(
      svg('line', { class: 'tick', x1: x, x2: x, y1: top + plotHeight, y2: top + plotHeight + 4 }),
      svg(
        'text',
        { class: 'tick-label', x, y: top + plotHeight + 6 + fontSize, 'text-anchor': anchor },
        dateLabel(time, isMonthly),
      ),
    );
  });

  const lines = svg('g', { class: 'lines' });
  series.forEach((name, index) => {
    const ofSeries = dated.filter((point) => point.series === name).sort((a, b) => a.time - b.time);
    const path = ofSeries.map(
      (point, at) => `${at === 0 ? 'M' : 'L'}${xOf(point.time).toFixed(1)},${yOf(point.value).toFixed(1)}`,
    );
    lines.append(svg('path', { class: `line series-${index}`, d: path.join(' '), 'data-series': name }));
    for (const point of ofSeries) {
      lines.append(
        svg(
          'circle',
          {
            class: `point series-${index}`,
            cx: xOf(point.time),
            cy: yOf(point.value),
            r: 3,
            'data-series': name,
            'data-time': point.bucket,
            'data-value': point.value,
          },
          title(
            `${plan.series.length > 0 ? `${name}, ` : ''}${dateLabel(point.time, isMonthly)}: ${formatNumber(point.value)} ${plan.measure}`,
          ),
        ),
      );
    }
  });
  const height = top + plotHeight + fontSize + 12;
  const drawing = chartSvg(
    { width, height },
    'line',
    plan.measure,
    `${plan.measure} over ${plan.time}${plan.series.length > 0 ? ` by ${plan.series.join(' and ')}` : ''}, as a line`,
    key.group,
    grid,
    lines,
  );
  return { drawing, notes };
}
