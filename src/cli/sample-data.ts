// Generated sample rows of every Partner Center endpoint, each of its preset's shape: the data `filterby serve`,
// `filterby demo` and `filterby sample` show when the user has none of their own. Seeded, so every run shows the
// same rows.

import type { PartnerCenterEndpoint } from '../index.js';

/** The rows' shape: the fields of partnerCenter.licenseUsage. */
export interface LicenseUsageRow {
  workloadCode: string;
  workloadName: string;
  serviceCode: string;
  serviceName: string;
  channel: string;
  customerTenantId: string;
  customerName: string;
  productId: string;
  productName: string;
  licensesActive: number;
  licensesQualified: number;
  processedDateTime: string;
}

const workloads = [
  ['SFB', 'Skype for Business', 'O365', 'Office 365'],
  ['EXO', 'Exchange Online', 'O365', 'Office 365'],
  ['SPO', 'SharePoint Online', 'O365', 'Office 365'],
  ['ODB', 'OneDrive for Business', 'O365', 'Office 365'],
  ['TEAMS', 'Microsoft Teams', 'O365', 'Office 365'],
  ['YAM', 'Yammer', 'O365', 'Office 365'],
  ['PBI', 'Power BI', 'D365', 'Dynamics 365'],
  ['CRM', 'Dynamics 365 Sales', 'D365', 'Dynamics 365'],
  ['INTUNE', 'Microsoft Intune', 'EMS', 'Enterprise Mobility + Security'],
  ['AADP', 'Azure AD Premium', 'EMS', 'Enterprise Mobility + Security'],
] as const;

// Partner Center spells channels in either case; the schema compares them ignoring case.
const channels = ['Reseller', 'reseller', 'Direct', 'Advisor'] as const;
const snapshots = ['2024-01-30T00:00:00Z', '2024-01-31T00:00:00Z'] as const;
const nameParts = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', "O'Brien", 'Wingtip', 'Litware', 'Adatum'];

