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

import csv
import dataclasses
import io
import math
import numbers
import os
import re
from dataclasses import dataclass

import numpy as np

from engine import atomic
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


# ----------------------------------------------------------------------- CSV

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")
_INTEGER = re.compile(r"[+-]?\d+\Z")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _number(cell: str, column: str, where: str) -> float:
    s = cell.strip()
    if not s:
        raise DataError(f"{where}: column {column} is empty")
    if _NUMBER.match(s):
        value = float(s)
        if math.isfinite(value):
            return value
        raise DataError(f"{where}: column {column} is '{_short(s)}', too large a number")
    if s.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise DataError(
            f"{where}: column {column} is '{s}'; NaN and infinite values are not allowed"
        )
    hint = " (use a dot as the decimal separator)" if re.fullmatch(r"[+-]?\d+,\d+", s) else ""
    raise DataError(f"{where}: column {column} is '{_short(s)}', not a number{hint}")


def _read_text(path, where: str) -> str:
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise DataError(f"{where}: cannot read the file ({e.strerror or e})") from e
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise DataError(
            f"{where} line {line}: not UTF-8 text (byte 0x{raw[e.start]:02x}); "
            "save the file as CSV UTF-8"
        ) from e
    if "\x00" in text:
        raise DataError(f"{where}: contains NUL bytes; this is not a CSV text file")
    return text


def _parse_header(row: list[str], where: str) -> tuple[list[str], str]:
    cells = [c.strip() for c in row]
    shown = _short(",".join(cells), 80)
    cols = [c.lower() for c in cells]
    if all(_NUMBER.match(c) for c in cells):
        raise DataError(
            f"{where}: no header row; the first line must name the columns "
            f"x1,x2,label (classification) or x1,x2,y (regression), got '{shown}'"
        )
    if "" in cols:
        raise DataError(f"{where}: column {cols.index('') + 1} of the header has no name")
    for c in cols:
        if cols.count(c) > 1:
            raise DataError(
                f"{where}: column '{c}' appears twice in the header (header is {shown})"
            )
    hint = ""
    if len(cells) == 1 and (";" in cells[0] or "\t" in cells[0]):
        hint = "; separate the values with commas"
    for c in ("x1", "x2"):
        if c not in cols:
            raise DataError(f"{where}: missing column '{c}' (header is {shown}){hint}")
    if "label" in cols and "y" in cols:
        raise DataError(f"{where}: both 'label' (classes) and 'y' (regression) columns; keep one")
    if "label" not in cols and "y" not in cols:
        raise DataError(f"{where}: missing column 'label' or 'y' (header is {shown})")
    extra = [cells[i] for i, c in enumerate(cols) if c not in ("x1", "x2", "label", "y")]
    if extra:
        raise DataError(
            f"{where}: unexpected column '{extra[0]}' (header is {shown}); "
            "expected x1,x2,label or x1,x2,y"
        )
    return cols, "label" if "label" in cols else "y"


def _class_labels(cells: list[str], where: str):
    """Map label strings to 0..k-1 in sorted order (numeric order if all are integers)."""
    if all(_INTEGER.match(c) for c in cells):
        values = [int(c) for c in cells]
        distinct = sorted(set(values))
        names = tuple(str(v) for v in distinct)
    else:
        values = cells
        distinct = sorted(set(values))
        names = tuple(distinct)
    k = len(distinct)
    if k < 2:
        raise DataError(f"{where}: only one class (label '{_short(names[0])}'); need at least 2")
    if k > MAX_CLASSES:
        raise DataError(
            f"{where}: {k} different labels, at most {MAX_CLASSES} classes "
            "(name the column 'y' for regression targets)"
        )
    code = {v: i for i, v in enumerate(distinct)}
    y = np.array([code[v] for v in values], dtype=np.int64)
    if names == tuple(str(i) for i in range(k)):
        names = ()  # the labels already are 0..k-1
    return y, k, names


def _padded(lo: float, hi: float, where: str) -> tuple[float, float]:
    pad = 0.1 * (hi - lo) if hi > lo else max(1.0, 0.1 * abs(lo))
    if not (math.isfinite(lo - pad) and math.isfinite(hi + pad)) or not lo - pad < hi + pad:
        raise DataError(f"{where}: coordinates too large to draw ({lo:g} .. {hi:g})")
    return lo - pad, hi + pad


def load_csv(path) -> Dataset:
    """Read a CSV with a header x1,x2,label (classes) or x1,x2,y (regression targets)."""
    where = os.fspath(path)
    where = where if isinstance(where, str) else os.fsdecode(where)
    reader = csv.reader(io.StringIO(_read_text(path, where), newline=""), strict=True)
    header = None
    xs: list[list[float]] = []
    targets: list = []  # label strings, or float targets for regression
    try:
        for row in reader:
            if not any(c.strip() for c in row):
                continue  # blank line (or a row of empty cells)
            line = f"{where} line {reader.line_num}"
            if header is None:
                header, target = _parse_header(row, where)
                continue
            if len(row) != len(header):
                raise DataError(f"{line}: expected {len(header)} values, got {len(row)}")
            cells = dict(zip(header, row, strict=True))
            xs.append([_number(cells["x1"], "x1", line), _number(cells["x2"], "x2", line)])
            t = cells[target].strip()
            if not t:
                raise DataError(f"{line}: column {target} is empty")
            targets.append(t if target == "label" else _number(t, "y", line))
    except csv.Error as e:
        raise DataError(f"{where} line {reader.line_num}: {e}") from e
    if header is None:
        raise DataError(f"{where}: the file is empty; expected a header x1,x2,label or x1,x2,y")
    if not xs:
        raise DataError(f"{where}: no data rows")
    if len(xs) < MIN_N:
        raise DataError(f"{where}: only {len(xs)} data rows; at least {MIN_N} are needed")
    X = np.array(xs, dtype=np.float64)
    if target == "label":
        y, k, names = _class_labels(targets, where)
        task = "binary" if k == 2 else "multiclass"
    else:
        y, k, names, task = np.array(targets, dtype=np.float64), 0, (), "regression"
    bounds = _padded(X[:, 0].min(), X[:, 0].max(), where)
    bounds += _padded(X[:, 1].min(), X[:, 1].max(), where)
    name = os.path.splitext(os.path.basename(where))[0] or "data"
    return Dataset(name, X, y, task, k, bounds, names)


def save_csv(dataset: Dataset, path) -> None:
    """Write ``dataset`` as CSV (the format load_csv reads), atomically."""
    regression = dataset.task == "regression"
    names = dataset.class_names
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["x1", "x2", "y" if regression else "label"])
    for (x1, x2), t in zip(dataset.X.tolist(), dataset.y.tolist(), strict=True):
        t = repr(t) if regression else (names[t] if names else str(t))
        writer.writerow([repr(x1), repr(x2), t])
    try:
        atomic.write_text(path, buf.getvalue())
    except OSError as e:
        raise DataError(f"{os.fspath(path)}: cannot write the file ({e.strerror or e})") from e


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
