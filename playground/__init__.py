"""The application: command line, session, training worker and main window."""

from engine import __version__

__all__ = ["__version__"]
