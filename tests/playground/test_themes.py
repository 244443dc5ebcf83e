"""The window in each theme (View ▸ Theme): every part follows, and comes back."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from ui.common import theme
from ui.common.colors import NEGATIVE, POSITIVE


@pytest.fixture
def restore_theme():
    yield
    app = QApplication.instance()
    theme.use(theme.resolve("light"))
    theme.apply_palette(app, theme.resolve("light"))


@pytest.mark.parametrize("choice", ["dark", "high-contrast"])
def test_the_whole_window_follows_the_theme_and_back(window, restore_theme, choice):
    win = window("dropout")
    light_bg = QColor(theme.resolve("light").background)
    assert win.canvas.view.backgroundBrush().color() == light_bg
    edge_before = win.canvas.edge_pen(1, 0, 0).color()
    win.menus.themes[choice].trigger()  # View ▸ Theme
    t = theme.resolve(choice)
    assert theme.now() is t and win.menus.themes[choice].isChecked()
    assert win.canvas.view.backgroundBrush().color() == QColor(t.background)
    assert win.boundary.plot.backgroundBrush().color() == QColor(t.background)
    assert win.curves.loss_plot.backgroundBrush().color() == QColor(t.background)
    assert QApplication.palette().window().color() == QColor(t.window)
    assert t.panel in win.lesson.styleSheet()
    # the data's colours stay: an edge keeps its hue, blended over the new background
    edge = win.canvas.edge_pen(1, 0, 0).color()
    hues = (QColor(POSITIVE).hue(), QColor(NEGATIVE).hue())
    assert min(abs(edge.hue() - h) for h in hues) <= 12 or edge == QColor(t.edge_zero)
    assert edge != edge_before or edge == QColor(t.edge_zero)
    win.menus.themes["light"].trigger()
    assert win.canvas.view.backgroundBrush().color() == light_bg
    assert QApplication.palette().window().color() == QColor(theme.resolve("light").window)
