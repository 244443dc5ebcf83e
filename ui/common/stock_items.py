"""Graphics items that Qt paints without calling Python.

PySide6 holds the GIL through every QPainter call made from Python, so an
item with a Python ``paint()`` makes the training thread wait while the
window draws.  These are stock C++ items (a pixmap, a path) with a small
Python API on top that is only used when data changes, never while painting:
Qt draws them in C++, and the training thread keeps the GIL meanwhile.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsPixmapItem, QGraphicsView

__all__ = ["MapImage", "Segments", "cosmetic_pen", "paint_now", "rgba_image"]


def cosmetic_pen(color, width: float = 1.0, style=QtCore.Qt.PenStyle.SolidLine) -> QtGui.QPen:
    """A pen ``width`` screen pixels wide whatever the view's scale."""
    pen = QtGui.QPen(QtGui.QColor(color), width, style)
    pen.setCosmetic(True)
    return pen


def paint_now(view: QGraphicsView) -> None:
    """Paint what changed in ``view``'s scene now, not on Qt's next update.

    The scene gathers its items' changes and hands them to the view in a
    queued call; delivering that call now makes the view paint them at once
    (and only if something changed), so they are not painted a second time
    when Qt's update timer fires.
    """
    scene = view.scene()
    if scene is not None:
        QtCore.QCoreApplication.sendPostedEvents(scene, QtCore.QEvent.Type.MetaCall)


def rgba_image(rgba: np.ndarray) -> QtGui.QImage:
    """An (h, w, 4) uint8 RGBA array as a QImage that owns a copy of the pixels."""
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    h, w = rgba.shape[:2]
    img = QtGui.QImage(rgba.data, w, h, 4 * w, QtGui.QImage.Format.Format_RGBA8888)
    return img.copy()  # detach from the NumPy buffer


class MapImage(QGraphicsPixmapItem):
    """An RGBA map stretched over a rectangle in view coordinates.

    Row 0 of the array is drawn at the rectangle's low-y edge (the bottom of
    a pyqtgraph view), as ``pg.ImageItem(axisOrder="row-major")`` does.
    ``image`` keeps the last array shown and ``levels`` the value range it
    encodes, for callers and tests.
    """

    def __init__(self):
        super().__init__()
        self.image: np.ndarray | None = None
        self.levels: tuple[float, float] | None = None
        self._geometry: tuple = ()
        self.setTransformationMode(QtCore.Qt.TransformationMode.SmoothTransformation)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)

    def set_image(self, rgba: np.ndarray, rect: tuple[float, float, float, float],
                  levels: tuple[float, float] | None = None) -> None:
        """Show ``rgba`` (h, w, 4) uint8 over ``rect`` = (x, y, width, height)."""
        self.image, self.levels = rgba, levels
        h, w = rgba.shape[:2]
        self.setPixmap(QtGui.QPixmap.fromImage(rgba_image(rgba)))
        geometry = (w, h, *rect)
        if geometry != self._geometry:  # unchanged on almost every frame
            self._geometry = geometry
            x, y, width, height = rect
            self.setPos(x, y)
            self.setTransform(QtGui.QTransform.fromScale(width / w, height / h))

    def getLevels(self) -> tuple[float, float] | None:
        return self.levels

    def mapToView(self, p: QtCore.QPointF) -> QtCore.QPointF:
        """Image pixel coordinates -> the view's (data) coordinates."""
        return self.mapToParent(p)

    def mapRectToView(self, r: QtCore.QRectF) -> QtCore.QRectF:
        return self.mapRectToParent(r)


class Segments(QGraphicsPathItem):
    """Line segments (x[0], y[0])-(x[1], y[1]), (x[2], y[2])-(x[3], y[3]), ..."""

    def __init__(self, pen: QtGui.QPen):
        super().__init__()
        self.setPen(pen)
        self._x = np.empty(0)
        self._y = np.empty(0)

    def setData(self, x, y) -> None:
        x = np.asarray(x, dtype=np.float64).ravel()
        y = np.asarray(y, dtype=np.float64).ravel()
        n = min(len(x), len(y)) // 2 * 2
        self._x, self._y = x[:n], y[:n]
        if n:
            self.setPath(pg.arrayToQPath(self._x, self._y, connect="pairs"))
        else:
            self.setPath(QtGui.QPainterPath())

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        return self._x, self._y
