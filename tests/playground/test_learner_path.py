"""The learner's path without dead ends (issue: no dead ends), driven by mouse and keys."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from .windows import latest


def _wheel(widget, notches: int) -> None:
    """Turn the mouse wheel over ``widget`` (down for notches < 0), as a mouse does."""
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_panel_not_the_value_under_it(window, qtbot):
    win = window("early-stopping")
    win.resize(1280, 700)  # short enough for the panel to scroll
    qtbot.waitUntil(lambda: win.controls_scroll.verticalScrollBar().maximum() > 0, timeout=3000)
    bar = win.controls_scroll.verticalScrollBar()
    bar.setValue(0)
    epochs = win.controls.training.epochs_spin
    before = epochs.value()
    _wheel(epochs, -3)
    assert epochs.value() == before  # not 997
    assert bar.value() > 0  # the panel scrolled instead
    epochs.setFocus()
    _wheel(epochs, 1)  # once focused, the wheel is the field's
    assert epochs.value() != before


def test_enter_commits_a_field_and_gives_the_keys_back(window, qtbot):
    win = window("mlp-xor")
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
    epochs = win.controls.training.epochs_spin
    epochs.setFocus()
    epochs.selectAll()
    qtbot.keyClicks(epochs, "700")
    qtbot.keyClick(epochs, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.document.project.training.epochs == 700, timeout=3000)
    qtbot.waitUntil(win.canvas.view.hasFocus, timeout=3000)
    qtbot.keyClick(win.canvas.view, Qt.Key.Key_Space)  # Space plays again
    qtbot.waitUntil(lambda: win.toolbar.play.isChecked(), timeout=3000)
    qtbot.keyClick(win.canvas.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not win.toolbar.play.isChecked(), timeout=3000)
    # Esc drops what was typed and leaves the field
    rate = win.controls.training.lr_edit
    rate.setFocus()
    rate.selectAll()
    qtbot.keyClicks(rate, "0.9")
    qtbot.keyClick(rate, Qt.Key.Key_Escape)
    assert win.canvas.view.hasFocus()
    assert win.document.project.training.lr == 0.5 and rate.text() == "0.5"
    epochs.setFocus()
    epochs.selectAll()
    qtbot.keyClicks(epochs, "12")
    qtbot.keyClick(epochs, Qt.Key.Key_Escape)
    assert win.canvas.view.hasFocus()
    assert win.document.project.training.epochs == 700 and epochs.value() == 700


def _run_to_the_limit(win, qtbot, epochs=5):
    win.controls.training.epochs_spin.setValue(epochs)
    qtbot.waitUntil(lambda: win.document.project.training.epochs == epochs, timeout=3000)
    win.toolbar.play.trigger()
    qtbot.waitUntil(lambda: latest(win).done and latest(win).epoch == epochs, timeout=10000)
    qtbot.waitUntil(lambda: not win.toolbar.play.isChecked(), timeout=3000)


def test_an_edit_after_a_finished_run_starts_a_new_one_that_plays(window, qtbot):
    win = window("mlp-xor")
    win.toolbar.set_speed(100)
    _run_to_the_limit(win, qtbot)
    trained = latest(win).weights
    plus, _ = win.canvas.unit_buttons(0)
    plus.on_click()  # a third hidden neuron
    qtbot.waitUntil(lambda: latest(win).spec.layers[0].units == 3, timeout=5000)
    snap = latest(win)
    assert snap.epoch == 0 and not snap.done  # a new run ...
    assert np.array_equal(snap.weights[0][:, :2], trained[0])  # ... from the kept weights
    win.toolbar.play.trigger()  # and Play plays
    qtbot.waitUntil(lambda: latest(win).epoch >= 2, timeout=10000)
    assert "finished" not in win.banner.text()


def test_play_after_the_limit_goes_on_with_a_raised_limit(window, qtbot):
    win = window("mlp-xor")
    win.toolbar.set_speed(100)
    _run_to_the_limit(win, qtbot)
    win.toolbar.play.trigger()
    qtbot.waitUntil(lambda: win.document.project.training.epochs == 105, timeout=3000)
    assert "Ctrl+Z" in win.statusBar().currentMessage()
    # the same run goes on, to the new limit
    qtbot.waitUntil(lambda: latest(win).done and latest(win).epoch == 105, timeout=10000)
    assert len(latest(win).history["loss"]) == 105
    win.undo()
    assert win.document.project.training.epochs == 5


def test_early_stopping_shows_the_restored_models_figures_as_the_cli_does(window, qtbot,
                                                                           tmp_path):
    """After the stop the weights are the best epoch's: the status bar and the CLI show
    the figures of those weights, the same numbers, labelled as restored."""
    import json
    import subprocess
    import sys

    from .test_cli import env

    win = window("early-stopping")
    win.toolbar.set_speed(0)
    win.toolbar.play.trigger()
    qtbot.waitUntil(lambda: latest(win).done, timeout=60000)
    snap = latest(win)
    assert snap.stopped_early and snap.restored_epoch == snap.best_epoch
    best_val = snap.history["val_loss"][snap.history["epoch"].index(snap.best_epoch)]
    assert snap.val_loss == best_val != snap.history["val_loss"][-1]
    qtbot.waitUntil(lambda: "restored" in win.status.text(), timeout=3000)
    r = subprocess.run([sys.executable, "-m", "playground", "train", "--preset",
                        "early-stopping", "--no-jit", "--json"], cwd=tmp_path, env=env(),
                       capture_output=True, text=True, timeout=120)
    s = json.loads(r.stdout.strip().splitlines()[-1])
    assert s["restored"] and s["best_epoch"] == snap.best_epoch and s["epochs"] == snap.epoch
    assert s["val_loss"] == snap.val_loss and s["train_loss"] == snap.train_loss
    assert s["test_loss"] == snap.test_loss


@pytest.mark.parametrize("seed", range(5))
def test_from_the_perceptron_to_an_mlp_that_solves_xor(window, qtbot, seed):
    """perceptron-xor, Play (it fails), then the text's advice with the mouse: + adds a
    hidden layer, − − takes it down to 2 neurons, R, Play: XOR is solved."""
    win = window("perceptron-xor")
    win.controls.training.seed_spin.setValue(seed)
    qtbot.waitUntil(lambda: win.document.project.training.seed == seed, timeout=3000)
    win.toolbar.set_speed(100)
    win.toolbar.play.trigger()
    qtbot.waitUntil(lambda: latest(win).done, timeout=10000)
    assert latest(win).train_accuracy <= 0.75
    plus_layer, _ = win.canvas.layer_buttons()
    plus_layer.on_click()
    qtbot.waitUntil(lambda: len(win.document.project.network.layers) == 2, timeout=3000)
    assert "backpropagation" in win.statusBar().currentMessage()
    _two_neurons_fresh_weights_play(win, qtbot)
    assert latest(win).train_accuracy == 1.0, latest(win).stop_reason


def _two_neurons_fresh_weights_play(win, qtbot):
    """The text's advice after +: − − down to 2 hidden neurons, R, Play, to the end."""
    for _ in range(2):
        units = win.document.project.network.layers[0].units
        win.canvas.unit_buttons(0)[1].on_click()
        qtbot.waitUntil(lambda u=units: win.document.project.network.layers[0].units == u - 1,
                        timeout=3000)
    win.toolbar.reset.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == 0 and latest(win).spec.layers[0].units == 2,
                    timeout=5000)
    win.toolbar.play.trigger()
    qtbot.waitUntil(lambda: latest(win).done, timeout=20000)


