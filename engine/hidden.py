"""Hidden space: the data as the output neuron sees it.

The course's central picture of the MLP on XOR: the points drawn a second
time at the activations (h1, h2) of the last hidden layer, where one
straight line, the output neuron's w1*h1 + w2*h2 + b = 0, separates the
classes that no line separated in (x1, x2).  :func:`hidden_space` computes
that picture from a network and a split with the network's own forward pass:
every point's hidden coordinates, the input plane's grid lines carried into
the hidden plane (the folding, as ConvNetJS shows it), and, when the layer
has exactly two neurons, the output over the hidden plane and the output
neuron's line.  With three or more neurons two of them are the axes (the
caller picks) and the output, which depends on all of them, is not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data import features
from .data.split import Split
from .network import Network
from .spec import NetworkSpec

__all__ = ["HiddenSpace", "hidden_space", "unavailable"]

GRID_LINES = 11  # lines of the input plane's grid, each way
LINE_SAMPLES = 48  # points per grid line
RESOLUTION = 64  # the output map over the hidden plane, samples each way
# activations whose values lie in a fixed range: the axes stay put while training runs
_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "step": (0.0, 1.0)}
PAD = 0.06  # room around the range, as a share of its width


@dataclass(frozen=True)
class HiddenSpace:
    """The last hidden layer's view of the data (arrays are copies)."""

    layer: int  # which of spec.layers (the last hidden one)
    units: tuple[int, int]  # the two neurons on the axes (0-based)
    n_units: int  # how many neurons the layer has
    parts: tuple[np.ndarray, np.ndarray, np.ndarray]  # train, val, test: (n, 2) hidden coords
    grid: np.ndarray  # (2 * GRID_LINES, LINE_SAMPLES, 2): the input grid's lines, carried over
    bounds: tuple[float, float, float, float]  # h_x min, max, h_y min, max of the view
    # only with exactly 2 neurons: the output over the hidden plane, (res, res, outputs),
    # out[i, j] at h_y = ys[i], h_x = xs[j] (as engine.GridOutput.output), and the output
    # neuron's weights (w1, w2) and bias: its line w1*h1 + w2*h2 + b = 0
    output: np.ndarray | None
    line: tuple[np.ndarray, np.ndarray] | None  # W (2, outputs), b (outputs,)


def unavailable(spec: NetworkSpec) -> str | None:
    """Why ``spec`` has no hidden space to show, or None when it has one."""
    if not spec.hidden:
        return ("no hidden layer: the output neuron sees the inputs themselves. "
                "Add a hidden layer with 2 neurons (+ above the network)")
    units = spec.hidden[-1].units
    if units < 2:
        return ("the last hidden layer has 1 neuron: a hidden plane needs 2. "
                "Add a neuron to it (+ above the layer)")
    return None


def _forward_to(net: Network, X: np.ndarray, layer: int) -> np.ndarray:
    """The activations of ``spec.layers[layer]`` (no dropout) for raw points ``X``."""
    if len(X) == 0:
        return np.empty((0, net.sizes[layer + 1]))
    xa = net.augment(features.transform(net.spec.inputs, X))
    return net.forward_augmented(xa, training=False).activations[layer].copy()


def _bounds(act: str, pts: np.ndarray) -> tuple[float, float, float, float]:
    fixed = _RANGES.get(act)
    out = []
    for k in (0, 1):
        if fixed is not None:
            lo, hi = fixed
        else:
            v = pts[:, k][np.isfinite(pts[:, k])]
            lo, hi = (float(v.min()), float(v.max())) if v.size else (0.0, 1.0)
            if hi - lo < 1e-9:
                lo, hi = lo - 0.5, hi + 0.5
        pad = PAD * (hi - lo)
        out += [lo - pad, hi + pad]
    return tuple(out)


def hidden_space(net: Network, split: Split, input_bounds, units: tuple[int, int] = (0, 1),
                 resolution: int = RESOLUTION) -> HiddenSpace:
    """The picture for ``net`` (the caller checks :func:`unavailable` first): the points
    of ``split`` and the grid over ``input_bounds`` (x1 min, max, x2 min, max) mapped to
    the activations of neurons ``units`` of the last hidden layer."""
    spec = net.spec
    reason = unavailable(spec)
    if reason is not None:
        raise ValueError(reason)
    layer = len(spec.hidden) - 1
    n_units = spec.hidden[-1].units
    i, j = units
    if not (0 <= i < n_units and 0 <= j < n_units and i != j):
        raise ValueError(f"units must be two different neurons of {n_units}, got {units}")
    cols = [i, j]
    parts = tuple(_forward_to(net, np.asarray(d.X, dtype=np.float64), layer)[:, cols]
                  for d in split)
    # the input plane's grid: GRID_LINES lines of constant x1, then of constant x2
    x0, x1, y0, y1 = (float(v) for v in input_bounds)
    t = np.linspace(0.0, 1.0, LINE_SAMPLES)
    s = np.linspace(0.0, 1.0, GRID_LINES)
    xs, ys = x0 + s * (x1 - x0), y0 + s * (y1 - y0)
    along_x2 = np.stack(np.broadcast_arrays(xs[:, None], (y0 + t * (y1 - y0))[None, :]), -1)
    along_x1 = np.stack(np.broadcast_arrays((x0 + t * (x1 - x0))[None, :], ys[:, None]), -1)
    raw = np.concatenate([along_x2, along_x1]).reshape(-1, 2)
    grid = _forward_to(net, raw, layer)[:, cols].reshape(2 * GRID_LINES, LINE_SAMPLES, 2)
    everything = np.concatenate([*parts, grid.reshape(-1, 2)])
    bounds = _bounds(spec.hidden[-1].activation, everything)
    output = line = None
    if n_units == 2:
        W = net.W[-1]  # (3, outputs): rows h1, h2, bias
        if i == 1:  # axes swapped: the weights follow
            W = W[[1, 0, 2]]
        hx = np.linspace(bounds[0], bounds[1], resolution)
        hy = np.linspace(bounds[2], bounds[3], resolution)
        hh = np.stack(np.meshgrid(hx, hy), -1).reshape(-1, 2)
        z = hh @ W[:2] + W[2]
        out = np.empty_like(z)
        net.acts[-1].forward(z, out)
        output = out.reshape(resolution, resolution, -1)
        line = (W[:2].copy(), W[2].copy())
    return HiddenSpace(layer, (i, j), n_units, parts, grid, bounds, output, line)
