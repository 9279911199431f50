/**
 * `npm run bench:train [-- --json]`: generated 14,000 × 60 binary data (5% missing), fixed
 * 80/20 split; our forest / GBM / EBM against scikit-learn's RandomForestClassifier and
 * HistGradientBoostingClassifier and xgboost (via /usr/bin/python3, 2 threads; our GBM gets
 * the same 2 and runs right after HGB) in the same run, plus ml-random-forest on a 1,000-row
 * subset. Prints time ratios, peak memory (max RSS) and held-out AUC; with `--json` the last
 * stdout line is one JSON object with the figures and each target, met or not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeRows } from '../core/index.ts';
import { auc } from '../training/learners/auc.test-support.ts';
import { fitEbm, fitForest, fitGbm } from '../training/learners/index.ts';
import { syntheticBinary } from '../training/learners/synthetic.test-support.ts';
import { runPython, writeMatrix, writeVector } from './py-bridge.ts';

const N = 14000,
  P = 60,
  TREES = 100,
  FOREST_DEPTH = 12,
  GBM_DEPTH = 6,
  LR = 0.1,
  THREADS = 2;
/** Held-out AUC of our GBM before the speed work (issue 15); the model must not drift from it. */
const GBM_AUC_BEFORE = 0.79803;
const json = process.argv.includes('--json');
const { X, y } = syntheticBinary(N, P, 1);
const nTrain = Math.round(N * 0.8);
const trainRows = Uint32Array.from({ length: nTrain }, (_, i) => i);
const testRows = Uint32Array.from({ length: N - nTrain }, (_, i) => nTrain + i);
const Xtr = takeRows(X, trainRows),
  Xte = takeRows(X, testRows);
const ytr = y.subarray(0, nTrain),
  yte = y.subarray(nTrain);
const dir = mkdtempSync(join(tmpdir(), 'zicht-bench-train-'));

function time<T>(fn: () => T): { value: T; s: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, s: (performance.now() - t0) / 1000 };
}
const rssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** Fit the named scikit-learn / xgboost models in one Python process: seconds, held-out AUC, max RSS. */
function references(models: readonly ('skrf' | 'hgb' | 'xgb')[]): Record<string, number> {
  return runPython(
    `
import sys, json, time, resource, numpy as np
from sklearn.ensemble import RandomForestClassifier, HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
import xgboost as xgb
d = sys.argv[1]
ntr, nte, p, trees, fd, gd = (int(v) for v in sys.argv[2:8])
lr, th = float(sys.argv[8]), int(sys.argv[9])
Xtr = np.fromfile(d + '/Xtr.bin').reshape(ntr, p); Xte = np.fromfile(d + '/Xte.bin').reshape(nte, p)
ytr = np.fromfile(d + '/ytr.bin'); yte = np.fromfile(d + '/yte.bin')
models = {
    # scikit-learn 1.2's forest does not take NaN: mean imputation in front (included in its time)
    'skrf': lambda: make_pipeline(SimpleImputer(), RandomForestClassifier(
        n_estimators=trees, max_depth=fd, max_features='sqrt', n_jobs=th, random_state=1)),
    # HGB takes its threads from OMP_NUM_THREADS (py-bridge.ts sets 2)
    'hgb': lambda: HistGradientBoostingClassifier(
        max_iter=trees, max_depth=gd, learning_rate=lr, early_stopping=False, max_leaf_nodes=None, random_state=1),
    'xgb': lambda: xgb.XGBClassifier(
        n_estimators=trees, max_depth=gd, learning_rate=lr, tree_method='hist', n_jobs=th, random_state=1),
}
out = {}
for name in sys.argv[10].split(','):
    m = models[name]()
    t0 = time.perf_counter(); m.fit(Xtr, ytr); out[name + '_s'] = time.perf_counter() - t0
    out[name + '_auc'] = roc_auc_score(yte, m.predict_proba(Xte)[:, 1])
    out[name + '_rss'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
`,
    [dir, nTrain, N - nTrain, P, TREES, FOREST_DEPTH, GBM_DEPTH, LR, THREADS, models.join(',')].map(String),
  );
}

