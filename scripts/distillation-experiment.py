#!/usr/bin/env python3
"""Distillation experiment outside the project: does a teacher trained longer make distillation help?

Not part of the build, and nothing bundled comes from it. It runs, in plain PyTorch (GPU when there
is one), the validation question of docs/runs/students/teacher-30/PLAN.md: the card's network
trained for 10 and for 30 epochs as teachers, and the bundled students' designs (xs, sm, md: 3×3
conv + BatchNorm + ReLU, the layers of scripts/pytorch-reference.py) trained alone and distilled
from each teacher, several seeds each, with the project's recipe: AdamW (peak lr 3e-3, weight decay
0.05), 300 linear warm-up steps, cosine to 1 % of the peak, batch 128, the card's random affine
(rotation ±30°, translate 10 %/20 %, scale 0.75–1.25, shear ±10°) drawn per picture, teacher and
student on the same augmented view, loss α·T²·KL(teacher‖student at T) + (1 − α)·cross-entropy.
Students hold out 5,000 training images for validation (a fixed split); the teachers train on all
60,000, as in the plan. Every run also reports the MNIST test set, clean and under one fixed draw
of the affine, for information: choices are made on validation.

    python3 scripts/distillation-experiment.py --data DIR --out DIR [--workers 12] [--seeds 42,43,44]

DIR holds MNIST's four IDX files (gzipped or not), e.g. ~/.cache/digitnet/mnist. Runs go to worker
processes (one libtorch thread each, sharing the GPU); each finished run appends one JSON line to
OUT/results.jsonl, so a run cut short keeps what finished.
"""
import argparse
import concurrent.futures as futures
import gzip
import importlib.util
import json
import math
import multiprocessing
import os
import struct
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("reference", os.path.join(HERE, "pytorch-reference.py"))
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

STUDENTS = {"xs": "conv:8/16/32:2-2-2", "sm": "conv:16/32/64:2-2-2", "md": "conv:16/32/96:2-2-2"}
SIZE, BATCH, LR, WEIGHT_DECAY, WARMUP, FINAL_RATIO = 32, 128, 3e-3, 0.05, 300, 0.01
VALIDATION, SPLIT_SEED, TEST_AUGMENT_SEED = 5000, 0, 20240607


