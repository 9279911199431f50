import type { FeatureStore } from './store.ts';

/** One observed value: area, measure, and the source it came from. */
export interface ObsRow {
  code: string;
  measure: string;
  value: number | null;
  vintage: number;
  id: string;
  synthetic: boolean;
}

interface Holder {
  readonly source_id: string;
  readonly idx: number;
  readonly key: string;
  readonly vintage: number;
  readonly synthetic: boolean;
}

/** The sources holding some of `measures` in `period`, oldest first, with the columns they hold them in. */
async function holdersBySource(
  store: FeatureStore,
  period: string,
  measures: readonly string[],
): Promise<Map<string, Holder[]>> {
  const holders = await store.db.all<Holder & { periods: string }>(
    `
    SELECT m.source_id, m.idx, m.key, s.vintage, s.synthetic, s.periods FROM measures m JOIN sources s ON s.id = m.source_id
    WHERE m.key IN (${measures.map(() => '?').join(', ')}) ORDER BY s.seq`,
    [...measures],
  );
  const bySource = new Map<string, Holder[]>();
  for (const h of holders)
    if ((JSON.parse(h.periods) as string[]).includes(period))
      bySource.set(h.source_id, [...(bySource.get(h.source_id) ?? []), h]);
  return bySource;
}

/** One source's values of its holders' columns in `period`: codes, then one column per holder. */
async function sourceColumns(
  store: FeatureStore,
  id: string,
  hs: readonly Holder[],
  period: string,
): Promise<{ codes: string[]; values: (number | null)[][] }> {
  const cols = await store.db.columns(
    `SELECT code, ${hs.map((h) => `m${h.idx}`).join(', ')} FROM obs_${id} WHERE period = ?`,
    [period],
  );
  return { codes: cols[0] as string[], values: cols.slice(1) as (number | null)[][] };
}

/** Observations of some measures in one period; the most recently ingested source wins per (area, measure). */
export async function readObservations(
  store: FeatureStore,
  period: string,
  measures: readonly string[],
): Promise<ObsRow[]> {
  if (measures.length === 0) return [];
  const latest = new Map<string, ObsRow>();
  for (const [id, hs] of await holdersBySource(store, period, measures)) {
    const { codes, values } = await sourceColumns(store, id, hs, period);
    hs.forEach((h, k) => {
      const vals = values[k]!;
      codes.forEach((code, i) => {
        const v = vals[i];
        if (v === null || v === undefined) return;
        latest.set(`${code}|${h.key}`, {
          code,
          measure: h.key,
          value: v,
          vintage: h.vintage,
          id,
          synthetic: h.synthetic,
        });
      });
    });
  }
  return [...latest.values()];
}

/** A source that supplies at least one of the values read. */
interface WinningSource {
  readonly id: string;
  readonly vintage: number;
  readonly synthetic: boolean;
}

/**
 * What `readObservations` returns, as columns: every area with at least one value, each measure's
 * values aligned with `codes` (NaN: no value), the source each value came from (an index into
 * `sources`, −1 for none), and the sources that supply at least one value, in the order their
 * first value appears in `readObservations`' rows.
 */
export interface ObservationColumns {
  readonly codes: readonly string[];
  readonly values: ReadonlyMap<string, Float64Array>;
  readonly from: ReadonlyMap<string, Int32Array>;
  readonly sources: readonly WinningSource[];
}

/**
 * `readObservations` without an object per value: the same values and the same winners (the most
 * recently ingested source per area and measure), read one source column at a time into typed arrays.
 */
export async function readObservationColumns(
  store: FeatureStore,
  period: string,
  measures: readonly string[],
): Promise<ObservationColumns> {
  const bySource = measures.length ? await holdersBySource(store, period, measures) : new Map<string, Holder[]>();
  const read: { id: string; hs: Holder[]; codes: string[]; values: (number | null)[][] }[] = [];
  let capacity = 0;
  for (const [id, hs] of bySource) {
    const cols = await sourceColumns(store, id, hs, period);
    capacity += cols.codes.length;
    read.push({ id, hs, ...cols });
  }
  const index = new Map<string, number>();
  const codes: string[] = [];
  const values = new Map<string, Float64Array>();
  const from = new Map<string, Int32Array>();
  // the position at which readObservations' row for (area, measure) was first inserted
  const position = new Map<string, Int32Array>();
  let inserted = 0;
  read.forEach(({ hs, codes: rowCodes, values: cols }, s) => {
    hs.forEach((h, k) => {
      let vals = values.get(h.key);
      if (!vals) {
        vals = new Float64Array(capacity).fill(Number.NaN);
        values.set(h.key, vals);
        from.set(h.key, new Int32Array(capacity).fill(-1));
        position.set(h.key, new Int32Array(capacity).fill(-1));
      }
      const src = from.get(h.key)!,
        pos = position.get(h.key)!;
      const col = cols[k]!;
      for (let i = 0; i < rowCodes.length; i++) {
        const v = col[i];
        if (v === null || v === undefined) continue;
        const code = rowCodes[i]!;
        let a = index.get(code);
        if (a === undefined) {
          a = codes.length;
          index.set(code, a);
          codes.push(code);
        }
        vals[a] = v;
        src[a] = s;
        if (pos[a] === -1) pos[a] = inserted++;
      }
    });
  });
  const first = new Map<number, number>();
  for (const [key, src] of from) {
    const pos = position.get(key)!;
    for (let a = 0; a < codes.length; a++) {
      const s = src[a]!;
      if (s < 0) continue;
      const seen = first.get(s);
      if (seen === undefined || pos[a]! < seen) first.set(s, pos[a]!);
    }
  }
  const order = [...first].sort((x, y) => x[1] - y[1]).map(([s]) => s);
  const sources = order.map((s) => ({
    id: read[s]!.id,
    vintage: read[s]!.hs[0]!.vintage,
    synthetic: read[s]!.hs[0]!.synthetic,
  }));
  const rank = new Map(order.map((s, r) => [s, r]));
  for (const src of from.values()) for (let a = 0; a < codes.length; a++) if (src[a]! >= 0) src[a] = rank.get(src[a]!)!;
  const n = codes.length;
  return {
    codes,
    values: new Map([...values].map(([k, v]) => [k, v.subarray(0, n)])),
    from: new Map([...from].map(([k, v]) => [k, v.subarray(0, n)])),
    sources,
  };
}
