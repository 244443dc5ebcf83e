"""The window on a real X server (Xvfb), through Qt's xcb platform plugin, the one a
Linux desktop uses: the system libraries it needs are there and the window draws.
Skipped, with the reason, where Xvfb is not installed (``.ci/run`` installs it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from .test_cli import env

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("Xvfb") is None,
    reason="needs Linux and Xvfb (apt-get install xvfb, as .ci/run does)")


@pytest.fixture
def x_display():
    """A fresh Xvfb server; its display name once it is ready."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                               "1280x800x24", "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as f:
            number = f.readline().strip()  # written when the server accepts clients
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def test_the_window_draws_on_a_real_x_server(x_display, tmp_path):
    e = env()
    e.update(DISPLAY=x_display, QT_QPA_PLATFORM="xcb", XDG_DATA_HOME=str(tmp_path))
    shot = tmp_path / "window.png"
    r = subprocess.run([sys.executable, "-m", "playground", "--preset", "mlp-xor", "--autoplay",
                        "--quit-after", "2", "--stats", "--screenshot", str(shot)],
                       cwd=tmp_path, env=e, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    stats = json.loads(r.stdout.strip().splitlines()[-1])
    assert stats["frames"] > 10 and stats["steps"] > 0
    assert shot.stat().st_size > 10_000
