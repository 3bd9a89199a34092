#!/usr/bin/env python3
"""Pixel-level not-a-digit gate, an experiment outside the project (issue 20).

A small CNN of its own, trained on the pictures `fit-head` trains its heads on (digits against
non-digits), instead of a head on a classifier's pooled features. Reads the folder that
`dev.digitnet.eval.GateDataDump` writes (test classes). The threshold refuses a fixed share of
the clean calibration split; every choice is read from the validation rows (seed 1), and the
test rows (the benchmark's seed: held-out doodle kinds, pen-drawn MNIST test digits) are printed
after, never compared between variants here.

Usage: python3 scripts/gate-experiment.py DATA_DIR [--widths 8,16,32] [--epochs 10] [--seed 0]
       [--refusal 0.008] [--augment] [--json OUT]
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DIGIT_LIKE = set("O o I l S s Z z B b g q".split())


def load(folder):
    rows = []
    for line in open(os.path.join(folder, "index.tsv")):
        split, name, digit, count, file = line.rstrip("\n").split("\t")
        x = np.fromfile(os.path.join(folder, file + ".f32"), dtype="<f4").reshape(int(count), 1, 32, 32)
        tags_file = os.path.join(folder, file + ".tags")
        tags = open(tags_file).read().split("\n")[: int(count)] if os.path.exists(tags_file) else None
        rows.append(dict(split=split, name=name, digit=digit == "true", x=torch.from_numpy(x.copy()), tags=tags))
    return rows


class Gate(nn.Module):
    """3x3 conv + BatchNorm + ReLU, two per stage, max-pool between stages, global average pool, one logit."""

    def __init__(self, widths):
        super().__init__()
        layers, c = [], 1
        for i, w in enumerate(widths):
            for _ in range(2):
                layers += [nn.Conv2d(c, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU(inplace=True)]
                c = w
            if i < len(widths) - 1:
                layers.append(nn.MaxPool2d(2))
        self.body = nn.Sequential(*layers)
        self.out = nn.Linear(c, 1)

    def forward(self, x):
        return self.out(self.body(x).mean((2, 3))).squeeze(1)  # not-a-digit logit


def affine(x, g):
    """The card's random affine (rotation 30 deg, translate 10/20 %, scale 0.75-1.25, shear 10 deg), batched."""
    n = x.shape[0]
    rot = (torch.rand(n, generator=g) * 60 - 30) * np.pi / 180
    shear = (torch.rand(n, generator=g) * 20 - 10) * np.pi / 180
    scale = torch.rand(n, generator=g) * 0.5 + 0.75
    tx = (torch.rand(n, generator=g) * 0.2 - 0.1) * 2
    ty = (torch.rand(n, generator=g) * 0.4 - 0.2) * 2
    a = torch.cos(rot) / scale
    b = -torch.sin(rot + shear) / scale
    c = torch.sin(rot) / scale
    d = torch.cos(rot + shear) / scale
    theta = torch.stack([torch.stack([a, b, tx], 1), torch.stack([c, d, ty], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    return F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")


@torch.no_grad()
def scores(model, x):
    model.eval()
    return torch.cat([model(x[i:i + 2000]) for i in range(0, len(x), 2000)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--widths", default="8,16,32")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--refusal", type=float, default=0.008)
    ap.add_argument("--augment", action="store_true", help="random affine on every training picture, each epoch")
    ap.add_argument("--drop", default="", help="training groups to leave out (comma-separated names)")
    ap.add_argument("--json")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    g = torch.Generator().manual_seed(args.seed)
    rows = load(args.data)
    dropped = set(filter(None, args.drop.split(",")))
    train = [r for r in rows if r["split"] == "train" and r["name"] not in dropped]
    xs = torch.cat([r["x"] for r in train])
    ys = torch.cat([torch.full((len(r["x"]),), 0.0 if r["digit"] else 1.0) for r in train])
    n_digit, n_other = int((ys == 0).sum()), int((ys == 1).sum())
    # Classes weighted equally, as the feature heads are trained.
    weight = torch.where(ys == 0, len(ys) / (2 * n_digit), len(ys) / (2 * n_other))
    model = Gate([int(w) for w in args.widths.split(",")])
    params = sum(p.numel() for p in model.parameters())
    steps = args.epochs * ((len(xs) + 127) // 128)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.05)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps, pct_start=0.1)
    t0 = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(xs), generator=g)
        total = 0.0
        for i in range(0, len(xs), 128):
            idx = order[i:i + 128]
            x = xs[idx]
            if args.augment:
                x = affine(x, g)
            loss = (F.binary_cross_entropy_with_logits(model(x), ys[idx], reduction="none") * weight[idx]).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        print(f"epoch {epoch + 1}/{args.epochs}: loss {total / len(xs):.4f} ({time.time() - t0:.0f} s)", flush=True)

    cal = next(r for r in rows if r["name"] == "calibration clean")
    s_cal = scores(model, cal["x"])
    threshold = torch.quantile(s_cal, 1 - args.refusal).item()
    result = dict(widths=args.widths, epochs=args.epochs, seed=args.seed, augment=args.augment, parameters=params,
                  refusal=args.refusal, threshold=threshold, dropped=sorted(dropped), rows=[])
    print(f"gate {args.widths}, {params:,} parameters, {args.epochs} epochs{' augmented' if args.augment else ''}; "
          f"threshold {threshold:.3f} refuses {args.refusal:.1%} of the clean calibration digits")
    for r in rows:
        if r["split"] == "train":
            continue
        x, tags = r["x"], r["tags"]
        if r["name"] == "letters" and tags is not None:
            keep = [i for i, t in enumerate(tags) if t not in DIGIT_LIKE]
            x, tags = x[keep], [tags[i] for i in keep]
        refused = (scores(model, x) > threshold).float()
        share = refused.mean().item() if r["digit"] else 1 - refused.mean().item()
        row = dict(split=r["split"], name=r["name"], digit=r["digit"], count=len(x),
                   share=share, what="refused" if r["digit"] else "accepted")
        if tags is not None and r["name"].startswith("doodles"):
            kinds = {}
            for t, f in zip(tags, refused.tolist()):
                kinds.setdefault(t, []).append(1 - f)
            row["per_kind_accepted"] = {k: float(np.mean(v)) for k, v in sorted(kinds.items())}
        result["rows"].append(row)
        print(f"  {r['split']:5s} {r['name']:28s} {len(x):6d}  {row['what']} {100 * share:6.2f}%")
        if "per_kind_accepted" in row:
            print("        " + ", ".join(f"{k} {100 * v:.0f}%" for k, v in row["per_kind_accepted"].items()))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
