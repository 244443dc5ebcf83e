"""All edges between two columns of the network canvas, as one graphics item.

An :class:`EdgeBundle` draws its edges with a few ``drawLines`` calls (edges
bucketed by sign and magnitude) and finds the edge under the mouse with
vectorised point-to-segment distances, so 10 x 32 neurons (about 10,000
edges) stay cheap at 60 updates per second.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from .colors import NEGATIVE, POSITIVE

__all__ = ["LEVELS", "EdgeBundle"]

LEVELS = 12  # edge widths/alphas are bucketed so one drawLines call draws many edges


def _on_white(color: str, alpha: float) -> QColor:
    """``color`` at opacity ``alpha`` over white, as an opaque colour.

    Opaque antialiased lines are about 7x faster to draw than translucent ones.
    """
    c = QColor(color)
    mix = [round(255 + alpha * (v - 255)) for v in (c.red(), c.green(), c.blue())]
    return QColor(*mix)


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
