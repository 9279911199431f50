export { parseSourceFile, detectKind, type ParseFileOptions } from './parse-file.ts';
export { parseStatlineCsv, splitHeader, type StatlineOptions } from './statline-csv.ts';
export { parseOdataTable, parseDataProperties, type OdataOptions } from './odata.ts';
export {
  parseTableProperties,
  topicByTitle,
  type TableProperties,
  type TopicInfo,
} from './data-properties.ts';
export {
  parsePoliceCsv,
  parsePoliceOdata,
  parsePoliceBuurtCsv,
  CRIME_CODES,
  POLICE_CATEGORY_CODES,
  POLICE_MEASURE_TITLE,
  type PoliceOptions,
} from './police.ts';
export { parseGeoJson, type GeoJsonOptions } from './geojson.ts';
export { parseKwbTidyCsv, parseLongCsv, URBANITY_CLASSES } from './tidy.ts';
export { parseDelimited, detectDelimiter, parseCbsNumber, type CsvTable } from './csv.ts';
export { qualityReport, assertNoDuplicates, type QualityReport, type MeasureQuality } from './quality.ts';
export { parseCodeList, type CodeListOptions } from './code-list.ts';
export { SOURCE_KIND_HELP } from './kind-help.ts';
export {
  resolveVintage,
  decideVintage,
  withVintage,
  registerCodes,
  statedVintage,
  type VintageRegistry,
  type VintageDecision,
} from './vintage.ts';
export {
  SOURCE_KINDS,
  sourceMetaOf,
  sourceCodesOf,
  type SourceKind,
  type SourceMeta,
  type SourceTable,
  type MeasureInfo,
  type Boundary,
  type BoundarySet,
  type GeoJsonGeometry,
  type ParsedSource,
  type CodeList,
  type VintageBasis,
} from './types.ts';
