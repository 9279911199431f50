import type { Command } from '../core/index.ts';

/** CLI commands owned by serving/. */
export const servingCommands: readonly Command[] = [];
