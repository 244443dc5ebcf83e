"""The document: one project, edited through undoable commands that carry the layer map."""

import numpy as np
import pytest

import engine
from playground.document import Document, identity_map, inverse_map

from .windows import latest


@pytest.fixture
def doc(qtbot):
    d = Document(engine.presets.load("circle"))
    changes = []
    d.changed.connect(changes.append)
    d.seen = changes
    return d


def inserted(spec, at, units=3):
    layers = (*spec.layers[:at], engine.LayerSpec(units, "tanh"), *spec.layers[at:])
    return engine.NetworkSpec(spec.inputs, layers)


def test_an_edit_carries_its_layer_map_and_undo_the_inverse(doc):
    p0 = doc.project
    p1 = p0.replace(network=inserted(p0.network, 1))
    doc.propose(p1, (0, None, 1, 2), "Insert a layer")
    assert doc.project == p1 and doc.seen[-1].layer_map == (0, None, 1, 2)
    assert doc.modified and doc.stack.undoText() == "Insert a layer"
    doc.undo()
    assert doc.project == p0 and doc.seen[-1].layer_map == (0, 2, 3)
    assert not doc.modified  # back where it was opened
    doc.redo()
    assert doc.project == p1 and doc.seen[-1].layer_map == (0, None, 1, 2)
    revisions = [c.revision for c in doc.seen]
    assert revisions == sorted(set(revisions))  # each change a new revision


def test_inverse_maps():
    assert inverse_map((0, None, 1, 2), 3) == (0, 2, 3)
    assert inverse_map((0, 2), 3) == (0, None, 1)  # layer 1 was removed: undo makes it new
    assert inverse_map(identity_map(engine.presets.load("spiral").network), 4) == (0, 1, 2, 3)


def test_a_refused_edit_changes_nothing(doc):
    before = doc.project
    bad = before.replace(training=before.training.replace(loss="cce"))
    with pytest.raises(engine.PlaygroundError, match="softmax"):
        doc.propose(bad)
    assert doc.project is before and not doc.modified and doc.seen == []


def test_the_split_is_made_once_per_data_and_shared(doc, monkeypatch):
    calls = []
    real = engine.DataSettings.build_split
    monkeypatch.setattr(engine.DataSettings, "build_split",
                        lambda self: calls.append(self) or real(self))
    data = doc.project.data.replace(noise=0.2)
    split = doc.split_for(data)  # the controls check it ...
    doc.propose(doc.project.replace(data=data))  # ... the document accepts it ...
    assert doc.seen[-1].split is split and doc.split is split  # ... and the worker gets it
    assert len(calls) == 1
    assert not split.train.X.flags.writeable  # shared between threads: read-only


def test_a_weight_edit_is_undoable_and_marks_the_document(doc):
    sets = []
    doc.weight_set.connect(lambda *a: sets.append(a))
    doc.edit_weight(0, 1, 2, 0.25, 3.0)
    assert sets == [(0, 1, 2, 3.0)] and doc.modified
    doc.undo()
    assert sets[-1] == (0, 1, 2, 0.25) and not doc.modified
    doc.redo()
    assert sets[-1] == (0, 1, 2, 3.0)


def test_load_starts_afresh_and_clean(doc, tmp_path):
    doc.propose(doc.project.replace(training=doc.project.training.replace(lr=0.5)))
    assert doc.stack.canUndo()
    spiral = engine.presets.load("spiral")
    doc.load(spiral, tmp_path / "s.json")
    assert doc.project is spiral and doc.seen[-1].layer_map is None  # fresh weights
    assert not doc.stack.canUndo() and not doc.modified and doc.title == "s.json"


def test_in_the_window_insert_undo_redo_the_weights_follow(window, qtbot):
    """Insert a hidden layer by its menu, undo, redo: the first layer's trained weights
    survive each step (the worker gets the layer map, not a match by position)."""
    win = window("circle")
    win.toolbar.step_epoch.trigger()
    qtbot.waitUntil(lambda: latest(win).epoch == 1, timeout=5000)
    trained = latest(win).weights
    a = win.document.project.network
    assert win.canvas.editor.insert_layer(1)
    qtbot.waitUntil(lambda: latest(win).spec == win.document.project.network != a,
                    timeout=5000)
    b = win.document.project.network
    assert len(b.layers) == len(a.layers) + 1
    np.testing.assert_array_equal(latest(win).weights[0], trained[0])
    win.undo()
    qtbot.waitUntil(lambda: latest(win).spec == a and latest(win).revision
                    == win.document.revision, timeout=5000)
    for i in (0, 1, 5):  # layer 1, and the output's bias
        np.testing.assert_array_equal(latest(win).weights[i], trained[i])
    win.redo()
    qtbot.waitUntil(lambda: latest(win).spec == b, timeout=5000)
    np.testing.assert_array_equal(latest(win).weights[0], trained[0])


def test_in_the_window_a_typed_weight_is_undoable_and_marks_the_title(window, qtbot):
    win = window("mlp-xor")
    old = float(latest(win).weights[0][1, 0])
    assert not win.isWindowModified()
    win.canvas.weight_edited.emit(0, 1, 0, old, 2.5)
    qtbot.waitUntil(lambda: latest(win).weights[0][1, 0] == 2.5, timeout=5000)
    assert win.document.modified and win.isWindowModified()
    assert win.menus.undo.isEnabled()
    win.undo()
    qtbot.waitUntil(lambda: latest(win).weights[0][1, 0] == old, timeout=5000)
    assert not win.document.modified and not win.isWindowModified()
