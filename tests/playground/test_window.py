"""The main window end to end: real widgets, real worker thread, offscreen."""

import numpy as np
from PySide6 import QtCore

import engine
from playground.mainwindow import MainWindow

from .windows import latest


def test_window_opens_with_a_drawn_boundary(window):
    win = window("mlp-xor")
    snap = latest(win)
    assert snap.grid.output.shape == (64, 64, 1)
    img = win.grab().toImage()
    assert img.width() >= 1000 and img.height() >= 600
    # something other than a blank window: many distinct colours
    colours = {
        img.pixel(x, y) for x in range(0, img.width(), 17) for y in range(0, img.height(), 17)
    }
    assert len(colours) > 50


def test_play_trains_and_frames_arrive(window, qtbot):
    win = window("circle")
    win.toolbar.play.setChecked(True)
    qtbot.waitUntil(lambda: latest(win).steps > 200 and win.presenter.frames > 5, timeout=15000)
    win.toolbar.play.setChecked(False)
    qtbot.waitUntil(lambda: not latest(win).running, timeout=5000)
    # the figures change at most 10 times a second while training, but once paused
    # the status says exactly where training stopped
    snap = latest(win)
    assert f"Epoch {snap.epoch} " in win.status.text()
    assert f"({snap.steps:,} in all)" in win.status.text()


def test_step_advances_exactly_one_step(window, qtbot):
    win = window("circle")
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: latest(win).steps == 1, timeout=5000)
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: latest(win).steps == 2, timeout=5000)
    assert latest(win).epoch == 0


def test_reset_restores_initial_state(window, qtbot):
    win = window("circle")
    w0 = [w.copy() for w in latest(win).weights]
    win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == 1, timeout=5000)
    win.toolbar.reset.trigger()
    qtbot.waitUntil(lambda: latest(win).steps == 0, timeout=5000)
    for a, b in zip(latest(win).weights, w0):
        np.testing.assert_array_equal(a, b)


def test_canvas_edit_changes_the_engine_spec(window, qtbot):
    win = window("mlp-xor")
    spec = win.document.project.network
    new = spec.with_layer(0, units=3)
    win.canvas.spec_edited.emit(new, (0, 1))
    qtbot.waitUntil(lambda: latest(win).spec == new, timeout=5000)
    assert win.document.project.network == new
    assert latest(win).weights[0].shape == (2, 3)


def test_refused_edit_keeps_everything(window, qtbot):
    win = window("circle")
    before = win.document.project
    win.controls.config_changed.emit(before.training.replace(loss="cce"))  # needs softmax
    assert win.document.project == before
    assert win.banner.isVisible() and "softmax" in win.banner.text()


def test_editing_while_training_is_safe(window, qtbot):
    win = window("circle")
    win.toolbar.play.setChecked(True)
    qtbot.waitUntil(lambda: latest(win).steps > 50, timeout=10000)
    spec = win.document.project.network
    assert spec.layers[0].units == 4
    for units in (5, 6, 3, 7):  # ends on a size the preset does not have
        spec = spec.with_layer(0, units=units)
        win.canvas.spec_edited.emit(spec, (0, 1, 2))
    qtbot.waitUntil(lambda: latest(win).spec == spec and latest(win).running, timeout=10000)
    win.toolbar.play.setChecked(False)
    qtbot.waitUntil(lambda: not latest(win).running, timeout=5000)
    assert latest(win).weights[0].shape == (2, 7)


def test_closing_while_training_stops_the_thread(qtbot):
    win = MainWindow(engine.presets.load("spiral"))
    win.confirm_close = False
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.presenter.frames >= 1, timeout=10000)
    win.toolbar.play.setChecked(True)
    qtbot.waitUntil(lambda: win.presenter.drawn.steps > 20, timeout=10000)
    win.close()
    assert win.link.thread.wait(1000)
    assert not win.link.thread.isRunning()


def test_lessons_menu_opens_every_preset(window, qtbot):
    win = window("mlp-xor")
    assert set(win.menus.lessons) == set(engine.presets.NAMES)
    win.menus.lessons["spiral"].trigger()
    qtbot.waitUntil(lambda: latest(win).spec == engine.presets.load("spiral").network,
                    timeout=5000)
    assert "Spiral" in win.lesson.text()


