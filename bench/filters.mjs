// The benchmark's filters, each in every form a user would write it: filterby/OData text, a hand-written
// function with the same meaning (the limit), and by-hand translations into sift's and mingo's query objects.
// Every text field of the Partner Center schema compares ignoring case, and a GUID always does, so the
// hand-written functions fold case too, and the peers get case-insensitive regular expressions.

import { customersOf } from './data.mjs';

const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
const tenantIds = customersOf(5000)
  .slice(0, 50)
  .map((customer) => customer.id.toLowerCase());
const tenantSet = new Set(tenantIds);

export const filters = [
  {
    name: 'eq',
    text: "workloadCode eq 'SFB'",
    hand: (row) => row.workloadCode.toLowerCase() === 'sfb',
    mongo: { workloadCode: { $regex: exactly('SFB') } },
  },
  {
    name: 'ne',
    text: "channel ne 'Reseller'",
    hand: (row) => row.channel.toLowerCase() !== 'reseller',
    mongo: { channel: { $not: exactly('Reseller') } },
  },
  {
    name: 'and of two',
    text: "workloadCode eq 'SFB' and channel eq 'Reseller'",
    hand: (row) => row.workloadCode.toLowerCase() === 'sfb' && row.channel.toLowerCase() === 'reseller',
    mongo: { workloadCode: { $regex: exactly('SFB') }, channel: { $regex: exactly('Reseller') } },
  },
  {
    name: 'docs example',
    text: "workloadCode eq 'SFB' or (channel eq 'Reseller')",
    hand: (row) => row.workloadCode.toLowerCase() === 'sfb' || row.channel.toLowerCase() === 'reseller',
    mongo: { $or: [{ workloadCode: { $regex: exactly('SFB') } }, { channel: { $regex: exactly('Reseller') } }] },
  },
  {
    name: 'three levels',
    text: "workloadCode eq 'SFB' or (serviceCode eq 'D365' and (channel eq 'Direct' or productId eq 'PROD-007'))",
    hand: (row) =>
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
    hand: (row) => row.customerName.toLowerCase() === "o'brien ltd",
    mongo: { customerName: { $regex: exactly("O'Brien Ltd") } },
  },
  {
    name: '50-term or chain',
    text: tenantIds.map((id) => `customerTenantId eq '${id}'`).join(' or '),
    hand: (row) => tenantSet.has(row.customerTenantId.toLowerCase()),
    mongo: { customerTenantId: { $in: tenantIds.map(exactly) } },
  },
];
