"""A loss surface drawn from above: its values as shades, contour lines, and paths on it.

Shared by the optimizer race (a made-up surface, :mod:`engine.race`) and the
loss landscape of the network being trained (:mod:`engine.landscape`).  The
shades follow log(f - min + small) so that valleys keep their detail next to
steep walls; contour lines at evenly spaced levels of the same scale.
Everything is a stock item (the map, the segments) or a pyqtgraph curve
whose data changes only when a path grows.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets
from PySide6.QtWidgets import QGraphicsItem

from ui.common import theme
from ui.common.colors import MAP_OUTLINE, SURFACE_CONTOUR, SURFACE_MARK, surface_lut
from ui.common.geometry import contour_segments
from ui.common.mapcolors import image_rect
from ui.common.stock_items import MapImage, Segments, cosmetic_pen, paint_now

__all__ = ["CONTOURS", "SurfacePlot", "shade"]

CONTOURS = 12  # contour lines over the surface


def shade(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The values ``z`` on the drawing scale: log10(z - min + span * 1e-3), and the
    scale's contour levels (CONTOURS of them, evenly spaced, without the ends)."""
    z = np.asarray(z, dtype=np.float64)
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        return np.zeros_like(z), np.empty(0)
    lo, hi = float(finite.min()), float(finite.max())
    eps = max(hi - lo, 1e-12) * 1e-3
    s = np.log10(np.where(np.isfinite(z), z, hi) - lo + eps)
    levels = np.linspace(float(s.min()), float(s.max()), CONTOURS + 2)[1:-1]
    return s, levels


