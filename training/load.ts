import { ZichtError, createFrame, createRng, takeRows } from '../core/index.ts';
import { interventionalTreeShap } from './explain/index.ts';
import { TreeEnsembleModel } from './learners/index.ts';
import type { FeatureStore } from '../features/index.ts';
import { parseArtifact, type Artifact } from './artifact/index.ts';
import { loadJobCalibrator, type Calibrator } from './scoring/learn.ts';
import { readScoreSet } from './scoring/score-file.ts';
import type { AreaContribution, ScoreSet } from './scoring/score-schema.ts';
import { loadModel } from './learners/index.ts';
import type { ModelRegistry } from './registry/index.ts';
import type { FittedModel } from './types.ts';

/** One area's exact explanation in margin space. */
interface AreaExplanation {
  readonly area: string;
  readonly name: string;
  readonly period: string;
  readonly baseValue: number;
  readonly output: number;
  readonly score: number;
  readonly contributions: AreaContribution[];
}

/** A registered version loaded for scoring and explaining. */
export interface LoadedVersion {
  readonly artifact: Artifact;
  readonly model: FittedModel;
  readonly calibrator: Calibrator;
  readonly scores: ScoreSet;
  readonly synthetic: boolean;
  /** Explain one feature row (NaN = missing) exactly. */
  explainRow(row: Float64Array): {
    baseValue: number;
    output: number;
    score: number;
    contributions: AreaContribution[];
  };
  /** What-if on a scored area: its stored indicator values with some changed. */
  whatIf(
    code: string,
    changes: Readonly<Record<string, number>>,
  ): { margin: number; score: number; baseValue: number; contributions: AreaContribution[] };
  /** Explain an area of the scored period from the feature store, optionally with changed values. */
  explainArea(store: FeatureStore, code: string, changes?: Readonly<Record<string, number>>): Promise<AreaExplanation>;
  /**
   * Interventional explanation of an area against a seeded background sample of the
   * period's areas (tree models): baseValue = mean margin of the background.
   */
  explainAreaInterventional(
    store: FeatureStore,
    code: string,
    opts: { background: number; seed: number },
  ): Promise<AreaExplanation>;
}

/**
 * Load a version's artifact (hash-checked), model, calibration and precomputed scores; a caller
 * that has already read the version's score set passes it, so it is not read again.
 */
