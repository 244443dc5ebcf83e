"""``playground bench``: engine speed on DESIGN.md's two reference configs.

- small: 2-4-2-1 tanh, MSE, SGD lr 0.03, batch 10
- big:   2-8x64-1 ReLU, Adam lr 1e-3, batch 32
- grid100_big: one float32 forward of the big net over a 100 x 100 grid, in ms

Both train on the same data (circle, 500 points, 6:2:2 split), through the
real Trainer, epoch-end evaluation included; on the compiled path
(engine.kernels) unless asked for the NumPy reference.
"""

from __future__ import annotations

import statistics
import time

import engine
from engine import LayerSpec, NetworkSpec, TrainConfig, fastpath


def small_spec() -> NetworkSpec:
    return NetworkSpec(
        ("x1", "x2"), (LayerSpec(4, "tanh"), LayerSpec(2, "tanh"), LayerSpec(1, "tanh"))
    )


def big_spec() -> NetworkSpec:
    return NetworkSpec(
        ("x1", "x2"), tuple(LayerSpec(64, "relu") for _ in range(8)) + (LayerSpec(1, "sigmoid"),)
    )


def _split():
    data = engine.datasets.make("circle", n=500, noise=0.1, seed=0)
    return engine.split(data, (0.6, 0.2, 0.2), seed=0)


def steps_per_second(spec, config, seconds: float, jit: bool = False) -> float:
    trainer = engine.Trainer(spec, _split(), config.replace(epochs=10**6))
    trainer.use_compiled(jit)
    trainer.run_steps(200)  # warm up buffers and caches
    best = 0.0
    for _ in range(3):
        n, t0 = 0, time.perf_counter()
        deadline = t0 + seconds / 3
        while True:
            n += trainer.run_steps(200)
            t = time.perf_counter()
            if t >= deadline:
                break
        best = max(best, n / (t - t0))
    return best


def grid_ms(spec, repeats: int = 30) -> float:
    net = engine.Network(spec, seed=0)
    ev = engine.GridEvaluator(spec.inputs, (-6, 6, -6, 6), 100)
    ev.evaluate(net)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        ev.evaluate(net, copy=False)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def run_bench(seconds: float = 2.0, verbose: bool = True, jit: bool = True) -> dict:
    """The figures of both configs and the grid; on the compiled path if ``jit`` and the
    kernels load (``"path"`` says which ran)."""
    if jit and not fastpath.load():
        if verbose:
            print(f"(compiled path unavailable: {fastpath.why_not()}; timing the NumPy path)")
        jit = False
    path = "jit" if jit else "reference"
    if verbose:
        print(f"path: {path}")
    small = steps_per_second(
        small_spec(), TrainConfig(loss="mse", optimizer="sgd", lr=0.03, batch_size=10), seconds,
        jit)
    if verbose:
        print(f"small  2-4-2-1 tanh, MSE, SGD, batch 10:   {small:10,.0f} steps/s")
    big = steps_per_second(
        big_spec(), TrainConfig(loss="bce", optimizer="adam", lr=1e-3, batch_size=32), seconds,
        jit)
    if verbose:
        print(f"big    2-8x64-1 ReLU, Adam, batch 32:      {big:10,.0f} steps/s")
    g = grid_ms(big_spec())
    if verbose:
        print(f"grid   100x100 forward of the big net:     {g:10.2f} ms")
    return {
        "small_steps_per_s": round(small, 1),
        "big_steps_per_s": round(big, 1),
        "grid100_big_ms": round(g, 3),
        "path": path,
    }
