// The built-in schemas of Partner Center's seven analytics endpoints that take query parameters, each
// registered with the path it is served at (ENDPOINTS.md; where the docs disagree, the live page wins).

import type { Operator } from '../ast.js';
import { servedAt } from '../engine.js';
import { defineSchema } from '../schema.js';

/** Where Partner Center serves license usage: runQuery's nextLink for `licenseUsage` unless `baseUrl` names another. */
export const licenseUsagePath = '/v1/analytics/commercial/usage/license';

// Each path is a constant of its own: a preset reads its path from one, never from partnerCenterPaths, since a
// bundler keeps a top-level property read (it may run a getter) and with it all seven presets in every bundle.
const licenseDeploymentPath = '/v1/analytics/commercial/deployment/license';
const subscriptionsPath = '/partner/v1/analytics/subscriptions';
const azureUsagePath = '/partner/v1/analytics/usage/azure';
const indirectResellersPath = '/partner/v1/analytics/indirectresellers';
const searchPath = '/partner/v1/analytics/search';
const referralsPath = '/partner/v1/analytics/referrals';

/**
 * The path each preset's endpoint is documented at (runQuery's nextLink starts with it). The two license
 * endpoints are also called under `/partner` (the docs' own request examples do); the reference server answers both.
 */
export const partnerCenterPaths = /* @__PURE__ */ Object.freeze({
  licenseUsage: licenseUsagePath,
  licenseDeployment: licenseDeploymentPath,
  subscriptions: subscriptionsPath,
  azureUsage: azureUsagePath,
  indirectResellers: indirectResellersPath,
  search: searchPath,
  referrals: referralsPath,
} as const);

// Operator lists as the pages give them. The three pages that document dates let them be ordered; every other
// field takes eq and ne, the one pair every page names.
const equality = ['eq', 'ne'] as const satisfies readonly Operator[];
const ordering = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const satisfies readonly Operator[];

// Text compares ignoring case (ASCII folding) everywhere: the license pages match `channel eq 'Reseller'` against
// rows holding `reseller`, and no page but subscriptions' marks a field case-sensitive. (Fields are written out, never
// spread from these: a bundler keeps an object spread at the top of a module, and the presets with it.)
const text = { type: 'string', caseInsensitive: true, operators: equality } as const;
const orderedDate = { type: 'datetime', operators: ordering } as const;
const date = { type: 'datetime', operators: equality } as const;
const flag = { type: 'boolean', operators: equality } as const;
const tenant = { type: 'guid', operators: equality } as const;
/** A field of the response rows that the page offers neither to filter, group nor order by. */
const rowOnlyText = {
  type: 'string',
  caseInsensitive: true,
  filterable: false,
  groupable: false,
  orderable: false,
} as const;
const sum = { type: 'number', aggregate: 'sum' } as const;

// The license pages: `eq`/`ne` on text and GUIDs, nothing more (no extension), and a snapshot parameter.
const licenseText = { type: 'string', caseInsensitive: true } as const;
const snapshot = { type: 'datetime', filterable: false, groupable: false } as const;

const licenseUsage = /* @__PURE__ */ servedAt(
  /* @__PURE__ */ defineSchema({
    table: 'license_usage',
    fields: {
      workloadCode: licenseText,
      workloadName: licenseText,
      serviceCode: licenseText,
      serviceName: licenseText,
      channel: licenseText,
      customerTenantId: { type: 'guid' },
      customerName: licenseText,
      productId: licenseText,
      productName: licenseText,
      licensesActive: sum,
      licensesQualified: sum,
      processedDateTime: snapshot,
    },
    profile: { extensions: [] },
  }),
  licenseUsagePath,
);

const licenseDeployment = /* @__PURE__ */ servedAt(
  /* @__PURE__ */ defineSchema({
    table: 'license_deployment',
    fields: {
      serviceCode: licenseText,
      serviceName: licenseText,
      channel: licenseText,
      customerTenantId: { type: 'guid' },
      customerName: licenseText,
      productId: licenseText,
      productName: licenseText,
      licensesDeployed: sum,
      licensesSold: sum,
      processedDateTime: snapshot,
    },
    profile: { extensions: [] },
  }),
  licenseDeploymentPath,
);

// The filter page's operator table, field by field; its groupby list is the same fields. `trialEndDate` is in the
// resource table only, `creationDate` in the filter and groupby lists only: both are kept.
const subscriptions = /* @__PURE__ */ servedAt(
  /* @__PURE__ */ defineSchema({
    table: 'subscriptions',
    fields: {
      customerTenantId: tenant,
      customerName: { type: 'string', caseInsensitive: true, operators: ['contains'] },
      customerMarket: text,
      id: tenant,
      status: text,
      productName: { type: 'string', caseInsensitive: true, operators: ['contains', 'eq', 'ne'] },
      // The one field any page marks case-sensitive: Office, Azure, Microsoft365, Dynamics, EMS.
      subscriptionType: { type: 'string', operators: equality },
      autoRenewEnabled: flag,
      // "MPN ID": a GUID in the examples, but not documented as one, so compared as text.
      partnerId: text,
      friendlyName: { type: 'string', caseInsensitive: true, operators: ['contains'] },
      // Their operator column reads "string": the eq and ne every page allows.
      partnerName: text,
      providerName: text,
      creationDate: orderedDate,
      effectiveStartDate: orderedDate,
      commitmentEndDate: orderedDate,
      currentStateEndDate: orderedDate,
      trialToPaidConversionDate: orderedDate,
      trialStartDate: orderedDate,
      trialEndDate: { type: 'datetime', filterable: false, groupable: false, orderable: false },
      lastUsageDate: orderedDate,
      deprovisionedDate: orderedDate,
      lastRenewalDate: orderedDate,
      licenseCount: sum,
      subscriptionCount: { type: 'number', aggregate: 'count' },
    },
    profile: {
      extensions: ['boolean', 'cast', 'aggregationLevel'],
      aggregationLevel: 'dateRange',
      dateTimeLiteral: 'cast',
      parameterAliases: { groupBy: 'groupby' },
    },
  }),
  subscriptionsPath,
);

