"""Ctrl+C and SIGTERM at any moment of a headless command: exit 130 / 143 with one line.

The moments are spread over the start-up (the entry point and NumPy loading, the
kernels loading from numba's cache with --jit) and the training itself; whatever the
moment, the answer is the same, so the test holds however fast the machine is.  (The
first ~50 ms, before the interpreter runs any of the playground's code, are Python's
own: a signal then gets Python's default answer.)
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .test_cli import env

DELAYS = (0.15, 0.2, 0.25, 0.3, 0.4, 0.6, 0.9, 1.5)
ARGS = ["train", "--preset", "spiral", "--epochs", "1000000"]


def _interrupt(args, signum, delay):
    p = subprocess.Popen([sys.executable, "-m", "playground", *args], env=env(),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    p.send_signal(signum)
    out, err = p.communicate(timeout=30)
    return p.returncode, out, err


@pytest.mark.parametrize("jit", [False, True], ids=["reference", "jit"])
@pytest.mark.parametrize(("signum", "code", "line"), [
    (signal.SIGINT, 130, "playground: interrupted"),
    (signal.SIGTERM, 143, "playground: terminated"),
])
def test_a_signal_at_any_moment_ends_the_command_with_one_line(signum, code, line, jit):
    args = ARGS + (["--jit"] if jit else ["--no-jit"])
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda d: _interrupt(args, signum, d), DELAYS))
    for delay, (rc, out, err) in zip(DELAYS, results):
        assert "Traceback" not in err and "Error" not in err, (delay, err)
        assert rc == code, (delay, rc, err)
        # the progress bar may come first (a run of more than half a second)
        assert err.rstrip("\n").split("\n")[-1].split("\r")[-1] == line, (delay, err)
        assert out == ""  # no summary of a run that did not end


def test_a_signal_while_numba_compiles_the_kernels_is_one_line_too(tmp_path):
    """The first run after installing compiles the kernels (~15 s): an interruption
    there used to surface as numba's own RuntimeError, with tracebacks from its
    C callbacks.  An empty numba cache makes this run compile."""
    e = env()
    e["NUMBA_CACHE_DIR"] = str(tmp_path / "numba-cache")

    def run(delay):
        p = subprocess.Popen([sys.executable, "-m", "playground", *ARGS, "--jit"], env=e,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        p.send_signal(signal.SIGINT)
        return p.communicate(timeout=60), p.returncode

    with ThreadPoolExecutor(max_workers=2) as pool:
        for (_out, err), rc in pool.map(run, (1.2, 2.5)):
            assert rc == 130 and err == "playground: interrupted\n", err
