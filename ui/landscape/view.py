"""The loss landscape view: the network's training loss on a plane through its weights.

A row of controls chooses the plane: two weights (picked from the network's
weights by name; the others held where they are) or two random directions
(another pair on request).  The surface (:class:`~ui.landscape.surface.SurfacePlot`)
is the frame's :class:`engine.landscape.Landscape`, computed by the worker; the
weights' path so far is drawn on it, ending at a dot where they are now.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from engine.landscape import Landscape, weight_names
from ui.common.colors import RACER_COLORS
from ui.i18n import tr

from .surface import SurfacePlot

__all__ = ["LandscapeView"]

MODES = (("weights", "two weights"), ("random", "two random directions"))


class LandscapeView(QtWidgets.QWidget):
    """Signals
    -------
    plane_changed(str, object, int)
        The learner chose another plane: kind ("weights" or "random"), the two weights'
        flat indices (or None) and the random directions' seed.
    """

    plane_changed = QtCore.Signal(str, object, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.spec = None
        self.seed = 0
        self.mode = QtWidgets.QComboBox()
        for kind, text in MODES:
            self.mode.addItem(text, kind)
        self.mode.setToolTip("Cut the loss along two of the network's weights (the others "
                             "held where they are), or along two random directions")
        self.mode.activated.connect(self._emit)
        self.axes = (QtWidgets.QComboBox(), QtWidgets.QComboBox())
        for k, combo in enumerate(self.axes):
            combo.setToolTip(f"The weight on the {('horizontal', 'vertical')[k]} axis")
            combo.activated.connect(self._emit)
        self.again = QtWidgets.QPushButton("Other directions")
        self.again.setToolTip("Two new random directions through the weights")
        self.again.clicked.connect(self._new_directions)
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.mode)
        for combo in self.axes:
            row.addWidget(combo)
        row.addWidget(self.again)
        row.addStretch(1)
        self.surface = SurfacePlot(lock_aspect=False)
        self.surface.set_path_count([RACER_COLORS[1]])
        self.caption = QtWidgets.QLabel()
        self.caption.setWordWrap(True)
        self.caption.setContentsMargins(4, 0, 4, 0)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        lay.addLayout(row)
        lay.addWidget(self.surface, 1)
        lay.addWidget(self.caption)
        self.landscape: Landscape | None = None
        self._sync_mode()

    def kind(self) -> str:
        return self.mode.currentData()

    def weights(self) -> tuple[int, int] | None:
        if self.spec is None:
            return None
        return self.axes[0].currentIndex(), self.axes[1].currentIndex()

    def set_spec(self, spec, default: tuple[int, int]) -> None:
        """The network whose weights the lists name; ``default``: the pair shown first."""
        if spec == self.spec:
            return
        self.spec = spec
        names = weight_names(spec)
        for combo, index in zip(self.axes, default):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    def _sync_mode(self) -> None:
        weights = self.kind() == "weights"
        for combo in self.axes:
            combo.setVisible(weights)
        self.again.setVisible(not weights)

    def _emit(self, *_args) -> None:
        self._sync_mode()
        i, j = self.weights() or (0, 1)
        if self.kind() == "weights" and i == j:  # the other axis moves on
            j = (i + 1) % max(2, self.axes[1].count())
            self.axes[1].setCurrentIndex(j)
        self.plane_changed.emit(self.kind(), (i, j) if self.spec is not None else None,
                                self.seed)

    def _new_directions(self) -> None:
        self.seed += 1
        self._emit()

    def show_landscape(self, land: Landscape) -> None:
        """Draw a frame's landscape."""
        first = self.landscape is None or self.landscape.bounds != land.bounds \
            or self.landscape.values is not land.values
        self.landscape = land
        if first:
            self.surface.set_surface(land.values, land.bounds)
        self.surface.set_axis_names(tuple(tr(n) for n in land.plane.labels))
        self.surface.set_path(0, land.path)
        how = ("the others held where they are" if land.plane.kind == "weights" else
               "each step of 1 moves every neuron's weights by about their own size")
        self.caption.setText(tr(
            "Training loss here: {loss}. The cut along {a} and {b} ({how}); the line is the "
            "way the weights came.").format(loss=f"{land.centre_loss:.4g}",
                                            a=tr(land.plane.labels[0]),
                                            b=tr(land.plane.labels[1]), how=tr(how)))

    def retranslate(self) -> None:
        """The UI's language changed: the caption and axes follow."""
        if self.landscape is not None:
            self.show_landscape(self.landscape)

    def apply_theme(self) -> None:
        self.surface.apply_theme()
