"""The first-layer neurons' lines in the data view (the course's two lines that solve XOR)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore

from ui.common.geometry import label_spots, line_in_box
from ui.dataview.neuron_lines import MAX_NEURON_LINES
from ui.dataview.plot import BoundaryPlot

from .boundary_helpers import BOUNDS


def test_line_in_box_cases():
    seg = line_in_box(1.0, 2.0, -1.0, BOUNDS)
    assert seg.shape == (2, 2)
    np.testing.assert_allclose(seg @ [1.0, 2.0] - 1.0, 0.0, atol=1e-12)
    v = line_in_box(2.0, 0.0, 1.0, BOUNDS)  # w2 == 0: the vertical line x1 = -0.5
    np.testing.assert_allclose(v[:, 0], -0.5)
    assert sorted(v[:, 1]) == [-6.0, 6.0]
    h = line_in_box(0.0, 1.0, -3.0, BOUNDS)  # w1 == 0: horizontal x2 = 3
    np.testing.assert_allclose(h[:, 1], 3.0)
    assert line_in_box(0.0, 0.0, 1.0, BOUNDS) is None  # no line at all
    assert line_in_box(1.0, 1.0, 100.0, BOUNDS) is None  # outside the view
    d = line_in_box(1.0, -1.0, 0.0, BOUNDS)  # the diagonal through two corners
    np.testing.assert_allclose(sorted(map(tuple, d)), [(-6.0, -6.0), (6.0, 6.0)])


def test_neuron_lines_pass_through_the_right_points(plot):
    W = np.array([[1.0, 2.0, 0.0], [2.0, 0.0, 0.0]])  # (2 inputs, 3 units)
    b = np.array([-1.0, 1.0, 5.0])
    plot.set_neuron_lines(W, b)
    x, y = plot.neuron_lines[0].getData()
    np.testing.assert_allclose(1.0 * x + 2.0 * y - 1.0, 0.0, atol=1e-9)
    assert plot.neuron_lines[0].isVisible() and plot.neuron_labels[0].isVisible()
    assert plot.neuron_labels[0].textItem.toPlainText() == "h1"
    x, y = plot.neuron_lines[1].getData()  # w2 == 0: vertical at x1 = -0.5
    np.testing.assert_allclose(x, -0.5)
    assert y.min() == pytest.approx(-6.0) and y.max() == pytest.approx(6.0)
    assert not plot.neuron_lines[2].isVisible()  # w1 == w2 == 0
    assert not plot.neuron_labels[2].isVisible()
    assert not any(line.isVisible() for line in plot.neuron_lines[3:])
    assert plot.toggles["lines"].isEnabled()

    # Updating moves the same items.
    item = plot.neuron_lines[0]
    plot.set_neuron_lines(W * 2, b + 1)
    assert plot.neuron_lines[0] is item
    x, y = item.getData()
    np.testing.assert_allclose(2.0 * x + 4.0 * y + 0.0, 0.0, atol=1e-9)

    plot.set_show_lines(False)
    assert not plot.toggles["lines"].isChecked()
    assert not any(line.isVisible() for line in plot.neuron_lines)
    plot.set_show_lines(True)
    assert plot.neuron_lines[0].isVisible() and plot.neuron_lines[1].isVisible()
    assert not plot.neuron_lines[2].isVisible()

    plot.set_neuron_lines(None, None)
    assert not any(line.isVisible() for line in plot.neuron_lines)
    assert not any(label.isVisible() for label in plot.neuron_labels)
    assert not plot.toggles["lines"].isEnabled()

    many = MAX_NEURON_LINES + 1
    plot.set_neuron_lines(np.ones((2, many)), np.zeros(many))
    assert not any(line.isVisible() for line in plot.neuron_lines)


def test_a_perceptrons_line_is_labelled_output(qtbot):
    import numpy as np


    p = BoundaryPlot()
    qtbot.addWidget(p)
    p.set_bounds((-0.5, 1.5, -0.5, 1.5))
    p.set_neuron_lines(np.array([[1.0], [1.0]]), np.array([-1.5]), ["output"])
    assert p.neuron_labels[0].textItem.toPlainText() == "output"
    p.set_neuron_lines(np.array([[1.0, 1.0], [1.0, -1.0]]), np.array([-1.5, 0.0]))
    assert [lb.textItem.toPlainText() for lb in p.neuron_labels[:2]] == ["h1", "h2"]


def test_a_perceptrons_exact_line_replaces_the_sampled_contour(qtbot):
    """The 0.5 contour of a step map is a staircase; a single neuron's boundary is
    exactly its line, drawn solid instead (the contour returns with lines off)."""
    import numpy as np


    p = BoundaryPlot()
    qtbot.addWidget(p)
    p.set_bounds((-0.5, 1.5, -0.5, 1.5))
    res = 16
    xs = np.linspace(-0.5, 1.5, res)
    z = ((xs[None, :] + xs[:, None]) >= 1.5).astype(np.float32)[:, :, None]
    p.set_output(z, "binary")
    assert p.boundary.isVisible()  # a plain map: the contour
    p.set_neuron_lines(np.array([[1.0], [1.0]]), np.array([-1.5]), ["output"])
    assert not p.boundary.isVisible() and p.neuron_lines[0].isVisible()
    assert p.neuron_lines[0].pen().style() == QtCore.Qt.PenStyle.SolidLine
    p.set_output(z, "binary")  # the next frame keeps it so
    assert not p.boundary.isVisible()
    p.set_show_lines(False)
    assert p.boundary.isVisible()
    p.set_show_lines(True)
    p.set_neuron_lines(np.array([[1.0, 1.0], [1.0, -1.0]]), np.array([-1.5, 0.0]))
    assert p.boundary.isVisible()  # hidden neurons' lines are not the boundary
    assert p.neuron_lines[0].pen().style() == QtCore.Qt.PenStyle.DashLine


def test_labels_of_lines_crossing_in_one_point_stay_apart():
    """Four neuron lines through the centre (XOR-like nets do this): each label finds
    its own place, and keeps it while the lines barely move."""
    bounds = (-6.0, 6.0, -6.0, 6.0)
    angles = np.radians([10, 55, 100, 145])

    def segments(turn=0.0):
        return [line_in_box(np.sin(a + turn), -np.cos(a + turn), 0.0, bounds) for a in angles]

    segs = segments()
    spots = label_spots(segs, bounds)
    points = [s[0] + (1 - t) * (s[1] - s[0]) for s, t in zip(segs, spots)]
    gaps = [np.hypot(*(p - q)) for i, p in enumerate(points) for q in points[:i]]
    assert min(gaps) >= 0.1 * 12  # at least a tenth of the view apart
    # a small turn of every line: the labels stay where they were
    assert label_spots(segments(0.02), bounds, spots) == spots
    # a missing line has no label
    assert label_spots([None, segs[1]], bounds)[0] is None


def test_a_line_outside_the_view_is_named(plot):
    """perceptron-xor often ends with its line off the plane: all one colour, no line.
    The view says why instead of looking broken."""
    plot.set_bounds((-0.5, 1.5, -0.5, 1.5))
    plot.set_show_lines(True)
    plot.set_neuron_lines(np.array([[1.0], [1.0]]), np.array([-5.0]), ["output"])
    assert "output's line is outside the view" in plot.off_view_text()
    plot.set_neuron_lines(np.array([[1.0], [1.0]]), np.array([-1.0]), ["output"])
    assert plot.off_view_text() == ""  # x1 + x2 = 1 crosses the view
    W = np.array([[1.0, 1.0, 1.0], [1.0, -1.0, 1.0]])
    plot.set_neuron_lines(W, np.array([-1.0, 0.0, 9.0]))
    assert plot.off_view_text() == "outside the view: h3"
    plot.set_show_lines(False)  # no lines shown: no note either
    assert plot.off_view_text() == ""


@pytest.mark.parametrize("where", [0.15, 0.27, 0.39, 0.5, 0.61, 0.73, 0.85])
def test_a_label_keeps_clear_of_the_data_points(where):
    """perceptron-or's "output" label sat on the (0, 0) point: wherever a point lies
    on the line, the label goes to a spot clear of it."""
    from ui.common.geometry import LABEL_SPOTS, POINT_ROOM

    bounds = (0.0, 1.0, 0.0, 1.0)
    seg = np.array([[0.0, 0.0], [1.0, 1.0]])
    t_default = label_spots([seg], bounds)[0]
    point = seg[0] + (1 - where) * (seg[1] - seg[0])  # a point right on a spot
    (t,) = label_spots([seg], bounds, avoid=point[None, :])
    spot = seg[0] + (1 - t) * (seg[1] - seg[0])
    assert np.hypot(*(spot - point)) >= POINT_ROOM
    assert t in LABEL_SPOTS
    if abs(where - t_default) > 0.2:  # a point far from the usual spot moves nothing
        assert t == t_default
