"""The network canvas's scene: where every neuron, edge, label and button goes.

:func:`build_scene` lays a :class:`engine.NetworkSpec` out the way TensorFlow
Playground does (inputs on the left, one column per layer, headers with the
"+" / "−" buttons above) and returns the items the canvas updates later;
:class:`FitView` shows the whole scene, scaled to fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QTransform
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QWidget

from engine import NetworkSpec, features
from ui.common import theme
from ui.i18n import tr

from .edges import EdgeBundle, EdgePaths
from .editing import MAX_HIDDEN, MAX_UNITS
from .items import Button, Column, Node, TileColumn
from .paint import text_item

__all__ = ["FitView", "Handlers", "SceneItems", "build_scene", "column_spacing"]

MAX_ZOOM = 1.5  # a small net in a big window is not blown up beyond this

# scene geometry (scene units are pixels at zoom 1)
PITCH = 48  # vertical distance between node centres while a column has <= 11 nodes
NODE = 38  # side of a node square at full size
TOP = 118  # y of the top of the node columns (headers above)
LABEL_W = 70  # room for the input labels left of the input column
MIN_DX, MAX_DX = 88.0, 150.0  # distance between layer columns (room for their headers)


class FitView(QGraphicsView):
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
        # a frame of training changes everything (a full repaint); a hover changes a frame
        # or a line, repainted alone (stroking 10k edges everywhere takes ~20 ms)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        # the owner's: keep something in place instead of fitting (True if it did)
        self.pinned: Callable[[], bool] | None = None
        self.foot = 0  # px kept free at the bottom (see set_foot)
        self.apply_theme()

    def apply_theme(self) -> None:
        color = QColor(theme.now().background)
        self.setBackgroundBrush(color)
        palette = self.palette()  # the foot's strip, outside the viewport
        palette.setColor(QPalette.ColorRole.Window, color)
        self.setPalette(palette)
        self.setAutoFillBackground(True)

    def set_foot(self, px: int) -> None:
        """Keep ``px`` at the bottom free of the network (a banner floats there): the
        viewport ends above it, the strip has the canvas's colour."""
        px = max(0, int(px))
        if px != self.foot:
            self.foot = px
            self.setViewportMargins(0, 0, 0, px)

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
        if self.pinned is None or not self.pinned():
            self.fit()


@dataclass(frozen=True)
class Handlers:
    """What the items call back; the edits are queued by the caller (see NetworkCanvas)."""

    input_clicked: Callable[[Node], None]
    node_hover: Callable[[Node, bool], None]
    menu: Callable[[object, object], None]  # (Node or Column, screen position)
    edge_clicked: Callable[[EdgeBundle, int], None]
    add_unit: Callable[[int], None]
    remove_unit: Callable[[int], None]
    add_layer: Callable[[], None]
    remove_layer: Callable[[], None]


@dataclass
class SceneItems:
    """The items of one built scene that the canvas updates or hands out."""

    inputs: dict[str, Node] = field(default_factory=dict)  # by feature name
    nodes: list[list[Node]] = field(default_factory=list)  # per spec layer
    bundles: list[EdgeBundle] = field(default_factory=list)  # per spec layer: edges into it
    tiles: list[TileColumn] = field(default_factory=list)  # per spec layer: the neurons' maps
    input_tiles: TileColumn | None = None  # the maps of the inputs in use, in spec order
    paths: EdgePaths | None = None  # draws the edges of all bundles
    unit_buttons: list[tuple[Button, Button]] = field(default_factory=list)  # per hidden layer
    # per spec layer: a line under its column for the gradient overlay (hidden until then)
    grad_labels: list = field(default_factory=list)
    layer_buttons: tuple[Button, Button] | None = None
    dx: float = MAX_DX  # the distance between layer columns


def _pitch(spec: NetworkSpec) -> float:
    most = max(la.units for la in spec.layers)
    return PITCH if most <= 11 else max(14.0, 11 * PITCH / most)


def column_spacing(spec: NetworkSpec, aspect: float | None = None) -> float:
    """The distance between layer columns: wide for a few layers, and narrower when
    the view (``aspect`` = its width / height) is tall and narrow, so that the whole
    scene, fitted to the view, is drawn bigger (legible text on a deep net)."""
    n_layers = len(spec.layers)
    dx = min(MAX_DX, max(MIN_DX, 640.0 / n_layers))
    if aspect is not None and aspect > 0:
        most = max(la.units for la in spec.layers)
        column = max(len(features.NAMES) * PITCH, most * _pitch(spec))
        height = TOP + column + 20
        fixed = LABEL_W + NODE + 60  # the input labels and column, the output's header
        dx = min(dx, max(MIN_DX, (aspect * height - fixed) / n_layers))
    return round(dx, 1)


