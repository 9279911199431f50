import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { ZichtError, sha256 } from '../../core/index.ts';
import { looksLikeCodeList, parseCodeList } from './code-list.ts';
import { parseGeoJson } from './geojson.ts';
import { parseOdataTable } from './odata.ts';
import { parsePoliceBuurtCsv, parsePoliceCsv, parsePoliceOdata } from './police.ts';
import { assertNoDuplicates } from './quality.ts';
import { parseStatlineCsv } from './statline-csv.ts';
import { parseKwbTidyCsv, parseLongCsv } from './tidy.ts';
import { SOURCE_KINDS, type ParsedSource, type SourceKind, type SourceTable } from './types.ts';

export interface ParseFileOptions {
  readonly kind?: SourceKind;
  readonly period?: string;
  readonly vintage?: number;
  readonly synthetic?: boolean;
  /** For OData tables: the DataProperties file. */
  readonly properties?: string;
  /** For a StatLine export without codes: the export to join to by row order. */
  readonly joinRows?: SourceTable;
  readonly tableId?: string;
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new ZichtError('NOT_FOUND', `${path}: file cannot be read`, { file: path });
  }
}

/** A whole file decoded as UTF-8 (a byte-order mark stays in the text). */
function read(path: string): string {
  return readBytes(path).toString('utf8');
}

/**
 * An extract's text without its byte-order mark, and the SHA-256 of its bytes — the same hash as
 * that of the whole decoded text. Without U+FEFF, V8 keeps a CBS export (ASCII and Latin-1) one
 * byte per character: decoding, scanning and hashing it take about half the time. A file that is
 * not valid UTF-8 is decoded whole, as before (invalid bytes become U+FFFD), and its text hashed.
 */
function readExtract(path: string): { text: string; contentHash: string; bom: boolean } {
  const bytes = readBytes(path);
  if (!isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    return { text, contentHash: sha256(text), bom: false };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { text: bytes.toString('utf8', bom ? 3 : 0), contentHash: sha256(bytes), bom };
}

/** The DataProperties file an OData table needs to name its measures. */
function needProperties(path: string, opts: ParseFileOptions): string {
  if (!opts.properties)
    throw new ZichtError(
      'BAD_ARGUMENT',
      `${path}: an OData table needs its DataProperties file to resolve its measure keys ` +
        '(--properties DataProperties_<table>.json)',
      { file: path },
    );
  return opts.properties;
}

/** Decide the kind of an extract from its name and first bytes. */
function detectKind(path: string, text: string): SourceKind {
  const head = text.replace(/^\ufeff/, '').slice(0, 2000);
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (/\.(geo)?json$/i.test(path) && /"FeatureCollection"/.test(head)) return 'geojson';
  if (/\.json$/i.test(path)) return /SoortMisdrijf|GeregistreerdeMisdrijven/.test(head) ? 'police-odata' : 'odata-json';
  if (/SoortMisdrijf|Soort misdrijf/.test(firstLine)) return 'police-csv';
  if (/buurt_code/.test(firstLine) && /categorie/.test(firstLine)) return 'police-buurt-csv';
  if (/area_code/.test(firstLine)) return 'long-csv';
  if (/^"?code"?,/.test(firstLine)) return 'kwb-tidy-csv';
  if (looksLikeCodeList(firstLine)) return 'code-list';
  if (firstLine.includes(';') || /\//.test(firstLine)) return 'statline-csv';
  throw new ZichtError(
    'PARSE_ERROR',
    `${path}: cannot tell what kind of extract this is; pass --kind (one of ${SOURCE_KINDS.join(', ')})`,
    { file: path },
  );
}

/**
 * Parse one extract file of any supported kind. Throws a `ZichtError` naming
 * the file, row and column for every malformed input; never returns partial data.
 */
export function parseSourceFile(path: string, opts: ParseFileOptions = {}): ParsedSource {
  const { text, contentHash, bom } = readExtract(path);
  if (text.trim().length === 0) throw new ZichtError('PARSE_ERROR', `${path}: the file is empty`, { file: path });
  const kind = opts.kind ?? detectKind(path, text);
  const stated = {
    ...(opts.synthetic !== undefined ? { synthetic: opts.synthetic } : {}),
    ...(opts.vintage !== undefined ? { vintage: opts.vintage } : {}),
  };
  const common = { ...stated, contentHash };
  // a hash over the text and a DataProperties file's (OData, police CSV with properties) takes the whole text
  const whole = bom ? `\ufeff${text}` : text;
  let table: SourceTable;
  switch (kind) {
    case 'geojson':
      return { type: 'boundaries', set: parseGeoJson(text, path, common) };
    case 'statline-csv':
      table = parseStatlineCsv(text, path, {
        ...common,
        ...(opts.period ? { period: opts.period } : {}),
        ...(opts.tableId ? { tableId: opts.tableId } : {}),
        ...(opts.joinRows ? { joinByRowOrder: opts.joinRows } : {}),
      });
      break;
    case 'odata-json': {
      const properties = needProperties(path, opts);
      table = parseOdataTable(whole, path, read(properties), properties, {
        ...stated,
        ...(opts.period ? { period: opts.period } : {}),
        ...(opts.tableId ? { tableId: opts.tableId } : {}),
      });
      break;
    }
    case 'police-csv':
      table = opts.properties
        ? parsePoliceCsv(whole, path, stated, { text: read(opts.properties), file: opts.properties })
        : parsePoliceCsv(text, path, common);
      break;
    case 'police-odata':
      table = parsePoliceOdata(whole, path, read(needProperties(path, opts)), needProperties(path, opts), stated);
      break;
    case 'police-buurt-csv':
      table = parsePoliceBuurtCsv(text, path, common);
      break;
    case 'kwb-tidy-csv':
      table = parseKwbTidyCsv(text, path, { ...common, ...(opts.period ? { period: opts.period } : {}) });
      break;
    case 'long-csv':
      table = parseLongCsv(text, path, common);
      break;
    case 'code-list':
      return { type: 'codes', list: parseCodeList(text, path, common) };
  }
  assertNoDuplicates(table);
  return { type: 'table', table };
}
