export type { TreeArrays, TreeEnsemble, Link, Contributions, ModelKind, FittedModel } from './types.ts';
export { trainingCommands } from './commands.ts';
export { ModelRegistry, parseModelRef, MODEL_STATUSES, type ModelStatus, type ModelVersion, type NewVersion } from './registry/index.ts';
