import { ZichtError, intOption, stringOption, type Command } from '../core/index.ts';
import { level, withStore } from './command-helpers.ts';
import { buildDataset } from './store/index.ts';
import type { LabelSpec } from './types.ts';

/** `zicht dataset build`: the point-in-time join, and what it kept and left out. */
export const datasetBuild: Command = {
  words: ['dataset', 'build'],
  summary: 'point-in-time join of features (t) and labels (t + horizon)',
  usage:
    'zicht dataset build --view kwb --periods 2020JJ00,2021JJ00 --crime 3.1.1 [--horizon 1] [--target binary-top|count] [--top-share 0.1] [--level wijk] [--label-period P] [--lag-feature]',
  options: {
    view: { type: 'string', multiple: true },
    periods: { type: 'string' },
    crime: { type: 'string' },
    horizon: { type: 'string' },
    target: { type: 'string' },
    'top-share': { type: 'string' },
    level: { type: 'string' },
    'label-period': { type: 'string' },
    'lag-feature': { type: 'boolean' },
  },
  async run(ctx) {
    const views = (ctx.options['view'] as string[] | undefined) ?? [];
    const periods =
      stringOption(ctx, 'periods')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? [];
    const crime = stringOption(ctx, 'crime');
    if (!views.length || !periods.length || !crime)
      throw new ZichtError('BAD_ARGUMENT', `--view, --periods and --crime are required. Usage: ${this.usage}`);
    const target = stringOption(ctx, 'target') ?? 'binary-top';
    if (target !== 'binary-top' && target !== 'count')
      throw new ZichtError('BAD_ARGUMENT', `--target must be binary-top or count, got '${target}'`);
    const label: LabelSpec = {
      crimeCode: crime,
      horizon: intOption(ctx, 'horizon', 1, { min: 1 }),
      target,
      ...(target === 'binary-top' ? { topShare: Number(stringOption(ctx, 'top-share') ?? 0.1) } : {}),
      ...(ctx.options['lag-feature'] === true ? { lagFeature: true } : {}),
    };
    return withStore(ctx, async (store) => {
      const lp = stringOption(ctx, 'label-period');
      const { dataset, report } = await buildDataset(store, {
        views,
        level: level(ctx, 'wijk'),
        featurePeriods: periods,
        label,
        ...(lp ? { labelPeriod: lp } : {}),
      });
      ctx.log(
        `dataset ${dataset.hash}${dataset.synthetic ? ' [SYNTHETIC]' : ''}: ${report.rows} rows × ${dataset.X.columns.length} features, ${report.positives} positives`,
      );
      for (const p of report.byPeriod) ctx.log(`  features ${p.period} → labels ${p.labelPeriod}: ${p.rows} rows`);
      ctx.log(
        `  left out: ${report.belowMinPopulation} under the minimum population; ${report.featureOnly} areas without labels, ${report.labelOnly} labels without features (changed codes)`,
      );
      if (report.labelsAggregated)
        ctx.log(
          `  labels: ${report.labelsAggregated} ${level(ctx, 'wijk')} counts summed from the level below (the police source has none of their own)`,
        );
      if (report.labelsIncomplete.length)
        ctx.log(
          `  left out, never under-counted: ${report.labelsIncomplete.length} areas with a buurt or wijk without a count (${report.labelsIncomplete.slice(0, 8).join(', ')}${report.labelsIncomplete.length > 8 ? ', …' : ''})`,
        );
      if (dataset.unmatched.featureOnly.length)
        ctx.log(
          `  without labels: ${dataset.unmatched.featureOnly.slice(0, 8).join(', ')}${dataset.unmatched.featureOnly.length > 8 ? ', …' : ''}`,
        );
      if (dataset.unmatched.labelOnly.length)
        ctx.log(
          `  without features: ${dataset.unmatched.labelOnly.slice(0, 8).join(', ')}${dataset.unmatched.labelOnly.length > 8 ? ', …' : ''}`,
        );
      return {
        hash: dataset.hash,
        synthetic: dataset.synthetic,
        features: dataset.X.columns,
        protectedAttributes: dataset.protectedAttributes.columns,
        snapshots: dataset.snapshotHashes,
        unmatched: dataset.unmatched,
        ...report,
      };
    });
  },
};
