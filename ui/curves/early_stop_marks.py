"""The early-stopping marks on the curves: the best epoch and the stop.

A dotted line at the best epoch on the loss and accuracy plots, labelled
("best epoch 12 (weights restored)"), with a star on the validation curve
there (on the training curve when there is no validation); a dash-dot line
labelled "early stop" at the epoch training stopped at, when that is later.
The labels sit left of their lines, shifted right as far as needed to stay
inside the plot, at different heights, on a light box so that the curves
behind them do not hide them.  Every item is made once; nothing is touched
when the marks do not change.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from ui.common import theme
from ui.i18n import tr


def _mark_line(pen: QtCore.Qt.PenStyle, width: float, label: str | None = None,
               height: float = 0.5) -> pg.InfiniteLine:
    t = theme.now()
    opts = {}
    if label is not None:
        fill = QtGui.QColor(t.background)
        fill.setAlpha(200)
        opts = {"label": label, "labelOpts": {
            "position": height, "color": t.mark, "fill": pg.mkBrush(fill),
            "anchors": [(1, 0.5), (1, 0.5)]}}
    return pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(t.mark, width=width, style=pen),
                           **opts)


class EarlyStopMarks:
    """The best-epoch and stop marks of a loss plot and an accuracy plot."""

    def __init__(self, loss_plot: pg.PlotItem, acc_plot: pg.PlotItem):
        dot, dash_dot = QtCore.Qt.PenStyle.DotLine, QtCore.Qt.PenStyle.DashDotLine
        # labels high in the plot: the falling curves are low by the time training stops
        t = theme.now()
        self.best_line = _mark_line(dot, 1.5, tr("best epoch"), height=0.72)
        self.stop_line = _mark_line(dash_dot, 1.4, tr("early stop"), 0.9)
        self.best_marker = pg.PlotDataItem(symbol="star", symbolSize=16,
                                           symbolBrush=pg.mkBrush(t.star),
                                           symbolPen=pg.mkPen(t.text, width=1), pen=None)
        self.acc_best_line = _mark_line(dot, 1.5)
        for item in (self.best_line, self.stop_line, self.best_marker):
            item.setZValue(20)
            item.setVisible(False)
            loss_plot.addItem(item, ignoreBounds=True)
        self.acc_best_line.setVisible(False)
        acc_plot.addItem(self.acc_best_line, ignoreBounds=True)
        self.shown: tuple[int | None, int | None, str | None] = (None, None, None)
        self._star_at: tuple[float, float] | None = None

    def apply_theme(self) -> None:
        t = theme.now()
        fill = QtGui.QColor(t.background)
        fill.setAlpha(200)
        for line in (self.best_line, self.stop_line, self.acc_best_line):
            pen = QtGui.QPen(line.pen)
            pen.setColor(QtGui.QColor(t.mark))
            line.setPen(pen)
            label = getattr(line, "label", None)  # (a line made without one has none)
            if label is not None:
                label.setColor(t.mark)
                label.fill = pg.mkBrush(fill)
        self.best_marker.setSymbolBrush(pg.mkBrush(t.star))
        self.best_marker.setSymbolPen(pg.mkPen(t.text, width=1))

    @property
    def best_epoch(self) -> int | None:
        return self.shown[0]

    def mark(self, best_epoch: int | None, stop_epoch: int | None, text: str | None) -> bool:
        """Show the marks (``None`` hides them); False if they were shown already."""
        if (best_epoch, stop_epoch, text) == self.shown:
            return False
        self.shown = (best_epoch, stop_epoch, text)
        if best_epoch is None:
            for item in (self.best_line, self.best_marker, self.acc_best_line):
                item.setVisible(False)
        else:
            # Show first: a hidden InfLineLabel ignores text and position updates.
            self.best_line.setVisible(True)
            self.best_line.setValue(float(best_epoch))
            label = text or tr("best epoch {n}").format(n=best_epoch)
            self.best_line.label.setFormat(label.replace("{", "{{").replace("}", "}}"))
            self.acc_best_line.setValue(float(best_epoch))
            self.acc_best_line.setVisible(True)
        if stop_epoch is None or stop_epoch == best_epoch:
            self.stop_line.setVisible(False)
        else:
            self.stop_line.setVisible(True)
            self.stop_line.setValue(float(stop_epoch))
            self.stop_line.label.valueChanged()
        return True

    def clear(self) -> None:
        self.shown = (None, None, None)
        for item in (self.best_line, self.stop_line, self.best_marker, self.acc_best_line):
            item.setVisible(False)
        self._star_at = None

    def forget_star(self) -> None:
        """The star's scale changed (log / linear): place it again next time."""
        self._star_at = None

    def place_star(self, at: tuple[float, float] | None) -> None:
        """The star at ``at`` (epoch, loss), hidden for None; set only when it moves."""
        if at == self._star_at:
            return
        self._star_at = at
        if at is None:
            self.best_marker.setVisible(False)
            return
        self.best_marker.setData([at[0]], [at[1]])
        self.best_marker.setVisible(True)

    def fit_labels(self, view: pg.ViewBox, per_epoch: float) -> None:
        """Each label left of its line; shifted right as far as needed to stay inside
        ``view`` (a best epoch early in the run).  ``per_epoch``: pixels per epoch."""
        x0 = view.viewRange()[0][0]
        for line in (self.best_line, self.stop_line):
            if not line.isVisible() or per_epoch <= 0:
                continue
            left = (line.value() - x0) * per_epoch - 2  # pixels free left of the line
            width = line.label.textItem.boundingRect().width()
            # the label's point at the line: its right end (1) if the left has room
            at = min(1.0, max(left, 0.0) / width) if width > 0 else 1.0
            at = max(at, min(1.0, 1 - (view.width() - left - 4) / width)) if width > 0 else at
            at = round(at, 2)
            if line.label.anchors[0][0] != at:
                line.label.anchors = [(at, 0.5), (at, 0.5)]
                line.label.updatePosition()

    def epoch(self) -> int | None:
        """The epoch the best-epoch mark stands at, or None when no mark is shown."""
        if not self.best_line.isVisible():
            return None
        return int(round(self.best_line.value()))
