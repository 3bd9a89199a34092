#!/usr/bin/env python3
"""Plain-PyTorch reference for `./digitnet bench`: the same network, training step and measurements.

Not part of the build. It answers one question: how fast is this network on this machine without
DJL and the JVM? Run it beside `./digitnet bench --json` with the same allocator preloaded, e.g.
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 python3 scripts/pytorch-reference.py
Needs the `torch` package (CPU build). Prints one JSON object with the figures `bench` prints.
`--model conv:8/16/32[:2-2-2]` measures a convolutional student instead of the teacher (the same
layers as ConvNetConfig.layers(): per stage DEPTH × (3×3 conv without bias → BatchNorm → ReLU),
2×2 max pooling between stages, global average pooling, a linear classifier).
"""
import argparse
import json
import platform
import re
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

WIDTHS, DEPTHS, KERNEL, EXPANSION, HIDDEN, DROPOUT = (24, 48, 96, 192), (1, 1, 3, 1), 5, 4, 64, 0.25


class GlobalResponseNorm(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.gamma = nn.Parameter(torch.zeros(1, channels, 1, 1))
        self.beta = nn.Parameter(torch.zeros(1, channels, 1, 1))

    def forward(self, x):
        spatial = torch.linalg.vector_norm(x, dim=(2, 3), keepdim=True)
        relative = spatial / (spatial.mean(dim=1, keepdim=True) + 1e-6)
        return self.gamma * (x * relative) + self.beta + x


class DepthwiseBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        hidden = cout * EXPANSION
        self.depthwise = nn.Conv2d(cin, cin, KERNEL, padding=KERNEL // 2, groups=cin)
        self.norm = nn.GroupNorm(cin, cin)
        self.expand = nn.Conv2d(cin, hidden, 1)
        self.grn = GlobalResponseNorm(hidden)
        self.project = nn.Conv2d(hidden, cout, 1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x):
        y = self.project(self.grn(F.gelu(self.expand(self.norm(self.depthwise(x))))))
        return y + self.skip(x)


class DigitNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.GroupNorm(1, 1)
        stages, cin = [], 1
        for width, depth in zip(WIDTHS, DEPTHS):
            stages.append(nn.Sequential(*[DepthwiseBlock(cin if b == 0 else width, width) for b in range(depth)]))
            cin = width
        self.stages = nn.ModuleList(stages)
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(DROPOUT), nn.Linear(WIDTHS[-1] * 4, HIDDEN), nn.GELU(),
                                  nn.Dropout(DROPOUT), nn.Linear(HIDDEN, 10))

    def forward(self, x):
        x = self.stem(x)
        for i, stage in enumerate(self.stages):
            x = stage(x)
            if i < len(self.stages) - 1:
                x = F.max_pool2d(x, 2)
        x = F.avg_pool2d(x, x.shape[-1] // 2)
        return self.head(x)


class ConvNet(nn.Module):
    def __init__(self, widths, depths, kernel=3):
        super().__init__()
        layers, cin = [], 1
        for s, (width, depth) in enumerate(zip(widths, depths)):
            for c in range(depth):
                layers += [nn.Conv2d(cin if c == 0 else width, width, kernel, padding=kernel // 2, bias=False),
                           nn.BatchNorm2d(width), nn.ReLU()]
            if s < len(widths) - 1:
                layers.append(nn.MaxPool2d(2))
            cin = width
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, 10)]
        self.net = nn.Sequential(*layers)

    def forward(self, x):
        return self.net(x)


def build(spec):
    if spec == "teacher":
        return DigitNet()
    match = re.fullmatch(r"conv:(\d+(?:/\d+)*)(?::(\d+(?:-\d+)*))?", spec)
    if not match:
        raise SystemExit(f"unknown --model {spec!r}: teacher or conv:WIDTHS[:DEPTHS]")
    widths = [int(w) for w in match.group(1).split("/")]
    depths = [int(d) for d in match.group(2).split("-")] if match.group(2) else [2] * len(widths)
    return ConvNet(widths, depths)


def main(spec="teacher", warmup_steps=5, timed_steps=40, batch=128):
    torch.manual_seed(42)
    model = build(spec)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.05)
    images, labels = torch.rand(batch, 1, 32, 32), torch.randint(0, 10, (batch,))

    def step():
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(images), labels).backward()
        optimizer.step()

    model.train()
    for _ in range(warmup_steps):
        step()
    start = time.perf_counter()
    for _ in range(timed_steps):
        step()
    train = timed_steps * batch / (time.perf_counter() - start)

    model.eval()
    test = torch.rand(10_000, 1, 32, 32)
    with torch.inference_mode():
        model(test[:512])
        start = time.perf_counter()
        for i in range(0, len(test), 512):
            model(test[i:i + 512])
        evaluation = len(test) / (time.perf_counter() - start)
        latencies = []
        for i in range(-100, 1000):
            t = time.perf_counter()
            model(test[i % len(test)].unsqueeze(0))
            if i >= 0:
                latencies.append((time.perf_counter() - t) * 1e3)
    latencies.sort()
    print(json.dumps({
        "train_images_per_sec": train, "train_batch": batch, "train_timed_steps": timed_steps,
        "eval_images_per_sec": evaluation, "eval_batch": 512,
        "batch1_latency_ms_median": latencies[len(latencies) // 2],
        "batch1_latency_ms_p99": latencies[int(len(latencies) * 0.99) - 1],
        "model": spec, "parameters": sum(p.numel() for p in model.parameters()),
        "torch": torch.__version__, "threads": torch.get_num_threads(), "cpu": platform.processor() or platform.machine(),
    }))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="teacher", help="teacher (default) or conv:WIDTHS[:DEPTHS]")
    parser.add_argument("--train-steps", type=int, default=40, help="timed training steps (as bench's --train-steps)")
    parser.add_argument("--warmup-steps", type=int, default=5, help="untimed steps first (as bench's --warmup-steps)")
    args = parser.parse_args()
    main(args.model, warmup_steps=args.warmup_steps, timed_steps=args.train_steps)
