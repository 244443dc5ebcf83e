"""Training curves: loss (train solid, validation dashed), accuracy, learning rate.

Three ``pg.PlotWidget`` stacked with a shared x axis (epoch): the loss plot
always, the accuracy plot only for classification, the learning-rate plot
only while a schedule changes it.

Made to be cheap while a training thread runs (every QPainter call made from
Python holds the GIL the trainer needs):

- Each curve is a stock ``QGraphicsPathItem`` with a cosmetic pen, so Qt
  draws it in C++; its path keeps at most two points per pixel column (the
  column's extremes), so 2,000 epochs draw as fast as a few hundred.
- The ranges are set here, not by pyqtgraph's deferred auto-range (which
  changed the range inside a paint and so painted every update twice), and
  they snap to round numbers: epochs 0..10, 15, 20, 30, 50, 75, 100, ...;
  the loss from 0 to a round value with headroom (whole decades on a log
  axis).  The axes, whose tick layout is most of a repaint's cost, are laid
  out again only when a range steps.
- Unchanged data, ranges and marks touch no item, so nothing repaints.

Non-finite values (a diverged run) are skipped.  The ranges, the thinning and
the items are in :mod:`ui.curves.parts`; the early-stopping marks in
:mod:`ui.curves.early_stop_marks`; the dotted piece inside an epoch in
:mod:`ui.curves.epoch_progress`; the accuracy axis in :mod:`ui.curves.accuracy_axis`.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ui.common import theme
from ui.common.stock_items import paint_now
from ui.i18n import tr

from .accuracy_axis import AccuracyAxis
from .early_stop_marks import EarlyStopMarks
from .epoch_progress import EpochProgress
from .parts import (
    AUTO_LOG_RATIO,
    Curve,
    RoundViewBox,
    add_curve,
    as_array,
    curve_colors,
    epoch_range,
    extended,
    finite_points,
    legend_entry,
    loss_range,
    make_plot,
    pixel_columns,
    recolor_legend_entry,
    style_plot,
)

__all__ = ["CurvesPlot"]

LOSS_MIN_H = 90  # the loss plot's least height, in pixels
LOSS_MIN_H_WITH_LR = 130  # ... when the learning-rate plot shares the panel

_KEYS = ("loss", "val_loss", "accuracy", "val_accuracy", "lr", "epoch")
_LOG_TIP = (
    "Plot the loss on a logarithmic axis, so that both a loss of 1e-4 and a diverging "
    f"run of 1e25 stay readable. It switches on by itself once the loss spans more than "
    f"{AUTO_LOG_RATIO:g}x (largest / smallest); after you click it, your choice stays."
)


_KEEP = object()  # set_history: leave the progress inside the epoch as it is


class CurvesPlot(QtWidgets.QWidget):
    """Loss, accuracy and learning rate per epoch.

    Attributes (for tests and the window): ``loss_plot``, ``acc_plot``,
    ``lr_plot`` (``pg.PlotWidget``); curves ``loss_curve``, ``val_loss_curve``,
    ``acc_curve``, ``val_acc_curve``, ``lr_curve`` (``QGraphicsPathItem`` with
    ``xData`` / ``yData``); ``log_box`` (QCheckBox).
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self._history: dict = {}
        self._arrays: dict[str, np.ndarray] = {k: np.empty(0) for k in _KEYS}
        self._sources: dict[str, object] = {}
        self._version = dict.fromkeys(_KEYS, 0)  # bumped whenever an array is replaced
        self._finite_cache: dict[str, tuple] = {}
        self._epochs = np.empty(0)
        self._columns_cache: tuple | None = None
        self._task = "binary"
        self._show_lr = False
        self._log_user_set = False
        self._lr_peak = 0.0
        self._per_unit = 0.0  # the pixels per epoch the paths were decimated for
        self._redrawing = False

        self.loss_plot = make_plot("loss")
        self.acc_plot = make_plot(AccuracyAxis.TITLE)
        self.lr_plot = make_plot("lr")
        lp, ap, rp = (p.getPlotItem() for p in (self.loss_plot, self.acc_plot, self.lr_plot))
        ap.setXLink(lp)
        rp.setXLink(lp)
        rp.getViewBox().enableAutoRange(y=False)
        for pi in (lp, ap, rp):  # equal axis widths: epochs line up from plot to plot
            pi.getAxis("left").setWidth(54)
        # Room for half a tick label beyond each end of the y range (see RoundViewBox)
        label_h = QtGui.QFontMetrics(self.loss_plot.font()).height()
        self._acc_axis = AccuracyAxis(ap, label_h)  # 0..1, its ticks and title fitted
        # Their x follows the loss plot's and their y is fixed: no "A" (auto-range) button.
        ap.hideButtons()
        rp.hideButtons()
        self._loss_vb: RoundViewBox = lp.getViewBox()
        # head-room over the top tick for its label; below 0 a little less, as the
        # range already reaches 2 % under it
        self._loss_vb.pad_px = (label_h // 2, label_h // 2 + 3)
        self._loss_vb.pad_right_px = 14.0
        self._loss_vb.round_range = [epoch_range(0), loss_range(np.zeros(1), False)]
        self.epoch_limit: int | None = None  # the run's epoch limit (the axis ends there)
        self._loss_vb.updateAutoRange()
        # Re-thin the paths when an epoch takes a different number of pixels.
        self._loss_vb.sigXRangeChanged.connect(self._on_view_scaled)
        self._loss_vb.sigResized.connect(self._on_view_scaled)

        colors = curve_colors()
        self.loss_curve = add_curve(self.loss_plot, colors["train"], False)
        self.val_loss_curve = add_curve(self.loss_plot, colors["val"], True)
        self.acc_curve = add_curve(self.acc_plot, colors["train"], False)
        self.val_acc_curve = add_curve(self.acc_plot, colors["val"], True)
        self.lr_curve = add_curve(self.lr_plot, colors["lr"], False)
        # The previous run's training loss (grey, dotted, under the others): reset or
        # change the optimizer and watch the new run beat -- or not -- the old one.
        self.ref_curve = add_curve(self.loss_plot, colors["ref"], False)
        self.ref_curve.setPen(pg.mkPen(colors["ref"], width=2, style=QtCore.Qt.PenStyle.DotLine))
        self.ref_curve.setZValue(-1)
        self._ref = (np.empty(0), np.empty(0))
        # comparison runs (the lesson's variants): thin dash-dot curves, each labelled
        self._compared: list[tuple[str, np.ndarray, np.ndarray]] = []
        self._compare_items: list[tuple[Curve, pg.TextItem]] = []

        # Early stopping marks, hidden until mark_early_stop.
        self.marks = EarlyStopMarks(lp, ap)
        self.best_line, self.stop_line = self.marks.best_line, self.marks.stop_line
        self.best_marker = self.marks.best_marker

        # Inside an epoch: a dotted piece of the training curve from the last epoch
        # to where training is now, ending in a dot (a long SGD epoch is not blank).
        self.progress = EpochProgress(lp, ap)
        self.live = self.progress.live

        self.log_box = QtWidgets.QCheckBox("log scale")
        self.log_box.setToolTip(_LOG_TIP)
        self.log_box.clicked.connect(self._on_log_clicked)  # clicked: the user's own choice
        self.log_box.toggled.connect(self._on_log_changed)

        # The legend sits under the plots, where no curve can run behind it.
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.log_box)
        row.addStretch(1)
        solid, dashed, dotted = (QtCore.Qt.PenStyle.SolidLine, QtCore.Qt.PenStyle.DashLine,
                                 QtCore.Qt.PenStyle.DotLine)
        self.train_legend = legend_entry(colors["train"], solid, "train")
        row.addWidget(self.train_legend)
        # shown once there is a validation curve (a lesson may have no validation split)
        self.val_legend = legend_entry(colors["val"], dashed, "validation")
        self.val_legend.setVisible(False)
        row.addWidget(self.val_legend)
        self.ref_legend = legend_entry(colors["ref"], dotted, "previous run", right_margin=0)
        self.ref_legend.setToolTip(
            "The training loss of the run before the last reset (or lesson change of "
            "settings): compare optimizers, learning rates or batch sizes on the same data.")
        self.ref_legend.setVisible(False)
        row.addWidget(self.ref_legend)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(2, 0, 10, 2)
        layout.setSpacing(0)
        layout.addWidget(self.loss_plot, 3)
        layout.addWidget(self.acc_plot, 2)
        layout.addWidget(self.lr_plot, 1)
        layout.addLayout(row)
        # Each plot keeps room for its end labels and a readable curve: with all three
        # shown (a schedule) the panel asks for that much height.
        self.loss_plot.setMinimumHeight(LOSS_MIN_H)
        self.acc_plot.setMinimumHeight(80)
        self.lr_plot.setMinimumHeight(90)
        self.lr_plot.setVisible(False)
        self._relabel()

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(420, 360)

    # ---------------------------------------------------------------- history

    def set_history(self, history: dict, task: str, show_lr: bool, progress=_KEEP,
                    initial_loss: float | None = None) -> None:
        """Show ``history`` (lists per epoch: loss, val_loss, accuracy, val_accuracy, lr)
        and, if given, the ``progress`` inside the epoch (see :meth:`set_progress`),
        in one redraw.

        Entry i belongs to epoch i + 1, or to ``history["epoch"][i]`` when the
        history was thinned for drawing.  None, NaN and inf entries are skipped
        (on a log axis also values <= 0).  The accuracy plot shows only for a
        classification ``task``; the learning-rate plot only when ``show_lr``.
        Nothing repaints unless something shown changed.
        """
        self._history = history
        self._task = task
        self._show_lr = bool(show_lr)
        if progress is not _KEEP:
            self.progress.set(progress, initial_loss)
        acc_visible = task != "regression"
        if self.acc_plot.isHidden() == acc_visible:
            self.acc_plot.setVisible(acc_visible)
            self._relabel()
        if self.lr_plot.isHidden() == self._show_lr:
            self.lr_plot.setVisible(self._show_lr)
            # the loss plot, the lesson's main one, keeps a readable height beside it
            self.loss_plot.setMinimumHeight(LOSS_MIN_H_WITH_LR if self._show_lr else LOSS_MIN_H)
            self._relabel()
        self._load(history)
        has_val = self._series("val_loss")[2].size > 0
        if self.val_legend.isHidden() == has_val:
            self.val_legend.setVisible(has_val)

        if not self._log_user_set and not self.log_box.isChecked():
            # the finite values, which the linear plot needs anyway (cached)
            both = np.concatenate([self._series("loss")[2], self._series("val_loss")[2]])
            pos = both[both > 0]
            # (divided, not multiplied: a loss near the float limit must not overflow)
            if pos.size and pos.max() / AUTO_LOG_RATIO > pos.min():
                self.log_box.setChecked(True)  # re-enters via _on_log_changed -> _redraw
                return
        self._redraw()

    def _load(self, history: dict) -> None:
        """History lists -> arrays.  A tuple (the window's snapshots) that is the very
        object converted last time is not converted again."""
        for key in _KEYS:
            values = history.get(key)
            if (values is None or isinstance(values, tuple)) and values is self._sources.get(
                key, self
            ):
                continue  # immutable and converted already
            old = self._sources.get(key)
            array = None
            if isinstance(values, tuple) and isinstance(old, tuple):
                array = extended(old, self._arrays[key], values)
            self._sources[key] = values
            self._arrays[key] = as_array(values) if array is None else array
            self._version[key] += 1

    def _series(self, key: str, positive: bool = False) -> tuple[tuple, np.ndarray, np.ndarray]:
        """(version key, epochs, values) of the finite entries of ``history[key]``."""
        thinned = "epoch" in self._history
        version = (key, self._version[key], self._version["epoch"] if thinned else -1, positive)
        cached = self._finite_cache.get(key)
        if cached is None or cached[0] != version:
            y = self._arrays[key]
            if thinned:
                x = self._arrays["epoch"]
            else:  # 1, 2, 3, ...: one array shared by every curve, so is its thinning
                if self._epochs.size != y.size:
                    self._epochs = np.arange(1, y.size + 1, dtype=np.float64)
                x = self._epochs
            cached = self._finite_cache[key] = (version, *finite_points(y, positive, x))
        return cached

    def _columns(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """``pixel_columns`` of ``x`` at the current scale, kept for the next curve
        (they usually share their epochs)."""
        cached = self._columns_cache
        if cached is None or cached[0] is not x or cached[1] != self._per_unit:
            cached = self._columns_cache = (x, self._per_unit, pixel_columns(x, self._per_unit))
        return cached[2]

    def apply_theme(self) -> None:
        """Restyle with the theme now in use (:mod:`ui.common.theme`)."""
        for plot in (self.loss_plot, self.acc_plot, self.lr_plot):
            style_plot(plot)
        colors = curve_colors()
        for curve, key in ((self.loss_curve, "train"), (self.val_loss_curve, "val"),
                           (self.acc_curve, "train"), (self.val_acc_curve, "val"),
                           (self.lr_curve, "lr")):
            curve.set_color(colors[key])
        self.ref_curve.setPen(pg.mkPen(colors["ref"], width=2, style=QtCore.Qt.PenStyle.DotLine))
        for entry, key in ((self.train_legend, "train"), (self.val_legend, "val"),
                           (self.ref_legend, "ref")):
            recolor_legend_entry(entry, colors[key])
        self.marks.apply_theme()
        self.progress.apply_theme()
        if self._compared:
            self.set_comparison(list(self._compared))

    def paint_now(self) -> None:
        """Paint the visible plots at once, not on Qt's next update (the window does
        it while the training thread waits, see playground.frames)."""
        for plot in (self.loss_plot, self.acc_plot, self.lr_plot):
            if plot.isVisible():
                paint_now(plot)

    def _redraw(self) -> None:
        a = self._arrays
        log = self.log_box.isChecked()
        loss_key, *loss = self._series("loss", positive=log)
        val_key, *val_loss = self._series("val_loss", positive=log)
        if "epoch" in self._history:
            last = float(a["epoch"][-1]) if a["epoch"].size else 0.0
        else:
            last = float(max(a["loss"].size, a["val_loss"].size, a["accuracy"].size))
        ref_x, ref_y = self._ref
        if log:
            ok = ref_y > 0
            ref_x, ref_y = ref_x[ok], ref_y[ok]
        if ref_x.size:
            last = max(last, float(ref_x[-1]))  # the new run grows along the old one
        compared = [(label, x[(y > 0) if log else slice(None)], y[(y > 0) if log else slice(None)])
                    for label, x, y in self._compared]
        for _, x, _ in compared:
            if x.size:
                last = max(last, float(x[-1]))
        if self.progress.now is not None:
            last = max(last, self.progress.now[0])

        self._redrawing = True  # our own range change must not re-enter through the view
        try:
            vb = self._loss_vb
            y = np.concatenate([loss[1], val_loss[1], ref_y, self.progress.losses(log),
                                *(cy for _, _, cy in compared)])
            vb.round_range = [epoch_range(last, self.epoch_limit), loss_range(y, log)]
            vb.updateAutoRange()
            # pyqtgraph moves the curves to a new range just before the next paint,
            # which marks them dirty again and paints twice: move them now.
            for plot in (self.loss_plot, self.acc_plot, self.lr_plot):
                plot.getPlotItem().getViewBox().updateMatrix()
        finally:
            self._redrawing = False
        per_unit = self._per_unit = self._pixels_per_epoch()

        for curve, key, (x, y) in (
            (self.loss_curve, loss_key, loss),
            (self.val_loss_curve, val_key, val_loss),
        ):
            if curve.key() != (key, per_unit):
                curve.set_data(x, y, log, self._columns(x), key=(key, per_unit))
        ref_key = ("ref", id(self._ref), log, per_unit)
        if self.ref_curve.key() != ref_key:
            self.ref_curve.set_data(ref_x, ref_y, log, self._columns(ref_x), key=ref_key)
        moved = False
        for (curve, _label), (_, cx, cy) in zip(self._compare_items, compared):
            key = ("compare", id(cy), log, per_unit)
            if curve.key() != key:
                curve.set_data(cx, cy, log, self._columns(cx), key=key)
                moved = True
        if moved:
            self._place_comparison_labels(compared, log)
        for curve, name in ((self.acc_curve, "accuracy"), (self.val_acc_curve, "val_accuracy")):
            if self.acc_plot.isHidden():
                curve.set_data(np.empty(0), np.empty(0), key="hidden")
                continue
            key, x, y = self._series(name)
            if curve.key() != (key, per_unit):
                curve.set_data(x, y, False, self._columns(x), key=(key, per_unit))
        if self._show_lr:
            key, lr_x, lr = self._series("lr")
            if self.lr_curve.key() != (key, per_unit):
                self.lr_curve.set_data(lr_x, lr, False, self._columns(lr_x), key=(key, per_unit))
            peak = float(lr.max()) if lr.size and lr.max() > 0 else 1.0
            if peak != self._lr_peak:  # from 0: a constant lr is a flat line, not noise
                self._lr_peak = peak
                # Room above and below so the end labels are not cut off.
                self.lr_plot.getPlotItem().setYRange(-0.25 * peak, 1.25 * peak, padding=0.0)
                ticks = [(v, f"{v:.3g}") for v in (0.0, peak / 2, peak)]  # no room for more
                self.lr_plot.getPlotItem().getAxis("left").setTicks([ticks, []])
        else:
            self.lr_curve.set_data(np.empty(0), np.empty(0), key="hidden")
        self._place_marker()
        self._fit_labels()
        self._place_progress()

    # ---------------------------------------------------------------- progress

    def set_progress(self, progress: tuple | None, initial_loss: float | None = None) -> None:
        """Show where training is inside the current epoch: ``progress`` = (epoch +
        fraction done, train loss, train accuracy or None), None at an epoch's end.

        The dotted piece starts at the last epoch's point (``initial_loss`` at x = 0
        before the first epoch ends).
        """
        if self.progress.set(progress, initial_loss):
            self._redraw()  # the ranges take the new point in

    def progress_points(self, key: str = "loss") -> tuple[np.ndarray, np.ndarray]:
        """The (x, y) of the dotted piece of ``key`` ("loss" or "accuracy") as drawn
        (y as log10 on a log axis); empty when none is shown."""
        return self.progress.points(key)

    def _place_progress(self) -> None:
        log = self.log_box.isChecked()
        self.progress.place(lambda key: tuple(self._series(key, positive=log)[1:]), log,
                            not self.acc_plot.isHidden(),
                            (self._version["loss"], self._version["accuracy"]))

    def _pixels_per_epoch(self) -> float:
        vb = self._loss_vb
        x0, x1 = vb.viewRange()[0]
        width = vb.width()
        return width / (x1 - x0) if width > 0 and x1 > x0 else 0.0

    def _on_view_scaled(self, *_args) -> None:
        """A resize or a zoom: re-thin the paths if an epoch's width changed (a pan
        keeps it, and the thinned paths stay right)."""
        if self._redrawing:
            return
        per_unit = self._pixels_per_epoch()
        if per_unit > 0 and self._per_unit > 0 and abs(per_unit / self._per_unit - 1) < 0.05:
            self._fit_labels()
            return
        self._redraw()

    def set_reference(self, history: dict | None) -> None:
        """Show ``history``'s training loss as the previous run (None: no reference).

        ``history`` is a history as :meth:`set_history` takes (thinned or not).
        """
        x, y = np.empty(0), np.empty(0)
        if history:
            y = as_array(history.get("loss"))
            epochs = history.get("epoch")
            x = (as_array(epochs) if epochs is not None
                 else np.arange(1, y.size + 1, dtype=np.float64))
            if x.shape != y.shape:
                x, y = np.empty(0), np.empty(0)
            ok = np.isfinite(y)
            x, y = x[ok], y[ok]
        self._ref = (x, y)
        self.ref_legend.setVisible(y.size > 1)
        self._redraw()

    def set_comparison(self, runs) -> None:
        """Show comparison runs' training losses beside the live run: ``runs`` are
        (label, epochs, losses) (``engine.compare.Run`` fits); empty or None hides them."""
        vb = self.loss_plot.getPlotItem().getViewBox()
        for curve, label in self._compare_items:
            vb.removeItem(curve)
            vb.removeItem(label)
        self._compare_items = []
        self._compared = []
        t = theme.now()
        for i, run in enumerate(runs or ()):
            label, x, y = (run.label, run.epochs, run.shown) if hasattr(run, "shown") else run
            x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
            ok = np.isfinite(y)
            self._compared.append((label, x[ok], y[ok]))
            color = t.compare[i % len(t.compare)]
            curve = Curve(color, False)
            curve.setPen(pg.mkPen(color, width=1.5, style=QtCore.Qt.PenStyle.DashDotLine))
            curve.setZValue(-2)
            text = pg.TextItem(tr(label), color=color, anchor=(1.0, 1.2))  # the curve's colour
            text.setZValue(15)
            vb.addItem(curve, ignoreBounds=True)
            vb.addItem(text, ignoreBounds=True)
            self._compare_items.append((curve, text))
        self._redraw()

    def _place_comparison_labels(self, compared, log: bool) -> None:
        """Each label at its curve's end, inside the plot: under the end when that is in
        the upper half, above it otherwise; labels that would overlap are pushed apart
        (in screen pixels), so each stays by its own curve, in its colour."""
        vb = self._loss_vb
        lo, hi = vb.viewRange()[1]
        spots = []  # (top in px, height, end in px, label)
        for (_, label), (_, cx, cy) in zip(self._compare_items, compared):
            if not cx.size:
                continue
            ys = np.log10(np.maximum(cy, 1e-300)) if log else cy
            end = float(ys[-1])
            label.setPos(float(cx[-1]), end)
            y = vb.mapViewToScene(QtCore.QPointF(float(cx[-1]), end)).y()
            r = label.boundingRect()
            h = max(1.0, r.height())
            # the curve under the label's width: the label clears all of it, not just
            # the end (a falling curve would run through a label set by its end alone)
            left = vb.mapSceneToView(QtCore.QPointF(
                vb.mapViewToScene(QtCore.QPointF(float(cx[-1]), end)).x() - r.width(),
                y)).x()
            under = ys[cx >= left]
            span = [vb.mapViewToScene(QtCore.QPointF(float(cx[-1]), float(v))).y()
                    for v in (under.min(), under.max())] if under.size else [y, y]
            if end > (lo + hi) / 2:
                top = max(y, *span) + 0.2 * h  # under the curve
            else:
                top = min(y, *span) - 1.2 * h  # above it
            spots.append([top, h, y, label])
        spots.sort(key=lambda s: s[0])
        for prev, spot in zip(spots, spots[1:]):
            spot[0] = max(spot[0], prev[0] + prev[1] + 2)
        for top, h, y, label in spots:
            label.setAnchor((1.0, (y - top) / h))

    def comparison(self) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """(label, epochs, loss) of each comparison run shown."""
        return list(self._compared)

    def comparison_label_looks(self) -> list[tuple[str, str, str, QtCore.QRectF]]:
        """(text, its colour, its curve's colour, where it is in the scene) of each
        comparison label on the plot."""
        return [(label.textItem.toPlainText(), label.color.name(), curve.pen().color().name(),
                 label.sceneBoundingRect())
                for curve, label in self._compare_items if label.scene() is not None]

    def comparison_labels(self) -> list[str]:
        """The labels written on the plot beside the comparison curves."""
        return [label.textItem.toPlainText() for _, label in self._compare_items
                if label.scene() is not None]

    def reference(self) -> tuple[np.ndarray, np.ndarray]:
        """(epochs, loss) of the previous run shown, empty when none."""
        return self._ref

    def clear(self) -> None:
        """Empty every curve and mark; the log axis and the epoch range go back to
        automatic."""
        self._history = {}
        self._load({})
        self.marks.clear()
        self.progress.set(None, None)
        self._log_user_set = False
        self.log_box.setChecked(False)
        self._loss_vb.enableAutoRange(x=True)
        self._redraw()

    # ----------------------------------------------------------- early stop

    def mark_early_stop(
        self, best_epoch: int | None, stop_epoch: int | None, text: str | None = None
    ) -> None:
        """Mark the best epoch (a line, a label and a star on the validation curve)
        and the epoch training stopped at; ``None`` removes the mark."""
        if self.marks.mark(best_epoch, stop_epoch, text):  # else already shown: the
            self._place_marker()  # window calls this with every history update
            self._fit_labels()

    def _fit_labels(self) -> None:
        self.marks.fit_labels(self._loss_vb, self._pixels_per_epoch())

    def early_stop_marker_epoch(self) -> int | None:
        """The epoch the best-epoch mark stands at, or None when no mark is shown."""
        return self.marks.epoch()

    def _place_marker(self) -> None:
        self.marks.place_star(self._marker_point())

    def _marker_point(self) -> tuple[float, float] | None:
        """The star's place: on the validation curve (the train curve without
        validation) at the best epoch."""
        best = self.marks.best_epoch
        if best is None:
            return None
        a = self._arrays
        i = int(best) - 1
        if "epoch" in self._history:  # a thinned history: the entry nearest the best epoch
            x = a["epoch"]
            i = int(np.argmin(np.abs(x - best))) if x.size else -1
            best = float(x[i]) if x.size else best
        log = self.log_box.isChecked()
        for series in (a["val_loss"], a["loss"]):  # train loss if there is no validation
            if 0 <= i < len(series) and np.isfinite(series[i]) and (series[i] > 0 or not log):
                return float(best), float(series[i])
        return None

    # ------------------------------------------------------------------ axes

    def _on_log_clicked(self, _checked: bool) -> None:
        self._log_user_set = True

    def _on_log_changed(self, checked: bool) -> None:
        # pyqtgraph turns auto-range back on for both axes here
        self.loss_plot.getPlotItem().setLogMode(x=False, y=checked)
        self.marks.forget_star()  # the star moved to the other scale by itself
        self._redraw()

    def acc_ticks(self) -> tuple[float, ...]:
        """The accuracy axis's labelled ticks."""
        return self._acc_axis.ticks

    def retranslate(self) -> None:
        """The axis titles and comparison labels in the UI's language (it changed)."""
        self.loss_plot.getPlotItem().setLabel("left", tr("loss"), color=theme.now().text)
        self._acc_axis.fit()
        self._relabel()
        if self._compared:
            self.set_comparison(list(self._compared))

    def _relabel(self) -> None:
        """Put "epoch" under the lowest visible plot only."""
        plots = [self.loss_plot, self.acc_plot, self.lr_plot]
        shown = [p for p in plots if not p.isHidden()]
        for p in plots:
            p.getPlotItem().setLabel("bottom", tr("epoch") if p is shown[-1] else None)
            p.getPlotItem().getAxis("bottom").showLabel(p is shown[-1])
