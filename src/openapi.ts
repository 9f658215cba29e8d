// An endpoint's query and responses described for tools: OpenAPI 3.1 parameters and responses, and the JSON
// Schema of its query string (Fastify's `schema.querystring`).

import { FilterError, filterErrorCodes } from './errors.js';
import { defaultTop, maxSkip, maxTop } from './query.js';
import {
  type AggregationLevel,
  aggregationLevels,
  allowsExtension,
  type Field,
  type FieldType,
  requireSchema,
  type Schema,
} from './schema.js';
import { fieldsOf, snapshotField } from './values.js';

/** A JSON Schema (the 2020-12 dialect OpenAPI 3.1 uses; the querystring keeps to what draft-07 reads too). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** An OpenAPI 3.1 Parameter Object of a query parameter. */
export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'query';
  readonly required: false;
  readonly description: string;
  readonly schema: JsonSchema;
}

/** An OpenAPI 3.1 Response Object whose body is JSON. */
export interface OpenApiResponse {
  readonly description: string;
  readonly content: { readonly 'application/json': { readonly schema: JsonSchema } };
}

/** What an endpoint's GET operation needs from filterby: its query parameters and its two responses. */
export interface OpenApiOperation {
  readonly parameters: readonly OpenApiParameter[];
  readonly responses: {
    /** `{ Value, @nextLink?, TotalCount }`: rows as stored without a groupby, grouped rows with one. */
    readonly '200': OpenApiResponse;
    /** FilterError's `toJSON()`, Partner Center's error shape. */
    readonly '400': OpenApiResponse;
  };
}

/**
 * The OpenAPI 3.1 parameters and responses of a schema's endpoint: filter, groupby, top, skip, and those the
 * schema takes besides (processedDateTime with a snapshot field, orderby and aggregationLevel with the
 * profile's extensions, the profile's other spellings such as `groupBy`), each described with the fields it
 * takes; the 200 body for grouped and ungrouped rows, and the 400 body of FilterError.toJSON(). No parameter
 * carries a `default` (the descriptions give them): a validator that fills defaults in would otherwise add
 * `aggregationLevel` to a query without a groupby, or `top` beside a client's `$top`.
 *
 * @example
 * const document = {
 *   openapi: '3.1.0',
 *   info: { title: 'Analytics', version: '1' },
 *   paths: { [partnerCenterPaths.licenseUsage]: { get: toOpenApiOperation(partnerCenter.licenseUsage) } },
 * };
 */
/**
 * The OpenAPI 3.1 query parameters of the schema's endpoint alone: `toOpenApiOperation(schema).parameters`, for a
 * document whose responses are written by hand.
 */
export function toOpenApiParameters(schema: Schema): readonly OpenApiParameter[] {
  return toOpenApiOperation(schema).parameters;
}

export function toOpenApiOperation(schema: Schema): OpenApiOperation {
  requireSchema(schema, 'toOpenApiOperation', 'argument');
  return {
    parameters: queryParametersOf(schema).map(({ name, description, schema: parameterSchema }) => ({
      name,
      in: 'query',
      required: false,
      description,
      schema: parameterSchema,
    })),
    responses: {
      '200': {
        description: 'A page of rows: the rows themselves without a groupby, one row per group with one',
        content: { 'application/json': { schema: responseBodySchema(schema) } },
      },
      '400': {
        description: 'The query does not parse or does not fit the schema (FilterError.toJSON())',
        content: { 'application/json': { schema: errorBodySchema() } },
      },
    },
  };
}

/**
 * The JSON Schema of a schema's query string, for Fastify's route `schema.querystring` (and any validator of
 * a parameter record): the parameters of toOpenApiOperation, each also under its `$` spelling (`$top`), which
 * parseQuery reads too. `top` and `skip` are integers within their bounds, `aggregationLevel` one of its
 * levels; filter, groupby and orderby are text that parseQuery checks, with its messages and positions.
 * Unknown parameters are left to parseQuery, which refuses them (UNKNOWN_PARAMETER).
 *
 * @example
 * fastify.get(path, { schema: { querystring: toJsonSchemaQuerystring(schema) } }, (request) =>
 *   toResponseBody(runQuery(rows, parseQuery(request.query, { schema }), { schema })));
 */
