export {
  parseArtifact,
  serializeArtifact,
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  type Artifact,
} from './artifact.ts';
