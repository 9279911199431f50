export { createUi, type UiOptions } from './app.tsx';
export type {
  UiDeps,
  Lang,
  AreaMap,
  ScoreContext,
  VerdictStatus,
  ModelSummary,
  CardComparison,
  TrainingRun,
  QualityReport,
} from './deps.ts';
export { DbSessionStore } from './db-sessions.ts';
