"""The pieces of the data view that are not the view itself.

:class:`Points`, a scatter whose bounding box is cached; :func:`marker_icon`,
the check boxes' icons, which double as the marker legend; and
:class:`ShapeKeeper`, which sizes the plot so that x1 and x2 are drawn at one
scale with the map filling the view.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ui.common.colors import MAP_OUTLINE, MARKER_GREY, NEURON_LINE_COLORS

MARKERS = {  # split -> (symbol, filled, size in px)
    "train": ("o", True, 8),
    "validation": ("o", False, 9),
    "test": ("t1", True, 10),  # 't1' = triangle pointing up
}

class Points(pg.ScatterPlotItem):
    """A scatter whose bounding box is computed once per change, not on every paint.

    Qt asks for it several times per repaint of the view; pyqtgraph's version
    runs NumPy each time, which while training means waiting for the GIL.
    pyqtgraph announces every change of the box (new data, a new view
    transform) through ``prepareGeometryChange``, which drops the cache.
    """

    _box: QtCore.QRectF | None = None

    def prepareGeometryChange(self) -> None:
        self._box = None
        super().prepareGeometryChange()

    def updateSpots(self, *args, **kwargs):
        self._box = None
        return super().updateSpots(*args, **kwargs)

    def boundingRect(self) -> QtCore.QRectF:
        if self._box is None:
            self._box = super().boundingRect()
        return QtCore.QRectF(self._box)


def marker_icon(symbol: str, filled: bool, size: int = 14) -> QtGui.QIcon:
    """A check box icon showing a split's marker, in neutral grey."""
    pm = QtGui.QPixmap(size, size)
    pm.fill(QtCore.Qt.GlobalColor.transparent)
    p = QtGui.QPainter(pm)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    grey = QtGui.QColor(MARKER_GREY)
    m = 2.5
    if symbol == "o" and filled:
        p.setPen(QtGui.QPen(QtGui.QColor(MAP_OUTLINE), 1.2))
        p.setBrush(grey)
        p.drawEllipse(QtCore.QRectF(m, m, size - 2 * m, size - 2 * m))
    elif symbol == "o":
        p.setPen(QtGui.QPen(grey, 2.2))
        p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        p.drawEllipse(QtCore.QRectF(m, m, size - 2 * m, size - 2 * m))
    elif symbol == "lines":
        pen = QtGui.QPen(QtGui.QColor(NEURON_LINE_COLORS[0]), 1.6, QtCore.Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QtCore.QPointF(1, size - 2), QtCore.QPointF(size - 1, 2))
    else:
        p.setPen(QtGui.QPen(QtGui.QColor(MAP_OUTLINE), 1.2))
        p.setBrush(grey)
        tri = QtGui.QPolygonF(
            [
                QtCore.QPointF(size / 2, 1.5),
                QtCore.QPointF(size - 1.5, size - 2),
                QtCore.QPointF(1.5, size - 2),
            ]
        )
        p.drawPolygon(tri)
    p.end()
    return QtGui.QIcon(pm)


class ShapeKeeper(QtWidgets.QWidget):
    """Holds the plot widget and sizes it so that its view box is ``ratio`` (height /
    width) in shape: as large as fits, at the top, centred across.

    The axes' room around the view box (``overhead``) is measured whenever the view
    box is laid out, and the plot placed again if the axes changed their size.
    """

    def __init__(self, plot: pg.PlotWidget, view: pg.ViewBox, parent=None):
        super().__init__(parent)
        self.plot = plot
        self.view = view
        plot.setParent(self)
        self.ratio = 1.0
        self.overhead = (60, 50)  # a first guess: (axes' width, axes' height) in pixels
        self._placing = False
        self.shape_changed = None  # called when the height for this width changes
        view.sigResized.connect(self._on_view_resized)

    def height_for(self, width: int) -> int:
        """The height that lets the plot fill ``width`` with its view in shape."""
        ox, oy = self.overhead
        return int(math.ceil(max(width - ox, 0) * self.ratio)) + oy

    def set_ratio(self, ratio: float) -> None:
        if ratio != self.ratio:
            self.ratio = ratio
            self.place()

    def place(self) -> None:
        w, h = self.width(), self.height()
        ox, oy = self.overhead
        vw = max(0.0, min(w - ox, (h - oy) / self.ratio))
        pw = min(w, int(round(vw)) + ox)
        ph = min(h, int(round(vw * self.ratio)) + oy)
        rect = QtCore.QRect((w - pw) // 2, 0, pw, ph)
        if rect != self.plot.geometry():
            self._placing = True
            try:
                self.plot.setGeometry(rect)
            finally:
                self._placing = False
        if self.shape_changed is not None:
            self.shape_changed()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.place()

    def _on_view_resized(self, *_args) -> None:
        vw, vh = self.view.width(), self.view.height()
        if vw <= 0 or vh <= 0 or self.plot.width() <= 0:
            return
        overhead = (
            int(round(self.plot.width() - vw)), int(round(self.plot.height() - vh))
        )
        if overhead != self.overhead:
            self.overhead = overhead  # the axes' tick labels grew or shrank
            if not self._placing:
                self.place()
