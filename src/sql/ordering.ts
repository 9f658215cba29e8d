// A query's orderBy and aggregationLevel as the SQL builders need them: checked against the schema (a query built
// in code has skipped parseQuery) and resolved to fields, directions and the effective aggregation level.

import { describeValue, FilterError } from '../errors.js';
import { ownElement, ownProperties } from '../own.js';
import type { OrderDirection } from '../query.js';
import { type AggregationLevel, aggregationLevels, type Field, findField, type Schema } from '../schema.js';
import { closestName } from '../suggest.js';
import { fieldsOf } from '../values.js';

/** One sort key of a query: a field and its direction. */
export interface ResolvedOrderItem {
  readonly field: Field;
  readonly direction: OrderDirection;
}

export interface Ordering {
  /** The query's orderBy items, checked; empty when it has none. */
  readonly orderBy: readonly ResolvedOrderItem[];
  /** How grouped datetimes are bucketed: the query's level, else the profile's, else `dateRange`. */
  readonly aggregationLevel: AggregationLevel;
}

/**
 * The orderBy and aggregationLevel of `query`, whose groupBy resolveQuery has already read (`groupBy`). Grouped, a
 * query orders by its groupby fields and the measures; ungrouped, by any orderable field (LANG12).
 */
export function readOrdering(query: object, schema: Schema, groupBy: readonly Field[]): Ordering {
  const { orderBy, aggregationLevel } = ownProperties(query, ['orderBy', 'aggregationLevel']);
  return {
    orderBy: readOrderBy(orderBy, schema, groupBy),
    aggregationLevel: readAggregationLevel(aggregationLevel, schema, groupBy),
  };
}

function readOrderBy(orderBy: unknown, schema: Schema, groupBy: readonly Field[]): ResolvedOrderItem[] {
  if (orderBy === undefined) return [];
  if (!Array.isArray(orderBy)) throw orderByError(`orderBy must be an array of { field, direction }`, orderBy);
  const isGrouped = groupBy.length > 0;
  const orderable = fieldsOf(schema).filter((field) =>
    isGrouped ? groupBy.includes(field) || field.isMeasure : field.isOrderable,
  );
  const items: ResolvedOrderItem[] = [];
  for (let index = 0; index < orderBy.length; index++) {
    const item = ownElement(orderBy, index);
    if (typeof item !== 'object' || item === null) {
      throw orderByError(`orderBy[${index}] must be an object such as { field: 'channel', direction: 'desc' }`, item);
    }
    const { field: name, direction = 'asc' } = ownProperties(item, ['field', 'direction']);
    if (typeof name !== 'string') throw orderByError(`orderBy[${index}].field must be a field name`, name);
    if (direction !== 'asc' && direction !== 'desc') {
      throw orderByError(`orderBy[${index}].direction must be 'asc' or 'desc'`, direction);
    }
    const field = findField(schema, name);
    const names = orderable.map((each) => each.name);
    if (field === undefined) {
      const suggestion = closestName(name, names);
      throw new FilterError(
        'UNKNOWN_FIELD',
        `Unknown field '${name}' in orderby; ${suggestion === undefined ? `the fields it takes are ${names.join(', ')}` : `did you mean '${suggestion}'?`}`,
        { param: 'orderby', ...(suggestion !== undefined && { suggestion }) },
      );
    }
    if (!orderable.includes(field)) {
      const allowed = names.length === 0 ? 'none' : names.join(', ');
      throw new FilterError(
        'FIELD_NOT_ORDERABLE',
        isGrouped
          ? `Cannot order grouped rows by '${name}'; they are ordered by their groupby fields and measures: ${allowed}`
          : `Cannot order by field '${name}'; the orderable fields are ${allowed}`,
        { param: 'orderby' },
      );
    }
    if (items.some((each) => each.field === field)) {
      throw new FilterError('DUPLICATE_FIELD', `Field '${name}' is listed twice in orderby; list each field once`, {
        param: 'orderby',
      });
    }
    items.push({ field, direction });
  }
  return items;
}

function readAggregationLevel(level: unknown, schema: Schema, groupBy: readonly Field[]): AggregationLevel {
  if (level === undefined) return schema.profile.aggregationLevel ?? 'dateRange';
  if (!(aggregationLevels as readonly unknown[]).includes(level)) {
    throw new FilterError(
      'INVALID_PARAMETER',
      `aggregationLevel is one of ${aggregationLevels.join(', ')}; got ${describeValue(level)}`,
      { param: 'aggregationLevel' },
    );
  }
  if (groupBy.length === 0) {
    throw new FilterError(
      'INVALID_PARAMETER',
      'aggregationLevel buckets the datetimes of a groupby; give a groupby, or leave aggregationLevel out',
      { param: 'aggregationLevel' },
    );
  }
  return level as AggregationLevel;
}

function orderByError(message: string, value: unknown): FilterError {
  return new FilterError('INVALID_PARAMETER', `${message}; got ${describeValue(value)}`, { param: 'orderby' });
}