def test_undo_brings_back_the_trained_weights(window, qtbot):
    win = window("mlp-xor")
    for _ in range(30):
        win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == 30, timeout=10000)
    trained = latest(win).weights
    win.canvas.unit_buttons(0)[1].on_click()  # − : one hidden neuron less
    qtbot.waitUntil(lambda: latest(win).spec.layers[0].units == 1, timeout=5000)
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: latest(win).spec.layers[0].units == 2, timeout=5000)
    for now, before in zip(latest(win).weights, trained):
        np.testing.assert_array_equal(now, before)  # the removed neuron's too


def test_importing_data_after_a_finished_run_starts_a_new_run_at_once(window, qtbot,
                                                                      tmp_path):
    win = window("mlp-xor")
    win.toolbar.set_speed(100)
    _run_to_the_limit(win, qtbot)
    path = tmp_path / "points.csv"
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (60, 2))
    path.write_text("x1,x2,label\n" + "".join(f"{a},{b},{int(a * b > 0)}\n" for a, b in X))
    win.import_csv(str(path))
    qtbot.waitUntil(lambda: len(latest(win).split.train) + len(latest(win).split.val)
                    + len(latest(win).split.test) == 60, timeout=5000)
    snap = latest(win)
    assert snap.epoch == 0 and not snap.done and snap.test_loss is None
    assert win.presenter.drawn.split is snap.split  # drawn, not waiting for Play
    assert not win.banner.isVisible() or "finished" not in win.banner.text()
    win.toolbar.play.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch >= 2, timeout=10000)


