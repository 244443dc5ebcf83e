"""The main window end to end: real widgets, real worker thread, offscreen."""

import json

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

import engine
from playground.mainwindow import MainWindow


@pytest.fixture
def window(qtbot):
    made = []

    def make(preset="mlp-xor", path=None):
        project = engine.presets.load(preset)
        win = MainWindow(project, path)
        win.confirm_close = False
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        qtbot.waitUntil(lambda: win.frames >= 1, timeout=10000)
        made.append(win)
        return win

    yield make
    for win in made:
        assert win.shutdown(2000), "worker thread did not stop"


def latest(win):
    return win._drawn


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
    qtbot.waitUntil(lambda: latest(win).steps > 200 and win.frames > 5, timeout=15000)
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
    spec = win.session.project.network
    new = spec.with_layer(0, units=3)
    win.canvas.spec_edited.emit(new, (0, 1))
    qtbot.waitUntil(lambda: latest(win).spec == new, timeout=5000)
    assert win.session.project.network == new
    assert latest(win).weights[0].shape == (2, 3)


def test_refused_edit_keeps_everything(window, qtbot):
    win = window("circle")
    before = win.session.project
    win.controls.config_changed.emit(before.training.replace(loss="cce"))  # needs softmax
    assert win.session.project == before
    assert win.banner.isVisible() and "softmax" in win.banner.text()


def test_editing_while_training_is_safe(window, qtbot):
    win = window("circle")
    win.toolbar.play.setChecked(True)
    qtbot.waitUntil(lambda: latest(win).steps > 50, timeout=10000)
    spec = win.session.project.network
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
    qtbot.waitUntil(lambda: win.frames >= 1, timeout=10000)
    win.toolbar.play.setChecked(True)
    qtbot.waitUntil(lambda: win._drawn.steps > 20, timeout=10000)
    win.close()
    assert win.thread_.wait(1000)
    assert not win.thread_.isRunning()


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


def test_save_and_open_round_trip(window, qtbot, tmp_path):
    win = window("mlp-xor")
    win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == 1, timeout=5000)
    path = tmp_path / "xor.json"
    assert win.save(str(path))
    data = json.loads(path.read_text())
    assert data["network"]["layers"][0]["units"] == 2 and "weights" in data
    win2 = window("circle")
    win2.open_file(str(path))
    qtbot.waitUntil(lambda: latest(win2).spec == win.session.project.network, timeout=5000)
    np.testing.assert_allclose(latest(win2).weights[0], latest(win).weights[0])


def test_saving_right_after_an_edit_saves_the_edited_networks_weights(window, qtbot, tmp_path):
    """The edit reaches the worker a moment after the session: save waits for it, and
    never pairs the new network with the old weights (a file that would not open)."""
    win = window("mlp-xor")
    plus, _ = win.canvas.unit_buttons(0)
    plus.on_click()  # queued: the next pass of the event loop applies it to the session
    while win.session.project.network.layers[0].units != 3:
        QtWidgets.QApplication.processEvents()  # (a waitUntil would let the snapshot in)
    assert win._latest.spec != win.session.project.network  # the worker is not there yet
    path = tmp_path / "edited.json"
    assert win.save(str(path))
    saved = engine.project.load(str(path))  # it opens
    assert saved.network.layers[0].units == 3 and saved.weights[0].shape == (2, 3)
    assert not win.banner.isVisible()
    # a network the worker never shows: no weights rather than wrong ones
    assert win._weights_of(saved.network.with_layer(0, units=5), wait_s=0.1) is None


def test_opening_a_bad_file_keeps_the_current_work(window, qtbot, tmp_path):
    win = window("circle")
    before = win.session.project
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    win.open_file(str(bad))
    assert win.session.project is before
    assert "not valid JSON" in win.banner.text()


def test_importing_a_bad_csv_keeps_the_current_work(window, tmp_path):
    win = window("circle")
    before = win.session.project
    bad = tmp_path / "pts.csv"
    bad.write_text("x1,x2,label\n1,abc,0\n")
    win.import_csv(str(bad))
    assert win.session.project is before
    assert "pts.csv" in win.banner.text()


def test_a_learner_clicks_a_2_2_1_network_together_and_solves_xor(window, qtbot):
    win = window("mlp-xor")
    canvas = win.canvas
    # take the hidden layer away: a single neuron, which cannot solve XOR
    assert canvas.remove_hidden_layer()
    qtbot.waitUntil(lambda: len(latest(win).spec.layers) == 1, timeout=5000)
    # build 2-2-1 again by clicking: + layer (4 neurons), then - twice
    assert canvas.add_hidden_layer()
    qtbot.waitUntil(lambda: len(latest(win).spec.layers) == 2, timeout=5000)
    for _ in range(2):
        units = win.session.project.network.layers[0].units
        assert canvas.remove_unit(0)
        qtbot.waitUntil(lambda u=units: latest(win).spec.layers[0].units == u - 1, timeout=5000)
    assert canvas.set_activation(0, "sigmoid")
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


