"""Ctrl+C (SIGINT) and SIGTERM: one line on stderr and exit code 130 / 143, never a traceback.

Two ways to answer, chosen by where the program is:

- :func:`exit_on_signals`: write the line and exit at once.  The default: while
  modules load (an interruption inside an import would surface as that import's
  own error), while numba compiles (as a RuntimeError, with tracebacks printed
  from its C callbacks), while Qt builds the window (a Python exception inside a
  Qt constructor's virtual call can crash the process), after the command.
- :func:`raise_on_signals`: raise KeyboardInterrupt (or :class:`Terminated`) where
  the code is, for the CLI to print its line; only around a headless run's
  training, which then stops between two steps.

The window, once up, closes itself the normal way instead (``playground.app``).
"""

from __future__ import annotations

import os
import signal

# SIGBREAK: Ctrl+Break in a Windows console
SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None),
                            getattr(signal, "SIGBREAK", None)) if s)
LINES = {signal.SIGINT: "playground: interrupted"}
for _name, _line in (("SIGTERM", "playground: terminated"),
                     ("SIGBREAK", "playground: interrupted (Ctrl+Break)")):
    if hasattr(signal, _name):
        LINES[getattr(signal, _name)] = _line


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is, like Ctrl+C's KeyboardInterrupt."""


received: list[int] = []  # the signals received while raising was on


def exit_code(signum: int) -> int:
    return 128 + signum


def exit_now(signum: int) -> None:
    """Write the signal's line and end the process at once."""
    _exit_now(signum, None)


def _exit_now(signum, _frame) -> None:
    try:
        os.write(2, (LINES.get(signum, "playground: stopped by a signal") + "\n").encode())
    except OSError:  # no stderr (a GUI launch on Windows)
        pass
    os._exit(exit_code(signum))


def _raise(signum, _frame) -> None:
    received.append(signum)
    raise Terminated() if signum != signal.SIGINT else KeyboardInterrupt()


def _install(handler) -> None:
    for signum in SIGNALS:
        try:
            signal.signal(signum, handler)
        except (OSError, ValueError):  # not the main thread
            pass


def exit_on_signals() -> None:
    _install(_exit_now)


def raise_on_signals() -> None:
    _install(_raise)
