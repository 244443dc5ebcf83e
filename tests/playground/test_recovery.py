"""Nothing lost: unsaved work is kept while the window runs, survives Ctrl+C, SIGTERM
and kills, and is offered by the next window; saves never leave debris or half files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from PySide6.QtCore import Qt, QTimer

import engine
from playground.app import SignalCloser
from playground.recovery import RecoveryStore

from .test_cli import env


def _edit(win, qtbot) -> None:
    """A learner's edit: one more neuron in the first hidden layer (the canvas's +)."""
    plus, _ = win.canvas.unit_buttons(0)
    units = win.document.project.network.layers[0].units
    plus.on_click()
    qtbot.waitUntil(lambda: win.document.project.network.layers[0].units == units + 1,
                    timeout=5000)
    assert win.document.modified


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_closes_the_window_and_the_next_one_offers_the_unsaved_work(
        window, qtbot, tmp_path, signum):
    store = RecoveryStore(tmp_path)
    win = window("mlp-xor", recovery=store)
    _edit(win, qtbot)
    edited = win.document.project.network
    closer = SignalCloser(win)
    try:
        os.kill(os.getpid(), signum)  # a real signal, as a terminal's Ctrl+C sends it
        qtbot.waitUntil(lambda: not win.isVisible(), timeout=10000)
    finally:
        closer.restore()
    assert closer.received == signum and win.kept_recovery

    store2 = RecoveryStore(tmp_path)  # the next start
    copies = store2.orphans()
    assert [c.project.network for c in copies] == [edited]
    win2 = window("circle", recovery=store2)
    win2.offer_recovery(copies)
    assert win2.recovery_bar.isVisible() and "mlp" in win2.recovery_bar.label.text().lower()
    qtbot.mouseClick(win2.recovery_bar.open_button, Qt.MouseButton.LeftButton)
    assert win2.document.project.network == edited
    assert win2.document.modified and win2.isWindowModified()
    assert win2.windowTitle().startswith(win2.document.title + "[*]")
    assert not win2.recovery_bar.isVisible()
    assert not copies[0].file.exists()  # taken over: win2's own copy holds it now
    assert store2.file.exists()
    assert RecoveryStore(tmp_path).orphans() == []  # win2 is alive: its copy is no orphan


def test_saving_or_closing_normally_leaves_no_copy(window, qtbot, tmp_path):
    store = RecoveryStore(tmp_path / "recovery")
    win = window("mlp-xor", recovery=store)
    assert not win.keep_recovery_copy()  # nothing unsaved, nothing kept
    _edit(win, qtbot)
    assert win.keep_recovery_copy() and store.file.exists()
    assert win.save(str(tmp_path / "work.json"))
    assert not store.file.exists()  # saved: the copy goes
    _edit(win, qtbot)
    assert win.keep_recovery_copy()
    win.close()  # (the test's window does not ask: like answering Discard)
    assert not store.file.exists()
    assert not list((tmp_path / "recovery").glob("*.json"))


def test_discard_and_not_now(window, qtbot, tmp_path):
    first = RecoveryStore(tmp_path)
    project = engine.presets.load("spiral")
    for title in ("one", "two"):
        other = RecoveryStore(tmp_path)
        assert other.write(project.replace(title=title), None)
        other.close(keep=True)  # as a killed window leaves it
    copies = first.orphans()
    assert sorted(c.project.title for c in copies) == ["one", "two"]
    win = window("mlp-xor", recovery=first)
    win.offer_recovery(copies)
    bar = win.recovery_bar
    assert "(and 1 more)" in bar.label.text()
    shown = bar.current
    qtbot.mouseClick(bar.discard_button, Qt.MouseButton.LeftButton)
    assert not shown.file.exists() and bar.isVisible()
    qtbot.mouseClick(bar.later_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert [c.project.title for c in RecoveryStore(tmp_path).orphans()] == [
        ({"one", "two"} - {shown.project.title}).pop()]  # kept for next time
    assert win.document.project.title == engine.presets.load("mlp-xor").title  # untouched


def test_a_killed_window_leaves_a_copy_the_next_start_finds(tmp_path):
    """SIGKILL: no handler runs; the lock's owner is gone, so the copy is an orphan."""
    script = textwrap.dedent(f"""
        import sys
        from PySide6.QtCore import QCoreApplication
        import engine
        from playground.recovery import RecoveryStore
        app = QCoreApplication([])
        store = RecoveryStore({str(tmp_path)!r})
        store.write(engine.presets.load("moons").replace(title="killed"), "/somewhere/w.json")
        print("ready", flush=True)
        sys.stdin.read()
    """)
    p = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, env=env(), text=True)
    try:
        assert p.stdout.readline().strip() == "ready"
        assert RecoveryStore(tmp_path).orphans() == []  # still running: not an orphan
        p.kill()
        p.wait(10)
    finally:
        if p.poll() is None:
            p.kill()
    copies = RecoveryStore(tmp_path).orphans()
    assert [(c.project.title, c.path) for c in copies] == [("killed", "/somewhere/w.json")]


