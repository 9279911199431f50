export { commands } from './main.ts';
export { DEMO_CONFIG, approveDemoVersion } from './demo.ts';
export { demoFeedbackSimulation } from './demo-feedback.ts';