def test_early_stopping_preset_shows_the_marker(window, qtbot):
    win = window("early-stopping")
    win.toolbar.play.setChecked(True)
    qtbot.waitUntil(lambda: latest(win).done, timeout=60000)
    snap = latest(win)
    assert snap.stopped_early and snap.best_epoch < snap.epoch
    assert win.curves.early_stop_marker_epoch() == snap.best_epoch
    assert "early stopping" in win.banner.text()
    # the banner says why; the status bar keeps the final figures beside it
    assert win.statusBar().currentMessage() == ""
    assert win.status.isVisibleTo(win) and f"Epoch {snap.epoch}" in win.status.text()


def test_dropout_preset_shows_dropped_neurons(window, qtbot):
    win = window("dropout")
    win.toolbar.speed.setCurrentIndex(0)  # 1 step per frame
    win.toolbar.play.setChecked(True)
    qtbot.waitUntil(lambda: latest(win).steps >= 3, timeout=10000)
    win.toolbar.play.setChecked(False)
    qtbot.waitUntil(lambda: not latest(win).running, timeout=5000)
    dropped = win.canvas.dropped_neurons()
    assert dropped, "no neuron shown as dropped"
    mask = latest(win).dropout
    expected = {(layer, int(i)) for layer, m in enumerate(mask) if m is not None
                for i in np.flatnonzero(~m)}
    assert set(dropped) == expected


def test_a_learner_clicks_a_2_2_1_network_together_and_solves_xor(window, qtbot):
    win = window("mlp-xor")
    canvas = win.canvas
    # take the hidden layer away: a single neuron, which cannot solve XOR
    assert canvas.editor.remove_hidden_layer()
    qtbot.waitUntil(lambda: len(latest(win).spec.layers) == 1, timeout=5000)
    # build 2-2-1 again by clicking: + layer (4 neurons), then - twice
    assert canvas.editor.add_hidden_layer()
    qtbot.waitUntil(lambda: len(latest(win).spec.layers) == 2, timeout=5000)
    for _ in range(2):
        units = win.document.project.network.layers[0].units
        assert canvas.editor.remove_unit(0)
        qtbot.waitUntil(lambda u=units: latest(win).spec.layers[0].units == u - 1, timeout=5000)
    assert canvas.editor.set_activation(0, "sigmoid")
    qtbot.waitUntil(lambda: latest(win).spec.layers[0].activation == "sigmoid", timeout=5000)
    spec = latest(win).spec
    assert spec.sizes == (2, 2, 1)
    win.toolbar.reset.trigger()
    win.toolbar.speed.setCurrentIndex(win.toolbar.speed.count() - 1)  # as fast as it goes
    win.toolbar.play.setChecked(True)
    qtbot.waitUntil(lambda: latest(win).done, timeout=30000)
    snap = latest(win)
    assert snap.train_accuracy == 1.0
    # the two hidden neurons' lines are drawn over the data
    assert sum(item.isVisible() for item in win.boundary.neuron_lines) == 2


def _in_view(win, widget) -> bool:
    """Is ``widget`` inside the controls scroll area's visible viewport?"""
    scroll = win.controls_scroll
    top = widget.mapTo(scroll.widget(), widget.rect().topLeft()).y()
    shown = scroll.verticalScrollBar().value()
    return shown <= top and top + widget.height() <= shown + scroll.viewport().height()


def test_early_stopping_lesson_shows_its_controls_at_1280x800(window, qtbot):
    win = window("mlp-xor")
    box = win.controls.training.early_stopping_box
    data = win.controls.data_controls
    assert not _in_view(win, box)  # below the fold on a laptop screen
    win.load_project(engine.presets.load("early-stopping"))
    qtbot.waitUntil(lambda: _in_view(win, box), timeout=5000)
    win.load_project(engine.presets.load("circle"))  # back to the top for other lessons
    qtbot.waitUntil(lambda: _in_view(win, data), timeout=5000)


def test_reset_keeps_the_previous_run_for_comparison(window, qtbot):
    """Train, change the optimizer, reset: the old run's loss stays as a grey reference."""
    win = window("momentum")
    for k in (1, 2, 3):
        win.toolbar.step_epoch.trigger()
        qtbot.waitUntil(lambda k=k: latest(win).epoch == k, timeout=10000)
    old = list(latest(win).history["loss"])
    assert len(old) == 3 and win.curves.reference()[1].size == 0
    win.toolbar.reset.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == 0, timeout=10000)
    x, y = win.curves.reference()
    np.testing.assert_allclose(y, old)
    assert not win.banner.isVisibleTo(win)
    np.testing.assert_array_equal(x, [1, 2, 3])
    assert win.curves.ref_legend.isVisibleTo(win.curves)
    win.load_project(engine.presets.load("circle"))  # another lesson: no reference
    assert win.curves.reference()[1].size == 0
    assert not win.curves.ref_legend.isVisibleTo(win.curves)


