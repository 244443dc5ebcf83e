"""Test set-up shared by every test: Qt runs offscreen, before any QApplication exists."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