def test_an_unreadable_copy_is_dropped_not_offered(tmp_path):
    (tmp_path / "1-dead.json").write_text("{ half a file")
    (tmp_path / "2-dead.json").write_text('{"format": "nn-playground-recovery", "project": 3}')
    assert RecoveryStore(tmp_path).orphans() == []
    assert not list(tmp_path.glob("*-dead.json"))


# ------------------------------------------------------------------ the real app
def _start_window(tmp_path, *args):
    e = env()
    e["XDG_DATA_HOME"] = str(tmp_path / "data")
    p = subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "playground",
                          "--preset", "mlp-xor", "--quit-after", "60", *args],
                         cwd=tmp_path, env=e,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    # the window's lock file appears once the window is up
    while not list((tmp_path / "data").rglob("*.lock")):
        assert p.poll() is None and time.monotonic() < deadline, p.communicate()
        time.sleep(0.05)
    return p


@pytest.mark.parametrize("delay", [0.0, 1.5], ids=["while-it-opens", "while-it-trains"])
@pytest.mark.parametrize(("signum", "code", "line"), [
    (signal.SIGINT, 130, "playground: interrupted"),
    (signal.SIGTERM, 143, "playground: terminated"),
])
def test_a_terminals_signal_closes_the_real_window(tmp_path, signum, code, line, delay):
    p = _start_window(tmp_path, "--autoplay")
    time.sleep(delay)
    t0 = time.monotonic()
    p.send_signal(signum)
    out, err = p.communicate(timeout=20)
    assert time.monotonic() - t0 < 10
    assert p.returncode == code, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == line  # nothing unsaved: nothing kept
    assert not list((tmp_path / "data").rglob("*.json"))  # and no copy left behind


# ------------------------------------------------------------------ saves
def test_a_save_killed_midway_leaves_the_old_file_whole_and_its_debris_goes(tmp_path):
    """A process killed while its save is written (held there: the rename never comes)
    leaves the old file as it was; its temporary file goes at the next save."""
    target = tmp_path / "work.json"
    engine.project.save(engine.presets.load("mlp-xor"), target)
    before = target.read_bytes()
    script = textwrap.dedent(f"""
        import os, sys, time
        import engine
        def held(src, dst):  # the moment between the written temporary file and the rename
            print("writing", flush=True)
            time.sleep(60)
        os.replace = held
        engine.project.save(engine.presets.load("spiral"), {str(target)!r})
    """)
    left = []
    for _ in range(2):
        p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                             env=env(), text=True)
        assert p.stdout.readline().strip() == "writing"
        p.kill()
        p.wait(10)
        debris = list(tmp_path.glob(".work.json.*.tmp"))
        # one: the second save swept what the first one's kill left
        assert len(debris) == 1 and debris[0].stat().st_size > 1000
        left.append(debris[0].name)
        assert target.read_bytes() == before  # the real name: the old file, whole
    assert left[0] != left[1]
    engine.project.save(engine.presets.load("circle"), target)
    assert not list(tmp_path.glob("*.tmp"))
    assert engine.project.load(target).title == engine.presets.load("circle").title


def test_loading_sweeps_the_debris_of_a_dead_process(tmp_path):
    target = tmp_path / "w.json"
    engine.project.save(engine.presets.load("mlp-xor"), target)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    debris = tmp_path / f".w.json.{dead}-abc123.tmp"
    alive = tmp_path / f".w.json.{os.getpid()}-def456.tmp"  # a save of ours in progress
    debris.write_text("{ half")
    alive.write_text("{ half")
    engine.project.load(target)
    assert not debris.exists() and alive.exists()


def test_a_signal_while_save_changes_is_asked_still_closes_and_keeps_the_copy(
        window, qtbot, tmp_path):
    store = RecoveryStore(tmp_path)
    win = window("mlp-xor", recovery=store)
    _edit(win, qtbot)
    win.confirm_close = True
    closer = SignalCloser(win)
    try:
        QTimer.singleShot(0, win.close)  # "Save your changes?" opens, and waits
        QTimer.singleShot(400, lambda: os.kill(os.getpid(), signal.SIGTERM))
        qtbot.waitUntil(lambda: not win.isVisible(), timeout=10000)
    finally:
        closer.restore()
    assert win.kept_recovery and store.file.exists()  # kept, its lock released: an orphan
    assert [c.project.network for c in RecoveryStore(tmp_path).orphans()] == [
        win.document.project.network]


@pytest.mark.parametrize("content", ["[]", "{ half", '{"format": "nn-playground-recovery"}',
                                     "[" * 100_000])
def test_a_bad_file_in_the_recovery_folder_never_stops_the_start(tmp_path, content):
    (tmp_path / "1-x.json").write_text(content)
    assert RecoveryStore(tmp_path).orphans() == []
    assert not (tmp_path / "1-x.json").exists()
