"""CurvesPlot: what a history shows (lengths, gaps, log scale, early stop, thinning)."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6 import QtCore

from ui.curves.plot import CurvesPlot


def history(n: int, val: bool = True, acc: bool = True, lr=0.1) -> dict:
    e = np.arange(1, n + 1, dtype=np.float64)
    return {
        "loss": list(1.0 / e),
        "val_loss": list(1.2 / e + 0.01 * e) if val else [None] * n,
        "accuracy": list(1 - 0.5 / e) if acc else [None] * n,
        "val_accuracy": list(1 - 0.6 / e) if acc and val else [None] * n,
        "lr": [lr] * n,
    }


def test_curves_set_history_lengths(curves):
    curves.set_history(history(30), "binary", show_lr=False)
    # xData / yData: what was set (getData() is the clipped, downsampled display).
    x, y = curves.loss_curve.xData, curves.loss_curve.yData
    assert len(x) == 30 and x[0] == 1 and x[-1] == 30
    assert y[0] == pytest.approx(1.0)
    assert len(curves.val_loss_curve.xData) == 30
    assert len(curves.acc_curve.xData) == 30
    assert len(curves.val_acc_curve.xData) == 30
    assert curves.lr_plot.isHidden()
    assert not curves.acc_plot.isHidden()
    # Train solid, validation dashed, different colours.
    tp, vp = curves.loss_curve.pen(), curves.val_loss_curve.pen()
    assert tp.style() == QtCore.Qt.PenStyle.SolidLine
    assert vp.style() == QtCore.Qt.PenStyle.DashLine
    assert tp.color() != vp.color()
    curves.set_history(history(31), "binary", show_lr=True)
    assert not curves.lr_plot.isHidden()
    assert len(curves.lr_curve.xData) == 31


def test_curves_skip_non_finite_values(curves):
    h = {
        "loss": [1.0, float("nan"), float("inf"), 1e25, None, 0.5],
        "val_loss": [None] * 6,
        "accuracy": [0.5, None, float("nan"), 0.6, 0.7, 0.8],
        "val_accuracy": [None] * 6,
        "lr": [0.1, 0.1, float("-inf"), 0.1, 0.1, 0.1],
    }
    curves.set_history(h, "binary", show_lr=True)
    assert list(curves.loss_curve.xData) == [1.0, 4.0, 6.0]
    assert np.isfinite(curves.loss_curve.yData).all()
    assert curves.val_loss_curve.xData is None or len(curves.val_loss_curve.xData) == 0
    assert list(curves.acc_curve.xData) == [1.0, 4.0, 5.0, 6.0]
    assert len(curves.lr_curve.xData) == 5
    # A loss spanning 1e25 switches the loss axis to log on its own.
    assert curves.log_box.isChecked()
    # All non-finite: nothing drawn, no crash.
    bad = {k: [float("nan")] * 3 for k in ("loss", "val_loss", "accuracy", "val_accuracy", "lr")}
    curves.set_history(bad, "binary", show_lr=True)
    assert curves.loss_curve.xData is None or len(curves.loss_curve.xData) == 0
    curves.grab()  # paints without raising


def test_log_scale_is_the_users_choice_once_clicked(curves, qtbot):
    curves.show()
    qtbot.waitExposed(curves)
    h = history(20)
    curves.set_history(h, "binary", show_lr=False)
    assert not curves.log_box.isChecked()  # 1 .. 0.05: linear is fine
    qtbot.mouseClick(curves.log_box, QtCore.Qt.MouseButton.LeftButton)
    assert curves.log_box.isChecked()
    assert curves.loss_plot.getPlotItem().ctrl.logYCheck.isChecked()
    qtbot.mouseClick(curves.log_box, QtCore.Qt.MouseButton.LeftButton)
    h["loss"][-1] = 1e-9  # would switch to log automatically, but the user said no
    curves.set_history(h, "binary", show_lr=False)
    assert not curves.log_box.isChecked()
    curves.clear()
    curves.set_history(h, "binary", show_lr=False)
    assert curves.log_box.isChecked()
    assert len(curves.loss_curve.xData) == 20  # the log axis keeps every positive value


def test_early_stop_mark_placed_and_removed(curves):
    h = history(40)
    curves.set_history(h, "binary", show_lr=False)
    curves.mark_early_stop(12, 32, "best epoch 12 (weights restored)")
    assert curves.best_line.isVisible() and curves.best_line.value() == 12
    assert curves.stop_line.isVisible() and curves.stop_line.value() == 32
    assert "best epoch 12 (weights restored)" in curves.best_line.label.toPlainText()
    assert "early stop" in curves.stop_line.label.toPlainText()
    x, y = curves.best_marker.xData, curves.best_marker.yData
    assert list(x) == [12.0] and y[0] == pytest.approx(h["val_loss"][11])  # on the val curve
    # The marker follows new history (e.g. after an edit) without a new call.
    h["val_loss"][11] = 0.01
    curves.set_history(h, "binary", show_lr=False)
    assert curves.best_marker.yData[0] == pytest.approx(0.01)

    curves.mark_early_stop(None, None, None)
    assert not curves.best_line.isVisible()
    assert not curves.stop_line.isVisible()
    assert not curves.best_marker.isVisible()

    curves.mark_early_stop(5, None, None)  # default text
    assert "best epoch 5" in curves.best_line.label.toPlainText()
    curves.clear()
    assert not curves.best_line.isVisible()
    assert curves.loss_curve.xData is None or len(curves.loss_curve.xData) == 0


def test_accuracy_plot_hidden_for_regression(curves):
    curves.set_history(history(10, acc=False), "regression", show_lr=False)
    assert curves.acc_plot.isHidden()
    assert curves.acc_curve.xData is None or len(curves.acc_curve.xData) == 0
    curves.set_history(history(10), "multiclass", show_lr=False)
    assert not curves.acc_plot.isHidden()
    axis = curves.acc_plot.getPlotItem().getAxis("bottom")
    assert axis.label.isVisible()  # "epoch" under the lowest plot
    assert not curves.loss_plot.getPlotItem().getAxis("bottom").label.isVisible()


def test_ten_thousand_epochs_stay_cheap(curves, qtbot):
    curves.show()
    qtbot.waitExposed(curves)
    h = history(10_000)
    curves.set_history(h, "binary", show_lr=True)
    t0 = time.perf_counter()
    for _ in range(5):
        curves.set_history(h, "binary", show_lr=True)
        curves.grab()
    per_frame = (time.perf_counter() - t0) / 5
    # thinned for drawing: at most two points per pixel column of the plot
    width = curves.loss_plot.getPlotItem().getViewBox().width()
    assert 0 < len(curves.loss_curve.drawn()[0]) <= 2 * width + 2
    assert per_frame < 0.25, f"{per_frame * 1e3:.0f} ms per update+paint"


def test_curves_use_the_epochs_of_a_thinned_history(qtbot):

    c = CurvesPlot()
    qtbot.addWidget(c)
    epochs = (1, 50, 100, 150)
    h = {"loss": (1.0, 0.5, 0.25, 0.2), "val_loss": (None,) * 4, "accuracy": (0.5,) * 4,
         "val_accuracy": (None,) * 4, "lr": (0.1,) * 4, "epoch": epochs}
    c.set_history(h, "binary", show_lr=False)
    x, y = c.loss_curve.getData()
    assert list(x) == list(epochs) and list(y) == [1.0, 0.5, 0.25, 0.2]
    c.mark_early_stop(99, 150, None)
    mx, _ = c.best_marker.getData()
    assert list(mx) == [100.0]  # the nearest drawn epoch
