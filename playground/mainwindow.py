"""The main window: assembles the ui/ widgets around the session and the worker.

The GUI thread never trains.  It sends commands to the :class:`TrainingWorker`
through queued signals, keeps only the latest :class:`Snapshot` the worker
publishes, and draws it on its own timer (every 10 ms it looks for a new one).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

import engine
from engine.edit import fit_to_task
from ui.boundary_plot import BoundaryPlot
from ui.canvas import NetworkCanvas
from ui.controls import ControlsPanel
from ui.curves import CurvesPlot

from .frames import FrameDrawing
from .menus import build_menus
from .session import Session
from .toolbar import TrainingToolbar
from .worker import Snapshot, TrainingWorker

CHANGED_NOTE = "#4a5568"  # the lesson text's note that the learner changed its setup
CURVES_SHARE_MIN = 0.32  # the curves keep at least this much of the right panel's height


class MainWindow(FrameDrawing, QMainWindow):
    # commands to the worker (queued across threads)
    cmd_play = Signal()
    cmd_pause = Signal()
    cmd_step = Signal()
    cmd_step_epoch = Signal()
    cmd_reset = Signal()
    cmd_load = Signal(object)
    cmd_apply_spec = Signal(object, object)
    cmd_apply_config = Signal(object)
    cmd_apply_data = Signal(object, object, object)  # data, network, training: together
    cmd_set_speed = Signal(int)
    cmd_set_weight = Signal(int, int, int, float)
    cmd_stop = Signal()
    frame_drawn = Signal(object)  # the snapshot just drawn (tests and --stats listen)

    def __init__(self, project: engine.Project, path: str | None = None):
        super().__init__()
        self.session = Session(project, path)
        self.confirm_close = True
        self._latest: Snapshot | None = None
        self._drawn: Snapshot | None = None
        self._drawn_spec = None
        self._drawn_split = None
        self._drawn_epoch = -1
        self._drawn_generation = -1
        self._shown_reason = None
        self.frames = 0
        self._drawn_history = None
        self._staging = False  # a frame is being drawn, one view per event-loop pass
        self._curves_at = 0.0
        self._curves_plots = None  # (lr plot shown, accuracy plot hidden) when last drawn
        self._status_at = 0.0
        self.first_frame_at: float | None = None
        self._build_widgets()
        self.menus = build_menus(self)
        self.toolbar.set_speed(project.speed)
        self._show_project(project)
        self._reveal_controls(project)
        self._start_worker(project)
        # The frame timer: armed when a snapshot arrives, it draws the newest one in
        # the next pass of the event loop (no polling: every wake-up of the GUI
        # thread takes the GIL from training).
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_frame)
        # The next view of a frame: a real timer, so that input and other timers that
        # are due go first (QTimer.singleShot(0) would post it ahead of them).
        self._stage_timer = QTimer(self)
        self._stage_timer.setSingleShot(True)
        self._stage_timer.timeout.connect(self._next_stage)
        self._next: tuple | None = None  # (snapshot, stage) the stage timer draws
        self._closing = False

    # ------------------------------------------------------------------ layout
    def _build_widgets(self) -> None:
        self.toolbar = TrainingToolbar(self)
        self.addToolBar(self.toolbar)
        self.controls = ControlsPanel()
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(300)
        scroll.setMaximumWidth(380)
        self.controls_scroll = scroll
        self.canvas = NetworkCanvas()
        self.boundary = BoundaryPlot()
        self.curves = CurvesPlot()

        self.lesson = QLabel()
        self._lesson_text = ""
        self._lesson_projects: dict[str, engine.Project] = {}  # preset name -> as it opens
        self.lesson.setWordWrap(True)
        self.lesson.setTextFormat(Qt.TextFormat.RichText)
        self.lesson.setStyleSheet("QLabel { padding: 6px 8px; background: #f4f6fa; "
                                  "border-radius: 4px; color: #222; }")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        center = QWidget()
        cl = QVBoxLayout(center)
        cl.setContentsMargins(4, 4, 4, 4)
        cl.addWidget(self.lesson)
        cl.addWidget(self.banner)
        cl.addWidget(self.canvas, 1)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.boundary)
        right.addWidget(self.curves)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        self.right_panel = right
        # The data view is as tall as keeps x1 and x2 at one scale; the curves get the rest.
        self.boundary.fit_height_changed.connect(self._fit_right_panel)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(center)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        split.setSizes([320, 640, 460])
        self.setCentralWidget(split)

        self.status = QLabel()
        # plain text: a selectable or rich-text label lays out a whole text document
        # for each new text (about 4 ms a paint here, every frame)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        # new text every frame must not re-lay out (and so repaint) the whole window
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.status.setMinimumHeight(self.status.sizeHint().height())
        self.statusBar().addWidget(self.status, 1)

        tb = self.toolbar
        tb.play_toggled.connect(self._on_play_toggled)
        tb.step_requested.connect(self.cmd_step)
        tb.step_epoch_requested.connect(self.cmd_step_epoch)
        tb.reset_requested.connect(self._on_reset)
        tb.speed_changed.connect(self.cmd_set_speed)
        self.canvas.spec_edited.connect(self._on_spec_edited)
        self.canvas.weight_edited.connect(self.cmd_set_weight)
        self.canvas.error.connect(self.show_error)
        self.controls.config_changed.connect(self._on_config_changed)
        self.controls.data_changed.connect(self._on_data_changed)
        self.controls.regenerate_requested.connect(self._on_regenerate)
        self.controls.error.connect(self.show_error)

    def _fit_right_panel(self, *_args) -> None:
        """Give the data view the height at which its x1 and x2 share one scale (the
        width decides it), while the curves keep at least a third of the panel."""
        right = self.right_panel
        sizes = right.sizes()
        total = sum(sizes)
        if total <= 0 or len(sizes) != 2:
            return
        curves_min = max(self.curves.minimumSizeHint().height(), int(CURVES_SHARE_MIN * total))
        top = max(0, min(self.boundary.fit_height(), total - curves_min))
        if sizes[0] != top:
            right.setSizes([top, total - top])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_right_panel)  # once the panels have their size

    def _start_worker(self, project: engine.Project) -> None:
        self.thread_ = QThread(self)
        self.thread_.setObjectName("training-worker")
        self.worker = TrainingWorker(project)
        self.worker.moveToThread(self.thread_)
        self.thread_.started.connect(self.worker.start)
        self.worker.finished.connect(self.thread_.quit, Qt.ConnectionType.DirectConnection)
        self.worker.snapshot.connect(self._on_snapshot)
        self.worker.error.connect(self.show_error)
        for sig, slot in (
            (self.cmd_play, self.worker.play),
            (self.cmd_pause, self.worker.pause),
            (self.cmd_step, self.worker.step),
            (self.cmd_step_epoch, self.worker.step_epoch),
            (self.cmd_reset, self.worker.reset),
            (self.cmd_load, self.worker.load),
            (self.cmd_apply_spec, self.worker.apply_spec),
            (self.cmd_apply_config, self.worker.apply_config),
            (self.cmd_apply_data, self.worker.apply_data),
            (self.cmd_set_speed, self.worker.set_speed),
            (self.cmd_set_weight, self.worker.set_weight),
            (self.cmd_stop, self.worker.stop),
        ):
            sig.connect(slot, Qt.ConnectionType.QueuedConnection)
        self.cmd_set_speed.emit(self.toolbar.speed_value())
        self.thread_.start()

    # ------------------------------------------------------------------ project
    def _show_project(self, project: engine.Project) -> None:
        """Fill the editors from the accepted project (no echo back)."""
        split = self.session.split()
        self.controls.set_project(project.data, project.training, split.train.task,
                                  len(split.train))
        self._show_spec(project.network)
        title = project.title or "Project"
        preset = self._preset_of(project)
        ko = preset.title_ko if preset is not None else ""
        text = f"<b>{title}</b>" + (f" · {ko}" if ko else "")
        if project.description:
            text += f"<br>{project.description}"
        self._lesson_text = text
        self.lesson.setVisible(bool(project.title or project.description))
        self._update_title()

    @staticmethod
    def _preset_of(project: engine.Project):
        """The lesson whose title ``project`` has (a lesson, or work saved from one)."""
        for p in engine.presets.PRESETS.values():
            if p.title == project.title:
                return p
        return None

    def lesson_changed(self) -> bool:
        """Whether the network, training or data differ from the lesson's own (the
        lesson text may then describe something no longer on screen)."""
        project = self.session.project
        preset = self._preset_of(project)
        if preset is None:
            return False
        if preset.name not in self._lesson_projects:
            self._lesson_projects[preset.name] = engine.presets.load(preset.name)
        lesson = self._lesson_projects[preset.name]
        return (project.network, project.training, project.data) != (
            lesson.network, lesson.training, lesson.data)

    def _sync_lesson_text(self) -> None:
        text = self._lesson_text
        if self.lesson_changed():  # (the project has the lesson's title)
            text += (f"<br><span style='color:{CHANGED_NOTE}'><i>You changed this lesson's "
                     f"setup; Lessons ▸ {self.session.project.title} opens it as it "
                     f"was.</i></span>")
        if text != self.lesson.text():
            self.lesson.setText(text)

    def _update_title(self) -> None:
        self._sync_lesson_text()
        mark = "*" if self.session.edited else ""
        self.setWindowTitle(f"{self.session.title}{mark} — Neural-network playground")
        if hasattr(self, "menus"):
            self.menus.undo.setEnabled(self.session.can_undo())
            self.menus.redo.setEnabled(self.session.can_redo())

    def _propose(self, project: engine.Project) -> bool:
        try:
            self.session.propose(project)
        except engine.PlaygroundError as e:
            self.show_error(str(e))
            self._show_project(self.session.project)
            return False
        self.hide_banner()
        self._update_title()
        return True

    def load_project(self, project: engine.Project, path: str | None = None) -> bool:
        """Open a lesson or a file: replaces the session (after the worker accepts it)."""
        try:
            self.session.load(project, path)
        except engine.PlaygroundError as e:
            self.show_error(str(e))
            return False
        self._shown_reason = None
        self.hide_banner()
        self._drawn_history = None  # another lesson: nothing to compare with
        self.curves.set_reference(None)
        self.toolbar.set_running(False)
        self.toolbar.set_speed(project.speed)
        self._show_project(project)
        self.cmd_load.emit(project)
        self._reveal_controls(project)
        return True

    def _reveal_controls(self, project: engine.Project) -> None:
        """Scroll the controls to what the project is about (early stopping sits low)."""
        box = self.controls.training.early_stopping_box
        target = box if project.training.early_stopping else self.controls.data_controls
        # after the layout has settled on the new contents
        QTimer.singleShot(0, self, lambda: self.controls_scroll.ensureWidgetVisible(target, 0, 0))

    # ------------------------------------------------------------------ edits
    def _on_spec_edited(self, spec, layer_map) -> None:
        if self._propose(self.session.project.replace(network=spec)):
            self._show_spec(spec)
            self.cmd_apply_spec.emit(spec, layer_map)
        else:
            self.canvas.set_spec(self.session.project.network)

    def _on_config_changed(self, config) -> None:
        if self._propose(self.session.project.replace(training=config)):
            self.cmd_apply_config.emit(config)

    def _on_data_changed(self, data) -> None:
        project = self.session.project
        try:
            dataset = data.dataset()
            spec, config = fit_to_task(project.network, project.training, dataset)
        except engine.PlaygroundError as e:
            self.show_error(str(e))
            self._show_project(project)
            return
        if self._propose(project.replace(data=data, network=spec, training=config)):
            self._show_project(self.session.project)
            # one command: the new data's task may need another output layer and loss,
            # and neither fits the other's old half (xor -> multiclass: softmax + cce)
            self.cmd_apply_data.emit(data, spec, config)

    def _on_regenerate(self) -> None:
        d = self.session.project.data
        if d.points is not None:
            self.show_error("imported points cannot be regenerated; pick a generated data set")
            return
        self._on_data_changed(engine.DataSettings(d.name, d.n, d.noise, d.seed + 1, d.ratios))

    def undo(self) -> None:
        self._restore(self.session.undo())

    def redo(self) -> None:
        self._restore(self.session.redo())

    def _restore(self, project) -> None:
        if project is None:
            return
        self._show_project(project)
        self.cmd_apply_data.emit(project.data, project.network, project.training)

    # ------------------------------------------------------------------ training
    def _on_play_toggled(self, on: bool) -> None:
        if on and self._latest is not None and self._latest.done:
            self.toolbar.set_running(False)
            self.show_banner(f"Training has finished: {self._latest.stop_reason}. "
                             f"Press Reset (R) to start again, or raise the epoch limit.",
                             "info")
            return
        (self.cmd_play if on else self.cmd_pause).emit()

    def _on_reset(self) -> None:
        self._shown_reason = None
        self.hide_banner()
        self.cmd_reset.emit()

    # ------------------------------------------------------------------ messages
    def show_error(self, message: str) -> None:
        self.show_banner(message, "error")

    def show_banner(self, message: str, level: str = "info") -> None:
        colors = {"info": ("#e8f1fb", "#174a7c"), "warning": ("#fff4e0", "#8a4b00"),
                  "error": ("#fdecea", "#8a1c12")}
        bg, fg = colors.get(level, colors["info"])
        self.banner.setStyleSheet(f"QLabel {{ background: {bg}; color: {fg}; padding: 6px 8px; "
                                  f"border-radius: 4px; }}")
        self.banner.setText(message)
        self.banner.show()  # not repeated in the status bar: that would hide its figures

    def hide_banner(self) -> None:
        self.banner.hide()

    # ------------------------------------------------------------------ files
    def open_file(self, path: str | None = None) -> None:
        if path is None:
            if not self.may_discard("opening another project"):
                return
            path, _ = QFileDialog.getOpenFileName(self, "Open project", "",
                                                  "Playground projects (*.json)")
            if not path:
                return
        try:
            project = engine.project.load(path)
        except engine.PlaygroundError as e:
            self.show_error(str(e))
            return
        self.load_project(project, path)

    def save(self, path: str | None = None) -> bool:
        if path is None and self.session.path is None:
            return self.save_as()
        weights = self._weights_of(self.session.project.network)
        try:
            target = self.session.save(weights, path)
        except engine.PlaygroundError as e:
            self.show_error(str(e))
            return False
        self._update_title()
        if weights is None:
            self.show_banner(f"Saved {target} without weights: the network was still being "
                             f"rebuilt. Opened again, it starts from fresh weights.", "warning")
        else:
            self.statusBar().showMessage(f"Saved {target}", 5000)
        return True

    def _weights_of(self, network: engine.NetworkSpec, wait_s: float = 2.0):
        """The newest weights of ``network``. An edit reaches the worker a moment after
        the session: wait (at most ``wait_s``) for its snapshot of this network, so a
        file never pairs the new network with the old weights. None if it never came."""
        deadline = time.perf_counter() + wait_s
        while True:
            snap = self._latest
            if snap is not None and snap.spec == network:
                return snap.weights
            if time.perf_counter() > deadline:
                return None
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 20)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, "Save project", self.session.title,
                                              "Playground projects (*.json)")
        return self.save(path) if path else False

    def import_csv(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import data", "",
                                                  "CSV files (*.csv);;All files (*)")
            if not path:
                return
        try:
            points = engine.csvio.load_csv(path)
        except engine.PlaygroundError as e:
            self.show_error(str(e))
            return
        d = self.session.project.data
        self._on_data_changed(engine.DataSettings("csv", None, 0.0, d.seed, d.ratios, points))

    # ------------------------------------------------------------------ closing
    def may_discard(self, action: str = "closing") -> bool:
        """Ask before unsaved edits are lost; False to cancel."""
        if not (self.confirm_close and self.session.edited):
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes", f"Save your changes before {action}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        return answer != QMessageBox.StandardButton.Save or self.save()

    def closeEvent(self, event) -> None:
        if not self.may_discard("closing"):
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Stop the worker thread; True once it has ended."""
        self._closing = True  # no more frames
        self._timer.stop()
        self._stage_timer.stop()
        if self.thread_.isRunning():
            self.cmd_stop.emit()  # the worker stops its loop, then quits its thread
            if not self.thread_.wait(timeout_ms):
                self.thread_.quit()
                return self.thread_.wait(timeout_ms)
        return True
