export {
  ModelRegistry,
  parseModelRef,
  MODEL_STATUSES,
  type ModelStatus,
  type ModelVersion,
} from './registry.ts';
