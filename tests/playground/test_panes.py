"""Views beside the network: the hidden space, opened from the View menu or a lesson."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

import engine
from engine.hidden import hidden_space

from .windows import latest


def _frame_with_hidden(win, qtbot, timeout=5000):
    qtbot.waitUntil(lambda: win.presenter.drawn is not None
                    and (win.presenter.drawn.hidden is not None
                         or win.presenter.drawn.hidden_why is not None), timeout=timeout)
    return win.presenter.drawn


def _drawn_points(plot):
    x, y = plot.scatter["train"].getData()
    return np.column_stack([x, y])


def test_the_hidden_space_lesson_opens_its_view_and_draws_the_engines_numbers(window, qtbot):
    win = window("mlp-xor")
    assert not win.hidden_pane.is_open()
    win.menus.lessons["hidden-space"].trigger()
    qtbot.waitUntil(lambda: win.document.project.title.startswith("Hidden space"), timeout=3000)
    assert win.hidden_pane.is_open() and win.hidden_pane.widget.isVisible()
    assert win.pane_column.width() > 150 and win.canvas.width() > 150
    win.toolbar.set_speed(100)
    win.toolbar.play.trigger()
    qtbot.waitUntil(lambda: latest(win).done, timeout=20000)
    qtbot.waitUntil(lambda: win.presenter.drawn is latest(win), timeout=5000)
    snap = win.presenter.drawn
    net = engine.Network(snap.spec)
    net.set_weights(snap.weights)
    want = hidden_space(net, snap.split, snap.split.train.bounds)
    plot = win.hidden_pane.plot
    np.testing.assert_allclose(_drawn_points(plot), want.parts[0], rtol=1e-12)
    # the output neuron's line, drawn exactly, separates the classes in hidden space
    W, b = want.line
    x, y = plot.neuron_lines[0].getData()
    assert plot.neuron_labels[0].textItem.toPlainText() == "output"
    assert len(x) == 2 and plot.neuron_lines[0].isVisible()
    np.testing.assert_allclose(W[0, 0] * x + W[1, 0] * y + b[0], 0.0, atol=1e-9)
    side = want.parts[0] @ W[:, 0] + b[0] > 0
    assert np.array_equal(side, snap.split.train.y == 1)
    assert plot.axis_names == ("h\u2081", "h\u2082")
    gx, _ = plot.grid.getData()
    assert len(gx) == 2 * want.grid.shape[0] * (want.grid.shape[1] - 1)  # segment ends


def test_the_view_menu_opens_and_shuts_it_and_the_worker_follows(window, qtbot):
    win = window("mlp-xor")
    qtbot.waitUntil(lambda: latest(win).hidden is None, timeout=3000)
    qtbot.keyClick(win, Qt.Key.Key_H,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert win.hidden_pane.is_open()
    snap = _frame_with_hidden(win, qtbot)
    assert snap.hidden.units == (0, 1)
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: latest(win).steps == 1 and latest(win).hidden is not None,
                    timeout=5000)
    win.hidden_pane.action.trigger()
    assert not win.hidden_pane.widget.isVisible() and win.pane_column.isHidden()
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: latest(win).steps == 2, timeout=5000)
    assert latest(win).hidden is None  # nothing computed for a shut view


def test_without_a_hidden_plane_the_view_says_why_and_what_to_do(window, qtbot):
    win = window("perceptron-and")
    win.hidden_pane.action.trigger()
    _frame_with_hidden(win, qtbot)
    plot = win.hidden_pane.plot
    qtbot.waitUntil(lambda: plot.note.isVisible(), timeout=3000)
    assert "no hidden layer" in plot.note.text() and "+ above the network" in plot.note.text()
    # + adds a hidden layer (4 neurons): the plane is there at once
    win.canvas.layer_buttons()[0].on_click()
    qtbot.waitUntil(lambda: latest(win).hidden is not None, timeout=5000)
    qtbot.waitUntil(lambda: not plot.note.isVisible(), timeout=5000)


def test_three_neurons_offer_the_axes_to_choose(window, qtbot):
    win = window("mlp-xor")
    win.hidden_pane.action.trigger()
    win.canvas.unit_buttons(0)[0].on_click()  # + : a third hidden neuron
    qtbot.waitUntil(lambda: latest(win).hidden is not None
                    and latest(win).hidden.n_units == 3, timeout=5000)
    qtbot.waitUntil(lambda: win.presenter.drawn.hidden is not None
                    and win.presenter.drawn.hidden.n_units == 3, timeout=5000)
    plot = win.hidden_pane.plot
    assert plot.axes_row.isVisible()
    assert not plot.neuron_lines[0].isVisible()  # the output needs all three
    assert "all 3 neurons" in plot.toggles["lines"].toolTip()
    x_axis = plot.axis_boxes[0]
    x_axis.setCurrentIndex(2)
    x_axis.activated.emit(2)  # the learner picks h3 for the horizontal axis
    qtbot.waitUntil(lambda: latest(win).hidden is not None
                    and latest(win).hidden.units == (2, 1), timeout=5000)
    qtbot.waitUntil(lambda: plot.axis_names == ("h\u2083", "h\u2082"), timeout=5000)


def test_a_saved_project_reopens_with_its_views(window, qtbot, tmp_path):
    win = window("mlp-xor")
    win.hidden_pane.action.trigger()
    path = tmp_path / "with-view.json"
    assert win.save(str(path))
    assert engine.project.load(path).panes == ("hidden",)
    win.hidden_pane.action.trigger()
    assert not win.hidden_pane.is_open()
    win.open_file(str(path))
    qtbot.waitUntil(win.hidden_pane.is_open, timeout=3000)
