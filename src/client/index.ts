// filterby/client: read every page of a Partner Center analytics endpoint over fetch. Re-exports only; kept out
// of the main entry so the library stays small, and free of node imports so it runs in browsers too.

export type { ClientErrorCode, PartnerCenterErrorDetails } from './error.js';
export { PartnerCenterError } from './error.js';
export type { FetchPagesOptions, Page } from './pages.js';
export { fetchAllPages, fetchPages, retryAfter } from './pages.js';
