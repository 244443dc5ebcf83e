"""CurvesPlot stays cheap: round ranges, no repaint without a change, C++-drawn paths."""

import warnings

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from ui.common.ticks import nice_ceil
from ui.curves.parts import EPOCH_STEPS, decimate, epoch_range, loss_range, pixel_columns

from .axes import drawn_tick_labels


@pytest.fixture
def shown(curves, qtbot):
    curves.show()
    qtbot.waitExposed(curves)
    return curves


def history(n: int, start: float = 1.0) -> dict:
    e = np.arange(1, n + 1, dtype=np.float64)
    return {
        "loss": tuple(start / e**0.5),
        "val_loss": tuple(1.2 * start / e**0.5 + 0.001 * e),
        "accuracy": tuple(1 - 0.5 / e),
        "val_accuracy": tuple(1 - 0.6 / e),
        "lr": (0.1,) * n,
    }


def path_points(curve) -> np.ndarray:
    path = curve.path()
    return np.array(
        [(path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())]
    ).reshape(-1, 2)


def view(plot):
    return plot.getPlotItem().getViewBox()


class PaintCounter(QtCore.QObject):
    def __init__(self, widgets):
        super().__init__()
        self.count = 0
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
        if event.type() == QtCore.QEvent.Type.Paint:
            self.count += 1
        return False


def flush():
    """Deliver what is queued: the scene's dirty-item pass, then the paint it asks for."""
    for _ in range(4):
        QtCore.QCoreApplication.sendPostedEvents()
        QtWidgets.QApplication.processEvents()


# ------------------------------------------------------------------ round ranges


def test_nice_ceil_steps():
    assert nice_ceil(7, EPOCH_STEPS) == 7.5
    assert nice_ceil(10, EPOCH_STEPS) == 10
    assert nice_ceil(11, EPOCH_STEPS) == 15
    assert nice_ceil(31, EPOCH_STEPS) == 50
    assert nice_ceil(76, EPOCH_STEPS) == 100
    assert nice_ceil(0.7, (1, 2, 5)) == pytest.approx(1.0)
    assert nice_ceil(0.7) == pytest.approx(1.0)  # 1, 2, 5 unless told
    assert nice_ceil(0) == 1
    assert epoch_range(3) == (0.0, 10.0)
    assert epoch_range(2001) == (0.0, 3000.0)
    # the run's epoch limit, when within the round number, is the axis's end
    assert epoch_range(600, 600) == (0.0, 600.0) and epoch_range(520, 600) == (0.0, 600.0)
    assert epoch_range(420, 600) == (0.0, 500.0)
    assert epoch_range(60, 600) == (0.0, 75.0)  # far from it: the round number
    assert epoch_range(601, 600) == (0.0, 750.0)  # past it (a raised limit)


def test_loss_range_has_headroom_and_round_ends():
    lo, hi = loss_range(np.array([0.05, 0.693]), log=False)
    assert hi == pytest.approx(0.8)  # 0.693 * 1.04 rounded up
    assert lo < 0 < lo + 0.05 * hi  # a zero loss sits just above the frame
    assert loss_range(np.array([0.9, 0.95]), log=False)[1] >= 0.95 * 1.04
    assert loss_range(np.empty(0), log=False) is None
    # log: whole decades
    lo, hi = loss_range(np.array([3e-4, 7.0]), log=True)
    assert lo == -4 and hi == 1  # the decades around the values, no further
    assert loss_range(np.array([2e-7, 0.7]), log=True) == (-7.0, 0.0)  # not up to 10^2


def epoch_axis_end(plot) -> float:
    """The round epoch the x axis ends at: the view reaches 14 pixels beyond it, so
    the last epoch of a finished run is drawn inside the frame, not on it."""
    vb = view(plot)
    x0, x1 = vb.viewRange()[0]
    assert x0 == 0
    pad = min(14.0, vb.width() / 8)
    end = x1 - pad * x1 / vb.width()
    assert 0 < x1 - end < 0.1 * x1
    return end


