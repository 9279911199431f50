import { ZichtError } from '../../core/index.ts';
import type { SourceTable } from './types.ts';

/** Per-measure data quality of one ingest. */
interface MeasureQuality {
  readonly key: string;
  readonly unit: string;
  readonly missingShare: number;
  readonly suppressedShare: number;
  readonly outOfRange: number;
  readonly min: number | null;
  readonly max: number | null;
}

/** The data-quality report of one ingest. */
export interface QualityReport {
  readonly file: string;
  readonly kind: string;
  readonly rows: number;
  readonly areas: number;
  readonly byLevel: Readonly<Record<string, number>>;
  readonly periods: readonly string[];
  readonly duplicates: number;
  readonly unmatchedCodes: readonly string[];
  readonly measures: readonly MeasureQuality[];
}

/** Plausible range for a unit; values outside are counted, not dropped. */
function rangeFor(unit: string): [number, number] {
  if (unit === '%') return [0, 100];
  if (unit === 'aantal') return [0, Number.POSITIVE_INFINITY];
  if (unit.startsWith('klasse')) return [1, 5];
  return [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
}

/** Refuse a table with two rows for the same area and period. */
export function assertNoDuplicates(t: SourceTable): void {
  const seen = new Map<string, number>();
  t.codes.forEach((c, i) => {
    const k = `${c}|${t.periods[i]}`;
    const prev = seen.get(k);
    if (prev !== undefined) {
      throw new ZichtError(
        'DATA_CONFLICT',
        `${t.meta.file}: row ${t.rowNumbers[i]} duplicates row ${t.rowNumbers[prev]}: area ${c}, period ${t.periods[i]}`,
        { file: t.meta.file, row: t.rowNumbers[i]! },
      );
    }
    seen.set(k, i);
  });
}

/** Compute the quality report; `knownCodes` (the registry) gives the unmatched codes. */
export function qualityReport(t: SourceTable, knownCodes?: ReadonlySet<string>): QualityReport {
  const n = t.codes.length;
  const byLevel: Record<string, number> = {};
  const areas = new Set<string>();
  t.codes.forEach((c, i) => {
    if (areas.has(c)) return;
    areas.add(c);
    byLevel[t.levels[i]!] = (byLevel[t.levels[i]!] ?? 0) + 1;
  });
  const measures = t.measures.map((m, j) => {
    const v = t.values[j]!,
      s = t.suppressed[j]!;
    let missing = 0,
      supp = 0,
      out = 0,
      min = Number.POSITIVE_INFINITY,
      max = Number.NEGATIVE_INFINITY;
    const [lo, hi] = rangeFor(m.unit);
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      if (s[i]) supp++;
      if (Number.isNaN(x)) {
        missing++;
        continue;
      }
      if (x < lo || x > hi) out++;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    return {
      key: m.key,
      unit: m.unit,
      missingShare: n ? missing / n : 0,
      suppressedShare: n ? supp / n : 0,
      outOfRange: out,
      min: Number.isFinite(min) ? min : null,
      max: Number.isFinite(max) ? max : null,
    };
  });
  return {
    file: t.meta.file,
    kind: t.meta.kind,
    rows: n,
    areas: areas.size,
    byLevel,
    periods: t.meta.periods,
    duplicates: 0,
    unmatchedCodes: knownCodes ? [...areas].filter((c) => !knownCodes.has(c)).sort() : [],
    measures,
  };
}
