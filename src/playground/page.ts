// The playground page's script: reads the endpoint and the inputs, shows what the library makes of them under that
// endpoint's schema (every error, with its span marked; canonical text, query string, SQL per dialect, the schema's
// fields) and what the server answers. Built by
// scripts/build-playground.mjs, which turns the `../index.js` import into `./filterby.js`, the library's own ESM
// build served beside this page. It sets no inline style, so a Content-Security-Policy of 'self' is enough.

import {
  dialectNames,
  type Field,
  FilterError,
  type PartnerCenterEndpoint,
  parseFilter,
  parseGroupBy,
  parseQuery,
  partnerCenter,
  partnerCenterPaths,
  printFilter,
  printGroupBy,
  type Query,
  type Schema,
  toQueryString,
  toSql,
} from '../index.js';
import { chartPlan, drawChart, formatNumber, measuresOf } from './chart.js';

const endpointNames = Object.keys(partnerCenter) as PartnerCenterEndpoint[];
const parameterNames = [
  'filter',
  'groupby',
  'orderby',
  'aggregationLevel',
  'top',
  'skip',
  'processedDateTime',
] as const;
type ParameterName = (typeof parameterNames)[number];
type Inputs = Record<ParameterName, string>;

/** The endpoint picked; every input is read, and every request sent, under its schema and at its path. */
let endpoint: PartnerCenterEndpoint = 'licenseUsage';
const schemaOf = (): Schema => partnerCenter[endpoint];

// Long enough that a fast typist sends one request per pause, short enough to feel immediate.
const debounceMilliseconds = 150;
// A page of up to 10,000 rows is fine to fetch but slow to lay out; the count above the table says what is left out.
const maxRenderedRows = 500;
const emptyInputs: Inputs = {
  filter: '',
  groupby: '',
  orderby: '',
  aggregationLevel: '',
  top: '',
  skip: '',
  processedDateTime: '',
};

/**
 * The inputs an endpoint starts with: its docs' examples (their dates moved into the generated sample's months, and
 * the placeholder fields of search and referrals replaced by real ones).
 */
const examples: Readonly<Record<PartnerCenterEndpoint, Partial<Inputs>>> = {
  licenseUsage: { filter: "workloadCode eq 'SFB' or (channel eq 'Reseller')", groupby: 'workloadCode,channel' },
  licenseDeployment: { filter: "serviceCode eq 'O365' or (channel eq 'Reseller')", groupby: 'serviceCode,channel' },
  subscriptions: { filter: "autoRenewEnabled eq true and customerMarket eq 'US'", groupby: 'subscriptionType' },
  azureUsage: {
    filter:
      "meterCategory eq 'Data Management' or (usageDate ge cast('2024-02-01', Edm.DateTimeOffset) and usageDate le cast('2024-02-15', Edm.DateTimeOffset))",
    groupby: 'meterCategory,meterUnit',
    orderby: 'meterCategory,meterUnit',
  },
  indirectResellers: {
    filter: "market eq 'US' or (firstSubscriptionCreationDate le cast('2024-02-01',Edm.DateTimeOffset))",
    groupby: 'market',
    orderby: 'market,subscriptionCount',
  },
  search: { filter: "keywordCountry eq 'US'", groupby: 'keywordProduct,searchDate', aggregationLevel: 'month' },
  referrals: { filter: "status eq 'Won'", groupby: 'customerMarket,createdDate', aggregationLevel: 'month' },
};

function examplesOf(name: PartnerCenterEndpoint): Inputs {
  return { ...emptyInputs, ...examples[name] };
}

/** Whether the endpoint takes the parameter: orderby and aggregationLevel by its profile, a snapshot by its field. */
function takesParameter(name: ParameterName, schema: Schema): boolean {
  switch (name) {
    case 'orderby':
    case 'aggregationLevel':
      return schema.profile.extensions.includes(name);
    case 'processedDateTime':
      return Object.hasOwn(schema.fields, 'processedDateTime');
    case 'filter':
    case 'groupby':
    case 'top':
    case 'skip':
      return true;
  }
}

function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`The playground page has no #${id}`);
  return found as T;
}

