"""A corpus of malformed project and CSV files, generated here (not checked in): every
one is either loaded or refused with one ProjectError/DataError line that says where,
never another exception, a warning, or a project that cannot be saved again.

The project cases mutate each field of two valid projects (a generated data set, and
imported points with trained weights) into each kind of bad value; the raw cases are
texts no JSON encoder writes (deep nesting, huge literals, lone surrogates, NaN).
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

import engine
from engine import presets
from engine import project as pj
from engine.data import csvio
from engine.errors import DataError, ProjectError

DEEP = 100_000


def _with_points() -> dict:
    """A project with imported points and weights: the deepest a project nests."""
    p = presets.load("mlp-xor")
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (40, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    d = p.to_dict()
    d["data"] = {"name": "csv", "seed": 0, "ratios": [0.6, 0.2, 0.2], "points": {
        "task": "binary", "x1": X[:, 0].tolist(), "x2": X[:, 1].tolist(), "y": y.tolist()}}
    trainer = engine.Trainer(p.network, p.data.build_split(), p.training)
    d["weights"] = [w.tolist() for w in trainer.network.get_weights()]
    return d


BASES = {"generated": lambda: presets.load("spiral").to_dict(), "points": _with_points}

# each value stands for a kind of mistake; "@..." are raw JSON texts put in place
BAD_VALUES = {
    "null": None, "true": True, "text": "abc", "empty list": [], "object": {"a": 1},
    "negative": -1, "zero": 0, "fraction": 0.5, "huge float": 1e308, "tiny": 5e-324,
    "nested list": [[1, [2]]], "list of text": ["a", "b"],
    "long int": "@" + "9" * 400,            # parses, but no float holds it
    "longer int": "@" + "9" * 5000,          # past Python's int-string limit
    "NaN": "@NaN", "Infinity": "@-Infinity",
    "surrogate": "@\"\\udc80 x\"",            # a lone surrogate in text
    "deep": "@" + "[" * DEEP + "]" * DEEP,   # past the decoder's recursion limit
    "deep object": "@" + '{"a":' * 40 + "1" + "}" * 40,
}


def _paths(node, prefix=()):
    """Every path to a value in ``node`` (into lists: the first two and the last item)."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list) and node:
        for i in sorted({0, min(1, len(node) - 1), len(node) - 1}):
            yield from _paths(node[i], (*prefix, i))


def _mutated(base: dict, path: tuple, value) -> str:
    """``base`` as JSON with the value at ``path`` replaced (a raw text for "@...")."""
    if not path:
        return value[1:] if isinstance(value, str) and value.startswith("@") else json.dumps(value)
    d = json.loads(json.dumps(base))
    node = d
    for k in path[:-1]:
        node = node[k]
    marker = "\u0000MARK\u0000"
    raw = isinstance(value, str) and value.startswith("@")
    node[path[-1]] = marker if raw else value
    text = json.dumps(d)
    return text.replace(json.dumps(marker), value[1:]) if raw else text


def _cases():
    for base_name, make in BASES.items():
        base = make()
        for path in _paths(base):
            for kind, value in BAD_VALUES.items():
                where = ".".join(map(str, path)) or "top"
                yield pytest.param(base_name, path, value, id=f"{base_name}:{where}={kind}")


CASES = list(_cases())


def _check_one_line(e: Exception, where: str) -> None:
    message = str(e)
    assert message.startswith((f"{where}: ", f"{where} line ")), message
    assert "\n" not in message and len(message) < 400, message
    message.encode("utf-8")  # printable anywhere


def test_the_corpus_is_large():
    assert len(CASES) > 1000


@pytest.mark.parametrize(("base_name", "path", "value"), CASES)
def test_every_malformed_project_is_loaded_or_refused_with_one_line(base_name, path, value):
    text = _mutated(BASES[base_name](), path, value)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning from overflowing arithmetic
        try:
            project = pj.loads(text, "case.json")
        except ProjectError as e:
            _check_one_line(e, "case.json")
            return
        # accepted: then it is a project like any other, saved and loaded the same
        again = pj.loads(pj.dumps(project), "again.json")
        assert again.to_dict() == project.to_dict()
        again.data.build_split()


