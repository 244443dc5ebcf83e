"""Data, models and pictures in and out of the window; drops; what the app remembers."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QComboBox

import engine
from engine.data import features
from playground.settings import RECENT, Settings

from .windows import latest


def _pandas_csv(path, n=30):
    """What pandas' DataFrame.to_csv writes: an unnamed index column first."""
    rng = np.random.default_rng(1)
    X = rng.uniform(-2, 2, (n, 2))
    rows = [["", "petal length", "petal width", "kind"]]
    rows += [[str(i), f"{a:.4f}", f"{b:.4f}", "big" if a + b > 0 else "small"]
             for i, (a, b) in enumerate(X)]
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)
    return X


def _answer_dialog(action):
    """Run ``action(dialog)`` on the next modal dialog, from inside its event loop."""
    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        action(dialog)
    QTimer.singleShot(0, poll)


def test_a_pandas_csv_asks_for_its_columns_and_imports_them(window, qtbot, tmp_path):
    win = window("mlp-xor")
    path = tmp_path / "iris-like.csv"
    X = _pandas_csv(path)
    seen = {}

    def pick(dialog):
        boxes = dialog.findChildren(QComboBox)
        seen["guess"] = [b.currentText() for b in boxes]
        dialog.accept()

    _answer_dialog(pick)
    assert win.import_csv(str(path))
    # the index column is left out; the features and the label guessed from the names
    assert seen["guess"] == ["petal length", "petal width", "kind"]
    qtbot.waitUntil(lambda: sum(len(d) for d in latest(win).split) == len(X), timeout=5000)
    train = latest(win).split.train
    assert train.class_names == ("big", "small")
    assert all(any(np.allclose(x, row, atol=1e-4) for row in X) for x in train.X)


def test_cancelling_the_column_dialog_keeps_the_data(window, qtbot, tmp_path):
    win = window("mlp-xor")
    path = tmp_path / "other.csv"
    _pandas_csv(path)
    before = win.document.project.data
    _answer_dialog(lambda d: d.reject())
    assert not win.import_csv(str(path))
    assert win.document.project.data is before


def test_the_data_goes_out_with_its_split_and_comes_back(window, qtbot, tmp_path):
    win = window("moons")
    path = tmp_path / "moons.csv"
    assert win.exchange.export_data(str(path))
    with open(path) as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["x1", "x2", "label", "split"]
    split = win.document.split
    assert [r[3] for r in rows[1:]].count("validation") == len(split.val)
    again = engine.csvio.load_csv(path)  # (the split column is ignored)
    np.testing.assert_array_equal(again.X, np.concatenate([d.X for d in split]))


def test_the_model_goes_out_with_the_weights_on_screen(window, qtbot, tmp_path):
    ort = pytest.importorskip("onnxruntime", reason="the test extra installs onnxruntime")
    win = window("spiral")
    for _ in range(3):
        win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == 3, timeout=10000)
    path = tmp_path / "spiral.onnx"
    assert win.exchange.export_model(str(path), "onnx")
    snap = latest(win)
    net = engine.Network(snap.spec)
    net.set_weights(snap.weights)
    X = snap.split.test.X
    want = net.forward(features.transform(snap.spec.inputs, X))
    got = ort.InferenceSession(str(path)).run(None, {"points": X.astype(np.float32)})[0]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    assert "ONNX" in win.statusBar().currentMessage()
    assert not win.exchange.export_model(str(tmp_path / "nowhere" / "x.onnx"), "onnx")
    assert win.banner.isVisible() and "nowhere" in win.banner.text()


@pytest.mark.parametrize("part", ["The data view", "The network", "The curves",
                                  "The whole window"])
