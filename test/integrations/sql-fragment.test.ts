// toSqlFragment and toSqlClauses: the same SQL as toSqlWhere and toSql with the placeholders left to the host,
// in the shape of a tagged template's arguments; and toKnexRaw, their `?` form for Knex.

import { describe, expect, test } from 'vitest';
import {
  dialectNames,
  dialects,
  type Filter,
  FilterError,
  parseFilter,
  type QueryInput,
  type SqlFragment,
  toKnexRaw,
  toSql,
  toSqlClauses,
  toSqlFragment,
  toSqlWhere,
} from '../../src/index.js';
import { readDialect } from '../../src/sql/statement.js';
import { filters, groupedQuery, schema } from './fixture.js';

/** The fragment with `$1`, `$2`, … between its pieces: what a host that numbers its placeholders sends. */
const numbered = (fragment: SqlFragment): string =>
  fragment.strings.reduce((text, piece, index) => `${text}$${index}${piece}`);

describe('toSqlFragment', () => {
  test.each(filters.map((filter, index) => [index, filter] as const))(
    'filter %i is toSqlWhere on PostgreSQL with the placeholders numbered by the host',
    (_, filter) => {
      const fragment = toSqlFragment(filter, { schema, dialect: 'postgres' });
      const statement = toSqlWhere(filter, { schema, dialect: 'postgres' });
      expect(fragment.strings).toHaveLength(fragment.values.length + 1);
      expect(numbered(fragment)).toBe(statement.text);
      expect(fragment.values).toEqual(statement.values);
    },
  );

  test('is shaped as a template literal is: frozen strings with a raw copy, one more than the values', () => {
    const fragment = toSqlFragment(parseFilter("channel eq 'Direct' or licensesActive gt 3", { schema }), {
      schema,
      dialect: 'postgres',
    });
    expect([...fragment.strings]).toEqual(['(lower("channel" COLLATE "C") = ', ' OR "licensesActive" > ', ')']);
    expect(fragment.strings.raw).toEqual([...fragment.strings]);
    expect(fragment.values).toEqual(['direct', 3]);
    expect(Object.isFrozen(fragment.strings) && Object.isFrozen(fragment.strings.raw)).toBe(true);
    expect(Object.isFrozen(fragment) && Object.isFrozen(fragment.values)).toBe(true);
    // What a tag receives from a template literal: the same shape the tag sees.
    const tag = (strings: TemplateStringsArray, ...values: unknown[]) => ({ strings: [...strings], values });
    expect(tag(fragment.strings, ...fragment.values)).toEqual({
      strings: [...fragment.strings],
      values: ['direct', 3],
    });
  });

  test('a value the dialect writes twice is bound twice, since the host numbers each placeholder', () => {
    // SQL Server's endswith names the pattern in REVERSE(…) and in DATALENGTH(…).
    const filter = parseFilter("endswith(customerName, 'Inc')", { schema });
    const statement = toSqlWhere(filter, { schema, dialect: 'mssql' });
    expect(statement.text.match(/@p1/g)).toHaveLength(2);
    expect(statement.values).toEqual(['inc']);
    const fragment = toSqlFragment(filter, { schema, dialect: 'mssql' });
    expect(fragment.values).toEqual(['inc', 'inc']);
    expect(fragment.strings.join('@p1')).toBe(statement.text);
  });

  test.each(dialectNames)('on %s it writes no placeholder of its own', (dialect) => {
    for (const filter of filters) {
      const fragment = toSqlFragment(filter, { schema, dialect });
      const statement = toSqlWhere(filter, { schema, dialect });
      const placeholders = statement.text.split(/\$\d+|\?|@p\d+|\{p\d+:[^}]*\}/).length - 1;
      expect(fragment.values.length).toBe(placeholders);
      expect(fragment.strings.join('')).not.toMatch(/\$\d|\?|@p\d|\{p\d|\uDC00/);
    }
  });

  test('takes a dialect object, and its values as the dialect binds them (SQLite: booleans as 0 and 1)', () => {
    const filter = parseFilter('isTrial eq true', { schema });
    expect(toSqlFragment(filter, { schema, dialect: dialects.sqlite }).values).toEqual([1]);
    const custom = { ...dialects.postgres, engine: 'Custom', quoteIdentifier: (name: string) => `[${name}]` };
    expect([...toSqlFragment(filter, { schema, dialect: custom }).strings]).toEqual(['[isTrial] = ', '']);
  });

  test('refuses what toSqlWhere refuses, with the same FilterError', () => {
    const unknownField = { kind: 'compare', field: 'nope', op: 'eq', value: 'x' } as const;
    expect(() => toSqlFragment(unknownField, { schema, dialect: 'postgres' })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_FIELD' }),
    );
    const nul = parseFilter("channel eq 'a\u0000b'", { schema });
    expect(() => toSqlFragment(nul, { schema, dialect: 'postgres' })).toThrow(
      expect.objectContaining({ code: 'INVALID_LITERAL' }),
    );
    expect(() => toSqlFragment(nul, { schema, dialect: 'nope' as 'postgres' })).toThrow(FilterError);
  });

  test('counts the values the host binds against the engine limit: LIMIT_EXCEEDED', () => {
    const filter = parseFilter(`endswith(customerName, 'a') or endswith(customerName, 'b')`, { schema });
    const tight = { ...dialects.mssql, maxParameters: 3 };
    // toSqlWhere binds two values; the fragment four, one for each placeholder.
    expect(toSqlWhere(filter, { schema, dialect: tight }).values).toHaveLength(2);
    expect(() => toSqlFragment(filter, { schema, dialect: tight })).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED' }),
    );
  });
});

