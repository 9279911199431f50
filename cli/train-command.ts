import type { Command } from '../core/index.ts';
import { trainCommand } from '../pipeline/index.ts';
import { demoFeedbackSimulation } from './demo-feedback.ts';

/** `zicht train`, with the demo world's feedback-loop simulation for runs on the synthetic world. */
export const trainCommands: readonly Command[] = [trainCommand({ feedbackSimulation: demoFeedbackSimulation })];
