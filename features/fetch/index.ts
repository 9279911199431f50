export { fetchCommands } from './commands.ts';
export { fetchTable, type TableRequest, type FetchRun, type FetchResult } from './fetch-table.ts';
export { fetchBoundaries, type BoundariesRequest } from './boundaries.ts';
export { httpGet, httpGetJson, retryAfterMs, type HttpOptions, type HttpResponse } from './http.ts';
export {
  collectionUrl,
  fetchCollection,
  odataEndpoint,
  odataString,
  type OdataEndpoint,
  type CollectionQuery,
  type CollectionResult,
} from './odata-client.ts';
export {
  municipalityFilter,
  codesFilter,
  crimeFilter,
  periodsFilter,
  allOf,
  resolveSelect,
  requireMunicipality,
} from './filters.ts';
export { FetchCache, type CacheEntry, type CacheFile } from './cache.ts';
export {
  KWB_TABLES,
  kwbTable,
  CBS_ODATA_URL,
  THIRD_PARTY_ODATA_URL,
  POLICE_TABLE,
  PDOK_BOUNDARIES_URL,
} from './catalogue.ts';
