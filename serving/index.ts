export { servingCommands } from './commands.ts';
export { TokenStore } from './auth/tokens.ts';
export { buildRuntime, serveCommand, serveCommands } from './runtime.ts';
export { openAuditLog } from './audit/audit-key.ts';