/** The inputs of the parameters the endpoint takes; the others (hidden) read as empty. */
function readInputs(): Inputs {
  const inputs = { ...emptyInputs };
  for (const name of parameterNames) {
    if (takesParameter(name, schemaOf())) inputs[name] = element<HTMLInputElement>(name).value;
  }
  return inputs;
}

/** What the library makes of the inputs; `query` is there only when every input is valid. */
interface Evaluation {
  readonly canonicalFilter: string;
  readonly canonicalGroupBy: string;
  /** At most one error per input, each found on its own, so that a bad groupby does not hide a bad top. */
  readonly errors: Partial<Record<ParameterName, FilterError>>;
  readonly query?: Query;
  /** toQueryString(query), when there is a query. */
  readonly queryString?: string;
}

/** The inputs parseQuery reads as numbers or dates: each is checked alone, as the only parameter. */
const optionNames = ['top', 'skip', 'processedDateTime'] as const;

function evaluate(inputs: Inputs): Evaluation {
  const schema = schemaOf();
  const errors: Evaluation['errors'] = {};
  let canonicalFilter = '';
  let canonicalGroupBy = '';
  if (inputs.filter.trim() !== '') {
    try {
      canonicalFilter = printFilter(parseFilter(inputs.filter, { schema }));
    } catch (error) {
      errors.filter = asFilterError(error);
    }
  }
  if (inputs.groupby.trim() !== '') {
    try {
      canonicalGroupBy = printGroupBy(parseGroupBy(inputs.groupby, { schema }));
    } catch (error) {
      errors.groupby = asFilterError(error);
    }
  }
  for (const name of optionNames) {
    if (inputs[name].trim() === '') continue;
    try {
      parseQuery({ [name]: inputs[name] }, { schema });
    } catch (error) {
      errors[name] = asFilterError(error);
    }
  }
  if (Object.keys(errors).length > 0) return { canonicalFilter, canonicalGroupBy, errors };
  try {
    const query = parseQuery(presentParameters(inputs), { schema });
    // A literal can hold what a URL cannot (a lone surrogate); toQueryString says so, naming the parameter.
    return { canonicalFilter, canonicalGroupBy, errors, query, queryString: toQueryString(query, { schema }) };
  } catch (error) {
    // Each input passed alone; whatever fails only together is put on the input it names, else on the filter.
    const filterError = asFilterError(error);
    errors[isParameterName(filterError.param) ? filterError.param : 'filter'] = filterError;
    return { canonicalFilter, canonicalGroupBy, errors };
  }
}

function isParameterName(name: string | undefined): name is ParameterName {
  return (parameterNames as readonly (string | undefined)[]).includes(name);
}

// An empty top or skip means "the default", as an absent parameter does; parseQuery would call '' a bad number.
function presentParameters(inputs: Inputs): Partial<Inputs> {
  return Object.fromEntries(
    parameterNames.filter((name) => inputs[name].trim() !== '').map((name) => [name, inputs[name]]),
  );
}

function asFilterError(error: unknown): FilterError {
  if (error instanceof FilterError) return error;
  // The library promises FilterError only; should that ever break, show it rather than go blank.
  return new FilterError('INVALID_PARAMETER', `Unexpected ${String(error)}`);
}

/** The request as typed: canonical when valid, the raw text otherwise, so that the server's own 400 shows too. */
function requestUrl(inputs: Inputs, queryString: string | undefined): string {
  const search =
    queryString ??
    Object.entries(presentParameters(inputs))
      .map(([name, value]) => `${name}=${encodeAsLibrary(value)}`)
      .join('&');
  const path = partnerCenterPaths[endpoint];
  return search === '' ? path : `${path}?${search}`;
}

// As toQueryString encodes (quote as %27, comma and colon bare), so that a valid and a broken request read alike.
function encodeAsLibrary(text: string): string {
  // encodeURIComponent throws on a lone surrogate, which a paste can bring; the server would refuse it anyway.
  return encodeURIComponent(text.replace(/\p{Cs}/gu, '\uFFFD'))
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2C/g, ',')
    .replace(/%3A/g, ':');
}