def test_unsaved_edits_are_not_lost_without_asking(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    win = window("circle")
    win.confirm_close = True
    spec = win.session.project.network
    win.canvas.spec_edited.emit(spec.with_layer(0, units=6), (0, 1, 2))
    assert win.session.edited
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Cancel)
    win.menus.lessons["spiral"].trigger()
    assert asked and win.session.project.network.layers[0].units == 6  # kept
    assert not win.close()  # cancelled: the window stays open
    assert win.thread_.isRunning()
    win.confirm_close = False


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


def test_a_frame_is_drawn_one_view_per_event_loop_pass(window, qtbot):
    """Input and timers wait for one view's paint at most, not a whole frame."""
    win = window("circle")
    win._timer.timeout.disconnect(win._on_frame)  # drive the frames by hand
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: win._latest.steps == 1, timeout=5000)
    assert win._drawn.steps == 0
    snap = win._latest
    # a timer due when the frame starts runs before the next view, not after the frame
    seen = []
    other = QtCore.QTimer()
    other.setSingleShot(True)
    other.timeout.connect(lambda: seen.append(win.boundary.image.image is snap.boundary.rgba))
    other.start(0)
    win._on_frame()
    # the canvas has the new weights; the data view follows in a later pass
    assert win.last_weights is snap.weights
    assert win._staging and win._drawn is not snap
    # the canvas is stock Qt items: it repaints in C++, training goes on meanwhile
    assert win.worker.gui_idle.is_set()
    assert win.boundary.image.image is not snap.boundary.rgba
    # the plots paint inside their stages, while training waits (pyqtgraph calls
    # Python in a paint): not on Qt's update timer, after training was let go
    painted = []

    class Watch(QtCore.QObject):
        def eventFilter(self, obj, event):
            if event.type() == QtCore.QEvent.Type.Paint:
                painted.append((obj, win.worker.gui_idle.is_set(), win._staging))
            return False

    watch = Watch()
    views = {win.boundary.plot.viewport(): "data", win.curves.loss_plot.viewport(): "loss"}
    for view in views:
        view.installEventFilter(watch)
    with qtbot.waitSignal(win.frame_drawn, timeout=5000) as blocker:
        pass
    assert blocker.args[0] is snap and win._drawn is snap
    assert win.boundary.image.image is snap.boundary.rgba
    assert seen == [False]  # the timer came between the canvas and the data view
    assert sorted(views[obj] for obj, _, _ in painted) == ["data", "loss"]  # once each
    assert all(not idle and staging for _, idle, staging in painted)  # training waited
    assert win.worker.gui_idle.is_set()  # and goes on as soon as the frame is drawn
    for view in views:
        view.removeEventFilter(watch)
    win._timer.timeout.connect(win._on_frame)


def test_the_first_frame_is_drawn_whole_in_one_pass(qtbot):
    """Nothing trains and no input waits before the first frame: its three views are
    drawn at once (one repaint of the window, not one per view); later frames are staged."""
    win = MainWindow(engine.presets.load("mlp-xor"), None)
    win.confirm_close = False
    qtbot.addWidget(win)
    passes = []
    win._stage_timer.timeout.connect(lambda: passes.append(win.frames))
    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(lambda: win.frames >= 1, timeout=10000)
    assert passes == []  # no view of the first frame waited for a later pass
    assert win.boundary.image.image is win._drawn.boundary.rgba  # and all of it is drawn
    assert win.curves.loss_curve.drawn()[0].size == 0  # no epoch yet: the curves are empty
    win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: win.frames >= 2, timeout=10000)
    assert len(passes) == 2  # the next frame: data view and curves in passes of their own
    assert win.shutdown(2000), "worker thread did not stop"


def test_reset_keeps_the_previous_run_for_comparison(window, qtbot):
    """Train, change the optimizer, reset: the old run's loss stays as a grey reference."""
    win = window("momentum")
    for _ in range(3):
        with qtbot.waitSignal(win.frame_drawn, timeout=10000):
            win.toolbar.step_epoch.trigger()
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


