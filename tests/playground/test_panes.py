"""Views beside the network: the hidden space, opened from the View menu or a lesson."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

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
    assert win.pane_tabs.currentWidget() is win.hidden_pane.widget
    assert win.pane_tabs.tabText(1) == "Hidden space" and win.pane_tabs.tabBar().isVisible()
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
    assert not win.hidden_pane.widget.isVisible() and win.pane_tabs.count() == 1
    assert not win.pane_tabs.tabBar().isVisible() and win.boundary.isVisible()
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


def test_the_local_minima_lesson_races_batch_gd_against_momentum(window, qtbot):
    """Lessons > Local minima opens the race on two valleys; Race: batch GD stops in the
    near valley, momentum in the lower one -- the engine's steps, drawn."""
    from engine.race import LINEUPS, SURFACES, Race

    win = window("mlp-xor")
    win.menus.lessons["local-minima"].trigger()
    qtbot.waitUntil(win.race_pane.is_open, timeout=3000)
    view = win.race_pane.view
    assert view.surface_name() == "two-valleys" and view.lineup == "local-minima"
    view.pace.setCurrentIndex(view.pace.count() - 1)  # the fastest
    qtbot.mouseClick(view.go, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.go.isChecked(), timeout=10000)  # the race is over
    race = Race(SURFACES["two-valleys"], LINEUPS["local-minima"])
    race.finish()
    assert view.race.steps == race.steps == SURFACES["two-valleys"].steps
    for k in range(len(race.racers)):
        np.testing.assert_array_equal(view.surface.path(k), race.path(k))
    legend = view.legend.text()
    assert "batch GD</b>: in the local minimum" in legend
    assert "Momentum</b>: in the global minimum" in legend


def test_a_click_on_the_surface_starts_the_race_there(window, qtbot):
    win = window("optimizer-race")
    view = win.race_pane.view
    assert view.surface_name() == "ravine"
    plot = view.surface
    spot = plot.view.mapViewToScene(QPointF(-3.0, -1.0))
    pos = plot.plot.mapFromScene(spot)
    qtbot.mouseClick(plot.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: view.race.steps > 0, timeout=5000)
    x, y = view.race.start
    assert abs(x + 3.0) < 0.1 and abs(y + 1.0) < 0.1
    assert view.go.isChecked()
    view.lr_edit.setText("abc")
    view.lr_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: win.banner.isVisible() and "lr must be a number" in
                    win.banner.text(), timeout=3000)
    assert view.lr_edit.text() == "0.33"  # the race keeps its rate


def test_the_loss_landscape_is_the_trainers_loss_around_the_weights(window, qtbot):
    """View > Loss landscape: the worker sends the training loss on the plane of two
    weights (h1->out, h2->out for mlp-xor), centred where the weights are; its centre
    is the loss the status bar shows, the path ends at the weights now."""
    win = window("mlp-xor")
    qtbot.keyClick(win, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert win.landscape_pane.is_open()
    for _ in range(5):
        win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == 5 and latest(win).landscape is not None
                    and latest(win).landscape.path.shape[0] >= 2, timeout=10000)
    qtbot.waitUntil(lambda: win.presenter.drawn is latest(win), timeout=5000)
    snap = win.presenter.drawn
    land = snap.landscape
    assert land.plane.labels == ("h\u2081\u2192out", "h\u2082\u2192out")
    assert land.centre_loss == snap.train_loss
    W2 = snap.weights[2]  # h -> out, (2, 1)
    np.testing.assert_array_equal(land.path[-1], W2[:, 0])
    mid = land.values.shape[0] // 2
    assert land.values[mid, mid] == pytest.approx(land.centre_loss, rel=1e-12)  # the centre
    view = win.landscape_pane.view
    np.testing.assert_array_equal(view.surface.values, land.values)
    assert f"{snap.train_loss:.4g}" in view.caption.text()
    # another plane: two random directions
    view.mode.setCurrentIndex(1)
    view.mode.activated.emit(1)
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: latest(win).landscape is not None
                    and latest(win).landscape.plane.kind == "random", timeout=5000)
    win.landscape_pane.action.trigger()  # shut: the worker stops computing it
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: latest(win).landscape is None, timeout=5000)


def test_with_every_view_open_the_window_still_fits_a_1024_by_700_projector(window, qtbot):
    win = window("mlp-xor")
    for pane in win.panes:
        pane.set_open(True)
    win.explainer.gradients_action.setChecked(True)
    win.explainer.trace_point(1.0, 0.0)
    assert win.pane_tabs.count() == 4
    hint = win.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700, hint
    win.resize(1024, 700)
    qtbot.waitUntil(lambda: win.width() == 1024 and win.height() == 700, timeout=3000)
    for pane in win.panes:
        win.pane_tabs.setCurrentWidget(pane.widget)
        qtbot.waitUntil(pane.widget.isVisible, timeout=3000)
        assert pane.widget.width() >= 300 and pane.widget.height() >= 250
    assert win.canvas.width() >= 240