// The live page's nine fields (the 2019–2020 copies listed thirteen); its text says eq/ne, its example orders
// usageDate with `le` and `cast(…)`. The reservation fields and serviceType come back in rows only;
// consumptionMeterId, never in the resource table, is left out.
const azureUsage = /* @__PURE__ */ servedAt(
  /* @__PURE__ */ defineSchema({
    table: 'azure_usage',
    fields: {
      customerTenantId: tenant,
      customerName: text,
      subscriptionId: tenant,
      subscriptionName: text,
      usageDate: orderedDate,
      resourceLocation: text,
      meterCategory: text,
      meterSubcategory: text,
      meterUnit: text,
      reservationOrderId: rowOnlyText,
      reservationId: rowOnlyText,
      serviceType: rowOnlyText,
      quantity: sum,
    },
    profile: { extensions: ['cast', 'orderby', 'aggregationLevel'], aggregationLevel: 'day', dateTimeLiteral: 'cast' },
  }),
  azureUsagePath,
);

// The page spells the name field `Name` in its filter and groupby lists and `name` in orderby, the resource and the
// example: `name` it is, and `Name` gets UNKNOWN_FIELD's "did you mean 'name'?". Rows carry the counts.
const indirectResellers = /* @__PURE__ */ servedAt(
  /* @__PURE__ */ defineSchema({
    table: 'indirect_resellers',
    fields: {
      partnerTenantId: tenant,
      id: text,
      name: text,
      market: text,
      firstSubscriptionCreationDate: orderedDate,
      latestSubscriptionCreationDate: orderedDate,
      firstSubscriptionEndDate: orderedDate,
      latestSubscriptionEndDate: orderedDate,
      firstSubscriptionSuspendedDate: orderedDate,
      latestSubscriptionSuspendedDate: orderedDate,
      firstSubscriptionDeprovisionedDate: orderedDate,
      latestSubscriptionDeprovisionedDate: orderedDate,
      // The orderby list names these two, not indirectResellerCount.
      subscriptionCount: { type: 'number', aggregate: 'sum', orderable: true },
      licenseCount: { type: 'number', aggregate: 'sum', orderable: true },
      indirectResellerCount: sum,
    },
    profile: { extensions: ['cast', 'orderby', 'aggregationLevel'], aggregationLevel: 'day', dateTimeLiteral: 'cast' },
  }),
  indirectResellersPath,
);

// Search and referrals name no filter or groupby field: their resource tables' fields, with the eq the examples
// show (and ne), and aggregationLevel without a documented default.
const search = /* @__PURE__ */ servedAt(
  /* @__PURE__ */ defineSchema({
    table: 'search',
    fields: {
      companyName: text,
      contactButtonClicked: flag,
      keywordCountry: text,
      detailsViewed: flag,
      keywordIndustryFocus: text,
      mpnId: text,
      partnerMarket: text,
      keywordProduct: text,
      referralSubmitted: flag,
      searchDate: date,
      keywordSearchText: text,
      searchResultPageViews: sum,
      contactClicks: sum,
      referralCount: sum,
      profileViews: sum,
    },
    profile: { extensions: ['boolean', 'aggregationLevel'] },
  }),
  searchPath,
);

const referrals = /* @__PURE__ */ servedAt(
  /* @__PURE__ */ defineSchema({
    table: 'referrals',
    fields: {
      id: text,
      status: text,
      customerMarket: text,
      customerName: text,
      customerOrgSize: text,
      partnerMarket: text,
      acceptedDate: date,
      acknowledgedDate: date,
      archivedDate: date,
      declinedDate: date,
      expiredDate: date,
      lostDate: date,
      missedDate: date,
      createdDate: date,
      skippedDate: date,
      wonDate: date,
    },
    profile: { extensions: ['aggregationLevel'] },
  }),
  referralsPath,
);

/** Schemas of Partner Center analytics endpoints, one per endpoint (`partnerCenterPaths` gives each one's path). */
export const partnerCenter = /* @__PURE__ */ Object.freeze({
  /** `GET /v1/analytics/commercial/usage/license`: license usage per workload; eq/ne only. */
  licenseUsage,
  /** `GET /v1/analytics/commercial/deployment/license`: licenses deployed and sold; eq/ne only. */
  licenseDeployment,
  /** `GET /partner/v1/analytics/subscriptions`: per-field operators, contains, dates ordered, counts. */
  subscriptions,
  /** `GET /partner/v1/analytics/usage/azure`: Azure usage; orderby, aggregationLevel (default day). */
  azureUsage,
  /** `GET /partner/v1/analytics/indirectresellers`: orderby (measures too), aggregationLevel (default day). */
  indirectResellers,
  /** `GET /partner/v1/analytics/search`: the resource's fields with eq/ne. */
  search,
  /** `GET /partner/v1/analytics/referrals`: the resource's fields with eq/ne; no measures. */
  referrals,
});

/** The name of a preset: `licenseUsage`, `azureUsage`, … */
export type PartnerCenterEndpoint = keyof typeof partnerCenter;
