"""The pieces of the training curves (see :mod:`ui.curves.plot`): round ranges, thinning a
curve to its pixel columns, the curve item and the view box that applies the ranges.

Pure functions first (NumPy), then the Qt items.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from ui.common import theme
from ui.common.ticks import nice_ceil
from ui.i18n import tr

__all__ = [
    "Curve",
    "as_array",
    "extended",
    "finite_points",
    "RoundViewBox",
    "add_curve",
    "decimate",
    "epoch_range",
    "legend_entry",
    "line_pixmap",
    "loss_range",
    "make_plot",
    "recolor_legend_entry",
    "style_plot",
    "curve_colors",
    "pixel_columns",
]

AUTO_LOG_RATIO = 1e4
EPOCH_STEPS = (1, 1.5, 2, 3, 5, 7.5)  # the epoch axis ends at 10, 15, 20, 30, 50, 75, 100, ...
LOSS_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)  # finer: the loss range rarely moves
LOSS_HEADROOM = 1.04  # the top of the loss range is at least 4% above the largest loss
def as_array(values) -> np.ndarray:
    """A history list -> float array; None (no validation split) becomes NaN."""
    if values is None:
        return np.empty(0)
    if isinstance(values, (tuple, list)):
        try:
            return np.fromiter(values, np.float64, len(values))  # the common case, fastest
        except (TypeError, ValueError):
            pass
        try:  # the usual odd entry: None
            return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        except (TypeError, ValueError):
            pass
    try:
        return np.asarray(values, dtype=np.float64).ravel()
    except (TypeError, ValueError):  # anything else: convert one by one
        out = []
        for v in values:
            try:
                out.append(float(v))
            except (TypeError, ValueError):
                out.append(np.nan)
        return np.asarray(out, dtype=np.float64)


def finite_points(
    y: np.ndarray, positive: bool = False, x: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(epochs, values) of the finite entries (and > 0 for a log axis).

    Epochs are ``x`` when given (a thinned history), else 1, 2, 3, ...  When
    every entry is kept, ``x`` itself is returned (curves then share it).
    """
    ok = np.isfinite(y)
    if positive:
        ok &= y > 0
    if x is None or x.shape != y.shape:
        x = np.arange(1, y.size + 1, dtype=np.float64)
    if ok.all():
        return x, y
    return x[ok], y[ok]


def extended(old: tuple, old_values: np.ndarray, new: tuple) -> np.ndarray | None:
    """``new`` as an array, converting only what was added to ``old`` (converted
    to ``old_values``): new = old + more, or a thinned history's old[:-1] + more.
    None when ``new`` does not begin so."""
    for k in (len(old), len(old) - 1):
        # the entries are the very float objects of the trainer's lists: compared
        # by identity first, so this costs far less than converting them again
        if 0 < k <= len(new) and new[:k] == old[:k]:
            return np.concatenate((old_values[:k], as_array(new[k:])))
    return None


def epoch_range(last_epoch: float, limit: int | None = None) -> tuple[float, float]:
    """0 .. a round number of epochs >= ``last_epoch`` (at least 10), but no further
    than the run's epoch ``limit`` when it is within it (600 epochs: 0..600, not 750)."""
    end = nice_ceil(max(float(last_epoch), 10.0), EPOCH_STEPS)
    if limit is not None and last_epoch <= limit < end:
        end = float(max(limit, 10))
    return 0.0, end


def loss_range(values: np.ndarray, log: bool) -> tuple[float, float] | None:
    """A calm y range for ``values`` (finite; > 0 when ``log``), or None if empty.

    Linear: 0 .. a round value with headroom, a little below 0 so that a loss
    of 0 is not drawn on the frame.  Log: whole decades, from the one below the
    lowest value to the one above the highest, as log10 values (what a log
    view's coordinates are).
    """
    if values.size == 0:
        return None
    lo, hi = float(values.min()), float(values.max())
    if log:
        # whole decades: from the one below the lowest value to the one above the
        # highest (a loss's highest is its first: the top stays put as it falls)
        bottom = math.floor(math.log10(lo) - 0.02)
        top = max(math.ceil(math.log10(hi) + 0.02), bottom + 1)
        return float(bottom), float(top)
    top = nice_ceil(hi * LOSS_HEADROOM, LOSS_STEPS) if hi > 0 else 1.0
    bottom = -nice_ceil(-lo * LOSS_HEADROOM, LOSS_STEPS) if lo < 0 else 0.0
    return bottom - 0.02 * (top - bottom), top


def pixel_columns(x: np.ndarray, per_unit: float) -> tuple[np.ndarray, np.ndarray] | None:
    """(first, last) indices of the points in each pixel column (``per_unit``
    pixels per x unit; ``x`` ascending), or None when thinning would not pay:
    at most two points per column, or an unknown scale (0)."""
    n = x.size
    if per_unit <= 0 or n < 8:
        return None
    col = np.floor(x * per_unit)
    if n <= 2 * (col[-1] - col[0] + 1):
        return None
    breaks = np.flatnonzero(col[1:] != col[:-1]) + 1
    return np.concatenate(([0], breaks)), np.concatenate((breaks - 1, [n - 1]))


