"""The accuracy plot's y axis: a fixed 0..1 whose labels and title fit its height."""

from __future__ import annotations

import pyqtgraph as pg

from ui.common import theme
from ui.i18n import tr

from .parts import RoundViewBox


class AccuracyAxis:
    """0..1 with room for half a tick label beyond each end; ticks 0, 0.5 and 1 when
    their labels fit one above the other, else 0 and 1; the title "accuracy" when it
    fits along the axis, else "acc." (a cut "accurac" reads as a typo).  Refitted
    whenever the plot's height changes."""

    TITLE, TITLE_SHORT = "accuracy", "acc."  # the short one in a small window

    def __init__(self, plot: pg.PlotItem, label_h: int):
        self._plot = plot
        self._axis = plot.getAxis("left")
        self._label_h = label_h
        self._title_w = self._axis.label.boundingRect().width()  # of TITLE, with margins
        self.view: RoundViewBox = plot.getViewBox()
        self.view.round_range = [None, (0.0, 1.0)]
        self.view.pad_px = (label_h // 2 + 3, label_h // 2 + 3)
        self.view.updateAutoRange()
        self.ticks: tuple[float, ...] = ()
        self.view.sigResized.connect(self.fit)
        self.fit()

    def fit(self, *_args) -> None:
        vb = self.view
        title = self.TITLE if self._title_w <= vb.height() else self.TITLE_SHORT
        if tr(title) != self._axis.labelText:  # (also when the UI's language changed)
            self._plot.setLabel("left", tr(title), color=theme.now().text)
        lo, hi = vb.padded_y((0.0, 1.0))
        px_per_half = 0.5 * vb.height() / (hi - lo) if hi > lo else 0.0
        ticks = (0.0, 0.5, 1.0) if px_per_half >= self._label_h + 2 else (0.0, 1.0)
        if ticks != self.ticks:
            self.ticks = ticks
            self._axis.setTicks([[(v, f"{v:g}") for v in ticks], []])
