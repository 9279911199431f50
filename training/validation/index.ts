export { groupedKFold } from './folds.ts';
export { fitPlatt, fitIsotonic, loadCalibrator } from './calibration.ts';
