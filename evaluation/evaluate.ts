import { clusterBootstrap, clusterBootstrapMany, type Estimate } from './bootstrap.ts';
import { auditGroups, groupLabels, proxyCheck, DISPARITY_BAND, type GroupSpec } from './fairness.ts';
import {
  brier,
  calibrationCurve,
  capacityFlags,
  ece,
  logLoss,
  poissonDeviance,
  prAuc,
  rocAuc,
  rocCurve,
  topShareFlags,
} from './metrics.ts';
import { MIN_COUNT, MIN_POPULATION, planSuppression } from './privacy.ts';
import { empiricalBayesRates, localClusters, moransI, neighbourIndex } from './spatial.ts';
import { provenanceOf, type FeedbackRound } from './label-bias.ts';
import { evaluationReportSchema, jsonSafe, type EvaluationReport } from './report.ts';

/** Out-of-fold predictions of a grouped cross-validation, one row per (area, period). */
export interface CvPredictions {
  readonly folds: number;
  readonly codes: readonly string[];
  readonly periods: readonly string[];
  readonly groups: readonly string[];
  readonly fold: Int32Array;
  readonly y: Float64Array;
  readonly counts: Float64Array;
  readonly population: Float64Array;
  /** Calibrated probability (binary) or predicted count (count target). */
  readonly prediction: Float64Array;
}

export interface EvaluationInputs {
  readonly model: { readonly name: string; readonly kind: string };
  readonly seed: number;
  readonly synthetic: boolean;
  readonly target: 'binary-top' | 'count';
  readonly crimeCode: string;
  readonly cv: CvPredictions;
  readonly holdout: {
    readonly trainPeriods: readonly string[];
    readonly testPeriod: string;
    readonly labelPeriod: string;
    readonly y: Float64Array;
    readonly prediction: Float64Array;
    readonly groups: readonly string[];
  } | null;
  readonly baselines: readonly {
    readonly name: string;
    readonly description: string;
    readonly prediction: Float64Array;
  }[];
  /** Protected attributes aligned with the CV rows. */
  readonly protectedAttributes: ReadonlyMap<string, Float64Array>;
  readonly groupSpecs: readonly GroupSpec[];
  /** Areas a stadsmarinier can visit per municipality. */
  readonly capacityK: number;
  /** Share of areas flagged for the fairness audit (top share by score). */
  readonly flagShare: number;
  readonly adjacency: ReadonlyMap<string, readonly string[]> | null;
  readonly labelBias: {
    readonly comparison: EvaluationReport['labelBias']['comparison'];
    readonly persistence: EvaluationReport['labelBias']['persistence'];
    readonly feedback: EvaluationReport['labelBias']['feedback'];
  };
  readonly differentialPrivacy: EvaluationReport['privacy']['differentialPrivacy'];
  readonly globalImportance: readonly { readonly feature: string; readonly meanAbsContribution: number }[];
  readonly replicates?: number;
}

function metricSet(
  target: 'binary-top' | 'count',
  y: Float64Array,
  p: Float64Array,
  groups: readonly string[],
  seed: number,
  B: number,
): Record<string, Estimate> {
  const metrics =
    target === 'count'
      ? { poissonDeviance }
      : { auc: rocAuc, prAuc, brier, logLoss, ece: (a: Float64Array, b: Float64Array) => ece(a, b) };
  return clusterBootstrapMany(metrics, y, p, groups, { seed, replicates: B });
}

/**
 * Assemble the evaluation report from cross-validated predictions, the
 * temporal holdout, baselines and the protected attributes. Every headline
 * figure carries a cluster-bootstrap CI over municipalities.
 */
