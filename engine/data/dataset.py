"""A data set as the engine sees it: points, labels or targets, task and view bounds.

:class:`Dataset` holds private read-only copies of its arrays, so a data set
(and every split of it) can be shared between threads as it is.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from engine.errors import DataError

__all__ = ["COORD_LIMIT", "MAX_CLASSES", "MAX_POINTS", "TASKS", "Dataset", "out_of_range"]

TASKS = ("binary", "multiclass", "regression")
MAX_CLASSES = 10
# Coordinates and regression targets lie within +-COORD_LIMIT: room for any data a
# learner brings, and features (x1^2 = 1e12), losses and view bounds stay far from
# the float limit (1.8e308), where subtracting two coordinates already overflows.
COORD_LIMIT = 1e6
# Imported points (a CSV, a project's own): the window draws every one, and an
# epoch over them must stay a fraction of a second on the reference path.
MAX_POINTS = 100_000


def out_of_range(values: np.ndarray, what: str) -> str | None:
    """None if every value lies within +-COORD_LIMIT, else a message that says so
    once, with the largest value found (the values are finite)."""
    values = np.asarray(values, dtype=np.float64)
    if not values.size:
        return None
    worst = float(np.max(np.abs(values)))
    if worst <= COORD_LIMIT:
        return None
    return (f"{what} must lie between -{COORD_LIMIT:,.0f} and {COORD_LIMIT:,.0f}; "
            f"this one reaches {worst:g} (rescale the data)")


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
