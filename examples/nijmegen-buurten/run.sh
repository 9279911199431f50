#!/bin/sh
# Example (b): Nijmegen buurten — KWB 2024 demographics → registered drug trade (3.1.1) of 2025, target count,
# CV grouped by wijk (one municipality: too few gemeenten to group by).
# From the repository root:   sh examples/nijmegen-buurten/run.sh
# Reads the open data in place from $ZICHT_DATA_DIR (default ../shared/data); state goes to $ZICHT_HOME.
set -eu
DATA="${ZICHT_DATA_DIR:-../shared/data}"
EX=examples/nijmegen-buurten
export ZICHT_HOME="${ZICHT_HOME:-.zicht}"
zicht() { node bin/zicht.mjs "$@"; }
mkdir -p "$ZICHT_HOME/governance"

# 1. indicators: the StatLine export of KWB 2024 (population, age), and the origin export of the same rows,
#    which has no code column: joined by row order
zicht ingest "$DATA/cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_geslachten.csv" --period 2024JJ00
zicht ingest "$DATA/cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv" --period 2024JJ00 --join-rows "$DATA/cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
# 2. labels: the police's registered crimes per Nijmegen buurt, 2023–2025 (2024 buurt codes)
zicht ingest "$DATA/politie-nijmegen-2023-2025/misdrijven_per_buurt_2023_2025.csv" --vintage 2024
# 3. which kwb features these exports give (4 of 29), and the dataset (features 2024 → labels 2025)
zicht features check kwb@1 --period 2024JJ00 --level buurt
zicht dataset build --view kwb@1 --periods 2024JJ00 --crime 3.1.1 --target count --level buurt
# 4. train: registered as a candidate; its verdict and evaluation
cp "$EX/governance.json" "$ZICHT_HOME/governance/drugshandel-nijmegen.json"
REF=$(zicht train --config "$EX/config.json" --json | node -e "const r = JSON.parse(require('fs').readFileSync(0, 'utf8')); console.log(r.name + '@' + r.version)")
zicht evaluate "$REF"
# 5. the model card (Dutch, HTML)
zicht card "$REF" --format html --lang nl --out "$ZICHT_HOME/$REF.html"
echo "model card: $ZICHT_HOME/$REF.html"
