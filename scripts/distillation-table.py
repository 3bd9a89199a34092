#!/usr/bin/env python3
"""Tables for docs/distillation.md from the runs of scripts/distillation-ab.sh.

  distillation-table.py choose RUNS        prints "T ALPHA": the best validation top-1 of the grid
  distillation-table.py table RUNS OUT     prints the markdown tables (validation grid, A/B, spread)
"""
import glob
import json
import os
import re
import statistics
import sys


def last_epoch(metrics):
    epochs = {}
    with open(metrics) as f:
        for line in f:
            if line.strip():
                j = json.loads(line)
                if j.get("type") == "epoch":
                    epochs[j["epoch"]] = j
    return epochs[max(epochs)]


def grid(runs):
    rows = []
    for d in sorted(glob.glob(os.path.join(runs, "val-sm-*"))):
        if not os.path.isfile(os.path.join(d, "model", "model.safetensors")):
            continue
        e = last_epoch(os.path.join(d, "metrics.jsonl"))
        m = re.search(r"T([0-9.]+)-a([0-9.]+)$", d)
        rows.append((m.group(1) if m else None, m.group(2) if m else None, e["val_top1"], e["val_loss"]))
    return rows


def choose(runs):
    # Best validation top-1; ties go to the lower validation cross-entropy.
    distilled = [r for r in grid(runs) if r[0] is not None]
    best = max(distilled, key=lambda r: (r[2], -r[3]))
    print(best[0], best[1])


def pct(x):
    return "%.2f %%" % (100 * x)


def table(runs, out):
    print("### Choosing T and alpha (student sm, 5,000 held-out training images, seed 42)\n")
    print("| objective | validation top-1 | validation cross-entropy |")
    print("|---|---|---|")
    for t, a, top1, loss in grid(runs):
        name = "trained alone (cross-entropy)" if t is None else "distilled, T = %s, alpha = %s" % (t, a)
        print("| %s | %s | %.4f |" % (name, pct(top1), loss))
    print()

    def load(path):
        with open(path) as f:
            return json.load(f)

    print("### Students alone vs distilled (test set, 10,000 images)\n")
    print("| student | parameters | FLOPs | seed | objective | clean top-1 | augmented top-1 | clean top-2 | augmented top-2 |")
    print("|---|---|---|---|---|---|---|---|---|")
    results = {}
    order = ["xs", "sm", "md", "lg"]
    runs_found = []
    for path in glob.glob(os.path.join(out, "eval-*-seed*.json")):
        m = re.search(r"eval-(alone|distilled)-(\w+)-seed(\d+)\.json$", path)
        if m:
            runs_found.append((order.index(m.group(2)), int(m.group(3)), m.group(1), path))
    for _, _, _, path in sorted(runs_found):
        mode, student, seed = re.search(r"eval-(alone|distilled)-(\w+)-seed(\d+)\.json$", path).groups()
        e = load(path)
        info = load(os.path.join(out, "info-%s.json" % student))
        results.setdefault(student, {}).setdefault(mode, []).append(e)
        print("| %s | %s | %.1f M | %s | %s | %s | %s | %s | %s |" % (
            student, format(info["parameters"], ","), info["flops"] / 1e6, seed, mode,
            pct(e["clean"]["top1"]), pct(e["augmented"]["top1"]), pct(e["clean"]["top2"]), pct(e["augmented"]["top2"])))
    print()

    print("### Distilled minus alone, mean over seeds (seed-to-seed spread: half the range of each mode)\n")
    print("| student | seeds | clean top-1: alone | distilled | gain | spread alone / distilled | augmented top-1: alone | distilled | gain | spread alone / distilled |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for student in sorted(results, key=order.index):
        r = results[student]
        if "alone" not in r or "distilled" not in r:
            continue
        cells = [student, str(min(len(r["alone"]), len(r["distilled"])))]
        for split in ("clean", "augmented"):
            a = [e[split]["top1"] for e in r["alone"]]
            d = [e[split]["top1"] for e in r["distilled"]]
            cells += [pct(statistics.mean(a)), pct(statistics.mean(d)),
                      "%+.2f pt" % (100 * (statistics.mean(d) - statistics.mean(a))),
                      "±%.2f / ±%.2f pt" % (50 * (max(a) - min(a)), 50 * (max(d) - min(d))) if len(a) > 1 and len(d) > 1
                      else "one seed: unknown"]
        print("| " + " | ".join(cells) + " |")
    print()

    print("### Speed of each architecture (`./digitnet bench --train-steps 0`, same machine)\n")
    print("| model | parameters | FLOPs | batch-1 latency, one thread: median (p99) | evaluation, batch 512 |")
    print("|---|---|---|---|---|")
    for student in ["teacher"] + sorted(results, key=order.index):
        bench = os.path.join(out, "bench-%s.json" % student)
        if not os.path.isfile(bench):
            continue
        b = load(bench)
        info = load(os.path.join(out, "info-%s.json" % student))
        print("| %s | %s | %.1f M | %.2f ms (%.2f ms) | %s images/s |" % (
            student, format(info["parameters"], ","), info["flops"] / 1e6,
            b["batch1_latency_ms_median_one_thread"], b["batch1_latency_ms_p99_one_thread"],
            format(round(b["eval_images_per_sec"]), ",")))


if __name__ == "__main__":
    if sys.argv[1] == "choose":
        choose(sys.argv[2])
    else:
        table(sys.argv[2], sys.argv[3])
