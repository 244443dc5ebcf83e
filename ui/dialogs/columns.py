"""Which columns of a CSV are x1, x2 and the target, when the file names them otherwise.

pandas writes its index as a first column with no name, scikit-learn's data sets
name their features ("sepal length (cm)"): the learner picks the two
coordinates and the label (or a number to regress) from the file's own header.
"""

from __future__ import annotations

from PySide6 import QtWidgets

from engine.data.csvio import Columns
from ui.i18n import tr

__all__ = ["ColumnDialog"]


class ColumnDialog(QtWidgets.QDialog):
    def __init__(self, path: str, names: list[str], guess: Columns, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Import data: pick the columns"))
        shown = [n if n else tr("(column {i}, no name)").format(i=i + 1)
                 for i, n in enumerate(names)]
        intro = QtWidgets.QLabel(tr(
            "The columns of {path} are not named x1, x2, label (or y).<br>Pick the two "
            "coordinates and the target; the other columns are left out.").format(path=path))
        intro.setWordWrap(True)
        self.boxes = []
        form = QtWidgets.QFormLayout()
        for label, tip, index in (
                ("x\u2081 (across)", "The column of the first coordinate", guess.x1),
                ("x\u2082 (up)", "The column of the second coordinate", guess.x2),
                ("target", "The column of the class label or the value", guess.target)):
            box = QtWidgets.QComboBox()
            box.addItems(shown)
            box.setCurrentIndex(index)
            box.setToolTip(tip)
            form.addRow(label, box)
            self.boxes.append(box)
        self.classes = QtWidgets.QRadioButton("classes: the target is a label (classification)")
        self.values = QtWidgets.QRadioButton("numbers: the target is a value (regression)")
        (self.classes if guess.kind == "label" else self.values).setChecked(True)
        self.problem = QtWidgets.QLabel()
        self.problem.setWordWrap(True)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        lay = QtWidgets.QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.classes)
        lay.addWidget(self.values)
        lay.addWidget(self.problem)
        lay.addWidget(buttons)
        for box in self.boxes:
            box.currentIndexChanged.connect(self._sync)
        self._sync()

    def choice(self) -> Columns | None:
        """The columns picked, or None while two of them are the same."""
        i, j, k = (b.currentIndex() for b in self.boxes)
        if len({i, j, k}) != 3:
            return None
        return Columns(i, j, k, "label" if self.classes.isChecked() else "y")

    def _sync(self) -> None:
        ok = self.choice() is not None
        self.ok.setEnabled(ok)
        self.problem.setText("" if ok else tr("x\u2081, x\u2082 and the target must be three "
                                              "different columns."))

    def _check(self) -> None:
        if self.choice() is not None:
            self.accept()
