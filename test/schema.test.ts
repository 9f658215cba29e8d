// defineSchema: defaults, the Partner Center preset, and every way a definition can be wrong.

import { describe, expect, it } from 'vitest';
import { defaultLimits, defineSchema, FilterError, parseFilter, partnerCenter } from '../src/index.js';
import { findField, validatedField } from '../src/schema.js';

describe('defineSchema', () => {
  const schema = defineSchema({
    table: 'usage',
    fields: {
      name: { type: 'string', column: 'customer_name', caseInsensitive: true },
      tenant: { type: 'guid' },
      seats: { type: 'number', aggregate: 'sum' },
      day: { type: 'datetime', filterable: false },
      flag: { type: 'boolean', groupable: false },
    },
    profile: { extensions: ['in', 'in', 'not'] },
    limits: { maxDepth: 8 },
  });

  it('resolves every default', () => {
    expect(schema.fields.name).toEqual({
      name: 'name',
      type: 'string',
      column: 'customer_name',
      isFilterable: true,
      isGroupable: true,
      isMeasure: false,
      aggregate: undefined,
      isOrderable: true,
      caseInsensitive: true,
      operators: ['eq', 'ne'],
    });
    expect(schema.fields.tenant).toMatchObject({ column: 'tenant', caseInsensitive: true });
    expect(schema.fields.seats).toMatchObject({ isMeasure: true, isFilterable: false, isGroupable: false });
    expect(schema.fields.day).toMatchObject({ isFilterable: false, isGroupable: true });
    expect(schema.fields.flag).toMatchObject({ isFilterable: true, isGroupable: false, caseInsensitive: false });
    expect(schema.profile.extensions).toEqual(['in', 'not']);
    expect(schema.limits).toEqual({ ...defaultLimits, maxDepth: 8 });
  });

  it('keeps fields in definition order', () => {
    expect(Object.keys(schema.fields)).toEqual(['name', 'tenant', 'seats', 'day', 'flag']);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(schema)).toBe(true);
    expect(Object.isFrozen(schema.fields)).toBe(true);
    expect(Object.isFrozen(schema.fields.name)).toBe(true);
    expect(Object.isFrozen(schema.profile.extensions)).toBe(true);
  });

  it('finds only declared fields, never inherited properties', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(findField(schema, name)).toBeUndefined();
    }
    const odd = defineSchema(
      JSON.parse('{"table":"t","fields":{"__proto__":{"type":"string"},"constructor":{"type":"string"}}}'),
    );
    expect(findField(odd, '__proto__')?.name).toBe('__proto__');
    expect(findField(odd, 'constructor')?.name).toBe('constructor');
    expect(parseFilter("constructor eq 'x' and __proto__ eq 'y'", { schema: odd }).kind).toBe('and');
  });
});

describe('the Partner Center license usage preset', () => {
  const schema = partnerCenter.licenseUsage;

  it('has the documented fields, measures and table', () => {
    expect(schema.table).toBe('license_usage');
    const filterable = Object.values(schema.fields)
      .filter((field) => field.isFilterable)
      .map((field) => field.name);
    const groupable = Object.values(schema.fields)
      .filter((field) => field.isGroupable)
      .map((field) => field.name);
    const documented = [
      'workloadCode',
      'workloadName',
      'serviceCode',
      'serviceName',
      'channel',
      'customerTenantId',
      'customerName',
      'productId',
      'productName',
    ];
    expect(filterable).toEqual(documented);
    expect(groupable).toEqual(documented);
    expect(
      Object.values(schema.fields)
        .filter((field) => field.isMeasure)
        .map((field) => field.name),
    ).toEqual(['licensesActive', 'licensesQualified']);
    expect(schema.fields.processedDateTime).toMatchObject({
      type: 'datetime',
      isFilterable: false,
      isGroupable: false,
    });
  });

  it('compares every text field ignoring case, and names each column as its field', () => {
    for (const field of Object.values(schema.fields)) {
      expect(field.column).toBe(field.name);
      if (field.type === 'string' || field.type === 'guid') expect(field.caseInsensitive, field.name).toBe(true);
    }
    expect(schema.fields.customerTenantId.type).toBe('guid');
  });

  it('allows no extension', () => {
    expect(schema.profile.extensions).toEqual([]);
  });
});

