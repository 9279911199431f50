export { fetchCommands } from './commands.ts';
