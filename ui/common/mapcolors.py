"""Every map the views show, coloured: the data view's output map and the canvas's neurons.

Pure NumPy (no Qt), so the training worker runs it next to the grid
evaluation and hands the window arrays it only has to show: the GUI thread
then does no array work while the training thread holds the GIL.  (NumPy
releases the GIL inside every call on a large array, and each call then
waits to get it back from a busy training thread.)

- :func:`render_output`: the output layer over the plane -> :class:`OutputFrame`
  (RGBA, the 0.5 contour, the colour scale's ends);
- :func:`maps_to_tiles`: a layer's neuron maps -> one tiled ARGB array;
- :func:`neuron_tiles`: every layer of a grid evaluation -> :class:`NeuronTiles`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .colors import CLASS_COLORS, WHITE, diverging_lut, hex_to_rgb
from .geometry import contour_segments

__all__ = [
    "BACKGROUND_STRENGTH",
    "LUT",
    "UNIT_RANGE",
    "NeuronTiles",
    "OutputFrame",
    "image_rect",
    "maps_to_tiles",
    "neuron_tiles",
    "render_output",
    "sample_indices",
    "value_levels",
]

BACKGROUND_STRENGTH = 0.55  # heatmap colours are this far from white towards the class colour
_BG_LUT = diverging_lut(BACKGROUND_STRENGTH)
_CLASS_TABLE = np.array([hex_to_rgb(c) for c in CLASS_COLORS], dtype=np.float32)


@dataclass(frozen=True)
class OutputFrame:
    """The output map, ready to show: colours, where they go, the 0.5 contour."""

    rgba: np.ndarray  # (res, res, 4) uint8, row 0 at the bottom (lowest x2)
    rect: tuple[float, float, float, float]  # x, y, width, height in data coordinates
    levels: tuple[float, float] | None  # the values at the colour scale's ends
    contour: tuple[np.ndarray, np.ndarray] | None  # segment end points, or None
    span: tuple[float, float] | None = None  # a regression output's (min, max), finite part


def value_levels(values: np.ndarray) -> tuple[float, float]:
    """The colour scale's ends for regression targets: symmetric about 0 when they
    straddle it (white means 0), else their range."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return (-1.0, 1.0)
    lo, hi = float(v.min()), float(v.max())
    if lo < 0.0 < hi:  # white means 0: blue positive, orange negative
        m = max(-lo, hi)
        return (-m, m)
    if hi - lo < 1e-12:
        return (lo - 1.0, hi + 1.0)
    return (lo, hi)


def image_rect(bounds, cols: int, rows: int) -> tuple[float, float, float, float]:
    """Pixel (i, j) centred on its grid sample: the image reaches half a cell past the bounds.

    The samples lie on the bounds' edges (np.linspace), so pixel centres sit
    on the samples only if the outer pixels stick out by half a cell; the
    view shows exactly the bounds, so the heatmap fills them.
    """
    x0, x1, y0, y1 = bounds
    dx, dy = (x1 - x0) / (cols - 1), (y1 - y0) / (rows - 1)
    return (x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy)


def render_output(out: np.ndarray, task: str, bounds,
                  levels: tuple[float, float] = (-1.0, 1.0)) -> OutputFrame:
    """Colour ``out`` (res, res, k), ``out[i, j]`` at x2 = ys[i] (bottom to top),
    x1 = xs[j], as ``engine.GridOutput.output``.

    Binary (k == 1): light orange -> white -> blue for 0 -> 0.5 -> 1 (values
    outside [0, 1] saturate) and the decision boundary at 0.5.  Multiclass:
    the argmax class's colour, paler where the network is less sure.
    Regression: the value on ``levels`` (see :func:`value_levels`).
    """
    out = np.asarray(out)
    if out.ndim == 2:
        out = out[:, :, None]
    if out.ndim != 3 or out.shape[0] < 2 or out.shape[1] < 2:
        raise ValueError(f"output map must be (res, res, k), got shape {out.shape}")
    rows, cols, k = out.shape
    rect = image_rect(bounds, cols, rows)
    if task == "multiclass" or k > 1:
        return OutputFrame(class_image(out), rect, None, None)
    z = out[:, :, 0]
    if task == "regression":
        finite = z[np.isfinite(z)]
        span = (float(finite.min()), float(finite.max())) if finite.size else None
        return OutputFrame(value_image(z, levels), rect, tuple(levels), None, span)
    x0, x1, y0, y1 = bounds
    xs, ys = np.linspace(x0, x1, cols), np.linspace(y0, y1, rows)
    contour = contour_segments(z, xs, ys, 0.5)
    return OutputFrame(value_image(z, (0.0, 1.0)), rect, (0.0, 1.0), contour)


def value_image(z: np.ndarray, levels: tuple[float, float]) -> np.ndarray:
    """RGBA (res, res, 4) uint8: ``z`` through the background LUT, ``levels`` at its ends."""
    lo, hi = levels
    n = len(_BG_LUT)
    scale = n / (hi - lo) if hi > lo else 0.0
    with np.errstate(all="ignore"):
        idx = (np.nan_to_num(z.astype(np.float32, copy=False)) - lo) * np.float32(scale)
        np.clip(idx, 0, n - 1, out=idx)
    return _BG_LUT[idx.astype(np.intp)]


