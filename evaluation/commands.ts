import { ZichtError, openOperationalDb, requireArg, stringOption, type Command } from '../core/index.ts';
import { DEFAULT_LABEL_SET, PrivacyBudget } from './differential-privacy.ts';
import { ModelRegistry, parseModelRef } from '../training/index.ts';
import { parseEvaluationReport } from './report.ts';
import { verdictLine } from './verdict.ts';

const f = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));

const evaluate: Command = {
  words: ['evaluate'],
  summary: 'the evaluation report of a version: accuracy, fairness, privacy, spatial, label bias',
  usage: 'zicht evaluate <name@version>',
  help: 'Every version is evaluated when it is trained; this prints the stored, schema-validated report (--json for the whole report).',
  async run(ctx) {
    const ref = parseModelRef(requireArg(ctx, 0, 'name@version', this.usage));
    const db = openOperationalDb(ctx.home);
    try {
      const reg = new ModelRegistry(db, ctx.home);
      const v = reg.get(ref.name, ref.version);
      const r = parseEvaluationReport(
        JSON.parse(reg.readFile(v, 'evaluation.json')),
        `evaluation of ${ref.name}@${ref.version}`,
      );
      ctx.log(
        `${ref.name}@${ref.version} — ${r.target} ${r.crimeCode} (${r.labelBias.provenance})${r.synthetic ? ' [SYNTHETIC]' : ''}`,
      );
      ctx.log(`verdict: ${verdictLine(r.verdict)}`);
      ctx.log(`  rule: ${r.verdict.rule}`);
      ctx.log(
        `accuracy, ${r.accuracy.crossValidation.folds}-fold CV by ${r.accuracy.crossValidation.grouping} (${r.accuracy.crossValidation.n} rows), 95% cluster-bootstrap intervals:`,
      );
      for (const [k, e] of Object.entries(r.accuracy.crossValidation.metrics))
        ctx.log(`  ${k.padEnd(16)} ${f(e.estimate)} [${f(e.lo)}–${f(e.hi)}]`);
      if (r.accuracy.temporalHoldout)
        for (const [k, e] of Object.entries(r.accuracy.temporalHoldout.metrics))
          ctx.log(
            `  holdout ${r.accuracy.temporalHoldout.testPeriod} ${k.padEnd(8)} ${f(e.estimate)} [${f(e.lo)}–${f(e.hi)}]`,
          );
      ctx.log(
        `  at capacity (top ${r.accuracy.capacity.k} per gemeente and period): precision ${f(r.accuracy.capacity.precision.estimate)} [${f(r.accuracy.capacity.precision.lo)}–${f(r.accuracy.capacity.precision.hi)}], recall ${f(r.accuracy.capacity.recall.estimate)}`,
      );
      for (const b of r.accuracy.baselines)
        ctx.log(
          `  baseline ${b.name}: ${Object.entries(b.metrics)
            .map(([k, e]) => `${k} ${f(e.estimate)}`)
            .join(', ')}`,
        );
      ctx.log(`fairness (${r.fairness.flagRule}; band ${r.fairness.band.join('–')}):`);
      for (const a of r.fairness.attributes)
        for (const g of a.groups)
          ctx.log(
            `  ${a.attribute.padEnd(14)} ${g.group.padEnd(26)} n=${String(g.size).padStart(5)} flag rate ${f(g.flagRate)} ratio ${f(g.disparity['flagRate']?.estimate)} [${f(g.disparity['flagRate']?.lo)}–${f(g.disparity['flagRate']?.hi)}]${g.group === a.reference ? ' (reference)' : ''}${g.warning ? ` ⚠ ${g.warning}` : ''}`,
          );
      for (const w of r.fairness.warnings) ctx.log(`  ⚠ ${w}`);
      ctx.log(
        `privacy: ${
          Object.entries(r.privacy.suppressedByReason)
            .map(([k, n]) => `${n} ${k}`)
            .join(', ') || 'nothing'
        } suppressed; recoverable after secondary suppression: ${r.privacy.recoverableAfterSecondarySuppression.length}`,
      );
      if (r.spatial)
        ctx.log(
          `spatial: Moran's I residuals ${f(r.spatial.residuals.I)} (p ${f(r.spatial.residuals.pValue)}), flags ${f(r.spatial.flags.I)} (p ${f(r.spatial.flags.pValue)}), ${r.spatial.clusters.highHigh.length} high-high areas`,
        );
      if (r.labelBias.persistence)
        ctx.log(
          `label bias: persistence of flags ${r.labelBias.persistence.periods.join(' → ')}: ${f(r.labelBias.persistence.persistence)}`,
        );
      if (r.labelBias.feedback) ctx.log(`  feedback loop: ${r.labelBias.feedback.conclusion}`);
      for (const w of r.labelBias.warnings) ctx.log(`  ⚠ ${w}`);
      return r;
    } finally {
      db.close();
    }
  },
};

const budgetSet: Command = {
  words: ['privacy', 'budget', 'set'],
  summary: 'set the differential-privacy budget of a label set (once; never raised)',
  usage: 'zicht privacy budget set --epsilon E [--label-set CODE|LEVEL|PERIODS] [--by NAME]',
  help: 'A training run with label.differentialPrivacy spends its ε from the budget of its label set (crime code | level | label periods, e.g. 3.1.1|wijk|2023JJ00,2024JJ00), or from the default budget (*) when that set has none. An administrator sets each budget once.',
  options: { epsilon: { type: 'string' }, 'label-set': { type: 'string' }, by: { type: 'string' } },
  async run(ctx) {
    const given = stringOption(ctx, 'epsilon');
    if (given === undefined) throw new ZichtError('BAD_ARGUMENT', `--epsilon is required. Usage: ${this.usage}`);
    const eps = Number(given);
    if (given.trim() === '' || !Number.isFinite(eps) || eps <= 0)
      throw new ZichtError('BAD_ARGUMENT', `--epsilon must be a number above 0, got '${given}'`, {
        option: '--epsilon',
      });
    const set = stringOption(ctx, 'label-set') ?? DEFAULT_LABEL_SET;
    const db = openOperationalDb(ctx.home);
    try {
      new PrivacyBudget(db).set(set, eps, stringOption(ctx, 'by') ?? ctx.env['USER'] ?? 'admin');
    } finally {
      db.close();
    }
    ctx.log(`privacy budget of ${set === DEFAULT_LABEL_SET ? 'every label set without its own' : set}: ε = ${eps}`);
    return { labelSet: set, epsilon: eps };
  },
};

const budgetShow: Command = {
  words: ['privacy', 'budget', 'show'],
  summary: 'privacy budgets and what has been spent from them',
  usage: 'zicht privacy budget show',
  async run(ctx) {
    const db = openOperationalDb(ctx.home);
    try {
      const b = new PrivacyBudget(db);
      const budgets = b.budgets(),
        spends = b.spends();
      for (const x of budgets)
        ctx.log(`${x.labelSet.padEnd(40)} ε ${x.epsilon} (set by ${x.setBy} ${x.setAt}), spent ${x.spent}`);
      for (const x of spends)
        ctx.log(`  spent ${x.epsilon} on ${x.labelSet} (${x.mechanism}, ${x.purpose}) at ${x.at}`);
      return { budgets, spends };
    } finally {
      db.close();
    }
  },
};

/** CLI commands owned by evaluation/. */
export const evaluationCommands: readonly Command[] = [evaluate, budgetSet, budgetShow];
