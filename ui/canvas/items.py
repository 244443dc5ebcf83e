"""The graphics items of the network canvas: neurons, their columns, buttons.

Every item is a stock Qt item (or a Python subclass that only handles
input events), so that a repaint of the canvas runs no Python: a neuron is a
``QGraphicsRectItem`` (its border) over a ``QGraphicsPixmapItem`` (its map),
with stock children for the dropout mark and the hover frame, shown or
hidden when they change.  The edges live in :mod:`ui.canvas.edges`, the hover
popup in :mod:`ui.canvas.popup`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from ui.common import theme
from ui.common.colors import POSITIVE, VEIL
from ui.i18n import tr

from .paint import sample_tiles, tile_image, tile_pixmaps

__all__ = ["Button", "Column", "Node", "TileColumn", "pixmaps_alias_images"]

HOVER = QColor(POSITIVE)  # a column under the mouse: the data's blue, faint
HOVER.setAlpha(40)
DROPPED = QColor(*VEIL, 190)  # the veil over a dropped neuron (over its map)
DEAD_TEXT = "dead ReLU: 0 everywhere on this plane, so no gradient flows through it"
STACK_BEHIND = QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent


def _decoration(item: QGraphicsItem, behind: bool = False) -> QGraphicsItem:
    """A child that is only drawn: no mouse buttons, optionally under its parent."""
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    item.setFlag(STACK_BEHIND, behind)
    return item


class Node(QGraphicsRectItem):
    """A neuron or input feature: its square, and the hover, click and right-click target.

    The item itself draws the border; under it (``ItemStacksBehindParent``)
    lie the map (a pixmap scaled to the square) and the dropout mark (a grey
    veil with a white cross); over it the hover frame.
    """

    def __init__(self, size: float, layer: int, unit: int, name: str, tip: str = ""):
        s = size
        square = QRectF(-s / 2, -s / 2, s, s)
        super().__init__(square)
        self.size = size
        self.layer = layer  # index in spec.layers; -1 for an input feature
        self.unit = unit  # unit index (for an input: index in features.NAMES)
        self.name = name  # "layer 1, neuron 3 · tanh", or the feature label
        self.key = ""  # an input's feature name ("x1")
        self.tip = tip  # a hint line for the popup
        self._enabled = True  # an input feature that is switched on
        self.dropped_text = ""  # non-empty while dropped out in this step
        self.dead = False  # a ReLU whose output is 0 all over the plane: dashed border
        self.image: QImage | None = None  # the column's tiles; this node's is row ``tile``
        self.tile = 0
        self.res = 0  # side of the tile, in pixels
        self.has_map = False
        self.hovered = False
        self.on_click: Callable[[Node], None] | None = None
        self.on_menu: Callable[[Node, object], None] | None = None
        self.on_hover: Callable[[Node, bool], None] | None = None

        self.map_item = _decoration(QGraphicsPixmapItem(self), behind=True)
        self.map_item.setPos(square.topLeft())
        self.map_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.map_item.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.map_item.hide()
        self.mark = _decoration(QGraphicsRectItem(square, self), behind=True)
        self.mark.setPen(Qt.PenStyle.NoPen)
        self.mark.setBrush(DROPPED)
        cross = QPen(Qt.GlobalColor.white, max(1.0, s / 14))  # on the grey veil
        a = s / 2 - s * 0.22
        for x0, x1 in ((-a, a), (a, -a)):
            _decoration(QGraphicsLineItem(x0, -a, x1, a, self.mark)).setPen(cross)
        self.mark.hide()
        self.frame = _decoration(QGraphicsRectItem(square, self))
        self.frame.setPen(QPen(QColor(theme.now().hover), 2.0))
        self.frame.hide()

        # a number beside the square (the forward pass: z and a), over the edges
        self.badge = _decoration(QGraphicsRectItem(self))
        self.badge.setPen(Qt.PenStyle.NoPen)
        self.badge_text = _decoration(QGraphicsSimpleTextItem(self.badge))
        font = QFont()
        font.setPixelSize(max(8, round(s * 0.27)))
        self.badge_text.setFont(font)
        self.badge.hide()

        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        self._restyle()

    def set_badge(self, text: str) -> None:
        """Show ``text`` just right of the square ("" hides it)."""
        if not text:
            self.badge.hide()
            return
        t = theme.now()
        self.badge.setBrush(QColor(t.popup))
        self.badge_text.setBrush(QColor(t.text))
        if self.badge_text.text() != text:
            self.badge_text.setText(text)
        r = self.badge_text.boundingRect()
        self.badge.setRect(0, 0, r.width() + 4, r.height() + 2)
        self.badge_text.setPos(2, 1)
        self.badge.setPos(self.size / 2 + 2, self.size / 2 - r.height() - 2)
        self.badge.show()

    def badge_shown(self) -> str:
        """The badge's text ("" when hidden)."""
        return self.badge_text.text() if self.badge.isVisible() else ""

    @property
    def enabled(self) -> bool:
        """An input feature that is switched on (always True for a neuron)."""
        return self._enabled

    @enabled.setter
    def enabled(self, on: bool) -> None:
        self._enabled = bool(on)
        self._restyle()

    def _restyle(self) -> None:
        t = theme.now()
        if not self._enabled:
            self.setPen(QPen(QColor(t.dim), 1.0, Qt.PenStyle.DashLine))
            self.setBrush(QColor(t.switched_off))
        else:
            dead = self.dead and self.has_map
            border = QColor(t.frame)
            self.setPen(QPen(border, 1.4, Qt.PenStyle.DashLine) if dead else QPen(border, 1.0))
            self.setBrush(Qt.BrushStyle.NoBrush if self.has_map else QColor(t.empty))
        self.map_item.setVisible(self.has_map and self._enabled)

    def set_map(self, image: QImage, tile: int, pixmap: QPixmap) -> None:
        """Show ``pixmap``, tile ``tile`` of ``image`` (res x res, scaled to the square)."""
        self.image, self.tile = image, tile
        w, h = pixmap.width(), pixmap.height()
        if h != self.res or self.map_item.pixmap().width() != w:
            self.map_item.setTransform(QTransform.fromScale(self.size / w, self.size / h))
        self.res = h
        self.map_item.setPixmap(pixmap)
        if not self.has_map:
            self.has_map = True
            self._restyle()

    def set_dropped(self, text: str) -> None:
        if text != self.dropped_text:
            self.dropped_text = text
            self.mark.setVisible(bool(text))

    def set_dead(self, dead: bool) -> None:
        if dead != self.dead:
            self.dead = dead
            self._restyle()

    def description(self) -> str:
        lines = [self.name]
        if self.dropped_text:
            lines.append(self.dropped_text)
        if self.dead:
            lines.append(tr(DEAD_TEXT))
        if self.tip:
            lines.append(tr(self.tip))
        return "\n".join(lines)

    def _set_hovered(self, hovered: bool) -> None:
        self.hovered = hovered
        self.frame.setVisible(hovered)
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