def decimate(x: np.ndarray, y: np.ndarray, columns) -> tuple[np.ndarray, np.ndarray]:
    """Two points per pixel column (``columns`` from ``pixel_columns``; None: all).

    Each column keeps its lowest and highest value, in the order the curve
    runs (falling: high then low), at the column's first and last x: drawn,
    it covers the same pixels as every point would.
    """
    if columns is None:
        return x, y
    starts, ends = columns
    lo = np.minimum.reduceat(y, starts)
    hi = np.maximum.reduceat(y, starts)
    rising = y[ends] >= y[starts]
    xs = np.empty(2 * starts.size)
    xs[0::2], xs[1::2] = x[starts], x[ends]
    ys = np.empty(2 * starts.size)
    ys[0::2], ys[1::2] = np.where(rising, lo, hi), np.where(rising, hi, lo)
    return xs, ys


class Curve(QGraphicsPathItem):
    """A polyline Qt draws by itself: no Python runs while it is painted.

    ``xData`` / ``yData`` are the points last given (finite, in data units);
    ``drawn()`` the (decimated, log10 on a log axis) points the path holds.
    """

    def __init__(self, color: str, dashed: bool):
        super().__init__()
        self.dashed = dashed
        self.set_color(color)
        self.xData = np.empty(0)
        self.yData = np.empty(0)
        self._drawn = (np.empty(0), np.empty(0))
        self._key = None
        self._shape = QtGui.QPainterPath()
        self.setAcceptedMouseButtons(QtCore.Qt.MouseButton.NoButton)

    def set_color(self, color: str) -> None:
        style = QtCore.Qt.PenStyle.DashLine if self.dashed else QtCore.Qt.PenStyle.SolidLine
        self.setPen(pg.mkPen(color, width=2, style=style))  # cosmetic: 2 screen pixels

    def set_data(
        self, x: np.ndarray, y: np.ndarray, log: bool = False, columns=None, key=None
    ) -> bool:
        """Show the points (x, y), y as log10(y) when ``log``, thinned to two per
        pixel column (``columns``, see ``pixel_columns``); False if nothing changed.

        ``key``, if given, names the data and the scale: the same key again
        returns at once.
        """
        if key is not None and key == self._key:
            return False
        self._key = key
        self.xData, self.yData = x, y
        dx, dy = decimate(x, np.log10(y) if log else y, columns)
        old_x, old_y = self._drawn
        if np.array_equal(dx, old_x) and np.array_equal(dy, old_y):
            return False  # no setPath: no repaint
        self._drawn = (dx, dy)
        path = pg.arrayToQPath(dx, dy, finiteCheck=False) if dx.size > 1 else QtGui.QPainterPath()
        self._shape = QtGui.QPainterPath()
        self._shape.addRect(path.controlPointRect())  # before setPath, which asks for it
        self.setPath(path)
        return True

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        return self.xData, self.yData

    def key(self):
        """The ``key`` of the data shown (None: unnamed)."""
        return self._key

    def drawn(self) -> tuple[np.ndarray, np.ndarray]:
        return self._drawn

    def shape(self) -> QtGui.QPainterPath:
        # The path's box.  Qt's default strokes the whole path with the pen (about
        # 1 ms for 2,000 points), for the bounding rect on every setPath and again
        # for every hit test (pyqtgraph's hover search on each mouse move).  Qt
        # pads what it repaints and culls by 2 pixels, which covers the pen.
        return self._shape


