// The built-in schema of Partner Center's license usage endpoint (GET /v1/analytics/commercial/usage/license).

import { servedAt } from '../engine.js';
import { defineSchema } from '../schema.js';

/** Where Partner Center serves license usage: runQuery's nextLink for `licenseUsage` unless `baseUrl` names another. */
export const licenseUsagePath = '/v1/analytics/commercial/usage/license';

// Partner Center matches `channel eq 'Reseller'` against rows whose channel is `reseller`,
// so every text field compares ignoring case; customerTenantId is a GUID, which always does.
const licenseUsage = /* @__PURE__ */ servedAt(
  defineSchema({
    table: 'license_usage',
    fields: {
      workloadCode: { type: 'string', caseInsensitive: true },
      workloadName: { type: 'string', caseInsensitive: true },
      serviceCode: { type: 'string', caseInsensitive: true },
      serviceName: { type: 'string', caseInsensitive: true },
      channel: { type: 'string', caseInsensitive: true },
      customerTenantId: { type: 'guid' },
      customerName: { type: 'string', caseInsensitive: true },
      productId: { type: 'string', caseInsensitive: true },
      productName: { type: 'string', caseInsensitive: true },
      licensesActive: { type: 'number', aggregate: 'sum' },
      licensesQualified: { type: 'number', aggregate: 'sum' },
      processedDateTime: { type: 'datetime', filterable: false, groupable: false },
    },
    profile: { extensions: [] },
  }),
  licenseUsagePath,
);

/** Schemas of Partner Center analytics endpoints. */
export const partnerCenter = Object.freeze({
  /** `GET /v1/analytics/commercial/usage/license`: filter and groupby over license usage rows. */
  licenseUsage,
});