_ALIASING: bool | None = None


def pixmaps_alias_images() -> bool:
    """Whether ``QPixmap.fromImage`` of an image over a NumPy buffer keeps viewing that buffer.

    It does with Qt's raster pixmaps (every desktop platform): a column's
    pixmaps are then recoloured in place, with no Python call per neuron.
    Checked once, by writing to the buffer; otherwise pixmaps are copied.
    """
    global _ALIASING
    if _ALIASING is None:
        buf = np.full((2, 2), 0xFF102030, np.uint32)
        pixmap = QPixmap.fromImage(tile_image(buf))
        buf[:] = 0xFF405060
        _ALIASING = pixmap.toImage().pixel(1, 1) == 0xFF405060
    return _ALIASING


class TileColumn:
    """The maps of a column of nodes: one buffer of tiles, one pixmap per node.

    :meth:`show` samples the coloured tiles down to ``n`` pixels a side into
    the buffer.  The nodes' pixmaps view that buffer (see
    :func:`pixmaps_alias_images`), so a frame is one NumPy pass and one
    repaint, not a Python call per neuron; they are made again only when
    the tile size changes.
    """

    def __init__(self, nodes: list[Node]):
        self.nodes = nodes
        self.buffer: np.ndarray | None = None  # (units * h, w) uint32 ARGB
        self.image: QImage | None = None

    @property
    def size(self) -> float:
        return self.nodes[0].size if self.nodes else 0.0

    @property
    def res(self) -> int:
        return 0 if self.buffer is None else self.buffer.shape[1]

    def show(self, tiles: np.ndarray, n: int, smooth: bool = True) -> None:
        """Show ``tiles`` ((units * res, res) ARGB, coloured) at ``n`` x ``n`` pixels per tile
        (at most res), scaled to the squares smoothly or not (nearest pixel: fast, right
        at ~1:1)."""
        mode = (Qt.TransformationMode.SmoothTransformation if smooth
                else Qt.TransformationMode.FastTransformation)
        if self.nodes and self.nodes[0].map_item.transformationMode() != mode:
            for node in self.nodes:
                node.map_item.setTransformationMode(mode)
        units = len(self.nodes)
        h = w = min(n, tiles.shape[1])
        fresh = self.buffer is None or self.buffer.shape != (units * h, w)
        buffer = np.empty((units * h, w), np.uint32) if fresh else self.buffer
        sample_tiles(tiles, units, n, out=buffer)
        if fresh or not pixmaps_alias_images():
            image = tile_image(buffer)
            if fresh and pixmaps_alias_images():
                pixmaps = [
                    QPixmap.fromImage(tile_image(buffer[j * h : (j + 1) * h])) for j in range(units)
                ]
            else:
                pixmaps = tile_pixmaps(image, units)
            for j, (node, pixmap) in enumerate(zip(self.nodes, pixmaps)):
                node.set_map(image, j, pixmap)
            self.buffer, self.image = buffer, image  # after the nodes let go of the old one