export function toJsonSchemaQuerystring(schema: Schema): JsonSchema {
  requireSchema(schema, 'toJsonSchemaQuerystring', 'argument');
  // fromEntries defines own properties: a profile's spelling may be `__proto__`, which `=` would not add.
  const properties = Object.fromEntries(
    queryParametersOf(schema).flatMap(({ name, description, schema: parameterSchema }) => [
      [name, { ...parameterSchema, description }],
      [`$${name}`, { ...parameterSchema, description: `${name}, as OData spells it` }],
    ]),
  );
  return { type: 'object', properties };
}

interface QueryParameter {
  readonly name: string;
  readonly description: string;
  readonly schema: JsonSchema;
}

/** Every parameter parseQuery reads for this schema, described; the profile's other spellings last. */
function queryParametersOf(schema: Schema): QueryParameter[] {
  const fields = fieldsOf(schema);
  const filterable = fields.filter((field) => field.isFilterable);
  const groupable = fields.filter((field) => field.isGroupable);
  const measures = fields.filter((field) => field.isMeasure);
  const names = (list: readonly Field[]) => (list.length === 0 ? 'none' : list.map((field) => field.name).join(', '));
  const parameters: QueryParameter[] = [
    {
      name: 'filter',
      description: filterDescription(schema, filterable),
      schema: { type: 'string', maxLength: schema.limits.maxLength },
    },
    {
      name: 'groupby',
      description:
        `Fields to group by, comma-separated: ${names(groupable)}. Each grouped row holds them and the ` +
        `measures (${names(measures)}).`,
      schema: { type: 'string' },
    },
  ];
  if (allowsExtension(schema, 'orderby')) {
    const orderable = fields.filter((field) => field.isOrderable);
    parameters.push({
      name: 'orderby',
      description:
        `Sort keys, comma-separated, each a field and \`asc\` (the default) or \`desc\`: ${names(orderable)}; ` +
        'a grouped query orders by its groupby fields and the measures. Ties keep the default order.',
      schema: { type: 'string' },
    });
  }
  if (allowsExtension(schema, 'aggregationLevel')) {
    parameters.push({
      name: 'aggregationLevel',
      description: aggregationLevelDescription(schema.profile.aggregationLevel),
      schema: { type: 'string', enum: [...aggregationLevels] },
    });
  }
  parameters.push(
    {
      name: 'top',
      description: `Rows per page, 1 to ${maxTop}; default ${defaultTop}.`,
      schema: { type: 'integer', minimum: 1, maximum: maxTop },
    },
    {
      name: 'skip',
      description: `Rows to skip, 0 to ${maxSkip}; default 0.`,
      schema: { type: 'integer', minimum: 0, maximum: maxSkip },
    },
  );
  if (snapshotField(schema) !== undefined) {
    parameters.push({
      name: 'processedDateTime',
      description:
        'The snapshot to read: an ISO 8601 date or date-time such as 2024-01-31 or 2024-01-31T00:00:00Z; default the latest.',
      schema: { type: 'string' },
    });
  }
  for (const [alias, target] of Object.entries(schema.profile.parameterAliases)) {
    const aliased = parameters.find((parameter) => parameter.name === target);
    if (aliased === undefined) continue;
    parameters.push({ ...aliased, name: alias, description: `${target}, as this endpoint also spells it.` });
  }
  return parameters;
}