describe('toKnexRaw', () => {
  test('writes ? for each value and \\? for each question mark of the SQL itself', () => {
    const questioning = { ...dialects.postgres, engine: 'Odd', quoteIdentifier: (name: string) => `"${name}?"` };
    const filter = parseFilter("channel eq 'Direct' and licensesActive gt 3", { schema });
    const [text, bindings] = toKnexRaw(toSqlFragment(filter, { schema, dialect: questioning }));
    expect(text).toBe('lower("channel\\?" COLLATE "C") = ? AND "licensesActive\\?" > ?');
    expect(bindings).toEqual(['direct', 3]);
  });
});

describe('toSqlClauses', () => {
  const queries: QueryInput[] = [
    { ...groupedQuery, filter: filters[0] as Filter },
    { filter: filters[2] as Filter, orderBy: [{ field: 'createdDate', direction: 'desc' }] },
    { groupBy: ['isTrial'] },
    {},
  ];

  // SQL Server names a text pattern twice (@p1 … @p1), where the fragment binds it twice: each placeholder is
  // written `?` on both sides.
  test.each(dialectNames)('on %s, its clauses with keywords and paging are toSql', (dialect) => {
    const read = readDialect(dialect);
    for (const query of queries) {
      const clauses = toSqlClauses(query, { schema, dialect });
      const text = (fragment: SqlFragment) => fragment.strings.join('?');
      const statement = toSql(query, { schema, dialect });
      const where = text(clauses.where);
      const lines = [`SELECT ${text(clauses.select)}`, `FROM ${text(clauses.from)}`];
      if (query.filter !== undefined) lines.push(`WHERE ${where.startsWith('(') ? where.slice(1, -1) : where}`);
      else expect(where).toBe('1 = 1');
      if (clauses.groupBy !== undefined) lines.push(`GROUP BY ${text(clauses.groupBy)}`);
      lines.push(`ORDER BY ${text(clauses.orderBy)}`, read.paging(10_000, 0));
      expect(lines.join('\n')).toBe(statement.text.replace(/\$\d+|@p\d+|\{p\d+:[^}]*\}/g, '?'));
      if (dialect !== 'mssql') expect([...clauses.where.values]).toEqual(statement.values);
    }
  });

  test('holds no value outside WHERE, and GROUP BY only when the query groups', () => {
    const clauses = toSqlClauses({ ...groupedQuery, filter: filters[0] as Filter }, { schema, dialect: 'postgres' });
    for (const clause of [clauses.select, clauses.from, clauses.groupBy, clauses.orderBy]) {
      expect(clause?.values).toEqual([]);
    }
    expect(clauses.groupBy?.strings[0]).toContain(`left("createdDate", 7)`);
    expect(toSqlClauses({}, { schema, dialect: 'postgres' }).groupBy).toBeUndefined();
  });

  test('puts a top-level OR in parentheses, so it joins other conditions with AND', () => {
    const { where } = toSqlClauses(
      { filter: parseFilter("channel eq 'a' or channel eq 'b'", { schema }) },
      {
        schema,
        dialect: 'postgres',
      },
    );
    expect([...where.strings]).toEqual([
      '(lower("channel" COLLATE "C") = ',
      ' OR lower("channel" COLLATE "C") = ',
      ')',
    ]);
  });

  test('refuses what toSql refuses: a field it cannot order by is FIELD_NOT_ORDERABLE', () => {
    expect(() =>
      toSqlClauses(
        { groupBy: ['channel'], orderBy: [{ field: 'id', direction: 'asc' }] },
        { schema, dialect: 'postgres' },
      ),
    ).toThrow(expect.objectContaining({ code: 'FIELD_NOT_ORDERABLE' }));
  });
});
