export {
  artifactSchema,
  parseArtifact,
  serializeArtifact,
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  type Artifact,
  type ArtifactFeature,
} from './artifact.ts';
