"""Pictures and text for the canvas: tiled neuron maps as images, labels as items.

A layer's maps arrive coloured (:mod:`ui.common.mapcolors`, in the training
worker) as one tiled ARGB array; the canvas samples it down to the size the
squares have on screen (:func:`sample_tiles`) into a buffer that a
:class:`QImage` views without copying; each neuron's pixmap is cut from it
(:func:`tile_pixmaps`).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtGui import QColor, QFont, QImage, QPixmap
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from ui.common import theme
from ui.common.mapcolors import sample_indices

__all__ = ["sample_tiles", "text_item", "tile_image", "tile_pixmaps", "tile_res"]


def tile_image(tiles: np.ndarray) -> QImage:
    """A QImage viewing ``tiles`` (no copy: keep the array alive as long as the image)."""
    h, w = tiles.shape
    return QImage(tiles.data, w, h, 4 * w, QImage.Format.Format_RGB32)


def tile_res(screen_px: float, res: int) -> int:
    """Side of a map tile drawn ``screen_px`` device pixels wide: never above ``res``."""
    return int(min(res, max(2, math.ceil(screen_px))))


def sample_tiles(tiles: np.ndarray, units: int, n: int, out: np.ndarray | None = None
                 ) -> np.ndarray:
    """Tiles (units * res, res) ARGB -> (units * m, m), m = min(n, res): every k-th row and
    column of each tile, both ends kept (see :func:`ui.common.mapcolors.sample_indices`)."""
    res = tiles.shape[1]
    if n >= res:
        if out is None:
            return tiles
        np.copyto(out, tiles)
        return out
    idx = sample_indices(res, n)
    m = idx.size
    if out is None:
        out = np.empty((units * m, m), np.uint32)
    view = out.view()
    view.shape = (units, m, m)
    np.take(tiles.reshape(units, res, res)[:, idx], idx, axis=2, out=view)
    return out


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
    color: QColor | None = None,  # None: the theme's text colour
    room: float = 1e9,
) -> QGraphicsSimpleTextItem:
    """A label of ``px`` scene pixels whose anchor (left / center / right, mid-height) is (x, y).

    ``room`` is the width it may grow to when the canvas enlarges small text.
    """
    item = QGraphicsSimpleTextItem(text)
    f = QFont()
    f.setPixelSize(max(1, round(px)))
    item.setFont(f)
    item.setBrush(color if color is not None else QColor(theme.now().text))
    r = item.boundingRect()
    dx = {"left": 0.0, "center": r.width() / 2, "right": r.width()}[align]
    item.setPos(x - dx, y - r.height() / 2)
    item.setTransformOriginPoint(dx, r.height() / 2)  # scaled about its anchor
    item.setData(0, float(px))
    item.setData(1, float(room) / max(r.width(), 1.0))  # the largest scale that fits
    item.setZValue(1)
    return item
