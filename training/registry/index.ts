export {
  ModelRegistry,
  parseModelRef,
  MODEL_STATUSES,
  type ModelStatus,
  type ModelVersion,
  type NewVersion,
} from './registry.ts';
