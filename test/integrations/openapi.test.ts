// toOpenApiOperation and toJsonSchemaQuerystring against the real tools: a maintained OpenAPI 3.1 validator,
// and Fastify, whose own Ajv validates query strings with the one and bodies with the response schemas.

import { Validator } from '@seriousme/openapi-schema-validator';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRowsOf } from '../../src/cli/sample-data.js';
import {
  defineSchema,
  FilterError,
  type OpenApiOperation,
  type PartnerCenterEndpoint,
  parseQuery,
  partnerCenter,
  partnerCenterPaths,
  runQuery,
  type Schema,
  toJsonSchemaQuerystring,
  toOpenApiOperation,
  toOpenApiParameters,
  toResponseBody,
} from '../../src/index.js';

// Every type, a count, the filter extensions, orderby, an alias, and no snapshot field.
const custom = defineSchema({
  table: 'orders',
  fields: {
    region: { type: 'string', caseInsensitive: true },
    customerId: { type: 'guid' },
    paid: { type: 'boolean' },
    amount: { type: 'number' },
    placedAt: { type: 'datetime' },
    note: { type: 'string', filterable: false, groupable: false, orderable: false },
    total: { type: 'number', aggregate: 'sum' },
    orders: { type: 'number', aggregate: 'count' },
  },
  profile: {
    extensions: ['not', 'in', 'null', 'number', 'boolean', 'range', 'text', 'orderby', 'aggregationLevel'],
    aggregationLevel: 'month',
    parameterAliases: { group: 'groupby' },
  },
});

const endpoints = Object.keys(partnerCenter) as PartnerCenterEndpoint[];
const schemas: [string, Schema, string][] = [
  ...endpoints.map((name): [string, Schema, string] => [name, partnerCenter[name], partnerCenterPaths[name]]),
  ['a defineSchema schema', custom, '/orders'],
];

const parameterNames = (operation: OpenApiOperation) => operation.parameters.map((parameter) => parameter.name);

describe('toOpenApiParameters', () => {
  it("is toOpenApiOperation's parameters, for every preset", () => {
    for (const schema of Object.values(partnerCenter)) {
      expect(toOpenApiParameters(schema)).toEqual(toOpenApiOperation(schema).parameters);
      expect(toOpenApiParameters(schema).map((parameter) => parameter.name)).toContain('filter');
    }
  });
});

