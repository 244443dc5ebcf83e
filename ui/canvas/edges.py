"""The edges of the network canvas: stock path items to draw them, one item per layer to hit them.

Drawing and hit testing are split so that a repaint runs no Python at all:

- :class:`EdgePaths` draws every edge of the network with one stock
  ``QGraphicsPathItem`` per layer and style bucket (sign x width level,
  faded, no weights yet).  A path is rebuilt only when the set of edges in
  its bucket changes, from NumPy arrays, all changed paths through one
  ``QDataStream`` (see :func:`segment_paths`).
- :class:`EdgeBundle` (one per layer, no contents of its own) finds the edge
  under the mouse with vectorised point-to-segment distances, shows it
  highlighted with its weight as tooltip, and reports clicks.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsPathItem, QGraphicsRectItem

from ui.common import theme
from ui.common.colors import NEGATIVE, POSITIVE
from ui.i18n import tr

__all__ = [
    "DRAW_ORDER",
    "FADED",
    "LEVELS",
    "NO_WEIGHTS",
    "EdgeBundle",
    "EdgePaths",
    "segment_paths",
]

LEVELS = 12  # edge widths/alphas are bucketed so one path draws many edges
FADED = 2 * LEVELS  # bucket of the edges into and out of a dropped neuron
NO_WEIGHTS = -1  # bucket of every edge before the first weights arrive
# faded first, then thin to thick so strong edges lie on top
DRAW_ORDER = (FADED, NO_WEIGHTS, *(lv + LEVELS * s for lv in range(LEVELS) for s in (0, 1)))
def _over(color: str, alpha: float, background: str) -> QColor:
    """``color`` at opacity ``alpha`` over ``background``, as an opaque colour.

    Opaque antialiased lines are about 7x faster to draw than translucent ones.
    """
    c, b = QColor(color), QColor(background)
    mix = [round(u + alpha * (v - u)) for u, v in zip((b.red(), b.green(), b.blue()),
                                                      (c.red(), c.green(), c.blue()))]
    return QColor(*mix)


def _pen(key: int) -> QPen:
    return _themed_pen(key, theme.now())


@functools.cache
def _themed_pen(key: int, t: theme.Theme) -> QPen:
    if key < 0:
        return QPen(QColor(t.edge_zero), 0.8)
    if key >= FADED:
        return QPen(QColor(t.edge_faded), 0.5)
    level, neg = key % LEVELS, key >= LEVELS
    f = level / (LEVELS - 1)
    c = _over(NEGATIVE if neg else POSITIVE, 0.25 + 0.75 * f, t.background)
    return QPen(QBrush(c), 0.5 + 4.0 * f, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)


# QPainterPath's QDataStream format: count, then (type, x, y) per element, then
# cStart and the fill rule; type 0 is a moveTo, 1 a lineTo (as pyqtgraph's
# arrayToQPath(x, y, connect="pairs") writes it, which costs ~45 us a call)
_ELEMENT = np.dtype([("type", ">i4"), ("x", ">f8"), ("y", ">f8")])
_TAIL = struct.pack(">ii", 0, 0)  # cStart 0, Qt.OddEvenFill


def segment_paths(x0, y0, x1, y1, groups: list[np.ndarray]) -> list[QPainterPath]:
    """One QPainterPath of separate segments (x0, y0)-(x1, y1)[g] per index array ``g``.

    All groups are serialised by NumPy into one buffer and read back through
    one QDataStream: a few Python calls per path, whatever its length.
    """
    idx = np.concatenate(groups) if groups else np.empty(0, np.intp)
    el = np.empty(2 * len(idx), _ELEMENT)
    el["type"][0::2], el["type"][1::2] = 0, 1
    el["x"][0::2], el["x"][1::2] = x0[idx], x1[idx]
    el["y"][0::2], el["y"][1::2] = y0[idx], y1[idx]
    raw = memoryview(el).cast("B")
    parts, at = [], 0
    for g in groups:
        n = 2 * len(g)
        parts.append(struct.pack(">i", n))
        if n:  # an empty path is its count alone
            parts += [raw[at : at + n * _ELEMENT.itemsize], _TAIL]
            at += n * _ELEMENT.itemsize
    stream = QDataStream(QByteArray(b"".join(parts)))
    out = []
    for _ in groups:
        path = QPainterPath()
        stream >> path
        out.append(path)
    return out


def _same_mask(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is None or b is None:
        return a is b
    return np.array_equal(a, b)


class _BucketPath(QGraphicsPathItem):
    """A stock path item that is never hit: :class:`EdgeBundle` does the edges' hit tests.

    (Without this every mouse move would stroke these long paths to test them.
    These overrides are hit tests only; painting calls neither.)
    """

    def contains(self, point) -> bool:
        return False

    def collidesWithPath(self, path, mode=Qt.ItemSelectionMode.IntersectsItemShape) -> bool:
        return False


class EdgePaths:
    """Every edge of the network, drawn by one stock path item per layer and style bucket.

    The edges are those of the ``bundles`` one after the other; :meth:`update`
    takes each bundle's bucket per edge and rebuilds only the paths whose set
    of edges changed (all of them through one :func:`segment_paths` call).
    Per layer, not per network: a path's bounding rect is then its layer's
    strip, so a repaint of a small region (a hover) strokes only the edges
    of the layers under it.
    """

    SLOTS = len(DRAW_ORDER)  # buckets per layer: NO_WEIGHTS .. FADED

    def __init__(self, bundles: list[EdgeBundle]):
        def joined(name: str) -> np.ndarray:
            return np.concatenate([getattr(b, name) for b in bundles]) if bundles else np.empty(0)

        self.x0, self.y0, self.x1, self.y1 = (joined(n) for n in ("x0", "y0", "x1", "y1"))
        sizes = [b.shape_[0] * b.shape_[1] for b in bundles]
        # an edge's group: layer * SLOTS + bucket + 1 (so NO_WEIGHTS is slot 0)
        self._base = np.repeat(np.arange(len(bundles), dtype=np.int16) * self.SLOTS + 1, sizes)
        self.group = np.full(len(self.x0), -1, np.int16)  # nothing drawn yet
        self.items: dict[tuple[int, int], QGraphicsPathItem] = {}  # by (layer, bucket)
        for layer in range(len(bundles)):
            for rank, key in enumerate(DRAW_ORDER):
                item = _BucketPath()
                item.setPen(_pen(key))
                item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
                item.setZValue(rank * 0.001)  # below the bundles (0.1) and everything else
                self.items[layer, key] = item

    def item(self, layer: int, bucket: int) -> QGraphicsPathItem:
        """The path of the edges into ``spec.layers[layer]`` drawn in ``bucket``."""
        return self.items[layer, bucket]

    def update(self, keys: list[np.ndarray]) -> int:
        """Draw edge k of bundle i in bucket ``keys[i][k]``; returns the number of paths rebuilt."""
        group = np.concatenate(keys).astype(np.int16) + self._base if keys else self.group
        changed = group != self.group
        if not changed.any():
            return 0
        groups = np.union1d(group[changed], self.group[changed])
        groups = groups[groups >= 0]
        self.group = group
        order = np.argsort(group, kind="stable")  # edges in index order within a group
        ranked = group[order]
        lo = np.searchsorted(ranked, groups, "left")
        hi = np.searchsorted(ranked, groups, "right")
        members = [order[a:b] for a, b in zip(lo.tolist(), hi.tolist())]
        paths = segment_paths(self.x0, self.y0, self.x1, self.y1, members)
        for g, path in zip(groups.tolist(), paths):
            layer, slot = divmod(g, self.SLOTS)
            self.items[layer, slot - 1].setPath(path)
        return len(paths)


class EdgeBundle(QGraphicsRectItem):
    """The edges into one layer, for hit tests: ``W`` (fan_in, fan_out) from ``src`` to ``dst``.

    Edge ``k`` joins source row ``k // fan_out`` to unit ``k % fan_out``.
    Colour by sign (POSITIVE / NEGATIVE), width 0.5 + 4|w|/scale and alpha by
    |w|, with scale = max(1, max |w| over the network): weights that grow
    during training visibly thicken.  Edges into and out of dropped neurons fade.
    The bundle draws nothing itself (:class:`EdgePaths` draws the edges from
    :attr:`drawn`) except the hovered edge.
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
        self._lines: list[QLineF] | None = None
        pts = np.concatenate([src, dst])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        self.box = QRectF(lo[0], lo[1] - 4, hi[0] - lo[0], hi[1] - lo[1] + 8)
        self.setRect(self.box.adjusted(-3, -3, 3, 3))
        self.setPen(Qt.PenStyle.NoPen)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.W: np.ndarray | None = None
        self.scale = 1.0
        self.faded_rows: np.ndarray | None = None  # bool (fan_in,) of dropped sources
        self.faded_cols: np.ndarray | None = None  # bool (fan_out,) of dropped targets
        self.key: np.ndarray | None = None  # weight bucket per edge, or None before weights
        self.drawn = np.full(n_in * n_out, NO_WEIGHTS, np.int8)  # bucket drawn, fading included
        self.hovered: int | None = None
        self.rates: np.ndarray | None = None  # Adagrad: each weight's step size (fan_in, fan_out)
        # the gradient overlay: ∂L/∂w of each edge (fan_in, fan_out), drawn instead of w
        self.G: np.ndarray | None = None
        self.g_scale = 1.0
        self.on_click: Callable[[EdgeBundle, int], None] | None = None
        self.highlight = QGraphicsLineItem(self)  # the hovered edge
        self.highlight.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.highlight.hide()
        self.setAcceptHoverEvents(True)
        self.setZValue(0.1)

    @property
    def lines(self) -> list[QLineF]:
        """Edge ``k`` as a QLineF (built on first use)."""
        if self._lines is None:
            xs = (self.x0.tolist(), self.y0.tolist(), self.x1.tolist(), self.y1.tolist())
            self._lines = [QLineF(a, b, c, d) for a, b, c, d in zip(*xs)]
        return self._lines

    # ---------------------------------------------------------------- styling
    @staticmethod
    def pen_for(key: int) -> QPen:
        """Bucket ``key``: level + LEVELS * negative; FADED (2 * LEVELS); NO_WEIGHTS (-1)."""
        return _pen(int(key))

    def set_weights(self, W: np.ndarray, scale: float) -> None:
        self.W = W
        self.scale = scale
        if self.G is None:
            self._key_from(W, scale)

    def set_gradient(self, G: np.ndarray | None, scale: float = 1.0) -> None:
        """Draw the edges by ``G`` = ∂L/∂w (colour by its sign, width by |G| / ``scale``,
        the largest in the network) instead of by the weights; None: by the weights."""
        self.G, self.g_scale = G, scale
        if G is not None:
            self._key_from(G, scale)
        elif self.W is not None:
            self._key_from(self.W, self.scale)
        else:
            self.key = None
            self._restyle()
        if self.hovered is not None:
            self.setToolTip(self.edge_text(self.hovered))

    def _key_from(self, values: np.ndarray, scale: float) -> None:
        w = np.ravel(values)
        level = np.abs(w) * ((LEVELS - 1) / scale) + 0.5
        np.minimum(level, LEVELS - 1, out=level)  # (inf: the widest)
        level[np.isnan(level)] = 0  # (nan: the thinnest)
        self.key = level.astype(np.int8) + np.int8(LEVELS) * (w < 0)
        self._restyle()

    def set_faded(self, rows: np.ndarray | None, cols: np.ndarray | None) -> None:
        """Fade the edges out of the sources marked in ``rows`` and into the targets
        marked in ``cols`` (None: none)."""
        if not (_same_mask(rows, self.faded_rows) and _same_mask(cols, self.faded_cols)):
            self.faded_rows, self.faded_cols = rows, cols
            self._restyle()

    def _restyle(self) -> None:
        n_in, n_out = self.shape_
        drawn = np.full(n_in * n_out, NO_WEIGHTS, np.int8) if self.key is None else self.key.copy()
        if self.faded_rows is not None:
            drawn.reshape(n_in, n_out)[self.faded_rows] = FADED
        if self.faded_cols is not None:
            drawn.reshape(n_in, n_out)[:, self.faded_cols] = FADED
        self.drawn = drawn
        if self.hovered is not None:
            self._show_highlight()

    def edge_key(self, k: int) -> int:
        """The style bucket edge ``k`` is drawn with (see :meth:`pen_for`)."""
        return int(self.drawn[k])

    def _show_highlight(self) -> None:
        k = self.hovered
        if k is None:
            self.highlight.hide()
            return
        pen = QPen(self.pen_for(self.edge_key(k)))
        pen.setColor(QColor(theme.now().hover))
        pen.setWidthF(pen.widthF() + 1.5)
        self.highlight.setPen(pen)
        self.highlight.setLine(self.lines[k])
        self.highlight.show()

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

    # hit tests only (painting never calls them): near an edge, not the whole box
    def contains(self, point: QPointF) -> bool:
        return self.edge_at(point) is not None

    def collidesWithPath(self, path: QPainterPath, mode=Qt.ItemSelectionMode.IntersectsItemShape):
        return self.edge_at(path.boundingRect().center()) is not None

    def edge_text(self, k: int) -> str:
        row, col = divmod(k, self.shape_[1])
        src, dst = self.labels
        w = "?" if self.W is None else f"{float(self.W[row, col]):.3f}"
        text = f"w = {w} ({src[row]} → {dst[col]})"
        if self.G is not None:
            return (text + "\n" + tr("∂L/∂w = {g} over the training points").format(
                g=f"{float(self.G[row, col]):.4g}")
                + "\n" + tr("click for the chain rule, with its numbers"))
        if self.rates is not None:
            text += "\n" + tr("its own step size now: {rate} per unit of gradient "
                              "(lr / (√(its Σg²) + ε))").format(
                rate=f"{float(self.rates[row, col]):.4g}")
        return text + "\n" + tr("click to type a new value")

    def hoverMoveEvent(self, event) -> None:
        k = self.edge_at(event.pos())
        if k != self.hovered:
            self.hovered = k
            self.setToolTip("" if k is None else self.edge_text(k))
            self._show_highlight()

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = None
        self.setToolTip("")
        self._show_highlight()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.edge_at(event.pos()) is not None:
            event.accept()
        else:
            event.ignore()

    def mouseReleaseEvent(self, event) -> None:
        k = self.edge_at(event.pos())
        if k is not None and self.on_click:
            self.on_click(self, k)
