"""The NumPy half of the data view: a network's output map -> what is drawn.

Pure NumPy (no Qt), so the training worker can run it next to the grid
evaluation and hand the window arrays it only has to show: the GUI thread
then does no array work while the training thread holds the GIL.  (NumPy
releases the GIL inside every call on a large array, and each call then
waits to get it back from a busy training thread.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .colors import CLASS_COLORS, diverging_lut, hex_to_rgb
from .geometry import contour_segments

__all__ = ["BACKGROUND_STRENGTH", "OutputFrame", "image_rect", "render_output", "value_levels"]

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
