"""Colours: one palette module; light, dark and high contrast; the data's colours fixed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from ui.common import theme

ROOT = Path(__file__).resolve().parents[2]
COLOUR = re.compile(r"""["']#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b|QColor\(\s*\d""")
HOMES = {ROOT / "ui" / "common" / "theme.py", ROOT / "ui" / "common" / "colors.py"}


def test_colours_are_chosen_in_one_place():
    """Every colour of the UI comes from ui/common/theme.py (the window's) or
    ui/common/colors.py (the data's): a literal anywhere else would stay white on a
    dark desktop."""
    found = []
    for folder in ("ui", "playground"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path in HOMES:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if COLOUR.search(line.split("#  ")[0]):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("t", list(theme.THEMES.values()), ids=list(theme.THEMES))
def test_text_is_legible_in_every_theme(t):
    need = 7.0 if t.name == "high-contrast" else 4.5  # WCAG AAA / AA
    pairs = {"text": (t.text, t.background), "muted": (t.muted, t.background),
             "lesson": (t.panel_text, t.panel), "panels": (t.window_text, t.window),
             "error line": (t.error_text, t.window), "warning": (t.warning_text, t.window),
             "caption": (t.text, t.popup), **{f"{k} banner": getattr(t, k)[::-1]
                                              for k in ("info", "warning", "error")}}
    weak = {k: round(theme.contrast(*v), 1) for k, v in pairs.items()
            if theme.contrast(*v) < need}
    assert not weak


def test_system_follows_a_dark_desktop():
    from PySide6.QtGui import QPalette

    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    light = QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#f0f0f0"))
    assert theme.resolve("system", dark).dark and not theme.resolve("system", light).dark
    with pytest.raises(ValueError, match="unknown theme 'sepia'"):
        theme.resolve("sepia")
