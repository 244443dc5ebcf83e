"""``playground install-desktop``: the app in a Linux desktop's applications menu.

Copies the .desktop file and the icon shipped in playground/resources into the
user's XDG data folder (``$XDG_DATA_HOME`` or ``~/.local/share``), with ``Exec``
pointing at this installation's ``playground-gui`` command (or this Python running
``-m playground``, where that command is not on the PATH).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from .app import APP_ID, resource


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def targets() -> tuple[Path, Path]:
    """Where the .desktop file and the icon go."""
    home = data_home()
    return (home / "applications" / f"{APP_ID}.desktop",
            home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg")


def launch_command() -> str:
    """The Exec line's command: the installed launcher, else this Python."""
    script = shutil.which("playground-gui")
    argv = [script] if script else [sys.executable, "-m", "playground"]
    return " ".join(shlex.quote(a) for a in argv)


def desktop_entry() -> str:
    text = Path(resource(f"{APP_ID}.desktop")).read_text(encoding="utf-8")
    lines = [f"Exec={launch_command()} %f" if line.startswith("Exec=") else line
             for line in text.splitlines()]
    return "\n".join(lines) + "\n"


def install() -> list[Path]:
    entry, icon = targets()
    for folder in (entry.parent, icon.parent):
        folder.mkdir(parents=True, exist_ok=True)
    entry.write_text(desktop_entry(), encoding="utf-8")
    shutil.copyfile(resource(f"{APP_ID}.svg"), icon)
    return [entry, icon]


def uninstall() -> list[Path]:
    removed = []
    for path in targets():
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
