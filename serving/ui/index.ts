export { createUi, type UiOptions } from './app.tsx';
export {
  ROLES,
  BANDS,
  MODEL_STATUSES,
  REVIEW_DECISIONS,
  type UiDeps,
  type Principal,
  type Role,
  type Band,
  type Lang,
  type MapArea,
  type AreaMap,
  type AreaDetail,
  type Contribution,
  type ModelSummary,
  type ModelStatus,
  type CardComparison,
  type ReviewDecision,
  type TrainingRun,
  type RunStatus,
  type StoredConfig,
  type QualityReport,
  type QualityCheck,
} from './deps.ts';
export { SessionStore, type SessionOptions } from './session.ts';
export { can, type Capability } from './permissions.ts';