def build_scene(scene: QGraphicsScene, spec: NetworkSpec, handlers: Handlers,
                aspect: float | None = None) -> SceneItems:
    """Add the items showing ``spec`` to the (cleared) ``scene``, its columns spaced
    for a view of ``aspect`` (width / height; see :func:`column_spacing`)."""
    built = SceneItems()
    add = scene.addItem
    t = theme.now()
    n_hidden, n_layers = len(spec.hidden), len(spec.layers)
    pitch = _pitch(spec)
    dx = built.dx = column_spacing(spec, aspect)
    x_in = LABEL_W + NODE / 2
    room = dx * 0.92  # width a column's header may take
    xs = [x_in + dx * (i + 1) for i in range(n_layers)]

    def ys(n: int, p: float = pitch) -> list[float]:
        return [TOP + p * (j + 0.5) for j in range(n)]

    # input features: all of them, the unused ones dimmed
    add(text_item(tr("inputs"), 13, x_in, 77, room=room))
    muted, dim, text = (QColor(c) for c in (t.muted, t.dim, t.text))
    add(text_item(tr("click to toggle"), 11, x_in, 92, color=muted, room=room))
    for (i, name), y in zip(enumerate(features.NAMES), ys(len(features.NAMES), PITCH)):
        on = name in spec.inputs
        node = Node(NODE, -1, i, features.LABELS[name])
        node.key, node.enabled = name, on
        node.tip = tr("click to switch it off") if on else tr("not used: click to switch it on")
        node.setPos(x_in, y)
        node.setCursor(Qt.CursorShape.PointingHandCursor)
        node.on_click, node.on_hover = handlers.input_clicked, handlers.node_hover
        add(node)
        built.inputs[name] = node
        label = text_item(node.name, 13, x_in - NODE / 2 - 6, y, "right", room=LABEL_W - 8)
        label.setBrush(text if on else dim)
        add(label)
    built.input_tiles = TileColumn([built.inputs[n] for n in spec.inputs])

    # layers: a header, a column of neurons, and the edges into it
    src_names = [features.LABELS[n] for n in spec.inputs]
    ys_in = ys(len(features.NAMES), PITCH)
    src = [(x_in + NODE / 2, ys_in[features.NAMES.index(n)]) for n in spec.inputs]
    for li, (la, x) in enumerate(zip(spec.layers, xs)):
        out = li == n_layers - 1
        # a column of up to 11 neurons keeps full-size maps beside a crowded one (the
        # output of a 32-neuron net stays legible); a crowded one shrinks to fit
        p = PITCH if la.units <= 11 else pitch
        size = min(NODE, p * 0.8)
        col_ys = ys(la.units, p)
        names = [
            (tr("output") if la.units == 1 else tr("output {j}").format(j=j + 1))
            if out
            else tr("layer {l}, neuron {j}").format(l=li + 1, j=j + 1)
            for j in range(la.units)
        ]
        column = Column(QRectF(x - dx * 0.42, 38, dx * 0.84, col_ys[-1] + size / 2 - 30), li)
        column.on_menu = handlers.menu
        add(column)
        nodes = []
        for j, y in enumerate(col_ys):
            node = Node(size, li, j, f"{names[j]} · {la.activation}")
            node.tip = (tr("right-click for activation") if out
                        else tr("right-click for activation, dropout, layers"))
            node.setPos(x, y)
            node.on_menu, node.on_hover = handlers.menu, handlers.node_hover
            add(node)
            nodes.append(node)
        built.nodes.append(nodes)
        built.tiles.append(TileColumn(nodes))
        grad = text_item("", 11, x, col_ys[-1] + size / 2 + 8, color=muted, room=room)
        grad.hide()
        add(grad)
        built.grad_labels.append(grad)
        dst = [(x - size / 2, y) for y in col_ys]
        bundle = EdgeBundle(li, np.array(src, float), np.array(dst, float), (src_names, names))
        bundle.on_click = handlers.edge_clicked
        add(bundle)
        built.bundles.append(bundle)
        src, src_names = [(x + size / 2, y) for y in col_ys], names
        if out:
            add(text_item(tr("output"), 13, x, 77, room=room))
            add(text_item(la.activation, 12, x, 92, color=muted, room=room))
            continue
        plus = Button("+", lambda i=li: handlers.add_unit(i), tr("add a neuron"))
        minus = Button("−", lambda i=li: handlers.remove_unit(i), tr("remove a neuron"))
        plus.setPos(x - 13, 54)
        minus.setPos(x + 13, 54)
        plus.set_active(la.units < MAX_UNITS)
        minus.set_active(la.units > 1)
        add(plus)
        add(minus)
        built.unit_buttons.append((plus, minus))
        add(text_item(tr("{n} neurons" if la.units > 1 else "{n} neuron").format(n=la.units),
                      13, x, 77, room=room))
        add(text_item(la.activation, 12, x, 92, color=muted, room=room))
        if la.dropout:
            add(text_item(tr("dropout {rate}").format(rate=f"{la.dropout:g}"), 11, x, 106,
                          color=muted, room=room))

    # the network's own header: add / remove a hidden layer
    cx = (sum(xs[:-1]) / n_hidden) if n_hidden else (x_in + xs[-1]) / 2
    label = text_item(tr("{n} hidden layer" if n_hidden == 1 else "{n} hidden layers").format(
        n=n_hidden), 14, 0, 16, "left")
    w = label.boundingRect().width()
    left = cx - (w + 60) / 2
    plus = Button("+", handlers.add_layer, tr("add a hidden layer"))
    minus = Button("−", handlers.remove_layer, tr("remove the last one"))
    plus.setPos(left + 10, 16)
    minus.setPos(left + 36, 16)
    plus.set_active(n_hidden < MAX_HIDDEN)
    minus.set_active(n_hidden > 0)
    label.setPos(left + 58, 16 - label.boundingRect().height() / 2)
    for item in (plus, minus, label):
        add(item)
    built.layer_buttons = (plus, minus)
    built.paths = EdgePaths(built.bundles)
    for item in built.paths.items.values():
        add(item)
    return built