class RoundViewBox(pg.ViewBox):
    """A ViewBox whose automatic range is ``round_range`` (x, y), set by its owner.

    pyqtgraph's own auto-range measures the items at paint time and pads by a
    fraction; this one applies the given ranges, at once, and only when they
    differ, so the interaction (a drag or wheel turns an axis's auto-range off,
    the "A" button back on) stays pyqtgraph's.  ``None`` leaves an axis alone.

    ``pad_px`` = (below, above) widens the y range by that many pixels beyond the
    round ends (at most a quarter of the height each): the end ticks' labels, centred
    on them, then fit inside the plot (pyqtgraph drops a label that would stick out),
    and a curve at the end of the range is drawn inside the frame, not on it.  It is
    applied again when the height changes.  ``pad_right_px`` does the same for the
    right end of the x range: the last epoch of a finished run (and an early-stop
    line there) stands inside the frame, not on it.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.round_range: list[tuple[float, float] | None] = [None, None]
        self.pad_px: tuple[float, float] = (0.0, 0.0)
        self.pad_right_px = 0.0
        self._applying = False

    def padded_x(self, target: tuple[float, float]) -> tuple[float, float]:
        """``target`` (an x range) widened on the right by ``pad_right_px``."""
        width = float(self.width())
        pad = min(self.pad_right_px, width / 8)
        if width <= 0 or pad <= 0:
            return target
        lo, hi = (float(v) for v in target)
        return lo, hi + pad * (hi - lo) / (width - pad)

    def padded_y(self, target: tuple[float, float]) -> tuple[float, float]:
        """``target`` (a y range) widened by ``pad_px`` at the current height."""
        below, above = self.pad_px
        height = float(self.height())
        if height <= 0 or not (below or above):
            return target
        below, above = min(below, height / 4), min(above, height / 4)
        lo, hi = (float(v) for v in target)
        per_px = (hi - lo) / (height - below - above)
        return lo - below * per_px, hi + above * per_px

    def updateAutoRange(self) -> None:  # noqa: N802 - pyqtgraph's name
        self._autoRangeNeedsUpdate = False
        if self._applying:
            return
        args = {}
        for ax, key in ((0, "xRange"), (1, "yRange")):
            target = self.round_range[ax]
            if target is None or self.state["autoRange"][ax] is False:
                continue
            target = self.padded_y(target) if ax == 1 else self.padded_x(target)
            if [float(v) for v in target] != self.state["targetRange"][ax]:
                args[key] = target
        if args:
            self._applying = True
            try:
                self.setRange(padding=0.0, disableAutoRange=False, **args)
            finally:
                self._applying = False


def curve_colors() -> dict[str, str]:
    """The curves' colours in the theme now in use: train and validation (Okabe-Ito
    blue and vermillion, apart for every colour vision), learning rate, the previous
    run (grey, for comparison)."""
    t = theme.now()
    train, val, lr = t.curves
    return {"train": train, "val": val, "lr": lr, "ref": t.reference}


def style_plot(w: pg.PlotWidget, y_label: str | None = None) -> None:
    """Background, axes and their text in the theme now in use."""
    t = theme.now()
    w.setBackground(t.background)
    pi = w.getPlotItem()
    font = QtWidgets.QApplication.font()  # (View ▸ Zoom scales it)
    for name in ("left", "bottom"):
        ax = pi.getAxis(name)
        ax.setPen(pg.mkPen(t.frame))
        ax.setTextPen(pg.mkPen(t.text))
        ax.setTickFont(font)
        ax.label.setFont(font)
    label = y_label if y_label is not None else pi.getAxis("left").labelText
    pi.setLabel("left", tr(label) if label else label, color=t.text)


def make_plot(y_label: str) -> pg.PlotWidget:
    w = pg.PlotWidget(viewBox=RoundViewBox())
    pi = w.getPlotItem()
    pi.setMenuEnabled(False)
    pi.showGrid(x=True, y=True, alpha=0.15)
    for name in ("left", "bottom"):
        ax = pi.getAxis(name)
        ax.enableAutoSIPrefix(False)  # "loss (x0.001)" confuses; ticks say 0.05 themselves
        # repainting the axes (and their grid) every frame is most of a frame's cost;
        # cached, they are redrawn only when their ticks change
        ax.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    style_plot(w, y_label)
    vb = pi.getViewBox()
    vb.setMouseEnabled(x=True, y=False)
    vb.setLimits(xMin=0)
    return w


def add_curve(plot: pg.PlotWidget, color: str, dashed: bool) -> Curve:
    curve = Curve(color, dashed)
    plot.getPlotItem().getViewBox().addItem(curve, ignoreBounds=True)
    return curve


def line_pixmap(color: str, dashed: bool, width: int = 26, height: int = 12,
                 style=None) -> QtGui.QPixmap:
    """A legend swatch: a short solid or dashed line (or ``style``)."""
    pm = QtGui.QPixmap(width, height)
    pm.fill(QtCore.Qt.GlobalColor.transparent)
    p = QtGui.QPainter(pm)
    if style is None:
        style = QtCore.Qt.PenStyle.DashLine if dashed else QtCore.Qt.PenStyle.SolidLine
    p.setPen(QtGui.QPen(QtGui.QColor(color), 2, style))
    p.drawLine(1, height // 2, width - 1, height // 2)
    p.end()
    return pm


def legend_entry(color: str, style: QtCore.Qt.PenStyle, text: str,
                 right_margin: int = 6) -> QtWidgets.QWidget:
    """A legend entry: a line swatch in ``color`` and ``style``, then ``text``."""
    entry = QtWidgets.QWidget()
    row = QtWidgets.QHBoxLayout(entry)
    row.setContentsMargins(0, 0, right_margin, 0)
    swatch = QtWidgets.QLabel()
    swatch.setObjectName("swatch")
    swatch.setPixmap(line_pixmap(color, False, style=style))
    swatch.setProperty("line_style", style)
    row.addWidget(swatch)
    row.addWidget(QtWidgets.QLabel(text))
    return entry


def recolor_legend_entry(entry: QtWidgets.QWidget, color: str) -> None:
    swatch = entry.findChild(QtWidgets.QLabel, "swatch")
    swatch.setPixmap(line_pixmap(color, False, style=swatch.property("line_style")))
