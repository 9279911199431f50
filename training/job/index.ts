export { runTraining, CODE_VERSION, type TrainingResult, type Progress } from './run.ts';
export { trainingConfigSchema, parseTrainingConfig, readTrainingConfig, type TrainingConfig } from './config.ts';
export { groupFolds, calibrate, loadJobCalibrator, fit, type Calibrator } from './learn.ts';
export { bandCuts, bandOf } from './scoring.ts';