def class_image(out: np.ndarray) -> np.ndarray:
    """RGBA (res, res, 4) uint8: argmax class colour mixed with white by confidence."""
    k = out.shape[2]
    probs = np.nan_to_num(out.astype(np.float32, copy=False))
    cls = probs.argmax(axis=2)
    conf = np.take_along_axis(probs, cls[:, :, None], axis=2)[:, :, 0]
    if k > 1:  # 1/k is a coin toss (white); 1 is certain (the class colour)
        strength = np.clip((conf - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
    else:
        strength = np.clip(conf, 0.0, 1.0)
    strength *= BACKGROUND_STRENGTH
    color = _CLASS_TABLE[cls % len(_CLASS_TABLE)]
    rgb = 255.0 + strength[:, :, None] * (color - 255.0)
    rgba = np.empty(out.shape[:2] + (4,), dtype=np.uint8)
    rgba[:, :, :3] = np.rint(rgb)
    rgba[:, :, 3] = 255
    return rgba


# ------------------------------------------------------------------ the canvas's neuron maps
UNIT_RANGE = frozenset({"sigmoid", "softmax", "step"})  # outputs in [0, 1]: centre 0.5


def _argb_lut() -> np.ndarray:
    rgba = diverging_lut().astype(np.uint32)
    return (0xFF << 24) | (rgba[:, 0] << 16) | (rgba[:, 1] << 8) | rgba[:, 2]


LUT = _argb_lut()  # (256,) uint32 0xAARRGGBB: orange (0) -> white (128) -> blue (255)


@functools.lru_cache(maxsize=16)
def _class_luts(units: int) -> np.ndarray:
    """(units * 256,) ARGB: for unit u, white (p = 0) -> the colour of class u (p = 1)."""
    white = np.array(hex_to_rgb(WHITE), dtype=np.float64)
    t = np.linspace(0.0, 1.0, 256)[:, None]
    out = []
    for u in range(units):
        c = np.array(hex_to_rgb(CLASS_COLORS[u % len(CLASS_COLORS)]), dtype=np.float64)
        rgb = np.round(white + t * (c - white)).astype(np.uint32)
        out.append((0xFF << 24) | (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2])
    return np.concatenate(out)


def maps_to_tiles(
    maps: np.ndarray, activation: str | None, out: np.ndarray | None = None
) -> np.ndarray:
    """Colour a layer's maps: (res, res, units) float -> (units * res, res) uint32 ARGB.

    Row ``i`` of a map is at x2 = ys[i] (bottom to top), so tiles are flipped
    to put the top of the plane on top.  Sigmoid-like outputs are centred at
    0.5, tanh at 0 with range +-1, anything else is scaled by its own max |v|.
    Vectorised: one LUT ``take`` for the whole layer, no per-pixel Python.
    ``out``, if given, receives the tiles (shape (units * res, res), uint32).
    """
    m = np.asarray(maps, dtype=np.float32)
    res_y, res_x, units = m.shape
    with np.errstate(all="ignore"):  # a diverging net is drawn, not warned about
        if activation in UNIT_RANGE:
            idx = m * np.float32(255.0) + np.float32(0.5)
        elif activation == "tanh":
            idx = m * np.float32(127.5) + np.float32(128.0)
        else:
            scale = np.abs(m).max(axis=(0, 1))
            scale[~(np.isfinite(scale) & (scale > 0))] = 1.0
            idx = m * (np.float32(127.5) / scale) + np.float32(128.0)
        np.clip(idx, 0, 255, out=idx)
        levels = idx.astype(np.uint8)
    if out is None:
        out = np.empty((units * res_y, res_x), np.uint32)
    tiles = out.view()
    tiles.shape = (units, res_y, res_x)  # raises rather than write to a copy
    if activation == "softmax":  # each class's probability in that class's colour, as the plot
        lv = levels[::-1].transpose(2, 0, 1).astype(np.intp)
        lv += (np.arange(units, dtype=np.intp) * 256)[:, None, None]
        np.take(_class_luts(units), lv, out=tiles, mode="clip")
    else:
        np.take(LUT, levels[::-1].transpose(2, 0, 1), out=tiles, mode="clip")
    return out


@dataclass(frozen=True)
class NeuronTiles:
    """Every neuron's map coloured, per layer, as the canvas shows them.

    ``layers[l]`` is (units * res, res) uint32 ARGB, tile j (rows j*res ..) the
    map of neuron j, top of the plane on top; ``inputs`` likewise for the input
    features; ``dead[l]`` marks the ReLU neurons that are 0 all over the plane
    (None for other activations).
    """

    layers: tuple[np.ndarray, ...]
    inputs: np.ndarray | None
    dead: tuple[np.ndarray | None, ...]
    res: int


def neuron_tiles(layers, activations, inputs=None) -> NeuronTiles:
    """Colour a grid evaluation's layers ((res, res, units) each) and input features."""
    tiles, dead = [], []
    for m, activation in zip(layers, activations):
        tiles.append(maps_to_tiles(m, activation))
        dead.append(~(m.reshape(-1, m.shape[2]).max(axis=0) > 0) if activation == "relu"
                    else None)
    feats = None if inputs is None else maps_to_tiles(inputs, None)
    res = int(np.shape(layers[0])[0]) if len(layers) else 0
    return NeuronTiles(tuple(tiles), feats, tuple(dead), res)


@functools.lru_cache(maxsize=64)
def sample_indices(res: int, n: int) -> np.ndarray:
    """``min(n, res)`` indices spread evenly over 0..res-1, both ends included.

    A map drawn 12 pixels wide needs 12 of its 64 columns: the canvas samples
    its tiles down with these, and the smooth scaling of the tile to its
    square looks the same.
    """
    return np.round(np.linspace(0, res - 1, min(n, res))).astype(np.intp)