describe('toOpenApiOperation', () => {
  it('makes, for every preset and a defineSchema schema, a document the OpenAPI 3.1 validator accepts', async () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 'Analytics', version: '1.0.0' },
      paths: Object.fromEntries(
        schemas.map(([name, schema, path]) => [
          path,
          { get: { operationId: name.replaceAll(' ', '-'), ...toOpenApiOperation(schema) } },
        ]),
      ),
    };
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The validator is no rubber stamp: a parameter said to be in the body is refused.
    const [path = '', item] = Object.entries(document.paths)[0] ?? [];
    const broken = structuredClone({ ...document, paths: { [path]: item } });
    (broken.paths[path]?.get.parameters[0] as { in: string }).in = 'body';
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('gives each one the parameters its query takes, no more', () => {
    expect(parameterNames(toOpenApiOperation(partnerCenter.licenseUsage))).toStrictEqual([
      'filter',
      'groupby',
      'top',
      'skip',
      'processedDateTime',
    ]);
    expect(parameterNames(toOpenApiOperation(partnerCenter.subscriptions))).toStrictEqual([
      'filter',
      'groupby',
      'aggregationLevel',
      'top',
      'skip',
      'groupBy',
    ]);
    expect(parameterNames(toOpenApiOperation(partnerCenter.azureUsage))).toStrictEqual([
      'filter',
      'groupby',
      'orderby',
      'aggregationLevel',
      'top',
      'skip',
    ]);
    expect(parameterNames(toOpenApiOperation(custom))).toStrictEqual([
      'filter',
      'groupby',
      'orderby',
      'aggregationLevel',
      'top',
      'skip',
      'group',
    ]);
  });

  it('each parameter is one parseQuery reads: a query naming every one of them parses', () => {
    const values: Record<string, string> = {
      filter: '',
      groupby: 'region',
      orderby: 'total desc',
      aggregationLevel: 'week',
      top: '10',
      skip: '5',
    };
    const { group: _alias, ...parameters } = Object.fromEntries(
      parameterNames(toOpenApiOperation(custom)).map((name) => [name, values[name] ?? '']),
    );
    expect(() => parseQuery(parameters, { schema: custom })).not.toThrow();
    expect(parseQuery({ group: 'region' }, { schema: custom }).groupBy).toStrictEqual(['region']);
  });

  it('describes the filter with every filterable field and the operators it takes, and bounds top and skip', () => {
    const { parameters } = toOpenApiOperation(partnerCenter.subscriptions);
    const [filter, groupby, top, skip] = ['filter', 'groupby', 'top', 'skip'].map((name) =>
      parameters.find((parameter) => parameter.name === name),
    );
    expect(filter?.description).toContain('customerName (contains)');
    expect(filter?.description).toContain('productName (contains eq ne)');
    expect(filter?.description).toContain('creationDate (eq ne gt ge lt le)');
    expect(filter?.description).toContain('cast(');
    expect(filter?.description).not.toContain('trialEndDate');
    expect(filter?.schema).toStrictEqual({ type: 'string', maxLength: partnerCenter.subscriptions.limits.maxLength });
    expect(groupby?.description).toContain('licenseCount, subscriptionCount');
    expect(top?.schema).toStrictEqual({ type: 'integer', minimum: 1, maximum: 10_000 });
    expect(skip?.schema).toStrictEqual({ type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 });
    const customFilter = toOpenApiOperation(custom).parameters[0]?.description ?? '';
    expect(customFilter).toContain('region (eq ne gt ge lt le contains startswith endswith in)');
    expect(customFilter).toContain('`not`');
    expect(customFilter).not.toContain('note');
    const level = toOpenApiOperation(custom).parameters.find((parameter) => parameter.name === 'aggregationLevel');
    expect(level?.schema).toStrictEqual({ type: 'string', enum: ['day', 'week', 'month', 'dateRange'] });
    expect(level?.description).toContain('Default: month');
  });

  it('sets no default anywhere, which a validator would add to every request', () => {
    for (const [, schema] of schemas) {
      expect(JSON.stringify(toOpenApiOperation(schema).parameters)).not.toContain('"default"');
      expect(JSON.stringify(toJsonSchemaQuerystring(schema))).not.toContain('"default"');
    }
  });

  it("keeps a spelling named like an Object.prototype member as the querystring's own property", () => {
    const schema = defineSchema({
      table: 't',
      fields: { region: { type: 'string' } },
      profile: { parameterAliases: { ['__proto__']: 'groupby', constructor: 'filter' } },
    });
    const { properties } = toJsonSchemaQuerystring(schema) as { properties: object };
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['__proto__', '$__proto__', 'constructor']));
    expect(parseQuery({ ['__proto__']: 'region' }, { schema }).groupBy).toStrictEqual(['region']);
  });

  it('refuses anything but a schema with INVALID_SCHEMA', () => {
    for (const make of [toOpenApiOperation, toJsonSchemaQuerystring]) {
      expect(() => make({} as Schema)).toThrow(expect.objectContaining({ code: 'INVALID_SCHEMA' }));
    }
  });
});

