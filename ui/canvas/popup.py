"""The enlarged map of the hovered neuron, floating over the network canvas."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from ui.common import theme
from ui.common.colors import VEIL

from .items import Node
from .paint import tile_image

__all__ = ["MapPopup"]


class MapPopup(QFrame):
    """The enlarged map of the hovered neuron, floating over the view (mouse-transparent)."""

    SIZE = 160

    def __init__(self, parent):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFrameShape(QFrame.Shape.Box)
        self.apply_theme()
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

    def apply_theme(self) -> None:
        t = theme.now()
        self.setStyleSheet(
            f"MapPopup {{ background: {t.popup}; border: 1px solid {t.popup_border}; "
            f"border-radius: 3px; }} QLabel {{ color: {t.text}; }}")

    def show_node(self, node: Node, caption: str, tile: np.ndarray | None) -> None:
        self.node = node
        self.caption.setText(caption)
        self.refresh(tile)
        self.adjustSize()
        self.show()
        self.raise_()

    def refresh(self, tile: np.ndarray | None) -> None:
        """Redraw the picture from ``tile``, the node's map at full resolution (ARGB, h x w)."""
        node = self.node
        if node is None:
            return
        if tile is None or not node.enabled:
            self.picture.hide()
            return
        pm = QPixmap(self.SIZE, self.SIZE)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawImage(QRectF(0, 0, self.SIZE, self.SIZE), tile_image(tile))
        if node.dropped_text:
            p.fillRect(QRectF(0, 0, self.SIZE, self.SIZE), QBrush(QColor(*VEIL, 120)))
        p.end()
        self.picture.setPixmap(pm)
        self.picture.show()

    def hide_node(self) -> None:
        self.node = None
        self.hide()
