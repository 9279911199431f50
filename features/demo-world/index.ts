export {
  buildDemoWorld,
  generateDemoWorld,
  DEMO_YEARS,
  DEMO_GENERATOR_VERSION,
  DEMO_MEASURES,
  type DemoManifest,
  type DemoWorld,
} from './world.ts';
export { PLANTED, simulateEnforcementRound, drawCounts, type PlantedTruth } from './labels.ts';
