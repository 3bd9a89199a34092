#!/usr/bin/env python3
"""Markdown tables for docs/trust.md and the README from `./digitnet evaluate --ood --json` outputs.

Usage: scripts/trust-table.py docs/runs/trust/evaluate-ood-{teacher,xs,sm,md}.json
Only formats what the evaluations measured; computes nothing new.
"""
import json
import sys

runs = []
for path in sys.argv[1:]:
    with open(path) as f:
        d = json.load(f)
    runs.append((d["model"].replace("bundled model ", "").strip("'").rstrip("/").split("/")[-1], d))

def pct(x, digits=2):
    return f"{100 * x:.{digits}f} %"

print("Calibration on the test sets (ECE over 15 bins; before: temperature 1, after: the model's):\n")
print("| model | T | clean top-1 | clean ECE before → after | clean NLL | clean Brier | augmented ECE before → after | augmented NLL |")
print("|---|---|---|---|---|---|---|---|")
for name, d in runs:
    c = d["calibration"]
    cb, ca = c["clean"]["before"], c["clean"]["after"]
    ab, aa = c["augmented"]["before"], c["augmented"]["after"]
    print(f"| {name} | {ca['temperature']:.3f} | {pct(d['clean']['top1'])} | {pct(cb['ece'], 3)} → {pct(ca['ece'], 3)} | "
          f"{cb['nll']:.4f} → {ca['nll']:.4f} | {cb['brier']:.5f} → {ca['brier']:.5f} | "
          f"{pct(ab['ece'], 3)} → {pct(aa['ece'], 3)} | {ab['nll']:.4f} → {aa['nll']:.4f} |")

print("\nNot a digit: share of test digits refused, and per out-of-distribution set the AUROC of the check's score "
      "against the 10,000 clean test digits and the share the check accepts as digits:\n")
sets = ["fashion", "letters", "letters*", "scribbles", "noise", "near-blank", "doodles", "doodles-trained"]
header = "| model | digits refused (clean / augmented) | " + " | ".join(
    "letters not digit-like" if s == "letters*" else s for s in sets) + " |"
print(header)
print("|---" * (len(sets) + 2) + "|")
for name, d in runs:
    o = d["ood"]["sets"]
    cells = []
    for s in sets:
        r = o["letters"]["not_digit_like"] if s == "letters*" else o.get(s)
        cells.append("n/a" if r is None else f"{r['auroc']['check']:.4f} / {pct(r['accepted'], 1)}")
    c = d["calibration"]
    print(f"| {name} | {pct(c['refused_clean'])} / {pct(c['refused_augmented'])} | " + " | ".join(cells) + " |")

print("\nAUROC of each score (maximum softmax probability, energy, minus the head's not_digit, the check: "
      "the decision's margin with blobs last):\n")
print("| model | set | MSP | energy | head | check |")
print("|---|---|---|---|---|---|")
for name, d in runs:
    for s in sets:
        o = d["ood"]["sets"]
        r = o["letters"]["not_digit_like"] if s == "letters*" else o.get(s)
        if r is None:
            continue
        a = r["auroc"]
        head = f"{a['head']:.4f}" if "head" in a else "-"
        print(f"| {name} | {'letters not digit-like' if s == 'letters*' else s} | {a['msp']:.4f} | {a['energy']:.4f} | {head} | {a['check']:.4f} |")

print("\nPen doodles: share accepted as digits, per kind (held-out kinds, then fresh pictures of the trained kinds):\n")
for s in ["doodles", "doodles-trained"]:
    kinds = None
    rows = []
    for name, d in runs:
        r = d["ood"]["sets"].get(s)
        if r is None:
            continue
        per = r.get("accepted_per_item", {})
        kinds = kinds or sorted(per)
        rows.append((name, per))
    if not kinds:
        continue
    print("| model | " + " | ".join(kinds) + " |")
    print("|---" * (len(kinds) + 1) + "|")
    for name, per in rows:
        print(f"| {name} | " + " | ".join(f"{100 * per.get(k, float('nan')):.0f} %" for k in kinds) + " |")
    print()

print("\nThe issue's figures per model: top-1, digits refused, and the share of each non-digit set accepted:\n")
print("| model | top-1 clean / augmented | test digits refused (clean / augmented) | pen-drawn test digits refused | "
      "held-out doodles | doodles of trained kinds | letters not digit-like | scribbles | noise | near-blank | Fashion-MNIST |")
print("|---" * 11 + "|")
for name, d in runs:
    o = d["ood"]["sets"]
    pen = d.get("pen_digits")
    def acc(s):
        r = o.get(s)
        return "n/a" if r is None else pct(r["accepted"], 1)
    c = d["calibration"]
    print(f"| {name} | {pct(d['clean']['top1'])} / {pct(d['augmented']['top1'])} | {pct(c['refused_clean'])} / "
          f"{pct(c['refused_augmented'])} | {'n/a' if pen is None else pct(pen['refused'])} | {acc('doodles')} | "
          f"{acc('doodles-trained')} | {pct(o['letters']['not_digit_like']['accepted'], 1)} | {acc('scribbles')} | "
          f"{acc('noise')} | {acc('near-blank')} | {acc('fashion')} |")
