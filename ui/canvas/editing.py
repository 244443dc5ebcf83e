"""The network's editor: every edit proposes a new spec, the canvas never applies it.

:class:`NetworkEditor` knows the spec on the canvas (``spec``) and whether
edits are allowed (``editable``).  Each edit builds a new
:class:`engine.NetworkSpec` (validated by the engine) and emits
``spec_edited(spec, layer_map)``, where ``layer_map[j]`` is the index in the
old spec of the layer that became layer ``j`` (None for a new one), so the
weights of what did not change can follow.  A refused edit emits
``error(message)`` and changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from engine import LayerSpec, NetworkSpec, PlaygroundError, activations, features
from ui.i18n import tr

__all__ = ["MAX_HIDDEN", "MAX_UNITS", "NetworkEditor"]

MAX_UNITS = 32  # neurons per hidden layer
MAX_HIDDEN = 10  # hidden layers
NEW_UNITS = 4  # neurons of a newly added layer
DROPOUT_RATES = (0.0, 0.1, 0.2, 0.3, 0.5)


class NetworkEditor(QObject):
    """Edits of ``spec``: each proposes a new spec (``spec_edited``) or says why not."""

    spec_edited = Signal(object, object)  # new NetworkSpec, layer_map tuple
    weight_edited = Signal(int, int, int, float, float)  # layer, row, col, old, new value
    error = Signal(str)

    def __init__(self, parent: QWidget,
                 edge: Callable[[int, int, int], tuple[float, str, str]] | None = None):
        super().__init__(parent)
        self.widget = parent  # dialogs and menus open over it
        self.spec: NetworkSpec | None = None
        self.editable = True
        # (layer, row, col) -> (the weight's value now, its source's name, its target's name)
        self.edge = edge

    def add_unit(self, layer: int) -> bool:
        spec = self.spec
        if not self._check_hidden(layer, "its size is set by the data"):
            return False
        units = spec.layers[layer].units
        if units >= MAX_UNITS:
            return self._refuse(f"a hidden layer has at most {MAX_UNITS} neurons here")
        return self._change(layer, units=units + 1)

    def remove_unit(self, layer: int) -> bool:
        spec = self.spec
        if not self._check_hidden(layer, "its size is set by the data"):
            return False
        units = spec.layers[layer].units
        if units <= 1:
            return self._refuse(
                f"hidden layer {layer + 1} has only one neuron left; "
                "to drop the layer, right-click it and choose Remove this layer"
            )
        return self._change(layer, units=units - 1)

    def add_hidden_layer(self) -> bool:
        """Append a hidden layer (4 neurons, the last hidden layer's activation or tanh)."""
        if self.spec is None:
            return False
        return self.insert_layer(len(self.spec.hidden))

    def remove_hidden_layer(self) -> bool:
        """Remove the last hidden layer."""
        if self.spec is None or not self.editable:
            return False
        if not self.spec.hidden:
            return self._refuse("there is no hidden layer to remove")
        return self.remove_layer(len(self.spec.hidden) - 1)

    def insert_layer(self, index: int) -> bool:
        """Insert a hidden layer of 4 neurons so that it becomes ``spec.layers[index]``."""
        spec = self.spec
        if spec is None or not self.editable:
            return False
        n = len(spec.hidden)
        if not 0 <= index <= n:
            return self._refuse(f"a new hidden layer goes at position 1..{n + 1}, not {index + 1}")
        if n >= MAX_HIDDEN:
            return self._refuse(f"at most {MAX_HIDDEN} hidden layers here")
        # the activation of the hidden layer before it (after it, if it goes first)
        near = spec.hidden[max(index - 1, 0)].activation if n else "tanh"
        new = LayerSpec(NEW_UNITS, near)
        layers = (*spec.layers[:index], new, *spec.layers[index:])
        layer_map = (*range(index), None, *range(index, len(spec.layers)))
        return self._emit(spec.inputs, layers, layer_map)

    def remove_layer(self, layer: int) -> bool:
        """Remove hidden layer ``layer`` (the output layer cannot be removed)."""
        spec = self.spec
        if not self._check_hidden(layer, "it cannot be removed"):
            return False
        layers = spec.layers[:layer] + spec.layers[layer + 1 :]
        layer_map = tuple(i for i in range(len(spec.layers)) if i != layer)
        return self._emit(spec.inputs, layers, layer_map)

    def set_activation(self, layer: int, name: str) -> bool:
        spec = self.spec
        if spec is None or not self.editable or not 0 <= layer < len(spec.layers):
            return False
        return self._change(layer, activation=name)

    def set_dropout(self, layer: int, rate: float) -> bool:
        if not self._check_hidden(layer, "it cannot have dropout"):
            return False
        return self._change(layer, dropout=rate)

    def toggle_input(self, name: str) -> bool:
        """Switch input feature ``name`` on (appended) or off."""
        spec = self.spec
        if spec is None or not self.editable:
            return False
        if name in spec.inputs:
            if len(spec.inputs) == 1:
                return self._refuse(
                    f"{features.LABELS.get(name, name)} is the only input left; "
                    "switch another feature on first"
                )
            inputs = tuple(n for n in spec.inputs if n != name)
        else:
            inputs = (*spec.inputs, name)
        return self._emit(inputs, spec.layers, None)

    def edit_weight(self, layer: int, row: int, col: int) -> bool:
        """Ask for a new value of W[layer][row, col]; emits ``weight_edited`` if valid."""
        if self.spec is None or not self.editable:
            return False
        old, src, dst = self.edge(layer, row, col) if self.edge else (0.0, "?", "?")
        current = old if math.isfinite(old) else 0.0
        value, ok = QInputDialog.getDouble(
            self.widget, tr("Edit weight"), tr("Weight {src} → {dst}:").format(src=src, dst=dst),
            current, -1e6, 1e6, 4
        )
        try:
            value = float(value)
        except (TypeError, ValueError):
            return False
        if not ok or not math.isfinite(value):
            return False
        self.weight_edited.emit(layer, row, col, old, value)
        return True

    def layer_menu(self, layer: int) -> QMenu:
        """The context menu of ``spec.layers[layer]`` (the output layer: activation only)."""
        spec = self.spec
        la = spec.layers[layer]
        hidden = layer < len(spec.hidden)
        menu = QMenu(self.widget)
        menu.setToolTipsVisible(True)
        sub = menu.addMenu(tr("Activation"))
        sub.setToolTipsVisible(True)
        group = QActionGroup(sub)
        for name in activations.NAMES:
            a = sub.addAction(name)
            a.setCheckable(True)
            a.setChecked(name == la.activation)
            a.setToolTip(tr(activations.get(name).tip))
            group.addAction(a)
            a.triggered.connect(lambda _=False, n=name: self.set_activation(layer, n))
        if not hidden:
            return menu
        sub = menu.addMenu(tr("Dropout"))
        group = QActionGroup(sub)
        for rate in DROPOUT_RATES:
            a = sub.addAction(f"{rate:g}" if rate else tr("0 (off)"))
            a.setCheckable(True)
            a.setChecked(math.isclose(rate, la.dropout))
            group.addAction(a)
            a.triggered.connect(lambda _=False, r=rate: self.set_dropout(layer, r))
        menu.addSeparator()
        menu.addAction(tr("Insert layer before")).triggered.connect(
            lambda: self.insert_layer(layer))
        menu.addAction(tr("Insert layer after")).triggered.connect(
            lambda: self.insert_layer(layer + 1))
        menu.addAction(tr("Remove this layer")).triggered.connect(
            lambda: self.remove_layer(layer))
        menu.addSeparator()
        menu.addAction(tr("Add neuron")).triggered.connect(lambda: self.add_unit(layer))
        menu.addAction(tr("Remove neuron")).triggered.connect(lambda: self.remove_unit(layer))
        return menu

    def _check_hidden(self, layer: int, why: str) -> bool:
        spec = self.spec
        if spec is None or not self.editable:
            return False
        if layer == len(spec.hidden):
            return self._refuse(f"that is the output layer: {why}")
        if not 0 <= layer < len(spec.hidden):
            return self._refuse(f"there is no hidden layer {layer + 1}")
        return True

    def _refuse(self, message: str) -> bool:
        self.error.emit(message)
        return False

    def _change(self, layer: int, **changes) -> bool:
        """Propose ``spec.layers[layer]`` with ``changes`` (units / activation / dropout)."""
        layers = list(self.spec.layers)
        try:
            layers[layer] = replace(layers[layer], **changes)  # LayerSpec validates itself
        except PlaygroundError as e:
            return self._refuse(str(e))
        return self._emit(self.spec.inputs, layers, None)

    def _emit(self, inputs, layers, layer_map) -> bool:
        layers = list(layers)
        if len(layers) > 1 and layers[-1].activation == "step":
            # a perceptron that gets a hidden layer: backpropagation needs a
            # differentiable output, so the step output becomes a sigmoid
            layers[-1] = replace(layers[-1], activation="sigmoid")
        try:
            spec = NetworkSpec(tuple(inputs), tuple(layers))
        except PlaygroundError as e:
            return self._refuse(str(e))
        if spec == self.spec:
            return False  # e.g. the activation it already has: nothing to do
        if layer_map is None:
            layer_map = tuple(range(len(spec.layers)))
        self.spec_edited.emit(spec, tuple(layer_map))
        return True