def test_epoch_axis_ends_at_a_round_number(curves):
    curves.set_history(history(30), "binary", show_lr=False)
    assert epoch_axis_end(curves.loss_plot) == pytest.approx(30)
    curves.set_history(history(31), "binary", show_lr=False)
    assert epoch_axis_end(curves.loss_plot) == pytest.approx(50)
    # the accuracy plot follows the loss plot's epochs
    loss_x = view(curves.loss_plot).viewRange()[0]
    assert view(curves.acc_plot).viewRange()[0] == pytest.approx(loss_x)
    lo, hi = view(curves.loss_plot).round_range[1]
    assert hi == pytest.approx(1.5)  # the largest loss, 1.2, with headroom, rounded up
    assert lo < 0
    # the view reaches a few pixels beyond the round ends, for the end ticks' labels
    view_lo, view_hi = view(curves.loss_plot).viewRange()[1]
    assert view_lo < lo and hi < view_hi < 1.1 * hi


def test_one_more_epoch_keeps_ranges_and_axes(shown, qtbot):
    vb = view(shown.loss_plot)
    axes = [shown.loss_plot.getPlotItem().getAxis(n) for n in ("left", "bottom")]
    counter = PaintCounter([shown.loss_plot.viewport()])
    shown.set_history(history(31), "binary", show_lr=False)
    qtbot.waitUntil(
        lambda: counter.count > 0 and all(ax.picture is not None for ax in axes), timeout=3000
    )
    ranges = [list(r) for r in vb.viewRange()]
    pictures = [ax.picture for ax in axes]  # regenerated whenever the ticks are laid out

    before = counter.count
    shown.set_history(history(32), "binary", show_lr=False)
    qtbot.waitUntil(lambda: counter.count > before, timeout=3000)  # the curve grew
    flush()
    assert [list(r) for r in vb.viewRange()] == ranges
    assert all(ax.picture is p for ax, p in zip(axes, pictures, strict=True))


def test_user_zoom_is_kept_until_the_auto_button(shown, qtbot):
    vb = view(shown.loss_plot)
    shown.set_history(history(30), "binary", show_lr=False)
    vb.scaleBy(x=0.5)  # what the mouse wheel does: x stops following the data
    zoomed = list(vb.viewRange()[0])
    shown.set_history(history(60), "binary", show_lr=False)
    flush()
    assert list(vb.viewRange()[0]) == pytest.approx(zoomed)
    shown.loss_plot.getPlotItem().autoBtnClicked()
    qtbot.waitUntil(lambda: epoch_axis_end(shown.loss_plot) == pytest.approx(75), timeout=3000)


# ------------------------------------------------------------------ repaints


def test_identical_history_schedules_no_repaint(shown, qtbot):
    counter = PaintCounter([shown.loss_plot.viewport(), shown.acc_plot.viewport()])
    h = history(40)
    shown.set_history(h, "binary", show_lr=False)
    shown.mark_early_stop(12, 32, "best epoch 12")
    qtbot.waitUntil(lambda: counter.count >= 2, timeout=3000)
    flush()

    counter.count = 0
    shown.set_history(dict(h), "binary", show_lr=False)  # the same tuples
    shown.mark_early_stop(12, 32, "best epoch 12")
    shown.set_history({k: list(v) for k, v in h.items()}, "binary", show_lr=False)  # equal
    shown.mark_early_stop(12, 32, "best epoch 12")
    flush()
    assert counter.count == 0

    shown.set_history(history(41), "binary", show_lr=False)  # one more epoch does paint
    qtbot.waitUntil(lambda: counter.count > 0, timeout=3000)


def test_curves_are_stock_path_items(curves):
    # Qt paints a QGraphicsPathItem in C++: no Python paint() while training runs.
    for c in (curves.loss_curve, curves.val_loss_curve, curves.acc_curve, curves.lr_curve):
        assert isinstance(c, QtWidgets.QGraphicsPathItem)
        assert "paint" not in type(c).__dict__ and "boundingRect" not in type(c).__dict__
        assert c.pen().isCosmetic() and c.pen().widthF() == 2
    assert curves.val_loss_curve.pen().style() == QtCore.Qt.PenStyle.DashLine


# ------------------------------------------------------------------ what is drawn


