"""Input features: what the network sees of a point (x1, x2).

As in TensorFlow Playground, the learner picks some of x1, x2, x1^2, x2^2,
x1*x2, sin x1, sin x2; ``transform`` turns raw coordinates (n, 2) into the
network's input matrix (n, len(names)), columns in the order the names are
given.  Training uses float64; the boundary grid may ask for float32, which
is computed directly in float32 (no float64 detour).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from engine.errors import PlaygroundError

__all__ = ["LABELS", "NAMES", "transform", "validate"]

NAMES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")

LABELS = {
    "x1": "x\u2081",
    "x2": "x\u2082",
    "x1^2": "x\u2081\u00b2",
    "x2^2": "x\u2082\u00b2",
    "x1*x2": "x\u2081x\u2082",
    "sin x1": "sin(x\u2081)",
    "sin x2": "sin(x\u2082)",
}

_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def validate(names: Iterable[str]) -> tuple[str, ...]:
    """Check a choice of features and return it as a tuple (order kept)."""
    if isinstance(names, str):
        raise PlaygroundError(f"input features must be a list of names, not the string {names!r}")
    try:
        chosen = tuple(names)
    except TypeError:
        raise PlaygroundError(f"input features must be a list of names, not {names!r}") from None
    if not chosen:
        raise PlaygroundError("at least one input feature is needed")
    for name in chosen:
        if name not in NAMES:
            raise PlaygroundError(f"unknown input feature {name!r}; valid ones: {', '.join(NAMES)}")
    for name in chosen:
        if chosen.count(name) > 1:
            raise PlaygroundError(f"input feature {name!r} is chosen twice")
    return chosen


def transform(names: Iterable[str], X: np.ndarray, *, dtype=np.float64) -> np.ndarray:
    """The feature matrix (n, len(names)) of raw points ``X`` (n, 2), in ``dtype``."""
    chosen = validate(names)
    dtype = np.dtype(dtype)
    if dtype not in _DTYPES:
        raise PlaygroundError(f"features are computed in float32 or float64, not {dtype}")
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 2:
        raise PlaygroundError(f"points must have shape (n, 2) (x1, x2), not {X.shape}")
    x1 = X[:, 0].astype(dtype, copy=False)
    x2 = X[:, 1].astype(dtype, copy=False)
    out = np.empty((len(X), len(chosen)), dtype=dtype)
    for j, name in enumerate(chosen):
        col = out[:, j]
        if name == "x1":
            col[:] = x1
        elif name == "x2":
            col[:] = x2
        elif name == "x1^2":
            np.multiply(x1, x1, out=col)
        elif name == "x2^2":
            np.multiply(x2, x2, out=col)
        elif name == "x1*x2":
            np.multiply(x1, x2, out=col)
        elif name == "sin x1":
            np.sin(x1, out=col)
        else:  # "sin x2"
            np.sin(x2, out=col)
    return out
