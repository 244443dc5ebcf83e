"""The canvas by keyboard: a cursor over the inputs and neurons, and keys for every edit.

Tab gives the canvas the focus; a highlighted square is the cursor, and its
caption and map show as on hover.

=====================  =====================================================
Arrows, Home, End      move between inputs, neurons and layers
Enter                  an input: switch it on or off; a neuron: its layer's
                       menu (activation, dropout)
Menu, Shift+F10        the layer's menu
\\+ / −                 one neuron more / less in the cursor's hidden layer
L, Insert              a new hidden layer after the cursor's column
Delete, Backspace      remove the cursor's hidden layer
W                      type a weight into the cursor's neuron (pick its source)
Esc                    hide the caption
=====================  =====================================================

Every edit goes to the canvas's editor, as a click would; the cursor keeps its
place (layer and neuron) when the canvas is rebuilt for the new network.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsRectItem, QInputDialog
from shiboken6 import isValid

from engine import features

from .items import Node

__all__ = ["KEYS_HELP", "KeyboardCursor"]

KEYS_HELP = ("Canvas (Tab to it): arrows move, Enter toggles an input or opens a layer's "
             "menu, + / − add or remove a neuron, L adds a layer, Delete removes one, "
             "W types a weight")
CURSOR_Z = 50


class KeyboardCursor(QObject):
    """The keyboard cursor of a :class:`~ui.canvas.network_canvas.NetworkCanvas`."""

    def __init__(self, canvas):
        super().__init__(canvas)
        self.canvas = canvas
        self.column = 1  # 0: the inputs; c >= 1: spec.layers[c - 1]
        self.row = 0
        self._mark: QGraphicsRectItem | None = None
        self.active = False  # the keyboard is in use here (Tab, a shortcut, a key): drawn
        view = canvas.view
        view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        view.setAccessibleName("Network")
        view.setAccessibleDescription(KEYS_HELP)
        view.installEventFilter(self)

    # ------------------------------------------------------------------ where
    def columns(self) -> list[list[Node]]:
        """The nodes column by column: the inputs (all features), then each layer's."""
        spec = self.canvas.spec()
        if spec is None:
            return []
        inputs = self.canvas.input_items()
        first = [inputs[name] for name in features.NAMES if name in inputs]
        return [first] + [self.canvas.node_items(i) for i in range(len(spec.layers))]

    def current(self) -> Node | None:
        cols = self.columns()
        if not cols:
            return None
        self.column = min(max(self.column, 0), len(cols) - 1)
        self.row = min(max(self.row, 0), len(cols[self.column]) - 1)
        return cols[self.column][self.row] if cols[self.column] else None

    def move_to(self, column: int, row: int) -> Node | None:
        self.column, self.row = column, row
        node = self.current()
        self.refresh()
        return node

    # ------------------------------------------------------------------ drawing
    def refresh(self) -> None:
        """Draw the cursor where it is (after a move, a rebuild, a focus change)."""
        node = self.current()
        view = self.canvas.view
        shown = node is not None and self.active and view.hasFocus()
        if self._mark is not None and not isValid(self._mark):  # the scene was cleared
            self._mark = None
        if self._mark is None:
            if not shown:
                return
            self._mark = QGraphicsRectItem()
            self._mark.setZValue(CURSOR_Z)
            self._mark.setBrush(Qt.BrushStyle.NoBrush)
            self.canvas.scene.addItem(self._mark)
        if not shown:
            self._mark.hide()
            return
        color = view.palette().color(view.palette().ColorRole.Highlight)
        pen = QPen(color, max(2.5, node.size / 8))
        pen.setCosmetic(False)
        self._mark.setPen(pen)
        pad = node.size * 0.12
        self._mark.setRect(node.sceneBoundingRect().adjusted(-pad, -pad, pad, pad))
        self._mark.show()
        view.setAccessibleDescription(node.description().replace("\n", "; "))
        self.canvas.show_node_popup(node)

    # ------------------------------------------------------------------ keys
    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            # by keyboard: show the cursor; by a click or the window opening: not yet
            self.active = event.reason() in (Qt.FocusReason.TabFocusReason,
                                             Qt.FocusReason.BacktabFocusReason,
                                             Qt.FocusReason.ShortcutFocusReason)
            self.refresh()
            return False
        if kind == QEvent.Type.FocusOut:
            if self.active and self.canvas.popup.node is self.current():
                self.canvas.popup.hide_node()
            self.active = False
            self.refresh()
            return False
        if kind == QEvent.Type.ShortcutOverride and self._handles(event):
            event.accept()  # the canvas's key, not a window shortcut's
            return True
        if kind == QEvent.Type.KeyPress and self._handles(event):
            if not self.active:  # (focused by a click) the first key shows the cursor,
                self.active = True  # so that no edit lands where the learner cannot see
                self.refresh()
                return True
            self._on_key(event)
            return True
        return False

    def _handles(self, event) -> bool:
        mods = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                     | Qt.KeyboardModifier.ShiftModifier)
        if mods:
            return False  # Ctrl+..., Alt+...: the window's
        k = Qt.Key
        return event.key() in (k.Key_Left, k.Key_Right, k.Key_Up, k.Key_Down, k.Key_Home,
                               k.Key_End, k.Key_Return, k.Key_Enter, k.Key_Menu, k.Key_F10,
                               k.Key_Plus, k.Key_Equal, k.Key_Minus, k.Key_L, k.Key_Insert,
                               k.Key_Delete, k.Key_Backspace, k.Key_W, k.Key_Escape) and (
            event.key() != k.Key_F10 or event.modifiers() & Qt.KeyboardModifier.ShiftModifier)

    def _on_key(self, event) -> None:
        k = Qt.Key
        key = event.key()
        cols = self.columns()
        node = self.current()
        if not cols or node is None:
            return
        if key in (k.Key_Up, k.Key_Down):
            self.move_to(self.column, self.row + (1 if key == k.Key_Down else -1))
        elif key in (k.Key_Left, k.Key_Right, k.Key_Home, k.Key_End):
            target = {k.Key_Left: self.column - 1, k.Key_Right: self.column + 1,
                      k.Key_Home: 0, k.Key_End: len(cols) - 1}[key]
            target = min(max(target, 0), len(cols) - 1)
            # keep the relative height in the column
            share = self.row / max(1, len(cols[self.column]) - 1)
            self.move_to(target, round(share * max(0, len(cols[target]) - 1)))
        elif key == k.Key_Escape:
            self.canvas.popup.hide_node()
        else:
            self._edit(key, node)

    def _edit(self, key, node: Node) -> None:
        k = Qt.Key
        editor = self.canvas.editor
        spec = self.canvas.spec()
        layer = self.column - 1  # -1: the inputs
        hidden = 0 <= layer < len(spec.hidden)
        if key in (k.Key_Return, k.Key_Enter):
            if layer < 0:
                editor.toggle_input(node.key)
            else:
                self.open_menu(node)
        elif key in (k.Key_Menu, k.Key_F10):
            if layer >= 0:
                self.open_menu(node)
        elif key in (k.Key_Plus, k.Key_Equal, k.Key_Minus):
            if not hidden:
                editor.error.emit("move to a hidden layer to add or remove its neurons "
                                  "(the inputs and the output are set by the data)")
            elif key == k.Key_Minus:
                editor.remove_unit(layer)
            else:
                editor.add_unit(layer)
        elif key in (k.Key_L, k.Key_Insert):
            index = min(max(layer + 1, 0), len(spec.hidden))
            if editor.insert_layer(index):
                self.column, self.row = index + 1, 0  # onto the new layer
        elif key in (k.Key_Delete, k.Key_Backspace):
            if hidden:
                editor.remove_layer(layer)
            else:
                editor.error.emit("move to a hidden layer to remove it")
        elif key == k.Key_W and layer >= 0:
            self.edit_weight(node)

    def open_menu(self, node: Node) -> None:
        view = self.canvas.view
        corner = view.mapFromScene(node.sceneBoundingRect().bottomLeft())
        self.canvas.open_layer_menu(node.layer, view.viewport().mapToGlobal(QPoint(corner)))

    def edit_weight(self, node: Node) -> None:
        """Pick one of the neuron's incoming edges, then type its weight."""
        bundle = self.canvas.edge_bundle(node.layer)
        sources = bundle.labels[0]
        W = bundle.W
        items = [f"{src} → {bundle.labels[1][node.unit]}"
                 + (f"   ({float(W[i, node.unit]):.3f})" if W is not None else "")
                 for i, src in enumerate(sources)]
        choice, ok = QInputDialog.getItem(self.canvas, "Edit weight",
                                          "Which weight into this neuron?", items, 0, False)
        if ok and choice in items:
            self.canvas.editor.edit_weight(node.layer, items.index(choice), node.unit)