def test_banners_float_over_the_canvas_and_never_move_its_buttons(window, qtbot):
    win = window("mlp-xor")
    view = win.canvas.view
    plus, minus = win.canvas.unit_buttons(0)

    def where():
        return view.mapFromScene(minus.sceneBoundingRect().center())

    before = where()
    win.canvas.editor.set_activation(0, "step")  # refused: step in a hidden layer
    qtbot.waitUntil(win.banner.isVisible, timeout=3000)
    assert "step" in win.banner.text() and where() == before
    assert win.banner.geometry().bottom() <= win.canvas.height()  # inside the canvas
    win.toolbar.play.trigger()  # training again: the refusal is old news
    qtbot.waitUntil(lambda: not win.banner.isVisible(), timeout=3000)
    assert where() == before
    win.toolbar.play.trigger()
    win.show_banner("a note", "info")
    qtbot.mouseClick(win.banner, Qt.MouseButton.LeftButton)  # a click dismisses it
    assert not win.banner.isVisible() and where() == before


@pytest.mark.parametrize("preset", ["early-stopping", "spiral", "multiclass"])
def test_the_window_fits_a_1024_by_700_projector(window, qtbot, preset):
    win = window(preset)
    hint = win.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700, hint
    win.resize(1024, 700)
    qtbot.waitUntil(lambda: win.width() == 1024 and win.height() == 700, timeout=3000)
    # everything reachable: the settings scroll, the three panels have room
    assert win.controls_scroll.verticalScrollBar().maximum() > 0
    assert win.canvas.width() >= 240 and win.boundary.width() >= 380
    assert win.curves.height() >= win.curves.minimumSizeHint().height()


@pytest.fixture
def normal_zoom():
    yield
    from PySide6.QtCore import QSettings

    QSettings().setValue("view/zoom", 1.0)
    for w in QApplication.topLevelWidgets():
        if hasattr(w, "set_zoom"):
            w.set_zoom(1.0)