/** mulberry32: a small, fast, seedable generator; good enough for sample data, never for secrets. */
function randomOf(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` rows per snapshot spread over `tenants` customers. The first tenant is the one Partner Center's
 * docs use in their example, `0112A436-B14E-4888-967B-CA4BB2CF1234`.
 */
export function sampleLicenseUsage(count = 200, tenants = 20, seed = 2024): LicenseUsageRow[] {
  return [...sampleRows(count * 2, tenants, seed)];
}

/**
 * `count` rows in all, made as they are read (so that any number can be written in little memory): the
 * earlier snapshot's half, then the latest's, which takes the odd row. `sampleRows(2 * n)` is
 * `sampleLicenseUsage(n)`.
 */
export function* sampleRows(count: number, tenants = 20, seed = 2024): Generator<LicenseUsageRow> {
  const random = randomOf(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const hex = (length: number) =>
    Array.from({ length }, () =>
      Math.floor(random() * 16)
        .toString(16)
        .toUpperCase(),
    ).join('');
  const customers = Array.from({ length: tenants }, (_, index) => ({
    id: index === 0 ? '0112A436-B14E-4888-967B-CA4BB2CF1234' : `${hex(8)}-${hex(4)}-4${hex(3)}-A${hex(3)}-${hex(12)}`,
    name: `${pick(nameParts)} ${pick(['Ltd', 'Inc', 'GmbH', '& Sons'])}`,
  }));
  const [earlier, latest] = snapshots;
  const rowsOf = [
    [earlier, Math.floor(count / 2)],
    [latest, Math.ceil(count / 2)],
  ] as const;
  for (const [processedDateTime, rowsInSnapshot] of rowsOf) {
    for (let index = 0; index < rowsInSnapshot; index++) {
      const [workloadCode, workloadName, serviceCode, serviceName] = pick(workloads);
      const customer = pick(customers);
      const product = Math.floor(random() * 50);
      const licensesQualified = 1 + Math.floor(random() * 500);
      yield {
        workloadCode,
        workloadName,
        serviceCode,
        serviceName,
        channel: pick(channels),
        customerTenantId: customer.id,
        customerName: customer.name,
        productId: `PROD-${String(product).padStart(3, '0')}`,
        productName: `${serviceName} Plan ${product}`,
        licensesActive: Math.floor(random() * (licensesQualified + 1)),
        licensesQualified,
        processedDateTime,
      };
    }
  }
}

/** A generated row of any preset: its fields' values, some of them null. */
export type SampleRow = Record<string, string | number | boolean | null>;

/**
 * `count` rows of the endpoint's shape, over `tenants` customers, made as they are read. License usage is
 * `sampleRows`; license deployment has the same two snapshots; the others spread their dates over the first
 * four months of 2024, so that grouping by day, week and month all show.
 */
export function* sampleRowsOf(
  endpoint: PartnerCenterEndpoint,
  count: number,
  tenants = 20,
  seed = 2024,
): Generator<SampleRow> {
  if (endpoint === 'licenseUsage') {
    yield* sampleRows(count, tenants, seed) as Generator<LicenseUsageRow & SampleRow>;
    return;
  }
  const values = sampleValues(randomOf(seed), tenants);
  const rowOf = rowMakers[endpoint];
  for (let index = 0; index < count; index++) yield rowOf(values, index, count);
}

/** The building blocks of a row, all drawn from one seeded generator. */
interface SampleValues {
  readonly random: () => number;
  pick<T>(items: readonly T[]): T;
  /** A whole number from `min` to `max`. */
  whole(min: number, max: number): number;
  /** True with probability `chance`. */
  chance(chance: number): boolean;
  /** A new upper-case GUID. */
  guid(): string;
  /** `YYYY-MM-DDT00:00:00Z`, `days` after 2024-01-01 (or a moment of that day, with `atTime`). */
  day(days: number, atTime?: boolean): string;
  readonly customers: readonly { readonly id: string; readonly name: string; readonly market: string }[];
}

const partnerTenants = ['6F7E1C0B-4E53-4A8D-A1C3-2E1B9F0D7A11', '9B2D4E6F-1A3C-4B5D-A7E9-0C2E4F6A8B22'] as const;
const markets = ['US', 'GB', 'DE', 'FR', 'JP', 'IN', 'BR', 'AU', 'CA', 'NL'] as const;
const firstDay = Date.UTC(2024, 0, 1);
const dayMilliseconds = 86_400_000;
/** The sample's dates fall in 2024's first four months: several weeks and months to bucket. */
const sampleDays = 121;

function sampleValues(random: () => number, tenants: number): SampleValues {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const hex = (length: number) =>
    Array.from({ length }, () =>
      Math.floor(random() * 16)
        .toString(16)
        .toUpperCase(),
    ).join('');
  const guid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-A${hex(3)}-${hex(12)}`;
  const customers = Array.from({ length: Math.max(1, tenants) }, (_, index) => ({
    id: index === 0 ? '0112A436-B14E-4888-967B-CA4BB2CF1234' : guid(),
    name: `${pick(nameParts)} ${pick(['Ltd', 'Inc', 'GmbH', '& Sons'])}`,
    market: pick(markets),
  }));
  return {
    random,
    pick,
    whole: (min, max) => min + Math.floor(random() * (max - min + 1)),
    chance: (chance) => random() < chance,
    guid,
    day: (days, atTime = false) => {
      const time = atTime ? Math.floor((random() * dayMilliseconds) / 1000) * 1000 : 0;
      return new Date(firstDay + days * dayMilliseconds + time).toISOString().replace('.000Z', 'Z');
    },
    customers,
  };
}

type RowMaker = (values: SampleValues, index: number, count: number) => SampleRow;

