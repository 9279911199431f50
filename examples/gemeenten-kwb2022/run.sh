#!/bin/sh
# Example (a): all gemeenten — KWB 2022 indicators → registered crime of 2023 (all crime types, crime code
# 0.0.0), target count with population exposure, 5-fold CV grouped by gemeente.
# From the repository root:   sh examples/gemeenten-kwb2022/run.sh
# Reads the open data in place from $ZICHT_DATA_DIR (default ../shared/data); state goes to $ZICHT_HOME.
set -eu
DATA="${ZICHT_DATA_DIR:-../shared/data}"
EX=examples/gemeenten-kwb2022
export ZICHT_HOME="${ZICHT_HOME:-.zicht}"
zicht() { node bin/zicht.mjs "$@"; }
mkdir -p "$ZICHT_HOME/governance"

# 1. indicators: the tidy KWB 2022 gemeente table (kind kwb-tidy-csv; vintage 2022)
zicht ingest "$DATA/cbs-kwb-2022-wijk/NLD_muni_2022_attributes.csv" --period 2022JJ00
# 2. labels: registered crime of 2023 per gemeente as a long CSV (crime code 0.0.0; 47018NED's 2024 boundaries)
node "$EX/make-labels.mjs" "$DATA/politie-47018NED/output_gemeenten_NL_gini.csv" "$ZICHT_HOME/gemeenten-misdrijven-2023.csv"
zicht ingest "$ZICHT_HOME/gemeenten-misdrijven-2023.csv" --kind long-csv
# 3. which features the data gives; the leak-free dataset (features 2022 → labels 2023)
zicht features check kwb2022-tidy@1 --period 2022JJ00 --level gemeente
zicht dataset build --view kwb2022-tidy@1 --periods 2022JJ00 --crime 0.0.0 --target count --level gemeente
# 4. train: registered as a candidate; its verdict and evaluation
cp "$EX/governance.json" "$ZICHT_HOME/governance/misdrijven-gemeente.json"
REF=$(zicht train --config "$EX/config.json" --json | node -e "const r = JSON.parse(require('fs').readFileSync(0, 'utf8')); console.log(r.name + '@' + r.version)")
zicht evaluate "$REF"
# 5. the model card (Dutch, HTML)
zicht card "$REF" --format html --lang nl --out "$ZICHT_HOME/$REF.html"
echo "model card: $ZICHT_HOME/$REF.html"
echo "with label noise (differential privacy): an administrator sets a budget once, then"
echo "  node bin/zicht.mjs privacy budget set --epsilon 1 && node bin/zicht.mjs train --config $EX/config-dp.json"
