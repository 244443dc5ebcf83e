"""The graphics items of the network canvas, and the NumPy that colours them.

Items are built once per network spec and then only updated: a neuron keeps a
reference to one tiled image per layer and draws its own tile; all edges
between two columns are one :class:`EdgeBundle` that draws them with a few
``drawLines`` calls (edges bucketed by sign and magnitude) and finds the edge
under the mouse with vectorised point-to-segment distances, so 10 x 32
neurons (about 10,000 edges) stay cheap at 60 updates per second.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsSimpleTextItem,
    QLabel,
    QVBoxLayout,
)

from .colors import CLASS_COLORS, NEGATIVE, POSITIVE, WHITE, diverging_lut, hex_to_rgb

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

UNIT_RANGE = frozenset({"sigmoid", "softmax", "step"})  # outputs in [0, 1]: centre 0.5
BORDER = QColor("#5a6270")
DIM = QColor("#c4c8cf")
HOVER = QColor(31, 119, 180, 28)
TEXT = QColor("#30343b")
LEVELS = 12  # edge widths/alphas are bucketed so one drawLines call draws many edges


def _argb_lut() -> np.ndarray:
    rgba = diverging_lut().astype(np.uint32)
    return (0xFF << 24) | (rgba[:, 0] << 16) | (rgba[:, 1] << 8) | rgba[:, 2]


LUT = _argb_lut()  # (256,) uint32 0xAARRGGBB: orange (0) -> white (128) -> blue (255)


def _class_luts(units: int) -> np.ndarray:
    """(units * 256,) ARGB: for unit u, white (p = 0) -> the colour of class u (p = 1)."""
    white = np.array(hex_to_rgb(WHITE), dtype=np.float64)
    t = np.linspace(0.0, 1.0, 256)[:, None]
    out = []
    for u in range(units):
        c = np.array(hex_to_rgb(CLASS_COLORS[u % len(CLASS_COLORS)]), dtype=np.float64)
        rgb = np.round(white + t * (c - white)).astype(np.uint32)
        out.append((0xFF << 24) | (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2])
    return np.concatenate(out)


def maps_to_tiles(maps: np.ndarray, activation: str | None) -> np.ndarray:
    """Colour a layer's maps: (res, res, units) float -> (units * res, res) uint32 ARGB.

    Row ``i`` of a map is at x2 = ys[i] (bottom to top), so tiles are flipped
    to put the top of the plane on top.  Sigmoid-like outputs are centred at
    0.5, tanh at 0 with range +-1, anything else is scaled by its own max |v|.
    Vectorised: one LUT ``take`` for the whole layer, no per-pixel Python.
    """
    m = np.asarray(maps, dtype=np.float32)
    res_y, res_x, units = m.shape
    with np.errstate(all="ignore"):  # a diverging net is drawn, not warned about
        if activation in UNIT_RANGE:
            idx = m * np.float32(255.0) + np.float32(0.5)
        elif activation == "tanh":
            idx = m * np.float32(127.5) + np.float32(128.0)
        else:
            scale = np.abs(m).max(axis=(0, 1))
            scale[~(np.isfinite(scale) & (scale > 0))] = 1.0
            idx = m * (np.float32(127.5) / scale) + np.float32(128.0)
        np.clip(idx, 0, 255, out=idx)
        levels = idx.astype(np.uint8)
    if activation == "softmax":  # each class's probability in that class's colour, as the plot
        lv = levels[::-1].transpose(2, 0, 1).astype(np.intp)
        lv += (np.arange(units, dtype=np.intp) * 256)[:, None, None]
        tiles = np.take(_class_luts(units), lv)
    else:
        tiles = np.take(LUT, levels[::-1].transpose(2, 0, 1))  # (units, res, res), C-contiguous
    return tiles.reshape(units * res_y, res_x)


def tile_image(tiles: np.ndarray) -> QImage:
    """A QImage viewing ``tiles`` (no copy: keep the array alive as long as the image)."""
    h, w = tiles.shape
    return QImage(tiles.data, w, h, 4 * w, QImage.Format.Format_RGB32)


def text_item(
    text: str,
    px: float,
    x: float,
    y: float,
    align: str = "center",
    color: QColor = TEXT,
    room: float = 1e9,
) -> QGraphicsSimpleTextItem:
    """A label of ``px`` scene pixels whose anchor (left / center / right, mid-height) is (x, y).

    ``room`` is the width it may grow to when the canvas enlarges small text.
    """
    item = QGraphicsSimpleTextItem(text)
    f = QFont()
    f.setPixelSize(max(1, round(px)))
    item.setFont(f)
    item.setBrush(color)
    r = item.boundingRect()
    dx = {"left": 0.0, "center": r.width() / 2, "right": r.width()}[align]
    item.setPos(x - dx, y - r.height() / 2)
    item.setTransformOriginPoint(dx, r.height() / 2)  # scaled about its anchor
    item.setData(0, float(px))
    item.setData(1, float(room) / max(r.width(), 1.0))  # the largest scale that fits
    item.setZValue(1)
    return item


def _on_white(color: str, alpha: float) -> QColor:
    """``color`` at opacity ``alpha`` over white, as an opaque colour.

    Opaque antialiased lines are about 7x faster to draw than translucent ones.
    """
    c = QColor(color)
    mix = [round(255 + alpha * (v - 255)) for v in (c.red(), c.green(), c.blue())]
    return QColor(*mix)


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


_PENS: dict[int, QPen] = {}


class EdgeBundle(QGraphicsItem):
    """All edges into one layer: ``W`` (fan_in, fan_out) drawn as lines from ``src`` to ``dst``.

    Edge ``k`` joins source row ``k // fan_out`` to unit ``k % fan_out``.
    Colour by sign (POSITIVE / NEGATIVE), width 0.5 + 4|w|/scale and alpha by
    |w|, with scale = max(1, max |w| over the network): weights that grow
    during training visibly thicken.  Edges out of dropped neurons fade.
    """

    HIT_PX = 5.0  # hover/click tolerance around an edge, in screen pixels

    def __init__(self, layer: int, src: np.ndarray, dst: np.ndarray, labels):
        super().__init__()
        self.layer = layer
        self.labels = labels  # (source names, target names) for tooltips
        n_in, n_out = len(src), len(dst)
        self.shape_ = (n_in, n_out)
        self.x0 = np.repeat(src[:, 0], n_out)
        self.y0 = np.repeat(src[:, 1], n_out)
        self.x1 = np.tile(dst[:, 0], n_in)
        self.y1 = np.tile(dst[:, 1], n_in)
        self.lines = [
            QLineF(a, b, c, d)
            for a, b, c, d in zip(
                self.x0.tolist(), self.y0.tolist(), self.x1.tolist(), self.y1.tolist()
            )
        ]
        pts = np.concatenate([src, dst])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        self.box = QRectF(lo[0], lo[1] - 4, hi[0] - lo[0], hi[1] - lo[1] + 8)
        self.W: np.ndarray | None = None
        self.scale = 1.0
        self.faded_rows: np.ndarray | None = None  # bool (fan_in,) of dropped sources
        self.key: np.ndarray | None = None  # bucket per edge, or None before weights
        self.hovered: int | None = None
        self.on_click: Callable[[EdgeBundle, int], None] | None = None
        self._groups: list | None = None
        self.paint_cost = 0.0  # seconds the last paint took (the canvas throttles on it)
        self.setAcceptHoverEvents(True)
        self.setZValue(0)
        # repainted only when its weights change, not on every frame of neuron maps
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    # ---------------------------------------------------------------- styling
    @staticmethod
    def pen_for(key: int) -> QPen:
        """Bucket ``key``: level + LEVELS * negative; 2 * LEVELS = faded; -1 = no weights yet."""
        pen = _PENS.get(key)
        if pen is None:
            pen = _PENS[key] = EdgeBundle._make_pen(key)
        return pen

    @staticmethod
    def _make_pen(key: int) -> QPen:
        if key < 0:
            return QPen(QColor("#b4b8bf"), 0.8)
        if key >= 2 * LEVELS:
            return QPen(QColor("#eceef1"), 0.5)
        level, neg = key % LEVELS, key >= LEVELS
        f = level / (LEVELS - 1)
        c = _on_white(NEGATIVE if neg else POSITIVE, 0.25 + 0.75 * f)
        return QPen(QBrush(c), 0.5 + 4.0 * f, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)

    def set_weights(self, W: np.ndarray, scale: float) -> None:
        self.W = W
        self.scale = scale
        a = np.abs(W).ravel()
        a = np.nan_to_num(a, nan=0.0, posinf=scale)
        level = np.minimum((a * ((LEVELS - 1) / scale) + 0.5).astype(np.intp), LEVELS - 1)
        self.key = level + LEVELS * (W.ravel() < 0)
        self._groups = None
        self.update()

    def set_faded_rows(self, rows: np.ndarray | None) -> None:
        if rows is None and self.faded_rows is None:
            return
        if (
            rows is not None
            and self.faded_rows is not None
            and np.array_equal(rows, self.faded_rows)
        ):
            return
        self.faded_rows = rows
        self._groups = None
        self.update()

    def edge_key(self, k: int) -> int:
        """The style bucket edge ``k`` is drawn with (see :meth:`pen_for`)."""
        if self.faded_rows is not None and self.faded_rows[k // self.shape_[1]]:
            return 2 * LEVELS
        return -1 if self.key is None else int(self.key[k])

    def _regroup(self) -> list:
        n = len(self.lines)
        key = np.full(n, -1, np.intp) if self.key is None else self.key.copy()
        if self.faded_rows is not None:
            key[np.repeat(self.faded_rows, self.shape_[1])] = 2 * LEVELS
        order = np.argsort(key, kind="stable")
        bounds = np.searchsorted(key[order], np.arange(-1, 2 * LEVELS + 2))
        groups = []
        # faded first, then thin to thick so strong edges lie on top
        ranked = [2 * LEVELS, -1] + [lv + LEVELS * s for lv in range(LEVELS) for s in (0, 1)]
        for k in ranked:
            lo, hi = bounds[k + 1], bounds[k + 2]
            if hi > lo:
                lines = self.lines
                groups.append((self.pen_for(k), [lines[i] for i in order[lo:hi].tolist()]))
        return groups

    # ---------------------------------------------------------------- painting
    def boundingRect(self) -> QRectF:
        return self.box.adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        start = time.perf_counter()
        if self._groups is None:
            self._groups = self._regroup()
        for pen, lines in self._groups:
            painter.setPen(pen)
            painter.drawLines(lines)
        if self.hovered is not None:
            pen = QPen(self.pen_for(self.edge_key(self.hovered)))
            pen.setColor(QColor("#1b1e23"))
            pen.setWidthF(pen.widthF() + 1.5)
            painter.setPen(pen)
            painter.drawLine(self.lines[self.hovered])
        self.paint_cost = time.perf_counter() - start

    # ---------------------------------------------------------------- hit testing
    def _tolerance(self) -> float:
        scene = self.scene()
        views = scene.views() if scene is not None else []
        s = views[0].transform().m11() if views else 1.0
        return self.HIT_PX / max(s, 1e-6)

    def edge_at(self, p: QPointF, tol: float | None = None) -> int | None:
        """Index of the edge nearest to ``p`` (item coordinates) within ``tol``, else None."""
        tol = self._tolerance() if tol is None else tol
        if not self.box.adjusted(-tol, -tol, tol, tol).contains(p):
            return None
        px, py = p.x(), p.y()
        dx, dy = self.x1 - self.x0, self.y1 - self.y0
        with np.errstate(all="ignore"):
            t = ((px - self.x0) * dx + (py - self.y0) * dy) / (dx * dx + dy * dy)
        t = np.clip(np.nan_to_num(t), 0.0, 1.0)
        d2 = (self.x0 + t * dx - px) ** 2 + (self.y0 + t * dy - py) ** 2
        k = int(np.argmin(d2))
        return k if d2[k] <= tol * tol else None

    def contains(self, point: QPointF) -> bool:
        return self.edge_at(point) is not None

    def collidesWithPath(self, path: QPainterPath, mode=Qt.ItemSelectionMode.IntersectsItemShape):
        return self.edge_at(path.boundingRect().center()) is not None

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.boundingRect())
        return path

    def edge_text(self, k: int) -> str:
        row, col = divmod(k, self.shape_[1])
        src, dst = self.labels
        w = "?" if self.W is None else f"{float(self.W[row, col]):.3f}"
        return f"w = {w} ({src[row]} → {dst[col]})\nclick to type a new value"

    def hoverMoveEvent(self, event) -> None:
        k = self.edge_at(event.pos())
        if k != self.hovered:
            self.hovered = k
            self.setToolTip("" if k is None else self.edge_text(k))
            self.update()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = None
        self.setToolTip("")
        self.update()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.edge_at(event.pos()) is not None:
            event.accept()
        else:
            event.ignore()

    def mouseReleaseEvent(self, event) -> None:
        k = self.edge_at(event.pos())
        if k is not None and self.on_click:
            self.on_click(self, k)


class MapPopup(QFrame):
    """The enlarged map of the hovered neuron, floating over the view (mouse-transparent)."""

    SIZE = 160

    def __init__(self, parent):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFrameShape(QFrame.Shape.Box)
        self.setStyleSheet(
            "MapPopup { background: #ffffff; border: 1px solid #8a919c; border-radius: 3px; }"
            "QLabel { color: #202329; }"
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(4)
        self.picture = QLabel()
        self.picture.setFixedSize(self.SIZE, self.SIZE)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setFixedWidth(self.SIZE)
        lay.addWidget(self.picture)
        lay.addWidget(self.caption)
        self.node: Node | None = None
        self.hide()

    def show_node(self, node: Node, caption: str) -> None:
        self.node = node
        self.caption.setText(caption)
        self.refresh()
        self.adjustSize()
        self.show()
        self.raise_()

    def refresh(self) -> None:
        """Redraw the picture from the node's current map (called on every map update)."""
        node = self.node
        if node is None:
            return
        if node.image is None or not node.enabled:
            self.picture.hide()
            return
        pm = QPixmap(self.SIZE, self.SIZE)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawImage(QRectF(0, 0, self.SIZE, self.SIZE), node.image, node.source_rect())
        if node.dropped_text:
            p.fillRect(QRectF(0, 0, self.SIZE, self.SIZE), QBrush(QColor(120, 120, 120, 120)))
        p.end()
        self.picture.setPixmap(pm)
        self.picture.show()

    def hide_node(self) -> None:
        self.node = None
        self.hide()
