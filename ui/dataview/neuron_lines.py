"""The first-layer neurons' lines in the data view: w1*x1 + w2*x2 + b = 0.

The course's picture of how two lines solve XOR.  Each line is a dashed
:class:`~ui.common.stock_items.Segments` in its own dark colour with a label (h1,
h2, ...) placed apart from the others (:func:`~ui.common.geometry.label_spots`);
lines that miss the view are named in a note in its top-left corner.  A
perceptron's one line *is* its decision boundary: it is then drawn solid, in
the boundary's colour, labelled "output" (``exact``).

Every item is made once and added to the view; :meth:`NeuronLines.set` only
moves them.  Which lines show also depends on the data view's "lines" toggle,
passed in as ``show``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from ui.common.colors import MAP_BOUNDARY, MAP_TEXT, NEURON_LINE_COLORS
from ui.common.geometry import label_spots, line_in_box
from ui.common.stock_items import Segments, cosmetic_pen
from ui.i18n import tr

MAX_NEURON_LINES = 8


class NeuronLines:
    """Up to MAX_NEURON_LINES neuron lines, their labels and the off-view note."""

    def __init__(self, view: pg.ViewBox):
        self.lines: list[Segments] = []
        self.labels: list[pg.TextItem] = []
        for k in range(MAX_NEURON_LINES):
            color = NEURON_LINE_COLORS[k]
            line = Segments(cosmetic_pen(color, 1.6, QtCore.Qt.PenStyle.DashLine))
            line.setZValue(6)
            line.setVisible(False)
            label = pg.TextItem(f"h{k + 1}", color=color, anchor=(0.5, 0.5),
                                fill=pg.mkBrush(255, 255, 255, 190))
            label.setZValue(20)  # above the points, which would hide it
            label.setVisible(False)
            view.addItem(line, ignoreBounds=True)
            view.addItem(label, ignoreBounds=True)
            self.lines.append(line)
            self.labels.append(label)
        # which lines fall outside the view (a line off the plane is news: the neuron
        # puts every point on one side)
        self.note = pg.TextItem("", color=MAP_TEXT, anchor=(0, 0),
                                fill=pg.mkBrush(255, 255, 255, 210))
        self.note.setZValue(21)
        self.note.setVisible(False)
        view.addItem(self.note, ignoreBounds=True)
        self.active = False  # lines are set (else all hidden)
        self.exact = False  # a single neuron's own line is the decision boundary
        self.present = [False] * MAX_NEURON_LINES  # has a segment inside the view
        self.note_text = ""
        self._label_t: list = []  # where each line's label sits (see label_spots)

    def set(self, W: np.ndarray, b: np.ndarray, names: list[str] | None,
            bounds: tuple[float, float, float, float], show: bool,
            points: np.ndarray | None = None) -> None:
        """Lines for ``W`` (2, units) and ``b`` (units,), at most MAX_NEURON_LINES units,
        labelled by ``names`` (default h1, h2, ...); drawn if ``show``; the labels
        keep clear of the data ``points`` (n, 2) where they can."""
        units = W.shape[1]
        self.active = True
        self.set_exact(names == ["output"] and units == 1)
        names = names or [f"h{k + 1}" for k in range(units)]
        for label, name in zip(self.labels, names):
            if label.textItem.toPlainText() != tr(name):
                label.setText(tr(name))
        segs = [line_in_box(W[0, k], W[1, k], b[k], bounds) if k < units else None
                for k in range(MAX_NEURON_LINES)]
        self._label_t = label_spots(segs, bounds, self._label_t, points)
        for k, (line, label) in enumerate(zip(self.lines, self.labels)):
            seg, t = segs[k], self._label_t[k]
            self.present[k] = seg is not None
            if seg is None:
                line.setVisible(False)
                label.setVisible(False)
                continue
            line.setData(seg[:, 0], seg[:, 1])
            label.setPos(*(seg[0] + (1 - t) * (seg[1] - seg[0])))
            line.setVisible(show)
            label.setVisible(show)
        off = [names[k] for k in range(units) if segs[k] is None]
        if not off:
            text = ""
        elif units == 1:
            text = tr("{name}'s line is outside the view:\nevery point is on one side").format(
                name=tr(off[0]))
        else:
            text = tr("outside the view: {names}").format(names=", ".join(off))
        if text != self.note_text:
            self.note_text = text
            self.note.setText(text)
        self.note.setPos(bounds[0], bounds[3])
        self.note.setVisible(bool(text) and show)

    def clear(self) -> None:
        """No lines (inputs other than x1, x2, or too many neurons)."""
        if not self.active:
            return  # hidden already (each frame of a network without lines comes here)
        self.active = False
        self.present = [False] * MAX_NEURON_LINES
        for line, label in zip(self.lines, self.labels):
            line.setVisible(False)
            label.setVisible(False)
        self.note.setVisible(False)
        self.set_exact(False)

    def show(self, visible: bool) -> None:
        """The "lines" toggle: show or hide the lines that are in the view."""
        for k, (line, label) in enumerate(zip(self.lines, self.labels)):
            on = visible and self.active and self.present[k]
            line.setVisible(on)
            label.setVisible(on)
        self.note.setVisible(visible and self.active and bool(self.note_text))

    def set_exact(self, exact: bool) -> None:
        """A perceptron: its one line *is* the decision boundary, drawn exactly (solid,
        in the boundary's colour) instead of the 0.5 contour of the sampled map."""
        if exact != self.exact:
            self.exact = exact
            line, label = self.lines[0], self.labels[0]
            color = MAP_BOUNDARY if exact else NEURON_LINE_COLORS[0]
            style = QtCore.Qt.PenStyle.SolidLine if exact else QtCore.Qt.PenStyle.DashLine
            line.setPen(cosmetic_pen(color, 2.0 if exact else 1.6, style))
            label.setColor(color)

    def boundary_drawn_exactly(self, show: bool) -> bool:
        """Whether the exact line stands in for the decision boundary now."""
        return self.exact and self.present[0] and show
