// The benchmark's filters, each in every form a user would write it: filterby/OData text; two hand-written
// functions with the same meaning (the limit), `exact` for a schema that compares text exactly and `folded` for
// the Partner Center preset, whose text fields (and GUIDs) compare ignoring case, so it folds with toLowerCase;
// and by-hand translations into sift's and mingo's query objects, with case-insensitive regular expressions.

import { customersOf } from './data.mjs';

const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
// As the rows spell them (upper case), so that they match under both schemas.
const tenantIds = customersOf(5000)
  .slice(0, 50)
  .map((customer) => customer.id);
const tenantSet = new Set(tenantIds);
const foldedTenantSet = new Set(tenantIds.map((id) => id.toLowerCase()));

export const filters = [
  {
    name: 'eq',
    text: "workloadCode eq 'SFB'",
    exact: (row) => row.workloadCode === 'SFB',
    folded: (row) => row.workloadCode.toLowerCase() === 'sfb',
    mongo: { workloadCode: { $regex: exactly('SFB') } },
  },
  {
    name: 'ne',
    text: "channel ne 'Reseller'",
    exact: (row) => row.channel !== 'Reseller',
    folded: (row) => row.channel.toLowerCase() !== 'reseller',
    mongo: { channel: { $not: exactly('Reseller') } },
  },
  {
    name: 'and of two',
    text: "workloadCode eq 'SFB' and channel eq 'Reseller'",
    exact: (row) => row.workloadCode === 'SFB' && row.channel === 'Reseller',
    folded: (row) => row.workloadCode.toLowerCase() === 'sfb' && row.channel.toLowerCase() === 'reseller',
    mongo: { workloadCode: { $regex: exactly('SFB') }, channel: { $regex: exactly('Reseller') } },
  },
  {
    name: 'docs example',
    text: "workloadCode eq 'SFB' or (channel eq 'Reseller')",
    exact: (row) => row.workloadCode === 'SFB' || row.channel === 'Reseller',
    folded: (row) => row.workloadCode.toLowerCase() === 'sfb' || row.channel.toLowerCase() === 'reseller',
    mongo: { $or: [{ workloadCode: { $regex: exactly('SFB') } }, { channel: { $regex: exactly('Reseller') } }] },
  },
  {
    name: 'three levels',
    text: "workloadCode eq 'SFB' or (serviceCode eq 'D365' and (channel eq 'Direct' or productId eq 'PROD-007'))",
    exact: (row) =>
      row.workloadCode === 'SFB' ||
      (row.serviceCode === 'D365' && (row.channel === 'Direct' || row.productId === 'PROD-007')),
    folded: (row) =>
      row.workloadCode.toLowerCase() === 'sfb' ||
      (row.serviceCode.toLowerCase() === 'd365' &&
        (row.channel.toLowerCase() === 'direct' || row.productId.toLowerCase() === 'prod-007')),
    mongo: {
      $or: [
        { workloadCode: { $regex: exactly('SFB') } },
        {
          serviceCode: { $regex: exactly('D365') },
          $or: [{ channel: { $regex: exactly('Direct') } }, { productId: { $regex: exactly('PROD-007') } }],
        },
      ],
    },
  },
  {
    name: "quoted 'O''Brien'",
    text: "customerName eq 'O''Brien Ltd'",
    exact: (row) => row.customerName === "O'Brien Ltd",
    folded: (row) => row.customerName.toLowerCase() === "o'brien ltd",
    mongo: { customerName: { $regex: exactly("O'Brien Ltd") } },
  },
  {
    name: '50-term or chain',
    text: tenantIds.map((id) => `customerTenantId eq '${id}'`).join(' or '),
    exact: (row) => tenantSet.has(row.customerTenantId),
    folded: (row) => foldedTenantSet.has(row.customerTenantId.toLowerCase()),
    mongo: { customerTenantId: { $in: tenantIds.map(exactly) } },
  },
];
