"""BoundaryPlot: the points, the output map, the shape and the legend of the data view."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore

import engine
from ui.common.colors import CLASS_COLORS, NEGATIVE, POSITIVE, diverging_lut, hex_to_rgb
from ui.common.geometry import contour_segments
from ui.common.mapcolors import BACKGROUND_STRENGTH, render_output

from .axes import drawn_tick_labels
from .boundary_helpers import BOUNDS, close, pixel_at, settle


def test_colors_and_lut():
    assert CLASS_COLORS[0] == NEGATIVE and CLASS_COLORS[1] == POSITIVE
    assert len(CLASS_COLORS) == 10 and len(set(CLASS_COLORS)) == 10
    lut = diverging_lut()
    assert lut.shape == (256, 4) and lut.dtype == np.uint8
    assert tuple(lut[0, :3]) == hex_to_rgb(NEGATIVE)
    assert tuple(lut[-1, :3]) == hex_to_rgb(POSITIVE)
    assert lut[127, :3].min() >= 250 and lut[128, :3].min() >= 250  # white in the middle
    light = diverging_lut(0.5)
    assert (light[0, :3].astype(int) >= lut[0, :3]).all()  # paler than the points' LUT


def test_set_data_counts_markers_and_toggles(plot, circle, qtbot):
    plot.set_data(circle, "binary", 2)
    plot.show()
    qtbot.waitExposed(plot)
    sizes = {"train": 60, "validation": 20, "test": 20}
    for name, n in sizes.items():
        x, y = plot.scatter[name].getData()
        assert len(x) == n
        assert plot.toggles[name].text() == f"{name} {n}"
        assert plot.toggles[name].toolTip()
    # Shapes differ, not only colours: circle, ring (no fill), triangle.
    pts = {name: plot.scatter[name].points()[0] for name in sizes}
    assert pts["train"].symbol() == "o" and pts["test"].symbol() != "o"
    assert pts["validation"].brush().color().alpha() == 0
    assert pts["train"].brush().color().alpha() == 255

    # Colour by class: orange 0, blue 1.
    labels = np.asarray(circle.train.y)
    for p, label in zip(plot.scatter["train"].points(), labels):
        assert p.brush().color().name() == (POSITIVE if label == 1 else NEGATIVE)

    plot.toggles["validation"].setChecked(False)
    assert not plot.scatter["validation"].isVisible()
    assert plot.scatter["train"].isVisible() and plot.scatter["test"].isVisible()
    plot.toggles["validation"].setChecked(True)
    assert plot.scatter["validation"].isVisible()
    plot.toggles["train"].setChecked(False)
    plot.set_data(circle, "binary", 2)  # new data keeps the learner's choice
    assert not plot.scatter["train"].isVisible()


def test_multiclass_and_regression_points(plot):
    data = engine.datasets.make("multiclass" if "multiclass" in engine.datasets.NAMES else "gauss")
    sp = engine.split(data)
    plot.set_data(sp, data.task, data.n_classes)
    for p, label in zip(plot.scatter["train"].points(), sp.train.y):
        assert p.brush().color().name() == CLASS_COLORS[int(label)]

    reg = engine.datasets.make("plane", n=50, seed=1)
    sp = engine.split(reg)
    plot.set_data(sp, "regression", 0)
    i_max = int(np.argmax(sp.train.y))
    i_min = int(np.argmin(sp.train.y))
    pts = plot.scatter["train"].points()
    hi = pts[i_max].brush().color()
    lo = pts[i_min].brush().color()
    assert hi.blue() > hi.red()  # the largest target is blue
    assert lo.red() > lo.blue()  # the smallest orange


def test_view_is_fixed_and_double_click_resets(plot, qtbot):
    plot.set_bounds((-0.5, 1.5, -0.5, 1.5))
    (x0, x1), (y0, y1) = plot.view.viewRange()
    # exactly the bounds: the map fills the view, no empty bands
    assert (x0, x1, y0, y1) == pytest.approx((-0.5, 1.5, -0.5, 1.5), abs=1e-6)
    assert not plot.view.state["aspectLocked"]
    assert plot.view.state["mouseEnabled"] == [False, False]
    assert plot.plot.getPlotItem().getAxis("bottom").labelText == "x\u2081"
    assert plot.plot.getPlotItem().getAxis("left").labelText == "x\u2082"

    plot.show()
    qtbot.waitExposed(plot)
    plot.view.setRange(xRange=(10, 20), yRange=(10, 20), padding=0)
    vp, left = plot.plot.viewport(), QtCore.Qt.MouseButton.LeftButton
    centre = vp.rect().center()
    # What a real double click delivers: press, release, double-click, release.
    qtbot.mousePress(vp, left, pos=centre)
    qtbot.mouseRelease(vp, left, pos=centre)
    (x0, x1), _ = plot.view.viewRange()
    assert x0 == pytest.approx(10.0)  # a single click leaves the view alone
    qtbot.mouseDClick(vp, left, pos=centre)
    qtbot.mouseRelease(vp, left, pos=centre)
    (x0, x1), (y0, y1) = plot.view.viewRange()
    assert x0 <= -0.5 + 1e-6 and x1 >= 1.5 - 1e-6


def test_constant_output_colours_whole_view(plot, qtbot):
    plot.show()
    qtbot.waitExposed(plot)
    bg = diverging_lut(BACKGROUND_STRENGTH)
    plot.set_output(np.ones((20, 20, 1), np.float32), "binary")
    assert close(pixel_at(plot, -5.9, -5.9), bg[-1, :3])  # bottom-left corner: light blue
    assert close(pixel_at(plot, 5.9, 5.9), bg[-1, :3])
    plot.set_output(np.zeros((20, 20, 1), np.float32), "binary")
    assert close(pixel_at(plot, -5.9, 5.9), bg[0, :3])  # light orange
    assert not plot.boundary.isVisible() or len(plot.boundary.getData()[0]) == 0


def test_output_orientation_rows_are_x2(plot, qtbot):
    """out[i, j] is at (x1 = xs[j], x2 = ys[i]), row 0 at the bottom."""
    plot.show()
    qtbot.waitExposed(plot)
    res = 30
    ys = np.linspace(-6, 6, res)
    out = np.broadcast_to((ys > 0)[:, None, None], (res, res, 1)).astype(np.float32)
    plot.set_output(out, "binary")
    bg = diverging_lut(BACKGROUND_STRENGTH)
    assert close(pixel_at(plot, -5.5, 5.5), bg[-1, :3])  # top: 1 -> blue
    assert close(pixel_at(plot, 5.5, -5.5), bg[0, :3])  # bottom: 0 -> orange


def test_image_fills_the_bounds(plot):
    res = 25
    plot.set_output(np.full((res, res, 1), 0.3, np.float32), "binary")
    img = plot.image
    assert img.image.shape[:2] == (res, res)
    # Pixel centres sit on the grid samples, which include the bounds' edges...
    c00 = img.mapToView(QtCore.QPointF(0.5, 0.5))
    c11 = img.mapToView(QtCore.QPointF(res - 0.5, res - 0.5))
    assert (c00.x(), c00.y()) == pytest.approx((-6.0, -6.0))
    assert (c11.x(), c11.y()) == pytest.approx((6.0, 6.0))
    # ... so the image covers the bounds completely (half a cell to spare).
    r = img.mapRectToView(img.boundingRect())
    cell = 12.0 / (res - 1)
    assert (r.left(), r.right()) == pytest.approx((-6.0 - cell / 2, 6.0 + cell / 2))
    assert (r.top(), r.bottom()) == pytest.approx((-6.0 - cell / 2, 6.0 + cell / 2))
    # New bounds and a new resolution move the same image.
    plot.set_bounds((-0.5, 1.5, -0.5, 1.5))
    plot.set_output(np.full((7, 7, 1), 0.3, np.float32), "binary")
    assert img is plot.image
    c00 = img.mapToView(QtCore.QPointF(0.5, 0.5))
    c66 = img.mapToView(QtCore.QPointF(6.5, 6.5))
    assert (c00.x(), c00.y(), c66.x(), c66.y()) == pytest.approx((-0.5, -0.5, 1.5, 1.5))


def test_decision_boundary_at_half(plot):
    res = 41
    xs = np.linspace(-6, 6, res)
    z = (xs + 6) / 12  # 0.5 at x1 = 0
    out = np.broadcast_to(z[None, :, None], (res, res, 1)).astype(np.float32)
    plot.set_output(out, "binary")
    x, y = plot.boundary.getData()
    assert plot.boundary.isVisible() and len(x) > 0
    np.testing.assert_allclose(x, 0.0, atol=1e-5)
    assert y.min() == pytest.approx(-6.0) and y.max() == pytest.approx(6.0)


def test_contour_segments_on_a_circle():
    xs = ys = np.linspace(-3, 3, 61)
    gx, gy = np.meshgrid(xs, ys)
    x, y = contour_segments(np.hypot(gx, gy), xs, ys, 2.0)
    assert len(x) > 40 and len(x) % 2 == 0
    np.testing.assert_allclose(np.hypot(x, y), 2.0, atol=0.02)
    e = contour_segments(np.ones((5, 5)), np.arange(5.0), np.arange(5.0), 0.5)
    assert len(e[0]) == 0


def test_multiclass_colour_is_argmax(plot):
    res = 10
    out = np.zeros((res, res, 3), np.float32)
    out[:, : res // 2] = (0.8, 0.1, 0.1)  # left: class 0, sure
    out[:, res // 2 :] = (0.1, 0.2, 0.7)  # right: class 2
    plot.set_output(out, "multiclass")
    rgba = plot.image.image
    assert rgba.shape == (res, res, 4) and rgba.dtype == np.uint8
    white = np.array([255.0, 255.0, 255.0])

    def expected(cls, conf):
        s = BACKGROUND_STRENGTH * (conf - 1 / 3) / (1 - 1 / 3)
        return white + s * (np.array(hex_to_rgb(CLASS_COLORS[cls])) - white)

    np.testing.assert_allclose(rgba[0, 0, :3], expected(0, 0.8), atol=1)
    np.testing.assert_allclose(rgba[-1, -1, :3], expected(2, 0.7), atol=1)
    assert not plot.boundary.isVisible()
    # Less sure -> paler.
    out[:, :] = (0.4, 0.3, 0.3)
    plot.set_output(out, "multiclass")
    assert plot.image.image[0, 0, :3].min() > rgba[0, 0, :3].min()


def test_regression_output_uses_target_levels(plot):
    reg = engine.datasets.make("plane", n=60, seed=0)
    plot.set_data(engine.split(reg), "regression", 0)
    m = float(np.abs(reg.y).max())
    plot.set_output(np.full((8, 8, 1), 0.1, np.float32), "regression")
    lo, hi = plot.image.getLevels()
    assert (lo, hi) == pytest.approx((-m, m), rel=0.05)
    assert not plot.boundary.isVisible()


def test_regression_shows_a_value_legend_with_the_target_range(plot):
    reg = engine.datasets.make("plane", n=60, seed=0)
    plot.set_data(engine.split(reg), "regression", 0)
    m = float(np.abs(reg.y).max())
    lo, hi = plot.value_legend_range()
    assert (lo, hi) == pytest.approx((-m, m), rel=0.05)
    assert f"{hi:.3g}" in plot.value_legend.text()
    clf = engine.datasets.make("circle", n=60, seed=0)
    plot.set_data(engine.split(clf), "binary", 2)
    assert plot.value_legend_range() is None


def test_output_rendering_is_pure_numpy_for_the_worker_thread():
    """The worker colours the output map: that module must not pull in Qt."""
    import subprocess
    import sys

    code = ("import sys, ui.common.mapcolors; "
            "print([m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_show_output_draws_a_rendered_frame_like_set_output(plot):
    from ui.common.mapcolors import render_output

    res = 21
    xs = np.linspace(-6, 6, res)
    out = np.broadcast_to(((xs + 6) / 12)[None, :, None], (res, res, 1)).astype(np.float32)
    plot.show_output(render_output(out, "binary", plot.bounds()))
    x, _ = plot.boundary.getData()
    np.testing.assert_allclose(x, 0.0, atol=1e-5)
    shown = plot.image.image.copy()
    plot.set_output(out, "binary")
    np.testing.assert_array_equal(plot.image.image, shown)


@pytest.mark.parametrize("size", [(420, 640), (640, 420), (360, 360)])
def test_x1_and_x2_are_drawn_at_one_scale_and_the_map_fills_the_view(plot, qtbot, size):
    plot.resize(*size)
    settle(qtbot, plot)
    w, h = plot.view.width(), plot.view.height()
    assert w > 200
    assert abs(w - h) <= 2  # a round data set looks round
    (x0, x1), (y0, y1) = plot.view.viewRange()
    assert (x0, x1, y0, y1) == pytest.approx(BOUNDS, abs=1e-6)  # no empty bands
    # the plot needs no more height than that: the rest can go to other widgets
    assert plot.height() <= plot.fit_height()

    plot.set_bounds((-1.0, 1.0, -2.0, 2.0))  # x2 spans twice as much as x1
    settle(qtbot, plot)
    assert plot.view.height() == pytest.approx(2 * plot.view.width(), abs=3)


def test_tick_labels_are_whole_inside_the_widget(plot, qtbot):
    plot.resize(420, 470)
    settle(qtbot, plot)
    pi = plot.plot.getPlotItem()
    inside = QtCore.QRectF(plot.plot.viewport().rect())
    seen = []
    for name in ("left", "bottom"):
        axis = pi.getAxis(name)
        for text, rect in drawn_tick_labels(axis):
            box = axis.mapRectToScene(rect)  # scene = the plot widget's pixels
            assert inside.contains(box), f"{name} tick label {text!r} cut: {box}"
            seen.append(text)
    assert "6" in seen and "-6" in seen  # the top and bottom x2 ticks, at the frame


def test_a_split_without_points_has_no_toggle(plot, circle):
    table = engine.datasets.make("xor")
    plot.set_data(engine.split(table, (1.0, 0.0, 0.0)), "binary", 2)
    assert plot.toggles["train"].isVisibleTo(plot)
    assert not plot.toggles["validation"].isVisibleTo(plot)
    assert not plot.toggles["test"].isVisibleTo(plot)
    assert plot.toggles["lines"].isVisibleTo(plot)
    plot.set_data(circle, "binary", 2)
    assert all(box.isVisibleTo(plot) for box in plot.toggles.values())


def test_the_value_legend_does_not_make_the_plot_wider(plot, qtbot):
    reg = engine.datasets.make("plane", n=500, seed=0)
    clf = engine.datasets.make("circle", n=500, seed=0)
    plot.set_data(engine.split(clf), "binary", 2)
    settle(qtbot, plot)
    width = plot.minimumSizeHint().width()
    plot.set_data(engine.split(reg), "regression", 0)
    settle(qtbot, plot)
    assert plot.value_legend.isVisible()
    assert plot.minimumSizeHint().width() <= width


def test_a_regression_output_far_off_the_value_scale_is_said_so(plot):
    reg = engine.datasets.make("plane", n=60, seed=0)
    plot.set_data(engine.split(reg), "regression", 0)
    lo, hi = plot.value_legend_range()
    assert "output y" in plot.value_legend.text()
    calm = np.linspace(lo, hi, 16 * 16).reshape(16, 16, 1)
    plot.set_output(calm, "regression")
    assert plot.value_legend_note() == ""
    # a diverging fit: clipped to the scale's ends the map would look healthy
    wild = calm * 1e12
    frame = render_output(wild, "regression", plot.bounds(), (lo, hi))
    assert frame.span == pytest.approx((lo * 1e12, hi * 1e12))
    plot.show_output(frame)
    note = plot.value_legend_note()
    assert "far off this scale" in note and f"{hi * 1e12:.2g}" in note
    plot.set_output(calm, "regression")  # back on the scale: the note goes
    assert plot.value_legend_note() == ""
    assert "far off" not in plot.value_legend.text()


@pytest.mark.parametrize("size", [(420, 440), (700, 720)])
def test_both_axes_tick_at_one_step(plot, qtbot, size):
    """x1 and x2 share a scale, so their ticks share a step (0.5 against 0.1 misled)."""
    plot.set_bounds((-0.5, 1.5, -0.5, 1.5))  # the truth tables' view
    plot.resize(*size)
    settle(qtbot, plot)
    pi = plot.plot.getPlotItem()
    steps = []
    for name in ("bottom", "left"):
        values = sorted(float(t) for t, _ in drawn_tick_labels(pi.getAxis(name)))
        assert len(values) >= 3, name
        steps.append(set(np.round(np.diff(values), 6)))
    assert steps[0] == steps[1] == {plot.tick_spacing()}
    assert plot.tick_spacing() in (0.1, 0.2, 0.25, 0.5)
