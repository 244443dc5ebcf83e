"""User-facing errors: each message says what is wrong and where.

The CLI turns these into one line and exit code 2; the window shows them in a
message and keeps the current work.  Anything else escaping is a bug.
"""


class PlaygroundError(ValueError):
    """A user's mistake in a value, an argument or a file."""


class DataError(PlaygroundError):
    """A data set or CSV file that cannot be used."""


class ProjectError(PlaygroundError):
    """A project file (JSON) that cannot be loaded."""
