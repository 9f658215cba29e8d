// querySchema as the Standard Schema consumers see it: the spec's own types, and Hono's @hono/standard-validator.

import { sValidator } from '@hono/standard-validator';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { Hono } from 'hono';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  FilterError,
  filterErrorOf,
  parseQuery,
  partnerCenter,
  type QueryOf,
  querySchema,
  runQuery,
  toResponseBody,
} from '../../src/index.js';

const schema = partnerCenter.licenseUsage;

/** The FilterError parseQuery throws for these parameters: what the validator must keep. */
function errorOf(parameters: string): FilterError {
  try {
    parseQuery(parameters, { schema });
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw error;
  }
  throw new Error(`parseQuery accepted ${parameters}`);
}

describe('querySchema', () => {
  it('is a Standard Schema v1 whose output is the Query of its schema', () => {
    const validator = querySchema(schema);
    const standard: StandardSchemaV1 = validator;
    expect(standard['~standard'].version).toBe(1);
    expect(standard['~standard'].vendor).toBe('filterby');
    expectTypeOf<StandardSchemaV1.InferOutput<typeof validator>>().toEqualTypeOf<QueryOf<typeof schema>>();
    expectTypeOf<StandardSchemaV1.InferInput<typeof validator>>().toExtend<Record<string, unknown>>();
  });

  it("answers { value } with parseQuery's Query for good parameters, synchronously", () => {
    const parameters = { filter: "workloadCode eq 'SFB'", groupby: 'channel', top: '2' };
    const result = querySchema(schema)['~standard'].validate(parameters);
    expect(result).toStrictEqual({ value: parseQuery(parameters, { schema }) });
  });

  it('reads a repeated parameter as a list, and refuses the repeat unless told otherwise', () => {
    const parameters = { top: ['5', '7'] };
    const refused = querySchema(schema)['~standard'].validate(parameters);
    expect(refused.issues?.[0].path).toStrictEqual(['top']);
    expect(refused.issues?.[0].filterError.code).toBe('INVALID_PARAMETER');
    const allowed = querySchema(schema, { allowRepeatedParameters: true })['~standard'].validate(parameters);
    expect(allowed.issues).toBeUndefined();
    expect(allowed.issues === undefined && allowed.value.top).toBe(7);
  });

  it('answers one issue naming the parameter at fault and keeping the FilterError with its code and position', () => {
    const cases = [
      ["filter=workloadcode eq 'SFB'", 'filter', 'UNKNOWN_FIELD'],
      ['filter=workloadCode eq', 'filter', 'SYNTAX'],
      ['groupby=chanel', 'groupby', 'UNKNOWN_FIELD'],
      ['top=0', 'top', 'INVALID_PARAMETER'],
      ['skip=-1', 'skip', 'INVALID_PARAMETER'],
      ['orderby=channel', 'orderby', 'UNKNOWN_PARAMETER'],
    ] as const;
    for (const [parameters, param, code] of cases) {
      const result = querySchema(schema)['~standard'].validate(new URLSearchParams(parameters));
      const expected = errorOf(parameters);
      expect(result.issues, parameters).toHaveLength(1);
      const [issue] = result.issues ?? [];
      expect(issue?.message, parameters).toBe(expected.message);
      expect(issue?.path, parameters).toStrictEqual([param]);
      expect(issue?.filterError.code, parameters).toBe(code);
      expect(issue?.filterError.offset, parameters).toBe(expected.offset);
      expect(issue?.filterError.toJSON(), parameters).toStrictEqual(expected.toJSON());
    }
  });

  it('gives an issue without a path for a value that is no set of parameters at all', () => {
    for (const value of [null, 42, ['filter']]) {
      const [issue] = querySchema(schema)['~standard'].validate(value).issues ?? [];
      expect(issue?.path).toBeUndefined();
      expect(issue?.filterError.code).toBe('INVALID_PARAMETER');
    }
  });

  it("passes parseQuery's options on: limits and unknown parameters", () => {
    const filter = "workloadCode eq 'SFB' or workloadCode eq 'EXO'";
    const limited = querySchema(schema, { limits: { maxTerms: 1 } })['~standard'].validate({ filter });
    expect(limited.issues?.[0].filterError.code).toBe('LIMIT_EXCEEDED');
    const lenient = querySchema(schema, { allowUnknownParameters: true })['~standard'].validate({ utm: 'x' });
    expect(lenient.issues).toBeUndefined();
  });

  it('refuses anything but a schema with INVALID_SCHEMA, and bad options when it is made, not per request', () => {
    expect(() => querySchema({} as typeof schema)).toThrow(expect.objectContaining({ code: 'INVALID_SCHEMA' }));
    expect(() => querySchema(schema, { limits: { maxTerms: 0 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER', message: expect.stringContaining('maxTerms') }),
    );
    expect(() => querySchema(schema, null as never)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
  });
});

describe('filterErrorOf', () => {
  it("finds the FilterError among a framework's issues, and nothing among others'", () => {
    const issues = querySchema(schema)['~standard'].validate({ top: '0' }).issues ?? [];
    expect(filterErrorOf(issues)?.code).toBe('INVALID_PARAMETER');
    expect(filterErrorOf([{ message: 'Required', path: ['name'] }])).toBeUndefined();
    expect(filterErrorOf([null, 'text', { filterError: 'not one' }])).toBeUndefined();
  });
});

describe("Hono's sValidator", () => {
  // One snapshot: without a processedDateTime a row is in no snapshot, and the latest one is read.
  const processedDateTime = '2024-01-31T00:00:00Z';
  const rows = [
    { workloadCode: 'SFB', channel: 'Reseller', licensesActive: 3, processedDateTime },
    { workloadCode: 'SFB', channel: 'Direct', licensesActive: 4, processedDateTime },
    { workloadCode: 'EXO', channel: 'Reseller', licensesActive: 5, processedDateTime },
  ];

  // The recipe: the hook turns the issue's FilterError into Partner Center's 400 body.
  const app = new Hono().get(
    '/v1/analytics/commercial/usage/license',
    sValidator('query', querySchema(schema), (result, c) => {
      const error = result.success ? undefined : filterErrorOf(result.error);
      if (error !== undefined) return c.json(error.toJSON(), 400);
    }),
    (c) => c.json(toResponseBody(runQuery(rows, c.req.valid('query'), { schema }))),
  );

  it('answers a good request with the rows the parsed Query selects', async () => {
    const response = await app.request(
      "/v1/analytics/commercial/usage/license?filter=workloadCode%20eq%20'sfb'&groupby=channel",
    );
    expect(response.status).toBe(200);
    const query = parseQuery({ filter: "workloadCode eq 'sfb'", groupby: 'channel' }, { schema });
    const body = await response.json();
    expect(body).toStrictEqual(toResponseBody(runQuery(rows, query, { schema })));
    expect(body).toMatchObject({ Value: [{ channel: 'Direct' }, { channel: 'Reseller' }], TotalCount: 2 });
  });

  it("answers a bad filter with Partner Center's 400 body, code and position kept", async () => {
    const response = await app.request("/v1/analytics/commercial/usage/license?filter=workloadcode%20eq%20'SFB'");
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toStrictEqual(errorOf("filter=workloadcode eq 'SFB'").toJSON());
    expect(body).toMatchObject({
      code: 'UNKNOWN_FIELD',
      data: [{ param: 'filter', offset: 0, suggestion: 'workloadCode' }],
    });
  });

  it('answers a parameter given twice (Hono hands a list) with a 400 naming it', async () => {
    const response = await app.request('/v1/analytics/commercial/usage/license?top=5&top=6');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'INVALID_PARAMETER', data: [{ param: 'top' }] });
  });

  it("without a hook, answers Hono's own 400 whose issue has the message and the path", async () => {
    const bare = new Hono().get('/', sValidator('query', querySchema(schema)), (c) => c.json(c.req.valid('query')));
    const response = await bare.request('/?groupby=chanel');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { success: boolean; error: { message: string; path: string[] }[] };
    expect(body.success).toBe(false);
    expect(body.error[0]).toMatchObject({ message: errorOf('groupby=chanel').message, path: ['groupby'] });
  });
});
