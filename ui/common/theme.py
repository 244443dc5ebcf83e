"""The window's colours other than the data's: one palette module, light, dark or high contrast.

Every view takes its backgrounds, text, frames and marks from :func:`now`
when it styles itself, and styles itself again when the theme changes
(:func:`use`, then each view's ``apply_theme``).  The data's colours (orange
for class 0 / negative, blue for class 1 / positive, :mod:`ui.common.colors`)
are the same in every theme: colour-blind safe, and the learner's anchor.

``"system"`` follows the application palette (a dark desktop gets the dark
theme); ``"light"``, ``"dark"`` and ``"high-contrast"`` also set the
application palette, so that the panels match the canvas and the plots.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette

__all__ = ["CHOICES", "THEMES", "Theme", "apply_palette", "contrast", "now", "resolve",
           "system_palette", "use"]


@dataclass(frozen=True)
class Theme:
    name: str
    dark: bool
    background: str  # the canvas and the plots
    text: str  # labels, tick labels, axis titles
    muted: str  # secondary text (a layer's activation, notes)
    dim: str  # switched-off inputs, inactive buttons
    frame: str  # a neuron's border, axes
    hover: str  # the frame of the item under the mouse
    empty: str  # a neuron before its first map
    switched_off: str  # the fill of an input that is not used
    edge_zero: str  # an edge of weight ~0
    edge_faded: str  # an edge into or out of a dropped neuron
    button: str  # a + / - button's face
    button_lit: str  # ... under the mouse
    reference: str  # the previous run's loss curve
    mark: str  # the best-epoch and early-stop marks
    star: str  # the best epoch's star
    panel: str  # the lesson box
    panel_text: str
    popup: str  # a neuron's caption box
    popup_border: str
    error_text: str  # a field's error line
    warning_text: str  # warnings drawn in a plot
    info: tuple[str, str]  # banner (background, text)
    warning: tuple[str, str]
    error: tuple[str, str]
    curves: tuple[str, str, str]  # train loss, validation loss, learning rate
    compare: tuple[str, ...]  # comparison runs' curves (apart from the curves above)
    window: str  # the application palette (panels)
    window_text: str
    base: str  # fields
    highlight: str


LIGHT = Theme(
    name="light", dark=False, background="#ffffff", text="#222222", muted="#5f6672",
    dim="#a9aeb6", frame="#5a6270", hover="#1b1e23", empty="#eef0f3", switched_off="#f4f5f7",
    edge_zero="#b4b8bf", edge_faded="#eceef1", button="#ffffff", button_lit="#dde6f0",
    reference="#8c8c8c", mark="#444444", star="#ffd000",
    panel="#f4f6fa", panel_text="#222222", popup="#ffffff", popup_border="#8a919c",
    error_text="#c62828", warning_text="#8a4b00", info=("#e8f1fb", "#174a7c"),
    warning=("#fff4e0", "#8a4b00"), error=("#fdecea", "#8a1c12"),
    curves=("#0072b2", "#d55e00", "#009e73"), compare=("#7f7f7f", "#9467bd", "#8c564b"),
    window="#efefef", window_text="#1e1e1e", base="#ffffff", highlight="#2a7ab0",
)

DARK = Theme(
    name="dark", dark=True, background="#1e2127", text="#e6e8eb", muted="#a7adb8",
    dim="#6b717c", frame="#aab2bf", hover="#ffffff", empty="#2c3038", switched_off="#262a31",
    edge_zero="#5c626d", edge_faded="#33373f", button="#2c3038", button_lit="#3b4452",
    reference="#8c8c8c", mark="#c8ccd2", star="#ffd000",
    panel="#272b33", panel_text="#e6e8eb", popup="#272b33", popup_border="#6b717c",
    error_text="#ff8a80", warning_text="#ffcc80", info=("#1d3550", "#cfe3f7"),
    warning=("#47330f", "#ffdca8"), error=("#4a1f1c", "#ffc9c2"),
    curves=("#56b4e9", "#e69f00", "#009e73"), compare=("#a0a0a0", "#c5b0d5", "#c49c94"),
    window="#2b2f36", window_text="#e6e8eb", base="#1e2127", highlight="#4f9be0",
)

HIGH_CONTRAST = Theme(
    name="high-contrast", dark=True, background="#000000", text="#ffffff", muted="#ffffff",
    dim="#bdbdbd", frame="#ffffff", hover="#ffff00", empty="#000000", switched_off="#000000",
    edge_zero="#9e9e9e", edge_faded="#4d4d4d", button="#000000", button_lit="#333300",
    reference="#bdbdbd", mark="#ffffff", star="#ffff00",
    panel="#000000", panel_text="#ffffff", popup="#000000", popup_border="#ffffff",
    error_text="#ff8080", warning_text="#ffff00", info=("#000000", "#ffffff"),
    warning=("#000000", "#ffff00"), error=("#000000", "#ff8080"),
    curves=("#56b4e9", "#e69f00", "#00d0a0"), compare=("#bdbdbd", "#ff80ff", "#ffb000"),
    window="#000000", window_text="#ffffff", base="#000000", highlight="#ffff00",
)

HIGH_CONTRAST_FRAMES = (
    "QLineEdit, QAbstractSpinBox, QComboBox { border: 1px solid #ffffff; padding: 1px 3px; }"
    "QCheckBox::indicator, QGroupBox::indicator { width: 12px; height: 12px; "
    "border: 1px solid #ffffff; background: #000000; }"
    "QCheckBox::indicator:checked, QGroupBox::indicator:checked { background: #ffff00; }"
)

THEMES = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST)}
CHOICES = ("system", "light", "dark", "high-contrast")

_current = LIGHT
_system: QPalette | None = None  # the desktop's own palette, before any theme changed it


def now() -> Theme:
    """The theme in use."""
    return _current


def resolve(choice: str, palette: QPalette | None = None) -> Theme:
    """The theme for ``choice`` ("system": dark if the application palette is)."""
    if choice == "system":
        if palette is None:
            app = QGuiApplication.instance()
            palette = app.palette() if app is not None else QPalette()
        window = palette.color(QPalette.ColorRole.Window)
        return DARK if window.lightness() < 128 else LIGHT
    if choice not in THEMES:
        raise ValueError(f"unknown theme {choice!r}; choose one of {', '.join(CHOICES)}")
    return THEMES[choice]


def use(theme: Theme) -> None:
    """Make ``theme`` the one :func:`now` gives (the views restyle when told)."""
    global _current
    _current = theme


def system_palette(app) -> QPalette:
    """The desktop's palette, as it was before a theme first changed the application's."""
    global _system
    if _system is None:
        _system = QPalette(app.palette())
    return _system


def apply_palette(app, theme: Theme) -> None:
    """The application palette that goes with ``theme`` (the desktop's own when the
    theme is the one the desktop's palette gives)."""
    system = system_palette(app)
    if theme is not resolve("system", system) or theme.name == "high-contrast":
        # the native styles of Windows and macOS draw buttons and lists their own way,
        # whatever the palette: Fusion draws them with it
        app.setStyle("Fusion")
    # Fusion draws frames a shade darker than the window: none on black, so high
    # contrast draws them white (and a checked box filled yellow)
    app.setStyleSheet(HIGH_CONTRAST_FRAMES if theme.name == "high-contrast" else "")
    if theme is resolve("system", system):
        app.setPalette(system)
        return
    p = QPalette()
    roles = QPalette.ColorRole
    for role, color in ((roles.Window, theme.window), (roles.WindowText, theme.window_text),
                        (roles.Base, theme.base), (roles.AlternateBase, theme.panel),
                        (roles.Text, theme.window_text), (roles.Button, theme.window),
                        (roles.ButtonText, theme.window_text), (roles.ToolTipBase, theme.popup),
                        (roles.ToolTipText, theme.text), (roles.Highlight, theme.highlight),
                        (roles.HighlightedText, "#000000" if theme.name == "high-contrast"
                         else "#ffffff"),
                        (roles.PlaceholderText, theme.muted), (roles.Link, theme.highlight)):
        p.setColor(role, QColor(color))
    # the frames of fields and buttons (Fusion draws them from these)
    hc = theme.name == "high-contrast"
    for role, color in ((roles.Light, "#ffffff" if hc else theme.frame),
                        (roles.Midlight, "#ffffff" if hc else theme.dim),
                        (roles.Mid, "#ffffff" if hc else theme.dim),
                        (roles.Dark, "#ffffff" if hc else theme.edge_zero),
                        (roles.Shadow, "#ffffff" if hc else "#000000")):
        p.setColor(role, QColor(color))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(theme.dim))
    app.setPalette(p)


def _luminance(color: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    q = QColor(color)
    return 0.2126 * channel(q.red()) + 0.7152 * channel(q.green()) + 0.0722 * channel(q.blue())


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)

