"""The graphics items of the network canvas: neurons, their columns, buttons.

Items are built once per network spec and then only updated: a neuron keeps a
reference to one tiled image per layer and draws its own tile.  The edges
(:mod:`ui.canvas_edges`), the hover popup (:mod:`ui.canvas_popup`) and the
NumPy that colours the maps (:mod:`ui.canvas_paint`) live next door and are
re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from .canvas_edges import EdgeBundle
from .canvas_paint import TEXT, maps_to_tiles, text_item, tile_image
from .canvas_popup import MapPopup
from .colors import NEGATIVE, POSITIVE

__all__ = [
    "NEGATIVE",
    "POSITIVE",
    "TEXT",
    "Button",
    "Column",
    "EdgeBundle",
    "MapColumn",
    "MapPopup",
    "Node",
    "maps_to_tiles",
    "text_item",
    "tile_image",
]

BORDER = QColor("#5a6270")
DIM = QColor("#c4c8cf")
HOVER = QColor(31, 119, 180, 28)


class Node(QGraphicsItem):
    """A neuron or input feature: hover, click and right-click target of one square.

    The square itself (its map, border, dropout cross) is drawn by the node's
    :class:`MapColumn`, one paint call per column instead of per neuron; the
    node paints only its hover frame (it has no contents otherwise).
    """

    def __init__(self, size: float, layer: int, unit: int, name: str, tip: str = ""):
        super().__init__()
        self.size = size
        self.layer = layer  # index in spec.layers; -1 for an input feature
        self.unit = unit  # unit index (for an input: index in features.NAMES)
        self.name = name  # "layer 1, neuron 3 · tanh", or the feature label
        self.key = ""  # an input's feature name ("x1")
        self.tip = tip  # a hint line for the popup
        self.enabled = True  # an input feature that is switched on
        self.dropped_text = ""  # non-empty while dropped out in this step
        self.image: QImage | None = None
        self.tile = 0  # row of this node's tile in ``image``
        self.res = 0
        self.hovered = False
        self.column: MapColumn | None = None
        self.on_click: Callable[[Node], None] | None = None
        self.on_menu: Callable[[Node, object], None] | None = None
        self.on_hover: Callable[[Node, bool], None] | None = None
        self.setAcceptHoverEvents(True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setZValue(2)

    def boundingRect(self) -> QRectF:
        s = self.size
        return QRectF(-s / 2 - 2, -s / 2 - 2, s + 4, s + 4)

    def rect(self) -> QRectF:
        s = self.size
        return QRectF(-s / 2, -s / 2, s, s)

    def set_map(self, image: QImage | None, tile: int, res: int) -> None:
        """Show tile ``tile`` (res x res) of ``image``; the caller updates the column."""
        self.image, self.tile, self.res = image, tile, res

    def source_rect(self) -> QRectF:
        return QRectF(0, self.tile * self.res, self.res, self.res)

    def set_dropped(self, text: str) -> None:
        if text != self.dropped_text:
            self.dropped_text = text
            if self.column is not None:
                self.column.update()

    def description(self) -> str:
        lines = [self.name]
        if self.dropped_text:
            lines.append(self.dropped_text)
        if self.tip:
            lines.append(self.tip)
        return "\n".join(lines)

    def paint_square(self, painter: QPainter) -> None:
        """Draw the square (in scene coordinates) onto ``painter``: called by the column."""
        s = self.size
        r = QRectF(self.x() - s / 2, self.y() - s / 2, s, s)
        if not self.enabled:
            painter.setPen(QPen(DIM, 1.0, Qt.PenStyle.DashLine))
            painter.setBrush(QColor("#f4f5f7"))
            painter.drawRect(r)
            return
        if self.image is not None:
            painter.drawImage(r, self.image, self.source_rect())
        else:
            painter.fillRect(r, QColor("#eef0f3"))
        if self.dropped_text:
            painter.fillRect(r, QColor(120, 120, 120, 190))
            painter.setPen(QPen(QColor("#ffffff"), max(1.0, s / 14)))
            m = s * 0.22
            painter.drawLine(r.topLeft() + QPointF(m, m), r.bottomRight() - QPointF(m, m))
            painter.drawLine(r.topRight() + QPointF(-m, m), r.bottomLeft() + QPointF(m, -m))
        painter.setPen(QPen(BORDER, 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(r)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.hovered:
            painter.setPen(QPen(QColor("#1b1e23"), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect())

    def _set_hovered(self, hovered: bool) -> None:
        self.hovered = hovered
        if hovered:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, False)
        self.update()
        if not hovered:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        if self.on_hover:
            self.on_hover(self, hovered)

    def hoverEnterEvent(self, event) -> None:
        self._set_hovered(True)

    def hoverLeaveEvent(self, event) -> None:
        self._set_hovered(False)

    def mousePressEvent(self, event) -> None:
        if self.on_click and event.button() == Qt.MouseButton.LeftButton:
            event.accept()
        else:
            event.ignore()

    def mouseReleaseEvent(self, event) -> None:
        if self.on_click and self.boundingRect().contains(event.pos()):
            self.on_click(self)

    def contextMenuEvent(self, event) -> None:
        if self.on_menu:
            self.on_menu(self, event.screenPos())
        else:
            event.ignore()


class MapColumn(QGraphicsItem):
    """Draws the squares of a column of nodes in one paint call (cheap at 10 x 32)."""

    def __init__(self, nodes: list[Node]):
        super().__init__()
        self.nodes = nodes
        box = QRectF()
        for node in nodes:
            node.column = self
            box = box.united(node.rect().translated(node.pos()))
        self.box = box.adjusted(-1, -1, 1, 1)
        self.setZValue(1.5)

    def boundingRect(self) -> QRectF:
        return self.box

    def paint(self, painter: QPainter, option, widget=None) -> None:
        for node in self.nodes:
            node.paint_square(painter)


class Column(QGraphicsItem):
    """The background of a layer's column: highlighted on hover, right-click for its menu."""

    def __init__(self, rect: QRectF, layer: int):
        super().__init__()
        self.box = rect
        self.layer = layer
        self.hovered = False
        self.on_menu: Callable[[Column, object], None] | None = None
        self.setAcceptHoverEvents(True)
        self.setZValue(-1)

    def boundingRect(self) -> QRectF:
        return self.box

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(HOVER)
            painter.drawRoundedRect(self.box, 8, 8)

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()

    def contextMenuEvent(self, event) -> None:
        if self.on_menu:
            self.on_menu(self, event.screenPos())
        else:
            event.ignore()


class Button(QGraphicsItem):
    """A small round "+" / "−" button; dimmed (but still clickable, to explain) at a limit."""

    def __init__(self, text: str, on_click: Callable[[], None], tip: str, size: float = 20):
        super().__init__()
        self.text = text
        self.on_click = on_click
        self.size = size
        self.active = True
        self.hovered = False
        self.setToolTip(tip)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(3)

    def boundingRect(self) -> QRectF:
        s = self.size
        return QRectF(-s / 2, -s / 2, s, s)

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        r = self.boundingRect().adjusted(1, 1, -1, -1)
        fg = QColor("#2b3038") if self.active else DIM
        painter.setPen(QPen(fg, 1.2))
        painter.setBrush(QColor("#dde6f0") if self.hovered and self.active else QColor("#ffffff"))
        painter.drawEllipse(r)
        w = max(1.5, self.size / 10)
        painter.setPen(QPen(QBrush(fg), w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        a = self.size * 0.25
        painter.drawLine(QPointF(-a, 0), QPointF(a, 0))
        if self.text == "+":
            painter.drawLine(QPointF(0, -a), QPointF(0, a))

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()

    def mousePressEvent(self, event) -> None:
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        if self.boundingRect().contains(event.pos()):
            self.on_click()
