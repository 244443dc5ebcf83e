"""The lessons' data sets: seeded generators of toy problems.

Every generator draws from its own ``np.random.default_rng(seed)`` (never the
global random state), always in the same order, so one seed gives one data set
bit for bit.  ``noise`` is a fraction in [0, 1] as in TensorFlow Playground
(0 = clean, 0.5 = very noisy).  For classification it jitters the points (the
labels stay, so the classes start to overlap); for regression it jitters the
position at which the target is computed.  The jitter is drawn even when
noise is 0, so moving the noise slider moves the same points further.
"""

from __future__ import annotations

import math

import numpy as np

from engine import validate as check
from engine.errors import PlaygroundError

from .dataset import Dataset

__all__ = ["DEFAULT_N", "DESCRIPTIONS", "MAX_N", "MIN_N", "NAMES", "check_params", "make",
           "task_of"]

MIN_N, MAX_N = 4, 10_000
VIEW = (-6.0, 6.0, -6.0, 6.0)
TRUTH_VIEW = (-0.5, 1.5, -0.5, 1.5)


def _halves(n: int) -> np.ndarray:
    """Labels for a balanced binary set: n//2 ones, the rest zeros."""
    return np.repeat(np.array([1, 0], dtype=np.int64), [n // 2, n - n // 2])


def _truth_table(outputs):
    def generate(rng, n, noise):
        X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
        X += rng.uniform(-0.25, 0.25, X.shape) * noise
        return X, np.array(outputs, dtype=np.int64)

    return generate


def _circle(rng, n, noise):
    y = _halves(n)  # 1 = inner disk (radius < 2.5), 0 = ring 3.5..5
    r = np.where(y == 1, rng.uniform(0.0, 2.5, n), rng.uniform(3.5, 5.0, n))
    angle = rng.uniform(0.0, 2 * np.pi, n)
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    return X + rng.uniform(-2.0, 2.0, (n, 2)) * noise, y


def _gauss(rng, n, noise):
    y = _halves(n)  # 1 around (2, 2), 0 around (-2, -2)
    std = math.sqrt(0.5 + 7.0 * noise)  # TF Playground: variance 0.5 -> 4 at noise 0.5
    centers = np.where(y[:, None] == 1, 2.0, -2.0)
    return centers + rng.standard_normal((n, 2)) * std, y


def _xor_quadrants(rng, n, noise):
    y = _halves(n)  # 1 where x1*x2 > 0
    s1 = rng.choice(np.array([-1.0, 1.0]), n)
    signs = np.column_stack([s1, np.where(y == 1, s1, -s1)])
    X = signs * (rng.uniform(0.0, 5.0, (n, 2)) + 0.3)  # |x| >= 0.3: a margin around the axes
    return X + rng.uniform(-2.0, 2.0, (n, 2)) * noise, y


def _spiral(rng, n, noise):
    y = _halves(n)
    parts = []
    for label, delta in ((1, 0.0), (0, np.pi)):
        m = int((y == label).sum())
        t = np.arange(m) / m
        r, angle = 5.0 * t, 1.75 * 2 * np.pi * t + delta
        parts.append(np.column_stack([r * np.sin(angle), r * np.cos(angle)]))
    return np.vstack(parts) + rng.uniform(-1.0, 1.0, (n, 2)) * noise, y


def _moons(rng, n, noise):
    y = _halves(n)  # 1 = the lower moon, 0 = the upper one (as scikit-learn)
    t = rng.uniform(0.0, np.pi, n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = (np.where(y[:, None] == 1, lower, upper) - [0.5, 0.25]) * 3.0
    return X + rng.standard_normal((n, 2)) * (1.5 * noise), y


def _multiclass(rng, n, noise):
    y = np.repeat(np.arange(3, dtype=np.int64), [n // 3 + (i < n % 3) for i in range(3)])
    angles = np.radians([90.0, 210.0, 330.0])
    centers = 3.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    std = math.sqrt(0.5 + 7.0 * noise)
    return centers[y] + rng.standard_normal((n, 2)) * std, y


def _regression(f):
    def generate(rng, n, noise):
        X = rng.uniform(-6.0, 6.0, (n, 2))
        return X, f(X + rng.uniform(-6.0, 6.0, (n, 2)) * noise)

    return generate


def _plane(P):
    return (P[:, 0] + P[:, 1]) / 12.0


_BUMPS = np.array(
    [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]]
)


def _multigauss(P):
    d2 = ((P[:, None, :] - _BUMPS[None, :, :2]) ** 2).sum(axis=2)
    return (_BUMPS[:, 2] * np.exp(-d2 / 2.0)).sum(axis=1)


# name -> (generator, task, n_classes, default n or None for fixed-size sets, description)
_SETS = {
    "and": (_truth_table([0, 0, 0, 1]), "binary", 2, None, "AND truth table: 1 only for (1, 1)"),
    "or": (_truth_table([0, 1, 1, 1]), "binary", 2, None, "OR truth table: 1 unless (0, 0)"),
    "xor": (_truth_table([0, 1, 1, 0]), "binary", 2, None, "XOR truth table: no single line fits"),
    "circle": (_circle, "binary", 2, 500, "Inner disk against a surrounding ring"),
    "gauss": (_gauss, "binary", 2, 500, "Two Gaussian blobs"),
    "xor-quadrants": (_xor_quadrants, "binary", 2, 500, "Quadrants: class is the sign of x1*x2"),
    "spiral": (_spiral, "binary", 2, 500, "Two interleaved spirals"),
    "moons": (_moons, "binary", 2, 500, "Two interleaving half-moons"),
    "multiclass": (_multiclass, "multiclass", 3, 600, "Three Gaussian blobs, three classes"),
    "plane": (_regression(_plane), "regression", 0, 500, "Regression: a tilted plane"),
    "multigauss": (_regression(_multigauss), "regression", 0, 500, "Regression: signed bumps"),
}
NAMES = tuple(_SETS)
DESCRIPTIONS = {name: entry[4] for name, entry in _SETS.items()}
DEFAULT_N = {name: entry[3] or 4 for name, entry in _SETS.items()}


def check_params(name: str, n: int | None = None, noise: float = 0.0,
                 seed: int = 0) -> tuple[str, int | None, float, int]:
    """The generator's settings checked (without generating): (name, n, noise, seed)."""
    if not isinstance(name, str) or name not in _SETS:
        raise PlaygroundError(f"unknown data set {name!r}; choose one of: {', '.join(NAMES)}")
    noise = check.real("noise", noise, 0.0, 1.0)
    seed = check.whole("seed", seed, 0, ints_only=True)
    if n is not None and _SETS[name][3] is not None:
        n = check.whole("data set size n", n, MIN_N, MAX_N, ints_only=True)
    return name, n, noise, seed


def task_of(name: str) -> tuple[str, int]:
    """(task, number of classes) of the generator ``name``."""
    _, task, n_classes, _, _ = _SETS[name]
    return task, n_classes


def make(name: str, n: int | None = None, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Generate the data set ``name`` (see NAMES) with ``n`` rows, ``noise`` in [0, 1]."""
    name, n, noise, seed = check_params(name, n, noise, seed)
    generate, task, n_classes, default_n, _ = _SETS[name]
    rng = np.random.default_rng(seed)
    if default_n is None:  # a truth table: always its 4 rows, in table order
        X, y = generate(rng, 4, noise)
        return Dataset(name, X, y, task, n_classes, TRUTH_VIEW)
    n = default_n if n is None else n
    X, y = generate(rng, n, noise)
    order = rng.permutation(n)  # mix the classes (generators emit them in blocks)
    return Dataset(name, X[order], y[order], task, n_classes, VIEW)
