import { clusterBootstrap, clusterBootstrapMany, type Estimate, type Rows } from './bootstrap.ts';
import { auditGroups, groupLabels, DISPARITY_BAND, type AttributeAudit, type GroupSpec } from './fairness.ts';
import { provenanceOf } from './label-bias.ts';
import {
  assertProbabilities,
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
import { proxyFindings, STRONG_PROXY } from './proxy.ts';
import { evaluationReportSchema, jsonSafe, type EvaluationReport, type RunFacts } from './report.ts';
import { empiricalBayesRates, localClusters, moransI, neighbourIndex } from './spatial.ts';
import { computeVerdict, type DegenerateReason, type VerdictRule } from './verdict.ts';

/** Out-of-fold predictions of a grouped cross-validation, one row per (area, period). */
interface CvPredictions {
  readonly folds: number;
  readonly codes: readonly string[];
  readonly periods: readonly string[];
  /** Cross-validation group of each row (gemeente, or wijk within one gemeente): the bootstrap clusters. */
  readonly groups: readonly string[];
  /** Gemeente of each row: capacity and suppression are per gemeente, whatever the CV grouping. */
  readonly gemeenten: readonly string[];
  readonly fold: Int32Array;
  readonly y: Float64Array;
  readonly counts: Float64Array;
  readonly population: Float64Array;
  /** Cross-fitted calibrated probability (binary) or predicted count (count target). */
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
  /** Baselines valid for the target (probabilities for binary targets, counts for counts), out of fold. */
  readonly baselines: readonly {
    readonly name: string;
    readonly description: string;
    readonly prediction: Float64Array;
  }[];
  readonly verdict: { readonly rule: VerdictRule; readonly degenerate: DegenerateReason | null };
  /** Protected attributes aligned with the CV rows. */
  readonly protectedAttributes: ReadonlyMap<string, Float64Array>;
  /** The model's inputs aligned with the CV rows, for the proxy check. */
  readonly inputs: ReadonlyMap<string, Float64Array>;
  readonly groupSpecs: readonly GroupSpec[];
  /** Areas a stadsmarinier can visit per municipality and period. */
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
  readonly run: RunFacts;
  readonly replicates?: number;
}

function metricSet(
  target: 'binary-top' | 'count',
  y: Float64Array,
  p: Float64Array,
  groups: readonly string[],
  seed: number,
  B: number,
  what: string,
): Record<string, Estimate> {
  if (target === 'count') return clusterBootstrapMany({ poissonDeviance }, y, p, groups, { seed, replicates: B });
  assertProbabilities(p, what);
  return clusterBootstrapMany({ auc: rocAuc, prAuc, brier, logLoss, ece }, y, p, groups, { seed, replicates: B });
}

function fairnessSection(inp: EvaluationInputs, B: number): EvaluationReport['fairness'] {
  const { cv } = inp;
  const rates = cv.counts.map((c, i) => (c / Math.max(cv.population[i]!, 1)) * 1000);
  const flags = topShareFlags(cv.prediction, inp.flagShare);
  // for counts the audit's "positive" is an area in the top share by registered rate
  const auditY = inp.target === 'count' ? topShareFlags(rates, inp.flagShare) : cv.y;
  const prob = inp.target === 'count' ? cv.prediction.map((s, i) => s / Math.max(cv.population[i]!, 1)) : cv.prediction;
  const audit = (labels: string[], attribute: string, seed: number, replicates: number): AttributeAudit =>
    auditGroups({ y: auditY, flags, probability: prob, clusters: cv.groups, labels, attribute, seed, replicates });
  const specs = inp.groupSpecs.filter((s) => inp.protectedAttributes.has(s.attribute));
  const attributes = specs.map((spec, k) =>
    audit(
      groupLabels(inp.protectedAttributes.get(spec.attribute)!, spec),
      spec.attribute,
      inp.seed + 100 * k,
      Math.min(B, 100),
    ),
  );
  const intersections: AttributeAudit[] = [];
  if (specs.length >= 2) {
    const [a, b] = [specs[0]!, specs[1]!];
    const la = groupLabels(inp.protectedAttributes.get(a.attribute)!, a),
      lb = groupLabels(inp.protectedAttributes.get(b.attribute)!, b);
    intersections.push(
      audit(
        la.map((x, i) => `${x} × ${lb[i]}`),
        `${a.attribute} × ${b.attribute}`,
        inp.seed + 999,
        Math.min(B, 50),
      ),
    );
  }
  const findings = proxyFindings(new Map([...inp.inputs, ['(score)', cv.prediction]]), inp.protectedAttributes);
  const warnings = [
    ...attributes.flatMap((a) =>
      a.groups.filter((g) => g.warning).map((g) => `${a.attribute} / ${g.group}: ${g.warning}`),
    ),
    ...attributes.flatMap((a) =>
      a.groups
        .filter(
          (g) =>
            g.group !== a.reference &&
            Number.isFinite(g.disparity['flagRate']!.estimate) &&
            !g.disparity['flagRate']!.overlapsBand,
        )
        .map(
          (g) =>
            `${a.attribute} / ${g.group}: flag rate ${g.disparity['flagRate']!.estimate.toFixed(2)}× that of ${a.reference} ` +
            `[${g.disparity['flagRate']!.lo.toFixed(2)}–${g.disparity['flagRate']!.hi.toFixed(2)}], entirely outside 0.8–1.25`,
        ),
    ),
    ...findings
      .filter((f) => f.strong)
      .map(
        (f) =>
          `${f.input === '(score)' ? 'the score' : `input ${f.input}`} is a strong proxy for ${f.attribute}: ` +
          `it explains ${(100 * f.strength).toFixed(0)}% of its variance`,
      ),
  ];
  return {
    band: [DISPARITY_BAND[0], DISPARITY_BAND[1]],
    flagRule: `top ${(100 * inp.flagShare).toFixed(0)}% of areas by score`,
    attributes: attributes.map((a) => ({ ...a, groups: [...a.groups] })),
    intersections: intersections.map((a) => ({ ...a, groups: [...a.groups] })),
    proxy: {
      measure: "η² (correlation ratio): share of the attribute's variance explained by 10 quantile bins of the input",
      threshold: STRONG_PROXY,
      findings,
    },
    warnings,
  };
}

/**
 * Assemble the evaluation report: the verdict against the baselines, the facts of the run,
 * cross-validated and holdout accuracy, fairness with proxies, privacy, spatial diagnostics and
 * label bias. Every headline figure carries a cluster-bootstrap interval that contains it.
 */
export function buildEvaluationReport(inp: EvaluationInputs): EvaluationReport {
  const B = inp.replicates ?? 100;
  const { cv } = inp;
  const score = cv.prediction;
  const rates = cv.counts.map((c, i) => (c / Math.max(cv.population[i]!, 1)) * 1000);
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
  // capacity: the top k areas of each gemeente in each period are what a stadsmarinier can visit
  const flagsCap = capacityFlags(
    score,
    cv.gemeenten.map((g, i) => `${g}|${cv.periods[i]}`),
    inp.capacityK,
  );
  const capY = inp.target === 'count' ? topShareFlags(rates, inp.flagShare) : cv.y;
  const capRows = (rows: Rows, which: 'precision' | 'recall') => {
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
  // privacy: suppression plan for the latest period's label counts, gemeente as the parent
  const lastPeriod = [...new Set(cv.periods)].sort().at(-1)!;
  const lastRows = [...cv.periods.keys()].filter((i) => cv.periods[i] === lastPeriod);
  const plan = planSuppression({
    codes: lastRows.map((i) => cv.codes[i]!),
    parents: lastRows.map((i) => cv.gemeenten[i]!),
    population: lastRows.map((i) => cv.population[i]!),
    counts: lastRows.map((i) => cv.counts[i]!),
  });
  const byReason: Record<string, number> = {};
  for (const s of plan.suppressed) byReason[s.reason] = (byReason[s.reason] ?? 0) + 1;
  const excludedForPopulation = inp.run.excluded.find((e) => e.reason === 'population')?.areas ?? 0;
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
    const flags = topShareFlags(score, inp.flagShare);
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
    version: 2 as const,
    model: inp.model,
    createdAt: new Date().toISOString(),
    synthetic: inp.synthetic,
    seed: inp.seed,
    target: inp.target,
    crimeCode: inp.crimeCode,
    verdict: computeVerdict({
      rule: inp.verdict.rule,
      target: inp.target,
      y: cv.y,
      prediction: score,
      baselines: inp.baselines,
      groups: cv.groups,
      degenerate: inp.verdict.degenerate,
      seed: inp.seed + 40,
      replicates: Math.max(B, 200),
    }),
    run: inp.run,
    accuracy: {
      crossValidation: {
        folds: cv.folds,
        grouping: inp.run.cv.grouping,
        n: cv.y.length,
        metrics: metricSet(inp.target, cv.y, score, cv.groups, inp.seed, B, 'cross-validated model'),
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
            metrics: metricSet(
              inp.target,
              inp.holdout.y,
              inp.holdout.prediction,
              inp.holdout.groups,
              inp.seed + 50,
              B,
              'temporal holdout',
            ),
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
        metrics: metricSet(inp.target, cv.y, b.prediction, cv.groups, inp.seed + 70 + k, B, `baseline ${b.name}`),
      })),
    },
    fairness: fairnessSection(inp, B),
    privacy: {
      minPopulation: MIN_POPULATION,
      minCount: MIN_COUNT,
      areasBelowMinPopulation: excludedForPopulation,
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
