export { runTraining } from './run.ts';
export { parseTrainingConfig, readTrainingConfig } from './config.ts';
export { trainCommand } from './commands.ts';
export type { FeedbackSimulation } from './label-bias.ts';