/** The faulty line of an error's input, cut around the fault as the library cuts it, in three parts. */
interface Excerpt {
  readonly before: string;
  /** The span at fault; empty when the fault is that something is missing at the end. */
  readonly marked: string;
  readonly after: string;
}

/**
 * The library draws the excerpt as two lines, the text and a caret under the span, aligned in a fixed-width font.
 * A narrow screen would wrap the two lines apart, so the page marks the span in the text instead: it reads the
 * columns from format()'s caret line and keeps the library's window and its drawing of control characters.
 */
function excerptOf(error: FilterError): Excerpt | undefined {
  if (error.input === undefined || error.offset === undefined) return undefined;
  const [textLine, caretLine] = error.format().split('\n').slice(-2);
  const caret = /^ {2}( *)(\^+)$/.exec(caretLine ?? '');
  if (textLine === undefined || !textLine.startsWith('  ') || caret === null) return undefined;
  // Columns are code points, as the caret counts them.
  const characters = Array.from(textLine.slice(2));
  const start = caret[1]!.length;
  const end = start + caret[2]!.length;
  return {
    before: characters.slice(0, start).join(''),
    marked: characters.slice(start, end).join(''),
    after: characters.slice(end).join(''),
  };
}

/** Draws one entry of the error list: whose error, its code, the message, and the excerpt with its span marked. */
function drawError(entry: HTMLElement, source: string, code: string, message: string, excerpt?: Excerpt): void {
  const heading = document.createElement('p');
  heading.className = 'error-heading';
  const sourceName = document.createElement('span');
  sourceName.className = 'error-source';
  sourceName.textContent = source;
  const codeName = document.createElement('code');
  codeName.className = 'error-code';
  codeName.textContent = code;
  heading.append(sourceName, ' ', codeName);
  const text = document.createElement('p');
  text.className = 'error-message';
  text.textContent = message;
  const parts: HTMLElement[] = [heading, text];
  if (excerpt !== undefined) {
    const line = document.createElement('p');
    line.className = 'error-excerpt';
    const code = document.createElement('code');
    const mark = document.createElement('mark');
    mark.textContent = excerpt.marked;
    if (excerpt.marked === '') mark.title = 'something is missing here';
    code.append(excerpt.before, mark, excerpt.after);
    line.append(code);
    parts.push(line);
  }
  entry.replaceChildren(...parts);
  entry.hidden = false;
}

function clearError(entry: HTMLElement): void {
  entry.replaceChildren();
  entry.hidden = true;
}

