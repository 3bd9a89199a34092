#!/usr/bin/env bash
# The distillation experiment of docs/distillation.md, end to end and resumable: choose T and alpha
# on a 5,000-image validation split, then train each student size alone and distilled from the
# bundled teacher (same recipe, epochs and seed; two seeds), evaluate every run on the test set,
# benchmark every architecture, and write the tables. Finished runs are skipped and interrupted
# ones resumed, so the script can be stopped and started again at any time.
#
#   scripts/distillation-ab.sh            # everything (about 2 hours on 2 cores)
#   EPOCHS=1 SEEDS=42 STUDENTS=xs scripts/distillation-ab.sh   # a quick look
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${RUNS:-runs/distill}
OUT=${OUT:-docs/runs/distillation}
EPOCHS=${EPOCHS:-3}
SEEDS=${SEEDS:-42 43}
STUDENTS=${STUDENTS:-xs sm md}
GRID=${GRID:-4:0.9 2:0.5 8:0.9 4:0.5}   # T:alpha candidates, tried on the validation split
mkdir -p "$RUNS" "$OUT/logs"

# run OUT_DIR COMMAND ARGS...: trains unless OUT_DIR/model exists; resumes a checkpoint if there is one.
run() {
  local dir=$1; shift
  [ -f "$dir/model/model.safetensors" ] && return 0
  local extra=()
  [ -f "$dir/checkpoints/latest.json" ] && extra=(--resume)
  echo "$(date +%T) ./digitnet $* --out $dir ${extra[*]}"
  ./digitnet "$@" --out "$dir" "${extra[@]}" > "$dir.log" 2>&1
}

# 1. T and alpha, chosen on 5,000 held-out training images (never the test set), student sm, seed 42.
run "$RUNS/val-sm-alone" train --student sm --epochs "$EPOCHS" --seed 42 --val-size 5000
for candidate in $GRID; do
  t=${candidate%%:*} a=${candidate##*:}
  run "$RUNS/val-sm-T$t-a$a" distill --student sm --temperature "$t" --alpha "$a" --epochs "$EPOCHS" --seed 42 --val-size 5000
done
read -r T ALPHA < <(python3 scripts/distillation-table.py choose "$RUNS")
echo "chosen on validation: T = $T, alpha = $ALPHA"

# 2. Each student alone and distilled, same recipe, epochs and seed.
for seed in $SEEDS; do
  for s in $STUDENTS; do
    run "$RUNS/alone-$s-seed$seed" train --student "$s" --epochs "$EPOCHS" --seed "$seed"
    run "$RUNS/distilled-$s-seed$seed" distill --student "$s" --temperature "$T" --alpha "$ALPHA" --epochs "$EPOCHS" --seed "$seed"
  done
done

# 3. Test-set figures of every run, speed of every architecture, and the logs.
for dir in "$RUNS"/*/; do
  name=$(basename "$dir")
  [ -f "$dir/model/model.safetensors" ] || continue
  [ -f "$OUT/eval-$name.json" ] || ./digitnet evaluate --model "$dir/model" --out "$RUNS/pictures-$name" --json > "$OUT/eval-$name.json" 2>/dev/null
  cp "$dir/metrics.jsonl" "$OUT/logs/$name.metrics.jsonl"
  grep -av '%\s*\[' "$RUNS/$name.log" > "$OUT/logs/$name.log" || true   # the summary lines, not the progress bar
done
for s in teacher $STUDENTS; do
  [ -f "$OUT/bench-$s.json" ] || ./digitnet bench --model "$( [ $s = teacher ] && echo teacher || echo "$RUNS/alone-$s-seed42/model")" \
      --train-steps 0 --json > "$OUT/bench-$s.json" 2>/dev/null
  ./digitnet info --student "$s" --json > "$OUT/info-$s.json" 2>/dev/null
done
python3 scripts/distillation-table.py table "$RUNS" "$OUT" > "$OUT/results.md"
echo "wrote $OUT/results.md"
