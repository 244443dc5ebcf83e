"""The network canvas: build the network by clicking, watch every neuron learn.

:class:`NetworkCanvas` draws a :class:`engine.NetworkSpec` the way TensorFlow
Playground does: the input features on the left (all seven; the unused ones
dimmed), one column of neuron squares per hidden layer, then the output.
Each square shows what its neuron computes over the input plane; edges are
coloured by the sign of their weight and drawn thicker the larger it is.

Every edit (a "+" / "−" button, a click on a feature, a context-menu choice)
goes to the canvas's :class:`~ui.canvas.editing.NetworkEditor` (``editor``),
which builds a new spec, validated by the engine, and emits ``spec_edited(spec,
layer_map)``; the canvas never applies it itself: the owner calls
:meth:`NetworkCanvas.set_spec` back, so the canvas and the engine never
disagree.  A refused edit emits ``error(message)`` and changes nothing.

Without a mouse, :class:`~ui.canvas.keyboard.KeyboardCursor` (``keyboard``)
moves a cursor over the inputs and neurons and makes the same edits by keys.

Items are built once per spec (:meth:`set_spec`); the per-frame calls
(:meth:`set_weights`, :meth:`set_neuron_tiles`, :meth:`set_dropout_masks`)
only update them in place.  Every item is a stock Qt item (Python handles
only their input events), so repainting the canvas runs no Python and holds
no GIL: it runs in parallel with the training thread.  The maps arrive
coloured (:mod:`ui.common.mapcolors`); the items live in
:mod:`ui.canvas.items` and :mod:`ui.canvas.edges`, the layout in
:mod:`ui.canvas.layout`.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QMetaObject, QPointF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsScene, QVBoxLayout, QWidget

from engine import NetworkSpec
from ui.common.mapcolors import NeuronTiles
from ui.i18n import tr

from .edges import EdgeBundle, EdgePaths
from .editing import NetworkEditor
from .items import Button, Node, TileColumn
from .keyboard import KeyboardCursor
from .layout import FitView, Handlers, build_scene, column_spacing
from .paint import tile_res
from .popup import MapPopup

__all__ = ["NetworkCanvas"]

MIN_TEXT_PX = 10.0  # labels are enlarged (up to MAX_TEXT_BOOST, if there is room) so
MAX_TEXT_BOOST = 1.2  # that they stay about this big on screen
AA_MAX_EDGES = 800  # more edges than this are drawn without antialiasing
MAX_BADGES = 12  # a layer of more neurons shows no forward-pass numbers (hover shows them)
PIN_S = 2.5  # + / − stay put this long after the last click (or until the mouse leaves)


class NetworkCanvas(QWidget):
    """The network view and editor (see the module docstring)."""

    spec_edited = Signal(object, object)  # new NetworkSpec, layer_map tuple
    weight_edited = Signal(int, int, int, float, float)  # layer, row, col, old, new value
    # the gradient overlay is on and an edge was clicked: its chain rule is asked for
    chain_requested = Signal(int, int, int)  # layer, row (source), col (neuron)
    error = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = NetworkEditor(self, self._edge)
        self.editor.spec_edited.connect(self.spec_edited)
        self.editor.weight_edited.connect(self.weight_edited)
        self.editor.error.connect(self.error)
        self.scene = QGraphicsScene(self)
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.view = FitView(self.scene, self)
        self.view.scaled.connect(self._on_zoom)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view)
        self.popup = MapPopup(self.view.viewport())
        self.keyboard = KeyboardCursor(self)  # the canvas without a mouse
        self._pin = None  # (button, its place in the view, the zoom) while + / − are clicked
        self._unpin = QTimer(self)
        self._unpin.setSingleShot(True)
        self._unpin.setInterval(round(PIN_S * 1000))
        self._unpin.timeout.connect(self._fit_again)
        self.view.pinned = self._keep_pinned
        self.text_zoom = 1.0  # labels this much larger (View ▸ Zoom)
        self._spec: NetworkSpec | None = None
        self._weights: list[np.ndarray] | None = None
        self._inputs: dict[str, Node] = {}
        self._nodes: list[list[Node]] = []  # per spec layer
        self._bundles: list[EdgeBundle] = []  # per spec layer: the edges into it
        self._paths: EdgePaths | None = None  # draws the edges of all bundles
        self._edges_pending = False  # the bundles changed since the paths were built
        self._tiles: list[TileColumn] = []  # per spec layer: the neurons' maps
        self._input_tiles: TileColumn | None = None
        self._maps: NeuronTiles | None = None  # the last coloured maps, for the popup and zoom
        self._unit_buttons: list[tuple[Button, Button]] = []  # per hidden layer
        self._layer_buttons: tuple[Button, Button] | None = None
        self._masks: list | None = None  # the last dropout masks shown
        self._grad_labels: list = []  # per spec layer: its gradient line (overlay)
        self._grads: list[np.ndarray] | None = None  # the overlay's ∂L/∂W per layer
        self._trace = None  # the forward pass shown in badges (engine.explain.Trace)
        self._dx = 0.0  # the column spacing the scene was built with
        # after a resize that calls for other column spacing, lay the scene out again
        # (once the resizing has settled)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(120)
        self._relayout.timeout.connect(self._lay_out_again)

    def sizeHint(self) -> QSize:
        return QSize(620, 460)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 200)  # (a 1024-pixel projector: the other panels need the rest)

    # ------------------------------------------------------------------ public API
    def spec(self) -> NetworkSpec | None:
        return self._spec

    def set_editable(self, editable: bool) -> None:
        """Allow (default) or refuse edits; buttons are hidden while not editable."""
        self.editor.editable = bool(editable)
        for b in self._all_buttons():
            b.setVisible(self.editor.editable)

    def set_spec(self, spec: NetworkSpec) -> None:
        """Show ``spec``: rebuilds the items (a no-op if it equals the shown spec)."""
        if spec == self._spec:
            return
        self._spec = self.editor.spec = spec
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
        biggest = 1.0
        for W in Ws:
            top = float(np.abs(W).max(initial=0.0))
            if not np.isfinite(top):  # (rare: skip inf / nan)
                a = np.abs(W)
                top = float(a[np.isfinite(a)].max(initial=0.0))
            biggest = max(biggest, top)
        for bundle, W in zip(self._bundles, Ws):
            bundle.set_weights(W, biggest)
        self._update_edges()
        if self.popup.node is not None:
            self.show_node_popup(self.popup.node)

    def set_gradients(self, grads: list[np.ndarray] | None) -> None:
        """The gradient overlay: edges drawn by ∂L/∂w (``grads``: per layer, (fan_in + 1,
        fan_out) with the bias row last, as engine.explain.gradients), widths relative
        to the largest in the network, each layer's mean |∂L/∂w| under its column; a
        click on an edge asks for its chain rule.  None: back to the weights."""
        spec = self._spec
        if grads is not None and (spec is None or len(grads) != len(self._bundles) or any(
                np.shape(g)[0] - 1 != b.shape_[0] or np.shape(g)[1] != b.shape_[1]
                for g, b in zip(grads, self._bundles))):
            grads = None
        self._grads = grads
        if grads is None:
            for bundle in self._bundles:
                bundle.set_gradient(None)
            for label in self._grad_labels:
                label.hide()
        else:
            Gs = [np.asarray(g)[:-1] for g in grads]
            finite = [np.abs(G[np.isfinite(G)]) for G in Gs]
            top = max((float(a.max()) for a in finite if a.size), default=0.0)
            scale = top if top > 0 else 1.0
            for bundle, G in zip(self._bundles, Gs):
                bundle.set_gradient(G, scale)
            for label, a in zip(self._grad_labels, finite):
                mean = float(a.mean()) if a.size else 0.0
                text = f"|\u2202L/\u2202w|\n{mean:.2g}"  # two short lines: columns are narrow
                if label.text() != text:
                    r = label.boundingRect()
                    centre = label.pos().x() + r.width() / 2
                    label.setText(text)
                    label.setX(centre - label.boundingRect().width() / 2)
                label.show()
        self._update_edges()

    def gradient_lines(self) -> list[str]:
        """The overlay's line under each layer ("" where hidden)."""
        return [label.text() if label.isVisible() else "" for label in self._grad_labels]

    def set_trace(self, trace) -> None:
        """A point's forward pass (engine.explain.Trace): each input's value and each
        neuron's z and a beside its square (layers of up to 12 neurons); None: none."""
        self._trace = trace
        spec = self._spec
        for node in self._inputs.values():
            node.set_badge("")
        for nodes in self._nodes:
            for node in nodes:
                node.set_badge("")
        if trace is None or spec is None or len(trace.layers) != len(self._nodes):
            return
        for name, (_, value) in zip(spec.inputs, trace.features):
            self._inputs[name].set_badge(f"{value:.3g}")
        for nodes, steps in zip(self._nodes, trace.layers):
            if len(nodes) > MAX_BADGES or len(steps) != len(nodes):
                continue
            for node, step in zip(nodes, steps):
                node.set_badge(f"z {step.z:.3g}\na {step.a:.3g}")

    def badges(self) -> dict[str, str]:
        """What the badges say now, by neuron (the inputs by feature name)."""
        out = {name: node.badge_shown() for name, node in self._inputs.items()}
        for li, nodes in enumerate(self._nodes):
            for node in nodes:
                out[f"{li}:{node.unit}"] = node.badge_shown()
        return {k: v for k, v in out.items() if v}

    def set_rates(self, rates) -> None:
        """Each weight's own step size ([W1, b1, ...] like the weights; Adagrad), shown in
        the edges' tooltips; None: one learning rate for all (nothing shown)."""
        spec = self._spec
        for i, bundle in enumerate(self._bundles):
            r = None if rates is None or spec is None or len(rates) != 2 * len(spec.layers) \
                else rates[2 * i]
            bundle.rates = r if r is not None and np.shape(r) == bundle.shape_ else None
            if bundle.hovered is not None:
                bundle.setToolTip(bundle.edge_text(bundle.hovered))

    def set_neuron_tiles(self, maps: NeuronTiles) -> None:
        """Every neuron's map, coloured (:func:`ui.common.mapcolors.neuron_tiles`), and
        which ReLU neurons are dead; ignored if the layers do not fit the spec."""
        spec = self._spec
        if spec is None or len(maps.layers) != len(spec.layers):
            return
        if any(t.shape != (la.units * maps.res, maps.res)
               for t, la in zip(maps.layers, spec.layers)):
            return
        self._maps = maps
        px = self._screen_scale()
        shown = list(zip(self._tiles, maps.layers))
        if maps.inputs is not None and maps.inputs.shape[0] == len(spec.inputs) * maps.res:
            shown.append((self._input_tiles, maps.inputs))
        for column, tiles in shown:
            on_screen = column.size * px
            n = tile_res(on_screen, maps.res)
            # a tile as fine as its square is drawn about 1:1, and smoothing it would
            # cost most of a repaint (spiral at zoom 1: 6 of 9 ms); one the map's
            # resolution caps is enlarged, smoothly
            column.show(tiles, n, smooth=on_screen > n + 0.5)
        self._mark_dead(maps.dead)
        # the pixmaps were recoloured in place: one repaint for all of them
        self.scene.update()
        if self.popup.node is not None:
            self.popup.refresh(self._full_tile(self.popup.node))

    def _mark_dead(self, dead: tuple) -> None:
        """Dash the border of every ReLU neuron that outputs 0 all over the plane (a
        "dead" ReLU: no gradient flows through it, so it may never come back)."""
        for nodes, d in zip(self._nodes, dead):
            if d is not None:  # (another spec rebuilds the nodes: none dead)
                for node, is_dead in zip(nodes, d.tolist()):
                    node.set_dead(is_dead)

    def set_dropout_masks(self, masks: list[np.ndarray | None]) -> None:
        """Per hidden layer, a bool (units,) of the neurons KEPT in this step, or None."""
        spec = self._spec
        if spec is None:
            return
        self._masks = list(masks)
        drops: list[np.ndarray | None] = []  # per hidden layer, the neurons dropped
        for i, layer in enumerate(spec.hidden):
            m = masks[i] if i < len(masks) else None
            if m is not None and np.shape(m) != (layer.units,):
                m = None
            dropped = None if m is None else ~np.asarray(m, dtype=bool)
            if dropped is not None and not dropped.any():
                dropped = None
            before = self._bundles[i + 1].faded_rows  # what the canvas shows now
            if before is not None or dropped is not None:
                text = tr("dropped in this step (dropout {rate})").format(
                    rate=f"{layer.dropout:g}")
                now = np.zeros(layer.units, bool) if dropped is None else dropped
                was = np.zeros(layer.units, bool) if before is None else before
                for j in np.flatnonzero(now != was).tolist():  # only the neurons that change
                    self._nodes[i][j].set_dropped(text if now[j] else "")
            drops.append(dropped)
        # the edges into (cols) and out of (rows) a dropped neuron fade; bundle i runs
        # into spec.layers[i], out of hidden layer i - 1
        for i, bundle in enumerate(self._bundles):
            bundle.set_faded(drops[i - 1] if i > 0 else None,
                             drops[i] if i < len(drops) else None)
        self._update_edges()

    def _update_edges(self) -> None:
        """Rebuild the edge paths once, after all of this frame's updates.

        A frame calls set_weights and then set_dropout_masks, and with dropout
        both change every bucket: the rebuild is queued (a posted call runs
        before the low-priority repaint request) so that it is done once.
        """
        if not self._edges_pending:
            self._edges_pending = True
            QMetaObject.invokeMethod(self, "_flush_edges", Qt.ConnectionType.QueuedConnection)

    def flush(self) -> None:
        """Apply queued edge changes now (the window calls it once a frame's updates
        are all set, so the canvas repaints once, not again when the queue runs)."""
        self._flush_edges()

    @Slot()
    def _flush_edges(self) -> None:
        if self._edges_pending:
            self._edges_pending = False
            if self._paths is not None:
                self._paths.update([b.drawn for b in self._bundles])

    def _screen_scale(self) -> float:
        """Device pixels per scene unit."""
        return self.view.transform().m11() * self.view.devicePixelRatioF()

    # --------------------------------------------------------- introspection (tests)
    def dropped_neurons(self) -> list[tuple[int, int]]:
        """(hidden layer, neuron) of every neuron drawn as dropped in this step."""
        return [
            (i, j)
            for i, nodes in enumerate(self._nodes)
            for j, node in enumerate(nodes)
            if node.dropped_text
        ]

    def column_spacing(self) -> float:
        """The distance between two columns the scene is laid out with (scene units)."""
        return self._dx

    def node_items(self, layer: int) -> list[Node]:
        """The neuron items of ``spec.layers[layer]``."""
        return list(self._nodes[layer])

    def input_items(self) -> dict[str, Node]:
        """The input feature items by feature name (all of ``features.NAMES``)."""
        return dict(self._inputs)

    def edge_bundle(self, layer: int) -> EdgeBundle:
        """The edges into ``spec.layers[layer]``."""
        return self._bundles[layer]

    def edge_paths(self) -> EdgePaths:
        """The path items that draw the edges, one per layer and style bucket (up to date)."""
        self._flush_edges()
        return self._paths

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
        self._weights, self._maps, self._masks = None, None, None
        self._relayout.stop()
        items = build_scene(self.scene, spec, self._handlers(), self._aspect())
        self._dx = items.dx
        self._inputs, self._nodes, self._bundles = items.inputs, items.nodes, items.bundles
        self._tiles, self._input_tiles, self._paths = items.tiles, items.input_tiles, items.paths
        self._unit_buttons, self._layer_buttons = items.unit_buttons, items.layer_buttons
        self._grad_labels = items.grad_labels
        self._edges_pending = True
        self._flush_edges()
        # A thousand antialiased edges take most of a frame to draw (2-32-32-1: 14 ms
        # a repaint, 5 without); at that density the smoothing is hardly seen anyway.
        n_edges = sum(a * b for a, b in zip(spec.sizes, spec.sizes[1:]))
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing, n_edges <= AA_MAX_EDGES)
        self.set_editable(self.editor.editable)
        if not self._keep_pinned():
            self.view.setSceneRect(self.scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))
            self.view.fit()
        self.keyboard.refresh()  # the cursor on the new items, where it was

    def _aspect(self) -> float | None:
        """The view's width / height, None before it has a size worth fitting."""
        w, h = self.view.width(), self.view.height()
        return w / h if w >= 100 and h >= 100 else None

    def _lay_out_again(self) -> None:
        """Rebuild the scene for the view's new shape, showing what it showed."""
        spec = self._spec
        if spec is None or column_spacing(spec, self._aspect()) == self._dx:
            return
        self._rebuild()

    def apply_theme(self) -> None:
        """Restyle with the theme now in use (:mod:`ui.common.theme`)."""
        self.view.apply_theme()
        self.popup.apply_theme()
        if self._spec is not None:
            self._rebuild()

    def _rebuild(self) -> None:
        """Build the items again, showing what they showed."""
        weights, maps, masks = self._weights, self._maps, self._masks
        grads, trace = self._grads, self._trace
        self._build()
        if weights is not None:
            self.set_weights(weights)
        if grads is not None:
            self.set_gradients(grads)
        if trace is not None:
            self.set_trace(trace)
        if maps is not None:
            self.set_neuron_tiles(maps)
        if masks is not None:
            self.set_dropout_masks(masks)
        self.flush()

    def _on_zoom(self, zoom: float) -> None:
        spec = self._spec
        dx = column_spacing(spec, self._aspect()) if spec is not None else self._dx
        if abs(dx - self._dx) > 0.1 * self._dx:
            self._relayout.start()  # (restarted by each resize until they stop)
        self._keep_text_legible(zoom)
        # tiles are as fine as their squares on screen: redo them if that changed
        maps = self._maps
        if maps is not None:
            px = self._screen_scale()
            columns = [*self._tiles, self._input_tiles]
            if any(c.res and c.res != tile_res(c.size * px, maps.res) for c in columns):
                self.set_neuron_tiles(maps)

    def set_text_zoom(self, zoom: float) -> None:
        """Labels ``zoom`` times larger (View ▸ Zoom: a projector, a far screen)."""
        self.text_zoom = float(zoom)
        self._keep_text_legible(self.view.transform().m11())

    def _keep_text_legible(self, zoom: float) -> None:
        """Labels never shrink below MIN_TEXT_PX on screen (a wide net is drawn small),
        both times the text zoom; and grow with the text zoom as far as they have room."""
        z = self.text_zoom
        for item in self.scene.items():
            px = item.data(0)
            if isinstance(px, float):
                wanted = max(z, MIN_TEXT_PX * z / (px * zoom))
                item.setScale(max(1.0, min(wanted, MAX_TEXT_BOOST * z, item.data(1))))

    # ------------------------------------------------------------------ item callbacks
    # An edit makes the owner call set_spec, which deletes every item; so nothing runs
    # inside an item's event handler: the work is queued until the event is done.
    @staticmethod
    def _later(fn, *args) -> None:
        QTimer.singleShot(0, lambda: fn(*args))

    def _handlers(self) -> Handlers:
        later = self._later
        ed = self.editor
        return Handlers(
            input_clicked=self._on_input_clicked,
            node_hover=self._on_node_hover,
            menu=self._on_menu,
            edge_clicked=self._on_edge_clicked,
            add_unit=lambda i: (self._pin_button(("unit", i, 0)), later(ed.add_unit, i)),
            remove_unit=lambda i: (self._pin_button(("unit", i, 1)), later(ed.remove_unit, i)),
            add_layer=lambda: (self._pin_button(("layer", 0, 0)), later(ed.add_hidden_layer)),
            remove_layer=lambda: (self._pin_button(("layer", 0, 1)),
                                  later(ed.remove_hidden_layer)),
        )

    # ------------------------------------------------------------------ pinning
    # A click on + / − rebuilds the scene, which the view then fits anew: the buttons
    # would move under the mouse and the next click miss (eleven clicks on one spot
    # added 2 layers).  While the learner clicks, the clicked button stays where it was
    # on screen, at the zoom there was; the whole network is fitted again once the
    # mouse leaves the canvas or the clicks stop for PIN_S.

    def _button(self, which: tuple) -> Button | None:
        kind, i, k = which
        if kind == "layer":
            return self._layer_buttons[k] if self._layer_buttons else None
        return self._unit_buttons[i][k] if i < len(self._unit_buttons) else None

    def _pin_button(self, which: tuple) -> None:
        button = self._button(which)
        if button is None:
            return
        view = self.view
        at = view.mapFromScene(button.sceneBoundingRect().center())
        # on the screen: the canvas itself may move (a line more in the lesson box)
        self._pin = (which, view.viewport().mapToGlobal(at), view.transform().m11())
        self._unpin.start()

    def _keep_pinned(self) -> bool:
        """After a rebuild: put the pinned button where it was; False if there is none."""
        if self._pin is None:
            return False
        which, on_screen, scale = self._pin
        button = self._button(which)
        if button is None:
            return False
        view = self.view
        at = view.viewport().mapFromGlobal(on_screen)
        items = self.scene.itemsBoundingRect()
        room = max(items.width(), items.height(), view.width() / scale, view.height() / scale)
        view.setSceneRect(items.adjusted(-room, -room, room, room))  # (any place is reachable)
        view.setTransform(QTransform.fromScale(scale, scale))
        centre = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
        offset = (centre - QPointF(at)) / scale
        view.centerOn(button.sceneBoundingRect().center() + offset)
        self._on_zoom(scale)  # labels legible, tiles as fine as their squares
        return True

    def _fit_again(self) -> None:
        """The clicks are over: show the whole network again."""
        if self._pin is None:
            return
        self._pin = None
        self.view.setSceneRect(self.scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self.view.fit()

    def leaveEvent(self, event) -> None:
        super().leaveEvent(event)
        self._fit_again()

    def _on_input_clicked(self, node: Node) -> None:
        self._later(self.editor.toggle_input, node.key)

    def _on_menu(self, item, screen_pos) -> None:
        if self._spec is not None and self.editor.editable:
            self.popup.hide_node()
            self._later(self.open_layer_menu, item.layer, screen_pos)

    def open_layer_menu(self, layer: int, screen_pos) -> None:
        """The context menu of ``spec.layers[layer]`` (activation, dropout) at ``screen_pos``."""
        if self._spec is not None and self.editor.editable and layer < len(self._spec.layers):
            menu = self.editor.layer_menu(layer)
            menu.exec(screen_pos)
            menu.deleteLater()

    def _on_edge_clicked(self, bundle: EdgeBundle, k: int) -> None:
        row, col = divmod(k, bundle.shape_[1])
        if self._grads is not None:  # the overlay: the chain rule, not the weight dialog
            self._later(self.chain_requested.emit, bundle.layer, row, col)
            return
        self._later(self.editor.edit_weight, bundle.layer, row, col)

    def _edge(self, layer: int, row: int, col: int) -> tuple[float, str, str]:
        """The weight row -> col into ``spec.layers[layer]`` now, and its ends' names."""
        b = self._bundles[layer]
        src, dst = b.labels
        value = float(b.W[row, col]) if b.W is not None else 0.0
        return value, src[row], dst[col]

    def _on_node_hover(self, node: Node, entered: bool) -> None:
        if entered:
            self.show_node_popup(node)
        elif self.popup.node is node:
            self.popup.hide_node()

    def show_node_popup(self, node: Node) -> None:
        """Show ``node``'s caption and map beside it (on hover, or the keyboard cursor)."""
        caption = node.description()
        ws = self._weights
        if ws is not None and node.layer >= 0:
            caption += f"\nbias b = {float(ws[2 * node.layer + 1][node.unit]):.3f}"
        trace = self._trace
        if trace is not None and 0 <= node.layer < len(trace.layers) \
                and node.unit < len(trace.layers[node.layer]):
            caption += "\n" + trace.layers[node.layer][node.unit].formula()
        self.popup.show_node(node, caption, self._full_tile(node))
        view = self.view
        r = view.mapFromScene(node.sceneBoundingRect()).boundingRect()
        vp = view.viewport().rect()
        w, h = self.popup.width(), self.popup.height()
        x = r.right() + 10
        if x + w > vp.right():
            x = r.left() - 10 - w
        y = min(max(r.center().y() - h // 2, vp.top()), vp.bottom() - h)
        self.popup.move(max(x, vp.left()), max(y, vp.top()))

    def _full_tile(self, node: Node) -> np.ndarray | None:
        """The node's map at full resolution, coloured (res, res) ARGB, if there is one."""
        maps = self._maps
        if maps is None:
            return None
        spec, res = self._spec, maps.res
        if node.layer >= 0:
            tiles, j = maps.layers[node.layer], node.unit
        elif maps.inputs is not None and node.key in spec.inputs:
            tiles, j = maps.inputs, spec.inputs.index(node.key)
        else:
            return None
        return tiles[j * res : (j + 1) * res]
