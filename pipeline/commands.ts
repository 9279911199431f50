import { ZichtError, openOperationalDb, stringOption, type Command, type CommandContext } from '../core/index.ts';
import { readTrainingConfig } from './config.ts';
import { runTraining, type TrainingHooks } from './run.ts';
import { verdictLine } from '../evaluation/index.ts';

/** A terminal progress bar with ETA (stderr; only on a TTY). */
function progressBar(ctx: CommandContext): (stage: string, fraction: number) => void {
  const t0 = performance.now();
  return (stage, f) => {
    const width = 30,
      done = Math.round(f * width);
    const elapsed = (performance.now() - t0) / 1000;
    const eta = f > 0.02 ? Math.max(0, (elapsed / f) * (1 - f)) : NaN;
    ctx.progress(
      `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${(100 * f).toFixed(0).padStart(3)}% ${stage.padEnd(34)} ${Number.isFinite(eta) ? `ETA ${eta.toFixed(0)}s` : ''}   ${f >= 1 ? '\n' : ''}`,
    );
  };
}

/** `zicht train`: the training job from a config file; `hooks` carry what only the caller knows. */
export function trainCommand(hooks: TrainingHooks = {}): Command {
  return {
    words: ['train'],
    summary: 'train, evaluate and register a model version (status candidate)',
    usage: 'zicht train --config <file.json> [--by NAME]',
    options: { config: { type: 'string' }, by: { type: 'string' }, 'progress-json': { type: 'boolean' } },
    help: 'The config names the feature views, the label (crime code, horizon, target), the model kind and its parameters, the periods, and the seed. See docs/training.md.',
    async run(ctx) {
      const path = stringOption(ctx, 'config');
      if (!path) throw new ZichtError('BAD_ARGUMENT', `--config is required. Usage: ${this.usage}`);
      const config = readTrainingConfig(path);
      const db = openOperationalDb(ctx.home);
      try {
        const r = await runTraining(ctx.home, config, {
          trainedBy: stringOption(ctx, 'by') ?? ctx.env['USER'] ?? 'data-scientist',
          progress:
            ctx.options['progress-json'] === true
              ? (stage, fraction) => process.stderr.write(`${JSON.stringify({ stage, fraction })}\n`)
              : progressBar(ctx),
          db,
          ...hooks,
        });
        const m = r.version.metrics;
        ctx.log(
          `registered ${r.version.name}@${r.version.version} (${r.version.kind}, candidate)${r.version.synthetic ? ' [SYNTHETIC DATA]' : ''} in ${r.seconds.toFixed(1)} s`,
        );
        ctx.log(
          `  data ${r.dataset.hash}: ${r.dataset.rows} rows, ${r.dataset.positives} positives, ${r.dataset.unmatched} unmatched codes reported`,
        );
        ctx.log(
          `  ${Object.entries(m)
            .map(([k, v]) => `${k} ${v.toFixed(3)}`)
            .join(', ')}`,
        );
        for (const w of r.report.fairness.warnings.slice(0, 5)) ctx.log(`  fairness: ${w}`);
        const v = r.report.verdict;
        // the verdict is the last line: whether this version is better than a simple rule
        ctx.log(`verdict: ${verdictLine(v)}`);
        return {
          verdict: v,
          name: r.version.name,
          version: r.version.version,
          status: r.version.status,
          dataHash: r.dataset.hash,
          rows: r.dataset.rows,
          metrics: m,
          seconds: r.seconds,
          fairnessWarnings: r.report.fairness.warnings,
        };
      } finally {
        db.close();
      }
    },
  };
}
