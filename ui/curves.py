"""Training curves: loss (train solid, validation dashed), accuracy, learning rate.

Three ``pg.PlotWidget`` stacked with a shared x axis (epoch): the loss plot
always, the accuracy plot only for classification, the learning-rate plot
only while a schedule changes it.  Curves are created once; ``set_history``
only calls ``setData``.  Non-finite values (a diverged run) are skipped, and
the curves clip to the view and downsample, so 10,000 epochs stay cheap.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtWidgets import QGraphicsItem

__all__ = ["CurvesPlot"]

TRAIN_COLOR = "#0072b2"  # Okabe-Ito blue
VAL_COLOR = "#d55e00"  # Okabe-Ito vermillion: apart from blue for every colour vision
LR_COLOR = "#009e73"
MARK_COLOR = "#444444"
AUTO_LOG_RATIO = 1e4
_LOG_TIP = (
    "Plot the loss on a logarithmic axis, so that both a loss of 1e-4 and a diverging "
    f"run of 1e25 stay readable. It switches on by itself once the loss spans more than "
    f"{AUTO_LOG_RATIO:g}x (largest / smallest); after you click it, your choice stays."
)


def _as_array(values) -> np.ndarray:
    """A history list -> float array; None (no validation split) becomes NaN."""
    if values is None:
        return np.empty(0)
    try:
        return np.asarray(values, dtype=np.float64).ravel()
    except (TypeError, ValueError):  # odd entries: convert one by one
        out = []
        for v in values:
            try:
                out.append(float(v))
            except (TypeError, ValueError):
                out.append(np.nan)
        return np.asarray(out, dtype=np.float64)


def _finite(
    y: np.ndarray, positive: bool = False, x: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(epochs, values) of the finite entries (and > 0 for a log axis).

    Epochs are ``x`` when given (a thinned history), else 1, 2, 3, ...
    """
    ok = np.isfinite(y)
    if positive:
        ok &= y > 0
    idx = np.flatnonzero(ok)
    if x is not None and x.shape == y.shape:
        return x[idx], y[idx]
    return (idx + 1).astype(np.float64), y[idx]


def _plot(y_label: str) -> pg.PlotWidget:
    w = pg.PlotWidget(background="w")
    pi = w.getPlotItem()
    pi.setMenuEnabled(False)
    pi.showGrid(x=True, y=True, alpha=0.15)
    for name in ("left", "bottom"):
        ax = pi.getAxis(name)
        ax.setPen(pg.mkPen("#555555"))
        ax.setTextPen(pg.mkPen("#222222"))
        ax.enableAutoSIPrefix(False)  # "loss (x0.001)" confuses; ticks say 0.05 themselves
        # repainting the axes (and their grid) every frame is most of a frame's cost;
        # cached, they are redrawn only when their ticks change
        ax.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    pi.setLabel("left", y_label, color="#222222")
    # On the PlotItem, not the curves: PlotItem.addItem imposes its own settings.
    pi.setClipToView(True)
    pi.setDownsampling(auto=True, mode="peak")
    vb = pi.getViewBox()
    vb.setMouseEnabled(x=True, y=False)
    vb.setLimits(xMin=0)
    return w


def _curve(color: str, dashed: bool, name: str | None = None) -> pg.PlotDataItem:
    style = QtCore.Qt.PenStyle.DashLine if dashed else QtCore.Qt.PenStyle.SolidLine
    return pg.PlotDataItem(pen=pg.mkPen(color, width=2, style=style), name=name)


