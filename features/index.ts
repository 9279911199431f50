export type { Dataset, LabelProvenance } from './types.ts';
export { featuresCommands } from './commands.ts';
export { parseSourceFile, CRIME_CODES } from './sources/index.ts';
export {
  STORE_SETTINGS,
  adjacencyOf,
  FeatureStore,
  materialize,
  materializeData,
  listSnapshots,
  snapshotInfo,
  POPULATION_COLUMN,
  buildDataset,
  topFlags,
  readLabelCounts,
  LAG_FEATURE,
  LAG_TRANSFORM,
  labelLagColumn,
  lagFeatureDef,
  type SnapshotData,
  type DatasetSpec,
  type DatasetReport,
} from './store/index.ts';
export {
  getFeatureView,
  describeFeature,
  exprMeasures,
} from './views/index.ts';
export { normaliseCode, levelOf, gemeenteOf, periodYear } from './areas/codes.ts';
