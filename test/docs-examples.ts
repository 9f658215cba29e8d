// Every example string of Partner Center's analytics docs (ENDPOINTS.md), endpoint by endpoint: those its preset
// accepts, and the docs' templates and slips it refuses, each with the code and the reason. test/presets.test.ts
// parses them; test/server/language.test.ts asks the server for each, from memory and PostgreSQL.

import type { FilterErrorCode, PartnerCenterEndpoint } from '../src/index.js';

export interface Refused {
  readonly request: string;
  readonly code: FilterErrorCode;
  /** Why the docs' text cannot parse: a placeholder, a slip. */
  readonly reason: string;
  readonly suggestion?: string;
}

export interface Examples {
  /** Requests as the docs write them, after the endpoint's path. */
  readonly accepted: readonly string[];
  readonly refused: readonly Refused[];
}

const docsTenant = '0112A436-B14E-4888-967B-CA4BB2CF1234';

/** Every example string of ENDPOINTS.md, endpoint by endpoint, verbatim but for the `...` before the query. */
export const examples: Readonly<Record<PartnerCenterEndpoint, Examples>> = {
  azureUsage: {
    accepted: [
      "filter=meterCategory eq 'Data Management'",
      "filter=meterCategory eq 'Data Management' or (usageDate le cast('2018-01-01', Edm.DateTimeOffset) and usageDate le cast('2018-04-01', Edm.DateTimeOffset))",
      'orderby=meterCategory,meterUnit',
      'groupby=meterCategory,meterUnit',
    ],
    refused: [],
  },
  indirectResellers: {
    accepted: [
      "filter=market eq 'US'",
      "filter=market eq 'US' or (firstSubscriptionCreationDate le cast('2018-01-01',Edm.DateTimeOffset) and firstSubscriptionCreationDate le cast('2018-04-01',Edm.DateTimeOffset))",
      'orderby=market,subscriptionCount',
    ],
    refused: [
      {
        request: 'groupby=ageGroup,market&aggregationLevel=week',
        code: 'UNKNOWN_FIELD',
        reason: 'ageGroup is no field of this endpoint (a slip copied from another page)',
      },
      {
        request: "filter=Name eq 'Contoso'",
        code: 'UNKNOWN_FIELD',
        reason: "the filter list's `Name`; the resource, orderby list and example say `name`",
        suggestion: 'name',
      },
    ],
  },
  subscriptions: {
    accepted: [
      'filter=autoRenewEnabled eq true',
      "filter=autoRenewEnabled eq true and customerMarket eq 'US'",
      '?filter=autoRenewEnabled eq true',
      '?groupBy=subscriptionType',
      // The page's templates `contains(field,'value')` and `groupby=termField1,dateField1,…` with its fields.
      "filter=contains(customerName,'contoso')",
      "filter=creationDate ge cast('2018-01-01', Edm.DateTimeOffset)",
      'groupby=subscriptionType,creationDate&aggregationLevel=month',
    ],
    refused: [
      {
        request: "?filter=Field operator 'Value'",
        code: 'SYNTAX',
        reason: 'a template: `operator` stands for one, and no operator is a word `operator`',
      },
      { request: '?filter=Field operator Value', code: 'SYNTAX', reason: 'a template, and the value is unquoted' },
      {
        request: "?filter=contains(field,'value')",
        code: 'UNKNOWN_FIELD',
        reason: 'a template: `field` stands for a field name',
      },
      {
        request: '?groupby=termField1,dateField1,termField2',
        code: 'UNKNOWN_FIELD',
        reason: 'a template: termField1 and dateField1 stand for field names',
      },
    ],
  },
  search: {
    // The templates `groupby=termField1,dateField1,termField2&aggregationLevel=day` with the resource's fields.
    accepted: ['top=100', 'top=100&skip=100', 'groupby=keywordCountry,searchDate,partnerMarket&aggregationLevel=day'],
    refused: [
      { request: "filter=field eq 'value'", code: 'UNKNOWN_FIELD', reason: 'a template: `field` stands for a field' },
      {
        request: 'groupby=termField1,dateField1,termField2',
        code: 'UNKNOWN_FIELD',
        reason: 'a template: termField1 and dateField1 stand for field names',
      },
      {
        request: 'groupby=termField1,dateField1,termField2&aggregationLevel=day',
        code: 'UNKNOWN_FIELD',
        reason: 'the same template, with an aggregationLevel the endpoint takes',
      },
    ],
  },
  referrals: {
    accepted: ['top=100', 'top=100&skip=100', 'groupby=status,createdDate,customerMarket&aggregationLevel=day'],
    refused: [
      { request: "filter=field eq 'value'", code: 'UNKNOWN_FIELD', reason: 'a template: `field` stands for a field' },
      {
        request: 'groupby=termField1,dateField1,termField2',
        code: 'UNKNOWN_FIELD',
        reason: 'a template: termField1 and dateField1 stand for field names',
      },
      {
        request: 'groupby=termField1,dateField1,termField2&aggregationLevel=day',
        code: 'UNKNOWN_FIELD',
        reason: 'the same template, with an aggregationLevel the endpoint takes',
      },
    ],
  },
  licenseDeployment: {
    accepted: [
      "filter=serviceCode eq 'O365'",
      "filter=serviceCode eq 'O365' or (channel eq 'Reseller')",
      `?filter=customerTenantId%20eq%20%27${docsTenant}%27`,
    ],
    refused: [],
  },
  licenseUsage: {
    accepted: [
      "filter=workloadCode eq 'SFB'",
      "filter=workloadCode eq 'SFB' or (channel eq 'Reseller')",
      `?filter=customerTenantId%20eq%20%27${docsTenant}%27`,
    ],
    refused: [
      {
        request: 'groupby=channelcustomerTenantId',
        code: 'UNKNOWN_FIELD',
        reason: "the groupby list's `channelcustomerTenantId` fuses channel and customerTenantId",
        suggestion: 'customerTenantId',
      },
    ],
  },
};
