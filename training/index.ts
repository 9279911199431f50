export type { TreeArrays, TreeEnsemble, Link, Contributions, ModelKind, FittedModel } from './types.ts';
export { trainingCommands } from './commands.ts';
export { ModelRegistry, parseModelRef, MODEL_STATUSES, type ModelStatus, type ModelVersion, type NewVersion } from './registry/index.ts';
export { artifactSchema, parseArtifact, serializeArtifact, ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION, type Artifact, type ArtifactFeature } from './artifact/index.ts';
