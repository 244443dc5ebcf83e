"""The window's menus: File, Edit, Lessons (the presets in course order), Help."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

import engine
from engine import presets
from ui.canvas.keyboard import KEYS_HELP
from ui.i18n import LANGUAGES, language, tr

SHORTCUTS_HELP = (
    "Space  play / pause\nS  one step (one mini-batch)\nE  one epoch\nR  reset weights\n"
    "(these four leave a focused field, button or list its keys)\n"
    "Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y)  undo / redo\nCtrl+O / Ctrl+S  open / save\n"
    "Ctrl+I  import CSV data\nCtrl+1 / Ctrl+2  keyboard to the network / the settings")


@dataclass
class Menus:
    undo: QAction
    redo: QAction
    lessons: dict  # preset name -> QAction
    themes: dict  # theme choice -> QAction (View ▸ Theme)
    languages: dict  # language code -> QAction (Help ▸ Language)


def make_action(parent, text: str, shortcut=None, tip: str = "",
                checkable: bool = False) -> QAction:
    """An action with its shortcut (a key sequence, or a platform's standard key) and
    its tip as tool tip and status tip."""
    a = QAction(text, parent, checkable=checkable)
    if isinstance(shortcut, QKeySequence.StandardKey):
        a.setShortcuts(shortcut)  # every binding of the platform (Redo: Ctrl+Shift+Z, Ctrl+Y)
    elif shortcut:
        a.setShortcut(QKeySequence(shortcut))
    if tip:
        a.setStatusTip(tip)
        a.setToolTip(tip)
    return a


def build_menus(win: QMainWindow) -> Menus:
    bar = win.menuBar()
    file = bar.addMenu(tr("&File"))

    def act(menu, text, slot, shortcut=None, tip=""):
        a = make_action(bar, tr(text), shortcut, tr(tip) if tip else tip)
        a.triggered.connect(lambda _=False: slot())
        menu.addAction(a)
        return a

    act(file, "&Open…", win.open_file, QKeySequence.StandardKey.Open,
        "Open a saved project (.json)")
    act(file, "&Save", win.save, QKeySequence.StandardKey.Save,
        "Save the network, settings, data and weights")
    act(file, "Save &as…", win.save_as, QKeySequence.StandardKey.SaveAs)
    recent = file.addMenu(tr("Recent &files"))
    recent.aboutToShow.connect(lambda: _fill_recent(win, recent))
    file.addSeparator()
    act(file, "&Import data (CSV)…", win.import_csv, "Ctrl+I",
        "Train on your own points: a CSV with columns x1,x2,label or x1,x2,y (other "
        "columns: pick them), or drop the file on the window")
    ex = win.exchange
    for a in (ex.data_action, ex.model_action, ex.image_action):
        file.addAction(a)
    file.addSeparator()
    act(file, "&Quit", win.close, QKeySequence.StandardKey.Quit)

    edit = bar.addMenu(tr("&Edit"))
    undo = act(edit, "&Undo", win.undo, QKeySequence.StandardKey.Undo,
               "Undo the last change to the network, training or data")
    redo = act(edit, "&Redo", win.redo, QKeySequence.StandardKey.Redo)

    training = bar.addMenu(tr("&Training"))
    tb = win.toolbar
    for a in (tb.play, tb.step, tb.step_epoch, tb.reset):
        training.addAction(a)  # the toolbar's own actions, shortcuts shown
    training.addSeparator()
    by_key = Qt.FocusReason.ShortcutFocusReason
    act(training, "Focus the &network", lambda: win.canvas.view.setFocus(by_key), "Ctrl+1",
        "Put the keyboard in the network canvas (arrows move, + / − neurons, L layers)")
    act(training, "Focus the &settings", win.focus_settings, "Ctrl+2",
        "Put the keyboard in the data and training settings")

    view = bar.addMenu(tr("&View"))
    for pane in win.panes:
        view.addAction(pane.action)
    view.addAction(win.explainer.forward_action)
    view.addAction(win.explainer.gradients_action)
    view.addSeparator()
    zoom_in = act(view, "Zoom &in", win.zoom_in, QKeySequence.StandardKey.ZoomIn,
                  "Larger text everywhere, for a projector or a far screen")
    zoom_in.setShortcuts([QKeySequence("Ctrl+="), *zoom_in.shortcuts()])  # (= is + unshifted)
    act(view, "Zoom &out", win.zoom_out, QKeySequence.StandardKey.ZoomOut, "Smaller text")
    act(view, "&Normal size", lambda: win.set_zoom(1.0), "Ctrl+0")
    view.addSeparator()
    theme_menu = view.addMenu(tr("&Theme"))
    group = QActionGroup(theme_menu)
    themes = {}
    for choice, text in (("system", "Follow the &system"), ("light", "&Light"),
                         ("dark", "&Dark"), ("high-contrast", "&High contrast")):
        a = QAction(tr(text), bar, checkable=True)
        a.setChecked(choice == win.theme_choice)
        a.triggered.connect(lambda _=False, c=choice: win.apply_theme(c))
        group.addAction(a)
        theme_menu.addAction(a)
        themes[choice] = a

    lessons_menu = bar.addMenu(tr("&Lessons"))
    lessons = {}
    korean = language() == "ko"
    for key, title, ko in presets.GROUPS:
        sub = lessons_menu.addMenu(ko if korean else f"{title} · {ko}")
        for p in presets.PRESETS.values():
            if p.group != key:
                continue
            title, summary, _ = p.words(language())
            a = QAction(f"{title}  ({p.name})", bar)
            a.setStatusTip(summary)
            a.setToolTip(summary)
            a.triggered.connect(lambda _=False, name=p.name: _open_lesson(win, name))
            sub.addAction(a)
            lessons[p.name] = a
        sub.setToolTipsVisible(True)

    help_ = bar.addMenu(tr("&Help"))
    act(help_, "&Keyboard shortcuts", lambda: QMessageBox.information(
        win, tr("Keyboard shortcuts"), tr(SHORTCUTS_HELP) + "\n\n" + tr(KEYS_HELP)))  # noqa
    language_menu = help_.addMenu(tr("&Language"))
    group = QActionGroup(language_menu)
    languages = {}
    for code, name in LANGUAGES.items():
        a = QAction(name, bar, checkable=True)
        a.setChecked(code == language())
        a.triggered.connect(lambda _=False, c=code: win.choose_language(c))
        group.addAction(a)
        language_menu.addAction(a)
        languages[code] = a
    act(help_, "&About", lambda: QMessageBox.about(
        win, tr("About"),
        tr("Neural-network playground {version}\n\nBuild a network by clicking, press Play, "
           "and watch it learn. NumPy engine, Qt and pyqtgraph views.").format(
            version=engine.__version__)))
    return Menus(undo, redo, lessons, themes, languages)


def _fill_recent(win, menu) -> None:
    """File ▸ Recent files: the files opened or saved last that still exist."""
    menu.clear()
    files = win.exchange.settings.recent()
    for i, path in enumerate(files):
        a = menu.addAction(f"&{(i + 1) % 10}  {path}")
        a.triggered.connect(lambda _=False, p=path: win.may_discard(
            "opening another project") and win.open_file(p))
    if not files:
        menu.addAction(tr("(none yet)")).setEnabled(False)
        return
    menu.addSeparator()
    menu.addAction(tr("Clear the list")).triggered.connect(
        lambda: win.exchange.settings.clear_recent())


def _open_lesson(win, name: str) -> None:
    if win.may_discard("opening the lesson"):
        win.load_project(presets.load(name, seed=0, lang=language()))
