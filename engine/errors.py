"""User-facing errors: each message says what is wrong and where.

The CLI turns these into one line and exit code 2; the window shows them in a
message and keeps the current work.  Anything else escaping is a bug.

Whatever a message quotes from a file, it stays one printable line of sensible
length: line breaks become spaces, a number of hundreds of digits is shortened
("999999...999 (5000 digits)"), so is any other run of hundreds of characters,
and a character no file or terminal can hold (a lone surrogate) is escaped.
"""

import re

_DIGITS = re.compile(r"\d{25,}")
_LONG = re.compile(r"\S{161,}")
_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")


def one_line(message: str) -> str:
    """``message`` as one printable line of sensible length (see the module's docstring)."""
    message = _BREAKS.sub(" ", message)
    message = _DIGITS.sub(lambda m: f"{m[0][:6]}...{m[0][-3:]} ({len(m[0])} digits)", message)
    message = _LONG.sub(lambda m: f"{m[0][:120]}...{m[0][-30:]}", message)
    return message.encode("utf-8", "backslashreplace").decode("utf-8")


class PlaygroundError(ValueError):
    """A user's mistake in a value, an argument or a file."""

    def __init__(self, message="", *args):
        super().__init__(one_line(str(message)), *args)


class DataError(PlaygroundError):
    """A data set or CSV file that cannot be used."""


class ProjectError(PlaygroundError):
    """A project file (JSON) that cannot be loaded."""
