import { runCli, zichtHome, type Command } from '../core/index.ts';
import { featuresCommands } from '../features/index.ts';
import { trainingCommands } from '../training/index.ts';
import { trainCommand } from '../pipeline/index.ts';
import { demoFeedbackSimulation } from './demo-feedback.ts';
import { evaluationCommands } from '../evaluation/index.ts';
import { modelCardsCommands } from '../model-cards/index.ts';
import { servingCommands, serveCommand } from '../serving/index.ts';
import { demoCommands } from './demo.ts';

/** Every command of the `zicht` CLI. */
export const commands: readonly Command[] = [
  ...demoCommands,
  ...featuresCommands,
  trainCommand({ feedbackSimulation: demoFeedbackSimulation }),
  ...trainingCommands,
  ...evaluationCommands,
  ...modelCardsCommands,
  ...servingCommands,
  serveCommand,
];

/** Entry point used by bin/zicht.mjs. */
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
