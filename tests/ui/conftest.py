"""Fixtures of the plot tests: a BoundaryPlot over the default bounds, circle data, a CurvesPlot."""

from __future__ import annotations

import pytest

import engine
from ui.curves.plot import CurvesPlot
from ui.dataview.plot import BoundaryPlot

from .boundary_helpers import BOUNDS
from .canvas_helpers import SPEC, shown_canvas


@pytest.fixture
def circle():
    data = engine.datasets.make("circle", n=100, noise=0.0, seed=0)
    return engine.split(data, (0.6, 0.2, 0.2), seed=0)


@pytest.fixture
def plot(qtbot):
    w = BoundaryPlot()
    qtbot.addWidget(w)
    w.resize(420, 440)
    w.set_bounds(BOUNDS)
    return w


@pytest.fixture
def curves(qtbot):
    w = CurvesPlot()
    qtbot.addWidget(w)
    w.resize(420, 400)
    return w


@pytest.fixture
def canvas(qtbot):
    """A canvas on screen showing SPEC."""
    return shown_canvas(qtbot, SPEC)
