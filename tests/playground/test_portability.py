"""Windows and macOS lack some POSIX modules and functions; the app must not need them.

CI runs on Linux, so these tests take the POSIX-only pieces away (an import that
fails, a function that is missing) and run the start-up and save paths.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import time

import pytest

import engine
from engine import atomic

from .test_cli import env

POSIX_ONLY_MODULES = ("resource", "fcntl", "termios", "pwd", "grp", "pty", "tty")
POSIX_ONLY_FUNCTIONS = ("fchmod", "fchown", "sysconf", "getuid", "geteuid", "killpg",
                        "setsid", "fork", "getpgid", "uname")


def test_the_window_starts_and_saves_without_posix_only_modules_and_functions(tmp_path):
    script = textwrap.dedent(f"""
        import os, sys
        # the libraries first (they may use these on Linux and avoid them elsewhere);
        # then the playground's own code, which must not need them anywhere
        import numpy, numba, scipy, pyqtgraph, PySide6.QtWidgets
        for name in {POSIX_ONLY_MODULES!r}:
            sys.modules[name] = None  # "import resource" raises ImportError, as on Windows
        for name in {POSIX_ONLY_FUNCTIONS!r}:
            if hasattr(os, name):
                delattr(os, name)
        import engine
        engine.project.save(engine.presets.load("circle"), {str(tmp_path / "saved.json")!r})
        from playground.__main__ import main
        sys.exit(main(["--preset", "mlp-xor", "--autoplay", "--quit-after", "1.5", "--stats"]))
    """)
    r = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env(),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    stats = json.loads(r.stdout.strip().splitlines()[-1])
    assert stats["frames"] > 0 and stats["steps"] > 0
    assert engine.project.load(tmp_path / "saved.json").title


def test_a_save_keeps_the_files_permissions_without_fchmod(tmp_path, monkeypatch):
    monkeypatch.delattr(os, "fchmod", raising=False)
    target = tmp_path / "shared.json"
    engine.project.save(engine.presets.load("mlp-xor"), target)
    if os.name == "posix":
        os.chmod(target, 0o640)
    engine.project.save(engine.presets.load("circle"), target)  # over the old file
    assert engine.project.load(target).title == engine.presets.load("circle").title
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o640


def test_where_processes_cannot_be_asked_debris_goes_by_its_age(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "_ASK_PROCESSES", False)  # as on Windows
    target = tmp_path / "w.json"
    fresh = tmp_path / ".w.json.999999-fresh.tmp"  # maybe a save in progress elsewhere
    old = tmp_path / ".w.json.999998-old.tmp"
    for f in (fresh, old):
        f.write_text("{ half")
    past = time.time() - atomic.STALE_S - 5
    os.utime(old, (past, past))
    engine.project.save(engine.presets.load("mlp-xor"), target)
    assert fresh.exists() and not old.exists()


@pytest.mark.skipif(os.name != "posix", reason="asks processes with os.kill(pid, 0)")
def test_where_processes_can_be_asked_a_dead_ones_debris_goes_at_once(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    debris = tmp_path / f".w.json.{dead}-x.tmp"
    debris.write_text("{ half")
    engine.project.save(engine.presets.load("mlp-xor"), tmp_path / "w.json")
    assert not debris.exists()
