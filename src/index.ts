// filterby's public API: re-exports only.

export type {
  AndNode,
  CompareNode,
  CompareOperator,
  Filter,
  FilterKind,
  InNode,
  MatchNode,
  MatchOperator,
  NotNode,
  Operator,
  OrNode,
  RangeOperator,
  Span,
  Value,
} from './ast.js';
export { withoutSpans } from './ast.js';
export type {
  BuilderValue,
  FieldLiteral,
  FilterBuilders,
  FilterTag,
  OperatorFieldName,
  TemplateValue,
} from './build.js';
export {
  and,
  builders,
  contains,
  endswith,
  eq,
  filter,
  filterFor,
  ge,
  gt,
  inList,
  le,
  lt,
  ne,
  not,
  or,
  startswith,
} from './build.js';
export type {
  GroupByOf,
  GroupRow,
  GroupRowOf,
  GroupValueOfType,
  QueryResult,
  ResponseBody,
  RunQueryInput,
  RunQueryOptions,
  RunQueryResult,
  SomeGroupRowOf,
} from './engine.js';
export { runQuery, runQueryAsync, toResponseBody } from './engine.js';
export type { FilterErrorBody, FilterErrorCode, FilterErrorDetails } from './errors.js';
export { FilterError, filterErrorCodes } from './errors.js';
export type { JsonSchema, OpenApiOperation, OpenApiParameter, OpenApiResponse } from './openapi.js';
export { toJsonSchemaQuerystring, toOpenApiOperation, toOpenApiParameters } from './openapi.js';
export type {
  ParseFilterOptions,
  ParseFilterSyntaxOptions,
  ParseGroupByOptions,
  ParseOrderByOptions,
  ValidateFilterOptions,
} from './parse.js';
export { parseFilter, parseFilterSyntax, parseGroupBy, parseOrderBy, validateFilter } from './parse.js';
export type { PredicateMode, PredicateOptions, RowPredicate } from './predicate.js';
export { toPredicate } from './predicate.js';
export type { PartnerCenterEndpoint } from './presets/partner-center.js';
export { licenseUsagePath, partnerCenter, partnerCenterPaths } from './presets/partner-center.js';
export type { PrintFilterOptions } from './print.js';
export { printFilter, printGroupBy, printOrderBy } from './print.js';
export type {
  OrderDirection,
  OrderItem,
  ParseQueryOptions,
  Query,
  QueryInput,
  QueryOf,
  QueryParameters,
  QueryStringOptions,
} from './query.js';
export { defaultTop, maxSkip, maxTop, parseQuery, toQueryString } from './query.js';
export type { RowStore, RowStoreOptions, RowStoreQueryOptions } from './row-store.js';
export { createRowStore } from './row-store.js';
export type {
  Aggregate,
  AggregationLevel,
  DateTimeLiteralForm,
  Extension,
  Field,
  FieldDefinition,
  FieldDefinitions,
  FieldName,
  FieldType,
  FilterableFieldName,
  GroupableFieldName,
  Limits,
  MeasureName,
  OperatorOf,
  Profile,
  ProfileDefinition,
  Row,
  Schema,
  SchemaDefinition,
  ValueOfType,
} from './schema.js';
export { defaultLimits, defineSchema } from './schema.js';
export type {
  Dialect,
  DialectName,
  IdentifierLimit,
  SqlClauses,
  SqlFragment,
  SqlOptions,
  SqlStatement,
  SqlValue,
  SqlWhereOptions,
} from './sql/compile.js';
export {
  dialectNames,
  dialects,
  toCreateIndexes,
  toCreateTable,
  toInsert,
  toInserts,
  toKnexRaw,
  toSql,
  toSqlClauses,
  toSqlCount,
  toSqlFragment,
  toSqlWhere,
} from './sql/compile.js';
export type {
  QueryIssue,
  QuerySchema,
  QuerySchemaInput,
  QuerySchemaOptions,
  QuerySchemaProps,
  QuerySchemaResult,
  StandardSchemaV1,
  StandardSchemaV1Issue,
  StandardSchemaV1Props,
  StandardSchemaV1Result,
} from './standard-schema.js';
export { filterErrorOf, querySchema } from './standard-schema.js';
