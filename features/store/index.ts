export { STORE_SETTINGS } from './duck.ts';
export { adjacencyOf } from './adjacency.ts';
export { FeatureStore, type IngestResult } from './store.ts';
export {
  materialize,
  materializeData,
  listSnapshots,
  snapshotInfo,
  loadSnapshot,
  exportSnapshot,
  POPULATION_COLUMN,
  type SnapshotData,
} from './snapshots.ts';
export { readObservations, readObservationColumns } from './observations.ts';
export { buildDataset, topFlags, type DatasetSpec, type DatasetReport } from './dataset.ts';
export {
  checkView,
  type MissingMeasure,
} from './check.ts';
export { readLabelCounts } from './labels.ts';
export { LAG_FEATURE, LAG_TRANSFORM, labelLagColumn, lagFeatureDef, smoothedRates } from './label-lag.ts';
