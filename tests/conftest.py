"""Test set-up shared by every test: Qt runs offscreen, before any QApplication exists."""

import os
import tempfile

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# settings (zoom, ...) and data (recovery copies) of the tests' own: not the user's
_HOME = tempfile.mkdtemp(prefix="playground-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")


@pytest.fixture(scope="session", autouse=True)
def compiled_kernels():
    """Load (on a fresh machine: compile, ~20 s) the numba kernels once, before any test.

    Otherwise the first window test on the compiled path compiles them in its background
    loader thread, which outlives the test and, holding the GIL, starves the training
    and GUI threads of the tests after it (on CI's first run, with an empty cache)."""
    from engine import fastpath

    fastpath.load()  # False where numba is missing: the tests of that path skip or adapt
