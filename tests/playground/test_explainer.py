"""The canvas explained: a clicked point's forward pass, gradients on the edges, the chain rule."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt

import engine
from engine.explain import chain_rule, forward_trace, gradients

from .windows import latest


def _train(win, qtbot, epochs=40):
    for _ in range(epochs):
        win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == epochs, timeout=10000)
    qtbot.waitUntil(lambda: win.presenter.drawn is latest(win), timeout=5000)


def _click_data(win, qtbot, x, y):
    plot = win.boundary
    scene = plot.view.mapViewToScene(QPointF(x, y))
    pos = plot.plot.mapFromScene(scene)
    qtbot.mouseClick(plot.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _net(snap):
    net = engine.Network(snap.spec)
    net.set_weights(snap.weights)
    return net


def test_a_clicked_point_shows_its_forward_pass_with_the_engines_numbers(window, qtbot):
    win = window("mlp-xor")
    _train(win, qtbot)
    _click_data(win, qtbot, 1.02, -0.03)  # near the data point (1, 0)
    panel = win.explainer.forward
    qtbot.waitUntil(panel.isVisible, timeout=3000)
    snap = win.presenter.drawn
    trace = forward_trace(_net(snap), (1.0, 0.0))
    text = panel.text()
    assert "out = \u03c3(W\u2082\u00b7\u03c3(W\u2081\u00b7x + b\u2081) + b\u2082)" in text
    for step in (*trace.layers[0], *trace.layers[1]):
        assert step.formula() in text.replace("\n", " ") or step.formula() in text
    assert "(target 1)" in text
    badges = win.canvas.badges()
    assert badges["x1"] == "1" and badges["x2"] == "0"
    h1 = trace.layers[0][0]
    assert badges["0:0"] == f"z {h1.z:.3g}\na {h1.a:.3g}"
    assert win.boundary.traced.isVisible()
    # a typed point
    panel.point_edit.setText("0.5, -0.25")
    qtbot.keyClick(panel.point_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.canvas.badges().get("x2") == "-0.25", timeout=3000)
    assert win.explainer.point == (0.5, -0.25)
    panel.point_edit.setText("one, two")
    qtbot.keyClick(panel.point_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(win.banner.isVisible, timeout=3000)
    assert "x\u2081 and x\u2082 must be numbers" in win.banner.text()
    assert win.explainer.point == (0.5, -0.25)  # kept
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible() and win.canvas.badges() == {}
    assert not win.explainer.forward_action.isChecked()


def test_gradients_on_the_edges_and_a_chain_rule_product_from_a_click(window, qtbot):
    win = window("mlp-xor")
    _train(win, qtbot, 20)
    qtbot.keyClick(win, Qt.Key.Key_G,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert win.explainer.gradients_action.isChecked()
    steps = latest(win).steps
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: latest(win).gradients is not None
                    and latest(win).steps == steps + 1, timeout=5000)
    qtbot.waitUntil(lambda: win.presenter.drawn is latest(win)
                    and all(win.canvas.gradient_lines()), timeout=5000)
    snap = win.presenter.drawn
    want = gradients(_net(snap), snap.split.train, "bce")
    for got, w in zip(snap.gradients, want):
        np.testing.assert_allclose(got, w, rtol=1e-12)
    first = np.abs(want[0][:-1]).mean()
    assert win.canvas.gradient_lines()[0] == f"|\u2202L/\u2202w|\n{first:.2g}"
    bundle = win.canvas.edge_bundle(0)
    assert "\u2202L/\u2202w =" in bundle.edge_text(0)
    # a click on an edge: its chain rule (no weight dialog)
    view = win.canvas.view
    k = 1  # x1 -> h2
    spot = view.mapFromScene(bundle.mapToScene(bundle.lines[k].pointAt(0.3)))
    qtbot.mouseMove(view.viewport(), spot)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    chain_panel = win.explainer.chain
    qtbot.waitUntil(chain_panel.isVisible, timeout=3000)
    train = snap.split.train
    chain = chain_rule(_net(snap), "bce", tuple(train.X[0]), train.y[0], 0, 0, 1, train, 0.5)
    assert chain.text() in chain_panel.text()
    assert chain.weight == "x\u2081\u2192h\u2082"
    # off again: the edges are the weights' once more
    win.explainer.gradients_action.trigger()
    assert win.canvas.gradient_lines() == ["", ""] and not chain_panel.isVisible()
    assert "\u2202L/\u2202w" not in win.canvas.edge_bundle(0).edge_text(0)  # (rebuilt or not)


def test_the_vanishing_gradients_lesson_opens_with_gradients_on_the_edges(window, qtbot):
    """Lessons > Vanishing gradients: the overlay is on at once and the first layer's
    line under its column is far smaller than the output's; its comparison (ReLU)
    runs alongside."""
    win = window("mlp-xor")
    win.menus.lessons["vanishing-gradients"].trigger()
    qtbot.waitUntil(lambda: win.explainer.gradients_action.isChecked(), timeout=3000)
    qtbot.waitUntil(lambda: win.presenter.drawn is not None
                    and win.presenter.drawn.gradients is not None
                    and len(win.presenter.drawn.spec.layers) == 7
                    and all(win.canvas.gradient_lines()), timeout=10000)
    g = win.presenter.drawn.gradients
    first, last = (float(np.abs(G[:-1]).mean()) for G in (g[0], g[-1]))
    assert first < 0.01 * last
    lines = win.canvas.gradient_lines()
    assert lines[0] == f"|\u2202L/\u2202w|\n{first:.2g}"
    qtbot.waitUntil(lambda: win.curves.comparison_labels() == ["6 ReLU layers"], timeout=30000)
    path = win.open_panes()
    assert path == ("gradients",)


def test_a_big_networks_forward_pass_scrolls_in_a_box_that_leaves_the_canvas_free(window,
                                                                                  qtbot):
    """dropout's 32-32 net: 14 neurons' formulas do not fit; the panel keeps to the
    lower half of the canvas and its text scrolls."""
    win = window("dropout")
    win.explainer.trace_point(0.5, -0.5)
    panel = win.explainer.forward
    qtbot.waitUntil(panel.isVisible, timeout=3000)
    area = win.canvas.view.geometry()
    assert panel.height() <= 0.6 * area.height()
    assert panel.geometry().bottom() <= area.bottom()
    bar = panel.scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the rest is a scroll away
    assert "h1.1:" in panel.text() and "hover a neuron" in panel.text()