try {
  writeMatrix(dir, 'Xtr', Xtr);
  writeMatrix(dir, 'Xte', Xte);
  writeVector(dir, 'ytr', Float64Array.from(ytr));
  writeVector(dir, 'yte', Float64Array.from(yte));
  // HGB gets a process of its own, run right before our GBM: the pair then sees the same load on
  // a shared machine, and its max RSS is its own
  const py = { ...references(['skrf', 'xgb']), ...references(['hgb']) };

  // our GBM first (right after HGB, cold: a fresh process, a new worker)
  const gbm = time(() =>
    fitGbm({ X: Xtr, y: ytr }, { nTrees: TREES, maxDepth: GBM_DEPTH, learningRate: LR }, { seed: 1, threads: THREADS }),
  );
  const gbmAuc = auc(yte, gbm.value.predict(Xte));
  const gbmRss = rssMb();
  const forest = time(() => fitForest({ X: Xtr, y: ytr }, { nTrees: TREES, maxDepth: FOREST_DEPTH }, { seed: 1 }));
  const forestAuc = auc(yte, forest.value.predict(Xte));
  const forestRss = rssMb();
  const ebm = time(() => fitEbm({ X: Xtr, y: ytr }, { outerBags: 4 }, { seed: 1 }));
  const ebmAuc = auc(yte, ebm.value.predict(Xte));
  const ebmRss = rssMb();

  // one table row: name, seconds, ratio to its reference (if any), AUC, max RSS, note
  const row = (name: string, sec: number, ratio: number | null, a: number, rss: number, note = ''): void => {
    const r = (ratio === null ? '' : `${ratio.toFixed(2)}x`).padStart(5);
    const cells = `${sec.toFixed(3).padStart(8)}  ${r}  ${a.toFixed(4)}  ${rss.toFixed(0).padStart(6)}`;
    const line = `${name.padEnd(37)}${cells}`;
    console.log(note ? `${line}   ${note}` : line);
  };
  console.log(
    `Training, ${nTrain} train / ${N - nTrain} held-out rows x ${P} features, 5% missing, ${TREES} trees, ` +
      `${THREADS} threads for the references and our GBM`,
  );
  console.log(`${'model'.padEnd(37)}time (s)  ratio     AUC  max RSS (MB)`);
  row(`sklearn RF d${FOREST_DEPTH} (+ imputer)`, py.skrf_s!, null, py.skrf_auc!, py.skrf_rss!);
  row(`zicht forest d${FOREST_DEPTH}`, forest.s, forest.s / py.skrf_s!, forestAuc, forestRss, '(target <= 1.0x)');
  row(`sklearn HistGradientBoosting d${GBM_DEPTH}`, py.hgb_s!, null, py.hgb_auc!, py.hgb_rss!);
  row(`xgboost hist d${GBM_DEPTH}`, py.xgb_s!, null, py.xgb_auc!, py.xgb_rss!);
  row(`zicht GBM d${GBM_DEPTH}`, gbm.s, gbm.s / py.hgb_s!, gbmAuc, gbmRss, '(vs HGB; target <= 1.5x)');
  const ebmNote = `(target AUC within 0.02 of GBM: ${(gbmAuc - ebmAuc).toFixed(4)})`;
  row('zicht EBM (4 bags, mains)', ebm.s, null, ebmAuc, ebmRss, ebmNote);
  console.log(
    'max RSS is per process, cumulative: ours over the run (Node baseline included), RF then xgboost in one ' +
      'Python process, HGB in its own.',
  );
  // ml-random-forest is far slower: 1,000 training rows, 10 trees, no missing values allowed (NaN → 0)
  const { RandomForestClassifier } = await import('ml-random-forest');
  const sub = 1000,
    mlTrees = 10;
  const rowsOf = (F: typeof Xtr, n: number): number[][] =>
    Array.from({ length: n }, (_, i) => F.data.map((c) => (Number.isNaN(c[i]!) ? 0 : c[i]!)));
  const mlX = rowsOf(Xtr, sub),
    mlY = Array.from(ytr.subarray(0, sub));
  const ml = time(() => {
    const rf = new RandomForestClassifier({
      nEstimators: mlTrees,
      maxFeatures: Math.floor(Math.sqrt(P)) / P,
      seed: 1,
      useSampleBagging: true,
      noOOB: true,
      treeOptions: { maxDepth: FOREST_DEPTH },
    });
    rf.train(mlX, mlY);
    return rf;
  });
  const mlAuc = auc(yte, ml.value.predictProbability(rowsOf(Xte, N - nTrain), 1));
  const ours1k = time(() =>
    fitForest(
      {
        X: takeRows(
          Xtr,
          Uint32Array.from({ length: sub }, (_, i) => i),
        ),
        y: ytr.subarray(0, sub),
      },
      { nTrees: mlTrees, maxDepth: FOREST_DEPTH },
      { seed: 1 },
    ),
  );

  const f = (v: number): string => v.toFixed(3).padStart(8);
  console.log(`${`ml-random-forest ${mlTrees} trees, ${sub} rows`.padEnd(37)}${f(ml.s)}         ${mlAuc.toFixed(4)}`);
  console.log(
    `${`zicht forest ${mlTrees} trees, ${sub} rows`.padEnd(37)}${f(ours1k.s)}  ${(ml.s / ours1k.s).toFixed(1)}x faster`,
  );

  if (json) {
    const model = (s: number, a: number, rss: number) => ({ seconds: s, auc: a, maxRssMb: rss });
    const ratios = { forestVsSklearnRf: forest.s / py.skrf_s!, gbmVsHgb: gbm.s / py.hgb_s! };
    // every target is an upper limit
    const target = (name: string, value: number, limit: number) => ({ name, value, limit, met: value <= limit });
    console.log(
      JSON.stringify({
        data: { trainRows: nTrain, heldOutRows: N - nTrain, features: P, trees: TREES, threads: THREADS },
        models: {
          sklearnRf: model(py.skrf_s!, py.skrf_auc!, py.skrf_rss!),
          forest: model(forest.s, forestAuc, forestRss),
          hgb: model(py.hgb_s!, py.hgb_auc!, py.hgb_rss!),
          xgboost: model(py.xgb_s!, py.xgb_auc!, py.xgb_rss!),
          gbm: model(gbm.s, gbmAuc, gbmRss),
          ebm: model(ebm.s, ebmAuc, ebmRss),
          mlRandomForest1k: { seconds: ml.s, auc: mlAuc },
          forest1k: { seconds: ours1k.s },
        },
        ratios,
        targets: [
          target('forest time / sklearn RF time', ratios.forestVsSklearnRf, 1),
          target('GBM time / HGB time (2 threads each)', ratios.gbmVsHgb, 1.5),
          target('|GBM AUC - AUC before the speed work|', Math.abs(gbmAuc - GBM_AUC_BEFORE), 0.005),
          target('|GBM AUC - HGB AUC|', Math.abs(gbmAuc - py.hgb_auc!), 0.005),
          target('GBM AUC - EBM AUC', gbmAuc - ebmAuc, 0.02),
        ],
      }),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
