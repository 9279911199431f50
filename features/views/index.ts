export { computeView, type ViewInput } from './compute.ts';
export {
  addFeatureView,
  builtinFeatureViews,
  getFeatureView,
  listFeatureViews,
  userViewsDir,
} from './registry.ts';
export { parseFeatureView } from './schema.ts';
export {
  describeFeature,
  exprMeasures,
  type FeatureDef,
  type FeatureView,
} from './types.ts';
