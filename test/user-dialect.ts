// A dialect as a user writes one for PostgreSQL: only the required members, each unlike the built-in postgres
// dialect's where PostgreSQL allows, so that quoting, null-safe inequality, paging and the issue-12 members fall to
// their standard SQL defaults. The SQL suites run it on PGlite to show an engine can be added without forking.

import type { Dialect } from '../src/sql/compile.js';

export const userWrittenDialect: Dialect = {
  engine: 'PostgreSQL, as a user writes it',
  placeholder: (index) => `$${index}`,
  foldCase: (column) => `translate(${column} COLLATE "C", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`,
  orderKeys: (column, type) => [
    type === 'number' || type === 'boolean' ? `${column} NULLS FIRST` : `${column} COLLATE "C" NULLS FIRST`,
  ],
  columnType: (type) => (type === 'number' ? 'float8' : type === 'boolean' ? 'bool' : 'varchar'),
  maxParameters: 65_535,
};
