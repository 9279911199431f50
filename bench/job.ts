/**
 * npm run bench:job [-- --scale 340|1600] [--json] — the wall time of each stage of a training
 * job (the demo's configuration) on a generated world: the demo world (340 → ~3,000 wijken) and a
 * national-size one (--scale 1600 → ~14,500 wijken). Stage boundaries are the job's own progress
 * events; ingest and materialize are timed before it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CONFIG, demoFeedbackSimulation } from '../cli/index.ts';
import { openOperationalDb } from '../core/index.ts';
import { generateDemoWorld } from '../features/demo-world/index.ts';
import { FeatureStore, materialize, parseSourceFile } from '../features/index.ts';
import { parseTrainingConfig, runTraining } from '../pipeline/index.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const scales = args.includes('--scale') ? [Number(args[args.indexOf('--scale') + 1])] : [340, 1600];
const results: Record<string, unknown>[] = [];
for (const scale of scales) {
  const home = mkdtempSync(join(tmpdir(), 'zicht-bench-job-'));
  const stages: { stage: string; seconds: number }[] = [];
  let t = performance.now();
  const mark = (stage: string) => {
    const now = performance.now();
    stages.push({ stage, seconds: (now - t) / 1000 });
    // as it happens, so a stage that takes long is seen while it runs
    process.stderr.write(`  [scale ${scale}] ${stage}: ${((now - t) / 1000).toFixed(2)} s\n`);
    t = now;
  };
  try {
    const m = generateDemoWorld({ seed: 1, outDir: join(home, 'demo-world'), gemeenten: scale });
    mark('generate world');
    const store = await FeatureStore.open(home);
    for (const f of m.files)
      await store.ingest(
        parseSourceFile(join(home, 'demo-world', f.file), {
          kind: f.kind,
          vintage: f.vintage,
          synthetic: true,
          ...(f.period ? { period: f.period } : {}),
        }),
      );
    mark('ingest');
    const periods = [...new Set(m.files.filter((f) => f.period).map((f) => f.period!))].sort();
    for (const p of periods) await materialize(store, 'kwb', { period: p, level: 'wijk' });
    store.close();
    mark('materialize');
    const db = openOperationalDb(home);
    let stage = 'dataset';
    const t0 = performance.now();
    await runTraining(home, parseTrainingConfig(DEMO_CONFIG), {
      trainedBy: 'bench',
      db,
      feedbackSimulation: demoFeedbackSimulation,
      progress: (s) => {
        if (s !== stage) {
          mark(`train: ${stage}`);
          stage = s;
        }
      },
    });
    mark(`train: ${stage}`);
    db.close();
    const train = (performance.now() - t0) / 1000;
    const total = stages.reduce((a, s) => a + s.seconds, 0);
    if (!json) {
      console.log(
        `\n${m.wijken} wijken in ${m.gemeenten} gemeenten (scale ${scale}): ${total.toFixed(1)} s, of which training ${train.toFixed(1)} s`,
      );
      for (const s of stages) console.log(`  ${s.stage.padEnd(44)} ${s.seconds.toFixed(2).padStart(7)} s`);
    }
    results.push({ scale, wijken: m.wijken, gemeenten: m.gemeenten, totalSeconds: total, trainSeconds: train, stages });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
if (json) console.log(JSON.stringify({ bench: 'job', results }));
