"""CSV files of points: ``x1,x2,label`` (classification) or ``x1,x2,y`` (regression).

``load_csv`` checks every row and names the line and column of the first problem;
``save_csv`` writes the same format atomically (``save_split_csv`` with a column
``split`` saying train, validation or test, which ``load_csv`` ignores).  A file
with other column names (pandas' unnamed index column, scikit-learn's feature
names) is read with :class:`Columns`: which columns are x1, x2 and the target
(``read_header`` lists them, ``guess_columns`` proposes a choice).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re

import numpy as np

from engine import atomic
from engine.errors import DataError

from .dataset import MAX_CLASSES, MAX_POINTS, Dataset, out_of_range
from .datasets import MIN_N

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")
_INTEGER = re.compile(r"[+-]?\d+\Z")
MAX_LABEL = 40  # characters of a class name (it shows in the legend)
IGNORED = ("split",)  # columns a plain x1,x2,label file may have besides (save_split_csv)


class Columns:
    """Which columns (0-based) hold x1, x2 and the target, and whether the target is a
    class label ("label") or a number to regress ("y")."""

    def __init__(self, x1: int, x2: int, target: int, kind: str = "label"):
        if kind not in ("label", "y"):
            raise DataError(f"the target is a class 'label' or a number 'y', not {kind!r}")
        if len({x1, x2, target}) != 3 or min(x1, x2, target) < 0:
            raise DataError("x1, x2 and the target must be three different columns")
        self.x1, self.x2, self.target, self.kind = x1, x2, target, kind

    def __repr__(self) -> str:
        return f"Columns(x1={self.x1}, x2={self.x2}, target={self.target}, kind={self.kind!r})"


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


MAX_BYTES = 64 * 2**20  # 100,000 rows of full-precision numbers are ~6 MiB


def _read_text(path, where: str) -> str:
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise DataError(f"{where}: larger than {MAX_BYTES // 2**20} MiB; at most "
                            f"{MAX_POINTS:,} points can be imported")
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
    extra = [cells[i] for i, c in enumerate(cols)
             if c not in ("x1", "x2", "label", "y", *IGNORED)]
    if extra:
        raise DataError(
            f"{where}: unexpected column '{extra[0]}' (header is {shown}); "
            "expected x1,x2,label or x1,x2,y"
        )
    return cols, "label" if "label" in cols else "y"


def _picked_header(row: list[str], columns: Columns, where: str) -> tuple[list[str], str]:
    """The header of a file read with ``columns``: the chosen ones renamed x1, x2 and
    label or y, every other one ignored."""
    if max(columns.x1, columns.x2, columns.target) >= len(row):
        raise DataError(f"{where}: the header has {len(row)} columns; column "
                        f"{max(columns.x1, columns.x2, columns.target) + 1} was chosen")
    cols = [f"\x00ignored{i}" for i in range(len(row))]
    cols[columns.x1], cols[columns.x2], cols[columns.target] = "x1", "x2", columns.kind
    return cols, columns.kind


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


def _rows(path, where: str):
    return csv.reader(io.StringIO(_read_text(path, where), newline=""), strict=True)


def read_header(path) -> list[str]:
    """The names of the columns of a CSV's first non-blank row ("" kept as "")."""
    where = _where(path)
    reader = _rows(path, where)
    try:
        for row in reader:
            if any(c.strip() for c in row):
                return [c.strip() for c in row]
    except csv.Error as e:
        raise DataError(f"{where} line {reader.line_num}: {e}") from e
    raise DataError(f"{where}: the file is empty")


