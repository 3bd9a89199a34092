#!/usr/bin/env bash
# Side-by-side speed of the bundled family on this machine, one run, alternating: for each model,
# ./digitnet bench on ONNX Runtime (evaluation images/s and batch-1 latency, one thread) and on
# PyTorch with training steps, then the plain-PyTorch reference for the same architecture.
# Run on a quiet machine; writes one JSON line per measurement to $OUT (default
# docs/runs/students/bench-students.jsonl).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-docs/runs/students/bench-students.jsonl}"
rounds="${ROUNDS:-2}"
mkdir -p "$(dirname "$out")"
alloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
spec() { # the architecture spec a model's config.json records (conv students) or "teacher"
  python3 -c "import json,sys; a=json.load(open('src/main/resources/dev/digitnet/bundled/$1/config.json'))['architecture']
print('teacher' if '$1'=='teacher' else 'conv:'+'/'.join(map(str,a['widths']))+':'+'-'.join(map(str,a['depths'])))"
}
for round in $(seq 1 "$rounds"); do
  for model in teacher xs sm md; do
    for engine in onnxruntime pytorch; do
      steps=0; [ "$engine" = pytorch ] && steps=40
      ./digitnet bench -m "$model" --engine "$engine" --train-steps "$steps" --json 2>/dev/null \
        | python3 -c "import json,sys; j=json.load(sys.stdin); j.update(model='$model', engine='$engine', round=$round, tool='digitnet bench'); print(json.dumps(j))" >> "$out"
    done
    LD_PRELOAD=$alloc python3 scripts/pytorch-reference.py --model "$(spec "$model")" \
      | python3 -c "import json,sys; j=json.load(sys.stdin); j.update(model='$model', round=$round, tool='scripts/pytorch-reference.py'); print(json.dumps(j))" >> "$out"
  done
done
echo "wrote $out"
