export { binFrame, applyBins, quantileCuts, binOf, MISSING_BIN, MAX_VALUE_BINS, type BinnedFrame } from './binning.ts';
export { growTree, addBinnedPrediction, type TreeParams, type GrownTree } from './hist-tree.ts';
export { fitGbm, gbmParamsSchema, meanLoss, type GbmParams, type TrainData, type FitOptions } from './gbm.ts';
export { fitForest, forestParamsSchema, type ForestParams } from './forest.ts';
export { fitEbm, ebmParamsSchema, pav, type EbmParams } from './ebm.ts';
export { EbmModel, type EbmMainTerm, type EbmPairTerm, type ShapeFunction } from './ebm-model.ts';
export {
  fitLogistic,
  LogisticModel,
  logisticParamsSchema,
  type LogisticParams,
  type ScorecardRow,
} from './logistic.ts';
export { TreeEnsembleModel, ensembleMargin, treeToJson, treeFromJson } from './tree-model.ts';
export { fitModel, loadModel, parseParams, defaultParams, paramsSchemas, MODEL_KINDS } from './fit-model.ts';
export { checkTrainingData, checkScoringFrame, applyLink, type TargetKind } from './check-input.ts';
export { auc } from './metrics.ts';
export { syntheticBinary } from './synthetic.ts';
