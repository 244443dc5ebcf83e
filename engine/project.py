"""The project file: a whole piece of work as versioned JSON.

A project is the network spec, the training config, the data (a generator's
settings, or the points themselves), the split ratios, the seed and,
optionally, trained weights.  Loading validates every field and names the one
that is wrong ("network.layers[2].units: ..."); saving is atomic (a temporary
file in the same folder, then a rename), so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from . import atomic, losses
from .config import TrainConfig
from .data.dataset import COORD_LIMIT, MAX_CLASSES, MAX_POINTS, Dataset, out_of_range
from .data.settings import DataSettings
from .data.split import check_ratios
from .errors import PlaygroundError, ProjectError
from .race import LINEUPS, SURFACES
from .spec import NetworkSpec

FORMAT = "nn-playground-project"
# views a project may open: beside the network, the hidden space, the loss landscape and
# the optimizer race; on it, the gradients on the edges
PANES = ("hidden", "landscape", "race", "gradients")
VERSION = 1


@dataclass(frozen=True)
class Project:
    network: NetworkSpec
    training: TrainConfig
    data: DataSettings = field(default_factory=DataSettings)
    weights: tuple | None = None  # [W1, b1, ...] as arrays, or None for a fresh init
    title: str = ""
    description: str = ""
    speed: int = 10  # animation: training steps per frame (0 = as fast as it goes)
    panes: tuple[str, ...] = ()  # the views open beside the network (see PANES)
    race: tuple[str, str] = ("ravine", "all")  # the optimizer race: surface, lineup

    def replace(self, **changes) -> Project:
        return replace(self, **changes)

    def _view(self) -> dict:
        view: dict = {"speed": self.speed}
        if self.panes:
            view["panes"] = list(self.panes)
        if "race" in self.panes:
            view["race"] = {"surface": self.race[0], "racers": self.race[1]}
        return view

    def to_dict(self) -> dict:
        d = {
            "format": FORMAT,
            "version": VERSION,
            "title": self.title,
            "description": self.description,
            "seed": self.training.seed,
            "network": self.network.to_dict(),
            "training": self.training.to_dict(),
            "data": self.data.to_dict(),
            "view": self._view(),
        }
        if self.weights is not None:
            d["weights"] = [np.asarray(w).tolist() for w in self.weights]
        return d


# ---------------------------------------------------------------------- loading
def _get(d: dict, key: str, where: str, kind, default=...):
    if key not in d:
        if default is ...:
            raise ProjectError(f"{where}: missing field '{key}'")
        return default
    v = d[key]
    if kind is float and isinstance(v, int) and not isinstance(v, bool):
        try:
            v = float(v)
        except OverflowError:  # an integer literal of hundreds of digits
            raise ProjectError(f"{where}.{key}: {str(v)[:12]}... is too large a number") from None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(v, kind) or (isinstance(v, bool) and bool not in kinds):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise ProjectError(f"{where}.{key}: expected {names}, got {json.dumps(v)[:40]}")
    return v


def _section(where: str, fn):
    try:
        return fn()
    except ProjectError:
        raise
    except PlaygroundError as e:
        raise ProjectError(f"{where}: {e}") from None
    except (KeyError, TypeError, ValueError) as e:
        raise ProjectError(f"{where}: malformed ({e})") from None


def _numbers(value, where: str) -> np.ndarray:
    """A (nested) list of JSON numbers as a float array; strings, booleans, nulls refused."""
    try:
        a = np.asarray(value)
    except ValueError:  # ragged nesting
        raise ProjectError(f"{where}: not an array of numbers") from None
    if a.dtype.kind not in "iuf" and a.size:
        raise ProjectError(f"{where}: not an array of numbers")
    return a.astype(float)


def _network(d) -> NetworkSpec:
    if not isinstance(d, dict):
        raise ProjectError("network: expected an object")
    inputs = _get(d, "inputs", "network", list)
    layers = _get(d, "layers", "network", list)
    from .spec import LayerSpec

    built = []
    for i, la in enumerate(layers):
        w = f"network.layers[{i}]"
        if not isinstance(la, dict):
            raise ProjectError(f"{w}: expected an object")
        units = _get(la, "units", w, int)
        act = _get(la, "activation", w, str, "tanh")
        drop = _get(la, "dropout", w, float, 0.0)
        built.append(_section(w, lambda u=units, a=act, r=drop: LayerSpec(u, a, r)))
    return _section("network", lambda: NetworkSpec(tuple(inputs), tuple(built)))


def _training(d, seed) -> TrainConfig:
    if not isinstance(d, dict):
        raise ProjectError("training: expected an object")
    d = dict(d)
    if seed is not None:
        d["seed"] = seed
    for k, v in d.items():
        if isinstance(v, float) and not math.isfinite(v):
            raise ProjectError(f"training.{k}: must be a finite number")
    return _section("training", lambda: TrainConfig.from_dict(d))


def _points(p: dict) -> Dataset:
    w = "data.points"
    task = _get(p, "task", w, str)
    if task not in ("binary", "multiclass", "regression"):
        raise ProjectError(f"{w}.task: must be binary, multiclass or regression, got {task!r}")
    x1 = _numbers(_get(p, "x1", w, list), f"{w}.x1")
    x2 = _numbers(_get(p, "x2", w, list), f"{w}.x2")
    y = _numbers(_get(p, "y", w, list), f"{w}.y")
    if not (x1.ndim == x2.ndim == y.ndim == 1):
        raise ProjectError(f"{w}: x1, x2 and y must be flat lists of numbers")
    if not (len(x1) == len(x2) == len(y)):
        raise ProjectError(f"{w}: x1, x2 and y must have the same length")
    if len(y) < 4:
        raise ProjectError(f"{w}: at least 4 points are needed, got {len(y)}")
    if len(y) > MAX_POINTS:
        raise ProjectError(f"{w}: at most {MAX_POINTS:,} points, got {len(y):,}")
    if not (np.isfinite(x1).all() and np.isfinite(x2).all() and np.isfinite(y).all()):
        raise ProjectError(f"{w}: every value must be a finite number")
    for key, values in (("x1", x1), ("x2", x2)) + ((("y", y),) if task == "regression" else ()):
        problem = out_of_range(values, "coordinates" if key != "y" else "targets")
        if problem:
            raise ProjectError(f"{w}.{key}: {problem}")
    if task != "regression":
        if not np.all(y == np.round(y)) or y.min() < 0 or y.max() >= MAX_CLASSES:
            raise ProjectError(
                f"{w}.y: class labels must be whole numbers 0..{MAX_CLASSES - 1}"
            )
        y = y.astype(np.int64)
        k = int(y.max()) + 1
        if len(np.unique(y)) < 2:
            raise ProjectError(
                f"{w}.y: every point is class {int(y[0])}; a classification task needs "
                "points of at least 2 classes"
            )
    else:
        k = 0
    names = _get(p, "class_names", w, list, [])
    if not all(isinstance(c, str) for c in names):
        raise ProjectError(f"{w}.class_names: expected a list of names (text)")
    bounds = p.get("bounds")
    if bounds is None:
        X = np.column_stack([x1, x2])
        lo, hi = X.min(axis=0), X.max(axis=0)
        pad = np.maximum((hi - lo) * 0.1, 0.5)
        bounds = (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])
    if (
        not isinstance(bounds, (list, tuple))
        or len(bounds) != 4
        or not all(isinstance(b, (int, float)) and not isinstance(b, bool)
                   and abs(b) <= 10 * COORD_LIMIT for b in bounds)
        or bounds[0] >= bounds[1]
        or bounds[2] >= bounds[3]
    ):
        raise ProjectError(f"{w}.bounds: expected [x1_min, x1_max, x2_min, x2_max]")
    return _section(
        w,
        lambda: Dataset(
            name="points",
            X=np.column_stack([x1, x2]),
            y=y,
            task=task,
            n_classes=max(k, len(names), 2) if task != "regression" else 0,
            bounds=tuple(float(b) for b in bounds),
            class_names=tuple(names),
        ),
    )


def _data(d) -> DataSettings:
    if not isinstance(d, dict):
        raise ProjectError("data: expected an object")
    name = _get(d, "name", "data", str)
    n = _get(d, "n", "data", (int, type(None)), None)
    noise = _get(d, "noise", "data", float, 0.0)
    seed = _get(d, "seed", "data", int, 0)
    ratios = _get(d, "ratios", "data", list, [0.6, 0.2, 0.2])
    if len(ratios) != 3 or not all(
        isinstance(r, (int, float)) and not isinstance(r, bool) for r in ratios
    ):
        raise ProjectError("data.ratios: expected three numbers (train, validation, test)")
    points = d.get("points")
    if points is not None:
        if not isinstance(points, dict):
            raise ProjectError("data.points: expected an object")
        points = _points(points)
    ratios = _section("data.ratios", lambda: check_ratios(ratios))  # sum to 1, ...
    settings = _section("data", lambda: DataSettings(name, n, noise, seed, ratios, points))
    # the split's own checks (enough rows to train on)
    _section("data.ratios", settings.build_split)
    return settings


def _weights(w, spec: NetworkSpec):
    if w is None:
        return None
    if not isinstance(w, list):
        raise ProjectError("weights: expected a list of arrays")
    want = spec.weight_shapes
    if len(w) != len(want):
        raise ProjectError(f"weights: expected {len(want)} arrays for this network, got {len(w)}")
    out = []
    for i, (arr, shape) in enumerate(zip(w, want)):
        a = _numbers(arr, f"weights[{i}]")
        if a.shape != shape:
            raise ProjectError(f"weights[{i}]: expected shape {shape}, got {a.shape}")
        if not np.isfinite(a).all():
            raise ProjectError(f"weights[{i}]: every weight must be a finite number")
        out.append(a)
    return tuple(out)


def from_dict(d) -> Project:
    if not isinstance(d, dict):
        raise ProjectError("expected a JSON object at the top level")
    if d.get("format") != FORMAT:
        raise ProjectError(f'format: not a playground project (expected "{FORMAT}")')
    version = d.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectError("version: missing or not a whole number")
    if version < 1:
        raise ProjectError(f"version: must be 1 or more, got {version}")
    if version > VERSION:
        raise ProjectError(
            f"version: this file is version {version}, newer than this app reads ({VERSION})"
        )
    seed = _get(d, "seed", "project", (int, type(None)), None)
    if seed is not None and seed < 0:
        raise ProjectError(f"project.seed: must be a whole number >= 0, got {seed}")
    network = _network(d.get("network"))
    training = _training(d.get("training"), seed)
    _section("training.loss", lambda: losses.check(training.loss, network.output.activation))
    data = _data(d.get("data"))
    weights = _weights(d.get("weights"), network)
    title = _get(d, "title", "project", str, "")
    description = _get(d, "description", "project", str, "")
    view = _get(d, "view", "project", dict, {})
    speed = _get(view, "speed", "view", int, 10)
    if not 0 <= speed <= 100_000:
        raise ProjectError(f"view.speed: steps per frame must be 0..100000, got {speed}")
    panes = _get(view, "panes", "view", list, [])
    for name in panes:
        if name not in PANES:
            raise ProjectError(f"view.panes: unknown view {json.dumps(name)[:40]}; "
                               f"known: {', '.join(PANES)}")
    race = _get(view, "race", "view", dict, {})
    surface = _get(race, "surface", "view.race", str, "ravine")
    racers = _get(race, "racers", "view.race", str, "all")
    for what, name, known in (("surface", surface, SURFACES), ("racers", racers, LINEUPS)):
        if name not in known:
            raise ProjectError(f"view.race.{what}: unknown {json.dumps(name)[:40]}; "
                               f"known: {', '.join(known)}")
    return Project(network, training, data, weights, title, description, speed,
                   tuple(dict.fromkeys(panes)), (surface, racers))


MAX_BYTES = 64 * 2**20  # a project is small (weights, at most 10,000 points): 64 MiB is not one
MAX_DEPTH = 16  # the deepest a project nests (weights: list of rows of numbers) is 4


def _check_plain(d, where: str) -> None:
    """Refuse what JSON allows but a project never holds: nesting deeper than MAX_DEPTH
    (walked without recursion, so any depth is answered) and text with lone surrogates
    (``"\\ud800"`` decodes to a string no file or terminal can take)."""
    stack = [(d, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ProjectError(
                f"{path.lstrip('.') or 'top level'}: nested more than {MAX_DEPTH} levels deep; "
                "a project is at most 4"
            )
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as e:
                raise ProjectError(
                    f"{path.lstrip('.') or 'top level'}: text with an invalid character "
                    f"(lone surrogate U+{ord(value[e.start]):04X} at position {e.start})"
                ) from None
        elif isinstance(value, dict):
            for k, v in value.items():
                stack.append((k, f"{path}.<key>", depth + 1))
                stack.append((v, f"{path}.{_key(k)}", depth + 1))
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))


def _key(k: str) -> str:
    """A field name fit for a message (a name with a lone surrogate shows escaped)."""
    return k.encode("utf-8", "backslashreplace").decode("utf-8")[:40]


def loads(text: str, where: str = "project") -> Project:
    if len(text) > MAX_BYTES:
        raise ProjectError(
            f"{where}: {len(text) / 2**20:.0f} MiB is too large for a project "
            f"(at most {MAX_BYTES // 2**20} MiB)"
        )
    try:
        d = json.loads(text)
    except json.JSONDecodeError as e:
        raise ProjectError(
            f"{where}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})"
        ) from None
    except RecursionError:  # "[[[[..." thousands deep: the decoder's own stack runs out
        raise ProjectError(
            f"{where}: not a project: nested more than {MAX_DEPTH} levels deep"
        ) from None
    except ValueError as e:  # an integer literal of thousands of digits, ...
        raise ProjectError(f"{where}: not valid JSON ({_why(e)})") from None
    try:
        _check_plain(d, "")
        return from_dict(d)
    except ProjectError as e:
        raise ProjectError(f"{where}: {e}") from None


def _why(e: ValueError) -> str:
    """What the decoder refused, in a learner's words."""
    digits = re.search(r"value has (\d+) digits", str(e))
    if digits:
        return f"a number written with {digits.group(1)} digits is too long"
    return str(e).split(";")[0].strip() or type(e).__name__