const services = [
  ['O365', 'Office 365'],
  ['D365', 'Dynamics 365'],
  ['EMS', 'Enterprise Mobility + Security'],
  ['M365', 'Microsoft 365'],
] as const;
const subscriptionProducts = [
  ['Office 365 E3', 'Office'],
  ['Office 365 E1', 'Office'],
  ['Microsoft 365 Business Premium', 'Microsoft365'],
  ['Microsoft 365 E5', 'Microsoft365'],
  ['Azure plan', 'Azure'],
  ['Dynamics 365 Sales', 'Dynamics'],
  ['Enterprise Mobility + Security E3', 'EMS'],
] as const;
const meters = [
  ['Virtual Machines', 'D2s v3', '1 Hour'],
  ['Virtual Machines', 'B2ms', '1 Hour'],
  ['Storage', 'General Block Blob', '1 GB/Month'],
  ['Storage', 'Tables', '10,000 Transactions'],
  ['Data Management', 'SQL Database', '1 Hour'],
  ['Networking', 'Bandwidth', '1 GB'],
] as const;
const locations = ['eastus', 'westus2', 'westeurope', 'northeurope', 'japaneast', 'australiaeast'] as const;
const industries = ['Retail', 'Healthcare', 'Manufacturing', 'Financial services', 'Education'] as const;
const keywords = ['backup', 'migration', 'teams rollout', 'security audit', 'dynamics partner'] as const;
const referralStatuses = ['New', 'Accepted', 'Declined', 'Expired', 'Won', 'Lost', 'Archived'] as const;
const orgSizes = ['1to10employees', '10to50employees', '50to1000employees', '1000to10000employees'] as const;

/** A later date than `day` days in, or null with probability `nullChance`. */
const laterOrNull = (values: SampleValues, day: number, nullChance: number, within = 60): string | null =>
  values.chance(nullChance) ? null : values.day(day + values.whole(1, within));

