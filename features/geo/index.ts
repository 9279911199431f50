export { computeAdjacency, type AdjacencyOptions } from './adjacency.ts';