def test_train_curve_path_is_the_history_without_non_finite(curves):
    h = history(8)
    loss = list(h["loss"])
    loss[2], loss[5] = float("nan"), float("inf")
    h["loss"] = tuple(loss)
    curves.set_history(h, "binary", show_lr=False)
    pts = path_points(curves.loss_curve)
    keep = [i for i in range(8) if i not in (2, 5)]
    assert pts[:, 0] == pytest.approx([i + 1 for i in keep])
    assert pts[:, 1] == pytest.approx([loss[i] for i in keep])
    # the bounding box covers the curve (the default would stroke the path)
    box = curves.loss_curve.boundingRect()
    assert box.left() <= 1 and box.right() >= 8
    assert box.top() <= min(pts[:, 1]) and box.bottom() >= max(pts[:, 1])


def test_thinned_history_uses_its_epochs(curves):
    h = {
        "loss": (1.0, 0.5, 0.25, 0.2),
        "val_loss": (None,) * 4,
        "accuracy": (0.5,) * 4,
        "val_accuracy": (None,) * 4,
        "lr": (0.1,) * 4,
        "epoch": (1, 500, 1000, 1500),
    }
    curves.set_history(h, "binary", show_lr=False)
    assert path_points(curves.loss_curve)[:, 0] == pytest.approx([1, 500, 1000, 1500])
    assert epoch_axis_end(curves.loss_plot) == pytest.approx(1500)
    assert curves.val_loss_curve.path().elementCount() == 0


def test_long_history_keeps_two_points_per_pixel_column(shown):
    rng = np.random.default_rng(0)
    n = 2000
    e = np.arange(1, n + 1, dtype=np.float64)
    loss = 1 / e**0.3 + 0.05 * rng.random(n)
    h = {
        "loss": tuple(loss),
        "val_loss": (None,) * n,
        "accuracy": (0.5,) * n,
        "val_accuracy": (None,) * n,
        "lr": (0.1,) * n,
    }
    shown.set_history(h, "binary", show_lr=False)
    width = view(shown.loss_plot).width()
    pts = path_points(shown.loss_curve)
    assert 2 < len(pts) <= 2 * width + 2
    assert pts[0, 0] == 1 and pts[-1, 0] == n
    assert pts[:, 1].min() == loss.min() and pts[:, 1].max() == loss.max()
    assert np.all(np.diff(pts[:, 0]) >= 0)
    # the data itself is kept whole
    assert len(shown.loss_curve.xData) == n


def test_decimate_keeps_each_columns_extremes_in_order():
    x = np.arange(10, dtype=np.float64)
    y = np.array([0, 5, 1, 2, 9, 8, 3, 7, 6, 2], dtype=np.float64)
    cols = pixel_columns(x, 0.2)  # five epochs per pixel: columns 0-4, 5-9
    dx, dy = decimate(x, y, cols)
    assert list(dx) == [0, 4, 5, 9]
    assert list(dy) == [0, 9, 8, 2]  # rising: low then high; falling: high then low
    assert pixel_columns(x, 1.0) is None  # one point per pixel: nothing to thin
    assert pixel_columns(x, 0.0) is None


def test_log_axis_switches_on_and_plots_decades(curves):
    h = history(20)
    loss = list(h["loss"])
    loss[-1] = 1e-6  # spans > 1e4
    h["loss"] = tuple(loss)
    curves.set_history(h, "binary", show_lr=False)
    assert curves.log_box.isChecked()
    pts = path_points(curves.loss_curve)
    assert pts[:, 1] == pytest.approx(np.log10(loss))
    lo, hi = view(curves.loss_plot).round_range[1]
    assert lo == pytest.approx(-7) and hi == pytest.approx(round(hi))  # 1e-6 not on the frame
    view_lo, view_hi = view(curves.loss_plot).viewRange()[1]
    assert view_lo < lo and hi < view_hi
    # the user's choice sticks
    curves.log_box.click()
    assert not curves.log_box.isChecked()
    curves.set_history(history(21) | {"loss": tuple(loss) + (1e-7,)}, "binary", False)
    assert not curves.log_box.isChecked()
    assert path_points(curves.loss_curve)[-1, 1] == pytest.approx(1e-7)


