"""The optimizer race view: racers stepping down a 2-D loss surface, one step a tick.

A row of controls (the surface, the two learning rates, Race / Pause and
Again), the surface (:class:`~ui.landscape.surface.SurfacePlot`) with its
minima (a star for a global one, a ring for a local one) and the start (a
cross; click the surface to start from elsewhere), each racer's path in its
colour, and under it one line per racer saying where it is.  The steps are
:class:`engine.race.Race`'s (the engine's optimizer classes); a tick costs a
few dozen microseconds, so the view steps on its own timer in the GUI thread.
"""

from __future__ import annotations

import math

from PySide6 import QtCore, QtWidgets

from engine import race as engine_race
from engine.errors import PlaygroundError
from ui.common.colors import RACER_COLORS
from ui.i18n import tr

from .surface import SurfacePlot

__all__ = ["RaceView"]

TICK_MS = 30  # ~33 ticks a second
PACES = (1, 2, 5, 20)  # steps per tick to choose from


def _rate_field(tip: str) -> QtWidgets.QLineEdit:
    edit = QtWidgets.QLineEdit()
    edit.setToolTip(tip)
    edit.setMaximumWidth(64)
    return edit


class RaceView(QtWidgets.QWidget):
    """Optimizers racing down a surface of :data:`engine.race.SURFACES`.

    Signals
    -------
    error(str)
        A value typed in a field cannot be used (the window shows it).
    """

    error = QtCore.Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.race: engine_race.Race | None = None
        self.lineup = "all"  # a name of engine.race.LINEUPS
        self.racers = engine_race.RACERS
        self.seed = 0
        self._start: tuple[float, float] | None = None  # clicked; None: the surface's

        self.surface_box = QtWidgets.QComboBox()
        for name, s in engine_race.SURFACES.items():
            self.surface_box.addItem(s.title, name)
            self.surface_box.setItemData(self.surface_box.count() - 1, s.formula,
                                         QtCore.Qt.ItemDataRole.ToolTipRole)
        self.surface_box.setToolTip("The loss surface the optimizers race on")
        self.surface_box.activated.connect(lambda _i: self.restart(new_surface=True))
        self.lr_edit = _rate_field("Learning rate of SGD, momentum and Nesterov")
        self.alr_edit = _rate_field(
            "Learning rate of Adagrad, RMSprop and Adam (their steps are about this long "
            "whatever the slope, so they want another value)")
        for edit in (self.lr_edit, self.alr_edit):
            edit.editingFinished.connect(self.restart)
        self.go = QtWidgets.QPushButton("Race")
        self.go.setCheckable(True)
        self.go.setToolTip("Start or pause the race")
        self.go.toggled.connect(self._on_go)
        self.again = QtWidgets.QPushButton("Again")
        self.again.setToolTip("Back to the start (click the surface to start elsewhere)")
        self.again.clicked.connect(lambda: self.restart(play=True))
        self.step_label = QtWidgets.QLabel()
        self.pace = QtWidgets.QComboBox()
        for n in PACES:
            self.pace.addItem(f"{n} step{'s' if n > 1 else ''} / tick", n)
        self.pace.setToolTip("How many steps each racer takes per tick (~33 ticks a second)")

        top = QtWidgets.QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 0)
        top.addWidget(self.surface_box, 1)
        top.addWidget(self.pace)
        form = QtWidgets.QHBoxLayout()
        form.setContentsMargins(4, 0, 4, 0)
        form.addWidget(QtWidgets.QLabel("lr"))
        form.addWidget(self.lr_edit)
        form.addWidget(QtWidgets.QLabel("adaptive lr"))
        form.addWidget(self.alr_edit)
        form.addStretch(1)
        form.addWidget(self.go)
        form.addWidget(self.again)

        self.surface = SurfacePlot()
        self.surface.setToolTip("Click to start the race from there")
        self.surface.clicked.connect(self._on_clicked)
        self.legend = QtWidgets.QLabel()
        self.legend.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setContentsMargins(4, 0, 4, 0)

        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        lay.addLayout(top)
        lay.addLayout(form)
        lay.addWidget(self.surface, 1)
        lay.addWidget(self.step_label)
        lay.addWidget(self.legend)

        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.set_setup("ravine", "all")

    # ------------------------------------------------------------------ setup
    def set_setup(self, surface: str, lineup: str | None = None,
                  seed: int | None = None) -> None:
        """Race on ``surface`` (a name of SURFACES) with the racers of ``lineup`` (a name
        of LINEUPS), from the surface's start; ``seed`` moves the noisy racers."""
        index = self.surface_box.findData(surface)
        if index < 0 or (lineup is not None and lineup not in engine_race.LINEUPS):
            raise PlaygroundError(f"unknown race setup {surface!r}, {lineup!r}")
        self.stop()
        self.surface_box.setCurrentIndex(index)
        if lineup is not None:
            self.lineup, self.racers = lineup, engine_race.LINEUPS[lineup]
        if seed is not None:
            self.seed = int(seed)
        self.restart(new_surface=True)

    def surface_name(self) -> str:
        return self.surface_box.currentData()

    def _rates(self, s: engine_race.Surface) -> tuple[float, float] | None:
        out = []
        for edit, name in ((self.lr_edit, "lr"), (self.alr_edit, "adaptive lr")):
            try:
                v = float(edit.text())
            except ValueError:
                self.error.emit(tr("Optimizer race: {name} must be a number, not {text}")
                                .format(name=tr(name), text=repr(edit.text())))
                return None
            if not (math.isfinite(v) and 0 < v <= 100):
                self.error.emit(tr("Optimizer race: {name} must be in (0, 100], not {value}")
                                .format(name=tr(name), value=f"{v:g}"))
                return None
            out.append(v)
        return out[0], out[1]

    def restart(self, new_surface: bool = False, play: bool | None = None) -> None:
        """Every racer back at the start (a new surface: its own start and rates)."""
        s = engine_race.SURFACES[self.surface_name()]
        if new_surface:
            self._start = None
            self.lr_edit.setText(f"{s.lr:g}")
            self.alr_edit.setText(f"{s.adaptive_lr:g}")
            self.surface.set_function(lambda rect, s=s: s.grid(160, rect), s.bounds)
        rates = self._rates(s)
        if rates is None:
            if self.race is not None:  # keep the race as it was, with its rates shown
                self.lr_edit.setText(f"{self.race.lr:g}")
                self.alr_edit.setText(f"{self.race.adaptive_lr:g}")
            return
        self.race = engine_race.Race(s, self.racers, *rates, start=self._start, seed=self.seed)
        self.surface.set_path_count(RACER_COLORS[k % len(RACER_COLORS)]
                                    for k in range(len(self.racers)))
        start = self.race.start
        self.surface.set_marks(
            [(m[0], m[1]) for m in s.minima] + [start],
            ["star" if m[2] == "global" else "o" for m in s.minima] + ["x"],
            [16 if m[2] == "global" else 13 for m in s.minima] + [12],
            [tr(f"{m[2]} minimum") for m in s.minima] + [tr("start")])
        self._draw()
        if play is not None:
            self.go.setChecked(play)

    def _on_clicked(self, x: float, y: float) -> None:
        self._start = (x, y)
        self.restart(play=True)

    # ------------------------------------------------------------------ steps
    def _on_go(self, on: bool) -> None:
        if on and self.race is not None and self.race.steps >= self.race.surface.steps:
            self.restart()  # over: a new race
        self.go.setText("Pause" if on else "Race")
        if on:
            self.timer.start()
        else:
            self.timer.stop()

    def tick(self) -> None:
        """One step of every racer, drawn."""
        race = self.race
        if race is None:
            return
        race.advance(min(self.pace.currentData(), race.surface.steps - race.steps))
        self._draw()
        if race.steps >= race.surface.steps:
            self.go.setChecked(False)

    def _draw(self) -> None:
        race = self.race
        for k in range(len(race.racers)):
            self.surface.set_path(k, race.path(k))
        self.step_label.setText(tr("step {n} of {total}").format(n=race.steps,
                                                                  total=race.surface.steps))
        rows = []
        for k, racer in enumerate(race.racers):
            color = RACER_COLORS[k % len(RACER_COLORS)]
            rows.append(f"<span style='color:{color}'>\u25a0</span> <b>{tr(racer.label)}</b>: "
                        f"{self.outcome(k)}")
        self.legend.setText("<br>".join(rows))

    def outcome(self, k: int) -> str:
        """Where racer ``k`` is, in the UI's language."""
        kind, m1, m2, f = self.race.result(k)
        if kind == "flew":
            return tr("flew off (the learning rate is too large for it)")
        if kind == "way":
            return tr("on its way, f = {f}").format(f=f"{f:.3g}")
        return tr(f"in the {kind} minimum at ({{x}}, {{y}}), f = {{f}}").format(
            x=f"{m1:.2f}", y=f"{m2:.2f}", f=f"{f:.3g}")

    def retranslate(self) -> None:
        """The UI's language changed: the legend, the step and the marks' tips follow."""
        if self.race is None:
            return
        if self.race.steps == 0:
            self.restart()  # (the marks' tips too)
        else:
            self._draw()

    def stop(self) -> None:
        if hasattr(self, "go"):
            self.go.setChecked(False)

    def apply_theme(self) -> None:
        self.surface.apply_theme()
