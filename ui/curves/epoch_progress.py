"""Inside an epoch: where training is now, on the curves.

A long SGD epoch (batch-vs-sgd: 300 steps at one step a frame) would leave
the curves blank for seconds.  The worker sends the training loss and
accuracy of now (``Snapshot.progress``); this draws a dotted piece of the
training curve from the last epoch's point (or from the initial loss at
x = 0 before the first epoch ends) to now, ending in a dot, on the loss and
accuracy plots.  Items are made once; nothing is touched when nothing moved.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from .parts import curve_colors

Series = Callable[[str], tuple[np.ndarray, np.ndarray]]  # key -> (epochs, values) drawn


class EpochProgress:
    """The dotted piece and the dot of "loss" and "accuracy"."""

    def __init__(self, loss_plot: pg.PlotItem, acc_plot: pg.PlotItem):
        self.now: tuple | None = None  # (x, loss, accuracy, initial loss), or None
        self._shown: tuple | None = None
        self.live: dict[str, tuple[pg.PlotCurveItem, pg.ScatterPlotItem]] = {}
        for key, plot in (("loss", loss_plot), ("accuracy", acc_plot)):
            line = pg.PlotCurveItem()
            dot = pg.ScatterPlotItem(size=7, pen=None)
            for item in (line, dot):
                item.setZValue(5)
                item.setVisible(False)
                plot.addItem(item, ignoreBounds=True)
            self.live[key] = (line, dot)
        self.apply_theme()

    def apply_theme(self) -> None:
        color = curve_colors()["train"]
        for line, dot in self.live.values():
            line.setPen(pg.mkPen(color, width=2, style=QtCore.Qt.PenStyle.DotLine))
            dot.setBrush(pg.mkBrush(color))

    def set(self, progress: tuple | None, initial_loss: float | None) -> bool:
        """``progress`` = (epoch + fraction done, train loss, train accuracy or None),
        None at an epoch's end; whether that changed what is kept."""
        now = None if progress is None else (*progress, initial_loss)
        if now == self.now:
            return False
        self.now = now
        return True

    def losses(self, log: bool) -> np.ndarray:
        """The losses of the dotted piece (now, and the initial loss), for the y range."""
        if self.now is None:
            return np.empty(0)
        v = np.array([self.now[1], np.nan if self.now[3] is None else self.now[3]],
                     dtype=np.float64)
        return v[np.isfinite(v) & (v > 0)] if log else v[np.isfinite(v)]

    def points(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """The (x, y) of ``key``'s dotted piece as drawn; empty when none is shown."""
        line = self.live[key][0]
        if not line.isVisible():
            return np.empty(0), np.empty(0)
        x, y = line.getData()
        return np.asarray(x), np.asarray(y)

    def place(self, series: Series, log: bool, show_acc: bool, version) -> None:
        """Draw the pieces after the curves ``series`` gives (y as log10 of the loss
        when ``log``); ``version`` names those curves: unchanged, nothing is done."""
        p = self.now
        shown = None if p is None else (p, log, show_acc, version)
        if shown == self._shown:
            return
        self._shown = shown
        for key in ("loss", "accuracy"):
            line, dot = self.live[key]
            points = None
            if p is not None and (key == "loss" or show_acc):
                points = self._points(key, p, series, log and key == "loss")
            if points is None:
                line.setVisible(False)
                dot.setVisible(False)
                continue
            xs, ys = points
            line.setData(xs, ys)
            line.setVisible(xs.size > 1)
            dot.setData([xs[-1]], [ys[-1]])
            dot.setVisible(True)

    @staticmethod
    def _points(key: str, p: tuple, series: Series, log: bool):
        x, loss, acc, initial = p
        y = loss if key == "loss" else acc
        if y is None or not math.isfinite(y) or (log and y <= 0):
            return None
        ex, ey = series(key)
        if ex.size and ex[-1] < x:
            start = (float(ex[-1]), float(ey[-1]))
        elif key == "loss" and initial is not None and math.isfinite(initial) and (
                initial > 0 or not log):
            start = (0.0, float(initial))
        else:
            start = None
        xs = [x] if start is None else [start[0], x]
        ys = np.asarray([y] if start is None else [start[1], y], dtype=np.float64)
        if log:
            ys = np.log10(ys)
        return np.asarray(xs, dtype=np.float64), ys
