// One differential case, checked end to end: every predicate mode, the in-memory engine, and the SQL of every
// running engine must give the same answer. A disagreement throws an Error that shows the whole case.

import { isDeepStrictEqual } from 'node:util';
import { assertNever, type Filter } from '../../src/ast.js';
import { type QueryResult, runQuery, runQueryAsync, streamQuery } from '../../src/engine.js';
import { toPredicate } from '../../src/predicate.js';
import { printFilter } from '../../src/print.js';
import type { Query } from '../../src/query.js';
import { findField, type Schema } from '../../src/schema.js';
import { dialects as sqlDialects, toInsert, toInserts, toSql, toSqlCount, toSqlWhere } from '../../src/sql/compile.js';
import { canonicalDateTime, compareCodePoints, readField, snapshotField } from '../../src/values.js';
import type { Case } from './arbitraries.js';
import {
  type Dialect,
  dialects,
  type Engine,
  escapeInvisible,
  firstDifference,
  fromSqlRow,
  type PlainRow,
  plainGroupRow,
  projectRow,
  quoteIdentifier,
  type Statement,
  selectAllColumns,
  show,
  showRows,
  showStatement,
  sortKey,
} from './engines.js';
import { Substitution } from './substitution.js';

/** A disagreement between backends, with everything needed to reproduce it by hand. */
export class Disagreement extends Error {
  override readonly name = 'Disagreement';
}

/** The case as text: the filter as a user would write it, the rest of the query, and the rows. */
export function describeCase(rows: readonly object[], query: Query): string {
  return [
    `filter:  ${query.filter === undefined ? '(none)' : escapeInvisible(printFilter(query.filter))}`,
    `groupBy: ${query.groupBy === undefined ? '(none)' : query.groupBy.join(',')}; top ${query.top}; skip ${query.skip}; processedDateTime: ${query.processedDateTime ?? '(latest)'}`,
    `orderBy: ${query.orderBy === undefined ? '(none)' : query.orderBy.map(({ field, direction }) => `${field} ${direction}`).join(',')}; aggregationLevel: ${query.aggregationLevel ?? '(default)'}${hasCast(query.filter) ? '; datetimes written as cast(…)' : ''}`,
    `rows (${rows.length}):`,
    showRows(rows),
  ].join('\n');
}

/** Whether the filter writes a datetime in the `cast(…, Edm.DateTimeOffset)` form anywhere. */
function hasCast(filter: Filter | undefined): boolean {
  if (filter === undefined) return false;
  switch (filter.kind) {
    case 'or':
    case 'and':
      return filter.operands.some(hasCast);
    case 'not':
      return hasCast(filter.operand);
    case 'compare':
      return filter.valueSyntax === 'cast';
    case 'match':
    case 'in':
      return false;
    default:
      return assertNever(filter);
  }
}

/** Empties the schema's table and inserts the rows with toInsert. */
export async function loadRows(engine: Engine, schema: Schema, rows: readonly object[]): Promise<void> {
  // PostgreSQL's DELETE leaves dead rows behind for every later scan to step over until a vacuum: case after
  // case the run slows down (measured: half again as slow within 8,000 cases). TRUNCATE leaves an empty file.
  // ClickHouse's DELETE is a mutation of its own, slower still.
  const empty = engine.dialect === 'postgres' || engine.dialect === 'clickhouse' ? 'TRUNCATE TABLE' : 'DELETE FROM';
  await engine.exec(`${empty} ${quoteIdentifier(schema.table)}`);
  for (const statement of toInserts(rows, { schema, dialect: engine.dialect })) await engine.query(statement);
}

/**
 * The rows of the snapshot a query reads, as SPEC §3 defines it (written here from the definition, not taken
 * from the engine): the rows whose canonical processedDateTime is the one asked for, or else the latest one.
 */
export function snapshotRows(rows: readonly object[], schema: Schema, processedDateTime: string | undefined): object[] {
  const field = snapshotField(schema);
  if (field === undefined) return [...rows];
  const keys = rows.map((row) => readField(row, field) as string | null);
  let wanted = processedDateTime === undefined ? undefined : canonicalDateTime(processedDateTime);
  if (processedDateTime === undefined) {
    for (const key of keys)
      if (key !== null && (wanted === undefined || compareCodePoints(key, wanted) > 0)) wanted = key;
  }
  return rows.filter((_, index) => keys[index] !== null && keys[index] === wanted);
}

