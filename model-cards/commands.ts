import type { Command } from '../core/index.ts';

/** CLI commands owned by model-cards/. */
export const modelCardsCommands: readonly Command[] = [];