class Column(QGraphicsPathItem):
    """The background of a layer's column: highlighted on hover, right-click for its menu."""

    def __init__(self, rect: QRectF, layer: int):
        path = QPainterPath()
        path.addRoundedRect(rect, 8, 8)
        super().__init__(path)
        self.box = rect
        self.layer = layer
        self.hovered = False
        self.on_menu: Callable[[Column, object], None] | None = None
        self.setPen(Qt.PenStyle.NoPen)
        self.setBrush(Qt.BrushStyle.NoBrush)
        self.setAcceptHoverEvents(True)
        self.setZValue(-1)

    def _set_hovered(self, hovered: bool) -> None:
        self.hovered = hovered
        self.setBrush(HOVER if hovered else Qt.BrushStyle.NoBrush)

    def hoverEnterEvent(self, event) -> None:
        self._set_hovered(True)

    def hoverLeaveEvent(self, event) -> None:
        self._set_hovered(False)

    def contextMenuEvent(self, event) -> None:
        if self.on_menu:
            self.on_menu(self, event.screenPos())
        else:
            event.ignore()


class Button(QGraphicsEllipseItem):
    """A small round "+" / "−" button; dimmed (but still clickable, to explain) at a limit."""

    def __init__(self, text: str, on_click: Callable[[], None], tip: str, size: float = 20):
        s = size
        super().__init__(-s / 2 + 1, -s / 2 + 1, s - 2, s - 2)
        self.text = text
        self.on_click = on_click
        self.size = size
        self.active = True
        self.hovered = False
        a = s * 0.25
        self.bars = [_decoration(QGraphicsLineItem(-a, 0, a, 0, self))]
        if text == "+":
            self.bars.append(_decoration(QGraphicsLineItem(0, -a, 0, a, self)))
        self.setToolTip(tip)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(3)
        self._restyle()

    def set_active(self, active: bool) -> None:
        if active != self.active:
            self.active = active
            self._restyle()

    def _restyle(self) -> None:
        t = theme.now()
        fg = QColor(t.text if self.active else t.dim)
        self.setPen(QPen(fg, 1.2))
        lit = self.hovered and self.active
        self.setBrush(QColor(t.button_lit if lit else t.button))
        w = max(1.5, self.size / 10)
        bar = QPen(QBrush(fg), w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        for b in self.bars:
            b.setPen(bar)

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self._restyle()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self._restyle()

    def mousePressEvent(self, event) -> None:
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        if self.boundingRect().contains(event.pos()):
            self.on_click()