def read_idx(folder, name):
    for path, opener in ((os.path.join(folder, name), open), (os.path.join(folder, name + ".gz"), gzip.open)):
        if os.path.exists(path):
            with opener(path, "rb") as f:
                raw = f.read()
            dims = raw[3]
            shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
            return torch.frombuffer(bytearray(raw[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)
    raise SystemExit(f"{name} not found in {folder}")


def prepare(folder):
    def images(name):  # 28→32 bilinear, [0, 1], as the project's input
        x = read_idx(folder, name).float().div_(255).unsqueeze(1)
        return F.interpolate(x, size=(SIZE, SIZE), mode="bilinear", align_corners=False).clamp_(0, 1)
    data = {"train_x": images("train-images-idx3-ubyte"), "train_y": read_idx(folder, "train-labels-idx1-ubyte").long(),
            "test_x": images("t10k-images-idx3-ubyte"), "test_y": read_idx(folder, "t10k-labels-idx1-ubyte").long()}
    data["split"] = torch.randperm(len(data["train_y"]), generator=torch.Generator().manual_seed(SPLIT_SEED))
    data["test_aug_x"] = random_affine(data["test_x"], torch.Generator().manual_seed(TEST_AUGMENT_SEED))
    return data


def random_affine(x, generator):
    """The card's random affine, one draw per picture, applied with bilinear sampling."""
    n = x.shape[0]

    def uniform(low, high):
        return low + (high - low) * torch.rand(n, generator=generator, device=generator.device)
    rotation, shear = torch.deg2rad(uniform(-30, 30)), torch.deg2rad(uniform(-10, 10))
    tx, ty, scale = uniform(-0.1, 0.1) * 2, uniform(-0.2, 0.2) * 2, uniform(0.75, 1.25)  # normalised coords span 2
    cos, sin, tan = torch.cos(rotation), torch.sin(rotation), torch.tan(shear)
    # forward map: translate · rotate · shear(x) · scale; affine_grid needs the inverse (output → input)
    forward = torch.zeros(n, 3, 3, device=x.device)
    forward[:, 0, 0], forward[:, 0, 1] = scale * cos, scale * (cos * tan - sin)
    forward[:, 1, 0], forward[:, 1, 1] = scale * sin, scale * (sin * tan + cos)
    forward[:, 0, 2], forward[:, 1, 2], forward[:, 2, 2] = tx, ty, 1
    theta = torch.linalg.inv(forward)[:, :2, :]
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def learning_rate(step, total):
    if step < WARMUP:
        return LR * (step + 1) / WARMUP
    progress = (step - WARMUP) / max(1, total - WARMUP)
    return LR * (FINAL_RATIO + (1 - FINAL_RATIO) * 0.5 * (1 + math.cos(math.pi * progress)))


@torch.no_grad()
def accuracy(model, x, y, batch=1000):
    model.eval()
    correct, loss = 0, 0.0
    for i in range(0, len(y), batch):
        logits = model(x[i:i + batch])
        correct += (logits.argmax(1) == y[i:i + batch]).sum().item()
        loss += F.cross_entropy(logits, y[i:i + batch], reduction="sum").item()
    model.train()
    return 100.0 * correct / len(y), loss / len(y)


def run(job, data_path, out_dir, device_name):
    torch.set_num_threads(1)
    device = torch.device(device_name)
    data = {k: v.to(device) for k, v in torch.load(data_path).items()}
    if job["kind"] == "teacher":
        train_x, train_y, val_x, val_y = data["train_x"], data["train_y"], None, None
    else:
        held, kept = data["split"][:VALIDATION], data["split"][VALIDATION:]
        train_x, train_y = data["train_x"][kept], data["train_y"][kept]
        val_x, val_y = data["train_x"][held], data["train_y"][held]
    if job.get("limit"):
        train_x, train_y = train_x[:job["limit"]], train_y[:job["limit"]]
    torch.manual_seed(job["seed"])
    model = reference.build("teacher" if job["kind"] == "teacher" else STUDENTS[job["student"]]).to(device)
    teacher = None
    if job["kind"] == "distilled":
        teacher = reference.build("teacher").to(device)
        teacher.load_state_dict(torch.load(os.path.join(out_dir, job["teacher"] + ".pt"), map_location=device))
        teacher.eval()
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    order = torch.Generator().manual_seed(job["seed"])
    augment = torch.Generator(device=device).manual_seed(job["seed"] + 1)
    n, per_epoch = len(train_y), math.ceil(len(train_y) / BATCH)
    total, step, history, start = job["epochs"] * per_epoch, 0, [], time.time()
    model.train()
    for epoch in range(job["epochs"]):
        permutation = torch.randperm(n, generator=order).to(device)
        for b in range(per_epoch):
            index = permutation[b * BATCH:(b + 1) * BATCH]
            x, y = random_affine(train_x[index], augment), train_y[index]
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(step, total)
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            if teacher is not None:
                with torch.no_grad():
                    soft = F.softmax(teacher(x) / job["temperature"], dim=1)
                kl = F.kl_div(F.log_softmax(logits / job["temperature"], dim=1), soft, reduction="batchmean")
                loss = job["alpha"] * job["temperature"] ** 2 * kl + (1 - job["alpha"]) * loss
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
        if val_x is not None:
            history.append(round(accuracy(model, val_x, val_y)[0], 2))
        if (epoch + 1) % 5 == 0:
            print(f"{job['name']}: epoch {epoch + 1}/{job['epochs']}, {time.time() - start:.0f} s", flush=True)
    result = dict(job)
    if val_x is not None:
        result["val_top1"], result["val_loss"] = accuracy(model, val_x, val_y)
        result["val_history"] = history
    result["test_top1"] = accuracy(model, data["test_x"], data["test_y"])[0]
    result["test_aug_top1"] = accuracy(model, data["test_aug_x"], data["test_y"])[0]
    result["parameters"] = sum(p.numel() for p in model.parameters())
    result["seconds"] = round(time.time() - start, 1)
    result["torch"], result["device"] = torch.__version__, (torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu")
    if job["kind"] == "teacher":
        torch.save(model.state_dict(), os.path.join(out_dir, job["name"] + ".pt"))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--workers", type=int, default=12)
    parser.add_argument("--seeds", default="42,43,44")
    parser.add_argument("--students", default="xs,sm,md")
    parser.add_argument("--teacher-epochs", default="10,30", help="one teacher per figure, named T10, T30, ...")
    parser.add_argument("--epochs", type=int, default=30, help="student epochs")
    parser.add_argument("--temperature", type=float, default=4.0)
    parser.add_argument("--alpha", type=float, default=0.9)
    parser.add_argument("--limit", type=int, default=0, help="training images per run (a quick check)")
    parser.add_argument("--no-alone", action="store_true", help="skip the students trained alone")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    data_path = os.path.join(args.out, "data.pt")
    torch.save(prepare(args.data), data_path)
    seeds, students = [int(s) for s in args.seeds.split(",")], args.students.split(",")
    teachers = [dict(kind="teacher", name=f"T{e}", epochs=e, seed=42, limit=args.limit)
                for e in map(int, args.teacher_epochs.split(","))]
    alone = [dict(kind="alone", name=f"alone-{s}-s{seed}", student=s, seed=seed, epochs=args.epochs, limit=args.limit)
             for s in students for seed in seeds]
    waiting = {t["name"]: [dict(kind="distilled", name=f"kd{t['name']}-{s}-s{seed}", student=s, seed=seed,
                                 epochs=args.epochs, teacher=t["name"], temperature=args.temperature,
                                 alpha=args.alpha, limit=args.limit)
                            for s in students for seed in seeds] for t in teachers}
    results = os.path.join(args.out, "results.jsonl")
    context = multiprocessing.get_context("spawn")
    with futures.ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        # a teacher whose weights are already in OUT (NAME.pt, from an earlier run) is not trained again
        trained = [t for t in teachers if os.path.exists(os.path.join(args.out, t["name"] + ".pt"))]
        pending = {pool.submit(run, job, data_path, args.out, args.device)
                   for job in [t for t in teachers if t not in trained] + ([] if args.no_alone else alone)}
        pending |= {pool.submit(run, job, data_path, args.out, args.device) for t in trained for job in waiting.pop(t["name"])}
        while pending:
            done, pending = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
            for future in done:
                result = future.result()
                with open(results, "a") as f:
                    f.write(json.dumps(result) + "\n")
                print(json.dumps({k: result.get(k) for k in ("name", "val_top1", "test_top1", "test_aug_top1", "seconds")}),
                      flush=True)
                for job in waiting.pop(result["name"], []):
                    pending.add(pool.submit(run, job, data_path, args.out, args.device))
    os.remove(data_path)


if __name__ == "__main__":
    main()
