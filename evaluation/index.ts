export { evaluationCommands } from './commands.ts';
