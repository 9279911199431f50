// For the serving tests only: a ZICHT_HOME with the demo world ingested and a small model
// trained, approved by the demo board (with its recorded overrides) and promoted.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approveDemoVersion } from '../cli/index.ts';
import { openOperationalDb } from '../core/index.ts';
import { generateDemoWorld } from '../features/demo-world/index.ts';
import { FeatureStore, parseSourceFile } from '../features/index.ts';
import { DEMO_GOVERNANCE, Governance } from '../model-cards/index.ts';
import { parseTrainingConfig, runTraining } from '../pipeline/index.ts';
import { ModelRegistry } from '../training/index.ts';

/** A home that does not exist yet (zicht makes it, privately) with the small demo world ingested. */
async function ingestedHome(): Promise<string> {
  const home = join(mkdtempSync(join(tmpdir(), 'zicht-runtime-')), 'home');
  const store = await FeatureStore.open(home);
  const m = generateDemoWorld({ seed: 4, outDir: join(home, 'demo-world') });
  for (const f of m.files.filter((x) => x.kind === 'police-csv' || x.vintage >= 2022)) {
    await store.ingest(
      parseSourceFile(join(home, 'demo-world', f.file), {
        kind: f.kind,
        vintage: f.vintage,
        synthetic: true,
        ...(f.period ? { period: f.period } : {}),
      }),
    );
  }
  store.close();
  return home;
}

/** Train a small GBM as `name` (a candidate, with the demo governance file); its version. */
export async function trainCandidate(
  home: string,
  name: string,
  model: { nTrees: number; maxDepth: number; seed: number } = { nTrees: 30, maxDepth: 3, seed: 9 },
): Promise<number> {
  mkdirSync(join(home, 'governance'), { recursive: true });
  writeFileSync(join(home, 'governance', `${name}.json`), JSON.stringify(DEMO_GOVERNANCE));
  const db = openOperationalDb(home);
  try {
    const r = await runTraining(
      home,
      parseTrainingConfig({
        name,
        featureViews: ['kwb'],
        label: { crimeCode: '3.1.1', horizon: 1, target: 'binary-top', topShare: 0.1 },
        trainPeriods: ['2022JJ00', '2023JJ00'],
        model: { kind: 'gbm', params: { nTrees: model.nTrees, maxDepth: model.maxDepth } },
        validation: { folds: 3, calibration: 'platt' },
        seed: model.seed,
      }),
      { trainedBy: 'ds', db },
    );
    return r.version.version;
  } finally {
    db.close();
  }
}

/** Approve a version as the demo board does (overriding what fails, with its reasons) and promote it. */
function approveAndPromote(home: string, name: string, version: number): void {
  const db = openOperationalDb(home);
  const gov = new Governance(db, new ModelRegistry(db, home), home);
  approveDemoVersion(gov, name, version);
  gov.promote(name, version, 'admin');
  db.close();
}

export async function trainedHome(name = 'rt'): Promise<{ home: string; version: number }> {
  const home = await ingestedHome();
  const version = await trainCandidate(home, name);
  approveAndPromote(home, name, version);
  return { home, version };
}

/**
 * Another process holding the feature store open (DuckDB allows one writer), as a training run
 * or an ingest does; `held` resolves once it holds it, `release` ends it.
 */
export function holdStore(home: string): { held: Promise<void>; release: () => void } {
  const holder = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { FeatureStore } from './features/index.ts'; const s = await FeatureStore.open(${JSON.stringify(home)}); process.stdout.write('held\\n'); setTimeout(() => s.close(), 60000);`,
    ],
    { cwd: new URL('..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return {
    held: new Promise<void>((res) => holder.stdout.once('data', () => res())),
    release: () => {
      holder.kill('SIGKILL');
    },
  };
}