def test_zoom_scales_the_text_and_is_remembered(window, qtbot, normal_zoom):
    from PySide6.QtCore import QSettings

    win = window("mlp-xor")
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
    base = QApplication.font().pointSizeF()
    label = next(i for i in win.canvas.scene.items() if isinstance(i.data(0), float))
    scale0 = label.scale()
    for _ in range(2):
        qtbot.keyClick(win, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert win.zoom == 1.3 and QApplication.font().pointSizeF() == pytest.approx(base * 1.3)
    assert label.scale() > scale0  # the canvas labels grow too
    tick = win.curves.loss_plot.getPlotItem().getAxis("bottom").style["tickFont"]
    assert tick.pointSizeF() == pytest.approx(base * 1.3)  # and the plots' ticks
    assert float(QSettings().value("view/zoom")) == 1.3
    again = window("circle")  # the next window starts where the last one was
    assert again.zoom == 1.3
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
    qtbot.keyClick(win, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert win.zoom == 1.0 and QApplication.font().pointSizeF() == pytest.approx(base)


def test_a_broken_zoom_setting_is_ignored(window, normal_zoom):
    from PySide6.QtCore import QSettings

    for stored in ("abc", 50, -1):
        QSettings().setValue("view/zoom", stored)
        assert window("mlp-xor").zoom == 1.0


def test_clicks_on_one_spot_keep_hitting_the_same_button(window, qtbot):
    """Eleven clicks on the layer ⊕, where it first was: nine layers more (MAX 10), the
    button staying under the mouse; the whole network is fitted once the clicks stop."""
    win = window("mlp-xor")
    view = win.canvas.view
    port = view.viewport()
    plus, _ = win.canvas.layer_buttons()
    spot = port.mapTo(win, view.mapFromScene(plus.sceneBoundingRect().center()))  # in the window
    for n in range(11):
        hidden = len(win.document.project.network.hidden)
        qtbot.mouseClick(port, Qt.MouseButton.LeftButton, pos=port.mapFrom(win, spot))
        if hidden < 10:
            qtbot.waitUntil(lambda h=hidden: len(win.canvas.spec().hidden) == h + 1,
                            timeout=3000)
            plus, _ = win.canvas.layer_buttons()
            now = port.mapTo(win, view.mapFromScene(plus.sceneBoundingRect().center()))
            assert abs(now.x() - spot.x()) <= 1 and abs(now.y() - spot.y()) <= 1, n
    assert len(win.document.project.network.hidden) == 10  # the most there may be
    qtbot.waitUntil(lambda: "at most 10 hidden layers" in win.banner.text(), timeout=3000)
    # once the clicks stop, the whole network is in view again
    qtbot.waitUntil(lambda: view.mapToScene(view.viewport().rect()).boundingRect().contains(
        win.canvas.scene.itemsBoundingRect()), timeout=5000)


@pytest.mark.parametrize("name", ["momentum", "adam", "batch-vs-sgd", "dropout"])
def test_a_lesson_opens_with_its_comparison_beside_the_live_run(window, qtbot, name):
    """The claim is visible without setting anything up: the comparison runs (the same
    network with the one setting changed) are drawn and labelled, with the engine's
    numbers; a change of the lesson's setup hides them (they compare another net)."""
    from engine import presets
    from engine.compare import compare

    win = window(name)
    preset = presets.get(name)
    qtbot.waitUntil(lambda: len(win.curves.comparison()) == len(preset.compare),
                    timeout=20000)
    expected = compare(presets.load(name), preset.compare)
    for (label, x, y), run in zip(win.curves.comparison(), expected):
        assert label == run.label
        ok = np.isfinite(run.shown)
        np.testing.assert_array_equal(x, run.epochs[ok])
        np.testing.assert_array_equal(y, run.shown[ok])
    assert win.curves.comparison_labels() == [run.label for run in expected]
    win.controls.training.epochs_spin.setValue(preset.training["epochs"] + 1)  # another setup
    qtbot.waitUntil(lambda: win.curves.comparison() == [], timeout=3000)


def test_undo_of_a_settings_edit_keeps_the_runs_weights(window, qtbot):
    """Only an undone network or data edit puts old weights back: an undone settings
    edit goes on from where the run is (its epochs and weights belong together)."""
    win = window("circle")
    win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == 1, timeout=5000)
    win.controls.training.batch_spin.setValue(20)
    qtbot.waitUntil(lambda: win.document.project.training.batch_size == 20, timeout=3000)
    for _ in range(5):
        win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == 6, timeout=5000)
    trained = latest(win).weights
    win.undo()
    qtbot.waitUntil(lambda: latest(win).revision == win.document.revision, timeout=5000)
    snap = latest(win)
    assert snap.epoch == 6
    for now, before in zip(snap.weights, trained):
        np.testing.assert_array_equal(now, before)


