// The playground page's script: reads the inputs, shows what the library makes of them (canonical text, error
// with caret, query string, SQL per dialect) and what the server answers. Built by scripts/build-playground.mjs,
// which turns the `../index.js` import into `./filterby.js`, the library's own ESM build served beside this page.

import {
  type DialectName,
  FilterError,
  licenseUsagePath,
  parseFilter,
  parseGroupBy,
  parseQuery,
  partnerCenter,
  printFilter,
  printGroupBy,
  type Query,
  toQueryString,
  toSql,
} from '../index.js';

const schema = partnerCenter.licenseUsage;
const dialects: readonly DialectName[] = ['postgres', 'sqlite', 'mysql', 'mssql'];
const parameterNames = ['filter', 'groupby', 'top', 'skip', 'processedDateTime'] as const;
type ParameterName = (typeof parameterNames)[number];
type Inputs = Record<ParameterName, string>;

// Long enough that a fast typist sends one request per pause, short enough to feel immediate.
const debounceMilliseconds = 150;
// A page of up to 10,000 rows is fine to fetch but slow to lay out; the count above the table says what is left out.
const maxRenderedRows = 500;
const initialInputs: Inputs = {
  filter: "workloadCode eq 'SFB' or (channel eq 'Reseller')",
  groupby: 'workloadCode,channel',
  top: '',
  skip: '',
  processedDateTime: '',
};

function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`The playground page has no #${id}`);
  return found as T;
}

function readInputs(): Inputs {
  const inputs = { ...initialInputs };
  for (const name of parameterNames) inputs[name] = element<HTMLInputElement>(name).value;
  return inputs;
}

/** What the library makes of the inputs; `query` is there only when every input is valid. */
interface Evaluation {
  readonly canonicalFilter: string;
  readonly canonicalGroupBy: string;
  readonly errors: Partial<Record<'filter' | 'groupby' | 'options', FilterError>>;
  readonly query?: Query;
  /** toQueryString(query), when there is a query. */
  readonly queryString?: string;
}

function evaluate(inputs: Inputs): Evaluation {
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
  if (errors.filter !== undefined || errors.groupby !== undefined) return { canonicalFilter, canonicalGroupBy, errors };
  try {
    const query = parseQuery(presentParameters(inputs), { schema });
    // A literal can hold what a URL cannot (a lone surrogate); toQueryString says so, naming the parameter.
    return { canonicalFilter, canonicalGroupBy, errors, query, queryString: toQueryString(query) };
  } catch (error) {
    const filterError = asFilterError(error);
    const param = filterError.param === 'filter' || filterError.param === 'groupby' ? filterError.param : 'options';
    errors[param] = filterError;
    return { canonicalFilter, canonicalGroupBy, errors };
  }
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
  return search === '' ? licenseUsagePath : `${licenseUsagePath}?${search}`;
}

// As toQueryString encodes (quote as %27, comma and colon bare), so that a valid and a broken request read alike.
function encodeAsLibrary(text: string): string {
  // encodeURIComponent throws on a lone surrogate, which a paste can bring; the server would refuse it anyway.
  return encodeURIComponent(text.replace(/\p{Cs}/gu, '\uFFFD'))
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2C/g, ',')
    .replace(/%3A/g, ':');
}

