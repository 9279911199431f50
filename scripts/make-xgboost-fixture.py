#!/usr/bin/python3
"""Make the xgboost cross-check fixture for training/explain (run with Debian's /usr/bin/python3,
which has python3-xgboost). Generated data, not real areas: 300 rows x 8 features with 10%
missing values; a 20-tree depth-4 binary:logistic model; its JSON, the rows, xgboost's margins
and pred_contribs are written to training/explain/fixtures/xgboost-small.json."""
import json
import os
import numpy as np
import xgboost as xgb

rng = np.random.default_rng(20261125)
n, p = 300, 8
X = rng.normal(size=(n, p))
logit = 1.2 * X[:, 0] - X[:, 1] + (X[:, 2] > 0.3) + 0.8 * X[:, 3] * X[:, 4]
y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
X[rng.random(size=(n, p)) < 0.1] = np.nan
d = xgb.DMatrix(X, label=y, missing=np.nan)
booster = xgb.train({'objective': 'binary:logistic', 'max_depth': 4, 'eta': 0.3, 'nthread': 1, 'seed': 1}, d, num_boost_round=20)
out_dir = os.path.join(os.path.dirname(__file__), '..', 'training', 'explain', 'fixtures')
os.makedirs(out_dir, exist_ok=True)
tmp = os.path.join(out_dir, 'tmp-model.json')
booster.save_model(tmp)
with open(tmp) as f:
    model = json.load(f)
os.remove(tmp)
Xt = X[:60]
dt = xgb.DMatrix(Xt, missing=np.nan)
fixture = {
    'xgboostVersion': xgb.__version__,
    'model': model,
    'rows': [[None if np.isnan(v) else float(v) for v in row] for row in Xt],
    'margin': booster.predict(dt, output_margin=True).astype(float).tolist(),
    'contribs': booster.predict(dt, pred_contribs=True).astype(float).tolist(),
}
with open(os.path.join(out_dir, 'xgboost-small.json'), 'w') as f:
    json.dump(fixture, f, separators=(',', ':'))