function setInvalid(name: ParameterName, isInvalid: boolean): void {
  const input = element<HTMLInputElement>(name);
  if (isInvalid) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/** The status counts the entries the list shows, so the count and the list cannot disagree. */
function refreshStatus(): void {
  const shown = Array.from(element('errors').children).filter((entry) => !(entry as HTMLElement).hidden).length;
  const status = element('status');
  status.textContent = shown === 0 ? 'valid' : shown === 1 ? '1 error' : `${shown} errors`;
  status.dataset.valid = String(shown === 0);
}

function showEvaluation(evaluation: Evaluation): void {
  const { errors, query } = evaluation;
  element('canonical-filter').textContent = evaluation.canonicalFilter;
  element('canonical-groupby').textContent = evaluation.canonicalGroupBy;
  for (const name of parameterNames) {
    const error = errors[name];
    const entry = element(`${name}-error`);
    if (error === undefined) clearError(entry);
    else drawError(entry, name, error.code, error.message, excerptOf(error));
    setInvalid(name, error !== undefined);
  }
  // The server's answer to the previous inputs no longer applies; the next one is on its way.
  clearServerAnswer();
  refreshStatus();

  element('query-string').textContent = evaluation.queryString ?? '';
  element('sql-note').hidden = query !== undefined;
  element('sql-grid').hidden = query === undefined;
  for (const dialect of dialectNames) {
    const text = element(`sql-${dialect}`);
    const values = element(`sql-${dialect}-values`);
    if (query === undefined) {
      text.textContent = '';
      values.textContent = '';
      continue;
    }
    try {
      const statement = toSql(query, { schema: schemaOf(), dialect });
      text.textContent = statement.text;
      values.textContent = `values ${JSON.stringify(statement.values)}`;
    } catch (error) {
      // A dialect may refuse what the others take (PostgreSQL text cannot hold U+0000).
      text.textContent = asFilterError(error).format();
      values.textContent = '';
    }
  }
}

// ---- the server's answer ----

let pendingRequest: AbortController | undefined;

/** Asks the server for `url`; `errors` are the page's own, so that the server's answer to one is not said twice. */
async function fetchResult(url: string, errors: Evaluation['errors'], query: Query | undefined): Promise<void> {
  pendingRequest?.abort();
  const request = new AbortController();
  pendingRequest = request;
  element('request-url').textContent = `GET ${url}`;
  document.body.dataset.fetching = 'true';
  try {
    const response = await fetch(url, { signal: request.signal, headers: { accept: 'application/json' } });
    const text = await response.text();
    if (request.signal.aborted) return;
    showResponse({ status: response.status, text }, errors, query);
  } catch (error) {
    if (request.signal.aborted) return;
    showResponse({ failure: String(error) }, errors, query);
  } finally {
    if (pendingRequest === request) {
      pendingRequest = undefined;
      delete document.body.dataset.fetching;
    }
  }
}

interface ResponseBody {
  readonly Value: readonly Record<string, unknown>[];
  readonly '@nextLink'?: string;
  readonly TotalCount: number;
}

/** What came back: a status and body, or why nothing did. */
type ServerReply = { readonly status: number; readonly text: string } | { readonly failure: string };

function showResponse(reply: ServerReply, errors: Evaluation['errors'], query: Query | undefined): void {
  const body = 'status' in reply && reply.status === 200 ? readResponseBody(reply.text) : undefined;
  if (body === undefined) {
    showRefusal(reply, errors);
    element('total-count').textContent = '';
    element('next-link').hidden = true;
    showRows({ rows: [], groupBy: [], hasAnswer: false });
    return;
  }
  clearServerAnswer();
  refreshStatus();
  const shown = Math.min(body.Value.length, maxRenderedRows);
  const pageNote = shown < body.Value.length ? ` (showing the first ${shown} of this page's ${body.Value.length})` : '';
  element('total-count').textContent = `TotalCount ${body.TotalCount}, ${body.Value.length} in this page${pageNote}`;
  const nextLink = element('next-link');
  nextLink.textContent = body['@nextLink'] === undefined ? '' : `@nextLink ${body['@nextLink']}`;
  nextLink.hidden = body['@nextLink'] === undefined;
  showRows({ rows: body.Value.slice(0, shown), groupBy: query?.groupBy ?? [], hasAnswer: true });
}

/**
 * A reply without rows. When it is one of the errors the page already lists (the server meets the same fault
 * the library did), one line says so and points at it; otherwise it joins the list as the server's error. Either
 * way its message shows once, and the body itself is kept folded, for whoever wants the wire shape.
 */
function showRefusal(reply: ServerReply, errors: Evaluation['errors']): void {
  const answer = element('server-answer');
  const serverError = element('server-error');
  const raw = element<HTMLDetailsElement>('server-response');
  if ('failure' in reply) {
    drawError(serverError, 'server', 'no answer', `Could not reach the server: ${reply.failure}`);
    answer.textContent = 'No answer from the server; the error is listed above.';
    answer.hidden = false;
    raw.hidden = true;
    refreshStatus();
    return;
  }
  const refusal = readErrorBody(reply.text);
  const sameAs =
    refusal === undefined
      ? undefined
      : parameterNames.find(
          (name) => errors[name]?.code === refusal.code && errors[name]?.message === refusal.description,
        );
  if (sameAs !== undefined) {
    clearError(serverError);
    answer.textContent = `HTTP ${reply.status}: the server refuses this request with the ${sameAs} error above.`;
  } else {
    const code = refusal === undefined ? `HTTP ${reply.status}` : `HTTP ${reply.status} ${refusal.code}`;
    // A body that is not filterby's error (a proxy's page, say) is shown as text, cut to what a line can hold.
    const message = refusal?.description ?? (reply.text.trim().slice(0, maxShownBody) || '(an empty body)');
    drawError(serverError, 'server', code, message);
    if (isParameterName(refusal?.param)) setInvalid(refusal.param, true);
    answer.textContent = `HTTP ${reply.status}: the server refuses this request; its error is listed above.`;
  }
  answer.hidden = false;
  element('server-body').textContent = prettyJson(reply.text);
  raw.open = false;
  raw.hidden = false;
  refreshStatus();
}

// A body that is not JSON can be a whole HTML error page; its start says enough.
const maxShownBody = 500;

function clearServerAnswer(): void {
  clearError(element('server-error'));
  element('server-answer').hidden = true;
  element('server-answer').textContent = '';
  element('server-response').hidden = true;
  element('server-body').textContent = '';
}

/** filterby's 400 body (FilterError.toJSON()): its code, description and the parameter it names. */
function readErrorBody(text: string): { code: string; description: string; param?: string } | undefined {
  try {
    const body = JSON.parse(text) as { code?: unknown; description?: unknown; data?: unknown } | null;
    if (body === null || typeof body.code !== 'string' || typeof body.description !== 'string') return undefined;
    const first: unknown = Array.isArray(body.data) ? body.data[0] : undefined;
    const param =
      typeof first === 'object' && first !== null && typeof (first as { param?: unknown }).param === 'string'
        ? (first as { param: string }).param
        : undefined;
    return { code: body.code, description: body.description, ...(param !== undefined && { param }) };
  } catch {
    return undefined;
  }
}

function readResponseBody(text: string): ResponseBody | undefined {
  try {
    const body = JSON.parse(text) as Partial<ResponseBody> | null;
    return body !== null && Array.isArray(body.Value) && typeof body.TotalCount === 'number'
      ? (body as ResponseBody)
      : undefined;
  } catch {
    return undefined;
  }
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

// ---- the rows: a table, and a chart when they are grouped ----

type ResultRow = Readonly<Record<string, unknown>>;

/** The rows on screen, kept so that a click on a header, another measure or another width draws them again. */
interface ShownRows {
  readonly rows: readonly ResultRow[];
  /** The groupby of the request they answer; empty when they are rows, not groups. */
  readonly groupBy: readonly string[];
  /** False when the server answered no rows at all (an error): then nothing is said about rows. */
  readonly hasAnswer: boolean;
}

let shownRows: ShownRows = { rows: [], groupBy: [], hasAnswer: false };
/** The column the table is sorted by, and which way; none is the server's order. */
let sortOrder: { readonly column: string; readonly descending: boolean } | undefined;

function showRows(shown: ShownRows): void {
  shownRows = shown;
  sortOrder = undefined;
  // No rows is an answer of its own, said in words: not an empty table frame, nor an empty chart.
  element('empty-result').hidden = !(shown.hasAnswer && shown.rows.length === 0);
  renderTable();
  showMeasures();
  renderChart();
}

/**
 * The table's columns: for groups, the server's (the groupby fields, then the measures); for rows, the schema's
 * fields in its order, then any other key the rows have, so that nothing the server sent is hidden.
 */
function columnsOf(rows: readonly ResultRow[], groupBy: readonly string[]): string[] {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (groupBy.length > 0) return keys;
  const present = new Set(keys);
  const fromSchema = Object.keys(schemaOf().fields).filter((name) => present.has(name));
  return [...fromSchema, ...keys.filter((key) => !fromSchema.includes(key))];
}

/** Numbers by value, text by the user's collation, null and missing last whichever the direction. */
function compareCells(a: unknown, b: unknown, descending: boolean): number {
  const isAbsent = (value: unknown) => value === null || value === undefined;
  if (isAbsent(a) || isAbsent(b)) return isAbsent(a) === isAbsent(b) ? 0 : isAbsent(a) ? 1 : -1;
  const order =
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a).localeCompare(String(b), undefined, { numeric: true });
  return descending ? -order : order;
}

function renderTable(): void {
  const { rows, groupBy } = shownRows;
  const table = element<HTMLTableElement>('result-table');
  const columns = columnsOf(rows, groupBy);
  const sorted =
    sortOrder === undefined
      ? rows
      : // A stable sort: rows that tie keep the server's order.
        [...rows].sort((a, b) => compareCells(a[sortOrder!.column], b[sortOrder!.column], sortOrder!.descending));
  const headRow = document.createElement('tr');
  for (const column of columns) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    // A button, so that the header is reached and pressed from the keyboard too; the arrow is the style's.
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    button.textContent = column;
    button.dataset.column = column;
    cell.append(button);
    if (sortOrder?.column === column) cell.setAttribute('aria-sort', sortOrder.descending ? 'descending' : 'ascending');
    // Over a column of numbers, aligned as they are.
    if (rows.some((row) => typeof row[column] === 'number')) cell.className = 'number';
    headRow.append(cell);
  }
  const bodyRows = sorted.map((row) => {
    const tableRow = document.createElement('tr');
    for (const column of columns) {
      const cell = document.createElement('td');
      const value = row[column];
      // textContent, never innerHTML: row values are data from the server, not markup.
      cell.textContent = value === undefined ? '' : value === null ? 'null' : String(value);
      if (typeof value === 'number') cell.className = 'number';
      tableRow.append(cell);
    }
    return tableRow;
  });
  table.tHead?.replaceChildren(...(columns.length > 0 ? [headRow] : []));
  table.tBodies[0]?.replaceChildren(...bodyRows);
  // No rows, no frame: an empty table would draw as a stray line under the answer.
  element('table-wrap').hidden = rows.length === 0;
}

