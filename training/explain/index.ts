export { treeShap } from './tree-shap.ts';
export { importXgboostJson } from './xgboost-import.ts';
export { treeShapParallel } from './parallel.ts';
export { interventionalTreeShap } from './interventional.ts';
