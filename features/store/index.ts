export { STORE_SETTINGS } from './duck.ts';
export { adjacencyOf } from './adjacency.ts';
export { FeatureStore, type StoredSource, type IngestResult, type FaultInjection } from './store.ts';
export {
  materialize,
  listSnapshots,
  snapshotInfo,
  loadSnapshot,
  exportSnapshot,
  POPULATION_COLUMN,
  DISCLOSURE_MIN_POPULATION,
  type SnapshotInfo,
  type SnapshotData,
} from './snapshots.ts';
export { readObservations, readObservationColumns, type ObsRow, type ObservationColumns } from './observations.ts';
export { buildDataset, labelPeriodFor, topFlags, type DatasetSpec, type DatasetReport } from './dataset.ts';
export {
  checkView,
  titleSimilarity,
  type ViewCheck,
  type FeatureCheck,
  type MissingMeasure,
  type NearMatch,
} from './check.ts';
export { readLabelCounts, type LabelCounts } from './labels.ts';
export { LAG_FEATURE, LAG_TRANSFORM, labelLagColumn, lagFeatureDef, smoothedRates } from './label-lag.ts';
