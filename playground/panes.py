"""The views a learner opens beside the data view: hidden space, loss landscape, race.

The hidden space and the loss landscape are fed by the frames (the worker
computes what they draw, off the GUI thread, only while they are open); the
optimizer race steps on its own timer.  Each has a checkable action in the View
menu; :class:`PaneTabs` shows the open ones as tabs beside the data view.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QTabBar, QTabWidget, QVBoxLayout, QWidget

from ui.dataview.hidden import HiddenSpacePlot
from ui.i18n import tr
from ui.landscape.race import RaceView
from ui.landscape.view import LandscapeView

from .menus import make_action
from .snapshot import Snapshot
from .views import LandscapeAsk, default_weights

__all__ = ["HiddenPane", "LandscapePane", "PaneTabs", "RacePane"]



def _titled(title: str, body: QWidget, stretch: int) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(0)
    label = QLabel(title)
    label.setWordWrap(True)
    label.setContentsMargins(6, 2, 6, 2)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    lay.addWidget(label)
    lay.addWidget(body, stretch)
    if not stretch:
        lay.addStretch(1)
    return box


class HiddenPane(QObject):
    """The hidden-space view: asks the worker for the hidden space while open."""

    name = "hidden"
    title = "Hidden space"
    toggled = Signal(bool)

    def __init__(self, request, parent: QObject | None = None):
        """``request(units or None)``: tell the worker what the frames must carry."""
        super().__init__(parent)
        self._request = request
        self.plot = HiddenSpacePlot()
        self.plot.setAccessibleName("Hidden space")
        # (the plot is as tall as keeps h1 and h2 at one scale: no stretch)
        self.widget = _titled("은닉 공간 · the data as the output neuron sees it: each "
                              "point at the outputs of the last hidden layer", self.plot, 0)
        self.plot.units_changed.connect(self._on_units)
        self.fit_height_changed = self.plot.fit_height_changed
        self.action = make_action(
            self, "&Hidden space", "Ctrl+Shift+H",
            "Show the data at the last hidden layer's outputs (h\u2081, h\u2082), with the "
            "output neuron's line: how the hidden layer makes XOR separable", checkable=True)
        self.action.toggled.connect(self.set_open)
        self._split = None  # the split whose colours the points have

    def is_open(self) -> bool:
        return self.action.isChecked()

    def fit_height(self) -> int:
        """The height at which the plot has h1 and h2 at one scale, with its title."""
        title = self.widget.layout().itemAt(0).widget()
        return title.sizeHint().height() + self.plot.fit_height()

    def set_open(self, on: bool) -> None:
        if self.action.isChecked() != on:
            self.action.setChecked(on)  # (comes back here through toggled)
            return
        self._request(self.plot.units() if on else None)
        self.toggled.emit(on)

    def retranslate(self) -> None:
        """The UI's language changed: the points' toggles are written again."""
        self._split = None

    def _on_units(self, units: tuple) -> None:
        if self.is_open():
            self._request(tuple(units))

    def draw(self, snap: Snapshot) -> bool:
        """Draw the frame's hidden space; False when the frame carries nothing new."""
        plot = self.plot
        if snap.hidden is None:
            if snap.hidden_why is None:
                return False  # a frame taken before the worker heard the view opened
            if plot.note.text() != tr("No hidden space to show: {why}.").format(
                    why=tr(snap.hidden_why)):
                plot.explain(snap.hidden_why)
                return True
            return False
        split = snap.split
        if split is not self._split:
            plot.set_data(split, split.train.task, split.train.n_classes)
            self._split = split
        plot.show_space(snap.hidden, snap.hidden_map)
        return True

    def paint_now(self) -> None:
        self.plot.paint_now()

    def apply_theme(self) -> None:
        self.plot.apply_theme()


