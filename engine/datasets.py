"""Data sets: the lessons' toy problems, CSV files, and the train/val/test split.

Every generator draws from its own ``np.random.default_rng(seed)`` (never the
global random state), always in the same order, so one seed gives one data set
bit for bit.  ``noise`` is a fraction in [0, 1] as in TensorFlow Playground
(0 = clean, 0.5 = very noisy).  For classification it jitters the points (the
labels stay, so the classes start to overlap); for regression it jitters the
position at which the target is computed.  The jitter is drawn even when
noise is 0, so moving the noise slider moves the same points further.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from dataclasses import dataclass

import numpy as np

from engine.errors import DataError, PlaygroundError

__all__ = [
    "DEFAULT_N",
    "DESCRIPTIONS",
    "NAMES",
    "TASKS",
    "Dataset",
    "Split",
    "load_csv",
    "make",
    "save_csv",
    "split",
    "split_indices",
]

TASKS = ("binary", "multiclass", "regression")
MIN_N, MAX_N = 4, 10_000
MAX_CLASSES = 10
VIEW = (-6.0, 6.0, -6.0, 6.0)
TRUTH_VIEW = (-0.5, 1.5, -0.5, 1.5)


@dataclass(frozen=True, eq=False)
class Dataset:
    """Rows of raw coordinates ``X`` (n, 2) and labels or targets ``y`` (n,).

    The arrays are private read-only copies.  ``class_names`` is empty unless
    a CSV file named its classes (e.g. "cat", "dog" -> labels 0, 1).
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    task: str
    n_classes: int
    bounds: tuple[float, float, float, float]
    class_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.task not in TASKS:
            raise DataError(f"data set task must be one of {', '.join(TASKS)}, not {self.task!r}")
        X = np.array(self.X, dtype=np.float64)
        if X.size == 0:
            X = X.reshape(0, 2)
        if X.ndim != 2 or X.shape[1] != 2:
            raise DataError(f"data set X must have shape (n, 2), not {X.shape}")
        if not np.isfinite(X).all():
            raise DataError("data set X contains NaN or infinite values")
        y = np.array(self.y)
        if y.shape != (len(X),):
            raise DataError(f"data set y must have shape ({len(X)},), not {y.shape}")
        if y.dtype.kind not in "biuf" or not np.isfinite(y).all():
            raise DataError("data set y must hold finite numbers")
        if self.task == "regression":
            y = y.astype(np.float64)
            want = 0
        else:
            labels = y.astype(np.int64)
            if y.size and not np.array_equal(labels, y):
                raise DataError("class labels must be whole numbers")
            y = labels
            want = 2 if self.task == "binary" else self.n_classes
            if self.task == "multiclass" and not 3 <= want <= MAX_CLASSES:
                raise DataError(f"a multiclass data set has 3 to {MAX_CLASSES} classes, not {want}")
            if y.size and (y.min() < 0 or y.max() >= want):
                raise DataError(f"class labels must lie in 0..{want - 1}")
        if self.n_classes != want:
            raise DataError(f"a {self.task} data set has n_classes={want}, not {self.n_classes}")
        names = tuple(str(c) for c in self.class_names)
        if names and len(names) != want:
            raise DataError(f"{len(names)} class names given for {want} classes")
        b = tuple(float(v) for v in self.bounds)
        if len(b) != 4 or not all(map(math.isfinite, b)) or not (b[0] < b[1] and b[2] < b[3]):
            raise DataError(
                f"data set bounds must be finite (x1_min < x1_max, x2_min < x2_max): {b}"
            )
        X.setflags(write=False)
        y.setflags(write=False)
        for key, value in (("X", X), ("y", y), ("bounds", b), ("class_names", names)):
            object.__setattr__(self, key, value)

    def __len__(self) -> int:
        return len(self.X)

    def __repr__(self) -> str:
        kind = self.task if self.task != "multiclass" else f"{self.n_classes} classes"
        return f"Dataset({self.name!r}, {len(self)} rows, {kind}, bounds={self.bounds})"

    def subset(self, idx) -> Dataset:
        """The rows ``idx`` (integer indices or a boolean mask), same name/task/bounds."""
        idx = np.asarray(idx)
        if idx.size == 0 and idx.dtype != bool:
            idx = idx.astype(np.intp)
        return dataclasses.replace(self, X=self.X[idx], y=self.y[idx])


# ---------------------------------------------------------------- generators


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


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _check_seed(seed) -> int:
    if not _is_int(seed) or seed < 0:
        raise PlaygroundError(f"seed must be a whole number >= 0, not {seed!r}")
    return int(seed)


