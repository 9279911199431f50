export { groupedKFold, temporalHoldout, outOfFold, type Fold } from './folds.ts';
export { fitPlatt, fitIsotonic, loadCalibrator, type Calibrator } from './calibration.ts';
