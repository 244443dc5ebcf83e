"""The lesson's comparison runs, trained off the GUI thread and drawn beside the live run.

A lesson may name variants (``engine.presets.Preset.compare``: the same project
with one setting changed).  :class:`Comparisons` trains them once per lesson and
seed in a background thread (numba's kernels release the GIL; on the NumPy path
the runs are a second or two) and hands the finished runs to the GUI thread by a
queued signal.  They are shown while the project is the lesson as it opened; an
edit of its setup hides them (they would compare another network).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

import engine
from engine import fastpath
from engine.compare import compare


class Comparisons(QObject):
    ready = Signal(object, object)  # key (preset name, seed), list of engine.compare.Run

    def __init__(self, parent: QObject | None = None, compiled: bool = True):
        super().__init__(parent)
        self.compiled = compiled
        self.done: dict[tuple, list] = {}  # key -> runs
        self._running: set[tuple] = set()
        self.ready.connect(self._store)

    def request(self, name: str, project: engine.Project) -> list | None:
        """The runs of lesson ``name`` for ``project`` (the lesson as it opens, some
        seed): at once if trained already, else None and ``ready`` when they are."""
        preset = engine.presets.get(name)
        key = (name, project.training.seed)
        if key in self.done:
            return self.done[key]
        if preset.compare and key not in self._running:
            self._running.add(key)
            threading.Thread(target=self._train, args=(key, project, preset.compare),
                             name=f"compare-{name}", daemon=True).start()
        return None

    def _train(self, key, project, variants) -> None:
        try:
            runs = compare(project, variants, compiled=self.compiled and fastpath.loaded())
        except engine.PlaygroundError:  # (a lesson's variants are valid: not expected)
            runs = []
        try:
            self.ready.emit(key, runs)  # queued to the GUI thread
        except RuntimeError:  # the window closed meanwhile: nobody to show them to
            pass

    def _store(self, key, runs) -> None:
        self._running.discard(key)
        self.done[key] = runs