def make(name: str, n: int | None = None, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Generate the data set ``name`` (see NAMES) with ``n`` rows, ``noise`` in [0, 1]."""
    if not isinstance(name, str) or name not in _SETS:
        raise PlaygroundError(f"unknown data set {name!r}; choose one of: {', '.join(NAMES)}")
    generate, task, n_classes, default_n, _ = _SETS[name]
    if not _is_real(noise) or not 0.0 <= noise <= 1.0:  # also refuses NaN
        raise PlaygroundError(f"noise must be a number from 0 to 1, not {noise!r}")
    rng = np.random.default_rng(_check_seed(seed))
    if default_n is None:  # a truth table: always its 4 rows, in table order
        X, y = generate(rng, 4, float(noise))
        return Dataset(name, X, y, task, n_classes, TRUTH_VIEW)
    if n is None:
        n = default_n
    elif not _is_int(n) or not MIN_N <= n <= MAX_N:
        raise PlaygroundError(f"data set size n must be a whole number {MIN_N}..{MAX_N}, not {n!r}")
    X, y = generate(rng, int(n), float(noise))
    order = rng.permutation(int(n))  # mix the classes (generators emit them in blocks)
    return Dataset(name, X[order], y[order], task, n_classes, VIEW)


# --------------------------------------------------------------------- split


@dataclass(frozen=True, eq=False)
class Split:
    """The three parts of a data set; unpacks as ``train, val, test = split(...)``."""

    train: Dataset
    val: Dataset
    test: Dataset

    def __iter__(self):
        return iter((self.train, self.val, self.test))


def _check_ratios(ratios) -> tuple[float, float, float]:
    try:
        values = tuple(ratios)
    except TypeError:
        values = ()
    if len(values) != 3 or not all(_is_real(v) for v in values):
        raise PlaygroundError(f"split ratios must be 3 numbers (train, val, test), not {ratios!r}")
    r = tuple(float(v) for v in values)
    if not all(math.isfinite(v) and v >= 0 for v in r):
        raise PlaygroundError(f"split ratios must be numbers >= 0, not {ratios!r}")
    if abs(sum(r) - 1.0) > 1e-9:
        raise PlaygroundError(f"split ratios must sum to 1, not {sum(r):g} ({ratios!r})")
    if r[0] <= 0:
        raise PlaygroundError(f"the train ratio must be greater than 0 ({ratios!r})")
    return r


def _allocate(rng, counts: np.ndarray, total: int, caps: np.ndarray) -> np.ndarray:
    """Share ``total`` among classes in proportion to ``counts`` (largest remainder, <= caps)."""
    quota = counts * (total / max(int(counts.sum()), 1))
    share = np.minimum(np.floor(quota).astype(np.int64), caps)
    order = np.lexsort((rng.random(len(counts)), -(quota - np.floor(quota))))  # seeded ties
    while share.sum() < total:
        open_ = [c for c in order if share[c] < caps[c]]
        for c in open_[: total - int(share.sum())]:
            share[c] += 1
    return share


def split_indices(data: Dataset, ratios=(0.6, 0.2, 0.2), seed: int = 0):
    """Row indices (train, val, test) of a seeded, class-stratified split of ``data``."""
    r = _check_ratios(ratios)
    rng = np.random.default_rng(_check_seed(seed))
    n = len(data)
    n_val, n_test = round(n * r[1]), round(n * r[2])
    if n - n_val - n_test < 1:
        raise PlaygroundError(
            f"splitting {n} rows with ratios {tuple(ratios)} leaves none to train on"
        )
    if data.task == "regression":
        order = rng.permutation(n)
        return order[n_val + n_test :], order[:n_val], order[n_val : n_val + n_test]
    rows = [np.flatnonzero(data.y == c) for c in range(data.n_classes)]
    counts = np.array([len(r_) for r_ in rows], dtype=np.int64)
    caps = np.maximum(counts - 1, 0)  # keep a row of each class for training when possible
    if caps.sum() < n_val + n_test:
        caps = counts
    held = _allocate(rng, counts, n_val + n_test, caps)
    val = _allocate(rng, held, n_val, held)
    parts: tuple[list, list, list] = ([], [], [])
    for c, members in enumerate(rows):
        members = rng.permutation(members)
        v, h = val[c], held[c]
        parts[0].append(members[h:])
        parts[1].append(members[:v])
        parts[2].append(members[v:h])
    return tuple(rng.permutation(np.concatenate(p).astype(np.intp)) for p in parts)


def split(data: Dataset, ratios=(0.6, 0.2, 0.2), seed: int = 0) -> Split:
    """Seeded train/val/test split; sizes val = round(n*r_val), test = round(n*r_test)."""
    train, val, test = split_indices(data, ratios, seed)
    return Split(data.subset(train), data.subset(val), data.subset(test))


# CSV files of points (x1,x2,label or x1,x2,y) live in csvio; they are part of this API.
from engine.csvio import load_csv, save_csv  # noqa: E402, F401