export function buildEvaluationReport(inp: EvaluationInputs): EvaluationReport {
  const B = inp.replicates ?? 100;
  const { cv } = inp;
  const binaryY = inp.target === 'count' ? cv.counts.map((c, i) => (c / Math.max(cv.population[i]!, 1)) * 1000) : cv.y;
  const score = cv.prediction;
  const perFold = Array.from({ length: cv.folds }, (_, f) => {
    const rows = [...cv.fold.keys()].filter((i) => cv.fold[i] === f);
    const y = Float64Array.from(rows, (i) => cv.y[i]!),
      p = Float64Array.from(rows, (i) => score[i]!);
    return {
      fold: f,
      n: rows.length,
      metrics:
        inp.target === 'count'
          ? { poissonDeviance: poissonDeviance(y, p) }
          : { auc: rocAuc(y, p), prAuc: prAuc(y, p), brier: brier(y, p) },
    };
  });
  const flagsCap = capacityFlags(
    score,
    cv.groups.map((g, i) => `${g}|${cv.periods[i]}`),
    inp.capacityK,
  );
  const capY = inp.target === 'count' ? topShareFlags(binaryY, inp.flagShare) : cv.y;
  const capRows = (rows: readonly number[], which: 'precision' | 'recall') => {
    let tp = 0,
      f = 0,
      P = 0;
    for (const i of rows) {
      const pos = capY[i]! > 0;
      if (pos) P++;
      if (flagsCap[i]) {
        f++;
        if (pos) tp++;
      }
    }
    return which === 'precision' ? (f ? tp / f : Number.NaN) : P ? tp / P : Number.NaN;
  };
  // fairness over areas: flags = top share by score; labels = observed positives
  const flags = topShareFlags(score, inp.flagShare);
  const auditY = inp.target === 'count' ? topShareFlags(binaryY, inp.flagShare) : cv.y;
  const prob = inp.target === 'count' ? score.map((s, i) => s / Math.max(cv.population[i]!, 1)) : score;
  const attributes = inp.groupSpecs
    .filter((s) => inp.protectedAttributes.has(s.attribute))
    .map((spec, k) =>
      auditGroups({
        y: auditY,
        flags,
        probability: prob,
        clusters: cv.groups,
        labels: groupLabels(inp.protectedAttributes.get(spec.attribute)!, spec),
        attribute: spec.attribute,
        seed: inp.seed + 100 * k,
        replicates: Math.min(B, 100),
      }),
    );
  const intersections =
    inp.groupSpecs.length >= 2 &&
    inp.protectedAttributes.has(inp.groupSpecs[0]!.attribute) &&
    inp.protectedAttributes.has(inp.groupSpecs[1]!.attribute)
      ? (() => {
          const [a, b] = [inp.groupSpecs[0]!, inp.groupSpecs[1]!];
          const la = groupLabels(inp.protectedAttributes.get(a.attribute)!, a),
            lb = groupLabels(inp.protectedAttributes.get(b.attribute)!, b);
          return [
            auditGroups({
              y: auditY,
              flags,
              probability: prob,
              clusters: cv.groups,
              labels: la.map((x, i) => `${x} × ${lb[i]}`),
              attribute: `${a.attribute} × ${b.attribute}`,
              seed: inp.seed + 999,
              replicates: Math.min(B, 50),
            }),
          ];
        })()
      : [];
  const labelRate = cv.counts.map((c, i) => (c / Math.max(cv.population[i]!, 1)) * 1000);
  const proxy = [...inp.protectedAttributes].map(([name, col], k) => ({
    attribute: name,
    ...proxyCheck({
      score,
      labelRate,
      attribute: col,
      clusters: cv.groups,
      seed: inp.seed + 500 + k,
      replicates: Math.min(B, 50),
    }),
  }));
  const fairnessWarnings = [
    ...attributes.flatMap((a) =>
      a.groups.filter((g) => g.warning).map((g) => `${a.attribute} / ${g.group}: ${g.warning}`),
    ),
    ...attributes.flatMap((a) =>
      a.groups
        .filter(
          (g) => g.group !== a.reference && !g.disparity['flagRate']!.inBand && g.disparity['flagRate']!.significant,
        )
        .map(
          (g) =>
            `${a.attribute} / ${g.group}: flag rate ${g.disparity['flagRate']!.estimate.toFixed(2)}× the reference group (${a.reference}), outside 0.8–1.25`,
        ),
    ),
    ...proxy
      .filter((p) => p.tracksMoreThanLabels)
      .map(
        (p) =>
          `scores follow ${p.attribute} more closely than the registered crime does (|ρ| ${Math.abs(p.rhoScore).toFixed(2)} vs ${Math.abs(p.rhoLabel).toFixed(2)})`,
      ),
  ];
  // privacy: suppression plan for the latest period's label counts, by gemeente as parent
  const lastPeriod = [...new Set(cv.periods)].sort().at(-1)!;
  const lastRows = [...cv.periods.keys()].filter((i) => cv.periods[i] === lastPeriod);
  const plan = planSuppression({
    codes: lastRows.map((i) => cv.codes[i]!),
    parents: lastRows.map((i) => cv.groups[i]!),
    population: lastRows.map((i) => cv.population[i]!),
    counts: lastRows.map((i) => cv.counts[i]!),
  });
  const byReason: Record<string, number> = {};
  for (const s of plan.suppressed) byReason[s.reason] = (byReason[s.reason] ?? 0) + 1;
  // spatial: residuals and flags of the latest period on the contiguity graph
  let spatial: EvaluationReport['spatial'] = null;
  if (inp.adjacency) {
    const codes = lastRows.map((i) => cv.codes[i]!);
    const nb = neighbourIndex(codes, inp.adjacency);
    const eb = empiricalBayesRates(
      lastRows.map((i) => cv.counts[i]!),
      lastRows.map((i) => cv.population[i]!),
    );
    const resid = lastRows.map((i, k) =>
      inp.target === 'count'
        ? eb[k]! * 1000 - (score[i]! / Math.max(cv.population[i]!, 1)) * 1000
        : cv.y[i]! - score[i]!,
    );
    spatial = {
      residuals: moransI(resid, nb, { seed: inp.seed + 7 }),
      flags: moransI(
        lastRows.map((i) => flags[i]!),
        nb,
        { seed: inp.seed + 8 },
      ),
      clusters: localClusters(codes, resid, nb, { seed: inp.seed + 9 }),
      smoothing:
        'Residuals use empirical-Bayes smoothed rates (Marshall, global) for count targets; weights: row-standardised polygon contiguity.',
    };
  }
  const provenance = provenanceOf(inp.crimeCode);
  const report = {
    format: 'zicht-evaluation-report' as const,
    version: 1 as const,
    model: inp.model,
    createdAt: new Date().toISOString(),
    synthetic: inp.synthetic,
    seed: inp.seed,
    target: inp.target,
    crimeCode: inp.crimeCode,
    accuracy: {
      crossValidation: {
        folds: cv.folds,
        grouping: 'gemeente' as const,
        n: cv.y.length,
        metrics: metricSet(inp.target, cv.y, score, cv.groups, inp.seed, B),
        perFold,
        roc: inp.target === 'count' ? [] : rocCurve(cv.y, score),
        calibration: inp.target === 'count' ? [] : calibrationCurve(cv.y, score),
      },
      temporalHoldout: inp.holdout
        ? {
            trainPeriods: [...inp.holdout.trainPeriods],
            testPeriod: inp.holdout.testPeriod,
            labelPeriod: inp.holdout.labelPeriod,
            n: inp.holdout.y.length,
            metrics: metricSet(inp.target, inp.holdout.y, inp.holdout.prediction, inp.holdout.groups, inp.seed + 50, B),
          }
        : null,
      capacity: {
        k: inp.capacityK,
        precision: clusterBootstrap((r) => capRows(r, 'precision'), cv.groups, { seed: inp.seed + 60, replicates: B }),
        recall: clusterBootstrap((r) => capRows(r, 'recall'), cv.groups, { seed: inp.seed + 61, replicates: B }),
      },
      baselines: inp.baselines.map((b, k) => ({
        name: b.name,
        description: b.description,
        metrics: metricSet(
          inp.target === 'count' ? 'count' : 'binary-top',
          cv.y,
          b.prediction,
          cv.groups,
          inp.seed + 70 + k,
          B,
        ),
      })),
    },
    fairness: {
      band: [DISPARITY_BAND[0], DISPARITY_BAND[1]] as [number, number],
      flagRule: `top ${(100 * inp.flagShare).toFixed(0)}% of areas by score`,
      attributes,
      intersections,
      proxy,
      warnings: fairnessWarnings,
    },
    privacy: {
      minPopulation: MIN_POPULATION,
      minCount: MIN_COUNT,
      areasBelowMinPopulation: byReason['population'] ?? 0,
      suppressedByReason: byReason,
      suppressed: plan.suppressed,
      recoverableAfterSecondarySuppression: plan.check.recoverable,
      differentialPrivacy: inp.differentialPrivacy,
    },
    spatial,
    labelBias: {
      provenance,
      ...inp.labelBias,
      warnings:
        provenance === 'discovered'
          ? [
              `Crime code ${inp.crimeCode} is mostly discovered by enforcement: registered counts measure police attention as well as crime. Areas that were policed more heavily in the past look riskier; flags can reinforce themselves.`,
            ]
          : [],
    },
    globalImportance: [...inp.globalImportance],
  };
  return evaluationReportSchema.parse(jsonSafe(report));
}

export type { FeedbackRound };
