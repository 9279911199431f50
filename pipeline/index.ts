export { runTraining, CODE_VERSION, type TrainingResult, type TrainingHooks, type Progress } from './run.ts';
export { trainingConfigSchema, parseTrainingConfig, readTrainingConfig, type TrainingConfig } from './config.ts';
export { trainCommand } from './commands.ts';
export type { FeedbackSimulation } from './label-bias.ts';
