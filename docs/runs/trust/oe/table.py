#!/usr/bin/env python3
"""Side-by-side figures of `evaluate --ood --json` outputs: python3 table.py NAME=FILE ..."""
import json
import sys

cols = []
for arg in sys.argv[1:]:
    name, path = arg.split("=", 1)
    cols.append((name, json.load(open(path))))

def row(label, f):
    cells = []
    for _, d in cols:
        try:
            cells.append(f(d))
        except (KeyError, TypeError):
            cells.append("-")
    print("| " + label + " | " + " | ".join(cells) + " |")

print("| figure | " + " | ".join(n for n, _ in cols) + " |")
print("|---|" + "---|" * len(cols))
row("OOD seed", lambda d: str(d["ood"]["seed"]))
row("clean top-1", lambda d: "%.2f %%" % (100 * d["clean"]["top1"]))
row("augmented top-1", lambda d: "%.2f %%" % (100 * d["augmented"]["top1"]))
row("temperature", lambda d: "%.3f" % d["ood"]["model_calibration"]["temperature"])
row("energy threshold", lambda d: "%.3f" % d["ood"]["model_calibration"]["digit_check"]["min_score"])
row("test digits refused", lambda d: "%.2f %%" % (100 * d["ood"]["digits_refused"]))
for s in ["fashion", "letters", "letters (not digit-like)", "scribbles", "noise", "near-blank"]:
    def get(d, s=s):
        sets = d["ood"]["sets"]
        return sets["letters"]["not_digit_like"] if s.startswith("letters (") else sets[s]
    row(s + ": AUROC check", lambda d, get=get: "%.4f" % get(d)["auroc"]["check"])
    row(s + ": accepted", lambda d, get=get: "%.1f %%" % (100 * get(d)["accepted"]))
