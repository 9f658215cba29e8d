// A generated sample of Partner Center license usage rows: the data `filterby serve`, `filterby demo` and
// `filterby sample` show when the user has none of their own. Seeded, so every run shows the same rows.

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