def test_adagrad_shows_each_weights_own_rate_on_its_edge(window, qtbot):
    win = window("adagrad")
    assert "hover an edge: its own step size" in win.document.project.description
    for _ in range(2):
        win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == 2 and latest(win).rates is not None,
                    timeout=10000)
    rates = latest(win).rates
    bundle = win.canvas.edge_bundle(1)
    # drawn (the canvas is one of the frame's stages, maybe a later pass's)
    qtbot.waitUntil(lambda: bundle.rates is not None and np.array_equal(bundle.rates, rates[2]),
                    timeout=5000)
    text = bundle.edge_text(0)
    assert "its own step size now" in text and f"{float(rates[2][0, 0]):.4g}" in text
    assert np.ptp(rates[2]) > 0  # each weight its own
    win.controls.training.optimizer_combo.setCurrentIndex(
        win.controls.training.optimizer_combo.findData("sgd"))
    qtbot.waitUntil(lambda: latest(win).rates is None
                    and latest(win).revision == win.document.revision, timeout=5000)
    qtbot.waitUntil(lambda: "its own step size" not in win.canvas.edge_bundle(1).edge_text(0),
                    timeout=5000)



@pytest.mark.parametrize("seed", range(5))
def test_the_perceptron_with_a_hidden_layer_learns_xor_on_play_alone(window, qtbot, seed):
    """The text's first advice, taken literally: + above the network, then Play (no R):
    the new layer trains from where the edit left the weights and solves XOR."""
    win = window("perceptron-xor")
    assert "press Play: it learns XOR" in win.document.project.description
    win.controls.training.seed_spin.setValue(seed)
    qtbot.waitUntil(lambda: win.document.project.training.seed == seed, timeout=3000)
    win.toolbar.set_speed(100)
    win.canvas.layer_buttons()[0].on_click()
    qtbot.waitUntil(lambda: len(latest(win).spec.layers) == 2, timeout=5000)
    win.toolbar.play.trigger()
    qtbot.waitUntil(lambda: latest(win).done, timeout=20000)
    assert latest(win).train_accuracy == 1.0, latest(win).stop_reason


def test_a_stuck_run_says_so_and_its_advice_gets_past_it(window, qtbot):
    """2-2-1 on XOR lands in a local minimum for some seeds (9 is one): the banner says
    the run is stuck and what to do; doing it (another seed, R, Play) solves XOR."""
    win = window("perceptron-xor")
    win.controls.training.seed_spin.setValue(9)
    qtbot.waitUntil(lambda: win.document.project.training.seed == 9, timeout=3000)
    win.toolbar.set_speed(100)
    win.canvas.layer_buttons()[0].on_click()
    qtbot.waitUntil(lambda: len(win.document.project.network.layers) == 2, timeout=3000)
    _two_neurons_fresh_weights_play(win, qtbot)
    assert latest(win).train_accuracy == 0.5
    qtbot.waitUntil(win.banner.isVisible, timeout=3000)
    text = win.banner.text()
    assert "stuck in a local minimum" in text and "2 of 4 training points" in text
    assert "Change the Seed under Training and press Reset (R)" in text
    win.controls.training.seed_spin.setValue(10)
    qtbot.waitUntil(lambda: win.document.project.training.seed == 10, timeout=3000)
    qtbot.keyClick(win.canvas.view, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: latest(win).epoch == 0 and not latest(win).done, timeout=5000)
    win.toolbar.play.trigger()
    qtbot.waitUntil(lambda: latest(win).done, timeout=20000)
    assert latest(win).train_accuracy == 1.0, latest(win).stop_reason