def test_every_lesson_leaves_the_canvas_its_share_and_a_square_data_view(window, qtbot):
    """At 1280x800 the regression lesson (a value legend under its data view) must
    not widen the right-hand panel; the data view keeps x1 and x2 at one scale."""
    win = window("circle")

    def square() -> bool:
        view = win.boundary.view
        return view.width() > 250 and abs(view.width() - view.height()) <= 2

    qtbot.waitUntil(square, timeout=5000)
    right = win.right_panel.width()
    assert win.canvas.width() >= right
    win.load_project(engine.presets.load("regression"))
    qtbot.waitUntil(lambda: win.boundary.value_legend.isVisible(), timeout=5000)
    qtbot.waitUntil(square, timeout=5000)
    assert win.right_panel.width() == right
    assert win.canvas.width() >= right
    # the curves get what the data view does not need, and no less than a third
    sizes = win.right_panel.sizes()
    assert sizes[1] >= 0.3 * sum(sizes)


def test_every_lesson_opens_from_the_menu_and_trains_an_epoch(window, qtbot):
    """What a learner does with each lesson: open it, train, see the epoch drawn."""
    win = window("mlp-xor")
    for name in engine.presets.NAMES:
        project = engine.presets.load(name)
        win.menus.lessons[name].trigger()
        qtbot.waitUntil(lambda p=project: latest(win).spec == p.network
                        and latest(win).steps == 0, timeout=5000)
        assert project.title in win.lesson.text(), name
        win.toolbar.step_epoch.trigger()
        qtbot.waitUntil(lambda: latest(win).epoch >= 1 or latest(win).done, timeout=10000)
        snap = latest(win)
        assert snap.steps == snap.steps_per_epoch, name
        assert len(win.curves.loss_curve.drawn()[0]) >= 1 or snap.done, name
        assert win.canvas.spec() == project.network, name
        assert win.boundary.image.isVisible(), name


def test_the_loss_plot_stays_readable_beside_the_learning_rate(window, qtbot):
    """decay shows three plots at 1280x800: the loss, the lesson's main one, keeps
    its height."""
    win = window("decay")
    win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: win.curves.lr_plot.isVisible() and latest(win).epoch >= 1,
                    timeout=5000)
    qtbot.waitUntil(lambda: win.curves.loss_plot.height() >= 130, timeout=3000)
    assert win.curves.loss_plot.height() > win.curves.lr_plot.height()


def test_a_perceptron_lesson_does_not_call_its_loss_unusual(window, qtbot):
    """The perceptron rule ignores the loss; "usual for 2 classes: bce" misled."""
    win = window("perceptron-and")
    hint = win.controls.training.loss_hint
    assert "perceptron" in hint.text() and "usual" not in hint.text()
    # the learner clicks a hidden layer in: backpropagation now, and the hint says so
    win.canvas.layer_buttons()[0].on_click()
    qtbot.waitUntil(lambda: len(latest(win).spec.layers) == 2, timeout=5000)
    assert "perceptron" not in hint.text()
    win.menus.lessons["mlp-xor"].trigger()  # a network trained by backpropagation
    qtbot.waitUntil(lambda: latest(win).spec == engine.presets.load("mlp-xor").network,
                    timeout=5000)
    assert hint.text().startswith("(auto: bce")


def test_the_lesson_text_says_when_the_learner_changed_its_setup(window, qtbot):
    """The lesson text describes the lesson's network ("two hidden neurons each draw a
    line"): once the learner changes it, the text says so and how to get it back."""
    win = window("mlp-xor")
    assert not win.lesson_changed()
    assert "You changed" not in win.lesson.text()
    assert win.canvas.editor.add_unit(0)
    qtbot.waitUntil(lambda: latest(win).spec.layers[0].units == 3, timeout=5000)
    assert win.lesson_changed()
    text = win.lesson.text()
    assert "You changed this lesson" in text and "MLP solves XOR" in text
    win.undo()  # the lesson's own network again: nothing to say
    assert not win.lesson_changed()
    assert "You changed" not in win.lesson.text()
    lr = win.document.project.training.lr
    win.controls.config_changed.emit(win.document.project.training.replace(lr=lr / 2))
    assert "You changed" in win.lesson.text()  # training settings count too
    win.menus.lessons["mlp-xor"].trigger()  # opened again: as it was
    assert "You changed" not in win.lesson.text()


