"""The learner's path without dead ends (issue: no dead ends), driven by mouse and keys."""

from __future__ import annotations

import numpy as np
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