def test_a_click_between_layers_of_a_dense_net_edits_that_weight(window, qtbot):
    """dropout's 32-32 net: a click among the dense edges opens the weight dialog with
    that edge's weight in the field; a typed value is an undoable edit of the project."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDoubleSpinBox, QLabel

    win = window("dropout")
    view = win.canvas.view
    qtbot.waitUntil(lambda: win.canvas.edge_bundle(1).W is not None, timeout=5000)
    bundle = win.canvas.edge_bundle(1)
    spot = view.mapFromScene(bundle.sceneBoundingRect().center())
    k = bundle.edge_at(view.mapToScene(spot))
    assert k is not None
    row, col = divmod(k, bundle.shape_[1])
    weight = float(bundle.W[row, col])
    seen = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not open yet
            QTimer.singleShot(20, answer)
            return
        field = dialog.findChild(QDoubleSpinBox)
        seen["field"] = field.text()
        seen["label"] = " ".join(la.text() for la in dialog.findChildren(QLabel))
        field.selectAll()
        qtbot.keyClicks(field, "1.5")
        qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    qtbot.mouseMove(view.viewport(), spot)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: "field" in seen, timeout=5000)
    assert seen["field"] == f"{weight:.4f}"
    assert f"neuron {row + 1} → layer 2, neuron {col + 1}" in seen["label"]
    qtbot.waitUntil(lambda: float(latest(win).weights[2][row, col]) == 1.5, timeout=5000)
    assert win.isWindowModified()
    win.activateWindow()  # (offscreen, the closed dialog leaves no window active)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: float(win.canvas.edge_bundle(1).W[row, col]) == weight,
                    timeout=5000)


@pytest.mark.parametrize("preset", ["moons", "perceptron-xor", "dropout"])
def test_a_banner_covers_no_neuron_and_no_input(window, qtbot, preset):
    """The canvas keeps a strip at its foot for the banner: a run's stop message (three
    lines of it) lies below every neuron and input, even in 32-neuron layers."""
    win = window(preset)
    view = win.canvas.view
    win.show_banner("Training stopped: " + "a long reason for stopping, " * 8 + "the end.")
    assert win.banner.isVisible()
    banner = win.banner.geometry()
    nodes = [*win.canvas.input_items().values()]
    for layer in range(len(win.document.project.network.layers)):
        nodes += win.canvas.node_items(layer)
    assert nodes
    for node in nodes:
        rect = view.mapFromScene(node.sceneBoundingRect()).boundingRect()
        rect.translate(view.pos())  # (the view's place in the canvas widget)
        assert not rect.intersects(banner), (node, rect, banner)


def test_comparison_labels_wear_their_curves_colour_and_do_not_overlap(window, qtbot):
    """adam: SGD and Adagrad end close together; each label is next to its own curve,
    in that curve's colour, and the two do not cover each other."""
    win = window("adam")
    qtbot.waitUntil(lambda: len(win.curves.comparison_labels()) == 2, timeout=20000)
    (_, ca, pa, ra), (_, cb, pb, rb) = win.curves.comparison_label_looks()
    assert ca == pa and cb == pb and ca != cb
    assert not ra.intersects(rb), (ra, rb)


def test_a_comparison_label_clears_its_falling_curve(window, qtbot):
    """batch-vs-sgd: batch GD's curve falls under its label's whole width; the label
    sits above all of it, not across it."""
    from PySide6.QtCore import QPointF as P

    win = window("batch-vs-sgd")
    qtbot.waitUntil(lambda: len(win.curves.comparison_label_looks()) == 1, timeout=20000)
    (_, _, _, rect), = win.curves.comparison_label_looks()
    (_, x, y), = win.curves.comparison()
    vb = win.curves.loss_plot.getPlotItem().getViewBox()
    inside = [rect.contains(vb.mapViewToScene(P(float(a), float(b)))) for a, b in zip(x, y)]
    assert not any(inside)
