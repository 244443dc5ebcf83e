"""The NumPy that colours the canvas's neuron maps, and the canvas's text labels.

A layer's maps are first sampled down to the size their squares have on
screen (:func:`sample_maps`), then become one tiled ARGB array (one LUT
``take`` for the whole layer, no per-pixel Python) that a :class:`QImage`
views without copying; each neuron's pixmap is cut from it
(:func:`tile_pixmaps`).
"""

from __future__ import annotations

import functools
import math

import numpy as np
from PySide6.QtGui import QColor, QFont, QImage, QPixmap
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from .colors import CLASS_COLORS, WHITE, diverging_lut, hex_to_rgb

__all__ = [
    "LUT",
    "TEXT",
    "UNIT_RANGE",
    "maps_to_tiles",
    "sample_maps",
    "text_item",
    "tile_image",
    "tile_pixmaps",
    "tile_res",
]

UNIT_RANGE = frozenset({"sigmoid", "softmax", "step"})  # outputs in [0, 1]: centre 0.5
TEXT = QColor("#30343b")


def _argb_lut() -> np.ndarray:
    rgba = diverging_lut().astype(np.uint32)
    return (0xFF << 24) | (rgba[:, 0] << 16) | (rgba[:, 1] << 8) | rgba[:, 2]


LUT = _argb_lut()  # (256,) uint32 0xAARRGGBB: orange (0) -> white (128) -> blue (255)


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


def tile_image(tiles: np.ndarray) -> QImage:
    """A QImage viewing ``tiles`` (no copy: keep the array alive as long as the image)."""
    h, w = tiles.shape
    return QImage(tiles.data, w, h, 4 * w, QImage.Format.Format_RGB32)


def tile_res(screen_px: float, res: int) -> int:
    """Side of a map tile drawn ``screen_px`` device pixels wide: never above ``res``."""
    return int(min(res, max(2, math.ceil(screen_px))))


def sample_maps(maps: np.ndarray, n: int) -> np.ndarray:
    """(res_y, res_x, units) -> (<= n, <= n, units): every k-th row and column, both ends kept.

    A map drawn 12 pixels wide needs 12 of its 64 columns; sampling first
    makes the colouring and the per-neuron pixmaps ~25x cheaper, and the
    smooth scaling of the tile to its square looks the same.
    """
    res_y, res_x = maps.shape[:2]
    if n >= res_y and n >= res_x:
        return maps
    return maps.take(_samples(res_y, n), axis=0).take(_samples(res_x, n), axis=1)


@functools.lru_cache(maxsize=64)
def _samples(res: int, n: int) -> np.ndarray:
    """``min(n, res)`` indices spread evenly over 0..res-1, both ends included."""
    return np.round(np.linspace(0, res - 1, min(n, res))).astype(np.intp)


def tile_pixmaps(image: QImage, units: int) -> list[QPixmap]:
    """One QPixmap (its own copy of the pixels) per tile of a tiled ``image``."""
    whole = QPixmap.fromImage(image)  # may share the image's memory: only copied from
    w, h = image.width(), image.height() // max(units, 1)
    return [whole.copy(0, j * h, w, h) for j in range(units)]


def text_item(
    text: str,
    px: float,
    x: float,
    y: float,
    align: str = "center",
    color: QColor = TEXT,
    room: float = 1e9,
) -> QGraphicsSimpleTextItem:
    """A label of ``px`` scene pixels whose anchor (left / center / right, mid-height) is (x, y).

    ``room`` is the width it may grow to when the canvas enlarges small text.
    """
    item = QGraphicsSimpleTextItem(text)
    f = QFont()
    f.setPixelSize(max(1, round(px)))
    item.setFont(f)
    item.setBrush(color)
    r = item.boundingRect()
    dx = {"left": 0.0, "center": r.width() / 2, "right": r.width()}[align]
    item.setPos(x - dx, y - r.height() / 2)
    item.setTransformOriginPoint(dx, r.height() / 2)  # scaled about its anchor
    item.setData(0, float(px))
    item.setData(1, float(room) / max(r.width(), 1.0))  # the largest scale that fits
    item.setZValue(1)
    return item
