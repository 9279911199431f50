export { treeShap, treeDepth, predictRow } from './tree-shap.ts';
export { bruteForceShap } from './brute-force.ts';
export { importXgboostJson, float32Threshold } from './xgboost-import.ts';
export { treeShapParallel, closeShapPool } from './parallel.ts';
export { interventionalTreeShap, bruteForceInterventional } from './interventional.ts';