describe('a bad definition is INVALID_SCHEMA', () => {
  const field = (definition: unknown) => () =>
    defineSchema({ table: 't', fields: { a: definition } } as unknown as Parameters<typeof defineSchema>[0]);

  it.each<[string, () => unknown, string]>([
    ['no definition', () => defineSchema(undefined as never), 'defineSchema takes an object'],
    ['no table', () => defineSchema({ fields: { a: { type: 'string' } } } as never), '`table`'],
    ['an empty table', () => defineSchema({ table: '', fields: { a: { type: 'string' } } }), '`table`'],
    ['no fields', () => defineSchema({ table: 't', fields: {} }), 'at least one field'],
    ['fields as an array', () => defineSchema({ table: 't', fields: [] as never }), '`fields`'],
    [
      'an unknown top-level key',
      () => defineSchema({ table: 't', fields: { a: { type: 'string' } }, field: 1 } as never),
      "'field'",
    ],
    ['a bad field name', () => defineSchema({ table: 't', fields: { 'a-b': { type: 'string' } } }), "Field 'a-b'"],
    [
      'a field named like a keyword',
      () => defineSchema({ table: 't', fields: { or: { type: 'string' } } }),
      'word of the filter',
    ],
    [
      'a field starting with a digit',
      () => defineSchema({ table: 't', fields: { '1a': { type: 'string' } } }),
      "Field '1a'",
    ],
    ['an unknown type', field({ type: 'text' }), "got 'text'"],
    ['no type', field({}), 'type must be'],
    ['a definition that is not an object', field('string'), 'must be an object'],
    ['a misspelt flag', field({ type: 'string', filterabel: false }), "'filterabel'"],
    ['a flag that is not a boolean', field({ type: 'string', groupable: 'no' }), '`groupable`'],
    ['an empty column', field({ type: 'string', column: '' }), '`column`'],
    ['a column with NUL', field({ type: 'string', column: 'a\u0000b' }), '`column`'],
    [
      'an aggregate other than sum or count',
      field({ type: 'number', aggregate: 'avg' }),
      'an aggregate is sum or count',
    ],
    ['a summed string', field({ type: 'string', aggregate: 'sum' }), 'a measure is a number field'],
    ['a filterable measure', field({ type: 'number', aggregate: 'sum', filterable: true }), 'neither filtered'],
    ['caseInsensitive on a number', field({ type: 'number', caseInsensitive: true }), 'string fields only'],
    ['a case-sensitive GUID', field({ type: 'guid', caseInsensitive: false }), 'GUIDs always compare'],
    [
      'two fields on one column',
      () => defineSchema({ table: 't', fields: { a: { type: 'string' }, b: { type: 'string', column: 'a' } } }),
      "both map to column 'a'",
    ],
    [
      'an unknown extension',
      () => defineSchema({ table: 't', fields: { a: { type: 'string' } }, profile: { extensions: ['like' as never] } }),
      "'like'",
    ],
    [
      'extensions not in an array',
      () => defineSchema({ table: 't', fields: { a: { type: 'string' } }, profile: { extensions: 'in' as never } }),
      'must be an array',
    ],
    [
      'a limit of zero',
      () => defineSchema({ table: 't', fields: { a: { type: 'string' } }, limits: { maxTerms: 0 } }),
      'maxTerms',
    ],
    [
      'a depth past the ceiling',
      () => defineSchema({ table: 't', fields: { a: { type: 'string' } }, limits: { maxDepth: 5000 } }),
      'at most 1000',
    ],
  ])('%s', (_, define, fragment) => {
    let error: unknown;
    try {
      define();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FilterError);
    expect((error as FilterError).code).toBe('INVALID_SCHEMA');
    expect((error as FilterError).message).toContain(fragment);
  });

  it('is what parseFilter throws for something that is not a schema', () => {
    const lookalike = { ...partnerCenter.licenseUsage };
    for (const schema of [undefined, null, {}, lookalike, 'licenseUsage']) {
      expect(() => parseFilter("channel eq 'x'", { schema } as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_SCHEMA' }),
      );
    }
    expect(() => parseFilter("channel eq 'x'", undefined as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_SCHEMA' }),
    );
  });
});

describe('a lookup that validation guarantees', () => {
  it('is a library bug when it fails: a plain Error, never a user-facing FilterError such as UNKNOWN_FIELD', () => {
    const schema = defineSchema({ table: 't', fields: { name: { type: 'string' } } });
    expect(validatedField(schema, 'name').name).toBe('name');
    let thrown: unknown;
    try {
      validatedField(schema, 'nope');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(FilterError);
    expect((thrown as Error).message).toMatch(/passed validation but is not in the schema/);
  });
});