def load(path) -> Project:
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            raise ProjectError(
                f"{path}: {path.stat().st_size / 2**20:.0f} MiB is too large for a project "
                f"(at most {MAX_BYTES // 2**20} MiB)"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProjectError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ProjectError(f"{path}: is a folder, not a project file") from None
    except OSError as e:
        raise ProjectError(f"{path}: cannot read ({e.strerror or e})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectError(f"{path}: not UTF-8 text (is it a project file?)") from None
    project = loads(text, str(path))
    atomic.sweep(path)  # what a save killed mid-write left beside it
    return project


def dumps(project: Project) -> str:
    return json.dumps(project.to_dict(), indent=1, ensure_ascii=False, allow_nan=False)


def save(project: Project, path) -> None:
    """Write atomically: a temp file beside the target, flushed, then renamed over it."""
    path = Path(path)
    if project.weights is not None:  # a file that cannot be opened again is never written
        try:
            _weights(list(project.weights), project.network)  # the loader's own checks
        except ProjectError as e:
            raise ProjectError(f"{path}: cannot save this project ({e})") from None
    try:
        text = dumps(project)
    except (TypeError, ValueError) as e:  # NaN / infinite weights, values JSON cannot hold
        raise ProjectError(f"{path}: cannot save this project ({e})") from None
    try:
        atomic.write_text(path, text)
    except OSError as e:
        raise ProjectError(f"{path}: cannot write ({e.strerror or e})") from None