describe('the response schemas, checked by Fastify (its Ajv, with formats) against real bodies', () => {
  // Without coercion, so that a number where text belongs is refused rather than turned into text.
  const app = Fastify({ ajv: { customOptions: { coerceTypes: false } } });
  beforeAll(async () => {
    // A body is checked against the schema under test: 204 when it fits, 400 when it does not.
    for (const [name, schema] of schemas) {
      const { responses } = toOpenApiOperation(schema);
      for (const status of ['200', '400'] as const) {
        app.post(
          `/${encodeURIComponent(name)}/${status}`,
          { schema: { body: responses[status].content['application/json'].schema } },
          async (_request, reply) => reply.code(204).send(),
        );
      }
    }
    await app.ready();
  });
  afterAll(() => app.close());
  const check = async (name: string, status: '200' | '400', body: unknown) =>
    (await app.inject({ method: 'POST', url: `/${encodeURIComponent(name)}/${status}`, payload: body as object }))
      .statusCode;

  it('every preset answers rows and groups (each groupable field) that fit its 200 schema', async () => {
    for (const name of endpoints) {
      const schema = partnerCenter[name];
      const rows = [...sampleRowsOf(name, 40)];
      const bodies = [toResponseBody(runQuery(rows, { top: 7 }, { schema }))];
      for (const field of Object.values(schema.fields).filter((field) => field.isGroupable)) {
        bodies.push(toResponseBody(runQuery(rows, { groupBy: [field.name] }, { schema })));
        if (schema.profile.extensions.includes('aggregationLevel')) {
          const query = { groupBy: [field.name], aggregationLevel: 'week' } as const;
          bodies.push(toResponseBody(runQuery(rows, query, { schema })));
        }
      }
      expect(bodies[0]?.['@nextLink'], name).toBeDefined();
      for (const body of bodies)
        expect(await check(name, '200', body), `${name} ${JSON.stringify(body).slice(0, 200)}`).toBe(204);
    }
  });

  it('the 200 schema refuses a body that is not one', async () => {
    expect(await check('licenseUsage', '200', { Value: [], TotalCount: -1 })).toBe(400);
    expect(await check('licenseUsage', '200', { Value: [{ channel: 3 }], TotalCount: 1 })).toBe(400);
    expect(await check('licenseUsage', '200', { Value: [] })).toBe(400);
  });

  it("FilterError.toJSON() fits the 400 schema, and the schema refuses what is not Partner Center's error", async () => {
    for (const text of ["filter=workloadcode eq 'SFB'", 'top=0', 'filter=(', 'orderby=x', 'groupby=channel,channel']) {
      let body: unknown;
      try {
        parseQuery(text, { schema: partnerCenter.licenseUsage });
      } catch (error) {
        if (error instanceof FilterError) body = error.toJSON();
      }
      expect(body, text).toBeDefined();
      expect(await check('licenseUsage', '400', body), text).toBe(204);
    }
    expect(await check('licenseUsage', '400', { code: 'NOPE', description: '', data: [], source: 'filterby' })).toBe(
      400,
    );
  });
});

describe("toJsonSchemaQuerystring as Fastify's schema.querystring", () => {
  const schema = partnerCenter.azureUsage;
  const rows = [...sampleRowsOf('azureUsage', 30)];
  const reached: unknown[] = [];
  const app = Fastify();
  beforeAll(async () => {
    app.get(
      partnerCenterPaths.azureUsage,
      { schema: { querystring: toJsonSchemaQuerystring(schema) } },
      async (request, reply) => {
        reached.push(request.query);
        try {
          const query = parseQuery(request.query as Record<string, string>, { schema });
          return toResponseBody(runQuery(rows, query, { schema }));
        } catch (error) {
          if (error instanceof FilterError) return reply.code(400).send(error.toJSON());
          throw error;
        }
      },
    );
    await app.ready();
  });
  afterAll(() => app.close());
  const get = (query: string) => app.inject({ method: 'GET', url: `${partnerCenterPaths.azureUsage}?${query}` });

  it('lets a good request reach the handler, which answers what runQuery answers', async () => {
    const text = 'groupby=meterCategory&orderby=quantity%20desc&aggregationLevel=month&top=3';
    const response = await get(text);
    expect(response.statusCode).toBe(200);
    expect(reached).toHaveLength(1);
    expect(response.json().Value).toHaveLength(3);
    expect(response.json()).toStrictEqual(
      JSON.parse(JSON.stringify(toResponseBody(runQuery(rows, parseQuery(text, { schema }), { schema })))),
    );
  });

  it('refuses a bad top, skip or aggregationLevel by its own validation, before the handler', async () => {
    reached.length = 0;
    for (const query of ['top=0', 'top=10001', 'top=ten', '$top=0', 'skip=-1', 'aggregationLevel=year']) {
      const response = await get(query);
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toMatchObject({ code: 'FST_ERR_VALIDATION' });
    }
    expect(reached).toStrictEqual([]);
  });

  it('leaves the filter to parseQuery, whose 400 names the field and where it is', async () => {
    const response = await get("filter=meterCategry%20eq%20'Storage'");
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'UNKNOWN_FIELD',
      data: [{ param: 'filter', offset: 0, suggestion: 'meterCategory' }],
    });
  });
});
