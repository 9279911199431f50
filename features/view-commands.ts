import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ZichtError, requireArg, stringOption, type Command } from '../core/index.ts';
import { periodYear } from './areas/codes.ts';
import { checkView, listSnapshots, type MissingMeasure } from './store/index.ts';
import { addFeatureView, describeFeature, getFeatureView, listFeatureViews } from './views/index.ts';
import { level, periodsWithData, withStore } from './command-helpers.ts';

const featuresList: Command = {
  words: ['features', 'list'],
  summary: 'feature views, their features and materialized snapshots',
  usage: 'zicht features list',
  async run(ctx) {
    const views = listFeatureViews(ctx.home).map((v) => ({
      view: v.name,
      version: v.version,
      description: v.descriptionEn,
      features: v.features.map((f) => ({
        name: f.name,
        unit: f.unit,
        transform: describeFeature(f),
        minPopulation: f.minPopulation,
        tags: f.tags,
        descriptionNl: f.descriptionNl,
        descriptionEn: f.descriptionEn,
      })),
    }));
    for (const v of views) {
      ctx.log(`${v.view}@${v.version} — ${v.description}`);
      for (const f of v.features)
        ctx.log(
          `  ${f.name.padEnd(28)} ${f.unit.padEnd(18)} ${f.tags.map((t) => `[${t}] `).join('')}${f.descriptionNl}`,
        );
    }
    const snapshots = existsSync(join(ctx.home, 'features.duckdb')) ? await withStore(ctx, listSnapshots) : [];
    if (snapshots.length)
      ctx.log(
        `\nsnapshots:\n${snapshots.map((s) => `  ${s.id}  ${s.view}@${s.viewVersion} ${s.level} ${s.period} (vintage ${s.vintage}, ${s.nAreas} areas${s.synthetic ? ', SYNTHETIC' : ''})`).join('\n')}`,
      );
    return { views, snapshots };
  },
};

const featuresShow: Command = {
  words: ['features', 'show'],
  summary: 'one feature view: definitions, transforms, disclosure rules',
  usage: 'zicht features show <view[@version]>',
  async run(ctx) {
    const v = getFeatureView(requireArg(ctx, 0, 'view', this.usage), ctx.home);
    for (const f of v.features)
      ctx.log(
        `${f.name}\n  nl: ${f.descriptionNl}\n  en: ${f.descriptionEn}\n  unit: ${f.unit}; transform: ${describeFeature(f)}; suppressed under ${f.minPopulation} inhabitants${f.tags.length ? `; tags: ${f.tags.join(', ')}` : ''}`,
      );
    return {
      view: v.name,
      version: v.version,
      populationKey: v.populationKey,
      features: v.features.map((f) => ({ ...f, transform: describeFeature(f) })),
    };
  },
};

const featuresViewAdd: Command = {
  words: ['features', 'view', 'add'],
  summary: 'add a feature view (JSON) to $ZICHT_HOME/views; a changed view must be a new version',
  usage: 'zicht features view add <view.json>',
  help: [
    'A view file is JSON: name, version, descriptionNl, descriptionEn, populationKey and features, each with',
    'name, descriptionNl, descriptionEn, unit, expr (measure, ratio, log1p, minus, sum, const over measure keys:',
    'StatLine title paths such as "Bevolking/Aantal inwoners" or the variables of an ingested long CSV), an',
    'optional context (diff-from-gemeente, neighbour-mean), minPopulation (default 100) and tags (protected,',
    'mutable). The built-in views are examples: features/views/builtin/kwb@1.json. Check a view against the',
    'ingested data with zicht features check <name@version>.',
  ].join('\n'),
  async run(ctx) {
    const r = addFeatureView(ctx.home, requireArg(ctx, 0, 'view.json', this.usage));
    ctx.log(r.status === 'added' ? `added ${r.view}: ${r.path}` : `unchanged: ${r.view} is already there (${r.path})`);
    return r;
  },
};

const missingText = (m: MissingMeasure): string =>
  `'${m.key}'${m.inPeriods.length ? ` (ingested for ${m.inPeriods.join(', ')} only)` : ''}${
    m.nearMatches.length
      ? `; similar: ${m.nearMatches.map((n) => `'${n.key}'${n.title !== n.key ? ` (${n.title})` : ''}`).join(', ')}`
      : ''
  }`;

const featuresCheck: Command = {
  words: ['features', 'check'],
  summary: 'which features of a view the ingested data can compute, and which measure keys the others miss',
  usage: 'zicht features check <view[@version]> [--period 2024JJ00] [--level buurt]',
  options: { period: { type: 'string' }, level: { type: 'string' } },
  help: [
    'For each period with ingested indicators (or --period), lists the features that can be computed and, for',
    'each that cannot, exactly which measure keys are missing, the periods in which they were ingested, and',
    'ingested measures with a similar title. With --level a measure counts only when areas of that level have it.',
  ].join('\n'),
  async run(ctx) {
    const view = requireArg(ctx, 0, 'view', this.usage);
    getFeatureView(view, ctx.home);
    const p = stringOption(ctx, 'period');
    if (p !== undefined) periodYear(p);
    const lv = stringOption(ctx, 'level') === undefined ? undefined : level(ctx, 'wijk');
    return withStore(ctx, async (store) => {
      const periods = p === undefined ? await periodsWithData(store) : [p];
      if (periods.length === 0)
        throw new ZichtError('NOT_FOUND', 'no ingested indicator extracts; run zicht ingest first');
      const out = [];
      for (const period of periods) {
        const c = await checkView(store, view, { period, ...(lv ? { level: lv } : {}) });
        ctx.log(
          `${c.view} on ${c.period}${c.level ? ` (${c.level})` : ''}: ${c.computable} of ${c.features.length} features can be computed`,
        );
        if (c.population) ctx.log(`  the population measure is missing: ${missingText(c.population)}`);
        for (const f of c.features) {
          if (f.computable) ctx.log(`  ok  ${f.name}`);
          else
            ctx.log(
              `  --  ${f.name}: ${[...(f.reason ? [f.reason] : []), ...f.missing.map((m) => `missing ${missingText(m)}`)].join('; ')}`,
            );
        }
        if (c.population || c.features.some((f) => f.missing.length))
          ctx.log(
            `  to add them: ingest an extract with these measures (the whole KWB table of the year: zicht fetch kwb --year ${periodYear(period)}), or define a view over the measures you have (zicht features view add)`,
          );
        out.push(c);
      }
      return out;
    });
  },
};

/** The `zicht features list|show|view add|check` commands. */
export const viewCommands: readonly Command[] = [featuresList, featuresShow, featuresViewAdd, featuresCheck];
