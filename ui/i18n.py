"""The UI's language: English or Korean, from a small catalogue.

Every user-visible text is written in English in the code and passed through
:func:`tr`, which gives the Korean of :data:`ui.catalogue_ko.KO` while the
language is "ko" (the English text itself while it is "en", or for a text the
catalogue lacks: tests/ui/test_i18n.py checks that none is missing).  Numbers
and names inside a text are filled in after translating: ``tr("{n} neurons")
.format(n=8)``.  The language is chosen before the window is built (a switch
applies when the window is next built).

Korean needs a font with Hangul: :func:`hangul_font_missing` says when none is
installed, and the app then falls back to English with a message.
"""

from __future__ import annotations

from .catalogue_ko import KO

__all__ = ["LANGUAGES", "hangul_font_missing", "language", "set_language", "system_language",
           "tr"]

LANGUAGES = {"en": "English", "ko": "한국어"}
_state = {"lang": "en"}


def set_language(code: str) -> None:
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {code!r}")
    _state["lang"] = code


def language() -> str:
    return _state["lang"]


def tr(text: str) -> str:
    """``text`` in the UI's language."""
    if _state["lang"] == "ko":
        return KO.get(text, text)
    return text


def system_language() -> str:
    """"ko" when the desktop's language is Korean, else "en"."""
    from PySide6.QtCore import QLocale

    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


def install_qt_translations(app) -> None:
    """Qt's own texts (file dialogs, message box buttons) in the UI's language (the
    one installed before, if any, goes)."""
    old = _state.pop("qt_translator", None)
    if old is not None:
        app.removeTranslator(old)
    if _state["lang"] == "en":
        return
    from PySide6.QtCore import QLibraryInfo, QTranslator

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{_state['lang']}", folder):
        app.installTranslator(translator)
        _state["qt_translator"] = translator


NO_HANGUL = ("No installed font can show Korean (Hangul), so the UI is in English. Install "
             "the package fonts-noto-cjk (Linux) or your system's Korean fonts.")


def hangul_font_missing() -> bool:
    """True when no installed font can draw Hangul (Korean would show as boxes)."""
    from PySide6.QtGui import QFontDatabase

    return not QFontDatabase.families(QFontDatabase.WritingSystem.Korean)


def _to_english(text: str) -> str:
    reverse = _state.get("reverse")
    if reverse is None:
        reverse = _state["reverse"] = {ko: en for en, ko in KO.items()}
    return reverse.get(text, text)


def translate_tree(root, from_language: str = "en") -> None:
    """Put the static texts of ``root``'s widgets and actions (labels, buttons, menus,
    tool tips, list entries, tabs), written in ``from_language``, into the UI's
    language: once after it is built (from English), or again when the language
    changes; texts set later pass through :func:`tr` where they are set."""
    if _state["lang"] == from_language:
        return

    def tr_(text: str) -> str:
        return tr(_to_english(text) if from_language != "en" else text)

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QMenu,
        QTabWidget,
        QToolBar,
        QWidget,
    )

    def swap(get, put):
        text = get()
        if text:
            new = tr_(text)
            if new != text:
                put(new)

    for w in [root, *root.findChildren(QWidget)]:
        swap(w.toolTip, w.setToolTip)
        swap(w.accessibleName, w.setAccessibleName)
        if isinstance(w, (QLabel, QAbstractButton)):  # (rich text: whole, if at all)
            swap(w.text, w.setText)
        if isinstance(w, QGroupBox):
            swap(w.title, w.setTitle)
        if isinstance(w, (QMenu, QToolBar)):
            swap(w.windowTitle, w.setWindowTitle)
        if isinstance(w, QMenu):
            swap(w.title, w.setTitle)
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                swap(lambda i=i, w=w: w.itemText(i), lambda t, i=i, w=w: w.setItemText(i, t))
                swap(lambda i=i, w=w: w.itemData(i, Qt.ItemDataRole.ToolTipRole) or "",
                     lambda t, i=i, w=w: w.setItemData(i, t, Qt.ItemDataRole.ToolTipRole))
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                swap(lambda i=i, w=w: w.tabText(i), lambda t, i=i, w=w: w.setTabText(i, t))
                swap(lambda i=i, w=w: w.tabToolTip(i),
                     lambda t, i=i, w=w: w.setTabToolTip(i, t))
    for a in root.findChildren(QAction):
        swap(a.text, a.setText)
        swap(a.toolTip, a.setToolTip)
        swap(a.statusTip, a.setStatusTip)


def tr_reason(text: str) -> str:
    """Why a run stopped (the trainer's English sentence) in the UI's language: each
    known part rewritten, numbers kept; an unknown part stays as it is."""
    if _state["lang"] != "ko" or not text:
        return text
    from .reasons_ko import REASONS

    for pattern, korean in REASONS:
        text = pattern.sub(korean, text)
    return text


def _line(part: str | None) -> str:
    """" line 3" -> " 3행" (a CSV's line number)."""
    return f" {part.split()[-1]}행" if part else ""


def tr_message(text: str) -> str:
    """A refusal or an error in the UI's language, where its form is known (a value out
    of range, a refused edit, why a run stopped); the settings' names translated."""
    if _state["lang"] != "ko" or not text:
        return text
    from .reasons_ko import FIELDS, FILE_MESSAGES, MESSAGES

    for pattern, korean in FILE_MESSAGES:
        match = pattern.match(text)
        if match:  # (group 2: " line N", said as " N행")
            return match.expand(korean.replace("\\2", _line(match.group(2))))
    for pattern, korean in MESSAGES:
        match = pattern.match(text)
        if match:
            first = match.group(1) if pattern.groups else ""
            prefix, _, field = first.rpartition(": ")  # "file: section: the setting"
            name = FIELDS.get(field, KO.get(field, field))
            out = pattern.sub(korean, text)
            if field and name != field:
                out = out.replace(first, f"{prefix}: {name}" if prefix else name, 1)
            return out
    return tr_reason(text)
