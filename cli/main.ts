import { runCli, zichtHome, type Command } from '../core/index.ts';
import { featuresCommands } from '../features/index.ts';
import { trainingCommands } from '../training/index.ts';
import { evaluationCommands } from '../evaluation/index.ts';
import { modelCardsCommands } from '../model-cards/index.ts';
import { servingCommands, serveCommands } from '../serving/index.ts';
import { demoCommands } from './demo.ts';
import { trainCommands } from './train-command.ts';

/**
 * Where each group of commands lives. The compiled CLI (scripts/build.mjs) writes their
 * specifications to dist/cli/manifest.json and loads a group's module only when one of its
 * commands runs, so `zicht --help` loads none of DuckDB, the learners or the UI.
 */
export const COMMAND_GROUPS = [
  { module: 'cli/demo.ts', export: 'demoCommands' },
  { module: 'features/commands.ts', export: 'featuresCommands' },
  { module: 'cli/train-command.ts', export: 'trainCommands' },
  { module: 'training/commands.ts', export: 'trainingCommands' },
  { module: 'evaluation/commands.ts', export: 'evaluationCommands' },
  { module: 'model-cards/commands.ts', export: 'modelCardsCommands' },
  { module: 'serving/commands.ts', export: 'servingCommands' },
  { module: 'serving/runtime.ts', export: 'serveCommands' },
] as const;

/** Every command of the `zicht` CLI. */
export const commands: readonly Command[] = [
  ...demoCommands,
  ...featuresCommands,
  ...trainCommands,
  ...trainingCommands,
  ...evaluationCommands,
  ...modelCardsCommands,
  ...servingCommands,
  ...serveCommands,
];

/** Entry point for the development path of bin/zicht.mjs (TypeScript through tsx). */
export async function main(argv: readonly string[]): Promise<number> {
  return runCli(
    commands,
    argv,
    {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      isTTY: process.stderr.isTTY === true,
      env: process.env,
      cwd: process.cwd(),
    },
    zichtHome(),
  );
}