function filterDescription(schema: Schema, filterable: readonly Field[]): string {
  if (filterable.length === 0) return 'This endpoint has no field to filter by.';
  const takesIn = allowsExtension(schema, 'in');
  const fields = filterable.map((field) => {
    const operators = [...field.operators, ...(takesIn && field.operators.includes('eq') ? ['in'] : [])];
    return `${field.name} (${operators.join(' ')})`;
  });
  const extras = [
    allowsExtension(schema, 'not') && '`not`',
    allowsExtension(schema, 'null') && '`null` literals',
    allowsExtension(schema, 'cast') && "datetimes as `cast('2024-01-31', Edm.DateTimeOffset)`",
  ].filter((extra): extra is string => extra !== false);
  const { maxDepth, maxTerms } = schema.limits;
  return (
    "Rows to keep, in Partner Center's filter language: comparisons such as `field eq 'value'` joined by " +
    `\`and\` and \`or\`${extras.length === 0 ? '' : `, with ${extras.join(', ')}`}. Fields and their operators: ` +
    `${fields.join(', ')}. At most ${maxTerms} comparisons and ${maxDepth} levels of nesting.`
  );
}

function aggregationLevelDescription(level: AggregationLevel | undefined): string {
  const fallback = level === undefined || level === 'dateRange' ? 'the exact instant' : level;
  return (
    'How a grouped query buckets its datetimes (UTC): day, week (from Monday), month, or dateRange for the exact ' +
    `instant; needs a groupby. Default: ${fallback}.`
  );
}

/** The JSON Schema of a field's value in a row: any field may be missing or null. */
function valueSchema(type: FieldType): JsonSchema {
  switch (type) {
    case 'string':
      return { type: ['string', 'null'] };
    case 'guid':
      return { type: ['string', 'null'], format: 'uuid' };
    case 'number':
      return { type: ['number', 'null'] };
    case 'boolean':
      return { type: ['boolean', 'null'] };
    case 'datetime':
      return { type: ['string', 'null'], format: 'date-time' };
    default: {
      const never: never = type;
      throw new FilterError('INVALID_SCHEMA', `Unknown field type ${String(never)}`);
    }
  }
}

function responseBodySchema(schema: Schema): JsonSchema {
  const fields = fieldsOf(schema);
  const rowProperties = Object.fromEntries(fields.map((field) => [field.name, valueSchema(field.type)]));
  const measures = fields.filter((field) => field.isMeasure);
  const groupProperties = Object.fromEntries([
    ...fields.filter((field) => field.isGroupable).map((field) => [field.name, valueSchema(field.type)] as const),
    ...measures.map((field) => [field.name, { type: field.aggregate === 'count' ? 'integer' : 'number' }] as const),
  ]);
  // Rows are answered as they are stored, so they may hold more than the schema's fields.
  const row = { title: `A ${schema.table} row`, type: 'object', properties: rowProperties };
  const group = {
    title: `A ${schema.table} group: its groupby fields and every measure`,
    type: 'object',
    properties: groupProperties,
    required: measures.map((field) => field.name),
  };
  return {
    type: 'object',
    required: ['Value', 'TotalCount'],
    properties: {
      Value: { type: 'array', items: { anyOf: [row, group] } },
      '@nextLink': { type: 'string', description: 'The same request with skip advanced, when more rows remain' },
      TotalCount: { type: 'integer', minimum: 0, description: 'Rows (or groups) in the whole result' },
    },
  };
}

// A new object each call: a caller may edit the document it is put in.
function errorBodySchema(): JsonSchema {
  return {
    type: 'object',
    required: ['code', 'description', 'data', 'source'],
    properties: {
      code: { type: 'string', enum: [...filterErrorCodes] },
      description: { type: 'string', description: 'What is wrong, where, and how to fix it' },
      data: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            param: { type: 'string', description: 'The parameter at fault' },
            offset: { type: 'integer', minimum: 0, description: '0-based UTF-16 index of the fault in the parameter' },
            line: { type: 'integer', minimum: 1 },
            column: { type: 'integer', minimum: 1, description: '1-based, in code points' },
            expected: { type: 'array', items: { type: 'string' } },
            suggestion: { type: 'string', description: 'The text that would fix the fault' },
          },
        },
      },
      source: { type: 'string', enum: ['filterby'] },
    },
  };
}
