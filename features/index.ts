export type { Dataset, LabelProvenance } from './types.ts';
export { featuresCommands } from './commands.ts';
export * from './sources/index.ts';
export * from './store/index.ts';
export * from './views/index.ts';
export * from './geo/index.ts';
export { normaliseCode, levelOf, gemeenteOf, periodYear } from './areas/codes.ts';
