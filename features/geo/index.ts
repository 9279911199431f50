export { computeAdjacency } from './adjacency.ts';