/**
 * Checks one case on the given engines (whose table holds exactly `rows`):
 * (1) toPredicate in 'compiled', 'closure' and 'auto' mode answer alike for every row; the rows runQuery keeps
 *     are the snapshot's rows the predicate accepts; toSqlWhere selects the rows the predicate accepts;
 * (2) runQuery's page equals toSql's rows, same rows in the same order, and its totalCount toSqlCount's.
 */
export async function checkCase(schema: Schema, engines: readonly Engine[], { rows, query }: Case): Promise<void> {
  const context = describeCase(rows, query);
  const fail = (problem: string, details: string): never => {
    throw new Disagreement(`${problem}\n${context}\n${details}`);
  };
  const attempt = async <T>(backend: string, statement: Statement | undefined, run: () => T | Promise<T>) => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof Disagreement) throw error;
      return fail(
        `${backend} threw ${error instanceof Error ? `${error.name}: ${error.message}` : show(error)}`,
        statement === undefined ? '' : `SQL:\n  ${showStatement(statement)}`,
      );
    }
  };

  const { filter } = query;
  if (filter !== undefined) {
    const compiled = await attempt('toPredicate compiled', undefined, () =>
      toPredicate(filter, { schema, mode: 'compiled' }),
    );
    const closure = await attempt('toPredicate closure', undefined, () =>
      toPredicate(filter, { schema, mode: 'closure' }),
    );
    const auto = await attempt('toPredicate auto', undefined, () => toPredicate(filter, { schema }));
    rows.forEach((row, index) => {
      const answers = [compiled(row), closure(row), auto(row)];
      if (answers[0] !== answers[1] || answers[0] !== answers[2]) {
        fail(
          'toPredicate modes disagree',
          `row ${index}: ${show(row)}\n  compiled ${answers[0]}, closure ${answers[1]}, auto ${answers[2]}`,
        );
      }
    });
    const accepted = rows.filter(compiled);

    // The engine's matching set: the whole result of an ungrouped query, one page holding everything.
    const expected = snapshotRows(rows, schema, query.processedDateTime).filter(compiled);
    const matchingQuery: Query = {
      filter,
      top: 10_000,
      skip: 0,
      ...(query.processedDateTime !== undefined && { processedDateTime: query.processedDateTime }),
    };
    const matched = await attempt('runQuery', undefined, () => runQuery(rows, matchingQuery, { schema }));
    if (!sameObjects(expected, matched.value) || matched.totalCount !== expected.length) {
      fail(
        "runQuery's matching rows are not the snapshot's rows the predicate accepts",
        `predicate on the snapshot (${expected.length}):\n${showRows(expected)}\nrunQuery (totalCount ${matched.totalCount}):\n${showRows(matched.value)}`,
      );
    }

    const acceptedRows = accepted.map((row) => projectRow(row, schema)).sort(bySortKey);
    for (const engine of engines) {
      const where = await attempt(`toSqlWhere (${engine.dialect})`, undefined, () =>
        toSqlWhere(filter, { schema, dialect: engine.dialect, paramOffset: 1 }),
      );
      const first = sqlDialects[engine.dialect].placeholder(1, 1);
      const statement = {
        text: `${selectAllColumns(schema)} WHERE ${first} = 1 AND (${where.text})`,
        values: [1, ...where.values],
      };
      const selected = await attempt(engine.dialect, statement, () => engine.query(statement));
      const got = selected.map((row) => fromSqlRow(row, schema)).sort(bySortKey);
      const difference = firstDifference(acceptedRows, got, isDeepStrictEqual);
      if (difference !== undefined) {
        fail(
          `toSqlWhere on ${engine.dialect} selects other rows than the predicate accepts (all rows, no snapshot; sorted)`,
          `SQL:\n  ${showStatement(statement)}\n${difference}`,
        );
      }
    }
  }

  const memory = await attempt('runQuery', undefined, () => runQuery(rows, query, { schema }));
  // The generic pass (CSP-safe, no generated code), and the stream: runQueryAsync, and its window cut as often
  // as it can be, which keeps only the rows that can still reach the page under the orderBy.
  const others: [string, () => QueryResult<object> | Promise<QueryResult<object>>][] = [
    ['runQuery closure', () => runQuery(rows, query, { schema, predicateMode: 'closure' })],
    ['runQueryAsync', () => runQueryAsync(streamOf(rows), query, { schema })],
    ['runQueryAsync closure', () => runQueryAsync(streamOf(rows), query, { schema, predicateMode: 'closure' })],
    ['runQueryAsync with the smallest window', () => streamQuery(streamOf(rows), query, { schema }, 1)],
  ];
  for (const [backend, run] of others) {
    const other = await attempt(backend, undefined, run);
    const same =
      query.groupBy === undefined
        ? other.value.length === memory.value.length && other.value.every((row, index) => row === memory.value[index])
        : isDeepStrictEqual(other.value, memory.value);
    if (!same || other.totalCount !== memory.totalCount || other.nextLink !== memory.nextLink) {
      fail(
        `runQuery and ${backend} answer differently`,
        `runQuery (totalCount ${memory.totalCount}, nextLink ${show(memory.nextLink)}):\n${showRows(memory.value)}\n` +
          `${backend} (totalCount ${other.totalCount}, nextLink ${show(other.nextLink)}):\n${showRows(other.value)}`,
      );
    }
  }
  const inputs = new Set(rows);
  if (query.groupBy === undefined && !memory.value.every((row) => inputs.has(row))) {
    fail('runQuery without groupby returned rows that are not the input rows', showRows(memory.value));
  }
  const pageLength = Math.max(0, Math.min(query.top, memory.totalCount - query.skip));
  const hasMore = query.skip + query.top < memory.totalCount;
  if (memory.value.length !== pageLength || (memory.nextLink !== undefined) !== hasMore) {
    fail(
      'runQuery pages wrongly',
      `totalCount ${memory.totalCount}, ${memory.value.length} rows, nextLink ${show(memory.nextLink)}`,
    );
  }
  const bucketProblem = misbucketed(schema, query, memory.value);
  if (bucketProblem !== undefined) fail('runQuery groups a datetime outside the bucket starts', bucketProblem);
  const memoryRows: PlainRow[] =
    query.groupBy === undefined
      ? memory.value.map((row) => projectRow(row, schema))
      : memory.value.map((row) => plainGroupRow(row));

  for (const engine of engines) {
    const statement = await attempt(`toSql (${engine.dialect})`, undefined, () =>
      toSql(query, { schema, dialect: engine.dialect }),
    );
    const result = await attempt(engine.dialect, statement, () => engine.query(statement));
    const got = result.map((row) => fromSqlRow(row, schema));
    const difference = firstDifference(memoryRows, got, isDeepStrictEqual);
    if (difference !== undefined) {
      fail(
        `runQuery and toSql on ${engine.dialect} return different pages`,
        `SQL:\n  ${showStatement(statement)}\n${difference}\nmemory page:\n${showRows(memoryRows)}\n${engine.dialect} page:\n${showRows(got)}`,
      );
    }
    const countStatement = await attempt(`toSqlCount (${engine.dialect})`, undefined, () =>
      toSqlCount(query, { schema, dialect: engine.dialect }),
    );
    const counted = await attempt(engine.dialect, countStatement, () => engine.query(countStatement));
    const total = counted.length === 1 ? Number(Object.values(counted[0]!)[0]) : Number.NaN;
    if (total !== memory.totalCount) {
      fail(
        `runQuery's totalCount and toSqlCount on ${engine.dialect} differ`,
        `SQL:\n  ${showStatement(countStatement)}\n  memory totalCount ${memory.totalCount}, ${engine.dialect} ${show(counted)}`,
      );
    }
  }
}

