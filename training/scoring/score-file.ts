/**
 * The stored score file and its reading, apart from the schema module: reading a registered
 * score set needs no zod (its bytes were checked against the registered hash), so `zicht explain`
 * of a scored area loads neither zod nor the learners.
 */
import { ZichtError } from '../../core/index.ts';
import type { AreaContribution, AreaScore, ScoreSet } from './score-schema.ts';

/**
 * The score file as stored (format version 3): per area the indicator values and contributions
 * as two arrays in the order of `features`, instead of an object per contribution (a third of the
 * size with 30 inputs), so `zicht explain` and a server start read it quickly. The in-memory
 * `ScoreSet` is the expanded form.
 */
export interface ScoreFile extends Omit<ScoreSet, 'version' | 'areas'> {
  readonly version: 3;
  readonly areas: readonly (Omit<AreaScore, 'contributions'> & {
    readonly values: readonly (number | null)[];
    readonly contributions: readonly number[];
  })[];
}

/** The stored form of a score set. */
export function packScores(s: ScoreSet): ScoreFile {
  const names = s.features.map((f) => f.name);
  return {
    ...s,
    version: 3,
    areas: s.areas.map((a) => {
      const byName = new Map(a.contributions.map((c) => [c.feature, c]));
      const cs = a.contributions.length ? names.map((n) => byName.get(n)!) : [];
      return { ...a, values: cs.map((c) => c.value), contributions: cs.map((c) => c.contribution) };
    }),
  };
}

/**
 * Read a stored score file. Its bytes were checked against the hash recorded at registration
 * (the registry refuses anything else), so this checks the format and expands it; it does not
 * re-validate every number.
 */
export function readScoreSet(text: string, source = 'scores'): ScoreSet {
  const f = JSON.parse(text) as ScoreFile;
  if (f?.format !== 'zicht-scores' || f.version !== 3 || !Array.isArray(f.areas) || !Array.isArray(f.features))
    throw new ZichtError(
      'CORRUPT_ARTIFACT',
      `${source}: not a score file of format zicht-scores version 3 (retrain a version made by an earlier zicht)`,
    );
  const names = f.features.map((x) => x.name);
  return {
    ...f,
    version: 2,
    // each area's contribution objects are made on first use: loading a version to explain one
    // area (or to serve a few) does not build 100,000 objects
    areas: f.areas.map(({ values, contributions, ...a }) => {
      let made: AreaContribution[] | undefined;
      return Object.defineProperty({ ...a }, 'contributions', {
        enumerable: true,
        get: () =>
          (made ??= contributions.map((c: number, j: number) => ({
            feature: names[j]!,
            value: values[j] ?? null,
            contribution: c,
          }))),
      }) as AreaScore;
    }),
  };
}
