"""Start the window; the diagnostics flags used by benchmarks and screenshots.

``--autoplay`` presses Play once the first frame is drawn, ``--quit-after S``
closes the window S seconds after launch, ``--screenshot PATH`` saves a PNG of
the window just before it closes, ``--stats`` prints one JSON line on stdout:
steps, frames, fps, steps_per_s, ui_latency_ms_p50 / _p99 (how late a short
GUI-thread timer fires while training), rss_mb, first_frame_s, epoch,
train_loss, train_accuracy, path (jit or reference), banner (the message the window
shows, or null).
"""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import sys
import threading
import time
import traceback

from ui.i18n import (
    NO_HANGUL,
    hangul_font_missing,
    install_qt_translations,
    set_language,
    system_language,
)

from . import interrupts


def choose_language(code: str) -> str | None:
    """Use ``code`` for the UI; Korean without a font that has Hangul falls back to
    English: the message saying so (and what to install), else None."""
    if code == "ko" and hangul_font_missing():
        set_language("en")
        return NO_HANGUL
    set_language(code)
    return None


def _process_age() -> float:
    """Seconds since this process started (Linux /proc), else since this module loaded."""
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):  # no /proc, no os.sysconf
        return time.perf_counter() - _LOADED


_LOADED = time.perf_counter()


