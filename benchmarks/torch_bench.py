"""PyTorch on the configs of ``playground bench``, for the ratios in the README.

Not part of the app or its tests: run it where torch is installed
(``pip install torch``), in the same sitting as ``playground bench``, and
compare ratios, not absolute numbers (the machine's speed drifts)::

    python benchmarks/torch_bench.py --json

Same data (circle, 500 points, noise 0.1, 6:2:2 split, seed 0), same
networks, losses, optimizers and batch sizes; the training rows are
reshuffled every epoch; one thread (``torch.set_num_threads(1)``), as the
playground's training thread has one core.  Adam is torch's fused variant
where this build has it (else foreach).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np
import torch

import engine


def data():
    d = engine.datasets.make("circle", n=500, noise=0.1, seed=0)
    train = engine.split(d, (0.6, 0.2, 0.2), seed=0).train
    return (torch.tensor(train.X, dtype=torch.float64),
            torch.tensor(np.asarray(train.y, dtype=np.float64)).reshape(-1, 1))


def small():
    return torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2),
                               torch.nn.Tanh(), torch.nn.Linear(2, 1), torch.nn.Tanh()).double()


def big():
    layers, fan_in = [], 2
    for _ in range(8):
        layers += [torch.nn.Linear(fan_in, 64), torch.nn.ReLU()]
        fan_in = 64
    layers += [torch.nn.Linear(64, 1)]
    return torch.nn.Sequential(*layers).double()


def steps_per_second(model, opt, loss_fn, batch, seconds):
    X, y = data()
    n = X.shape[0]
    g = torch.Generator().manual_seed(0)

    def run(steps):
        done = 0
        while done < steps:
            perm = torch.randperm(n, generator=g)
            for i in range(0, n, batch):
                idx = perm[i:i + batch]
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(X[idx]), y[idx])
                loss.backward()
                opt.step()
                done += 1
                if done >= steps:
                    break
        return done

    run(200)
    best = 0.0
    for _ in range(3):
        t0, n_done = time.perf_counter(), 0
        while time.perf_counter() - t0 < seconds / 3:
            n_done += run(200)
        best = max(best, n_done / (time.perf_counter() - t0))
    return best


def grid_ms(model, repeats=30):
    xs = torch.linspace(-6, 6, 100)
    gx, gy = torch.meshgrid(xs, xs, indexing="xy")
    pts = torch.stack([gx.reshape(-1), gy.reshape(-1)], 1).float()
    m = model.float()
    with torch.no_grad():
        m(pts)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            m(pts)
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    s = small()
    small_rate = steps_per_second(s, torch.optim.SGD(s.parameters(), lr=0.03),
                                  torch.nn.MSELoss(), 10, args.seconds)
    b = big()
    try:
        adam = torch.optim.Adam(b.parameters(), lr=1e-3, fused=True)
    except (RuntimeError, TypeError):
        adam = torch.optim.Adam(b.parameters(), lr=1e-3, foreach=True)
    big_rate = steps_per_second(b, adam, torch.nn.BCEWithLogitsLoss(), 32, args.seconds)
    out = {"torch": torch.__version__, "small_steps_per_s": round(small_rate, 1),
           "big_steps_per_s": round(big_rate, 1), "grid100_big_ms": round(grid_ms(b), 3)}
    print(json.dumps(out) if args.json else out)


if __name__ == "__main__":
    main()
