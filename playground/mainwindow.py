"""The main window: assembles the ui/ widgets around the document and the worker.

The GUI thread never trains.  Edits go to the :class:`~playground.document.Document`
(one place, undoable); each accepted change goes to the worker through the
:class:`~playground.link.WorkerLink` as one ``apply(change)``; the worker's
snapshots are drawn by the :class:`~playground.presenter.FramePresenter`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGraphicsView,
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
from engine.config import MAX_EPOCHS
from engine.edit import adapt_to_data, fit_training_to_network
from ui.canvas.network_canvas import NetworkCanvas
from ui.common import theme
from ui.controls.fields import restyle
from ui.controls.panel import ControlsPanel
from ui.curves.plot import CurvesPlot
from ui.dataview.plot import BoundaryPlot
from ui.i18n import language, tr, tr_message, tr_reason, translate_tree

from .comparison import Comparisons
from .document import Change, Document, identity_map
from .exchange import Exchange
from .explainer import Explainer
from .link import WorkerLink
from .menus import build_menus
from .panes import HiddenPane, LandscapePane, PaneTabs, RacePane
from .presenter import FramePresenter, Views
from .recovery import AUTOSAVE_S, Recovered, RecoveryBar, RecoveryStore
from .toolbar import FocusedWidgetFirst, TrainingToolbar

CURVES_SHARE_MIN = 0.32  # the curves keep at least this much of the right panel's height
SAVE_WAIT_S = 2.0  # longest wait for the worker's weights when saving right after an edit
ZOOMS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)  # View ▸ Zoom: text size steps
CONTROLS_MIN_W, CONTROLS_MAX_W = 290, 380  # the settings panel's width at zoom 1
_BASE_FONT_PT: list[float] = []  # the application font's size before any zoom


def _saved_zoom() -> float:
    """The zoom of the last session; 1 if none, or if what is stored is not a zoom."""
    try:
        zoom = float(QSettings().value("view/zoom", 1.0))
    except (TypeError, ValueError):
        return 1.0
    return zoom if ZOOMS[0] <= zoom <= ZOOMS[-1] else 1.0


class MainWindow(QMainWindow):
    frame_drawn = Signal(object)  # the snapshot just drawn (tests and --stats listen)

    def __init__(self, project: engine.Project, path: str | None = None, jit: bool = True,
                 recovery: RecoveryStore | None = None, theme_choice: str = "system"):
        super().__init__()
        self.theme_choice = theme_choice
        self._banner_level = "info"
        self._use_theme(theme_choice)
        self.document = Document(project, path, self)
        self.confirm_close = True
        self.recovery = recovery  # where unsaved work is kept (None: nowhere)
        self._keep_recovery = False  # closing without a prompt: the copy stays
        self._closed = False
        self._build_widgets()
        self.comparisons = Comparisons(self, compiled=jit)  # the lesson's comparison runs
        self.comparisons.ready.connect(self._on_comparison_ready)
        self.link = WorkerLink(self.document.change(), self, jit=jit)
        views = Views(self.canvas, self.boundary, self.curves, self.controls, self.toolbar,
                      self.status)
        self.presenter = FramePresenter(views, self.document, self.link.gate, self.show_banner,
                                        self.hide_banner, self)
        self.presenter.frame_drawn.connect(self.frame_drawn)
        # views beside the network, opened from the View menu or by a lesson
        self.hidden_pane = HiddenPane(self.link.show_hidden.emit, self)
        self.landscape_pane = LandscapePane(self.link.show_landscape.emit, self)
        self.race_pane = RacePane(self)
        self.race_pane.view.error.connect(self.show_error)
        self.panes = [self.hidden_pane, self.landscape_pane, self.race_pane]
        self.pane_tabs = PaneTabs(self.boundary, self.panes)
        self.right_panel.insertWidget(0, self.pane_tabs)
        self.right_panel.setStretchFactor(0, 3)
        self.pane_tabs.currentChanged.connect(
            lambda _i: QTimer.singleShot(0, self, self._fit_right_panel))
        self.hidden_pane.fit_height_changed.connect(self._fit_right_panel)
        self.presenter.panes = self.panes
        for pane in self.panes:  # (not in the window until opened as a tab)
            translate_tree(pane.widget)
        self.explainer = Explainer(self)  # forward pass, gradients, chain rule
        self.exchange = Exchange(self)  # data, models and pictures in and out; drops
        self.setAcceptDrops(True)
        self.presenter.plots_changed.connect(
            lambda: QTimer.singleShot(0, self, self._fit_right_panel))
        self.zoom = 1.0
        self.menus = build_menus(self)
        self._single_keys = FocusedWidgetFirst(self)
        self.set_zoom(_saved_zoom(), remember=False)
        # Tab walks through what takes keys: the plots take none, the canvas does
        for view in self.findChildren(QGraphicsView):
            if view is not self.canvas.view:
                view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                view.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas.view.viewport().setAccessibleName("Network")
        self._connect()
        self.toolbar.set_speed(project.speed)
        self._open_panes(project)
        self._show_project(project)
        self._reveal_controls(project)
        self.link.set_speed.emit(self.toolbar.speed_value())
        self.link.start()
        translate_tree(self)  # (Korean: the texts set while building; English: nothing)
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_S * 1000)
        self._autosave.timeout.connect(self.keep_recovery_copy)
        if recovery is not None:
            self._autosave.start()

    # ------------------------------------------------------------------ layout
    def _build_widgets(self) -> None:
        self.toolbar = TrainingToolbar(self)
        self.addToolBar(self.toolbar)
        self.controls = ControlsPanel()
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(CONTROLS_MIN_W)
        scroll.setMaximumWidth(CONTROLS_MAX_W)
        self.controls_scroll = scroll
        scroll.setAccessibleName("Settings")
        self.canvas = NetworkCanvas()
        self.boundary = BoundaryPlot()
        self.curves = CurvesPlot()
        self.boundary.setAccessibleName("Data and decision boundary")
        self.curves.setAccessibleName("Loss and accuracy curves")

        self.lesson = QLabel()
        self._lesson_text = ""
        self._lesson_projects: dict[str, engine.Project] = {}  # preset name -> as it opens
        self.lesson.setWordWrap(True)
        self.lesson.setTextFormat(Qt.TextFormat.RichText)
        self._style_lesson()
        # The banner floats over the canvas's foot (a click dismisses it): shown or
        # hidden, it never moves the canvas and its buttons under the learner's mouse.
        self.banner = QLabel(self.canvas)
        self.banner.setWordWrap(True)
        self.banner.setToolTip("Click to dismiss")
        self.banner.setCursor(Qt.CursorShape.PointingHandCursor)
        self.banner.hide()
        self.banner.installEventFilter(self)
        self.canvas.installEventFilter(self)
        self.recovery_bar = RecoveryBar()
        center = QWidget()
        cl = QVBoxLayout(center)
        cl.setContentsMargins(4, 4, 4, 4)
        cl.addWidget(self.recovery_bar)
        cl.addWidget(self.lesson)
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
        self.main_split = split

        self.status = QLabel()
        # plain text: a selectable or rich-text label lays out a whole text document
        # for each new text (about 4 ms a paint here, every frame)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        # new text every frame must not re-lay out (and so repaint) the whole window
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.status.setMinimumHeight(self.status.sizeHint().height())
        self.statusBar().addWidget(self.status, 1)

    def _connect(self) -> None:
        """Views -> document -> worker, worker -> presenter."""
        doc, link, tb = self.document, self.link, self.toolbar
        tb.play_toggled.connect(self._on_play_toggled)
        tb.step_requested.connect(link.step)
        tb.step_epoch_requested.connect(link.step_epoch)
        tb.reset_requested.connect(self._on_reset)
        tb.speed_changed.connect(link.set_speed)
        tb.speed_changed.connect(self.exchange.settings.set_speed)
        self.canvas.spec_edited.connect(self._on_spec_edited)
        self.canvas.weight_edited.connect(self._on_weight_edited)
        self.canvas.error.connect(self.show_error)
        self.controls.data_controls.check = doc.split_for  # one split per data change
        self.controls.config_changed.connect(self._on_config_changed)
        self.controls.data_changed.connect(self._on_data_changed)
        self.controls.regenerate_requested.connect(self._on_regenerate)
        self.controls.error.connect(self.show_error)
        # Enter or Esc in a field: the keys go back to the network (Space plays again)
        self.controls.editing_done.connect(
            lambda: self.canvas.view.setFocus(Qt.FocusReason.OtherFocusReason))
        doc.changed.connect(self._on_document_changed)
        doc.changed.connect(link.apply)
        doc.weight_set.connect(link.set_weight)
        doc.stack.cleanChanged.connect(self._update_title)
        doc.stack.cleanChanged.connect(self._on_clean_changed)
        self.recovery_bar.open_requested.connect(self._open_recovered)
        self.recovery_bar.discard_requested.connect(self._discard_recovered)
        doc.stack.indexChanged.connect(self._update_title)
        link.snapshot.connect(self.presenter.on_snapshot)
        link.error.connect(self.show_error)

    def _fit_right_panel(self, *_args) -> None:
        """Give the data view the height at which its x1 and x2 share one scale (the
        width decides it), while the curves keep at least a third of the panel."""
        right = self.right_panel
        sizes = right.sizes()
        total = sum(sizes)
        if total <= 0 or len(sizes) != 2:
            return
        curves_min = max(self.curves.minimumSizeHint().height(), int(CURVES_SHARE_MIN * total))
        tabs = getattr(self, "pane_tabs", None)
        shown = tabs.currentWidget() if tabs is not None else self.boundary
        bar = tabs.tabBar().sizeHint().height() if tabs is not None and tabs.count() > 1 else 0
        if shown is self.boundary:
            want = self.boundary.fit_height() + bar
        elif shown is self.hidden_pane.widget:
            want = self.hidden_pane.fit_height() + bar
        else:  # the landscape, the race: all the room the curves leave
            want = total
        top = max(0, min(want, total - curves_min))
        if sizes[0] != top:
            right.setSizes([top, total - top])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_right_panel)  # once the panels have their size

    # ------------------------------------------------------------------ project
    def _show_project(self, project: engine.Project) -> None:
        """Fill the editors from the accepted project (no echo back)."""
        split = self.document.split
        self.controls.set_project(project.data, project.training, split.train.task,
                                  len(split.train))
        self.presenter.show_spec(project.network)
        title, description = self._words(project)
        preset = self._preset_of(project)
        ko = preset.title_ko if preset is not None and preset.title_ko != title else ""
        text = f"<b>{title}</b>" + (f" · {ko}" if ko else "")
        if description:
            text += f"<br>{description}"
        self._lesson_text = text
        self.lesson.setVisible(bool(project.title or project.description))
        self._update_title()
        self._update_comparison()

    def _words(self, project: engine.Project) -> tuple[str, str]:
        """(title, description) to show: a lesson's own words in the UI's language,
        anything else as it is."""
        preset = self._preset_of(project)
        if preset is not None and project.description in (preset.lesson, preset.lesson_ko):
            title, _, lesson = preset.words(language())
            return title, lesson
        return project.title or tr("Project"), project.description

    @staticmethod
    def _preset_of(project: engine.Project):
        """The lesson whose title ``project`` has (a lesson, or work saved from one)."""
        for p in engine.presets.PRESETS.values():
            if project.title in (p.title, p.title_ko):
                return p
        return None

    def lesson_changed(self) -> bool:
        """Whether the network, training or data differ from the lesson's own (the
        lesson text may then describe something no longer on screen)."""
        project = self.document.project
        preset = self._preset_of(project)
        if preset is None:
            return False
        if preset.name not in self._lesson_projects:
            self._lesson_projects[preset.name] = engine.presets.load(preset.name)
        lesson = self._lesson_projects[preset.name]
        return (project.network, project.training, project.data) != (
            lesson.network, lesson.training, lesson.data)

    def _update_comparison(self) -> None:
        """The lesson's comparison runs beside the live one, while the project is the
        lesson as it opens (trained in the background the first time)."""
        project = self.document.project
        preset = self._preset_of(project)
        if preset is None or not preset.compare or self.lesson_changed():
            self.curves.set_comparison(None)
            return
        runs = self.comparisons.request(preset.name, project)
        if runs is not None:
            self.curves.set_comparison(runs)

    def _on_comparison_ready(self, key, runs) -> None:
        project = self.document.project
        preset = self._preset_of(project)
        if preset is not None and key == (preset.name, project.training.seed) \
                and not self.lesson_changed():
            self.curves.set_comparison(runs)

    def _sync_lesson_text(self) -> None:
        text = self._lesson_text
        if self.lesson_changed():  # (the project has the lesson's title)
            text += (f"<br><span style='color:{theme.now().muted}'><i>"
                     + tr("You changed this lesson's setup; Lessons ▸ {title} opens it as it "
                          "was.").format(title=self.document.project.title)
                     + "</i></span>")
        if text != self.lesson.text():
            self.lesson.setText(text)

    def _update_title(self, *_args) -> None:
        self._sync_lesson_text()
        doc = self.document
        # Qt's marker: "*" after the title (a dot in the close button on macOS)
        title = doc.title if doc.path else self._words(doc.project)[0]
        self.setWindowTitle(f"{title}[*] — Neural-network playground")
        self.setWindowModified(doc.modified)
        if hasattr(self, "menus"):
            self.menus.undo.setEnabled(doc.stack.canUndo())
            self.menus.redo.setEnabled(doc.stack.canRedo())

    def _propose(self, project: engine.Project, layer_map=None, text: str = "Edit") -> bool:
        """Hand an edit to the document; a refused one is shown and changes nothing."""
        try:
            self.document.propose(project, layer_map, text, self._weights_on_screen())
        except engine.PlaygroundError as e:
            self.show_error(str(e))
            self._show_project(self.document.project)
            return False
        self.hide_banner()
        return True

    def _on_document_changed(self, change: Change) -> None:
        """An edit, an undo or redo, or a load: the views show the project now."""
        self._show_project(change.project)

    def load_project(self, project: engine.Project, path: str | None = None,
                     modified: bool = False) -> bool:
        """Open a lesson or a file: replaces the document (its history too).
        ``modified``: unsaved work (a recovered copy), marked so in the title."""
        try:
            self.document.load(project, path, modified)
        except engine.PlaygroundError as e:
            self.show_error(str(e))
            return False
        self.hide_banner()
        self.presenter.forget_run()  # another lesson: nothing to compare with
        self.toolbar.set_running(False)
        self.toolbar.set_speed(project.speed)
        self._open_panes(project)
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
        project = self.document.project
        training = fit_training_to_network(project.network, spec, project.training)
        if not self._propose(project.replace(network=spec, training=training), layer_map,
                             "Edit the network"):
            self.canvas.set_spec(self.document.project.network)
        elif training != project.training:  # (not a banner: the canvas must not move)
            self.statusBar().showMessage(tr(
                "A hidden layer: a multi-layer perceptron now, trained by backpropagation "
                "({loss} loss, SGD lr {lr} with momentum, all points per step, {epochs} "
                "epochs)").format(loss=training.loss, lr=f"{training.lr:g}",
                                  epochs=training.epochs), 12000)

    def _on_weight_edited(self, layer: int, row: int, col: int, old: float,
                          value: float) -> None:
        self.document.edit_weight(layer, row, col, old, value)

    def _on_config_changed(self, config) -> None:
        self._propose(self.document.project.replace(training=config), None,
                      "Change the training settings")

    def _on_data_changed(self, data) -> None:
        project = self.document.project
        try:
            # the data's task may need another output layer and loss: all three change
            # together (xor -> multiclass: softmax + cce), in one command to the worker
            adapted = adapt_to_data(project, data, self.document.split_for(data))
        except engine.PlaygroundError as e:
            self.show_error(str(e))
            self._show_project(project)
            return
        # (the output layer may change, never the number of layers)
        self._propose(adapted, identity_map(adapted.network), "Change the data")

    def _on_regenerate(self) -> None:
        d = self.document.project.data
        if d.points is not None:
            self.show_error("imported points cannot be regenerated; pick a generated data set")
            return
        self._on_data_changed(d.replace(seed=d.seed + 1))

    def undo(self) -> None:
        self.document.undo()

    def redo(self) -> None:
        self.document.redo()

    # ------------------------------------------------------------------ training
    def _on_play_toggled(self, on: bool) -> None:
        latest = self.presenter.latest
        training = self.document.project.training
        if on and self._banner_level == "error":
            self.hide_banner()  # a refused edit's message is old news once training runs
        if on and latest is not None and latest.done and latest.revision == self.document.revision:
            if latest.epoch >= training.epochs and not latest.stopped_early \
                    and training.epochs < MAX_EPOCHS:
                # the run reached its limit: Play goes on, the limit raised (undoable)
                more = min(MAX_EPOCHS, training.epochs + max(training.epochs, 100))
                if self._propose(self.document.project.replace(
                        training=training.replace(epochs=more)), None,
                        "Raise the epoch limit"):
                    self.statusBar().showMessage(
                        tr("Going on: the epoch limit is now {n} (Ctrl+Z puts it back)")
                        .format(n=more), 8000)
                    self.link.play.emit()
                    return
            self.toolbar.set_running(False)
            self.show_banner(tr("Training has finished: {reason}. Press Reset (R) to start "
                                "again.").format(reason=tr_reason(latest.stop_reason)),
                             "info")
            return
        (self.link.play if on else self.link.pause).emit()

    def _on_reset(self) -> None:
        self.presenter.training_restarts()
        self.hide_banner()
        self.link.reset.emit()

    # ------------------------------------------------------------------ messages
    def show_error(self, message: str) -> None:
        self.show_banner(tr_message(message), "error")

    def show_banner(self, message: str, level: str = "info") -> None:
        t = theme.now()
        self._banner_level = level
        bg, fg = {"warning": t.warning, "error": t.error}.get(level, t.info)
        self.banner.setStyleSheet(f"QLabel {{ background: {bg}; color: {fg}; padding: 6px 8px; "
                                  f"border-radius: 4px; }}")
        self.banner.setText(message)
        self.banner.show()  # not repeated in the status bar: that would hide its figures
        self._place_banner()

    def _keep_banner_room(self) -> None:
        """The canvas keeps a strip at its foot for the banner (three lines of it), so
        that a banner, shown or gone, covers no neuron and moves nothing."""
        line = self.banner.fontMetrics().lineSpacing()
        self.canvas.view.set_foot(3 * line + 12 + 2 * 8)  # lines, padding, margins

    def _place_banner(self) -> None:
        """Along the canvas's foot, as tall as its text needs."""
        if not self.banner.isVisible():
            return
        margin = 8
        w = max(100, self.canvas.width() - 2 * margin)
        h = min(self.banner.heightForWidth(w), self.canvas.height() // 2)
        self.banner.setGeometry(margin, self.canvas.height() - h - margin, w, h)
        self.banner.raise_()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.banner and event.type() == QEvent.Type.MouseButtonPress:
            self.hide_banner()  # read: dismissed
            return True
        if obj is self.canvas and event.type() == QEvent.Type.Resize:
            self._place_banner()
            if hasattr(self, "explainer") and self.explainer.forward.isVisible():
                self.explainer.forward.place(self.canvas.view.geometry())
        return False

    def hide_banner(self) -> None:
        self.banner.hide()

    # ------------------------------------------------------------------ files
    def open_file(self, path: str | None = None) -> None:
        if path is None:
            if not self.may_discard("opening another project"):
                return
            path, _ = QFileDialog.getOpenFileName(self, tr("Open project"), "",
                                                  tr("Playground projects (*.json)"))
            if not path:
                return
        try:
            project = engine.project.load(path)
        except engine.PlaygroundError as e:
            self.show_error(str(e))
            return
        if self.load_project(project, path):
            self.exchange.settings.add_recent(path)

    def _open_panes(self, project: engine.Project) -> None:
        """The views the project asks for, the race set up as it says."""
        self.race_pane.view.set_setup(*project.race, seed=project.training.seed)
        self.pane_tabs.open_only(project.panes)
        self.explainer.gradients_action.setChecked("gradients" in project.panes)

    def choose_language(self, code: str) -> None:
        """Help ▸ Language: the whole window in ``code`` at once (remembered): its
        static texts mapped over, menus and canvas built again, the views redrawn;
        the run, its curves and the undo history go on as they were."""
        from ui import i18n

        self.exchange.settings.set_language(code)
        old = i18n.language()
        if code == "ko" and i18n.hangul_font_missing():
            self.show_banner(tr(i18n.NO_HANGUL), "warning")
            code = "en"
        if code != old:
            i18n.set_language(code)
            i18n.install_qt_translations(QApplication.instance())
            translate_tree(self, old)
            for pane in self.panes:
                translate_tree(pane.widget, old)
            bar = self.menuBar()
            for action in bar.findChildren(QAction):  # the menus' own (not the toolbar's)
                if action.parent() is bar:
                    action.setParent(None)  # (out of the window now, gone with its menu)
                    action.deleteLater()
            bar.clear()
            self.menus = build_menus(self)
            self.canvas.apply_theme()  # (builds the network's scene again, in the language)
            self._show_project(self.document.project)
            self.curves.retranslate()
            self.hidden_pane.retranslate()
            self.landscape_pane.view.retranslate()
            self.race_pane.view.retranslate()
            self.presenter.retranslate()
            self.explainer.retranslate()
        for c, action in self.menus.languages.items():
            action.setChecked(c == code)
        self.show_banner(tr("The window is now in {language}.").format(
            language=i18n.LANGUAGES[code]), "info")

    def open_panes(self) -> tuple[str, ...]:
        """The views open beside the network, by name (saved with the project)."""
        views = [p.name for p in self.panes if p.is_open()]
        if self.explainer.gradients_action.isChecked():
            views.append("gradients")
        return tuple(views)

    def save(self, path: str | None = None) -> bool:
        if path is None and self.document.path is None:
            return self.save_as()
        weights = self.current_weights()
        try:
            target = self.document.save(weights, path, panes=self.open_panes(),
                                        race=self.race_pane.setup())
        except engine.PlaygroundError as e:
            self.show_error(str(e))
            return False
        self.exchange.settings.add_recent(str(target))
        self._update_title()
        if weights is None:
            self.show_banner(tr("Saved {path} without weights: the training thread did not "
                                "answer. Opened again, it starts from fresh weights.")
                             .format(path=target), "warning")
        else:
            self.statusBar().showMessage(tr("Saved {path}").format(path=target), 5000)
        return True

    def current_weights(self, wait_s: float = SAVE_WAIT_S):
        """The weights of the document's network as they are now: the latest snapshot's
        if it is of the document's current revision, else the worker's own once it has
        taken every change (it answers between two training slices).  None if it does
        not answer within ``wait_s``: no file pairs a network with another's weights."""
        doc, weights = self.document, self._weights_on_screen()
        if weights is not None:
            return weights
        answer = self.link.weights_now(wait_s)
        if answer is None or answer.spec != doc.project.network:
            return None
        return answer.weights

    def _weights_on_screen(self):
        """The latest snapshot's weights if they are the document's network's now
        (of its current revision), else None."""
        doc, snap = self.document, self.presenter.latest
        if snap is not None and snap.revision == doc.revision \
                and snap.spec == doc.project.network:
            return snap.weights
        return None

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save project"), self.document.title,
                                              tr("Playground projects (*.json)"))
        return self.save(path) if path else False

    def import_csv(self, path: str | None = None, columns=None) -> bool:
        """Train on a CSV's points (see playground.exchange)."""
        return self.exchange.import_csv(path, columns)

    def dragEnterEvent(self, event) -> None:
        if self.exchange.dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        path = self.exchange.dropped_file(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # after the drop returns (a dialog inside a drop handler blocks the source app)
        QTimer.singleShot(0, self, lambda: self.exchange.drop(path))

    # ------------------------------------------------------------------ theme
    def _use_theme(self, choice: str) -> None:
        t = theme.resolve(choice, theme.system_palette(QApplication.instance()))
        theme.use(t)
        theme.apply_palette(QApplication.instance(), t)

    def apply_theme(self, choice: str) -> None:
        """Colour the whole window with ``choice``: "system" (the desktop's light or
        dark), "light", "dark" or "high-contrast" (View ▸ Theme, ``--theme``)."""
        self.theme_choice = choice
        self._use_theme(choice)
        self._style_lesson()
        self._sync_lesson_text()
        if self.banner.isVisible():
            self.show_banner(self.banner.text(), self._banner_level)
        self.recovery_bar.apply_theme()
        self.canvas.apply_theme()
        self.boundary.apply_theme()
        self.curves.apply_theme()
        for pane in getattr(self, "panes", ()):
            pane.apply_theme()
        if hasattr(self, "explainer"):
            self.explainer.apply_theme()
        restyle(self.controls)
        self.presenter.draw_now()
        if hasattr(self, "menus"):
            for name, action in self.menus.themes.items():
                action.setChecked(name == choice)

    def _style_lesson(self) -> None:
        t = theme.now()
        self.lesson.setStyleSheet(f"QLabel {{ padding: 6px 8px; background: {t.panel}; "
                                  f"border-radius: 4px; color: {t.panel_text}; }}")

    # ------------------------------------------------------------------ zoom
    def set_zoom(self, zoom: float, remember: bool = True) -> None:
        """Text ``zoom`` times its normal size: controls, lesson, menus, canvas labels,
        plot axes (View ▸ Zoom in / out, Ctrl+= / Ctrl+-, Ctrl+0; remembered)."""
        zoom = min(ZOOMS, key=lambda z: abs(z - zoom))
        app = QApplication.instance()
        if not _BASE_FONT_PT:
            _BASE_FONT_PT.append(app.font().pointSizeF())
        font = app.font()
        font.setPointSizeF(_BASE_FONT_PT[0] * zoom)
        app.setFont(font)
        sheet = app.styleSheet()
        if sheet:  # (widgets styled by a sheet keep their font until it is set again)
            app.setStyleSheet("")
            app.setStyleSheet(sheet)
        self.zoom = zoom
        self.canvas.set_text_zoom(zoom)
        self._keep_banner_room()
        self.boundary.apply_theme()  # (the plots take the font when they style themselves)
        self.curves.apply_theme()
        for pane in getattr(self, "panes", ()):
            pane.apply_theme()
        restyle(self.controls)  # the notes' smaller font
        self._style_lesson()  # (a style sheet keeps the font it was set with)
        self.recovery_bar.apply_theme()
        if self.banner.isVisible():
            self.show_banner(self.banner.text(), self._banner_level)
        # the settings panel is as wide as its larger text needs
        self.controls_scroll.setMinimumWidth(round(CONTROLS_MIN_W * zoom))
        self.controls_scroll.setMaximumWidth(round(CONTROLS_MAX_W * zoom))
        self.status.setMinimumHeight(self.status.sizeHint().height())
        if remember:
            QSettings().setValue("view/zoom", zoom)

    def zoom_in(self) -> None:
        self.set_zoom(ZOOMS[min(len(ZOOMS) - 1, ZOOMS.index(self.zoom) + 1)])

    def zoom_out(self) -> None:
        self.set_zoom(ZOOMS[max(0, ZOOMS.index(self.zoom) - 1)])

    def focus_settings(self) -> None:
        """The keyboard to the first setting (Training ▸ Focus the settings, Ctrl+2)."""
        w = self.controls.nextInFocusChain()
        while w is not None and w is not self.controls:
            if (self.controls.isAncestorOf(w) and w.isVisible() and w.isEnabled()
                    and w.focusPolicy() & Qt.FocusPolicy.TabFocus):
                w.setFocus(Qt.FocusReason.ShortcutFocusReason)
                self.controls_scroll.ensureWidgetVisible(w)
                return
            w = w.nextInFocusChain()

    # ------------------------------------------------------------------ recovery
    def keep_recovery_copy(self) -> bool:
        """Write the recovery copy of unsaved work now (the autosave timer does it
        every AUTOSAVE_S seconds); True if one was written."""
        if self.recovery is None or not self.document.modified:
            return False
        doc, weights = self.document, self._weights_on_screen()
        if weights is None and doc.project.network.fits(doc.project.weights):
            weights = doc.project.weights  # (just opened: the worker has not drawn it yet)
        return self.recovery.write(doc.project.replace(weights=weights), doc.path)

    def offer_recovery(self, copies: list[Recovered]) -> None:
        """Offer what closed windows left unsaved (the bar above the canvas)."""
        self.recovery_bar.offer(copies)

    def _on_clean_changed(self, clean: bool) -> None:
        if clean and self.recovery is not None:
            self.recovery.discard()  # saved (or undone to the saved state): nothing to keep

    def _open_recovered(self, recovered: Recovered) -> None:
        if not self.may_discard("opening the recovered work"):
            self.recovery_bar.put_back(recovered)
            return
        if self.load_project(recovered.project, recovered.path, modified=True):
            # this window's copy holds it from now on; the old one goes once that is safe
            if self.recovery is not None and self.keep_recovery_copy():
                self.recovery.forget(recovered)
            self.statusBar().showMessage(
                tr("Recovered {what}: save it to keep it").format(what=recovered.describe()),
                8000)

    def _discard_recovered(self, recovered: Recovered) -> None:
        if self.recovery is not None:
            self.recovery.forget(recovered)

    @property
    def kept_recovery(self) -> bool:
        """Whether closing left a recovery copy of unsaved work behind."""
        return self._keep_recovery

    def close_for_signal(self, signum: int) -> None:
        """Ctrl+C or SIGTERM from a terminal: close without asking (nobody can answer),
        keeping unsaved work as a recovery copy that the next start offers.  A dialog
        that is open (the "Save your changes?" of a close in progress) is cancelled
        first: a close inside a close would be ignored."""
        self.keep_recovery_copy()
        # kept even if this write failed: the last good copy is better than none
        self._keep_recovery = self.recovery is not None and self.document.modified
        self.confirm_close = False
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog is not self:
            dialog.reject()
            QTimer.singleShot(0, self, self.close)
            return
        self.close()

    # ------------------------------------------------------------------ closing
    def may_discard(self, action: str = "closing") -> bool:
        """Ask before unsaved edits are lost; False to cancel."""
        if not (self.confirm_close and self.document.modified):
            return True
        answer = QMessageBox.question(
            self, tr("Unsaved changes"), tr("Save your changes before {action}?").format(
                action=tr(action)),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if not self.confirm_close:  # a signal closed the window while this was open
            return True
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        return answer != QMessageBox.StandardButton.Save or self.save()

    def closeEvent(self, event) -> None:
        if self._closed:  # (a second close: after a signal's, say)
            event.accept()
            return
        if not self.may_discard("closing"):
            event.ignore()
            return
        self._closed = True
        self.save_layout()
        self._autosave.stop()
        if self.recovery is not None:
            self.recovery.close(keep=self._keep_recovery)
        self.shutdown()
        super().closeEvent(event)

    def save_layout(self) -> None:
        """Remember the window's size and place and the panels' widths (QSettings)."""
        self.exchange.settings.save_window(
            self.saveGeometry(),
            {"main": self.main_split.saveState(), "right": self.right_panel.saveState()})

    def restore_layout(self) -> bool:
        """The size, place and panel widths of the last session, if remembered and
        still usable (a stale or broken value is ignored)."""
        s = self.exchange.settings
        geometry = s.geometry()
        ok = geometry is not None and self.restoreGeometry(geometry)
        for name, splitter in (("main", self.main_split), ("right", self.right_panel)):
            state = s.splitter(name)
            if state is not None:
                splitter.restoreState(state)
        return ok

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Stop the worker thread; True once it has ended."""
        self.presenter.close()  # no more frames
        return self.link.shutdown(timeout_ms)
