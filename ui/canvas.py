"""The network canvas: build the network by clicking, watch every neuron learn.

:class:`NetworkCanvas` draws a :class:`engine.NetworkSpec` the way TensorFlow
Playground does: the input features on the left (all seven; the unused ones
dimmed), one column of neuron squares per hidden layer, then the output.
Each square shows what its neuron computes over the input plane; edges are
coloured by the sign of their weight and drawn thicker the larger it is.

Every edit (a "+" / "−" button, a click on a feature, a context-menu choice)
builds a new spec, validated by the engine, and emits ``spec_edited(spec,
layer_map)``; the canvas never applies it itself: the owner calls
:meth:`NetworkCanvas.set_spec` back, so the canvas and the engine never
disagree.  A refused edit emits ``error(message)`` and changes nothing.

Items are built once per spec (:meth:`set_spec`); the per-frame calls
(:meth:`set_weights`, :meth:`set_neuron_maps`, :meth:`set_dropout_masks`)
only update them in place.  The items live in :mod:`ui.canvas_items`.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QActionGroup, QColor, QPainter, QPen, QTransform
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsScene,
    QGraphicsView,
    QInputDialog,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from engine import LayerSpec, NetworkSpec, PlaygroundError, activations, features

from .canvas_items import (
    NEGATIVE,
    POSITIVE,
    TEXT,
    Button,
    Column,
    EdgeBundle,
    MapColumn,
    MapPopup,
    Node,
    maps_to_tiles,
    text_item,
    tile_image,
)

__all__ = ["MAX_HIDDEN", "MAX_UNITS", "NEGATIVE", "POSITIVE", "NetworkCanvas"]

MAX_UNITS = 32  # neurons per hidden layer
MAX_HIDDEN = 10  # hidden layers
NEW_UNITS = 4  # neurons of a newly added layer
DROPOUT_RATES = (0.0, 0.1, 0.2, 0.3, 0.5)
EDGE_BUDGET = 0.3  # at most this share of the time goes into redrawing edges
EDGE_MIN_COST = 0.004  # seconds: edges that draw faster than this are never throttled
MAX_ZOOM = 1.5  # a small net in a big window is not blown up beyond this
MIN_TEXT_PX = 10.0  # labels are enlarged (up to MAX_TEXT_BOOST, if there is room) so
MAX_TEXT_BOOST = 1.2  # that they stay about this big on screen

# scene geometry (scene units are pixels at zoom 1)
PITCH = 48  # vertical distance between node centres while a column has <= 11 nodes
NODE = 38  # side of a node square at full size
TOP = 118  # y of the top of the node columns (headers above)
LABEL_W = 70  # room for the input labels left of the input column
MUTED = QColor("#6b7280")
DIM = QColor("#a9aeb6")


class _View(QGraphicsView):
    """A view that always shows the whole scene, scaled to fit, without scrollbars."""

    scaled = Signal(float)  # the zoom after a fit

    def __init__(self, scene: QGraphicsScene, parent: QWidget):
        super().__init__(scene, parent)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
            | QPainter.RenderHint.TextAntialiasing
        )
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setBackgroundBrush(QColor("#ffffff"))

    def fit(self) -> None:
        rect = self.sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > MAX_ZOOM:
            self.setTransform(QTransform.fromScale(MAX_ZOOM, MAX_ZOOM))
            self.centerOn(rect.center())
        self.scaled.emit(self.transform().m11())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()


class NetworkCanvas(QWidget):
    """The network view and editor (see the module docstring)."""

    spec_edited = Signal(object, object)  # new NetworkSpec, layer_map tuple
    weight_edited = Signal(int, int, int, float)  # layer, row, col, value
    error = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scene = QGraphicsScene(self)
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.view = _View(self.scene, self)
        self.view.scaled.connect(self._keep_text_legible)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)
        self.popup = MapPopup(self.view.viewport())
        self._spec: NetworkSpec | None = None
        self._editable = True
        self._weights: list[np.ndarray] | None = None
        self._inputs: dict[str, Node] = {}
        self._nodes: list[list[Node]] = []  # per spec layer
        self._bundles: list[EdgeBundle] = []  # per spec layer: the edges into it
        self._unit_buttons: list[tuple[Button, Button]] = []  # per hidden layer
        self._layer_buttons: tuple[Button, Button] | None = None
        self._images: list = []  # (tiles array, QImage) per layer, kept alive while drawn
        self._input_image = None
        self._weights_pending = False
        self._faded: list[np.ndarray | None] = []  # per layer: dropped source rows
        self._edges_drawn_at = 0.0
        self._edge_timer = QTimer(self)
        self._edge_timer.setSingleShot(True)
        self._edge_timer.timeout.connect(self._apply_edges)

    def sizeHint(self) -> QSize:
        return QSize(620, 460)

    def minimumSizeHint(self) -> QSize:
        return QSize(280, 200)

    # ------------------------------------------------------------------ public API
    def spec(self) -> NetworkSpec | None:
        return self._spec

    def set_editable(self, editable: bool) -> None:
        """Allow (default) or refuse edits; buttons are hidden while not editable."""
        self._editable = bool(editable)
        for b in self._all_buttons():
            b.setVisible(self._editable)

    def set_spec(self, spec: NetworkSpec) -> None:
        """Show ``spec``: rebuilds the items (a no-op if it equals the shown spec)."""
        if spec == self._spec:
            return
        self._spec = spec
        self._build()

    def set_weights(self, weights: list[np.ndarray]) -> None:
        """[W1, b1, W2, b2, ...], W (fan_in, fan_out); ignored if the shapes do not fit."""
        spec = self._spec
        if spec is None or len(weights) != 2 * len(spec.layers):
            return
        Ws = weights[0::2]
        sizes = spec.sizes
        if any(np.shape(W) != (sizes[i], sizes[i + 1]) for i, W in enumerate(Ws)):
            return
        self._weights = list(weights)
        if self.popup.node is not None:
            self._show_popup(self.popup.node)
        self._weights_pending = True
        self._schedule_edges()

    def set_neuron_maps(self, maps: list[np.ndarray], input_maps: np.ndarray | None) -> None:
        """Per layer (res, res, units) outputs over the plane, and (res, res, n_inputs)."""
        spec = self._spec
        if spec is None or len(maps) != len(spec.layers):
            return
        if any(np.ndim(m) != 3 or np.shape(m)[2] != la.units for m, la in zip(maps, spec.layers)):
            return
        images = []
        for nodes, layer, m in zip(self._nodes, spec.layers, maps):
            tiles = maps_to_tiles(m, layer.activation)
            image = tile_image(tiles)
            images.append((tiles, image))
            res = m.shape[0]
            for j, node in enumerate(nodes):
                node.set_map(image, j, res)
            nodes[0].column.update()
        self._images = images
        if input_maps is not None and np.ndim(input_maps) == 3:
            if input_maps.shape[2] == len(spec.inputs):
                tiles = maps_to_tiles(input_maps, None)
                self._input_image = (tiles, tile_image(tiles))
                for j, name in enumerate(spec.inputs):
                    self._inputs[name].set_map(self._input_image[1], j, input_maps.shape[0])
                self._inputs[spec.inputs[0]].column.update()
        self.popup.refresh()

    def set_dropout_masks(self, masks: list[np.ndarray | None]) -> None:
        """Per hidden layer, a bool (units,) of the neurons KEPT in this step, or None."""
        spec = self._spec
        if spec is None:
            return
        for i, layer in enumerate(spec.hidden):
            m = masks[i] if i < len(masks) else None
            if m is not None and np.shape(m) != (layer.units,):
                m = None
            dropped = None if m is None else ~np.asarray(m, dtype=bool)
            text = f"dropped in this step (dropout {layer.dropout:g})"
            for j, node in enumerate(self._nodes[i]):
                node.set_dropped(text if dropped is not None and dropped[j] else "")
            self._faded[i + 1] = dropped if dropped is not None and dropped.any() else None
        self._schedule_edges()

    def _schedule_edges(self) -> None:
        """Redraw the edges now, or later if they were redrawn too recently.

        A dense net (10 x 32 is ~10k antialiased lines) takes tens of ms to
        redraw its edges; they are then redrawn at most EDGE_BUDGET of the
        time (the latest state last), so the neuron maps keep their frame rate
        and the window stays responsive.  A small net redraws every time.
        """
        cost = sum(b.paint_cost for b in self._bundles)
        wait = cost / EDGE_BUDGET - (time.perf_counter() - self._edges_drawn_at)
        if cost > EDGE_MIN_COST and wait > 0.002:
            if not self._edge_timer.isActive():
                self._edge_timer.start(math.ceil(wait * 1000))
            return
        self._apply_edges()

    def _apply_edges(self) -> None:
        self._edge_timer.stop()
        if self._weights_pending and self._weights is not None:
            Ws = self._weights[0::2]
            biggest = 1.0
            for W in Ws:
                a = np.abs(W)
                biggest = max(biggest, float(a[np.isfinite(a)].max(initial=0.0)))
            for bundle, W in zip(self._bundles, Ws):
                bundle.set_weights(W, biggest)
        self._weights_pending = False
        for bundle, rows in zip(self._bundles, self._faded):
            bundle.set_faded_rows(rows)
        self._edges_drawn_at = time.perf_counter()

    # --------------------------------------------------------- introspection (tests)
    def dropped_neurons(self) -> list[tuple[int, int]]:
        """(hidden layer, neuron) of every neuron drawn as dropped in this step."""
        return [
            (i, j)
            for i, nodes in enumerate(self._nodes)
            for j, node in enumerate(nodes)
            if node.dropped_text
        ]

    def node_items(self, layer: int) -> list[Node]:
        """The neuron items of ``spec.layers[layer]``."""
        return list(self._nodes[layer])

    def input_items(self) -> dict[str, Node]:
        """The input feature items by feature name (all of ``features.NAMES``)."""
        return dict(self._inputs)

    def edge_bundle(self, layer: int) -> EdgeBundle:
        """The edges into ``spec.layers[layer]``."""
        return self._bundles[layer]

    def edge_pen(self, layer: int, row: int, col: int) -> QPen:
        """The pen edge (row -> col) into ``spec.layers[layer]`` is drawn with."""
        b = self._bundles[layer]
        return QPen(b.pen_for(b.edge_key(row * b.shape_[1] + col)))

    def unit_buttons(self, layer: int) -> tuple[Button, Button]:
        """The ("+", "−") buttons of hidden layer ``layer``."""
        return self._unit_buttons[layer]

    def layer_buttons(self) -> tuple[Button, Button]:
        """The ("+", "−") buttons that add / remove a hidden layer."""
        return self._layer_buttons

    # ------------------------------------------------------------------ edits
    def add_unit(self, layer: int) -> bool:
        spec = self._spec
        if not self._check_hidden(layer, "its size is set by the data"):
            return False
        units = spec.layers[layer].units
        if units >= MAX_UNITS:
            return self._refuse(f"a hidden layer has at most {MAX_UNITS} neurons here")
        return self._change(layer, units=units + 1)

    def remove_unit(self, layer: int) -> bool:
        spec = self._spec
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
        if self._spec is None:
            return False
        return self.insert_layer(len(self._spec.hidden))

    def remove_hidden_layer(self) -> bool:
        """Remove the last hidden layer."""
        if self._spec is None or not self._editable:
            return False
        if not self._spec.hidden:
            return self._refuse("there is no hidden layer to remove")
        return self.remove_layer(len(self._spec.hidden) - 1)

    def insert_layer(self, index: int) -> bool:
        """Insert a hidden layer of 4 neurons so that it becomes ``spec.layers[index]``."""
        spec = self._spec
        if spec is None or not self._editable:
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
        spec = self._spec
        if not self._check_hidden(layer, "it cannot be removed"):
            return False
        layers = spec.layers[:layer] + spec.layers[layer + 1 :]
        layer_map = tuple(i for i in range(len(spec.layers)) if i != layer)
        return self._emit(spec.inputs, layers, layer_map)

    def set_activation(self, layer: int, name: str) -> bool:
        spec = self._spec
        if spec is None or not self._editable or not 0 <= layer < len(spec.layers):
            return False
        return self._change(layer, activation=name)

    def set_dropout(self, layer: int, rate: float) -> bool:
        if not self._check_hidden(layer, "it cannot have dropout"):
            return False
        return self._change(layer, dropout=rate)

    def toggle_input(self, name: str) -> bool:
        """Switch input feature ``name`` on (appended) or off."""
        spec = self._spec
        if spec is None or not self._editable:
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
        if self._spec is None or not self._editable:
            return False
        b = self._bundles[layer]
        current = 0.0
        if b.W is not None and math.isfinite(float(b.W[row, col])):
            current = float(b.W[row, col])
        src, dst = b.labels
        value, ok = QInputDialog.getDouble(
            self, "Edit weight", f"Weight {src[row]} → {dst[col]}:", current, -1e6, 1e6, 4
        )
        try:
            value = float(value)
        except (TypeError, ValueError):
            return False
        if not ok or not math.isfinite(value):
            return False
        self.weight_edited.emit(layer, row, col, value)
        return True

    def layer_menu(self, layer: int) -> QMenu:
        """The context menu of ``spec.layers[layer]`` (the output layer: activation only)."""
        spec = self._spec
        la = spec.layers[layer]
        hidden = layer < len(spec.hidden)
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        sub = menu.addMenu("Activation")
        sub.setToolTipsVisible(True)
        group = QActionGroup(sub)
        for name in activations.NAMES:
            a = sub.addAction(name)
            a.setCheckable(True)
            a.setChecked(name == la.activation)
            a.setToolTip(activations.get(name).tip)
            group.addAction(a)
            a.triggered.connect(lambda _=False, n=name: self.set_activation(layer, n))
        if not hidden:
            return menu
        sub = menu.addMenu("Dropout")
        group = QActionGroup(sub)
        for rate in DROPOUT_RATES:
            a = sub.addAction(f"{rate:g}" if rate else "0 (off)")
            a.setCheckable(True)
            a.setChecked(math.isclose(rate, la.dropout))
            group.addAction(a)
            a.triggered.connect(lambda _=False, r=rate: self.set_dropout(layer, r))
        menu.addSeparator()
        menu.addAction("Insert layer before").triggered.connect(lambda: self.insert_layer(layer))
        menu.addAction("Insert layer after").triggered.connect(lambda: self.insert_layer(layer + 1))
        menu.addAction("Remove this layer").triggered.connect(lambda: self.remove_layer(layer))
        menu.addSeparator()
        menu.addAction("Add neuron").triggered.connect(lambda: self.add_unit(layer))
        menu.addAction("Remove neuron").triggered.connect(lambda: self.remove_unit(layer))
        return menu

    def _check_hidden(self, layer: int, why: str) -> bool:
        spec = self._spec
        if spec is None or not self._editable:
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
        layers = list(self._spec.layers)
        try:
            layers[layer] = replace(layers[layer], **changes)  # LayerSpec validates itself
        except PlaygroundError as e:
            return self._refuse(str(e))
        return self._emit(self._spec.inputs, layers, None)

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
        if spec == self._spec:
            return False  # e.g. the activation it already has: nothing to do
        if layer_map is None:
            layer_map = tuple(range(len(spec.layers)))
        self.spec_edited.emit(spec, tuple(layer_map))
        return True

    # ------------------------------------------------------------------ building
    def _all_buttons(self) -> list[Button]:
        out = [b for pair in self._unit_buttons for b in pair]
        return out + (list(self._layer_buttons) if self._layer_buttons else [])

    def _build(self) -> None:
        spec = self._spec
        self.popup.hide_node()
        self.scene.clear()
        self._images, self._input_image, self._weights = [], None, None
        self._edge_timer.stop()
        self._weights_pending, self._faded = False, [None] * len(spec.layers)
        self._inputs, self._nodes, self._bundles, self._unit_buttons = {}, [], [], []
        add = self.scene.addItem
        n_hidden, n_layers = len(spec.hidden), len(spec.layers)
        most = max(la.units for la in spec.layers)
        pitch = PITCH if most <= 11 else max(14.0, 11 * PITCH / most)
        size = min(NODE, pitch * 0.8)
        dx = min(150.0, max(88.0, 640.0 / n_layers))
        x_in = LABEL_W + NODE / 2
        room = dx * 0.92  # width a column's header may take
        xs = [x_in + dx * (i + 1) for i in range(n_layers)]

        def ys(n: int, p: float = pitch) -> list[float]:
            return [TOP + p * (j + 0.5) for j in range(n)]

        # input features: all of them, the unused ones dimmed
        add(text_item("inputs", 13, x_in, 77, room=room))
        add(text_item("click to toggle", 11, x_in, 92, color=MUTED, room=room))
        for (i, name), y in zip(enumerate(features.NAMES), ys(len(features.NAMES), PITCH)):
            on = name in spec.inputs
            node = Node(NODE, -1, i, features.LABELS[name])
            node.key, node.enabled = name, on
            node.tip = "click to switch it off" if on else "not used: click to switch it on"
            node.setPos(x_in, y)
            node.setCursor(Qt.CursorShape.PointingHandCursor)
            node.on_click, node.on_hover = self._on_input_clicked, self._on_node_hover
            add(node)
            self._inputs[name] = node
            label = text_item(node.name, 13, x_in - NODE / 2 - 6, y, "right", room=LABEL_W - 8)
            label.setBrush(TEXT if on else DIM)
            add(label)
        add(MapColumn(list(self._inputs.values())))

        # layers: a header, a column of neurons, and the edges into it
        src_names = [features.LABELS[n] for n in spec.inputs]
        ys_in = ys(len(features.NAMES), PITCH)
        src = [(x_in + NODE / 2, ys_in[features.NAMES.index(n)]) for n in spec.inputs]
        for li, (la, x) in enumerate(zip(spec.layers, xs)):
            out = li == n_layers - 1
            col_ys = ys(la.units)
            names = [
                ("output" if la.units == 1 else f"output {j + 1}")
                if out
                else f"layer {li + 1}, neuron {j + 1}"
                for j in range(la.units)
            ]
            column = Column(QRectF(x - dx * 0.42, 38, dx * 0.84, col_ys[-1] + size / 2 - 30), li)
            column.on_menu = self._on_menu
            add(column)
            nodes = []
            for j, y in enumerate(col_ys):
                node = Node(size, li, j, f"{names[j]} · {la.activation}")
                node.tip = "right-click for activation" + ("" if out else ", dropout, layers")
                node.setPos(x, y)
                node.on_menu, node.on_hover = self._on_menu, self._on_node_hover
                add(node)
                nodes.append(node)
            self._nodes.append(nodes)
            add(MapColumn(nodes))
            dst = [(x - size / 2, y) for y in col_ys]
            bundle = EdgeBundle(li, np.array(src, float), np.array(dst, float), (src_names, names))
            bundle.on_click = self._on_edge_clicked
            add(bundle)
            self._bundles.append(bundle)
            src, src_names = [(x + size / 2, y) for y in col_ys], names
            if out:
                add(text_item("output", 13, x, 77, room=room))
                add(text_item(la.activation, 12, x, 92, color=MUTED, room=room))
                continue
            plus = Button("+", lambda i=li: self._later(self.add_unit, i), "add a neuron")
            minus = Button("−", lambda i=li: self._later(self.remove_unit, i), "remove a neuron")
            plus.setPos(x - 13, 54)
            minus.setPos(x + 13, 54)
            plus.set_active(la.units < MAX_UNITS)
            minus.set_active(la.units > 1)
            add(plus)
            add(minus)
            self._unit_buttons.append((plus, minus))
            add(text_item(f"{la.units} neuron{'s' if la.units > 1 else ''}", 13, x, 77, room=room))
            add(text_item(la.activation, 12, x, 92, color=MUTED, room=room))
            if la.dropout:
                add(text_item(f"dropout {la.dropout:g}", 11, x, 106, color=MUTED, room=room))

        # the network's own header: add / remove a hidden layer
        cx = (sum(xs[:-1]) / n_hidden) if n_hidden else (x_in + xs[-1]) / 2
        label = text_item(
            f"{n_hidden} hidden layer{'' if n_hidden == 1 else 's'}", 14, 0, 16, "left"
        )
        w = label.boundingRect().width()
        left = cx - (w + 60) / 2
        plus = Button("+", lambda: self._later(self.add_hidden_layer), "add a hidden layer")
        minus = Button("−", lambda: self._later(self.remove_hidden_layer), "remove the last one")
        plus.setPos(left + 10, 16)
        minus.setPos(left + 36, 16)
        plus.set_active(n_hidden < MAX_HIDDEN)
        minus.set_active(n_hidden > 0)
        label.setPos(left + 58, 16 - label.boundingRect().height() / 2)
        for item in (plus, minus, label):
            add(item)
        self._layer_buttons = (plus, minus)

        self.set_editable(self._editable)
        self.view.setSceneRect(self.scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self.view.fit()

    def _keep_text_legible(self, zoom: float) -> None:
        """Labels never shrink below MIN_TEXT_PX on screen (a wide net is drawn small)."""
        for item in self.scene.items():
            px = item.data(0)
            if isinstance(px, float):
                k = min(MAX_TEXT_BOOST, item.data(1), MIN_TEXT_PX / (px * zoom))
                item.setScale(max(1.0, k))

    # ------------------------------------------------------------------ item callbacks
    # An edit makes the owner call set_spec, which deletes every item; so nothing runs
    # inside an item's event handler: the work is queued until the event is done.
    @staticmethod
    def _later(fn, *args) -> None:
        QTimer.singleShot(0, lambda: fn(*args))

    def _on_input_clicked(self, node: Node) -> None:
        self._later(self.toggle_input, node.key)

    def _on_menu(self, item, screen_pos) -> None:
        if self._spec is not None and self._editable:
            self.popup.hide_node()
            self._later(self._exec_menu, item.layer, screen_pos)

    def _exec_menu(self, layer: int, screen_pos) -> None:
        if self._spec is not None and layer < len(self._spec.layers):
            menu = self.layer_menu(layer)
            menu.exec(screen_pos)
            menu.deleteLater()

    def _on_edge_clicked(self, bundle: EdgeBundle, k: int) -> None:
        self._later(self.edit_weight, bundle.layer, *divmod(k, bundle.shape_[1]))

    def _on_node_hover(self, node: Node, entered: bool) -> None:
        if entered:
            self._show_popup(node)
        elif self.popup.node is node:
            self.popup.hide_node()

    def _show_popup(self, node: Node) -> None:
        caption = node.description()
        ws = self._weights
        if ws is not None and node.layer >= 0:
            caption += f"\nbias b = {float(ws[2 * node.layer + 1][node.unit]):.3f}"
        self.popup.show_node(node, caption)
        view = self.view
        r = view.mapFromScene(node.sceneBoundingRect()).boundingRect()
        vp = view.viewport().rect()
        w, h = self.popup.width(), self.popup.height()
        x = r.right() + 10
        if x + w > vp.right():
            x = r.left() - 10 - w
        y = min(max(r.center().y() - h // 2, vp.top()), vp.bottom() - h)
        self.popup.move(max(x, vp.left()), max(y, vp.top()))
