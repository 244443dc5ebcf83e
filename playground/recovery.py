"""Nothing lost: a copy of unsaved work, kept while the window runs, offered after a crash.

Each window keeps its copy in the recovery folder as ``TOKEN.json`` beside a
``TOKEN.lock`` (a :class:`QLockFile` held for the window's life).  The copy is
rewritten every AUTOSAVE_S seconds while the document has unsaved edits, and
removed when the work is saved or the window closes the normal way.  A copy
whose lock is no longer held (its process was killed, crashed, or closed by
Ctrl+C from a terminal, which cannot answer "Save changes?") is an orphan; the
next window offers it in a bar above the canvas: Open it, Discard, Not now.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

import engine
from engine import atomic
from ui.common import theme

FORMAT = "nn-playground-recovery"
AUTOSAVE_S = 30  # while there are unsaved edits, the copy is at most this old


def default_folder() -> Path:
    """The per-user folder of recovery copies (XDG_DATA_HOME on Linux, the user's
    AppData on Windows, Application Support on macOS)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".nn-playground") / "recovery"


@dataclass(frozen=True)
class Recovered:
    """An orphaned copy: the project as it was, the file it belongs to (if any)."""

    file: Path
    project: engine.Project
    path: str | None
    saved_at: float  # seconds since the epoch

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        name = Path(self.path).name if self.path else (self.project.title or "untitled")
        return f"{name}, {when}"


class RecoveryStore:
    """This window's copy, and the copies other windows left behind."""

    def __init__(self, folder: str | Path | None = None):
        self.folder = Path(folder) if folder is not None else default_folder()
        token = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.file = self.folder / f"{token}.json"
        self._lock: QLockFile | None = None
        self.error: str | None = None  # why copies cannot be kept, if they cannot
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            self.error = f"cannot keep recovery copies in {self.folder} ({e.strerror or e})"
            return
        lock = QLockFile(str(self.file.with_suffix(".lock")))
        lock.setStaleLockTime(0)  # held for the window's life: only a dead owner frees it
        if lock.tryLock(0):
            self._lock = lock
        else:
            self.error = f"cannot lock a recovery copy in {self.folder}"

    @property
    def usable(self) -> bool:
        return self._lock is not None

    def write(self, project: engine.Project, path: str | Path | None) -> bool:
        """Keep ``project`` (belonging to file ``path``) as this window's copy."""
        if not self.usable:
            return False
        record = {"format": FORMAT, "version": 1, "saved_at": time.time(),
                  "path": os.fspath(path) if path else None, "project": project.to_dict()}
        try:
            text = json.dumps(record, ensure_ascii=False, allow_nan=False)
            atomic.write_text(self.file, text)
        except (OSError, TypeError, ValueError) as e:
            self.error = f"cannot write the recovery copy {self.file} ({e})"
            return False
        return True

    def discard(self) -> None:
        """This window's work is safe (saved, or knowingly discarded): no copy."""
        _remove(self.file)

    def close(self, keep: bool = False) -> None:
        """The window closes: its copy goes (unless ``keep``), its lock is released."""
        if not keep:
            self.discard()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def orphans(self) -> list[Recovered]:
        """The copies of windows that are gone, newest first.  A copy that cannot be
        read is removed (it was written whole, so it is not a copy of anything)."""
        found = []
        try:
            files = sorted(self.folder.glob("*.json"))
        except OSError:
            return found
        for file in files:
            if file == self.file:
                continue
            lock = QLockFile(str(file.with_suffix(".lock")))
            lock.setStaleLockTime(0)
            if not lock.tryLock(0):
                continue  # its window is still open
            try:
                found.append(_read(file))
            except Exception:  # whatever is in there: not a copy this app wrote whole
                _remove(file)
            finally:
                lock.unlock()
        return sorted(found, key=lambda r: -r.saved_at)

    def forget(self, recovered: Recovered) -> None:
        """An orphan was opened or discarded: remove it."""
        _remove(recovered.file)
        _remove(recovered.file.with_suffix(".lock"))


def _read(file: Path) -> Recovered:
    d = json.loads(file.read_text(encoding="utf-8"))
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise ValueError("not a recovery copy")
    project = engine.project.from_dict(d["project"])
    path = d.get("path")
    saved_at = d.get("saved_at")
    if not isinstance(saved_at, (int, float)) or not 0 < saved_at < 1e11:  # (year 5138)
        saved_at = file.stat().st_mtime
    return Recovered(file, project, path if isinstance(path, str) else None, float(saved_at))


def _remove(file: Path) -> None:
    try:
        file.unlink()
    except OSError:
        pass


class RecoveryBar(QWidget):
    """"Unsaved work from ... was kept": Open it, Discard, Not now."""

    open_requested = Signal(object)  # Recovered
    discard_requested = Signal(object)  # Recovered

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("recoveryBar")
        self.apply_theme()
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # paint the background
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.open_button = QPushButton("Open it")
        self.open_button.setToolTip("Open the recovered work in this window (it is marked "
                                    "unsaved until you save it)")
        self.discard_button = QPushButton("Discard")
        self.discard_button.setToolTip("Delete the recovered copy")
        self.later_button = QPushButton("Not now")
        self.later_button.setToolTip("Keep the copy; it is offered again next time")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        for b in (self.open_button, self.discard_button, self.later_button):
            row.addWidget(b)
        self._queue: list[Recovered] = []
        self.open_button.clicked.connect(lambda: self._answer(self.open_requested))
        self.discard_button.clicked.connect(lambda: self._answer(self.discard_requested))
        self.later_button.clicked.connect(lambda: self._answer(None))
        self.hide()

    def apply_theme(self) -> None:
        bg, fg = theme.now().warning
        self.setStyleSheet(f"#recoveryBar {{ background: {bg}; border-radius: 4px; }}"
                           f"QLabel {{ color: {fg}; }}")

    def offer(self, copies: list[Recovered]) -> None:
        self._queue = list(copies)
        self._show_next()

    def put_back(self, recovered: Recovered) -> None:
        """Offer ``recovered`` again (its opening was cancelled)."""
        self._queue.insert(0, recovered)
        self._show_next()

    @property
    def current(self) -> Recovered | None:
        return self._queue[0] if self._queue else None

    def _show_next(self) -> None:
        if not self._queue:
            self.hide()
            return
        more = len(self._queue) - 1
        self.label.setText(
            f"Unsaved work was kept when the playground last closed unexpectedly: "
            f"{self._queue[0].describe()}" + (f" (and {more} more)" if more else "") + ".")
        self.show()

    def _answer(self, signal) -> None:
        recovered = self._queue.pop(0)
        if signal is not None:
            signal.emit(recovered)
        self._show_next()
