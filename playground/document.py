"""The document: the project being edited, in one place, with its file and undo history.

:class:`Document` holds the accepted :class:`engine.Project` (network, training,
data settings, the weights it was opened with) and the data split, made once
per data change and shared as read-only arrays.  Every edit is proposed as a
whole new project, checked against the engine (network, training and data
must fit together) and, if accepted, pushed on a :class:`QUndoStack` as a
command that carries what the worker needs: the new project and the layer
map (which old layer each new layer was), undone with the inverse map.  Each
accepted change, undo, redo or load emits ``changed(Change)``; a refused edit
raises and leaves everything as it was.  The window's "modified" marker is the
stack's clean state.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

import engine
from engine.trainer import check

UNDO_LIMIT = 100
SPLITS_KEPT = 4  # the splits of the data used last (the current data's among them)


@dataclass(frozen=True)
class Change:
    """What the worker needs to follow the document: the project now, the layer map
    (None: start afresh, from ``project.weights`` or a seeded init), the split of
    ``project.data`` and the document's revision (snapshots echo it back)."""

    project: engine.Project
    layer_map: tuple | None
    split: engine.Split
    revision: int
    # an undo: the weights the network had before the edit undone, to put back as
    # they were (None: carry the current ones over by the layer map)
    weights: tuple | None = None


def identity_map(spec: engine.NetworkSpec) -> tuple:
    return tuple(range(len(spec.layers)))


def inverse_map(layer_map, n_old: int) -> tuple:
    """The map back: old layer i came from new layer j where ``layer_map[j] == i``."""
    back = [None] * n_old
    for j, i in enumerate(layer_map):
        if i is not None and 0 <= i < n_old:
            back[i] = j
    return tuple(back)


class _Edit(QUndoCommand):
    """Old project -> new project, and back; the layer maps go with them."""

    def __init__(self, doc: Document, old: engine.Project, new: engine.Project, layer_map,
                 text: str, weights_before: tuple | None = None):
        super().__init__(text)
        self._doc, self._old, self._new = doc, old, new
        self._forward = tuple(layer_map)
        self._back = inverse_map(self._forward, len(old.network.layers))
        self._weights_before = weights_before  # the trained weights the edit started from

    def redo(self) -> None:
        self._doc._set(self._new, self._forward)

    def undo(self) -> None:
        self._doc._set(self._old, self._back, self._weights_before)


class _WeightEdit(QUndoCommand):
    """A weight typed on an edge: set, and put back on undo."""

    def __init__(self, doc: Document, where: tuple[int, int, int], old: float, new: float):
        super().__init__(f"Edit weight to {new:g}")
        self._doc, self._where, self._old, self._new = doc, where, old, new

    def redo(self) -> None:
        self._doc.weight_set.emit(*self._where, self._new)

    def undo(self) -> None:
        self._doc.weight_set.emit(*self._where, self._old)


class Document(QObject):
    changed = Signal(object)  # Change: after every accepted edit, undo, redo and load
    weight_set = Signal(int, int, int, float)  # layer, row, col, value (an edit or its undo)

    def __init__(self, project: engine.Project, path: str | Path | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._splits: dict[engine.DataSettings, engine.Split] = {}
        check(project.network, project.training, self.split_for(project.data))
        self._project = project
        self.path = Path(path) if path else None
        self.revision = 0
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)

    # ------------------------------------------------------------------ reading
    @property
    def project(self) -> engine.Project:
        return self._project

    @property
    def split(self) -> engine.Split:
        return self.split_for(self._project.data)

    @property
    def modified(self) -> bool:
        """Changed since it was opened or saved (undoing back to there: not modified)."""
        return not self.stack.isClean()

    @property
    def title(self) -> str:
        return self.path.name if self.path else (self._project.title or "untitled")

    def change(self) -> Change:
        """The document as the worker should have it now (a fresh start)."""
        return Change(self._project, None, self.split, self.revision)

    def split_for(self, data: engine.DataSettings) -> engine.Split:
        """The split of ``data``: made once, then shared (raises PlaygroundError if the
        data cannot be split)."""
        split = self._splits.pop(data, None)
        if split is None:
            split = data.build_split()
        self._splits[data] = split  # the most recent last: the oldest goes first
        while len(self._splits) > SPLITS_KEPT:
            del self._splits[next(iter(self._splits))]
        return split

    # ------------------------------------------------------------------ editing
    def propose(self, project: engine.Project, layer_map=None, text: str = "Edit",
                weights: tuple | None = None) -> None:
        """Accept ``project`` (pushed on the undo stack, ``changed`` emitted) if network,
        training and data fit; raises PlaygroundError if not, changing nothing.

        ``layer_map[j]`` is the index in the current network of the layer that becomes
        layer ``j`` (None for a new one); by default the layers keep their places.
        ``weights``: the current network's weights now (trained), which an undo of
        this edit puts back.
        """
        check(project.network, project.training, self.split_for(project.data))
        if project == self._project:
            return
        if layer_map is None:
            old, new = len(self._project.network.layers), len(project.network.layers)
            layer_map = tuple(j if j < old - 1 else None for j in range(new - 1)) + (old - 1,)
        self.stack.push(_Edit(self, self._project, project, layer_map, text, weights))

    def edit_weight(self, layer: int, row: int, col: int, old: float, new: float) -> None:
        """A weight typed by the learner (``old`` is what it was), undoable."""
        self.stack.push(_WeightEdit(self, (layer, row, col), old, new))

    def undo(self) -> None:
        self.stack.undo()

    def redo(self) -> None:
        self.stack.redo()

    def load(self, project: engine.Project, path: str | Path | None = None,
             modified: bool = False) -> None:
        """Replace everything with ``project`` (a lesson or a file): a fresh history.
        ``modified``: it is unsaved work (a recovered copy), not the file as it is."""
        check(project.network, project.training, self.split_for(project.data))
        self.stack.clear()
        self.path = Path(path) if path else None
        self._set(project, None)
        if modified:
            self.stack.resetClean()  # no state of the stack is the saved one

    def _set(self, project: engine.Project, layer_map, weights: tuple | None = None) -> None:
        self._project = project
        self.revision += 1
        self.changed.emit(Change(project, layer_map, self.split, self.revision, weights))

    # ------------------------------------------------------------------ saving
    def save(self, weights, path: str | Path | None = None,
             panes: tuple[str, ...] | None = None, race: tuple[str, str] | None = None) -> Path:
        """Save the project with ``weights`` (and the views open beside the network,
        ``panes``, and the race's setup, if given) atomically; raises ProjectError on
        failure."""
        target = Path(path) if path else self.path
        if target is None:
            raise engine.ProjectError("no file name given")
        if target.suffix.lower() != ".json":
            target = target.with_suffix(target.suffix + ".json")
        project = self._project.replace(weights=tuple(weights) if weights is not None else None)
        if panes is not None:
            project = project.replace(panes=tuple(panes))
        if race is not None:
            project = project.replace(race=tuple(race))
        engine.project.save(project, target)
        self.path = target
        self.stack.setClean()
        return target
