/**
 * `npm run bench:explain [-- --json]`: one 100-tree depth-6 xgboost model trained on generated
 * 14,000 × 60 data (5% missing), imported into our TreeEnsemble; contributions for all
 * rows by our TreeSHAP vs xgboost's pred_contribs on the same model, same thread count. With
 * `--json` the last stdout line is one JSON object with the figures, ratios and targets.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFrame, createRng, takeRows } from '../core/index.ts';
import { syntheticBinary } from '../training/learners/synthetic.test-support.ts';
import { importXgboostJson, treeShap, treeShapParallel } from '../training/explain/index.ts';
import { runPython, writeMatrix, writeVector } from './py-bridge.ts';

const json = process.argv.includes('--json');
const N = 14000,
  P = 60,
  THREADS = 2;
const dir = mkdtempSync(join(tmpdir(), 'zicht-bench-explain-'));
try {
  const { X, y } = syntheticBinary(N, P, 1);
  writeMatrix(dir, 'X', X);
  writeVector(dir, 'y', y);
  const py = runPython(
    `
import sys, json, time, numpy as np, xgboost as xgb
d, n, p, th = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(d + '/X.bin').reshape(n, p); y = np.fromfile(d + '/y.bin')
dm = xgb.DMatrix(X, label=y, missing=np.nan, nthread=th)
t0 = time.perf_counter()
b = xgb.train({'objective': 'binary:logistic', 'max_depth': 6, 'eta': 0.1, 'nthread': th, 'tree_method': 'hist', 'seed': 1}, dm, 100)
fit = time.perf_counter() - t0
b.save_model(d + '/m.json')
best = 1e9
for _ in range(3):
    t0 = time.perf_counter(); c = b.predict(dm, pred_contribs=True); best = min(best, time.perf_counter() - t0)
c.astype(np.float64).tofile(d + '/contribs.bin')
print(json.dumps({'fit': fit, 'shap': best, 'version': float(xgb.__version__[:3])}))
`,
    [dir, String(N), String(P), String(THREADS)],
  );
  const ens = importXgboostJson(JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')));
  const ref = new Float64Array(readFileSync(join(dir, 'contribs.bin')).buffer.slice(0));
  let serial = Infinity,
    parallel = Infinity;
  let contrib = treeShap(ens, X);
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    contrib = treeShap(ens, X);
    serial = Math.min(serial, (performance.now() - t0) / 1000);
  }
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    await treeShapParallel(ens, X, THREADS);
    parallel = Math.min(parallel, (performance.now() - t0) / 1000);
  }
  const par = await treeShapParallel(ens, X, THREADS);
  let maxDiff = 0,
    maxParDiff = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < P; j++) {
      maxDiff = Math.max(maxDiff, Math.abs(contrib.values[i * P + j]! - ref[i * (P + 1) + j]!));
      maxParDiff = Math.max(maxParDiff, Math.abs(contrib.values[i * P + j]! - par.values[i * P + j]!));
    }
    maxDiff = Math.max(maxDiff, Math.abs(contrib.baseValue - ref[i * (P + 1) + P]!));
  }
  // single-area on-demand explanation latency
  const rng = createRng(2);
  const lat: number[] = [];
  for (let k = 0; k < 2000; k++) {
    const row = takeRows(X, Uint32Array.of(rng.int(N)));
    const t0 = performance.now();
    treeShap(ens, createFrame(X.columns, row.data));
    lat.push(performance.now() - t0);
  }
  lat.sort((a, b) => a - b);
  const q = (p: number): number => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!;
  const xgbShap = py.shap!;
  console.log(`TreeSHAP, 100 trees depth 6, ${N} rows x ${P} features (xgboost ${py.version}, ${THREADS} threads)`);
  console.log(`  xgboost pred_contribs     ${xgbShap.toFixed(3)} s`);
  console.log(`  zicht treeShap 1 thread   ${serial.toFixed(3)} s   ratio ${(serial / xgbShap).toFixed(2)}x`);
  console.log(
    `  zicht treeShap ${THREADS} threads  ${parallel.toFixed(3)} s   ratio ${(parallel / xgbShap).toFixed(2)}x (target <= 1.0x)`,
  );
  console.log(
    `  max |ours - xgboost| = ${maxDiff.toExponential(2)} (target 1e-5); parallel vs serial ${maxParDiff.toExponential(2)}`,
  );
  console.log(`  single row: p50 ${q(0.5).toFixed(3)} ms, p99 ${q(0.99).toFixed(3)} ms (target p99 < 1 ms)`);
  if (json)
    console.log(
      JSON.stringify({
        bench: 'explain',
        rows: N,
        features: P,
        threads: THREADS,
        xgboostVersion: py.version,
        seconds: { xgboost: xgbShap, serial, parallel },
        ratioToXgboost: { serial: serial / xgbShap, parallel: parallel / xgbShap },
        maxAbsDiffToXgboost: maxDiff,
        maxAbsDiffParallelToSerial: maxParDiff,
        singleRowMs: { p50: q(0.5), p99: q(0.99) },
        targets: {
          parallelRatioAtMost1: parallel / xgbShap <= 1,
          maxDiffAtMost1e5: maxDiff <= 1e-5,
          singleRowP99Below1ms: q(0.99) < 1,
        },
      }),
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