def test_the_curves_move_inside_a_long_sgd_epoch(window, qtbot):
    """batch-vs-sgd: 300 steps an epoch; the training curve must not stay blank."""
    win = window("batch-vs-sgd")
    for n in (1, 2, 3):
        win.toolbar.step.trigger()
        qtbot.waitUntil(lambda n=n: latest(win).steps == n, timeout=5000)
    snap = latest(win)
    assert snap.epoch == 0 and snap.steps_per_epoch == 300
    x, y = win.curves.progress_points()
    assert x == pytest.approx([0, 3 / 300])
    assert y[0] == pytest.approx(snap.train_loss)  # from the initial loss ...
    assert y[1] == pytest.approx(snap.progress[1]) and y[1] != y[0]  # ... to now
    # and the status bar says the same (not the loss before the first step)
    qtbot.waitUntil(lambda: f"loss {snap.progress[1]:.4g}" in win.status.text(), timeout=3000)
    win.toolbar.step_epoch.trigger()  # to the epoch's end: the piece gives way to the curve
    qtbot.waitUntil(lambda: latest(win).epoch == 1, timeout=5000)
    assert latest(win).progress is None
    assert win.curves.progress_points()[0].size == 0


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
    assert win.canvas.add_unit(0)
    qtbot.waitUntil(lambda: latest(win).spec.layers[0].units == 3, timeout=5000)
    assert win.lesson_changed()
    text = win.lesson.text()
    assert "You changed this lesson" in text and "MLP solves XOR" in text
    win.undo()  # the lesson's own network again: nothing to say
    assert not win.lesson_changed()
    assert "You changed" not in win.lesson.text()
    lr = win.session.project.training.lr
    win._on_config_changed(win.session.project.training.replace(lr=lr / 2))
    assert "You changed" in win.lesson.text()  # training settings count too
    win.menus.lessons["mlp-xor"].trigger()  # opened again: as it was
    assert "You changed" not in win.lesson.text()


def test_the_greyed_lines_toggle_says_why(window, qtbot):
    win = window("mlp-xor")
    box = win.boundary.toggles["lines"]
    assert box.isEnabled() and "No lines here" not in box.toolTip()
    spec = win.session.project.network
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
        qtbot.waitUntil(lambda: win._drawn is not None and win._drawn_split is win._drawn.split
                        and win._drawn.spec == win.session.project.network, timeout=5000)
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
        snap = win._latest
        return (snap is not None and snap.spec == win.session.project.network
                and snap.spec.output.units == units and win.worker._project.data.name == name
                and win.worker._project.training.loss == loss)

    qtbot.waitUntil(lambda: worker_on("multiclass", 3, "cce"), timeout=5000)
    assert not win.banner.isVisible()
    win.toolbar.step_epoch.trigger()  # and it trains
    qtbot.waitUntil(lambda: win._latest.epoch == 1, timeout=5000)
    win.undo()
    qtbot.waitUntil(lambda: worker_on("xor", 1, "bce"), timeout=5000)
    win.redo()
    qtbot.waitUntil(lambda: worker_on("multiclass", 3, "cce"), timeout=5000)
    assert not win.banner.isVisible()


def test_a_snapshot_from_before_an_undo_does_not_put_the_old_network_back(window, qtbot):
    """The worker may publish a frame of network B just before it hears of the undo to A:
    drawn late, it must not put B back on the canvas (the next click would edit B)."""
    win = window("mlp-xor")
    a = win.session.project.network
    win.canvas.unit_buttons(0)[0].on_click()  # A -> B: one more neuron in h1
    qtbot.waitUntil(lambda: win._drawn.spec == win.session.project.network != a, timeout=5000)
    b = win.session.project.network
    win._timer.timeout.disconnect(win._on_frame)  # hold the frames back by hand
    win.toolbar.step.trigger()
    qtbot.waitUntil(lambda: win._latest.steps == 1 and win._latest.spec == b, timeout=5000)
    win.undo()
    assert win.canvas.spec() == a
    win._on_frame()  # the late frame of B
    qtbot.waitUntil(lambda: not win._staging, timeout=5000)
    assert win.canvas.spec() == a  # the canvas keeps the session's network
    win._timer.timeout.connect(win._on_frame)
    win._timer.start(0)
    qtbot.waitUntil(lambda: win._drawn.spec == a, timeout=5000)  # the worker's frame of A
    win.canvas.unit_buttons(0)[0].on_click()
    qtbot.waitUntil(lambda: win.session.project.network != a, timeout=5000)
    assert win.session.project.network.hidden[0].units == a.hidden[0].units + 1


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
    a = win.session.project.network
    win.canvas.unit_buttons(0)[0].on_click()
    qtbot.waitUntil(lambda: win.session.project.network != a, timeout=5000)
    b = win.session.project.network
    mod, k = QtCore.Qt.KeyboardModifier, QtCore.Qt.Key
    ctrl, shift = mod.ControlModifier, mod.ShiftModifier
    for key, mods, want in ((k.Key_Z, ctrl, a), (k.Key_Z, ctrl | shift, b),
                            (k.Key_Z, ctrl, a), (k.Key_Y, ctrl, b)):
        QTest.keyClick(win.canvas.view, key, mods)
        qtbot.waitUntil(lambda w=want: win.session.project.network == w, timeout=3000)
