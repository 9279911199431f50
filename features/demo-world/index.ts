export {
  buildDemoWorld,
  generateDemoWorld,
} from './world.ts';
export { PLANTED, simulateEnforcementRound } from './labels.ts';
