export { modelCardsCommands } from './commands.ts';
