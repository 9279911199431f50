export {
  buildDemoWorld,
  demoWorldTruth,
  generateDemoWorld,
} from './world.ts';
export { PLANTED, simulateEnforcementRound } from './labels.ts';
