import { FeatureStore, levelOf } from '../features/index.ts';
import type { QualityReport } from './ui/index.ts';

interface Snapshot {
  readonly geometry: ReadonlyMap<string, unknown>;
  readonly names: ReadonlyMap<string, string>;
  readonly populations: ReadonlyMap<string, number | null>;
  readonly quality: readonly QualityReport[];
}

const EMPTY: Snapshot = { geometry: new Map(), names: new Map(), populations: new Map(), quality: [] };

/**
 * What the server needs from the feature store (boundaries, area names and populations,
 * quality reports), read into memory. DuckDB allows one writing process: while a training run
 * or an ingest holds it, a refresh fails and the last copy keeps serving — pages never answer
 * 500 because of the lock, and nothing here ever holds it for longer than a refresh.
 */
export class StoreCache {
  #snap: Snapshot = EMPTY;
  #loadedAt: string | null = null;

  constructor(readonly home: string) {}

  get geometry(): ReadonlyMap<string, unknown> {
    return this.#snap.geometry;
  }
  get names(): ReadonlyMap<string, string> {
    return this.#snap.names;
  }
  /** Registered population per area code (latest vintage), for the serve-time suppression check. */
  get populations(): ReadonlyMap<string, number | null> {
    return this.#snap.populations;
  }
  get quality(): readonly QualityReport[] {
    return this.#snap.quality;
  }
  get loadedAt(): string | null {
    return this.#loadedAt;
  }

  /** Re-read from the store; false (and the old copy kept) when the store is busy or absent. */
  async refresh(): Promise<boolean> {
    let store: FeatureStore;
    try {
      store = await FeatureStore.open(this.home);
    } catch {
      return false;
    }
    try {
      const vintage = await store.latestVintage();
      const geometry = vintage === null ? [] : await store.boundaries(vintage);
      const areas = await store.areas({});
      const sources = await store.sources();
      this.#snap = {
        geometry: new Map(geometry.map((g) => [g.code, g.geometry])),
        names: new Map(areas.map((a) => [a.code, a.name])),
        populations: new Map(areas.map((a) => [a.code, a.population])),
        quality: sources.filter((x) => x.quality).map(qualityReport),
      };
      this.#loadedAt = new Date().toISOString();
      return true;
    } catch {
      return false;
    } finally {
      store.close();
    }
  }

  /** Boundaries of one level, for a card's map. */
  boundariesOf(level: string): { code: string; geometry: unknown }[] {
    return [...this.#snap.geometry]
      .filter(([code]) => levelOf(code) === level)
      .map(([code, geometry]) => ({ code, geometry }));
  }
}

/** A data-quality report of one ingest, as the training page shows it: kinds and figures, worded by the UI. */
function qualityReport(x: Awaited<ReturnType<FeatureStore['sources']>>[number]): QualityReport {
  const q = x.quality!;
  return {
    ingestId: x.id,
    // the file's name only: a server path is nobody's business
    source: x.file.split(/[\\/]/).at(-1) ?? x.file,
    period: x.periods.join(', '),
    createdAt: x.ingestedAt,
    rows: q.rows,
    checks: [
      { kind: 'areas', measure: null, status: 'ok', figures: { ...q.byLevel } },
      ...q.measures
        .filter((m) => m.missingShare > 0.05)
        .slice(0, 6)
        .map((m) => ({
          kind: 'missing' as const,
          measure: m.key,
          status: (m.missingShare > 0.3 ? 'fail' : 'warn') as 'fail' | 'warn',
          figures: { missing: m.missingShare, suppressed: m.suppressedShare },
        })),
      ...q.measures
        .filter((m) => m.outOfRange > 0)
        .slice(0, 4)
        .map((m) => ({
          kind: 'out-of-range' as const,
          measure: m.key,
          status: 'warn' as const,
          figures: { count: m.outOfRange },
        })),
      {
        kind: 'unmatched',
        measure: null,
        status: q.unmatchedCodes.length ? 'warn' : 'ok',
        figures: { count: q.unmatchedCodes.length },
      },
    ],
  };
}
