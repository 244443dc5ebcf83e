"""The canvas explained with numbers: a point's forward pass, the gradients, the chain rule.

View ▸ Forward pass (or a click on the data view) shows one point going through
the network: its numbers beside every neuron and, in a panel, the nested
function and each neuron's z = w·a + b, a = f(z); the point can be typed.
View ▸ Gradients draws the edges by ∂L/∂w (over the training points, at the
weights of the frame) instead of by w, with each layer's mean |∂L/∂w| under it;
a click on an edge then opens its chain rule with the factors' values and the
step gradient descent takes.  Everything is computed from the frame the window
drew (engine.explain), so the numbers match the picture.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

import engine
from engine.explain import chain_rule, forward_trace
from ui.canvas.explain import ChainPanel, ForwardPanel
from ui.i18n import tr

from .menus import make_action
from .snapshot import Snapshot

__all__ = ["Explainer"]


class Explainer(QObject):
    def __init__(self, win):
        super().__init__(win)
        self.win = win
        canvas = win.canvas
        self.forward = ForwardPanel(canvas)
        self.chain = ChainPanel(canvas)
        self.point: tuple[float, float] | None = None  # the point traced
        self.target: float | None = None  # its label or value, when it is a data point
        self._net: engine.Network | None = None
        self.forward_action = make_action(
            self, "&Forward pass", "Ctrl+Shift+F",
            "Follow a point through the network: z and a of every neuron (click a point in "
            "the data view, or type one)", checkable=True)
        self.forward_action.toggled.connect(self._on_forward_toggled)
        self.gradients_action = make_action(
            self, "&Gradients on the edges", "Ctrl+Shift+G",
            "Draw the edges by \u2202L/\u2202w instead of w; click an edge for its chain rule "
            "with numbers", checkable=True)
        self.gradients_action.toggled.connect(self._on_gradients_toggled)
        win.boundary.point_clicked.connect(self._on_point_clicked)
        self.forward.point_typed.connect(self.trace_point)
        self.forward.error.connect(win.show_error)
        self.forward.closed.connect(lambda: self.forward_action.setChecked(False))
        canvas.chain_requested.connect(self.show_chain)
        win.presenter.frame_drawn.connect(self.on_frame)

    # ------------------------------------------------------------------ forward
    def _on_forward_toggled(self, on: bool) -> None:
        if on:
            if self.point is None:
                self._first_training_point()
            self._retrace()
        else:
            self.forward.hide()
            self.win.canvas.set_trace(None)
            self.win.boundary.mark_point(None)

    def _first_training_point(self) -> None:
        snap = self.win.presenter.drawn
        train = snap.split.train if snap is not None else None
        if train is not None and len(train):
            self.point, self.target = (float(train.X[0, 0]), float(train.X[0, 1])), train.y[0]
        else:
            self.point, self.target = (0.0, 0.0), None

    def _on_point_clicked(self, x: float, y: float) -> None:
        """A click in the data view: the point there (a data point if one is near)."""
        near = self.win.boundary.nearest_point(x, y)
        snap = self.win.presenter.drawn
        if near is not None and snap is not None:
            name, k = near
            part = {"train": snap.split.train, "validation": snap.split.val,
                    "test": snap.split.test}[name]
            self.point, self.target = (float(part.X[k, 0]), float(part.X[k, 1])), part.y[k]
        else:
            self.point, self.target = (x, y), None
        if self.forward_action.isChecked():
            self._retrace()
        else:
            self.forward_action.setChecked(True)

    def trace_point(self, x1: float, x2: float) -> None:
        """Trace (x1, x2) (typed, or from a test)."""
        self.point, self.target = (x1, x2), None
        if self.forward_action.isChecked():
            self._retrace()
        else:
            self.forward_action.setChecked(True)

    def _network(self, snap: Snapshot) -> engine.Network:
        if self._net is None or self._net.spec != snap.spec:
            self._net = engine.Network(snap.spec)
        self._net.set_weights(snap.weights)
        return self._net

    def _retrace(self) -> None:
        snap = self.win.presenter.drawn
        if snap is None or self.point is None or snap.spec != self.win.canvas.spec():
            return
        trace = forward_trace(self._network(snap), self.point)
        self.win.canvas.set_trace(trace)
        self.win.boundary.mark_point(self.point)
        target = "" if self.target is None else f"{self.target:g}"
        if self.forward.show_trace(trace, target):  # (a paused run: the same text)
            self.forward.place(self.win.canvas.view.geometry())

    # ------------------------------------------------------------------ gradients
    def _on_gradients_toggled(self, on: bool) -> None:
        self.win.link.show_gradients.emit(on)
        if not on:
            self.win.canvas.set_gradients(None)
            self.chain.hide()

    def show_chain(self, layer: int, row: int, col: int) -> None:
        """The chain rule of W[layer][row, col] for the point traced (or the first
        training point), from the frame drawn."""
        snap = self.win.presenter.drawn
        if snap is None or snap.spec != self.win.canvas.spec() or len(snap.split.train) == 0:
            return
        if self.point is None or self.target is None:
            self._first_training_point()
        chain = chain_rule(self._network(snap), snap.loss, self.point, self.target, layer,
                           row, col, snap.split.train, self.win.document.project.training.lr)
        x1, x2 = self.point
        text = tr("example: (x\u2081, x\u2082) = ({x1}, {x2}), target {target}").format(
            x1=f"{x1:.3g}", x2=f"{x2:.3g}", target=f"{self.target:g}") + "\n"
        self.chain.show_chain(text + chain.text(tr), self.win.canvas.view.geometry())

    # ------------------------------------------------------------------ frames
    def on_frame(self, snap: Snapshot) -> None:
        if self.forward_action.isChecked():
            self._retrace()
        if self.gradients_action.isChecked() and snap.gradients is not None \
                and snap.spec == self.win.canvas.spec():
            self.win.canvas.set_gradients(list(snap.gradients))
            self.win.canvas.flush()

    def retranslate(self) -> None:
        """The UI's language changed: the open panels' titles and text follow."""
        for panel, title in ((self.forward, "Forward pass"), (self.chain, "Chain rule")):
            panel.title.setText(f"<b>{tr(title)}</b>")
        self.chain.hide()
        if self.forward_action.isChecked():
            self._retrace()

    def apply_theme(self) -> None:
        self.forward.apply_theme()
        self.chain.apply_theme()
