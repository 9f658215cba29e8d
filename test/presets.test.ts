// The seven Partner Center presets: every example string of their docs (ENDPOINTS.md) read by parseQuery under
// its preset, the docs' slips refused with the right code, and each preset's fields, operators, case rules,
// measures, profile, table and path as the lead's choices fix them.

import { describe, expect, it, test } from 'vitest';
import {
  type Field,
  type PartnerCenterEndpoint,
  parseQuery,
  partnerCenter,
  partnerCenterPaths,
  runQuery,
  type Schema,
} from '../src/index.js';
import { fieldsOf } from '../src/values.js';
import { examples } from './docs-examples.js';
import { errorOf } from './expect-error.js';

const endpointNames = Object.keys(partnerCenter) as PartnerCenterEndpoint[];

/** The request as a client sends it: the endpoint's path, then the example's query. */
function requestOf(endpoint: PartnerCenterEndpoint, example: string): string {
  return `${partnerCenterPaths[endpoint]}?${example.replace(/^\?/, '')}`;
}

describe("every example of the docs, read by parseQuery under its endpoint's preset", () => {
  it('lists every endpoint', () => {
    expect(Object.keys(examples).sort()).toEqual([...endpointNames].sort());
  });

  const accepted = endpointNames.flatMap((endpoint) =>
    examples[endpoint].accepted.map((example) => [endpoint, example] as const),
  );
  test.each(accepted)('%s: %s', (endpoint, example) => {
    const schema = partnerCenter[endpoint];
    const query = parseQuery(requestOf(endpoint, example), { schema });
    const parameters = new URLSearchParams(example.replace(/^\?/, ''));
    expect(query.filter !== undefined).toBe(parameters.has('filter'));
    const groupBy = parameters.get('groupby') ?? parameters.get('groupBy');
    if (groupBy !== null) expect(query.groupBy).toEqual(groupBy.split(','));
    const orderBy = parameters.get('orderby');
    if (orderBy !== null) {
      expect(query.orderBy).toEqual(orderBy.split(',').map((field) => ({ field, direction: 'asc' })));
    }
    expect(query.top).toBe(Number(parameters.get('top') ?? 10_000));
    expect(query.skip).toBe(Number(parameters.get('skip') ?? 0));
  });

  const refused = endpointNames.flatMap((endpoint) =>
    examples[endpoint].refused.map((example) => [endpoint, example.request, example] as const),
  );
  test.each(refused)('%s refuses %s', (endpoint, _request, example) => {
    const error = errorOf(() => parseQuery(requestOf(endpoint, example.request), { schema: partnerCenter[endpoint] }));
    expect({ code: error.code, reason: example.reason }).toEqual({ code: example.code, reason: example.reason });
    if (example.suggestion !== undefined) expect(error.suggestion).toBe(example.suggestion);
  });
});

// ---- the presets themselves ----

