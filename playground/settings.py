"""What the app remembers between launches (QSettings), read with care.

The window's geometry and splitters, the speed, the last folder used for
exports, the recent files (at most RECENT, newest first), the zoom.  Every
value is checked on the way in: a settings file that is broken (not readable
as settings) or stale (a value of the wrong kind, a file that no longer
exists) costs the value, never a crash; :func:`problem` says once what was
wrong with the file, for the window to show.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["RECENT", "Settings"]

RECENT = 10  # File ▸ Recent files


class Settings:
    """Typed access to the app's QSettings."""

    def __init__(self, store: QSettings | None = None):
        self.store = store if store is not None else QSettings()

    def problem(self) -> str | None:
        """What is wrong with the settings file as a whole, or None."""
        status = self.store.status()
        if status == QSettings.Status.FormatError:
            return (f"The settings file {self.store.fileName()} could not be read; the "
                    f"defaults are used (it is replaced when the app next saves them).")
        path = self.store.fileName()
        # (Qt reports AccessError for some paths it reads and writes well: ask the file)
        if status == QSettings.Status.AccessError and os.path.exists(path) and not (
                os.access(path, os.R_OK) and os.access(path, os.W_OK)):
            return (f"The settings file {path} cannot be read or written; nothing is "
                    f"remembered this time.")
        return None

    # -------------------------------------------------------------- plain values
    def _get(self, key: str, kind, default):
        try:
            value = self.store.value(key, default)
        except Exception:  # a value Qt cannot turn into a Python object
            return default
        if kind is int:
            try:
                return int(value)
            except (TypeError, ValueError, OverflowError):
                return default
        if kind is str:
            return value if isinstance(value, str) else default
        if kind is bytes:
            return value if isinstance(value, QByteArray) and not value.isEmpty() else default
        return default

    def geometry(self) -> QByteArray | None:
        return self._get("window/geometry", bytes, None)

    def splitter(self, name: str) -> QByteArray | None:
        return self._get(f"window/splitter/{name}", bytes, None)

    def save_window(self, geometry: QByteArray, splitters: dict) -> None:
        self.store.setValue("window/geometry", geometry)
        for name, state in splitters.items():
            self.store.setValue(f"window/splitter/{name}", state)

    def speed(self) -> int | None:
        """The steps per frame chosen last (0: max), or None."""
        value = self._get("training/speed", int, None)
        return value if value is not None and 0 <= value <= 100_000 else None

    def set_speed(self, value: int) -> None:
        self.store.setValue("training/speed", int(value))

    def export_folder(self) -> str:
        """The folder of the last export, if it still exists; else the home folder."""
        folder = self._get("export/folder", str, "")
        return folder if folder and os.path.isdir(folder) else os.path.expanduser("~")

    def set_export_folder(self, path: str) -> None:
        self.store.setValue("export/folder", os.path.dirname(os.path.abspath(path)))

    def language(self) -> str | None:
        """The UI language chosen last ("en" or "ko"), or None."""
        value = self._get("ui/language", str, "")
        return value if value in ("en", "ko") else None

    def set_language(self, code: str) -> None:
        self.store.setValue("ui/language", code)

    # -------------------------------------------------------------- recent files
    def recent(self) -> list[str]:
        """The recent files that still exist, newest first."""
        value = self.store.value("files/recent", [])
        if isinstance(value, str):  # QSettings gives one string for a list of one
            value = [value]
        if not isinstance(value, list):
            return []
        files = [v for v in value if isinstance(v, str) and os.path.isfile(v)]
        return list(dict.fromkeys(files))[:RECENT]

    def add_recent(self, path: str) -> list[str]:
        path = os.path.abspath(path)
        files = [path, *(f for f in self.recent() if f != path)][:RECENT]
        self.store.setValue("files/recent", files)
        self.store.setValue("files/last", path)
        return files

    def clear_recent(self) -> None:
        self.store.setValue("files/recent", [])

    def last_file(self) -> str | None:
        """The file opened or saved last, if it still exists."""
        path = self._get("files/last", str, "")
        return path if path and os.path.isfile(path) else None