function showError(id: string, inputIds: readonly string[], error: FilterError | undefined): void {
  const pre = element(id);
  pre.textContent = error === undefined ? '' : error.format();
  pre.hidden = error === undefined;
  for (const inputId of inputIds) {
    const input = element<HTMLInputElement>(inputId);
    const isAtFault = error !== undefined && (inputIds.length === 1 || error.param === inputId);
    if (isAtFault) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
}

function showEvaluation(evaluation: Evaluation): void {
  const { errors, query } = evaluation;
  element('canonical-filter').textContent = evaluation.canonicalFilter;
  element('canonical-groupby').textContent = evaluation.canonicalGroupBy;
  showError('filter-error', ['filter'], errors.filter);
  showError('groupby-error', ['groupby'], errors.groupby);
  showError('options-error', ['top', 'skip', 'processedDateTime'], errors.options);
  const errorCount = Object.keys(errors).length;
  const status = element('status');
  status.textContent = errorCount === 0 ? 'valid' : errorCount === 1 ? '1 error' : `${errorCount} errors`;
  status.dataset.valid = String(errorCount === 0);

  element('query-string').textContent = evaluation.queryString ?? '';
  element('sql-note').hidden = query !== undefined;
  element('sql-grid').hidden = query === undefined;
  for (const dialect of dialects) {
    const text = element(`sql-${dialect}`);
    const values = element(`sql-${dialect}-values`);
    if (query === undefined) {
      text.textContent = '';
      values.textContent = '';
      continue;
    }
    try {
      const statement = toSql(query, { schema, dialect });
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

async function fetchResult(url: string): Promise<void> {
  pendingRequest?.abort();
  const request = new AbortController();
  pendingRequest = request;
  element('request-url').textContent = `GET ${url}`;
  document.body.dataset.fetching = 'true';
  try {
    const response = await fetch(url, { signal: request.signal, headers: { accept: 'application/json' } });
    const text = await response.text();
    if (request.signal.aborted) return;
    showResponse(response.status, text);
  } catch (error) {
    if (request.signal.aborted) return;
    showResponse(undefined, `Could not reach the server: ${String(error)}`);
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

function showResponse(status: number | undefined, text: string): void {
  const serverError = element('server-error');
  const body = status === 200 ? readResponseBody(text) : undefined;
  if (body === undefined) {
    serverError.textContent = status === undefined ? text : `HTTP ${status}\n${prettyJson(text)}`;
    serverError.hidden = false;
    element('total-count').textContent = '';
    element('next-link').hidden = true;
    renderTable([]);
    return;
  }
  serverError.textContent = '';
  serverError.hidden = true;
  const shown = Math.min(body.Value.length, maxRenderedRows);
  const pageNote = shown < body.Value.length ? ` (showing the first ${shown} of this page's ${body.Value.length})` : '';
  element('total-count').textContent = `TotalCount ${body.TotalCount}, ${body.Value.length} in this page${pageNote}`;
  const nextLink = element('next-link');
  nextLink.textContent = body['@nextLink'] === undefined ? '' : `@nextLink ${body['@nextLink']}`;
  nextLink.hidden = body['@nextLink'] === undefined;
  renderTable(body.Value.slice(0, shown));
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

function renderTable(rows: readonly Record<string, unknown>[]): void {
  const table = element<HTMLTableElement>('result-table');
  // Columns in the order the server wrote them; a key missing from the first row still gets its column.
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const headRow = document.createElement('tr');
  for (const column of columns) {
    const cell = document.createElement('th');
    cell.scope = 'col';
    cell.textContent = column;
    headRow.append(cell);
  }
  const bodyRows = rows.map((row) => {
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
}

// ---- wiring ----

function update(): void {
  const inputs = readInputs();
  const evaluation = evaluate(inputs);
  showEvaluation(evaluation);
  // The page's own address carries the inputs, so a link reproduces what is on screen.
  const search = new URLSearchParams(presentParameters(inputs)).toString();
  history.replaceState(null, '', search === '' ? location.pathname : `?${search}`);
  void fetchResult(requestUrl(inputs, evaluation.queryString));
}

function start(): void {
  const fromAddress = new URLSearchParams(location.search);
  const hasAddressInputs = parameterNames.some((name) => fromAddress.has(name));
  for (const name of parameterNames) {
    element<HTMLInputElement>(name).value = hasAddressInputs ? (fromAddress.get(name) ?? '') : initialInputs[name];
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const form = element<HTMLFormElement>('query-form');
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, debounceMilliseconds);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });
  update();
}

start();
