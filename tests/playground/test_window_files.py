"""Saving, opening and importing in the window: nothing lost, nothing unopenable written."""

import json

import numpy as np
from PySide6 import QtWidgets

import engine

from .windows import latest


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
    qtbot.waitUntil(lambda: latest(win2).spec == win.document.project.network, timeout=5000)
    np.testing.assert_allclose(latest(win2).weights[0], latest(win).weights[0])


def test_saving_right_after_an_edit_saves_the_edited_networks_weights(window, qtbot, tmp_path):
    """The edit reaches the worker a moment after the session: save waits for it, and
    never pairs the new network with the old weights (a file that would not open)."""
    win = window("mlp-xor")
    plus, _ = win.canvas.unit_buttons(0)
    plus.on_click()  # queued: the next pass of the event loop applies it to the session
    while win.document.project.network.layers[0].units != 3:
        QtWidgets.QApplication.processEvents()  # (a waitUntil would let the snapshot in)
    assert win.presenter.latest.spec != win.document.project.network  # the worker is not there yet
    path = tmp_path / "edited.json"
    assert win.save(str(path))
    saved = engine.project.load(str(path))  # it opens
    assert saved.network.layers[0].units == 3 and saved.weights[0].shape == (2, 3)
    assert not win.banner.isVisible()


def test_saving_when_the_worker_cannot_answer_saves_no_weights_rather_than_wrong_ones(
        window, qtbot, tmp_path):
    win = window("mlp-xor")
    assert win.link.shutdown(2000)  # no worker to follow the next edit
    spec = win.document.project.network
    win.canvas.spec_edited.emit(spec.with_layer(0, units=5), (0, 1))
    assert win.document.project.network.layers[0].units == 5
    path = tmp_path / "unsure.json"
    assert win.save(str(path))
    saved = engine.project.load(str(path))
    assert saved.network.layers[0].units == 5 and saved.weights is None
    assert win.banner.isVisible() and "without weights" in win.banner.text()


def test_opening_a_bad_file_keeps_the_current_work(window, qtbot, tmp_path):
    win = window("circle")
    before = win.document.project
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    win.open_file(str(bad))
    assert win.document.project is before
    assert "not valid JSON" in win.banner.text()


def test_importing_a_bad_csv_keeps_the_current_work(window, tmp_path):
    win = window("circle")
    before = win.document.project
    bad = tmp_path / "pts.csv"
    bad.write_text("x1,x2,label\n1,abc,0\n")
    win.import_csv(str(bad))
    assert win.document.project is before
    assert "pts.csv" in win.banner.text()


def test_unsaved_edits_are_not_lost_without_asking(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    win = window("circle")
    win.confirm_close = True
    spec = win.document.project.network
    win.canvas.spec_edited.emit(spec.with_layer(0, units=6), (0, 1, 2))
    assert win.document.modified
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Cancel)
    win.menus.lessons["spiral"].trigger()
    assert asked and win.document.project.network.layers[0].units == 6  # kept
    assert not win.close()  # cancelled: the window stays open
    assert win.link.thread.isRunning()
    win.confirm_close = False


PATHOLOGICAL = {
    "deep.json": ("[" * 100_000 + "]" * 100_000, "nested more than"),
    "digits.json": ('{"format": "nn-playground-project", "version": ' + "9" * 5000 + "}",
                    "5000 digits is too long"),
    "surrogate.json": (engine.project.dumps(engine.presets.load("circle")).replace(
        '"title": "', '"title": "\\udc80', 1), "title: text with an invalid character"),
    "far.json": (engine.project.dumps(engine.presets.load("circle")).replace(
        '"name": "circle"', '"name": "circle", "points": {"task": "binary", "x1": [0, 1, 2, '
        '3e300], "x2": [0, 1, 0, 1], "y": [0, 1, 0, 1]}'), "coordinates must lie between"),
}


def test_pathological_files_are_answered_in_the_window_and_keep_the_work(window, tmp_path):
    win = window("spiral")
    before = win.document.project
    for name, (text, says) in PATHOLOGICAL.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        win.open_file(str(path))
        assert win.document.project is before, name
        assert win.banner.isVisible() and says in win.banner.text(), (name, win.banner.text())
        assert win.banner.text().startswith(str(path)) and "\n" not in win.banner.text()
