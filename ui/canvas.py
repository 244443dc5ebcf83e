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
only update them in place.  The items live in :mod:`ui.canvas_items`, the
layout in :mod:`ui.canvas_layout`, the edits in :mod:`ui.canvas_edits`.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsScene, QVBoxLayout, QWidget

from engine import NetworkSpec

from .canvas_edits import MAX_HIDDEN, MAX_UNITS, CanvasEdits
from .canvas_items import (
    NEGATIVE,
    POSITIVE,
    Button,
    EdgeBundle,
    MapPopup,
    Node,
    maps_to_tiles,
    tile_image,
)
from .canvas_layout import FitView, Handlers, build_scene

__all__ = ["MAX_HIDDEN", "MAX_UNITS", "NEGATIVE", "POSITIVE", "NetworkCanvas"]

EDGE_BUDGET = 0.3  # at most this share of the time goes into redrawing edges
EDGE_MIN_COST = 0.004  # seconds: edges that draw faster than this are never throttled
MIN_TEXT_PX = 10.0  # labels are enlarged (up to MAX_TEXT_BOOST, if there is room) so
MAX_TEXT_BOOST = 1.2  # that they stay about this big on screen


class NetworkCanvas(CanvasEdits, QWidget):
    """The network view and editor (see the module docstring)."""

    spec_edited = Signal(object, object)  # new NetworkSpec, layer_map tuple
    weight_edited = Signal(int, int, int, float)  # layer, row, col, value
    error = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scene = QGraphicsScene(self)
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.view = FitView(self.scene, self)
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
        items = build_scene(self.scene, spec, self._handlers())
        self._inputs, self._nodes, self._bundles = items.inputs, items.nodes, items.bundles
        self._unit_buttons, self._layer_buttons = items.unit_buttons, items.layer_buttons
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

    def _handlers(self) -> Handlers:
        later = self._later
        return Handlers(
            input_clicked=self._on_input_clicked,
            node_hover=self._on_node_hover,
            menu=self._on_menu,
            edge_clicked=self._on_edge_clicked,
            add_unit=lambda i: later(self.add_unit, i),
            remove_unit=lambda i: later(self.remove_unit, i),
            add_layer=lambda: later(self.add_hidden_layer),
            remove_layer=lambda: later(self.remove_hidden_layer),
        )

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