export function loadVersionModel(
  registry: ModelRegistry,
  name: string,
  version: number,
  read: { readonly scores?: ScoreSet } = {},
): LoadedVersion {
  const v = registry.get(name, version);
  const artifact = parseArtifact(registry.readFile(v, 'artifact.json'), `artifact of ${v.name}@${v.version}`);
  const model = loadModel(artifact.model);
  const calibrator = loadJobCalibrator(artifact.calibration, artifact.link);
  const scores = read.scores ?? readScoreSet(registry.readFile(v, 'scores.json'), `scores of ${name}@${version}`);
  const names = artifact.features.map((f) => f.name);
  const count = artifact.label.target === 'count';
  const checkChanges = (changes: Readonly<Record<string, number>>) => {
    for (const k of Object.keys(changes))
      if (!names.includes(k))
        throw new ZichtError('UNKNOWN_FEATURE', `unknown indicator '${k}'; the model uses: ${names.join(', ')}`, {
          feature: k,
        });
  };
  const explainRow = (row: Float64Array) => {
    const X = createFrame(
      names,
      names.map((_, j) => Float64Array.of(row[j]!)),
    );
    const c = model.contributions(X);
    const out = c.output[0]!;
    return {
      baseValue: c.baseValue,
      output: out,
      score: count ? Math.exp(out) : calibrator.apply(Float64Array.of(out))[0]!,
      contributions: names.map((feature, j) => ({
        feature,
        value: Number.isFinite(row[j]!) ? row[j]! : null,
        contribution: c.values[j]!,
      })),
    };
  };
  const byCode = new Map(scores.areas.map((a) => [a.code, a]));
  const lag = artifact.label.lagFeature
    ? { crimeCode: artifact.label.crimeCode, minPopulation: scores.minPopulation }
    : undefined;
  return {
    artifact,
    model,
    calibrator,
    scores,
    synthetic: artifact.data.synthetic,
    explainRow,
    whatIf(code, changes) {
      checkChanges(changes);
      const a = byCode.get(code);
      if (!a || a.suppressed) throw new ZichtError('NOT_FOUND', `area '${code}' not found`, { code });
      const values = new Map(a.contributions.map((c) => [c.feature, c.value ?? Number.NaN]));
      const row = Float64Array.from(names, (n) => changes[n] ?? values.get(n) ?? Number.NaN);
      const r = explainRow(row);
      return { margin: r.output, score: r.score, baseValue: r.baseValue, contributions: r.contributions };
    },
    async explainArea(store, code, changes = {}) {
      checkChanges(changes);
      // the feature store (DuckDB) only when an explanation needs a row the score set does not hold
      const { periodFrame } = await import('./scoring/scoring.ts');
      const f = await periodFrame(
        store,
        artifact.features.map((x) => `${x.view}@${x.viewVersion}`).filter((x, i, all) => all.indexOf(x) === i),
        artifact.data.level,
        scores.period,
        names,
        lag,
      );
      const i = f.codes.indexOf(code);
      if (i < 0)
        throw new ZichtError(
          'UNKNOWN_AREA',
          `unknown area '${code}' in ${scores.period} (vintage ${f.vintage}); see 'zicht areas list'`,
          { code },
        );
      if (!(f.population[i]! >= scores.minPopulation))
        throw new ZichtError(
          'SUPPRESSED',
          `area '${code}' has fewer than ${scores.minPopulation} inhabitants: it is never scored or explained`,
          { code },
        );
      const row = Float64Array.from(names, (n, j) => changes[n] ?? f.X.data[j]![i]!);
      return { area: code, name: f.names.get(code) ?? code, period: scores.period, ...explainRow(row) };
    },
    async explainAreaInterventional(store, code, opts) {
      if (!(model instanceof TreeEnsembleModel))
        throw new ZichtError(
          'BAD_ARGUMENT',
          `interventional explanations are for tree models; ${name}@${version} is ${artifact.kind}, whose additive contributions are exact already`,
        );
      // the feature store (DuckDB) only when an explanation needs a row the score set does not hold
      const { periodFrame } = await import('./scoring/scoring.ts');
      const f = await periodFrame(
        store,
        artifact.features.map((x) => `${x.view}@${x.viewVersion}`).filter((x, k, all) => all.indexOf(x) === k),
        artifact.data.level,
        scores.period,
        names,
        lag,
      );
      const i = f.codes.indexOf(code);
      if (i < 0)
        throw new ZichtError('UNKNOWN_AREA', `unknown area '${code}' in ${scores.period}; see 'zicht areas list'`, {
          code,
        });
      if (!(f.population[i]! >= scores.minPopulation))
        throw new ZichtError(
          'SUPPRESSED',
          `area '${code}' has fewer than ${scores.minPopulation} inhabitants: it is never scored or explained`,
          { code },
        );
      const eligible = f.codes.map((_, k) => k).filter((k) => f.population[k]! >= scores.minPopulation);
      const rng = createRng(opts.seed);
      const sample = Array.from(
        { length: Math.min(opts.background, eligible.length) },
        () => eligible[rng.int(eligible.length)]!,
      );
      const c = interventionalTreeShap(model.ensemble, takeRows(f.X, [i]), takeRows(f.X, sample));
      const out = c.output[0]!;
      return {
        area: code,
        name: f.names.get(code) ?? code,
        period: scores.period,
        baseValue: c.baseValue,
        output: out,
        score: count ? Math.exp(out) : calibrator.apply(Float64Array.of(out))[0]!,
        contributions: names.map((feature, j) => {
          const v = f.X.data[j]![i]!;
          return { feature, value: Number.isFinite(v) ? v : null, contribution: c.values[j]! };
        }),
      };
    },
  };
}
