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

See :mod:`playground.interrupts`.
"""

from __future__ import annotations

import os
import sys

from . import interrupts

interrupts.exit_on_signals()  # the entry point is loading: the command is starting


def main(argv: list[str] | None = None) -> int:
    interrupts.exit_on_signals()
    from .cli import main as cli_main

    try:
        code = cli_main(sys.argv[1:] if argv is None else argv)
    finally:
        interrupts.exit_on_signals()  # the interpreter's shutdown: no place for a traceback
    if interrupts.received and argv is None:
        # The line is written.  Leave now: an interruption that passed through code
        # the interpreter ran for a library (numba builds functions with exec) would
        # otherwise make it end by re-raising SIGINT at exit (-2, not 130).
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)
    return code


def gui_main() -> int:
    """Entry point of ``playground-gui``, the desktop launcher's command (Windows opens
    no console for it): nobody reads its stderr, so a file that does not open is shown
    in the window instead, on the default lesson."""
    interrupts.exit_on_signals()
    from .cli import main as cli_main

    return cli_main(sys.argv[1:], errors_in_window=True)


if __name__ == "__main__":
    sys.exit(main())