def test_losses_near_the_float_limit_raise_no_overflow_warning(curves):
    """A diverging run's losses reach 1e305: judging the log switch must not overflow."""
    h = history(20)
    h["loss"] = tuple(1e305 * 10.0 ** (k / 10) for k in range(20))  # 1e305 .. 8e306
    h["val_loss"] = tuple(2 * v for v in h["loss"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        curves.set_history(h, "binary", show_lr=False)
    assert not curves.log_box.isChecked()  # a span of 80x: linear


def test_early_stop_label_stays_inside_the_plot(shown, qtbot):
    shown.set_history(history(40), "binary", show_lr=False)
    shown.mark_early_stop(2, 40, "best epoch 2 (weights restored)")
    vb = view(shown.loss_plot)
    label = shown.best_line.label
    counter = PaintCounter([shown.loss_plot.viewport()])
    qtbot.waitUntil(lambda: counter.count > 0, timeout=3000)  # places the text
    text = label.textItem
    inside = vb.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    assert inside.contains(text.mapRectToScene(text.boundingRect()))
    assert shown.best_marker.isVisible()
    assert list(shown.best_marker.xData) == [2.0]


def test_previous_run_reference_is_drawn_and_widens_the_epoch_axis(shown):
    shown.set_history(history(5), "binary", False)
    old = history(200)
    shown.set_reference(old)
    x, y = shown.ref_curve.getData()
    np.testing.assert_allclose(y, old["loss"])
    assert x[-1] == 200
    x0, x1 = shown.loss_plot.getPlotItem().getViewBox().viewRange()[0]
    assert x1 >= 200  # the new run grows along the old one
    assert shown.ref_legend.isVisibleTo(shown)
    shown.set_reference(None)
    assert shown.ref_curve.getData()[0].size == 0 and not shown.ref_legend.isVisibleTo(shown)
    x0, x1 = shown.loss_plot.getPlotItem().getViewBox().viewRange()[0]
    assert x1 < 200


# ------------------------------------------------------------ room at the ends


def tick_texts(axis) -> list[str]:
    return [text for text, _rect in drawn_tick_labels(axis)]


def pixels_below_top(plot, y: float) -> float:
    vb = view(plot)
    return vb.mapViewToScene(QtCore.QPointF(0.0, y)).y() - vb.sceneBoundingRect().top()


def pixels_above_bottom(plot, y: float) -> float:
    vb = view(plot)
    return vb.sceneBoundingRect().bottom() - vb.mapViewToScene(QtCore.QPointF(0.0, y)).y()


def test_accuracy_axis_labels_0_half_and_1_and_draws_1_inside_the_frame(shown, qtbot):
    shown.set_history(history(40) | {"accuracy": (1.0,) * 40}, "binary", show_lr=False)
    flush()
    axis = shown.acc_plot.getPlotItem().getAxis("left")
    assert tick_texts(axis) == ["0", "0.5", "1"]
    label_h = QtGui.QFontMetrics(shown.acc_plot.font()).height()
    # a perfect accuracy runs visibly under the frame, with room for the "1"
    assert pixels_below_top(shown.acc_plot, 1.0) >= label_h / 2
    assert pixels_above_bottom(shown.acc_plot, 0.0) >= label_h / 2
    assert shown.acc_curve.drawn()[1].max() == 1.0
    assert shown.acc_ticks() == (0.0, 0.5, 1.0)


def test_a_short_accuracy_plot_labels_its_ends_only(shown, qtbot):
    shown.resize(420, 230)  # the curves' share of a 1280x800 window
    shown.set_history(history(40), "binary", show_lr=False)
    axis = shown.acc_plot.getPlotItem().getAxis("left")
    qtbot.waitUntil(lambda: shown.acc_plot.height() < 120, timeout=3000)
    flush()
    assert tick_texts(axis) == ["0", "1"]  # not "0.5" alone, nor overlapping labels
    shown.resize(420, 500)
    qtbot.waitUntil(lambda: tick_texts(axis) == ["0", "0.5", "1"], timeout=3000)


def test_accuracy_title_shortens_when_the_plot_is_too_short_for_it(shown, qtbot):
    shown.set_history(history(40), "binary", show_lr=False)
    axis = shown.acc_plot.getPlotItem().getAxis("left")
    vb = shown.acc_plot.getPlotItem().getViewBox()
    shown.resize(420, 500)
    qtbot.waitUntil(lambda: axis.labelText == "accuracy", timeout=3000)
    shown.resize(420, 150)  # a window below 1280x800: "accuracy" would be cut to "accurac"
    qtbot.waitUntil(lambda: axis.labelText == "acc.", timeout=3000)
    flush()
    assert axis.label.boundingRect().width() <= vb.height()  # the short title fits whole
    for height in range(150, 400, 6):  # whichever title it shows, it shows it whole
        shown.resize(420, height)
        flush()
        assert axis.label.boundingRect().width() <= vb.height(), (height, axis.labelText)
    assert axis.labelText == "accuracy"


def test_loss_plot_has_headroom_and_labels_its_round_top(shown, qtbot):
    shown.set_history(history(31), "binary", show_lr=False)  # largest loss 1.2: top 1.5
    flush()
    label_h = QtGui.QFontMetrics(shown.loss_plot.font()).height()
    assert pixels_below_top(shown.loss_plot, 1.5) >= label_h / 2
    assert pixels_below_top(shown.loss_plot, 1.2) >= label_h
    labels = tick_texts(shown.loss_plot.getPlotItem().getAxis("left"))
    assert labels[0] == "0" and labels[-1] == "1.5"  # both ends whole, none dropped
    # after a resize the room is in pixels again
    shown.resize(420, 600)
    qtbot.waitUntil(
        lambda: abs(pixels_below_top(shown.loss_plot, 1.5) - (label_h // 2 + 3)) < 1.5,
        timeout=3000,
    )


def test_validation_legend_only_with_a_validation_curve(shown):
    h = history(20)
    no_val = dict(h, val_loss=(None,) * 20, val_accuracy=(None,) * 20)
    shown.set_history(no_val, "binary", False)
    assert not shown.val_legend.isVisible()  # e.g. XOR: four points, all for training
    shown.set_history(h, "binary", False)
    assert shown.val_legend.isVisible()
    shown.set_history(no_val, "binary", False)
    assert not shown.val_legend.isVisible()


# ------------------------------------------------------------------ inside an epoch


def test_progress_inside_an_epoch_continues_the_training_curve(curves):
    h = history(10)
    curves.set_history(h, "binary", show_lr=False)
    curves.set_progress((10.5, 0.2, 0.9))
    x, y = curves.progress_points()
    assert x == pytest.approx([10, 10.5]) and y == pytest.approx([h["loss"][-1], 0.2])
    x, y = curves.progress_points("accuracy")
    assert x == pytest.approx([10, 10.5]) and y == pytest.approx([h["accuracy"][-1], 0.9])
    assert epoch_axis_end(curves.loss_plot) == pytest.approx(15)  # the axis reaches it
    # the next epoch's end replaces the piece
    curves.set_history(history(11), "binary", show_lr=False)
    curves.set_progress(None)
    assert curves.progress_points()[0].size == 0
    assert not curves.live["loss"][1].isVisible()
    # a new history and the progress in it, in one call (one redraw)
    curves.set_history(history(12), "binary", False, (12.5, 0.1, 0.95))
    assert curves.progress_points()[0] == pytest.approx([12, 12.5])


def test_progress_in_the_first_epoch_starts_at_the_initial_loss(curves):
    curves.set_history(history(0), "binary", show_lr=False)
    curves.set_progress((0.25, 0.5, 0.75), initial_loss=2.5)
    x, y = curves.progress_points()
    assert x == pytest.approx([0, 0.25]) and y == pytest.approx([2.5, 0.5])
    assert view(curves.loss_plot).round_range[1][1] >= 2.5  # the y range takes it in
    # no accuracy before the first epoch: a dot, no line
    assert curves.progress_points("accuracy")[0].size == 0
    assert curves.live["accuracy"][1].isVisible()
    # on a log axis the piece is drawn in log10
    curves.log_box.setChecked(True)
    assert curves.progress_points()[1] == pytest.approx(np.log10([2.5, 0.5]))
    # regression: no accuracy plot, no accuracy piece
    curves.set_history(history(0), "regression", show_lr=False)
    curves.set_progress((0.5, 0.4, None), initial_loss=2.5)
    assert not curves.live["accuracy"][1].isVisible()
    assert curves.progress_points()[0] == pytest.approx([0, 0.5])
