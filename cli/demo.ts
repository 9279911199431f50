import type { Command } from '../core/index.ts';

/**
 * `zicht demo`: the end-to-end run on the embedded synthetic world. Each stage
 * is added here as its folder lands (world → ingest → materialize → train →
 * evaluate → card → serve).
 */
export const demoCommands: readonly Command[] = [];
