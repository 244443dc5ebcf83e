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
    import engine
    from engine import fastpath

    if not fastpath.load():  # numba missing: the tests of that path skip or adapt
        return
    # The real calls' argument types (read-only data, other layouts, dropout, each loss
    # and optimizer) are compiled on first use too: use them once here, while nothing
    # else runs, so that no window test's worker compiles for seconds holding the GIL.
    for name in engine.presets.NAMES:
        p = engine.presets.load(name)
        trainer = engine.Trainer(p.network, p.data.build_split(), p.training)
        trainer.use_compiled()
        trainer.step()
        trainer.run_epoch()
        trainer.evaluate("train")