function field(schema: Schema, name: string): Field {
  const found = fieldsOf(schema).find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no field ${name}`);
  return found;
}

const names = (schema: Schema, keep: (field: Field) => boolean) =>
  fieldsOf(schema)
    .filter(keep)
    .map((each) => each.name);

describe('the presets', () => {
  test.each([
    ['licenseUsage', 'license_usage', '/v1/analytics/commercial/usage/license'],
    ['licenseDeployment', 'license_deployment', '/v1/analytics/commercial/deployment/license'],
    ['subscriptions', 'subscriptions', '/partner/v1/analytics/subscriptions'],
    ['azureUsage', 'azure_usage', '/partner/v1/analytics/usage/azure'],
    ['indirectResellers', 'indirect_resellers', '/partner/v1/analytics/indirectresellers'],
    ['search', 'search', '/partner/v1/analytics/search'],
    ['referrals', 'referrals', '/partner/v1/analytics/referrals'],
  ] as const)('%s: table %s, served at %s (the path of its next links)', (endpoint, table, path) => {
    const schema = partnerCenter[endpoint];
    expect(schema.table).toBe(table);
    expect(partnerCenterPaths[endpoint]).toBe(path);
    // The license endpoints read the latest snapshot; the others have no processedDateTime and ignore it.
    const rows = [{ processedDateTime: '2024-01-31' }, { processedDateTime: '2024-01-31' }];
    const { nextLink } = runQuery(rows, { top: 1 }, { schema });
    expect(nextLink).toBe(`${path}?top=1&skip=1`);
  });

  it('every text field folds case but subscriptionType, the one field the docs mark case-sensitive', () => {
    const caseSensitive = endpointNames.flatMap((endpoint) =>
      fieldsOf(partnerCenter[endpoint])
        .filter((each) => each.type === 'string' && !each.caseInsensitive)
        .map((each) => `${endpoint}.${each.name}`),
    );
    expect(caseSensitive).toEqual(['subscriptions.subscriptionType']);
  });

  it('licenseUsage and licenseDeployment keep the strict language: no extension, eq and ne on every field', () => {
    for (const schema of [partnerCenter.licenseUsage, partnerCenter.licenseDeployment]) {
      expect(schema.profile).toEqual({ extensions: [], dateTimeLiteral: 'quoted', parameterAliases: {} });
      for (const each of fieldsOf(schema).filter((candidate) => candidate.isFilterable)) {
        expect(each.operators, each.name).toEqual(['eq', 'ne']);
      }
    }
    const deployment = partnerCenter.licenseDeployment;
    expect(names(deployment, (each) => each.isFilterable)).toEqual([
      'serviceCode',
      'serviceName',
      'channel',
      'customerTenantId',
      'customerName',
      'productId',
      'productName',
    ]);
    expect(names(deployment, (each) => each.isGroupable)).toEqual(names(deployment, (each) => each.isFilterable));
    expect(names(deployment, (each) => each.isMeasure)).toEqual(['licensesDeployed', 'licensesSold']);
    expect(field(deployment, 'customerTenantId').type).toBe('guid');
    expect(field(deployment, 'processedDateTime')).toMatchObject({ type: 'datetime', isFilterable: false });
  });

  it("subscriptions: the filter page's operator table, counts, booleans and the groupBy spelling", () => {
    const schema = partnerCenter.subscriptions;
    const dates = [
      'creationDate',
      'effectiveStartDate',
      'commitmentEndDate',
      'currentStateEndDate',
      'trialToPaidConversionDate',
      'trialStartDate',
      'lastUsageDate',
      'deprovisionedDate',
      'lastRenewalDate',
    ];
    const operators = Object.fromEntries(
      fieldsOf(schema)
        .filter((each) => each.isFilterable)
        .map((each) => [each.name, each.operators.join(' ')]),
    );
    expect(operators).toEqual({
      customerTenantId: 'eq ne',
      customerName: 'contains',
      customerMarket: 'eq ne',
      id: 'eq ne',
      status: 'eq ne',
      productName: 'contains eq ne',
      subscriptionType: 'eq ne',
      autoRenewEnabled: 'eq ne',
      partnerId: 'eq ne',
      friendlyName: 'contains',
      partnerName: 'eq ne',
      providerName: 'eq ne',
      ...Object.fromEntries(dates.map((name) => [name, 'eq ne gt ge lt le'])),
    });
    expect(names(schema, (each) => each.isGroupable)).toEqual(Object.keys(operators));
    expect(names(schema, (each) => each.type === 'datetime' && each.isFilterable).sort()).toEqual([...dates].sort());
    expect(field(schema, 'trialEndDate')).toMatchObject({ isFilterable: false, isGroupable: false });
    expect(field(schema, 'autoRenewEnabled').type).toBe('boolean');
    expect(field(schema, 'partnerId').type).toBe('string');
    expect(field(schema, 'id').type).toBe('guid');
    expect(field(schema, 'licenseCount').aggregate).toBe('sum');
    expect(field(schema, 'subscriptionCount').aggregate).toBe('count');
    expect(schema.profile).toEqual({
      extensions: ['boolean', 'cast', 'aggregationLevel'],
      aggregationLevel: 'dateRange',
      dateTimeLiteral: 'cast',
      parameterAliases: { groupBy: 'groupby' },
    });
  });

  it("azureUsage: the live page's nine fields to filter, group and order by; quantity summed", () => {
    const schema = partnerCenter.azureUsage;
    const nine = [
      'customerTenantId',
      'customerName',
      'subscriptionId',
      'subscriptionName',
      'usageDate',
      'resourceLocation',
      'meterCategory',
      'meterSubcategory',
      'meterUnit',
    ];
    expect(names(schema, (each) => each.isFilterable)).toEqual(nine);
    expect(names(schema, (each) => each.isGroupable)).toEqual(nine);
    expect(names(schema, (each) => each.isOrderable)).toEqual(nine);
    expect(names(schema, () => true)).toEqual([
      ...nine,
      'reservationOrderId',
      'reservationId',
      'serviceType',
      'quantity',
    ]);
    expect(names(schema, (each) => each.type === 'guid')).toEqual(['customerTenantId', 'subscriptionId']);
    expect(field(schema, 'usageDate').operators).toEqual(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
    expect(field(schema, 'meterCategory').operators).toEqual(['eq', 'ne']);
    expect(field(schema, 'quantity').aggregate).toBe('sum');
    expect(schema.profile).toEqual({
      extensions: ['cast', 'orderby', 'aggregationLevel'],
      aggregationLevel: 'day',
      dateTimeLiteral: 'cast',
      parameterAliases: {},
    });
  });

  it('indirectResellers: name, eight ordered dates, three counts of which two are orderable', () => {
    const schema = partnerCenter.indirectResellers;
    const dates = names(schema, (each) => each.type === 'datetime');
    expect(dates).toHaveLength(8);
    for (const name of dates) expect(field(schema, name).operators).toEqual(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
    expect(names(schema, (each) => each.isFilterable)).toEqual(['partnerTenantId', 'id', 'name', 'market', ...dates]);
    expect(names(schema, (each) => each.isMeasure)).toEqual([
      'subscriptionCount',
      'licenseCount',
      'indirectResellerCount',
    ]);
    expect(names(schema, (each) => each.isMeasure && each.aggregate === 'sum')).toHaveLength(3);
    expect(names(schema, (each) => each.isOrderable)).toEqual([
      'partnerTenantId',
      'id',
      'name',
      'market',
      ...dates,
      'subscriptionCount',
      'licenseCount',
    ]);
    expect(field(schema, 'partnerTenantId').type).toBe('guid');
    expect(field(schema, 'id').type).toBe('string');
    expect(schema.profile).toMatchObject({ aggregationLevel: 'day', dateTimeLiteral: 'cast' });
  });

  it("search and referrals: their resource tables' fields with eq and ne, aggregationLevel without a default", () => {
    const { search, referrals } = partnerCenter;
    for (const schema of [search, referrals]) {
      for (const each of fieldsOf(schema).filter((candidate) => candidate.isFilterable)) {
        expect(each.operators, each.name).toEqual(['eq', 'ne']);
      }
      expect(schema.profile.aggregationLevel).toBeUndefined();
      expect(schema.profile.extensions).toContain('aggregationLevel');
      expect(schema.profile.extensions).not.toContain('cast');
      expect(schema.profile.extensions).not.toContain('orderby');
    }
    expect(names(search, (each) => each.type === 'boolean')).toEqual([
      'contactButtonClicked',
      'detailsViewed',
      'referralSubmitted',
    ]);
    expect(search.profile.extensions).toContain('boolean');
    expect(names(search, (each) => each.isMeasure)).toEqual([
      'searchResultPageViews',
      'contactClicks',
      'referralCount',
      'profileViews',
    ]);
    expect(names(referrals, (each) => each.isMeasure)).toEqual([]);
    expect(names(referrals, (each) => each.type === 'datetime')).toHaveLength(10);
  });

  it('eq/ne filters of every preset run in memory, ignoring case where the field folds it', () => {
    const row = { meterCategory: 'data management', usageDate: '2018-01-01T00:00:00Z', quantity: 2 };
    const query = parseQuery("filter=meterCategory eq 'Data Management'", { schema: partnerCenter.azureUsage });
    expect(runQuery([row], query, { schema: partnerCenter.azureUsage }).value).toEqual([row]);
    const typed = { subscriptionType: 'office', autoRenewEnabled: true };
    const schema = partnerCenter.subscriptions;
    const office = parseQuery("filter=subscriptionType eq 'Office'", { schema });
    expect(runQuery([typed], office, { schema }).value).toEqual([]);
    const renewing = parseQuery('filter=autoRenewEnabled eq true', { schema });
    expect(runQuery([typed], renewing, { schema }).value).toEqual([typed]);
  });
});