/** A click on a header sorts by its column: ascending first (descending for numbers, largest on top), then the other way. */
function sortByHeader(event: Event): void {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button.sort');
  const column = button?.dataset.column;
  if (column === undefined) return;
  const isNumeric = shownRows.rows.some((row) => typeof row[column] === 'number');
  sortOrder =
    sortOrder?.column === column ? { column, descending: !sortOrder.descending } : { column, descending: isNumeric };
  renderTable();
  element<HTMLTableElement>('result-table')
    .querySelector<HTMLButtonElement>(`button.sort[data-column="${CSS.escape(column)}"]`)
    ?.focus();
}

/** The measures of the schema that the groups carry: the chart's choices, the first by default. */
function showMeasures(): void {
  const select = element<HTMLSelectElement>('measure');
  const present = new Set(shownRows.rows.flatMap((row) => Object.keys(row)));
  const measures = measuresOf(schemaOf()).filter((name) => present.has(name));
  const previous = select.value;
  select.replaceChildren(
    ...measures.map((name) => {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = `${name} (${schemaOf().fields[name]?.aggregate ?? 'sum'})`;
      return option;
    }),
  );
  // The measure picked stays picked while the query changes, as long as the groups still carry it.
  if (measures.includes(previous)) select.value = previous;
}

/** The width the chart was last drawn at: a resize to another width draws it again. */
let chartWidth = 0;

