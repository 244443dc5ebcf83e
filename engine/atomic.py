"""Write a file whole or not at all: a temporary file beside it, flushed, renamed over it.

A crash or a full disk mid-write leaves the old file as it was.  The new file
keeps the old one's permissions (or gets a plain new file's), not mkstemp's 0600.
"""

from __future__ import annotations

import os
import stat
import tempfile


def _file_mode(path) -> int:
    """The existing file's permissions, or the default for a new file (0666 minus umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def write_text(path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically; raises OSError on failure."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            os.fchmod(f.fileno(), _file_mode(path))
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
