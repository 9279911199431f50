export { parseSourceFile } from './parse-file.ts';
export { parseStatlineCsv } from './statline-csv.ts';
export {
  parseTableProperties,
  type TableProperties,
} from './data-properties.ts';
export {
  parsePoliceCsv,
  CRIME_CODES,
  POLICE_MEASURE_TITLE,
} from './police.ts';
export { parseGeoJson } from './geojson.ts';
export { parseLongCsv } from './tidy.ts';
export { qualityReport, type QualityReport } from './quality.ts';
export { SOURCE_KIND_HELP } from './kind-help.ts';
export {
  resolveVintage,
  decideVintage,
  withVintage,
  registerCodes,
  type VintageRegistry,
} from './vintage.ts';
export {
  SOURCE_KINDS,
  sourceMetaOf,
  type SourceKind,
  type SourceMeta,
  type SourceTable,
  type BoundarySet,
  type GeoJsonGeometry,
  type ParsedSource,
  type CodeList,
  type VintageBasis,
} from './types.ts';
