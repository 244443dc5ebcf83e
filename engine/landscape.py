"""The loss landscape: the training loss of the network around its current weights.

A network has many weights, so its loss is a surface in many dimensions; what
can be drawn is a cut through it, a plane through the current weights:

- along two chosen weights (the others held where they are): the axes are
  those weights' values, and the optimizer's path on them is exact;
- along two random directions, each scaled neuron by neuron to the size of the
  weights it moves ("filter-normalised", Li et al. 2018, so that a step of 1
  changes every neuron by about its own size): the axes are the distances
  along them, and the path is the weights' history projected onto the plane.

The values are the trainer's own training loss (the same forward pass and
loss function, no dropout, no penalty), so the centre of a landscape is the
figure the curves show.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import losses
from .data import features
from .data.dataset import Dataset
from .network import Network
from .spec import NetworkSpec

__all__ = [
    "Landscape", "Plane", "landscape", "random_plane", "unit_names", "weight_names",
    "weight_plane",
]

RESOLUTION = 25  # samples each way
SPAN = 1.0  # a random plane's half-width, in filter-normalised units


@dataclass(frozen=True)
class Plane:
    """A plane through weight space: two directions over the flat parameters, named."""

    kind: str  # "weights" or "random"
    d1: np.ndarray
    d2: np.ndarray
    labels: tuple[str, str]
    index: tuple[int, int] | None = None  # kind "weights": the two parameters


@dataclass(frozen=True)
class Landscape:
    """A cut of the loss, ready to draw: values over bounds, and the path on it."""

    plane: Plane
    values: np.ndarray  # (res, res): values[i, j] at y = ys[i], x = xs[j]
    bounds: tuple[float, float, float, float]  # x min, max, y min, max
    path: np.ndarray  # (m, 2): where the weights were, oldest first, the last is now
    centre_loss: float  # the loss at the current weights


_SUB = str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089")


def unit_names(spec: NetworkSpec, layer: int) -> list[str]:
    """The neurons of ``spec.layers[layer]``: h₁, h₂ (one hidden layer), h1.2 (layer 1,
    neuron 2, with several), out or out₁, out₂ (the output layer)."""
    units = spec.layers[layer].units
    if layer == len(spec.layers) - 1:
        return ["out"] if units == 1 else [f"out{str(k + 1).translate(_SUB)}"
                                           for k in range(units)]
    if len(spec.hidden) == 1:
        return [f"h{str(k + 1).translate(_SUB)}" for k in range(units)]
    return [f"h{layer + 1}.{k + 1}" for k in range(units)]


def weight_names(spec: NetworkSpec) -> list[str]:
    """A name for each flat parameter, in the network's order (per layer: a row per
    source, the bias row last, a column per neuron): "x₁→h₂" is the weight from input
    x1 into hidden neuron 2, "b→out" the output's bias."""
    names: list[str] = []
    sources = [features.LABELS.get(n, n) for n in spec.inputs]
    for layer in range(len(spec.layers)):
        targets = unit_names(spec, layer)
        for src in [*sources, "b"]:
            names += [f"{src}\u2192{t}" for t in targets]
        sources = targets
    return names


def weight_plane(net: Network, i: int, j: int) -> Plane:
    """The plane of flat parameters ``i`` and ``j`` (the others fixed)."""
    n = net.params.size
    if not (0 <= i < n and 0 <= j < n and i != j):
        raise ValueError(f"need two different parameters of {n}, got {i}, {j}")
    d1, d2 = np.zeros(n), np.zeros(n)
    d1[i], d2[j] = 1.0, 1.0
    names = weight_names(net.spec)
    return Plane("weights", d1, d2, (names[i], names[j]), (i, j))


def random_plane(net: Network, seed: int = 0) -> Plane:
    """Two random directions, each neuron's incoming weights scaled to the norm of that
    neuron's weights now (biases not moved), then made orthogonal to each other."""
    rng = np.random.default_rng([seed, 0x1A5D])
    dirs = []
    for _ in range(2):
        d = np.zeros(net.params.size)
        off = 0
        for W in net.W:
            r, c = W.shape
            block = rng.normal(size=(r, c))
            block[-1] = 0.0  # the bias row stays
            w = W[:-1]
            norms = np.linalg.norm(w, axis=0)
            block[:-1] *= np.where(norms > 0, norms, 1.0) / np.maximum(
                np.linalg.norm(block[:-1], axis=0), 1e-12)
            d[off:off + r * c] = block.ravel()
            off += r * c
        dirs.append(d)
    d1, d2 = dirs
    d2 = d2 - (d2 @ d1) / (d1 @ d1) * d1
    d2 *= np.linalg.norm(d1) / max(np.linalg.norm(d2), 1e-12)
    return Plane("random", d1, d2, ("direction 1", "direction 2"))


def _coords(plane: Plane, centre: np.ndarray, thetas: np.ndarray) -> np.ndarray:
    """Where the weights ``thetas`` (m, n) lie in the plane: exact values of the two
    weights, or least-squares offsets along the two directions from ``centre``."""
    thetas = np.atleast_2d(thetas)
    if plane.kind == "weights":
        i, j = plane.index
        return thetas[:, [i, j]].copy()
    D = np.column_stack([plane.d1, plane.d2])
    coef, *_ = np.linalg.lstsq(D, (thetas - centre).T, rcond=None)
    return coef.T


def landscape(net: Network, data: Dataset, loss: str, plane: Plane,
              history: np.ndarray | None = None, resolution: int = RESOLUTION,
              span: float | None = None) -> Landscape:
    """The loss of ``net`` on ``data`` (the training part: the trainer's training loss)
    over the plane through its current weights; ``history`` (m, n): earlier weights,
    drawn as the path.  The network's weights are left as they were."""
    xa = net.augment(features.transform(net.spec.inputs, data.X))
    t = net.targets(data.y)
    centre = net.params.copy()
    path = _coords(plane, centre, np.vstack([history, centre[None, :]])
                   if history is not None and len(history) else centre[None, :])
    here = path[-1]
    reach = float(np.max(np.abs(path - here))) if len(path) > 1 else 0.0
    if span is None:
        span = SPAN if plane.kind == "random" else max(1.0, 0.5 * float(np.max(np.abs(here))))
    span = max(span, 1.15 * reach)  # the whole path in view
    x0, x1, y0, y1 = here[0] - span, here[0] + span, here[1] - span, here[1] + span
    a = np.linspace(x0, x1, resolution) - here[0]
    b = np.linspace(y0, y1, resolution) - here[1]
    values = np.empty((resolution, resolution))
    try:
        with np.errstate(all="ignore"):
            for iy, db in enumerate(b):
                for ix, da in enumerate(a):
                    np.copyto(net.params, centre + da * plane.d1 + db * plane.d2)
                    out = net.forward_augmented(xa, training=False)
                    values[iy, ix] = losses.value(loss, out.output, t, out.pre_activations[-1])
            np.copyto(net.params, centre)
            out = net.forward_augmented(xa, training=False)
            centre_loss = float(losses.value(loss, out.output, t, out.pre_activations[-1]))
    finally:
        np.copyto(net.params, centre)
    return Landscape(plane, values, (x0, x1, y0, y1), path, centre_loss)