const earliestInstant = '0000-01-01T00:00:00.000Z';

/** The rows one at a time, from an async generator, as a file read line by line would give them. */
async function* streamOf(rows: readonly object[]): AsyncGenerator<object> {
  yield* rows;
}

/**
 * Where a grouped row holds a datetime that is not the start of a bucket of the query's effective level (the
 * query's, else the profile's, else dateRange), written here from SPEC §7 rather than taken from the engine:
 * midnight UTC; a Monday at midnight; the first of a month at midnight. dateRange keeps any canonical instant.
 * The week of 0000-01-01 (a Saturday) began in the year −1, which the canonical form cannot write: its two days are
 * bucketed at 0000-01-01, the earliest instant it can (src/values.ts bucketStart).
 */
function misbucketed(schema: Schema, query: Query, groups: readonly object[]): string | undefined {
  if (query.groupBy === undefined) return undefined;
  const level = query.aggregationLevel ?? schema.profile.aggregationLevel ?? 'dateRange';
  const datetimes = query.groupBy.filter((name) => findField(schema, name)?.type === 'datetime');
  for (const group of groups) {
    for (const name of datetimes) {
      const value = (group as Record<string, unknown>)[name];
      if (value === null) continue;
      const instant = typeof value === 'string' ? new Date(value) : undefined;
      const isCanonical = instant !== undefined && !Number.isNaN(instant.getTime()) && instant.toISOString() === value;
      const isMidnight = isCanonical && instant.getTime() % 86_400_000 === 0;
      const isStart =
        level === 'dateRange'
          ? isCanonical
          : level === 'day'
            ? isMidnight
            : level === 'week'
              ? isMidnight && (instant.getUTCDay() === 1 || value === earliestInstant)
              : isMidnight && instant.getUTCDate() === 1;
      if (!isStart) return `${name}: ${show(value)} is not the start of a ${level} bucket in ${show(group)}`;
    }
  }
  return undefined;
}

