#!/usr/bin/env python3
"""The A/B of issue 18 at the bundled recipe: each student trained alone and distilled, per seed.

  scripts/students-ab.py DIR [DIR ...]

Reads every `evaluate-*alone-STUDENT-sSEED.json`, `evaluate-*kd-STUDENT-sSEED.json` and
`evaluate-*tm-STUDENT-sSEED.json` (`./digitnet evaluate --json` of `train --student S --epochs 30
--seed N`, of `distill --student S --epochs 30 --seed N`, and of the same with `--transfer-mix
0.5`) in the folders given, and prints a markdown table: per student and distilled mode the clean
and augmented top-1 of each seed, their mean and spread (half the range), and distilled minus
alone over the seeds both modes have, with whether the gain is beyond both modes' spreads.
"""
import glob
import json
import os
import re
import sys

PATTERN = re.compile(r"evaluate-(?:ood-)?(alone|kd|tm)-(\w+)-s(\d+)\.json$")
MODES = {"kd": "distilled", "tm": "distilled + mixed transfer images"}


def runs(folders):
    found = {}
    for folder in folders:
        for path in sorted(glob.glob(os.path.join(folder, "evaluate-*.json"))):
            m = PATTERN.search(os.path.basename(path))
            if not m or os.path.getsize(path) == 0:
                continue
            with open(path) as f:
                d = json.load(f)
            found[(m.group(2), m.group(1), int(m.group(3)))] = (100 * d["clean"]["top1"], 100 * d["augmented"]["top1"])
    return found


def summary(values):
    mean = sum(values) / len(values)
    return mean, (max(values) - min(values)) / 2


def main(folders):
    found = runs(folders)
    students = sorted({k[0] for k in found}, key=lambda s: ["xs", "sm", "md"].index(s) if s in ("xs", "sm", "md") else 9)
    print("| student | test set | alone, per seed | mean ± spread | distilled, per seed | mean ± spread | distilled − alone (seeds both have) | beyond both spreads |")
    print("|---|---|---|---|---|---|---|---|")
    for s, distilled, t, name in [(s, d, t, n) for s in students for d in MODES for t, n in ((0, "clean"), (1, "augmented"))]:
        per = {}
        for mode in ("alone", distilled):
            per[mode] = {seed: v[t] for (st, md, seed), v in found.items() if st == s and md == mode}
        if not per[distilled]:
            continue
        cells = []
        stats = {}
        for mode in ("alone", distilled):
            seeds = sorted(per[mode])
            cells.append(" / ".join(f"{per[mode][k]:.2f} (s{k})" for k in seeds) or "none")
            if seeds:
                stats[mode] = summary([per[mode][k] for k in seeds])
                cells.append(f"{stats[mode][0]:.2f} % ± {stats[mode][1]:.2f}")
            else:
                cells.append("")
        both = sorted(set(per["alone"]) & set(per[distilled]))
        if both:
            gain = sum(per[distilled][k] - per["alone"][k] for k in both) / len(both)
            # A spread needs two seeds at least; with fewer there is no verdict.
            if min(len(per["alone"]), len(per[distilled])) < 2:
                verdict = "not known (one seed)"
            else:
                verdict = "yes" if abs(gain) > max(stats["alone"][1], stats[distilled][1]) else "no"
            cells += [f"{gain:+.2f} pt over {len(both)} seed{'s' if len(both) > 1 else ''}", verdict]
        else:
            cells += ["", ""]
        label = "" if distilled == "kd" else f" ({MODES[distilled]})"
        print(f"| `{s}`{label} | {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
