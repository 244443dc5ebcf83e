"""The hidden-space view: the data where the output neuron sees it.

The same plot as the data view (:class:`~ui.dataview.plot.BoundaryPlot`: the
three splits' markers and colours, the output map, the exact line of one
output neuron), with the points at their hidden coordinates (h1, h2) instead
of (x1, x2), the input plane's grid lines carried into the hidden plane
(thin grey curves: how the hidden layer folds the plane), and the output
neuron's line w1*h1 + w2*h2 + b = 0 labelled "output".  A layer of three or
more neurons shows two of them, chosen in the two lists above the plot (the
output, which depends on all of them, is not drawn then).  Without a hidden
plane (no hidden layer, or one neuron) a note says why.

Everything it draws comes computed in the snapshot (``engine.hidden``, off the
GUI thread); :meth:`show_space` only pushes the arrays into stock items.
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtWidgets

from engine.hidden import HiddenSpace
from ui.common import theme
from ui.common.mapcolors import OutputFrame
from ui.common.stock_items import Segments, cosmetic_pen
from ui.i18n import tr

from .plot import BoundaryPlot

__all__ = ["HiddenSpacePlot"]

SUB = str.maketrans("0123456789", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089")
GRID_TIP = ("Show the input plane's grid lines (x\u2081 and x\u2082 constant), carried through "
            "the hidden layer: how it bends and folds the plane so that one line can split "
            "the classes.")
LINES_TIP = ("Show the output neuron's line w\u2081h\u2081 + w\u2082h\u2082 + b = 0: in the hidden "
             "plane the output draws one straight line, and the classes must lie on its two "
             "sides.")


def unit_name(k: int) -> str:
    """h₁, h₂, ... for neuron k (0-based) of the last hidden layer."""
    return "h" + str(k + 1).translate(SUB)


class HiddenSpacePlot(BoundaryPlot):
    """The points of a split at the last hidden layer's activations.

    Signals
    -------
    units_changed(tuple)
        The learner picked two other neurons for the axes (3 or more in the layer).
    """

    units_changed = QtCore.Signal(tuple)
    axis_names = (unit_name(0), unit_name(1))
    lines_tip = LINES_TIP

    def __init__(self, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.space: HiddenSpace | None = None
        self.grid = Segments(cosmetic_pen(theme.now().frame, 0.8))
        self.grid.setOpacity(0.55)
        self.grid.setZValue(2)  # over the map, under the lines and the points
        self.view.addItem(self.grid, ignoreBounds=True)
        box = QtWidgets.QCheckBox("grid")
        box.setChecked(True)
        box.setToolTip(GRID_TIP)
        box.toggled.connect(self.grid.setVisible)
        self.toggles["grid"] = box  # (in the row above the plot: see below)
        self.toggles["lines"].setText("line")
        self.toggles["lines"].setToolTip(LINES_TIP)

        # above the plot: the grid's toggle, and the two neurons on the axes (a layer of
        # 3 or more); below it the same toggles as the data view's, no wider
        top = QtWidgets.QWidget()
        tr = QtWidgets.QHBoxLayout(top)
        tr.setContentsMargins(4, 0, 4, 0)
        tr.addWidget(box)
        self.axes_row = QtWidgets.QWidget()
        ar = QtWidgets.QHBoxLayout(self.axes_row)
        ar.setContentsMargins(0, 0, 0, 0)
        ar.addWidget(QtWidgets.QLabel("axes:"))
        self.axis_boxes = (QtWidgets.QComboBox(), QtWidgets.QComboBox())
        for k, combo in enumerate(self.axis_boxes):
            combo.setToolTip(f"The neuron on the {('horizontal', 'vertical')[k]} axis")
            combo.activated.connect(self._on_axis_chosen)
            ar.addWidget(combo)
        self.axes_row.setVisible(False)
        tr.addWidget(self.axes_row)
        tr.addStretch(1)
        self.layout().insertWidget(0, top)

        self.note = QtWidgets.QLabel(self)
        self.note.setWordWrap(True)
        self.note.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.note.setVisible(False)

    # ------------------------------------------------------------------ state
    def explain(self, why: str | None) -> None:
        """Say ``why`` there is no hidden plane (None: there is one)."""
        self.note.setText(tr("No hidden space to show: {why}.").format(why=tr(why))
                          if why else "")
        self.note.setVisible(bool(why))
        self.shape_keeper.setVisible(not why)
        for box in self.toggles.values():
            box.setEnabled(not why)
        if why:
            self.space = None
            self.axes_row.setVisible(False)
        self._place_note()

    def _place_note(self) -> None:
        self.note.setGeometry(self.rect().adjusted(16, 16, -16, -16))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_note()

    def units(self) -> tuple[int, int]:
        """The two neurons on the axes now (0-based)."""
        return (self.space.units if self.space is not None else
                (max(0, self.axis_boxes[0].currentIndex()),
                 max(1, self.axis_boxes[1].currentIndex())))

    def _on_axis_chosen(self, _index: int) -> None:
        i, j = (c.currentIndex() for c in self.axis_boxes)
        if i == j:  # the other axis takes the neuron this one had
            old = self.space.units if self.space is not None else (0, 1)
            sender = self.sender()
            if sender is self.axis_boxes[0]:
                j = old[0] if old[0] != i else (i + 1) % self.axis_boxes[1].count()
                self.axis_boxes[1].setCurrentIndex(j)
            else:
                i = old[1] if old[1] != j else (j + 1) % self.axis_boxes[0].count()
                self.axis_boxes[0].setCurrentIndex(i)
        self.units_changed.emit((i, j))

    def _sync_axes(self, space: HiddenSpace) -> None:
        n = space.n_units
        self.axes_row.setVisible(n > 2)
        for k, combo in enumerate(self.axis_boxes):
            if combo.count() != n:
                combo.clear()
                combo.addItems([unit_name(u) for u in range(n)])
            if combo.currentIndex() != space.units[k]:
                combo.setCurrentIndex(space.units[k])
        names = tuple(unit_name(u) for u in space.units)
        if names != self.axis_names:
            self.axis_names = names
            self.apply_theme()

    # ------------------------------------------------------------------ frames
    def show_space(self, space: HiddenSpace, frame: OutputFrame | None) -> None:
        """Draw one frame: the points, the grid, the output map and line."""
        if self.note.isVisible():
            self.explain(None)
        first = self.space is None or self.space.bounds != space.bounds
        self.space = space
        self._sync_axes(space)
        if first:
            self.set_bounds(space.bounds)
        self.move_points(space.parts)
        self._points_xy = np.concatenate(space.parts)[:: max(1, sum(map(len, space.parts)) // 400)]
        g = space.grid
        ends = np.stack([g[:, :-1], g[:, 1:]], axis=2).reshape(-1, 2)  # consecutive pairs
        self.grid.setData(ends[:, 0], ends[:, 1])
        if frame is not None:
            self.show_output(frame)
        else:
            self.clear_output()
        if space.line is not None and space.line[0].shape[1] == 1:
            W, b = space.line
            self.set_neuron_lines(W, b, ["output"])
        else:
            self.set_neuron_lines(None, None, why_not=(
                tr("the output depends on all {n} neurons of the layer, and this picture "
                   "shows two of them").format(n=space.n_units) if space.n_units > 2 else
                tr("one output neuron per class: the coloured regions show where each wins")))

    def apply_theme(self) -> None:
        super().apply_theme()
        if hasattr(self, "grid"):
            self.grid.setPen(cosmetic_pen(theme.now().frame, 0.8))