def _line_pixmap(color: str, dashed: bool, width: int = 26, height: int = 12) -> QtGui.QPixmap:
    """A legend swatch: a short solid or dashed line."""
    pm = QtGui.QPixmap(width, height)
    pm.fill(QtCore.Qt.GlobalColor.transparent)
    p = QtGui.QPainter(pm)
    style = QtCore.Qt.PenStyle.DashLine if dashed else QtCore.Qt.PenStyle.SolidLine
    p.setPen(QtGui.QPen(QtGui.QColor(color), 2, style))
    p.drawLine(1, height // 2, width - 1, height // 2)
    p.end()
    return pm


class CurvesPlot(QtWidgets.QWidget):
    """Loss, accuracy and learning rate per epoch.

    Attributes (for tests and the window): ``loss_plot``, ``acc_plot``,
    ``lr_plot`` (``pg.PlotWidget``); curves ``loss_curve``, ``val_loss_curve``,
    ``acc_curve``, ``val_acc_curve``, ``lr_curve``; ``log_box`` (QCheckBox).
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._history: dict = {}
        self._task = "binary"
        self._show_lr = False
        self._log_user_set = False
        self._lr_peak = 0.0
        self._early: tuple[int | None, int | None, str | None] = (None, None, None)

        self.loss_plot = _plot("loss")
        self.acc_plot = _plot("accuracy")
        self.lr_plot = _plot("lr")
        lp, ap, rp = (p.getPlotItem() for p in (self.loss_plot, self.acc_plot, self.lr_plot))
        ap.setXLink(lp)
        rp.setXLink(lp)
        ap.getViewBox().setLimits(yMin=-0.05, yMax=1.1)
        ap.setYRange(-0.02, 1.08, padding=0.0)
        ap.getViewBox().enableAutoRange(y=False)
        rp.getViewBox().enableAutoRange(y=False)
        ap.getAxis("left").setTicks([[(0.0, "0"), (0.5, "0.5"), (1.0, "1")], []])
        for pi in (lp, ap, rp):  # equal axis widths: epochs line up from plot to plot
            pi.getAxis("left").setWidth(54)

        self.loss_curve = _curve(TRAIN_COLOR, False, "train")
        self.val_loss_curve = _curve(VAL_COLOR, True, "validation")
        lp.addItem(self.loss_curve)
        lp.addItem(self.val_loss_curve)
        self.acc_curve = _curve(TRAIN_COLOR, False)
        self.val_acc_curve = _curve(VAL_COLOR, True)
        ap.addItem(self.acc_curve)
        ap.addItem(self.val_acc_curve)
        self.lr_curve = _curve(LR_COLOR, False)
        rp.addItem(self.lr_curve)

        # Early stopping marks, hidden until mark_early_stop.
        # Labels sit left of their lines (the stop epoch is usually the last one), at
        # different heights, on a light box so the curves behind do not hide them.
        label_fill = pg.mkBrush(255, 255, 255, 200)
        self.best_line = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=pg.mkPen(MARK_COLOR, width=1.5, style=QtCore.Qt.PenStyle.DotLine),
            label="best epoch",
            labelOpts={
                "position": 0.62,
                "color": "#222222",
                "fill": label_fill,
                "anchors": [(1, 0.5), (1, 0.5)],
            },
        )
        self.stop_line = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=pg.mkPen("#666666", width=1.4, style=QtCore.Qt.PenStyle.DashDotLine),
            label="early stop",
            labelOpts={
                "position": 0.38,
                "color": "#444444",
                "fill": label_fill,
                "anchors": [(1, 0.5), (1, 0.5)],
            },
        )
        self.best_marker = pg.PlotDataItem(
            symbol="star",
            symbolSize=16,
            symbolBrush=pg.mkBrush("#ffd000"),
            symbolPen=pg.mkPen("#222222", width=1),
            pen=None,
        )
        self.acc_best_line = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=pg.mkPen(MARK_COLOR, width=1.5, style=QtCore.Qt.PenStyle.DotLine),
        )
        for item in (self.best_line, self.stop_line, self.best_marker):
            item.setZValue(20)
            item.setVisible(False)
            lp.addItem(item, ignoreBounds=True)
        self.acc_best_line.setVisible(False)
        ap.addItem(self.acc_best_line, ignoreBounds=True)

        self.log_box = QtWidgets.QCheckBox("log scale")
        self.log_box.setToolTip(_LOG_TIP)
        self.log_box.clicked.connect(self._on_log_clicked)  # clicked: the user's own choice
        self.log_box.toggled.connect(self._on_log_changed)

        # The legend sits under the plots, where no curve can run behind it.
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.log_box)
        row.addStretch(1)
        for color, dashed, text in ((TRAIN_COLOR, False, "train"), (VAL_COLOR, True, "validation")):
            swatch = QtWidgets.QLabel()
            swatch.setPixmap(_line_pixmap(color, dashed))
            row.addWidget(swatch)
            row.addWidget(QtWidgets.QLabel(text))
            row.addSpacing(6)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(2, 0, 10, 2)
        layout.setSpacing(0)
        layout.addWidget(self.loss_plot, 3)
        layout.addWidget(self.acc_plot, 2)
        layout.addWidget(self.lr_plot, 1)
        layout.addLayout(row)
        self.lr_plot.setMinimumHeight(90)
        self.lr_plot.setVisible(False)
        self._relabel()

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(420, 360)

    # ---------------------------------------------------------------- history

    def set_history(self, history: dict, task: str, show_lr: bool) -> None:
        """Show ``history`` (lists per epoch: loss, val_loss, accuracy, val_accuracy, lr).

        Entry i belongs to epoch i + 1, or to ``history["epoch"][i]`` when the
        history was thinned for drawing.  None, NaN and inf entries are skipped
        (on a log axis also values <= 0).  The accuracy plot shows only for a
        classification ``task``; the learning-rate plot only when ``show_lr``.
        """
        self._history = history
        self._task = task
        self._show_lr = bool(show_lr)
        acc_visible = task != "regression"
        if self.acc_plot.isHidden() == acc_visible:
            self.acc_plot.setVisible(acc_visible)
            self._relabel()
        if self.lr_plot.isHidden() == self._show_lr:
            self.lr_plot.setVisible(self._show_lr)
            self._relabel()

        loss = _as_array(history.get("loss"))
        val_loss = _as_array(history.get("val_loss"))
        if not self._log_user_set and not self.log_box.isChecked():
            both = np.concatenate([loss, val_loss])
            pos = both[np.isfinite(both) & (both > 0)]
            if pos.size and pos.max() > AUTO_LOG_RATIO * pos.min():
                self.log_box.setChecked(True)  # re-enters via _on_log_changed -> _redraw
                return
        self._redraw(loss, val_loss)

    def _redraw(self, loss: np.ndarray | None = None, val_loss: np.ndarray | None = None):
        h = self._history
        if loss is None:
            loss = _as_array(h.get("loss"))
        if val_loss is None:
            val_loss = _as_array(h.get("val_loss"))
        log = self.log_box.isChecked()
        x = _as_array(h["epoch"]) if "epoch" in h else None
        self.loss_curve.setData(*_finite(loss, positive=log, x=x))
        self.val_loss_curve.setData(*_finite(val_loss, positive=log, x=x))
        if not self.acc_plot.isHidden():
            self.acc_curve.setData(*_finite(_as_array(h.get("accuracy")), x=x))
            self.val_acc_curve.setData(*_finite(_as_array(h.get("val_accuracy")), x=x))
        else:
            self.acc_curve.setData([], [])
            self.val_acc_curve.setData([], [])
        if self._show_lr:
            x, lr = _finite(_as_array(h.get("lr")), x=x)
            self.lr_curve.setData(x, lr)
            peak = float(lr.max()) if lr.size and lr.max() > 0 else 1.0
            if peak != self._lr_peak:  # from 0: a constant lr is a flat line, not noise
                self._lr_peak = peak
                # Room above and below so the end labels are not cut off.
                self.lr_plot.getPlotItem().setYRange(-0.25 * peak, 1.25 * peak, padding=0.0)
                ticks = [(v, f"{v:.3g}") for v in (0.0, peak / 2, peak)]  # no room for more
                self.lr_plot.getPlotItem().getAxis("left").setTicks([ticks, []])
        else:
            self.lr_curve.setData([], [])
        self._place_marker(loss, val_loss)

    def clear(self) -> None:
        """Empty every curve and mark; the log axis goes back to automatic."""
        self._history = {}
        self._early = (None, None, None)
        for c in (
            self.loss_curve,
            self.val_loss_curve,
            self.acc_curve,
            self.val_acc_curve,
            self.lr_curve,
        ):
            c.setData([], [])
        for item in (self.best_line, self.stop_line, self.best_marker, self.acc_best_line):
            item.setVisible(False)
        self._log_user_set = False
        self.log_box.setChecked(False)

    # ----------------------------------------------------------- early stop

    def mark_early_stop(
        self, best_epoch: int | None, stop_epoch: int | None, text: str | None = None
    ) -> None:
        """Mark the best epoch (a line, a label and a star on the validation curve)
        and the epoch training stopped at; ``None`` removes the mark."""
        self._early = (best_epoch, stop_epoch, text)
        if best_epoch is None:
            for item in (self.best_line, self.best_marker, self.acc_best_line):
                item.setVisible(False)
        else:
            # Show first: a hidden InfLineLabel ignores text and position updates.
            self.best_line.setVisible(True)
            self.best_line.setValue(float(best_epoch))
            label = text or f"best epoch {best_epoch}"
            self.best_line.label.setFormat(label.replace("{", "{{").replace("}", "}}"))
            self.acc_best_line.setValue(float(best_epoch))
            self.acc_best_line.setVisible(True)
        if stop_epoch is None or stop_epoch == best_epoch:
            self.stop_line.setVisible(False)
        else:
            self.stop_line.setVisible(True)
            self.stop_line.setValue(float(stop_epoch))
            self.stop_line.label.valueChanged()
        self._place_marker()

    def early_stop_marker_epoch(self) -> int | None:
        """The epoch the best-epoch mark stands at, or None when no mark is shown."""
        if not self.best_line.isVisible():
            return None
        return int(round(self.best_line.value()))

    def _place_marker(self, loss=None, val_loss=None) -> None:
        best = self._early[0]
        if best is None:
            self.best_marker.setVisible(False)
            return
        if loss is None:
            loss = _as_array(self._history.get("loss"))
        if val_loss is None:
            val_loss = _as_array(self._history.get("val_loss"))
        i = int(best) - 1
        if "epoch" in self._history:  # a thinned history: the entry nearest the best epoch
            x = _as_array(self._history["epoch"])
            i = int(np.argmin(np.abs(x - best))) if x.size else -1
            best = float(x[i]) if x.size else best
        log = self.log_box.isChecked()
        for series in (val_loss, loss):  # the validation curve; train loss if no validation
            if 0 <= i < len(series) and np.isfinite(series[i]) and (series[i] > 0 or not log):
                self.best_marker.setData([float(best)], [float(series[i])])
                self.best_marker.setVisible(True)
                return
        self.best_marker.setVisible(False)

    # ------------------------------------------------------------------ axes

    def _on_log_clicked(self, _checked: bool) -> None:
        self._log_user_set = True

    def _on_log_changed(self, checked: bool) -> None:
        self.loss_plot.getPlotItem().setLogMode(x=False, y=checked)
        self._redraw()
        self.loss_plot.getPlotItem().enableAutoRange(y=True)

    def _relabel(self) -> None:
        """Put "epoch" under the lowest visible plot only."""
        plots = [self.loss_plot, self.acc_plot, self.lr_plot]
        shown = [p for p in plots if not p.isHidden()]
        for p in plots:
            p.getPlotItem().setLabel("bottom", "epoch" if p is shown[-1] else None)
            p.getPlotItem().getAxis("bottom").showLabel(p is shown[-1])
