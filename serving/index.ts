export { servingCommands } from './commands.ts';
export { createApp, type AppDeps, type AppOptions } from './app.ts';
export { inScope, visibleArea, visibleAreasOf, outOfDomain, cardScopeOf } from './scope.ts';
export { describeArea, reasonsFor } from './area-view.ts';
export {
  AuditLog,
  DEFAULT_RETENTION_DAYS,
  type AuditEntry,
  type AuditRow,
  type VerifyResult,
} from './audit/audit-log.ts';
export { loadAuditKey, openAuditLog } from './audit/audit-key.ts';
export { TokenStore, ROLES, type Role, type Principal, type TokenInfo } from './auth/tokens.ts';
export { PERMISSIONS, allowed, type Permission } from './auth/permissions.ts';
export { HTTP_STATUS } from './errors.ts';
export {
  ActiveModel,
  servingModel,
  scoreSetSchema,
  BANDS,
  type ScoreSet,
  type AreaScore,
  type AreaContribution,
  type ServingModel,
  type WhatIf,
  type Band,
} from './scores.ts';
export type { ModelsPort, TrainingPort, TrainingRunStatus, ModelSummary, ReviewDecision } from './ports.ts';
export {
  topReasons,
  reasonSentence,
  formatValue,
  langFromAcceptLanguage,
  type Lang,
  type Reason,
  type ReasonFeature,
  type ReasonInput,
} from './reasons/index.ts';
export { createUi, type UiDeps } from './ui/index.ts';
export { buildRuntime, serveCommand, serveCommands } from './runtime.ts';
export { TrainingRunner } from './training-runner.ts';
