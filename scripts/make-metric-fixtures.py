#!/usr/bin/python3
"""Make the reference-metric fixture for evaluation/ (run with Debian's /usr/bin/python3, which has
python3-sklearn). Generated data, not real areas. Writes evaluation/fixtures/reference-metrics.json
with the inputs and what scikit-learn computes for them:

- roc_auc_score, average_precision_score, brier_score_loss, log_loss on scores with many ties
  (rounded to one decimal), so tie handling is pinned;
- calibration_curve(strategy='quantile', n_bins=10) and the expected calibration error built from
  it (bin share x |observed - predicted|);
- roc_curve(drop_intermediate=False): one point per distinct score threshold;
- mean_poisson_deviance on counts;
- group ratios as Aequitas defines them (group metric / reference group metric, for the flag rate,
  TPR, FPR, FDR, FNR and precision) and Fairlearn's demographic-parity ratio (smallest flag rate /
  largest). Neither Aequitas nor Fairlearn is packaged for Debian, so these few lines of numpy
  follow their published definitions.

    /usr/bin/python3 scripts/make-metric-fixtures.py
"""
import json
import os
import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import (average_precision_score, brier_score_loss, log_loss,
                             mean_poisson_deviance, roc_auc_score, roc_curve)

rng = np.random.default_rng(20261202)
n = 300
latent = rng.normal(size=n)
y = (rng.random(n) < 1 / (1 + np.exp(-(1.5 * latent - 1.2)))).astype(int)
p_fine = 1 / (1 + np.exp(-(1.2 * latent - 1.0 + rng.normal(scale=0.8, size=n))))
p_tied = np.round(p_fine, 1)
p_tied = np.clip(p_tied, 0.01, 0.99)

def binary_case(name, p):
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy='quantile')
    # bin sizes as calibration_curve forms them (quantile edges, searchsorted on the inner edges)
    edges = np.percentile(p, np.linspace(0, 100, 11))
    ids = np.searchsorted(edges[1:-1], p)
    counts = np.bincount(ids, minlength=10)
    counts = counts[counts > 0]
    ece = float(np.sum(counts / n * np.abs(prob_true - prob_pred)))
    return {
        'name': name, 'y': y.tolist(), 'p': [float(v) for v in p],
        'rocAuc': float(roc_auc_score(y, p)), 'averagePrecision': float(average_precision_score(y, p)),
        'brier': float(brier_score_loss(y, p)), 'logLoss': float(log_loss(y, p)),
        'calibration': {'observed': prob_true.tolist(), 'predicted': prob_pred.tolist(), 'n': counts.tolist()},
        'ece': ece,
        'roc': dict(zip(('fpr', 'tpr'), (v.tolist() for v in roc_curve(y, p, drop_intermediate=False)[:2]))),
    }

counts_y = rng.poisson(lam=np.exp(0.5 + 0.7 * latent)).astype(float)
mu = np.exp(0.4 + 0.6 * latent + rng.normal(scale=0.3, size=n))

groups = np.array(['A', 'B', 'C'])[rng.integers(0, 3, size=n)]
flags = (p_fine >= np.quantile(p_fine, 0.8)).astype(int)
def rates(mask):
    yy, ff = y[mask], flags[mask]
    tp = np.sum((ff == 1) & (yy == 1)); fp = np.sum((ff == 1) & (yy == 0))
    fn = np.sum((ff == 0) & (yy == 1)); tn = np.sum((ff == 0) & (yy == 0))
    return {'flagRate': (tp + fp) / len(yy), 'tpr': tp / (tp + fn), 'fpr': fp / (fp + tn),
            'fnr': fn / (tp + fn), 'fdr': fp / (tp + fp), 'precision': tp / (tp + fp)}
by_group = {g: rates(groups == g) for g in ['A', 'B', 'C']}
reference = max(['A', 'B', 'C'], key=lambda g: np.sum(groups == g))
disparity = {g: {k: float(v / by_group[reference][k]) for k, v in by_group[g].items()} for g in by_group}
flag_rates = [by_group[g]['flagRate'] for g in by_group]

fixture = {
    'generatedBy': 'scripts/make-metric-fixtures.py (scikit-learn %s, numpy %s)' % (
        __import__('sklearn').__version__, np.__version__),
    'binary': [binary_case('ties', p_tied), binary_case('fine', p_fine)],
    'poisson': {'y': counts_y.tolist(), 'mu': mu.tolist(), 'meanPoissonDeviance': float(mean_poisson_deviance(counts_y, mu))},
    'groups': {
        'y': y.tolist(), 'flags': flags.tolist(), 'groups': groups.tolist(), 'reference': reference,
        'rates': {g: {k: float(v) for k, v in r.items()} for g, r in by_group.items()},
        'disparity': disparity, 'demographicParityRatio': float(min(flag_rates) / max(flag_rates)),
    },
}
out_dir = os.path.join(os.path.dirname(__file__), '..', 'evaluation', 'fixtures')
os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, 'reference-metrics.json'), 'w') as f:
    json.dump(fixture, f)
print('wrote evaluation/fixtures/reference-metrics.json')
