export { fitGbm } from './gbm.ts';
export { fitForest } from './forest.ts';
export { fitEbm } from './ebm.ts';
export { EbmModel } from './ebm-model.ts';
export { TreeEnsembleModel, ensembleMargin } from './tree-model.ts';
export { fitModel, loadModel } from './fit-model.ts';