class LandscapePane(QObject):
    """The loss landscape of the network: asks the worker for it while open."""

    name = "landscape"
    title = "Loss landscape"
    toggled = Signal(bool)

    def __init__(self, request, parent: QObject | None = None):
        """``request(LandscapeAsk or None)``: tell the worker what the frames carry."""
        super().__init__(parent)
        self._request = request
        self.view = LandscapeView()
        self.view.setAccessibleName("Loss landscape")
        self.widget = _titled("손실 지형 · the training loss around the weights now",
                              self.view, 1)
        self.action = make_action(
            self, "&Loss landscape", "Ctrl+Shift+L",
            "Show the training loss on a plane through the network's weights, and the way "
            "the optimizer came down it", checkable=True)
        self.action.toggled.connect(self.set_open)
        self.view.plane_changed.connect(self._on_plane)

    def is_open(self) -> bool:
        return self.action.isChecked()

    def ask(self) -> LandscapeAsk:
        return LandscapeAsk(self.view.kind(), self.view.weights(), self.view.seed)

    def set_open(self, on: bool) -> None:
        if self.action.isChecked() != on:
            self.action.setChecked(on)
            return
        self._request(self.ask() if on else None)
        self.toggled.emit(on)

    def _on_plane(self, kind: str, weights, seed: int) -> None:
        if self.is_open():
            self._request(LandscapeAsk(kind, weights, seed))

    def draw(self, snap: Snapshot) -> bool:
        if snap.spec != self.view.spec:
            self.view.set_spec(snap.spec, default_weights(snap.spec))
        land = snap.landscape
        if land is None or land is self.view.landscape:
            return False
        self.view.show_landscape(land)
        return True

    def paint_now(self) -> None:
        self.view.surface.paint_now()

    def apply_theme(self) -> None:
        self.view.apply_theme()


class RacePane(QObject):
    """The optimizer race (engine.race): steps on its own timer, not on the frames."""

    name = "race"
    title = "Optimizer race"
    toggled = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.view = RaceView()
        self.view.setAccessibleName("Optimizer race")
        self.widget = _titled("옵티마이저 경주 · one start, each optimizer's own steps",
                              self.view, 1)
        self.action = make_action(
            self, "Optimizer &race", "Ctrl+Shift+R",
            "Race SGD, momentum, Nesterov, Adagrad, RMSprop and Adam down a loss surface "
            "with local and global minima", checkable=True)
        self.action.toggled.connect(self.set_open)

    def is_open(self) -> bool:
        return self.action.isChecked()

    def set_open(self, on: bool) -> None:
        if self.action.isChecked() != on:
            self.action.setChecked(on)
            return
        if not on:
            self.view.stop()
        self.toggled.emit(on)

    def setup(self) -> tuple[str, str]:
        """(surface, lineup) of the race shown (saved with a project)."""
        return self.view.surface_name(), self.view.lineup

    def draw(self, snap: Snapshot) -> bool:
        return False  # the race is not the network's: it has its own timer

    def paint_now(self) -> None:
        pass

    def apply_theme(self) -> None:
        self.view.apply_theme()


class PaneTabs(QTabWidget):
    """The data view and the open panes as tabs in the right-hand column: a pane opens
    as a tab beside "Data" (and is shown), its × or its View action shuts it; with no
    pane open there is no tab bar and the data view looks as it always did.  (As tabs,
    not as a column of their own, the window still fits a 1024-pixel projector.)"""

    def __init__(self, data_view: QWidget, panes):
        super().__init__()
        self.setDocumentMode(True)
        self.setTabBarAutoHide(True)
        self.setAccessibleName("Data and views")
        self.tabBar().setAccessibleName("Views: data, hidden space, loss landscape, race")
        self.setTabsClosable(True)
        self.addTab(data_view, "Data")
        self.setTabToolTip(0, "The data and the network's decision boundary")
        self.tabBar().setTabButton(0, QTabBar.ButtonPosition.RightSide, None)
        self.tabBar().setTabButton(0, QTabBar.ButtonPosition.LeftSide, None)
        self.panes = list(panes)
        for pane in self.panes:
            pane.toggled.connect(lambda on, p=pane: self._on_toggled(p, on))
        self.tabCloseRequested.connect(self._on_close)

    def _on_toggled(self, pane, on: bool) -> None:
        index = self.indexOf(pane.widget)
        if on and index < 0:
            index = self.addTab(pane.widget, tr(pane.title))
            self.setTabToolTip(index, tr(pane.action.toolTip()))
            close = self.tabBar().tabButton(index, QTabBar.ButtonPosition.RightSide)
            if close is not None:
                close.setToolTip(tr("Close Tab") + f" ({tr(pane.title)})")
            self.setCurrentIndex(index)
        elif not on and index >= 0:
            self.removeTab(index)

    def _on_close(self, index: int) -> None:
        widget = self.widget(index)
        for pane in self.panes:
            if pane.widget is widget:
                pane.set_open(False)

    def open_only(self, names) -> None:
        """Open the panes named in ``names`` (a project's), close the others; the first
        one opened is the tab shown."""
        for pane in self.panes:
            pane.set_open(pane.name in names)
        first = next((p for p in self.panes if p.name in names), None)
        self.setCurrentWidget(first.widget if first is not None else self.widget(0))
