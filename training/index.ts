export type { TreeArrays, TreeEnsemble, Link, Contributions, ModelKind, FittedModel } from './types.ts';
export { trainingCommands } from './commands.ts';
