// querySchema: an endpoint's query parameters as a Standard Schema v1 validator, for Hono, tRPC and the others.

import { FilterError } from './errors.js';
import { ownProperties } from './own.js';
import { type ParseQueryOptions, parseQuery, type QueryOf, type QueryParameters } from './query.js';
import { requireSchema, resolveLimits, type Schema } from './schema.js';

// The Standard Schema v1 interface (https://standardschema.dev), declared here rather than imported: the spec
// asks vendors to copy it, and filterby keeps no dependency, not even a type-only one.

/** An object any Standard Schema consumer validates with: `schema['~standard'].validate(value)`. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1Props<Input, Output>;
}

export interface StandardSchemaV1Props<Input = unknown, Output = Input> {
  readonly version: 1;
  readonly vendor: string;
  readonly validate: (
    value: unknown,
    options?: { readonly libraryOptions?: Record<string, unknown> | undefined } | undefined,
  ) => StandardSchemaV1Result<Output> | Promise<StandardSchemaV1Result<Output>>;
  /** Types only, for inference (`StandardSchemaV1.InferOutput`); never present at run time. */
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

export type StandardSchemaV1Result<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardSchemaV1Issue[] };

export interface StandardSchemaV1Issue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/**
 * The one issue a failed query gives: the FilterError's message, the parameter at fault as the path
 * (`['filter']`, `['top']`; none when the input was not a record at all), and the FilterError itself, whose
 * `toJSON()` is Partner Center's 400 body.
 */
export interface QueryIssue extends StandardSchemaV1Issue {
  readonly path?: readonly [string];
  readonly filterError: FilterError;
}

/** What a framework hands a query validator: the parameters by name (a repeated one as a list), or any form parseQuery reads. */
export type QuerySchemaInput = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A Standard Schema of schema `S`'s query parameters: its output is parseQuery's, its issues are QueryIssues. */
export interface QuerySchema<S extends Schema = Schema> extends StandardSchemaV1<QuerySchemaInput, QueryOf<S>> {
  readonly '~standard': QuerySchemaProps<S>;
}

export interface QuerySchemaProps<S extends Schema = Schema>
  extends StandardSchemaV1Props<QuerySchemaInput, QueryOf<S>> {
  /** Synchronous: the Query, or the one issue of the first fault. */
  readonly validate: (value: unknown) => QuerySchemaResult<S>;
}

export type QuerySchemaResult<S extends Schema = Schema> =
  | { readonly value: QueryOf<S>; readonly issues?: undefined }
  | { readonly issues: readonly [QueryIssue] };

/** parseQuery's options besides the schema: limits, and whether unknown or repeated parameters are let through. */
export type QuerySchemaOptions = Omit<ParseQueryOptions, 'schema'>;

/**
 * A Standard Schema v1 validator of an endpoint's query parameters: `validate` answers `{ value }`, the Query
 * parseQuery reads, or `{ issues: [issue] }` whose `filterError` keeps the code and position (`filterErrorOf`).
 * It validates synchronously and takes what parseQuery takes (a record, a query string, URLSearchParams).
 *
 * @example
 * app.get('/usage', sValidator('query', querySchema(partnerCenter.licenseUsage), (result, c) => {
 *   const error = result.success ? undefined : filterErrorOf(result.error);
 *   if (error !== undefined) return c.json(error.toJSON(), 400);
 * }), (c) => c.json(toResponseBody(runQuery(rows, c.req.valid('query'), { schema }))));
 */
export function querySchema<S extends Schema>(schema: S, options: QuerySchemaOptions = {}): QuerySchema<S> {
  requireSchema(schema, 'querySchema', 'argument');
  if (typeof options !== 'object' || options === null) {
    throw new FilterError(
      'INVALID_PARAMETER',
      'querySchema takes options such as { allowUnknownParameters: true } or none',
    );
  }
  const { limits, allowUnknownParameters, allowRepeatedParameters } = ownProperties(options, [
    'limits',
    'allowUnknownParameters',
    'allowRepeatedParameters',
  ]) as QuerySchemaOptions;
  // Bad limits are the developer's mistake: say so now, not as every request's issue.
  resolveLimits(schema.limits, limits, (message) => new FilterError('INVALID_PARAMETER', message));
  const parseOptions: ParseQueryOptions<S> = {
    schema,
    ...(limits !== undefined && { limits }),
    ...(allowUnknownParameters !== undefined && { allowUnknownParameters }),
    ...(allowRepeatedParameters !== undefined && { allowRepeatedParameters }),
  };
  const validate = (value: unknown): QuerySchemaResult<S> => {
    try {
      return { value: parseQuery(value as QueryParameters, parseOptions) };
    } catch (error) {
      // Anything but a FilterError is a defect of the library, not of the request: let it be a 500.
      if (!(error instanceof FilterError)) throw error;
      return { issues: [issueOf(error)] };
    }
  };
  return Object.freeze({ '~standard': Object.freeze({ version: 1, vendor: 'filterby', validate }) });
}

/**
 * The FilterError a querySchema issue carries: give it the issues a framework hands its error hook (Hono's
 * `result.error`, tRPC's `cause.issues`); undefined when none of them came from querySchema.
 *
 * @example
 * const error = filterErrorOf(result.error);
 * if (error !== undefined) return c.json(error.toJSON(), 400);
 */
export function filterErrorOf(issues: readonly unknown[]): FilterError | undefined {
  if (!Array.isArray(issues)) return undefined;
  for (const issue of issues) {
    if (typeof issue !== 'object' || issue === null || !Object.hasOwn(issue, 'filterError')) continue;
    const { filterError } = issue as { filterError: unknown };
    if (filterError instanceof FilterError) return filterError;
  }
  return undefined;
}

function issueOf(error: FilterError): QueryIssue {
  const path: [string] | undefined = error.param === undefined ? undefined : [error.param];
  return { message: error.message, ...(path !== undefined && { path }), filterError: error };
}
