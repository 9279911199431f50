export { commands, main } from './main.ts';
export { demoCommands, DEMO_CONFIG, approveDemoVersion } from './demo.ts';
export { demoFeedbackSimulation } from './demo-feedback.ts';
