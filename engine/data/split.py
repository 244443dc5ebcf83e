"""The train / validation / test split: seeded, stratified by class.

``split(data, ratios=(0.6, 0.2, 0.2), seed)`` gives a :class:`Split` of three
:class:`Dataset` parts; sizes are val = round(n*r_val), test = round(n*r_test),
and every class keeps a row for training when it can.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

import numpy as np

from engine import validate as check
from engine.errors import PlaygroundError

from .dataset import Dataset

__all__ = ["Split", "check_ratios", "split", "split_indices"]


@dataclass(frozen=True, eq=False)
class Split:
    """The three parts of a data set; unpacks as ``train, val, test = split(...)``."""

    train: Dataset
    val: Dataset
    test: Dataset

    def __iter__(self):
        return iter((self.train, self.val, self.test))


def check_ratios(ratios) -> tuple[float, float, float]:
    try:
        values = tuple(ratios)
    except TypeError:
        values = ()
    if len(values) != 3 or not all(isinstance(v, Real) and not isinstance(v, bool) for v in values):
        raise PlaygroundError(f"split ratios must be 3 numbers (train, val, test), not {ratios!r}")
    try:
        r = tuple(float(v) for v in values)
    except OverflowError:  # an int of hundreds of digits
        r = (math.inf,)
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
    r = check_ratios(ratios)
    rng = np.random.default_rng(check.whole("seed", seed, 0, ints_only=True))
    n = len(data)
    n_val, n_test = round(n * r[1]), round(n * r[2])
    if n - n_val - n_test < 1:
        need = next(m for m in range(n + 1, n + 10_000)
                    if m - round(m * r[1]) - round(m * r[2]) >= 1)
        raise PlaygroundError(
            f"splitting {n} points with ratios {tuple(ratios)} leaves none to train on; "
            f"these ratios need at least {need} points (or give training a larger share)"
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
