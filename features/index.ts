export type { Area, AreaLevel, Dataset, LabelSpec, LabelProvenance } from './types.ts';
export { featuresCommands } from './commands.ts';
export * from './sources/index.ts';
export * from './store/index.ts';
export * from './views/index.ts';
export * from './geo/index.ts';
export {
  fetchTable,
  fetchBoundaries,
  FetchCache,
  KWB_TABLES,
  type TableRequest,
  type BoundariesRequest,
  type FetchResult,
} from './fetch/index.ts';
export { normaliseCode, levelOf, parentOf, gemeenteOf, parentChain, periodYear, yearPeriod } from './areas/codes.ts';