def test_pictures_are_written_at_1x_2x_and_as_svg(window, tmp_path, part):
    win = window("mlp-xor")
    widget = win.exchange.part(part)
    for scale in (1.0, 2.0):
        path = tmp_path / f"pic{scale:g}.png"
        assert win.exchange.export_image(str(path), part, scale)
        image = QImage(str(path))
        assert (image.width(), image.height()) == (round(widget.width() * scale),
                                                   round(widget.height() * scale))
        assert len({image.pixel(x, y) for x in range(0, image.width(), 5)
                    for y in range(0, image.height(), 5)}) > 3  # something drawn
    svg = tmp_path / "pic.svg"
    assert win.exchange.export_image(str(svg), part)
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text and len(text) > 2000


def _drop(win, path):
    """Drag ``path`` over the window and let go, as a file manager does; whether the
    window took it."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(win, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(win, event)
    return event.isAccepted()


def test_a_dropped_csv_is_imported_and_a_dropped_project_opened(window, qtbot, tmp_path):
    win = window("mlp-xor")
    data = tmp_path / "points.csv"
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (40, 2))
    data.write_text("x1,x2,label\n" + "".join(f"{a},{b},{int(a > b)}\n" for a, b in X))
    assert _drop(win, data)
    qtbot.waitUntil(lambda: sum(len(d) for d in latest(win).split) == 40, timeout=5000)
    project = tmp_path / "moons.json"
    engine.project.save(engine.presets.load("moons"), project)
    win.confirm_close = False  # (no question about the unsaved import)
    assert _drop(win, project)
    qtbot.waitUntil(lambda: win.document.project.title == "Moons", timeout=5000)
    assert str(project) in win.exchange.settings.recent()
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    assert not _drop(win, other)


def test_recent_files_keep_ten_existing_ones_newest_first(tmp_path):
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    s = Settings(store)
    files = []
    for i in range(RECENT + 3):
        f = tmp_path / f"p{i}.json"
        f.write_text("{}")
        files.append(str(f))
        s.add_recent(str(f))
    assert s.recent() == files[::-1][:RECENT]
    (tmp_path / f"p{RECENT + 2}.json").unlink()  # gone: not offered any more
    assert s.recent()[0] == files[-2]
    assert s.last_file() is None  # the last one is gone too
    store.setValue("files/recent", 42)  # stale: of the wrong kind
    assert s.recent() == []


def test_a_broken_settings_file_is_ignored_with_a_message(tmp_path):
    path = tmp_path / "broken.ini"
    path.write_bytes(b"[window]\ngeometry=@ByteArray(\\x\xff\xfe\n\x00garbage=\n[")
    store = QSettings(str(path), QSettings.Format.IniFormat)
    s = Settings(store)
    assert s.geometry() is None and s.speed() is None and s.recent() == []
    store.setValue("training/speed", "fast")  # a value of the wrong kind: the default
    assert s.speed() is None
    store.setValue("export/folder", str(tmp_path / "gone"))
    assert s.export_folder() != str(tmp_path / "gone")
    bad = QSettings(str(tmp_path / "nodir" / "x.ini"), QSettings.Format.IniFormat)
    assert Settings(bad).recent() == []


def test_a_new_window_opens_with_the_last_windows_size_and_panels(window, qtbot):
    """(Offscreen, the screen is small: a restored width is clamped to it, so the test
    checks the height and the settings panel's width.)"""
    win = window("mlp-xor")
    narrow = win.minimumSizeHint().width()  # (within the offscreen screen's clamp)
    win.resize(narrow, 720)
    qtbot.waitUntil(lambda: win.height() == 720 and win.width() == narrow, timeout=3000)
    sizes = win.main_split.sizes()
    win.main_split.setSizes([300, sizes[0] + sizes[1] - 300, sizes[2]])
    controls = win.main_split.sizes()[0]
    win.save_layout()
    second = window("moons")
    assert second.height() == 800 and second.main_split.sizes()[0] != controls
    assert second.restore_layout()
    qtbot.waitUntil(lambda: second.height() == 720, timeout=3000)
    qtbot.waitUntil(lambda: second.main_split.sizes()[0] == controls, timeout=3000)
    QSettings().setValue("window/geometry", QByteArray(b"not a geometry"))
    third = window("moons")
    assert not third.restore_layout()  # ignored, no crash
    assert third.height() == 800
