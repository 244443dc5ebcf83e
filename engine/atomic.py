"""Write a file whole or not at all: a temporary file beside it, flushed, renamed over it.

A crash or a full disk mid-write leaves the old file as it was.  The new file
keeps the old one's permissions (or gets a plain new file's), not mkstemp's 0600.

A process killed mid-write (SIGKILL, power loss) cannot remove its temporary
file.  Each one is named ``.NAME.PID-XXXX.tmp``; the next write of NAME (and the
next load of it, see :func:`sweep`) removes those whose process is gone, or,
where that cannot be told, that are older than STALE_S.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time

STALE_S = 60.0  # a save takes well under a second; older temporary files are debris
_ASK_PROCESSES = os.name == "posix"  # os.kill(pid, 0) asks; on Windows it would end pid


def _file_mode(path) -> int:
    """The existing file's permissions, or the default for a new file (0666 minus umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _alive(pid: int) -> bool | None:
    """Whether process ``pid`` runs; None where that cannot be asked without harm
    (on Windows, os.kill would end it)."""
    if not _ASK_PROCESSES:
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but someone else's
        return True
    return True


def sweep(path) -> list[str]:
    """Remove the temporary files that writes of ``path`` left behind when their
    process died; returns their names.  Never raises: debris is no reason to fail."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    pattern = re.compile(re.escape(f".{os.path.basename(path)}.") + r"(\d+)-[^.]*\.tmp\Z")
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        m = pattern.match(name)
        if not m:
            continue
        full = os.path.join(folder, name)
        try:
            alive = _alive(int(m.group(1)))
            if alive is False or (alive is None and now - os.stat(full).st_mtime > STALE_S):
                _remove(full)
                if not os.path.exists(full):
                    removed.append(name)
        except (OSError, ValueError, OverflowError):
            continue
    return removed


def write_text(path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically; raises OSError on failure."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; raises OSError on failure."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    sweep(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.{os.getpid()}-",
                               suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            # by path, not os.fchmod: that one is POSIX-only before Python 3.13
            os.chmod(tmp, _file_mode(path))
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def _remove(path) -> None:
    """Delete ``path``, read-only or not (Windows refuses to delete a read-only file;
    the temporary file has the target's mode, which may be read-only)."""
    try:
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
        os.unlink(path)
    except OSError:
        pass
