import type { Command } from '../core/index.ts';

/** CLI commands owned by evaluation/. */
export const evaluationCommands: readonly Command[] = [];