function bySortKey(a: PlainRow, b: PlainRow): number {
  const x = sortKey(a);
  const y = sortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The same objects (by identity), each as many times, in any order. */
function sameObjects(expected: readonly object[], actual: readonly object[]): boolean {
  if (expected.length !== actual.length) return false;
  const counts = new Map<object, number>();
  for (const row of expected) counts.set(row, (counts.get(row) ?? 0) + 1);
  for (const row of actual) {
    const count = counts.get(row);
    if (count === undefined || count === 0) return false;
    counts.set(row, count - 1);
  }
  return true;
}

// ---- SQL text: values never in it ----

/** The statements a query and its rows compile to, by name. */
function statementsOf(schema: Schema, dialect: Dialect, query: Query, rows: readonly object[]): [string, Statement][] {
  const options = { schema, dialect };
  const statements: [string, Statement][] = [
    ['toSql', toSql(query, options)],
    ['toSqlCount', toSqlCount(query, options)],
  ];
  if (query.filter !== undefined) statements.push(['toSqlWhere', toSqlWhere(query.filter, options)]);
  if (rows.length > 0) statements.push(['toInsert', toInsert(rows, options)]);
  return statements;
}

/**
 * Checks that no value reaches SQL text, in every dialect: the statements compiled from the case and from the
 * case with every value swapped (see Substitution) must have the same text. Text that does not change when the
 * values do cannot hold them, save by coincidence with what is there anyway (keywords, identifiers). Also
 * checks that the placeholders are exactly those of the bound values.
 */
export function checkSqlText(schema: Schema, { rows, query }: Case): void {
  const substitution = new Substitution(schema);
  const swappedQuery = substitution.query(query);
  const swappedRows = substitution.rows(rows);
  for (const dialect of dialects) {
    const context = `${dialect}\n${describeCase(rows, query)}`;
    const original = statementsOf(schema, dialect, query, rows);
    const swapped = statementsOf(schema, dialect, swappedQuery, swappedRows);
    original.forEach(([name, statement], index) => {
      const other = swapped[index]![1];
      const leaked = [...substitution.originals].filter(
        (value) => value.length >= 3 && statement.text.includes(value) && !other.text.includes(value),
      );
      if (leaked.length > 0 || statement.text !== other.text || statement.values.length !== other.values.length) {
        throw new Disagreement(
          `${name} text depends on the values (${leaked.length > 0 ? `holds ${show(leaked)}` : 'changes with them'}) in ${context}\n` +
            `SQL:\n  ${showStatement(statement)}\nwith the values swapped:\n  ${showStatement(other)}`,
        );
      }
      const problem = placeholderProblem(dialect, statement);
      if (problem !== undefined) {
        throw new Disagreement(`${name}: ${problem} in ${context}\nSQL:\n  ${showStatement(statement)}`);
      }
    });
  }
}

/** Whether the placeholders of the text are exactly one per bound value, in the dialect's style. */
function placeholderProblem(dialect: Dialect, { text, values }: Statement): string | undefined {
  const numbered = (pattern: RegExp): string | undefined => {
    const seen = new Set([...text.matchAll(pattern)].map((match) => Number(match[1])));
    const wanted = new Set(values.map((_, index) => index + 1));
    return isDeepStrictEqual(seen, wanted)
      ? undefined
      : `placeholders ${show([...seen].sort((a, b) => a - b))} for ${values.length} values`;
  };
  switch (dialect) {
    case 'postgres':
    case 'duckdb':
      return numbered(/\$(\d+)/g);
    case 'clickhouse':
      return numbered(/\{p(\d+):/g);
    case 'mssql':
      return numbered(/@p(\d+)/g);
    case 'sqlite':
    case 'mysql':
    case 'mariadb': {
      if (/\?\d/.test(text)) return numbered(/\?(\d+)/g);
      const count = text.split('?').length - 1;
      return count === values.length ? undefined : `${count} placeholders for ${values.length} values`;
    }
  }
}
