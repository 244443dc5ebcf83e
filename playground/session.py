"""The session: the document the window edits, with its file and undo history.

It holds the accepted :class:`engine.Project`.  Every edit is proposed as a
whole new project and checked against the engine (network, training and data
must fit together) before it is accepted, so the window, the worker and the
file never disagree; a refused edit leaves everything as it was.
"""

from __future__ import annotations

from pathlib import Path

import engine
from engine.trainer import check

UNDO_LIMIT = 100


class Session:
    def __init__(self, project: engine.Project, path: str | None = None):
        self._project = project
        self.path = Path(path) if path else None
        self._undo: list[engine.Project] = []
        self._redo: list[engine.Project] = []
        self._split_key = None
        self._split = None
        self.edited = False  # settings changed since the last save/load
        self.split()  # validates the data

    @property
    def project(self) -> engine.Project:
        return self._project

    def split(self, data: engine.DataSettings | None = None) -> engine.Split:
        """The split for ``data`` (default: the current data), cached."""
        data = data or self._project.data
        key = data  # frozen settings: equal settings, equal split
        if key != self._split_key:
            split = data.build_split()
            if data is not self._project.data:
                return split
            self._split_key, self._split = key, split
        return self._split

    def propose(self, project: engine.Project) -> engine.Project:
        """Accept ``project`` if network, training and data fit; raises PlaygroundError if not."""
        split = self.split(project.data)
        check(project.network, project.training, split)
        self._undo.append(self._project)
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._project = project
        self.split()
        self.edited = True
        return project

    def load(self, project: engine.Project, path: str | None = None) -> None:
        split = self.split(project.data)
        check(project.network, project.training, split)
        self._project = project
        self.path = Path(path) if path else None
        self._undo.clear()
        self._redo.clear()
        self.split()
        self.edited = False

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> engine.Project | None:
        if not self._undo:
            return None
        self._redo.append(self._project)
        self._project = self._undo.pop()
        self.split()
        self.edited = True
        return self._project

    def redo(self) -> engine.Project | None:
        if not self._redo:
            return None
        self._undo.append(self._project)
        self._project = self._redo.pop()
        self.split()
        self.edited = True
        return self._project

    def save(self, weights, path: str | Path | None = None) -> Path:
        """Save the project with ``weights`` atomically; raises ProjectError on failure."""
        target = Path(path) if path else self.path
        if target is None:
            raise engine.ProjectError("no file name given")
        if target.suffix.lower() != ".json":
            target = target.with_suffix(target.suffix + ".json")
        project = self._project.replace(weights=tuple(weights) if weights is not None else None)
        engine.project.save(project, target)
        self.path = target
        self.edited = False
        return target

    @property
    def title(self) -> str:
        name = self.path.name if self.path else (self._project.title or "untitled")
        return name