class SurfacePlot(QtWidgets.QWidget):
    """A 2-D function over a rectangle, with labelled marks and coloured paths.

    Signals
    -------
    clicked(float, float)
        The learner clicked the surface at these coordinates.
    """

    clicked = QtCore.Signal(float, float)

    def __init__(self, axis_names=("w\u2081", "w\u2082"), parent=None, lock_aspect=True):
        super().__init__(parent)
        self.axis_names = tuple(axis_names)
        self.plot = pg.PlotWidget()
        pi = self.plot.getPlotItem()
        pi.setMenuEnabled(False)
        pi.hideButtons()
        self.view = pi.getViewBox()
        self.view.setMouseEnabled(x=False, y=False)
        self.view.disableAutoRange()
        # w1 and w2 at one scale: a ravine must look like one
        self.view.setAspectLocked(lock_aspect, ratio=1.0)
        for name in ("bottom", "left"):
            pi.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.image = MapImage()
        self.image.setZValue(-10)
        self.view.addItem(self.image, ignoreBounds=True)
        self.contours = Segments(cosmetic_pen(SURFACE_CONTOUR, 0.8))
        self.contours.setOpacity(0.7)
        self.contours.setZValue(-5)
        self.view.addItem(self.contours, ignoreBounds=True)
        self.marks = pg.ScatterPlotItem(pxMode=True)
        self.marks.setZValue(30)
        self.view.addItem(self.marks)
        self.values: np.ndarray | None = None  # the surface drawn, (res, res)
        self.bounds = (0.0, 1.0, 0.0, 1.0)  # what must be in view
        self.shown = self.bounds  # what the map covers: the whole view
        # f(bounds) -> values: the map follows the view (its aspect is locked, so the
        # view is wider or taller than the bounds); None: a fixed map over the bounds
        self._fill = None
        self._refill = QtCore.QTimer(self)
        self._refill.setSingleShot(True)
        self._refill.timeout.connect(self._fill_view)
        self.view.sigRangeChanged.connect(lambda *_: self._refill.start(0))
        self._paths: list[tuple[pg.PlotDataItem, pg.PlotDataItem, pg.ScatterPlotItem]] = []
        self.apply_theme()
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)
        self.plot.scene().sigMouseClicked.connect(self._on_click)

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(360, 330)

    def apply_theme(self) -> None:
        t = theme.now()
        self.plot.setBackground(t.background)
        pi = self.plot.getPlotItem()
        font = QtWidgets.QApplication.font()
        for name, label in (("bottom", self.axis_names[0]), ("left", self.axis_names[1])):
            axis = pi.getAxis(name)
            axis.setPen(pg.mkPen(t.frame))
            axis.setTextPen(pg.mkPen(t.text))
            axis.setTickFont(font)
            axis.label.setFont(font)
            axis.setLabel(label, color=t.text)

    def set_axis_names(self, names) -> None:
        if tuple(names) != self.axis_names:
            self.axis_names = tuple(names)
            self.apply_theme()

    # ------------------------------------------------------------------ surface
    def set_function(self, fill, bounds) -> None:
        """Shade ``fill(rect) -> values`` over the whole view, which shows ``bounds``
        at least (x min, max, y min, max); recomputed when the view changes shape."""
        self._fill = fill
        self.bounds = tuple(float(v) for v in bounds)
        x0, x1, y0, y1 = self.bounds
        self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)
        self._fill_view()

    def _fill_view(self) -> None:
        if self._fill is None:
            return
        (x0, x1), (y0, y1) = self.view.viewRange()
        rect = (x0, x1, y0, y1)
        self._draw(self._fill(rect), rect)

    def set_surface(self, values: np.ndarray, bounds) -> None:
        """Shade ``values`` (res_y, res_x), values[i, j] at (xs[j], ys[i]) over ``bounds``
        (x min, max, y min, max), with contour lines."""
        self._fill = None
        self.bounds = tuple(float(v) for v in bounds)
        self._draw(values, self.bounds)
        x0, x1, y0, y1 = self.bounds
        self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0)

    def _draw(self, values: np.ndarray, rect) -> None:
        values = np.asarray(values, dtype=np.float64)
        self.values, self.shown = values, tuple(float(v) for v in rect)
        s, levels = shade(values)
        lo, hi = float(s.min()), float(s.max())
        idx = np.clip((s - lo) / (hi - lo if hi > lo else 1.0) * 255.0, 0, 255).astype(np.uint8)
        rows, cols = values.shape
        self.image.set_image(surface_lut()[idx], image_rect(self.shown, cols, rows))
        x0, x1, y0, y1 = self.shown
        xs, ys = np.linspace(x0, x1, cols), np.linspace(y0, y1, rows)
        parts = [contour_segments(s, xs, ys, float(level)) for level in levels]
        self.contours.setData(np.concatenate([p[0] for p in parts] or [np.empty(0)]),
                              np.concatenate([p[1] for p in parts] or [np.empty(0)]))

    def set_marks(self, points, symbols, sizes=None, tips=None) -> None:
        """Marks (minima, a start) at ``points`` [(x, y), ...] with pyqtgraph symbols."""
        pts = list(points)
        sizes = sizes or [14] * len(pts)
        self.marks.setData(
            spots=[{"pos": p, "symbol": sym, "size": size, "data": tip,
                    "brush": pg.mkBrush(255, 255, 255, 220) if sym != "x" else None,
                    "pen": pg.mkPen(SURFACE_MARK, width=1.6)}
                   for p, sym, size, tip in zip(pts, symbols, sizes, tips or [None] * len(pts))])

    # ------------------------------------------------------------------ paths
    def set_path_count(self, colors) -> None:
        """One path per colour in ``colors`` (old ones removed)."""
        for halo, line, head in self._paths:
            for item in (halo, line, head):
                self.view.removeItem(item)
        self._paths = []
        for z, color in enumerate(colors):
            halo = pg.PlotDataItem(pen=pg.mkPen(MAP_OUTLINE, width=4.0))
            line = pg.PlotDataItem(pen=pg.mkPen(color, width=2.2))
            head = pg.ScatterPlotItem(size=11, brush=pg.mkBrush(color),
                                      pen=pg.mkPen(MAP_OUTLINE, width=1.5), pxMode=True)
            for k, item in enumerate((halo, line, head)):
                item.setZValue(10 + 3 * z + k)
                self.view.addItem(item, ignoreBounds=True)
            self._paths.append((halo, line, head))

    def set_path(self, k: int, xy: np.ndarray) -> None:
        """Path ``k`` through the points ``xy`` (n, 2), its head at the last one."""
        xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
        halo, line, head = self._paths[k]
        halo.setData(xy[:, 0], xy[:, 1])
        line.setData(xy[:, 0], xy[:, 1])
        head.setData(xy[-1:, 0], xy[-1:, 1]) if len(xy) else head.setData([], [])

    def path(self, k: int) -> np.ndarray:
        """The points path ``k`` is drawn through."""
        x, y = self._paths[k][1].getData()
        if x is None:
            return np.empty((0, 2))
        return np.column_stack([x, y])

    def path_count(self) -> int:
        return len(self._paths)

    # ------------------------------------------------------------------ input
    def _on_click(self, event) -> None:
        if event.button() != QtCore.Qt.MouseButton.LeftButton:
            return
        p = self.view.mapSceneToView(event.scenePos())
        x0, x1, y0, y1 = self.shown
        if x0 <= p.x() <= x1 and y0 <= p.y() <= y1:
            self.clicked.emit(float(p.x()), float(p.y()))

    def paint_now(self) -> None:
        paint_now(self.plot)
