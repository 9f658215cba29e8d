// Seeded license-usage rows for the benchmarks, with Partner Center's cardinalities: ten workloads over three
// services, three channels, thousands of tenants, fifty products, one snapshot.

export const snapshot = '2024-01-31T00:00:00.000Z';

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
];
const channels = ['Reseller', 'Direct', 'Advisor'];
const names = ['Contoso', 'Fabrikam', 'Northwind', 'Tailspin', "O'Brien", 'Wingtip', 'Litware', 'Adatum'];
const suffixes = ['Ltd', 'Inc', 'GmbH', '& Sons'];

/** mulberry32: small and seedable, for test data only. */
export function randomOf(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `tenants` customers, each a GUID in upper case (as Partner Center writes them) and a name. */
export function customersOf(tenants, seed = 7) {
  const random = randomOf(seed);
  const hex = (length) =>
    Array.from({ length }, () =>
      Math.floor(random() * 16)
        .toString(16)
        .toUpperCase(),
    ).join('');
  return Array.from({ length: tenants }, (_, index) => ({
    id: `${hex(8)}-${hex(4)}-4${hex(3)}-A${hex(3)}-${hex(12)}`,
    name: `${names[index % names.length]} ${suffixes[Math.floor(index / names.length) % suffixes.length]}`,
  }));
}

/**
 * `count` rows as a cache holds them: written as JSON and read back with `JSON.parse`, so that every string is
 * a string of its own (rows built in code share their strings, and comparing two of them is a pointer compare
 * that no cached row ever gets).
 */
export function licenseUsageRows(count, options = {}) {
  const built = builtRows(count, options);
  const rows = [];
  // In slices: one JSON text of a million rows would pass V8's longest string.
  for (let start = 0; start < built.length; start += 10_000) {
    for (const row of JSON.parse(JSON.stringify(built.slice(start, start + 10_000)))) rows.push(row);
  }
  return rows;
}

function builtRows(count, { tenants = 5000, seed = 2024 } = {}) {
  const random = randomOf(seed);
  const customers = customersOf(tenants);
  const rows = new Array(count);
  for (let index = 0; index < count; index++) {
    const [workloadCode, workloadName, serviceCode, serviceName] = workloads[Math.floor(random() * workloads.length)];
    const customer = customers[Math.floor(random() * customers.length)];
    const product = Math.floor(random() * 50);
    const licensesQualified = 1 + Math.floor(random() * 500);
    rows[index] = {
      workloadCode,
      workloadName,
      serviceCode,
      serviceName,
      channel: channels[Math.floor(random() * channels.length)],
      customerTenantId: customer.id,
      customerName: customer.name,
      productId: `PROD-${String(product).padStart(3, '0')}`,
      productName: `${serviceName} Plan ${product}`,
      licensesActive: Math.floor(random() * (licensesQualified + 1)),
      licensesQualified,
      processedDateTime: snapshot,
    };
  }
  return rows;
}
