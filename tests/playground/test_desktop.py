"""A proper desktop app: name and icon, a launcher without a console, a menu entry."""

from __future__ import annotations

import configparser
import importlib
import json
import subprocess
import sys
import textwrap

import pytest
import tomllib
from PySide6.QtGui import QIcon

from playground.app import APP_ID, APP_NAME, identify

from .test_cli import ROOT, cli, env

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_application_has_a_name_an_id_and_an_icon(qapp):
    before = qapp.applicationName(), qapp.applicationDisplayName(), qapp.desktopFileName()
    try:
        identify(qapp)
        assert qapp.applicationName() == APP_ID == qapp.desktopFileName()
        assert qapp.applicationDisplayName() == APP_NAME
        icon = qapp.windowIcon()
        assert not icon.isNull()
        image = icon.pixmap(64, 64).toImage()
        assert image.width() == 64 and image.pixelColor(32, 32).alpha() > 0  # drawn
    finally:
        qapp.setApplicationName(before[0])
        qapp.setApplicationDisplayName(before[1])
        qapp.setDesktopFileName(before[2])
        qapp.setWindowIcon(QIcon())


def test_the_launcher_is_a_gui_script_and_the_resources_ship():
    project = PYPROJECT["project"]
    module, func = project["gui-scripts"]["playground-gui"].split(":")
    assert callable(getattr(importlib.import_module(module), func))
    shipped = PYPROJECT["tool"]["setuptools"]["package-data"]["playground"]
    resources = ROOT / "playground" / "resources"
    for name in (f"{APP_ID}.svg", f"{APP_ID}.desktop"):
        assert (resources / name).is_file()
        assert any((resources / name).match(f"playground/{pattern}") for pattern in shipped)
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_the_launcher_shows_a_file_that_does_not_open_in_the_window(tmp_path):
    """Double-clicking a broken project in a file manager: no terminal shows stderr."""
    (tmp_path / "broken.json").write_text("{ not json")
    script = textwrap.dedent("""
        import sys
        sys.argv = ["playground-gui", "broken.json", "--quit-after", "1.5", "--stats"]
        from playground.__main__ import gui_main
        sys.exit(gui_main())
    """)
    r = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env(),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    stats = json.loads(r.stdout.strip().splitlines()[-1])
    assert stats["banner"].startswith("broken.json: not valid JSON")
    assert stats["frames"] > 0  # the default lesson is open


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG desktops")
def test_install_desktop_writes_a_menu_entry_and_the_icon_and_removes_them(tmp_path):
    e = env()
    e["XDG_DATA_HOME"] = str(tmp_path / "share")
    r = subprocess.run([sys.executable, "-m", "playground", "install-desktop"], cwd=tmp_path,
                       env=e, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    entry = tmp_path / "share" / "applications" / f"{APP_ID}.desktop"
    icon = tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert r.stdout.splitlines() == [f"wrote {entry}", f"wrote {icon}"]
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(entry, encoding="utf-8")
    d = parser["Desktop Entry"]
    assert d["Type"] == "Application" and d["Name"] == APP_NAME and d["Icon"] == APP_ID
    assert d["Terminal"] == "false" and d["Exec"].endswith(" %f")
    command = d["Exec"][:-3]
    assert "playground-gui" in command or command.endswith("-m playground")
    assert icon.read_bytes() == (ROOT / "playground" / "resources" / f"{APP_ID}.svg").read_bytes()
    r = subprocess.run([sys.executable, "-m", "playground", "install-desktop", "--uninstall"],
                       cwd=tmp_path, env=e, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and not entry.exists() and not icon.exists()


def test_install_desktop_help(tmp_path):
    r = cli(["install-desktop", "--help"], tmp_path)
    assert r.returncode == 0 and "applications menu" in r.stdout

