"""Entry point of the ``playground`` command.

Ctrl+C (SIGINT) and SIGTERM end the command at any moment with one line on
stderr and exit code 130 / 143, never a traceback:

- from this module's first line, while NumPy, Qt and the kernels load and until
  the command starts, and again once it has returned, a handler writes the line
  and exits at once (an interruption inside an import must not surface as that
  import's own error);
- while the command runs, :func:`playground.cli.main` turns the interruption into
  its line (a headless run stops between steps), and the window closes the normal
  way, keeping a recovery copy of unsaved work (see :mod:`playground.app`).
"""

from __future__ import annotations

import os
import signal
import sys

MESSAGES = {signal.SIGINT: b"playground: interrupted\n",
            signal.SIGTERM: b"playground: terminated\n"}


def _exit_now(signum, _frame) -> None:
    os.write(2, MESSAGES.get(signum, b"playground: stopped by a signal\n"))
    os._exit(128 + signum)


def _exit_on_signals() -> None:
    for signum in MESSAGES:
        try:
            signal.signal(signum, _exit_now)
        except (OSError, ValueError):  # not the main thread, or not on this platform
            pass


_exit_on_signals()  # the entry point is loading: the command is starting


def main(argv: list[str] | None = None) -> int:
    _exit_on_signals()
    from .cli import main as cli_main

    try:
        return cli_main(sys.argv[1:] if argv is None else argv)
    finally:
        _exit_on_signals()  # the interpreter's shutdown is no place for a traceback


if __name__ == "__main__":
    sys.exit(main())
