export { computeView, type ViewInput, type ViewOutput } from './compute.ts';
export {
  addFeatureView,
  builtinFeatureViews,
  getFeatureView,
  listFeatureViews,
  userViewsDir,
  type AddedView,
} from './registry.ts';
export { exprSchema, featureViewSchema, parseFeatureView } from './schema.ts';
export {
  describeExpr,
  describeFeature,
  exprMeasures,
  FEATURE_TAGS,
  type Expr,
  type Context,
  type FeatureDef,
  type FeatureTag,
  type FeatureView,
} from './types.ts';
