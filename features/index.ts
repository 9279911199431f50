export type { Area, AreaLevel, Dataset, LabelSpec, LabelProvenance } from './types.ts';
export { featuresCommands } from './commands.ts';
