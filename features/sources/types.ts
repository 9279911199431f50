import type { AreaLevel } from '../types.ts';

/** The kinds of extract zicht reads. */
export const SOURCE_KINDS = [
  'statline-csv',
  'odata-json',
  'police-csv',
  'police-odata',
  'police-buurt-csv',
  'geojson',
  'kwb-tidy-csv',
  'long-csv',
  'code-list',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * How the boundary year of an extract was decided: `option` given by the user
 * (`--vintage`); `file` stated by the file itself (OData `MapYear`, a GeoJSON
 * `vintage`, a vintage column, a code-list header such as `Buurt2025`);
 * `period` the KWB convention that a table describes the boundaries of its own
 * year; `codes` inferred from the area codes against the registry's code lists.
 */
export type VintageBasis = 'option' | 'file' | 'period' | 'codes';

/** Where an extract came from. */
export interface SourceMeta {
  readonly kind: SourceKind;
  /** Path as given by the user. */
  readonly file: string;
  /** StatLine table id (`85984NED`, `47018NED`) where known. */
  readonly tableId: string | null;
  readonly title: string | null;
  /** Periods present (`2024JJ00`). */
  readonly periods: readonly string[];
  /**
   * Boundary year of the area codes (the CBS code set they belong to). Null
   * when neither the user nor the file states it: the store then infers it
   * from the area codes against the code lists it knows, or refuses the file.
   */
  readonly vintage: number | null;
  /** How the vintage was decided; null while it is unknown. */
  readonly vintageBasis: VintageBasis | null;
  /** SHA-256 of the file's bytes. */
  readonly contentHash: string;
  /** True for generated (demo) data. */
  readonly synthetic: boolean;
  readonly licence: string;
}

/** A measure (column) of an extract. */
export interface MeasureInfo {
  /** Stable key: for StatLine the header path, for OData the Title path, for police the crime code. */
  readonly key: string;
  readonly title: string;
  readonly unit: string;
}

/**
 * A parsed extract in wide form: one row per (area, period), one column per
 * measure. Values are column-major, NaN for missing; `suppressed` marks cells
 * CBS withheld (`.`/`x`), as distinct from simply empty.
 */
export interface SourceTable {
  readonly meta: SourceMeta;
  readonly codes: readonly string[];
  /** 1-based data-row number of each row in the file (for messages and row-order joins). */
  readonly rowNumbers: readonly number[];
  readonly names: readonly (string | null)[];
  readonly levels: readonly AreaLevel[];
  readonly periods: readonly string[];
  readonly measures: readonly MeasureInfo[];
  readonly values: readonly Float64Array[];
  readonly suppressed: readonly Uint8Array[];
}

/** One boundary polygon. */
export interface Boundary {
  readonly code: string;
  readonly name: string | null;
  readonly geometry: GeoJsonGeometry;
}

export type Position = readonly [number, number, ...number[]];
export type GeoJsonGeometry =
  | { readonly type: 'Polygon'; readonly coordinates: readonly (readonly Position[])[] }
  | { readonly type: 'MultiPolygon'; readonly coordinates: readonly (readonly (readonly Position[])[])[] };

/** A parsed boundary file. */
export interface BoundarySet {
  readonly meta: SourceMeta;
  readonly boundaries: readonly Boundary[];
}

/** A parsed CBS code list: the areas of one boundary year with their names, no figures. */
export interface CodeList {
  readonly meta: SourceMeta;
  readonly codes: readonly string[];
  readonly names: readonly (string | null)[];
  readonly levels: readonly AreaLevel[];
  readonly rowNumbers: readonly number[];
}

export type ParsedSource =
  | { readonly type: 'table'; readonly table: SourceTable }
  | { readonly type: 'boundaries'; readonly set: BoundarySet }
  | { readonly type: 'codes'; readonly list: CodeList };

/** The metadata of any parsed extract. */
export function sourceMetaOf(p: ParsedSource): SourceMeta {
  return p.type === 'table' ? p.table.meta : p.type === 'boundaries' ? p.set.meta : p.list.meta;
}

/** The distinct area codes of any parsed extract. */
export function sourceCodesOf(p: ParsedSource): ReadonlySet<string> {
  return new Set(
    p.type === 'table' ? p.table.codes : p.type === 'boundaries' ? p.set.boundaries.map((b) => b.code) : p.list.codes,
  );
}

/**
 * Whether a StatLine measure is text (names, descriptions, region and postcode
 * codes) rather than a number. Unit `code` is text except for the classes CBS
 * publishes as codes: urbanity (Mate van stedelijkheid, 1–5) and the postcode
 * coverage class.
 */
export function isTextMeasure(key: string, unit: string): boolean {
  if (unit === 'naam' || unit === 'omschrijving') return true;
  if (unit !== 'code') return false;
  return !(key.startsWith('Stedelijkheid/') || key === 'Postcode/Dekkingspercentage');
}

/** An option of every extract parser: the content hash of the file its text was read from. */
export interface ContentHashOption {
  /**
   * The SHA-256 of the file's bytes, given when the text was decoded from them without their
   * byte-order mark (`parseSourceFile` does: a text without U+FEFF is stored one byte per
   * character and decoded and scanned faster). Default: the SHA-256 of `text`, which is the same
   * for a text that is the file's whole UTF-8 decoding.
   */
  readonly contentHash?: string;
}
