// For the serving tests only: a ZICHT_HOME with the demo world ingested and a small model
// trained, approved by the demo board (with its recorded overrides) and promoted.
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

export async function trainedHome(name = 'rt'): Promise<{ home: string; version: number }> {
  // a home that does not exist yet: zicht makes it, privately
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
  mkdirSync(join(home, 'governance'), { recursive: true });
  writeFileSync(join(home, 'governance', `${name}.json`), JSON.stringify(DEMO_GOVERNANCE));
  const db = openOperationalDb(home);
  const r = await runTraining(
    home,
    parseTrainingConfig({
      name,
      featureViews: ['kwb'],
      label: { crimeCode: '3.1.1', horizon: 1, target: 'binary-top', topShare: 0.1 },
      trainPeriods: ['2022JJ00', '2023JJ00'],
      model: { kind: 'gbm', params: { nTrees: 30, maxDepth: 3 } },
      validation: { folds: 3, calibration: 'platt' },
      seed: 9,
    }),
    { trainedBy: 'ds', db },
  );
  const gov = new Governance(db, new ModelRegistry(db, home), home);
  approveDemoVersion(gov, name, r.version.version);
  gov.promote(name, r.version.version, 'admin');
  db.close();
  return { home, version: r.version.version };
}