function renderChart(): void {
  const { rows, groupBy } = shownRows;
  const panel = element('chart-panel');
  const drawingBox = element('chart-drawing');
  const note = element('chart-note');
  const measure = element<HTMLSelectElement>('measure').value;
  const isGrouped = groupBy.length > 0 && rows.length > 0;
  panel.hidden = !isGrouped;
  element('result-grid').classList.toggle('has-chart', isGrouped);
  if (!isGrouped) {
    drawingBox.replaceChildren();
    return;
  }
  if (measure === '') {
    drawingBox.replaceChildren();
    element('measure-field').hidden = true;
    note.textContent = `No chart: ${endpoint} has no measure (no field is summed or counted per group); the table lists the groups.`;
    note.hidden = false;
    return;
  }
  element('measure-field').hidden = false;
  const plan = chartPlan(groupBy, schemaOf(), measure);
  chartWidth = drawingBox.clientWidth;
  const { drawing, notes } = drawChart(rows, plan, Math.max(chartWidth, 200));
  const caption =
    plan.kind === 'line'
      ? `${measure} over ${plan.time}${plan.series.length > 0 ? `, a line per ${plan.series.join(' · ')}` : ''}`
      : `${measure} per ${plan.category}${plan.series.length > 0 ? `, a bar per ${plan.series.join(' · ')}` : ''}`;
  element('chart-caption').textContent =
    `${caption} (total ${formatNumber(rows.reduce((sum, row) => sum + (typeof row[measure] === 'number' ? (row[measure] as number) : 0), 0))} in this page)`;
  drawingBox.replaceChildren(drawing);
  note.textContent = notes.join(' ');
  note.hidden = notes.length === 0;
}

