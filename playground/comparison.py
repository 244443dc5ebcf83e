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

_DONE: dict[tuple, list] = {}  # (lesson, seed, compiled) -> runs: shared by every window
_lock = threading.Lock()


class Comparisons(QObject):
    ready = Signal(object, object)  # key (preset name, seed), list of engine.compare.Run

    def __init__(self, parent: QObject | None = None, compiled: bool = True):
        super().__init__(parent)
        self.compiled = compiled
        self._threads: dict[tuple, threading.Thread] = {}

    def request(self, name: str, project: engine.Project) -> list | None:
        """The runs of lesson ``name`` for ``project`` (the lesson as it opens, some
        seed): at once if trained already (by any window), else None and ``ready``
        when they are."""
        preset = engine.presets.get(name)
        key = (name, project.training.seed)
        with _lock:
            runs = _DONE.get((*key, self.compiled))
        if runs is not None:
            return runs
        thread = self._threads.get(key)
        if preset.compare and (thread is None or not thread.is_alive()):
            thread = threading.Thread(target=self._train, args=(key, project, preset.compare),
                                      name=f"compare-{name}", daemon=True)
            self._threads[key] = thread
            thread.start()
        return None

    def wait(self, timeout: float = 30.0) -> bool:
        """Wait for the runs being trained; True if none is left (tests, shutdown)."""
        for thread in list(self._threads.values()):
            thread.join(timeout)
        return not any(t.is_alive() for t in self._threads.values())

    def _train(self, key, project, variants) -> None:
        try:
            runs = compare(project, variants, compiled=self.compiled and fastpath.loaded())
        except engine.PlaygroundError:  # (a lesson's variants are valid: not expected)
            runs = []
        with _lock:
            _DONE[(*key, self.compiled)] = runs
        try:
            self.ready.emit(key, runs)  # queued to the GUI thread
        except RuntimeError:  # the window closed meanwhile: nobody to show them to
            pass
