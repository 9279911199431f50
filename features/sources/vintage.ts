import { ZichtError } from '../../core/index.ts';
import { sourceCodesOf, sourceMetaOf, type ParsedSource, type SourceMeta, type VintageBasis } from './types.ts';

/** Area codes known per boundary year (from earlier ingests: tables, boundaries, code lists). */
export type VintageRegistry = ReadonlyMap<number, ReadonlySet<string>>;

/** The boundary year decided for an extract, how, and why (for the ingest report). */
export interface VintageDecision {
  readonly vintage: number;
  readonly basis: VintageBasis;
  readonly detail: string;
}

/**
 * The vintage an extract states: the user's `--vintage` first, then what the
 * file says, then (for KWB tables only) the year of its period; otherwise
 * unknown, to be inferred from the area codes at ingest.
 */
export function statedVintage(
  option: number | undefined,
  fromFile?: number | null,
  fromPeriod?: number | null,
): Pick<SourceMeta, 'vintage' | 'vintageBasis'> {
  if (option !== undefined) return { vintage: option, vintageBasis: 'option' };
  if (fromFile !== undefined && fromFile !== null) return { vintage: fromFile, vintageBasis: 'file' };
  if (fromPeriod !== undefined && fromPeriod !== null) return { vintage: fromPeriod, vintageBasis: 'period' };
  return { vintage: null, vintageBasis: null };
}

const BASIS_TEXT: Readonly<Record<VintageBasis, string>> = {
  option: 'given with --vintage',
  file: 'stated by the file',
  period: 'the year of its period (a KWB table describes the boundaries of its own year)',
  codes: 'inferred from its area codes',
};

const sample = (codes: readonly string[]): string => codes.slice(0, 5).join(', ') + (codes.length > 5 ? ', …' : '');

/**
 * Decide the boundary year of an extract. A vintage the user gave is taken as
 * is. A vintage the file states (or the KWB period convention) is refused only
 * on positive evidence: the registry knows that year, some codes are not in
 * it, and another known year holds them all. An unknown vintage is inferred:
 * the one known year whose code list holds every area code of the file;
 * otherwise a `BAD_ARGUMENT` asking for `--vintage YYYY` — never a guess.
 */
export function resolveVintage(
  meta: SourceMeta,
  codes: ReadonlySet<string>,
  registry: VintageRegistry,
): VintageDecision {
  const n = codes.size;
  const missingIn = (v: number): string[] => {
    const known = registry.get(v);
    return [...codes].filter((c) => !known?.has(c)).sort();
  };
  const full = [...registry.keys()].filter((v) => missingIn(v).length === 0).sort((a, b) => a - b);
  if (meta.vintage !== null && meta.vintageBasis !== null) {
    const claimed = meta.vintage;
    if (meta.vintageBasis !== 'option' && registry.has(claimed) && full.length > 0 && !full.includes(claimed)) {
      const missing = missingIn(claimed);
      throw new ZichtError(
        'DATA_CONFLICT',
        `${meta.file}: its vintage ${claimed} is ${BASIS_TEXT[meta.vintageBasis]}, but ${missing.length} of its ${n} ` +
          `area codes are not in the ${claimed} code list (${sample(missing)}), while all are in ${full.join(', ')}; ` +
          'pass --vintage YYYY to say which boundary year the codes are',
        { file: meta.file, vintage: claimed },
      );
    }
    return { vintage: claimed, basis: meta.vintageBasis, detail: BASIS_TEXT[meta.vintageBasis] };
  }
  const ask = 'pass --vintage YYYY (the year of the CBS code set its area codes belong to)';
  if (registry.size === 0)
    throw new ZichtError(
      'BAD_ARGUMENT',
      `${meta.file}: the boundary vintage of its area codes is not stated and no code lists are registered ` +
        `to infer it from; ${ask}, or first ingest a KWB table or code list of that year (--kind code-list)`,
      { file: meta.file },
    );
  if (full.length === 1) {
    const v = full[0]!;
    return { vintage: v, basis: 'codes', detail: `all ${n} area codes are in the ${v} code list` };
  }
  if (full.length > 1)
    throw new ZichtError(
      'BAD_ARGUMENT',
      `${meta.file}: its ${n} area codes are in the code lists of ${full.join(', ')} alike, so the boundary ` +
        `vintage cannot be inferred; ${ask}`,
      { file: meta.file, candidates: full.map(String) },
    );
  const [best, missing] = [...registry.keys()]
    .map((v) => [v, missingIn(v)] as const)
    .sort((a, b) => a[1].length - b[1].length || b[0] - a[0])[0]!;
  throw new ZichtError(
    'BAD_ARGUMENT',
    `${meta.file}: its area codes match none of the registered code lists (closest: ${best}, which lacks ` +
      `${missing.length} of its ${n} codes: ${sample(missing)}); ${ask}`,
    { file: meta.file },
  );
}

/** The extract with its vintage decided (a new value; the input is not changed). */
export function withVintage(p: ParsedSource, d: VintageDecision): ParsedSource {
  const meta = { ...sourceMetaOf(p), vintage: d.vintage, vintageBasis: d.basis };
  if (p.type === 'table') return { type: 'table', table: { ...p.table, meta } };
  if (p.type === 'boundaries') return { type: 'boundaries', set: { ...p.set, meta } };
  return { type: 'codes', list: { ...p.list, meta } };
}

/** Decide the vintage of an extract against a registry: `resolveVintage` on its metadata and codes. */
export function decideVintage(p: ParsedSource, registry: VintageRegistry): VintageDecision {
  return resolveVintage(sourceMetaOf(p), sourceCodesOf(p), registry);
}

/** The registry extended with an extract's codes under its decided vintage (for the next file of one ingest). */
export function registerCodes(registry: VintageRegistry, p: ParsedSource, vintage: number): VintageRegistry {
  const next = new Map(registry);
  next.set(vintage, new Set([...(registry.get(vintage) ?? []), ...sourceCodesOf(p)]));
  return next;
}
