import type { Command } from '../core/index.ts';

/** CLI commands owned by training/. */
export const trainingCommands: readonly Command[] = [];