def test_the_greyed_lines_toggle_says_why(window, qtbot):
    win = window("mlp-xor")
    box = win.boundary.toggles["lines"]
    assert box.isEnabled() and "No lines here" not in box.toolTip()
    spec = win.document.project.network
    win.canvas.spec_edited.emit(spec.with_layer(0, units=6), (0, 1))
    qtbot.waitUntil(lambda: not box.isEnabled(), timeout=5000)
    assert "the first layer has 6 neurons (lines are drawn for up to 4)" in (
        box.toolTip())
    win.load_project(engine.presets.load("spiral"))
    qtbot.waitUntil(lambda: latest(win).spec.inputs != spec.inputs, timeout=5000)
    qtbot.waitUntil(lambda: "more inputs than" in box.toolTip(), timeout=5000)
    assert not box.isEnabled()


def test_the_panels_keep_their_place_from_lesson_to_lesson(window, qtbot):
    """A teacher switching lessons sees the same layout: the data view's width does
    not follow its check boxes' texts ("train 4" against "train 300")."""
    win = window("mlp-xor")
    places = []
    for name in ("mlp-xor", "regression", "perceptron-and", "dropout"):
        win.load_project(engine.presets.load(name))
        qtbot.waitUntil(lambda: win.presenter.drawn is not None
                        and win.presenter.drawn.revision == win.document.revision
                        and win.presenter.drawn.spec == win.document.project.network, timeout=5000)
        for _ in range(3):  # the layout requests the new texts posted
            QtCore.QCoreApplication.sendPostedEvents()
        places.append((win.boundary.mapTo(win, win.boundary.rect().topLeft()).x(),
                       win.canvas.width()))
    assert len(set(places)) == 1, places


def test_a_data_set_of_another_task_reaches_the_worker_with_its_output_and_loss(window, qtbot):
    """xor -> multiclass needs a softmax output and cross-entropy together: the worker
    gets data, network and loss at once (one at a time, each was refused), and undo
    and redo take all three back and forth."""
    win = window("mlp-xor")
    combo = win.controls.data_controls.dataset_combo
    combo.setCurrentIndex(combo.findData("multiclass"))

    def worker_on(name, units, loss):
        snap = win.presenter.latest
        return (snap is not None and snap.spec == win.document.project.network
                and snap.spec.output.units == units and snap.split.train.name == name
                and snap.revision == win.document.revision  # the worker has the document
                and win.document.project.training.loss == loss)

    qtbot.waitUntil(lambda: worker_on("multiclass", 3, "cce"), timeout=5000)
    assert not win.banner.isVisible()
    win.toolbar.step_epoch.trigger()  # and it trains
    qtbot.waitUntil(lambda: win.presenter.latest.epoch == 1, timeout=5000)
    win.undo()
    qtbot.waitUntil(lambda: worker_on("xor", 1, "bce"), timeout=5000)
    win.redo()
    qtbot.waitUntil(lambda: worker_on("multiclass", 3, "cce"), timeout=5000)
    assert not win.banner.isVisible()


def test_undo_and_redo_answer_every_key_the_help_names(window, qtbot):
    """Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y both redo (the help box names the first)."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    win = window("mlp-xor")
    keys = [s.toString() for s in win.menus.redo.shortcuts()]
    assert "Ctrl+Shift+Z" in keys and "Ctrl+Y" in keys
    assert win.menus.undo.shortcuts()[0] == QKeySequence("Ctrl+Z")
    win.activateWindow()
    win.canvas.view.setFocus()
    a = win.document.project.network
    win.canvas.unit_buttons(0)[0].on_click()
    qtbot.waitUntil(lambda: win.document.project.network != a, timeout=5000)
    b = win.document.project.network
    mod, k = QtCore.Qt.KeyboardModifier, QtCore.Qt.Key
    ctrl, shift = mod.ControlModifier, mod.ShiftModifier
    for key, mods, want in ((k.Key_Z, ctrl, a), (k.Key_Z, ctrl | shift, b),
                            (k.Key_Z, ctrl, a), (k.Key_Y, ctrl, b)):
        QTest.keyClick(win.canvas.view, key, mods)
        qtbot.waitUntil(lambda w=want: win.document.project.network == w, timeout=3000)


def test_the_status_bar_says_when_training_runs_compiled(window, qtbot):
    win = window("circle", jit=True)
    qtbot.waitUntil(lambda: latest(win).path == "jit", timeout=120_000)
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: latest(win).steps == 1, timeout=5000)
    assert "steps/s (compiled)" in win.status.text()
    win2 = window("circle")  # --no-jit
    assert "steps/s (NumPy)" in win2.status.text()