// ---- the endpoint and its schema ----

/** Shows the inputs of the parameters the endpoint takes, and its fields in the schema table. */
function showEndpoint(): void {
  const schema = schemaOf();
  for (const name of parameterNames) {
    const wrapper = document.getElementById(`${name}-field`);
    if (wrapper !== null) wrapper.hidden = !takesParameter(name, schema);
  }
  const example = examples[endpoint];
  element<HTMLInputElement>('groupby').placeholder = example.groupby === undefined ? '' : `e.g. ${example.groupby}`;
  element('schema-summary').textContent = `The fields of ${endpoint} (GET ${partnerCenterPaths[endpoint]})`;
  const orders = schema.profile.extensions.includes('orderby');
  const rows = (Object.values(schema.fields) as Field[]).map((field) => {
    const cells = [
      field.name,
      field.type,
      field.isFilterable ? field.operators.join(' ') : '—',
      field.isGroupable ? 'yes' : '—',
      orders && field.isOrderable ? 'yes' : '—',
      field.aggregate ?? '—',
    ];
    const row = document.createElement('tr');
    for (const text of cells) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  });
  element<HTMLTableElement>('schema-table').tBodies[0]?.replaceChildren(...rows);
}

function fillInputs(inputs: Inputs): void {
  for (const name of parameterNames) element<HTMLInputElement>(name).value = inputs[name];
}

// ---- wiring ----

function update(): void {
  const inputs = readInputs();
  const evaluation = evaluate(inputs);
  showEvaluation(evaluation);
  // The page's own address carries the endpoint and the inputs, so a link reproduces what is on screen.
  const search = new URLSearchParams({ endpoint, ...presentParameters(inputs) }).toString();
  history.replaceState(null, '', search === '' ? location.pathname : `?${search}`);
  void fetchResult(requestUrl(inputs, evaluation.queryString), evaluation.errors, evaluation.query);
}

function start(): void {
  const fromAddress = new URLSearchParams(location.search);
  const named = fromAddress.get('endpoint');
  endpoint = endpointNames.find((name) => name === named) ?? 'licenseUsage';
  const select = element<HTMLSelectElement>('endpoint');
  select.replaceChildren(
    ...endpointNames.map((name) => {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = `${name}: GET ${partnerCenterPaths[name]}`;
      return option;
    }),
  );
  select.value = endpoint;
  const hasAddressInputs = parameterNames.some((name) => fromAddress.has(name));
  fillInputs(
    hasAddressInputs
      ? { ...emptyInputs, ...Object.fromEntries(parameterNames.map((name) => [name, fromAddress.get(name) ?? ''])) }
      : examplesOf(endpoint),
  );
  showEndpoint();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Another endpoint is another schema: its example replaces the inputs, and the page updates at once.
  select.addEventListener('change', () => {
    clearTimeout(timer);
    endpoint = select.value as PartnerCenterEndpoint;
    fillInputs(examplesOf(endpoint));
    showEndpoint();
    update();
  });
  const form = element<HTMLFormElement>('query-form');
  form.addEventListener('input', (event) => {
    if (event.target === select) return;
    clearTimeout(timer);
    timer = setTimeout(update, debounceMilliseconds);
  });
  element('result-table').addEventListener('click', sortByHeader);
  element('measure').addEventListener('change', renderChart);
  // The chart is drawn at its box's width in pixels, so that its text keeps its size on a phone: a new width, a new drawing.
  new ResizeObserver(() => {
    if (!element('chart-panel').hidden && element('chart-drawing').clientWidth !== chartWidth) renderChart();
  }).observe(element('chart-drawing'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
  update();
}

start();
