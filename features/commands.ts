import type { Command } from '../core/index.ts';

/** CLI commands owned by features/. */
export const featuresCommands: readonly Command[] = [];