const rowMakers: Readonly<Record<Exclude<PartnerCenterEndpoint, 'licenseUsage'>, RowMaker>> = {
  // The earlier snapshot's half, then the latest's, as license usage has them.
  licenseDeployment: (values, index, count) => {
    const [serviceCode, serviceName] = values.pick(services);
    const customer = values.pick(values.customers);
    const product = values.whole(0, 49);
    const licensesSold = values.whole(1, 500);
    return {
      serviceCode,
      serviceName,
      channel: values.pick(channels),
      customerTenantId: customer.id,
      customerName: customer.name,
      productId: `PROD-${String(product).padStart(3, '0')}`,
      productName: `${serviceName} Plan ${product}`,
      licensesDeployed: values.whole(0, licensesSold),
      licensesSold,
      processedDateTime: index < Math.floor(count / 2) ? snapshots[0] : snapshots[1],
    };
  },
  subscriptions: (values) => {
    const customer = values.pick(values.customers);
    const [productName, subscriptionType] = values.pick(subscriptionProducts);
    const status = values.pick(['ACTIVE', 'ACTIVE', 'ACTIVE', 'SUSPENDED', 'DEPROVISIONED'] as const);
    const created = values.whole(0, sampleDays - 1);
    const isTrial = values.chance(0.2);
    return {
      customerTenantId: customer.id,
      customerName: customer.name,
      customerMarket: customer.market,
      id: values.guid(),
      status,
      productName,
      subscriptionType,
      autoRenewEnabled: values.chance(0.7),
      partnerId: values.pick(['4390934', '4390935', '5123876']),
      friendlyName: values.chance(0.1) ? null : `${productName} for ${customer.name}`,
      partnerName: values.pick(['Contoso Partner', 'Wingtip Resellers', 'Adatum Services']),
      providerName: values.pick(['Contoso Partner', 'Fabrikam Distribution']),
      creationDate: values.day(created, true),
      effectiveStartDate: values.day(created),
      commitmentEndDate: values.day(created + 365),
      currentStateEndDate: values.day(created + values.pick([30, 365])),
      trialToPaidConversionDate: isTrial ? laterOrNull(values, created, 0.4, 30) : null,
      trialStartDate: isTrial ? values.day(created) : null,
      trialEndDate: isTrial ? values.day(created + 30) : null,
      lastUsageDate: laterOrNull(values, created, 0.2),
      deprovisionedDate: status === 'DEPROVISIONED' ? laterOrNull(values, created, 0) : null,
      lastRenewalDate: laterOrNull(values, created, 0.6),
      licenseCount: values.whole(1, 300),
    };
  },
  azureUsage: (values) => {
    const customer = values.pick(values.customers);
    const [meterCategory, meterSubcategory, meterUnit] = values.pick(meters);
    const isReserved = values.chance(0.15);
    return {
      customerTenantId: customer.id,
      customerName: customer.name,
      // Two subscriptions per customer, told apart by the GUID's last digit.
      subscriptionId: `${customer.id.slice(0, -1)}${values.pick(['1', '2'])}`,
      subscriptionName: values.pick(['Production', 'Development']),
      usageDate: values.day(values.whole(0, sampleDays - 1)),
      resourceLocation: values.pick(locations),
      meterCategory,
      meterSubcategory,
      meterUnit,
      reservationOrderId: isReserved ? values.guid() : null,
      reservationId: isReserved ? values.guid() : null,
      serviceType: values.pick(['Microsoft.Compute', 'Microsoft.Storage', 'Microsoft.Sql', 'Microsoft.Network']),
      quantity: values.whole(1, 2000),
    };
  },
  indirectResellers: (values) => {
    const first = values.whole(0, sampleDays - 1);
    const latest = first + values.whole(0, 60);
    const isSuspended = values.chance(0.2);
    const isDeprovisioned = values.chance(0.15);
    const subscriptionCount = values.whole(1, 40);
    return {
      // A partner reads its own resellers: one tenant, or a few for a partner with one per region.
      partnerTenantId: values.pick(partnerTenants),
      id: values.guid(),
      name: `${values.pick(nameParts)} ${values.pick(['Solutions', 'IT', 'Systems', 'Cloud'])}`,
      market: values.pick(markets),
      firstSubscriptionCreationDate: values.day(first),
      latestSubscriptionCreationDate: values.day(latest),
      firstSubscriptionEndDate: values.day(first + 365),
      latestSubscriptionEndDate: values.day(latest + 365),
      firstSubscriptionSuspendedDate: isSuspended ? values.day(latest + 10) : null,
      latestSubscriptionSuspendedDate: isSuspended ? values.day(latest + 20) : null,
      firstSubscriptionDeprovisionedDate: isDeprovisioned ? values.day(latest + 30) : null,
      latestSubscriptionDeprovisionedDate: isDeprovisioned ? values.day(latest + 40) : null,
      subscriptionCount,
      licenseCount: subscriptionCount * values.whole(1, 50),
      indirectResellerCount: 1,
    };
  },
  search: (values) => {
    const detailsViewed = values.chance(0.5);
    const contactButtonClicked = detailsViewed && values.chance(0.4);
    const referralSubmitted = contactButtonClicked && values.chance(0.5);
    return {
      companyName: `${values.pick(nameParts)} ${values.pick(['Ltd', 'Inc', 'GmbH'])}`,
      contactButtonClicked,
      keywordCountry: values.pick(markets),
      detailsViewed,
      keywordIndustryFocus: values.chance(0.2) ? null : values.pick(industries),
      mpnId: String(values.whole(2_000_000, 6_999_999)),
      partnerMarket: values.pick(markets),
      keywordProduct: values.pick(['Office 365', 'Azure', 'Dynamics 365', 'Microsoft Teams']),
      referralSubmitted,
      searchDate: values.day(values.whole(0, sampleDays - 1)),
      keywordSearchText: values.pick(keywords),
      searchResultPageViews: values.whole(1, 20),
      contactClicks: contactButtonClicked ? values.whole(1, 3) : 0,
      referralCount: referralSubmitted ? 1 : 0,
      profileViews: detailsViewed ? values.whole(1, 5) : 0,
    };
  },
  referrals: (values, index) => {
    const customer = values.pick(values.customers);
    const status = values.pick(referralStatuses);
    const created = values.whole(0, sampleDays - 1);
    const at = (when: boolean) => (when ? values.day(created + values.whole(1, 30)) : null);
    const wasAccepted = status === 'Accepted' || status === 'Won' || status === 'Lost' || status === 'Archived';
    return {
      id: String(112_310 + index),
      status,
      customerMarket: customer.market,
      customerName: customer.name,
      customerOrgSize: values.pick(orgSizes),
      partnerMarket: values.pick(markets),
      acceptedDate: at(wasAccepted),
      acknowledgedDate: at(status !== 'New'),
      archivedDate: at(status === 'Archived'),
      declinedDate: at(status === 'Declined'),
      expiredDate: at(status === 'Expired'),
      lostDate: at(status === 'Lost'),
      missedDate: at(status === 'Expired' && values.chance(0.5)),
      createdDate: values.day(created, true),
      skippedDate: at(status === 'Declined' && values.chance(0.3)),
      wonDate: at(status === 'Won'),
    };
  },
};