def _rss_mb() -> float | None:
    """Resident memory now (Linux), else the peak (other POSIX systems), else None."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource  # POSIX only: not on Windows
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 1024)  # bytes on macOS, else KiB


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


class LatencyProbe:
    """A 10 ms GUI-thread timer; records how late each tick fires."""

    INTERVAL_MS = 10

    def __init__(self, parent):
        from PySide6.QtCore import Qt, QTimer

        self.samples: list[float] = []
        self._last = None
        self._timer = QTimer(parent)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    def start(self):
        self._last = time.perf_counter()
        self._timer.start(self.INTERVAL_MS)

    def _tick(self):
        now = time.perf_counter()
        late = (now - self._last) * 1000 - self.INTERVAL_MS
        self.samples.append(max(0.0, late))
        self._last = now


APP_ID = "nn-playground"  # the settings and data folders', the .desktop file's and icon's name
APP_NAME = "Neural-network playground"


def resource(name: str) -> str:
    """The path of a file shipped in playground/resources."""
    from importlib.resources import files

    return str(files("playground") / "resources" / name)


def identify(app) -> None:
    """Name, desktop-file name (the Wayland app id) and icon of the application."""
    from PySide6.QtGui import QIcon

    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(resource(f"{APP_ID}.svg")))


class SignalCloser:
    """Ctrl+C and SIGTERM close the window the normal way (keeping a recovery copy
    instead of asking), though Qt's event loop runs in C++: the signal wakes the loop
    through a socket (signal.set_wakeup_fd), so Python's handler runs at once."""

    def __init__(self, win):
        from PySide6.QtCore import QSocketNotifier, QTimer

        self.win = win
        self.received: int | None = None
        self._old = {}
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, win)
        self._notifier.activated.connect(self._drain)
        self._post = QTimer.singleShot  # the handler posts the close to the event loop
        for signum in interrupts.SIGNALS:
            self._old[signum] = signal.signal(signum, self._on_signal)

    def _drain(self, *_args) -> None:
        try:
            while self._reader.recv(64):
                pass
        except OSError:  # empty (BlockingIOError) or closed
            pass

    def _on_signal(self, signum, _frame) -> None:
        if self.received is None:
            self.received = signum
            # not here, between two bytecodes of whatever slot was running
            self._post(0, self.win, lambda: self.win.close_for_signal(signum))
        else:  # asked twice (the close did not happen): the copy is kept, go now
            interrupts.exit_now(signum)

    def restore(self) -> None:
        """The previous handlers back; the socket closed."""
        for signum, old in self._old.items():
            signal.signal(signum, old)
        signal.set_wakeup_fd(self._old_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


def show_unexpected_errors(win) -> None:
    """A bug (an exception escaping a slot) is shown in the window, with its details on
    stderr, instead of vanishing into the terminal while the window carries on."""
    from PySide6.QtCore import QTimer

    def hook(kind, value, tb):
        traceback.print_exception(kind, value, tb, file=sys.stderr)
        if issubclass(kind, KeyboardInterrupt):
            return
        message = (f"Something went wrong inside the playground ({kind.__name__}: {value}). "
                   f"Your work is kept; the details are on the terminal.")
        try:
            if threading.current_thread() is threading.main_thread():
                win.show_error(message)
            else:  # (a widget is the GUI thread's alone: posted to it)
                QTimer.singleShot(0, win, lambda: win.show_error(message))
        except RuntimeError:  # the window is already gone
            pass

    sys.excepthook = hook


def run_app(project, file=None, autoplay=False, quit_after=None, screenshot=None, stats=False,
            size=None, jit=True, error=None, theme_choice="system",
            remembered_speed=False, lang=None) -> int:
    """Show the window on ``project`` (from ``file``); ``error``: a message to show in it
    at once (the file the desktop launcher was given did not open)."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .mainwindow import MainWindow
    from .recovery import RecoveryStore
    from .settings import Settings

    if screenshot:
        folder = os.path.dirname(os.path.abspath(screenshot))
        if not os.path.isdir(folder):
            print(f"playground: error: --screenshot: folder {folder} does not exist",
                  file=sys.stderr)
            return 2
    # The GUI thread gets the GIL back from the training thread within 0.5 ms
    # (default 5 ms): every event it handles needs it once.
    sys.setswitchinterval(0.0005)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    identify(app)
    if remembered_speed:  # no lesson, file or --speed asked for: the last speed chosen
        speed = Settings().speed()
        if speed is not None:
            project = project.replace(speed=speed)
    font_note = choose_language(lang or Settings().language() or system_language())
    install_qt_translations(app)
    recovery = RecoveryStore()
    win = MainWindow(project, file, jit=jit, recovery=recovery if recovery.usable else None,
                     theme_choice=theme_choice)
    win.resize(*(size or (1440, 900)))
    if size is None:
        win.restore_layout()  # the size and panel widths of the last session
    win.show()
    problem = win.exchange.settings.problem()
    if problem:
        win.show_banner(problem, "warning")
    if font_note:
        win.show_banner(font_note, "warning")
    if recovery.usable:
        win.offer_recovery(recovery.orphans())
    else:
        print(f"playground: note: {recovery.error}; unsaved work is not kept", file=sys.stderr)
    if error:
        win.show_error(error)
    closer = SignalCloser(win)
    show_unexpected_errors(win)
    # Everything built so far (Qt wrappers, pyqtgraph, the engine) lives as long as the
    # window: keep it out of the collector's full passes, which otherwise stall the
    # GUI thread for tens of ms while training churns out snapshots.
    gc.collect()
    gc.freeze()
    probe = LatencyProbe(win)
    state = {"play_at": None, "steps0": 0, "first_frame_s": None, "jit_after_s": None,
             "frames0": 0, "frames_from": None}

    def on_first_frame(snap):
        win.frame_drawn.disconnect(on_first_frame)
        state["first_frame_s"] = _process_age()
        if autoplay:
            state["play_at"] = time.perf_counter()
            state["steps0"] = snap.steps
            win.toolbar.play.setChecked(True)
            probe.start()

    win.frame_drawn.connect(on_first_frame)

    def on_compiled(snap):
        # the steps/s of --stats are those of the compiled path once training switched
        if snap.path == "jit" and state["play_at"] is not None and snap.running:
            win.frame_drawn.disconnect(on_compiled)
            state["jit_after_s"] = round(snap.at - state["play_at"], 3)
            state["play_at"], state["steps0"] = snap.at, snap.steps
            state["frames0"], state["frames_from"] = win.presenter.frames, time.perf_counter()

    win.frame_drawn.connect(on_compiled)

    def finish():
        snap = win.presenter.latest
        if screenshot:
            win.presenter.draw_now()
            if not win.grab().save(screenshot):
                print(f"playground: error: could not write screenshot {screenshot}",
                      file=sys.stderr)
        if stats:
            now = time.perf_counter()
            shown = win.presenter
            t_play = state["play_at"] or now
            # up to the newest snapshot's own time: its steps are those of then
            dt = max(1e-9, (snap.at if snap is not None and snap.at > t_play else now) - t_play)
            steps = (snap.steps - state["steps0"]) if snap else 0
            first = state["first_frame_s"]
            rss = _rss_mb()
            out = {
                "steps": steps,
                "frames": shown.frames,
                # since the switch to the compiled path, if there was one
                "fps": round((shown.frames - state["frames0"]) / max(1e-9, now - (
                    state["frames_from"] or shown.first_frame_at or now)), 1),
                "steps_per_s": round(steps / dt, 1),
                "ui_latency_ms_p50": round(_percentile(probe.samples, 0.5), 2),
                "ui_latency_ms_p99": round(_percentile(probe.samples, 0.99), 2),
                "rss_mb": None if rss is None else round(rss, 1),
                "first_frame_s": round(first, 3) if first is not None else None,
                "epoch": snap.epoch if snap else 0,
                "train_loss": snap.train_loss if snap else None,
                "train_accuracy": snap.train_accuracy if snap else None,
                "path": snap.path if snap else None,
                "jit_after_s": state["jit_after_s"],
                "banner": win.banner.text() if win.banner.isVisible() else None,
            }
            print(json.dumps(out), flush=True)
        win.confirm_close = False
        win.close()

    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), finish)
    code = app.exec()
    closer.restore()
    win.shutdown()
    if closer.received is not None:
        kept = " (unsaved work kept; it is offered at the next start)" if win.kept_recovery \
            else ""
        print(interrupts.LINES[closer.received] + kept, file=sys.stderr)
        return interrupts.exit_code(closer.received)
    return code
