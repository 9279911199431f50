export { servingCommands } from './commands.ts';