@pytest.mark.parametrize(("text", "says"), [
    ("", "not valid JSON (line 1, column 1"),
    ("\ufeff", "not valid JSON"),
    ("null", "expected a JSON object"),
    ('"\\ud800"', "text with an invalid character"),
    ("[" * DEEP, "nested more than"),
    ('{"title":' * 5000 + "1" + "}" * 5000, "nested more than"),
    ("9" * 5000, "a number written with 5000 digits is too long"),
    ("1e999", "expected a JSON object"),  # inf: parsed, then refused as not a project
    ("x" * (pj.MAX_BYTES + 1), "too large for a project"),
])
def test_texts_no_encoder_writes_are_refused_with_one_line(text, says):
    with pytest.raises(ProjectError) as e:
        pj.loads(text, "case.json")
    _check_one_line(e.value, "case.json")
    assert says in str(e.value)


def test_a_one_class_project_is_refused():
    d = _with_points()
    d["data"]["points"]["y"] = [1] * len(d["data"]["points"]["y"])
    with pytest.raises(ProjectError, match="every point is class 1; a classification task "
                                           "needs points of at least 2 classes"):
        pj.loads(json.dumps(d), "one.json")


@pytest.mark.parametrize("spread", [2e6, 1e12, 1e308])
def test_coordinates_past_the_limit_are_refused_once(spread):
    d = _with_points()
    d["data"]["points"]["x2"][3] = -spread
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ProjectError) as e:
            pj.loads(json.dumps(d), "far.json")
    assert str(e.value) == (
        f"far.json: data.points.x2: coordinates must lie between -1,000,000 and 1,000,000; "
        f"this one reaches {spread:g} (rescale the data)")


# ---------------------------------------------------------------------------- CSV
CSV_ROWS = ["0,0,0", "0,1,1", "1,0,1", "1,1,0", "0.5,0.5,1"]
CSV_CELLS = {
    "empty": "", "word": "abc", "nan": "nan", "inf": "-inf", "huge": "1e308",
    "past the limit": "2e6", "long int": "9" * 5000, "comma decimal": '"0,5"',
    "quote": '"', "NUL": "\x00", "tab": "\t", "many cells": "1,2,3,4",
}


def _csv_cases():
    for row in range(len(CSV_ROWS)):
        for col in range(3):
            for kind, cell in CSV_CELLS.items():
                yield pytest.param(row, col, cell, id=f"row{row}-col{col}={kind}")


@pytest.mark.parametrize(("row", "col", "cell"), list(_csv_cases()))
def test_every_malformed_csv_cell_is_loaded_or_refused_with_one_line(tmp_path, row, col,
                                                                     cell):
    rows = [r.split(",") for r in CSV_ROWS]
    rows[row][col] = cell
    path = tmp_path / "case.csv"
    path.write_text("x1,x2,label\n" + "\n".join(",".join(r) for r in rows) + "\n",
                    encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            data = csvio.load_csv(path)
        except DataError as e:
            _check_one_line(e, str(path))
            return
    assert np.isfinite(data.X).all() and np.abs(data.X).max() <= 1e6


def test_csv_coordinates_past_the_limit_are_refused(tmp_path):
    path = tmp_path / "far.csv"
    path.write_text("x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1e300,1,0\n", encoding="utf-8")
    with pytest.raises(DataError, match="coordinates x1, x2 must lie between -1,000,000 and "
                                        "1,000,000; this one reaches 1e"):
        csvio.load_csv(path)


def test_too_many_points_are_refused_at_the_first_row_too_many(tmp_path):
    from engine.data.dataset import MAX_POINTS

    path = tmp_path / "many.csv"
    rows = "".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(MAX_POINTS + 1))
    path.write_text("x1,x2,label\n" + rows, encoding="utf-8")
    with pytest.raises(DataError, match=f"many.csv line {MAX_POINTS + 2}: more than "
                                        f"100,000 data rows; at most 100,000 points"):
        csvio.load_csv(path)
    d = _with_points()
    d["data"]["points"] = {"task": "binary", "x1": [0.5] * (MAX_POINTS + 1),
                           "x2": [0.5] * (MAX_POINTS + 1), "y": [0, 1] * (MAX_POINTS // 2) + [0]}
    with pytest.raises(ProjectError, match="data.points: at most 100,000 points, got 100,001"):
        pj.loads(json.dumps(d), "many.json")