def guess_columns(names: list[str]) -> Columns:
    """A first choice for a file with other column names: x1, x2 by name if it has
    them, else the first two named columns that are not an index; the target by a
    usual name (label, target, class, y), else the last column."""
    low = [n.lower() for n in names]
    usable = [i for i, n in enumerate(low) if n not in ("", "index", "unnamed: 0", *IGNORED)]
    if len(usable) < 3:
        usable = list(range(len(names)))
    if len(usable) < 3:
        raise DataError(f"only {len(names)} columns; x1, x2 and a target need three")
    kinds = {"label": "label", "labels": "label", "class": "label", "target": "label",
             "species": "label", "y": "y", "value": "y"}
    target = next((i for i in usable if low[i] in kinds), usable[-1])
    rest = [i for i in usable if i != target]
    x1 = low.index("x1") if "x1" in low else rest[0]
    x2 = low.index("x2") if "x2" in low else next(i for i in rest if i != x1)
    return Columns(x1, x2, target, kinds.get(low[target], "label"))


def header_fits(names: list[str]) -> bool:
    """Whether a header names its columns x1, x2 and label or y (load_csv reads it as
    it is); else the columns must be picked (:class:`Columns`)."""
    try:
        _parse_header(names, "")
    except DataError:
        return False
    return True


def _where(path) -> str:
    where = os.fspath(path)
    return where if isinstance(where, str) else os.fsdecode(where)


def load_csv(path, columns: Columns | None = None) -> Dataset:
    """Read a CSV with a header x1,x2,label (classes) or x1,x2,y (regression targets),
    or with any header and ``columns`` saying which columns to take (the others are
    ignored)."""
    where = _where(path)
    reader = _rows(path, where)
    header = None
    xs: list[list[float]] = []
    targets: list = []  # label strings, or float targets for regression
    try:
        for row in reader:
            if not any(c.strip() for c in row):
                continue  # blank line (or a row of empty cells)
            line = f"{where} line {reader.line_num}"
            if header is None:
                header, target = (_parse_header(row, where) if columns is None
                                  else _picked_header(row, columns, where))
                continue
            if len(row) != len(header):
                raise DataError(f"{line}: expected {len(header)} values, got {len(row)}")
            if len(xs) == MAX_POINTS:
                raise DataError(f"{line}: more than {MAX_POINTS:,} data rows; at most "
                                f"{MAX_POINTS:,} points can be imported")
            cells = dict(zip(header, row, strict=True))
            xs.append([_number(cells["x1"], "x1", line), _number(cells["x2"], "x2", line)])
            t = cells[target].strip()
            if not t:
                raise DataError(f"{line}: column {target} is empty")
            if target == "label" and len(t) > MAX_LABEL:
                raise DataError(f"{line}: the label is {len(t)} characters long; "
                                f"class names have at most {MAX_LABEL}")
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
    for problem in (out_of_range(X, "coordinates x1, x2"),
                    None if target == "label" else out_of_range(targets, "targets y")):
        if problem:
            raise DataError(f"{where}: {problem}")
    if target == "label":
        y, k, names = _class_labels(targets, where)
        task = "binary" if k == 2 else "multiclass"
    else:
        y, k, names, task = np.array(targets, dtype=np.float64), 0, (), "regression"
    bounds = _padded(X[:, 0].min(), X[:, 0].max(), where)
    bounds += _padded(X[:, 1].min(), X[:, 1].max(), where)
    name = os.path.splitext(os.path.basename(where))[0] or "data"
    return Dataset(name, X, y, task, k, bounds, names)


def save_split_csv(split, path) -> None:
    """Write the three parts of ``split`` as one CSV with a column ``split`` (train,
    validation, test), atomically; load_csv reads it back (ignoring that column)."""
    train = split.train
    regression = train.task == "regression"
    names = train.class_names
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["x1", "x2", "y" if regression else "label", "split"])
    for part, data in zip(("train", "validation", "test"), split):
        for (x1, x2), t in zip(data.X.tolist(), data.y.tolist(), strict=True):
            t = repr(t) if regression else (names[t] if names else str(t))
            writer.writerow([repr(x1), repr(x2), t, part])
    try:
        atomic.write_text(path, buf.getvalue())
    except OSError as e:
        raise DataError(f"{os.fspath(path)}: cannot write the file ({e.strerror or e})") from e


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
