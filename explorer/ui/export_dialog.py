"""File → Export pane / all panes: where to, as PNG or SVG, and how wide a PNG is."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

FORMATS = {"PNG image": ".png", "SVG drawing": ".svg"}
WIDTHS = (200, 10000)  # px a PNG may be wide (as on the command line)
DEFAULT_WIDTH = 1600  # px, as on the command line


class ExportDialog(QtWidgets.QDialog):
    """Asks for the file, the format and (PNG) the width; `chosen()` gives them."""

    def __init__(self, title: str, path: Path, width: int = DEFAULT_WIDTH, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.file = QtWidgets.QLineEdit(str(path))
        browse = QtWidgets.QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        where = QtWidgets.QHBoxLayout()
        where.addWidget(self.file, 1)
        where.addWidget(browse)
        self.format = QtWidgets.QComboBox()
        self.format.addItems(list(FORMATS))
        self.format.setCurrentIndex(list(FORMATS.values()).index(
            path.suffix.lower()) if path.suffix.lower() in FORMATS.values() else 0)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.width = QtWidgets.QSpinBox()
        self.width.setRange(*WIDTHS)
        self.width.setSingleStep(100)
        self.width.setSuffix(" px")
        self.width.setValue(width)
        self.width.setToolTip("The picture's width in pixels; its height follows the pane")
        form = QtWidgets.QFormLayout(self)
        form.addRow("File:", where)
        form.addRow("Format:", self.format)
        form.addRow("Width:", self.width)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._format_changed()

    def suffix(self) -> str:
        return FORMATS[self.format.currentText()]

    def chosen(self) -> tuple[Path, int]:
        """The file (given the format's ending) and the PNG width."""
        path = Path(self.file.text().strip()).expanduser()
        if path.suffix.lower() != self.suffix():
            path = path.with_suffix(self.suffix())
        return path, self.width.value()

    def accept(self) -> None:
        """An existing file is replaced only when confirmed; a name with no folder that
        exists is refused here, not after the picture has been made."""
        path, _width = self.chosen()
        if not self.file.text().strip() or not path.parent.is_dir():
            QtWidgets.QMessageBox.warning(self, "Not exported",
                                          f"The folder {path.parent} does not exist.")
            return
        if path.exists():
            answer = QtWidgets.QMessageBox.question(
                self, "Replace file?", f"{path} already exists. Replace it?")
            if answer != QtWidgets.QMessageBox.StandardButton.Yes:
                return
        super().accept()

    def _format_changed(self) -> None:
        self.width.setEnabled(self.suffix() == ".png")  # a drawing has no pixel width
        text = self.file.text().strip()
        if text:
            self.file.setText(str(Path(text).with_suffix(self.suffix())))

    def _browse(self) -> None:
        name = self.format.currentText()
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, self.windowTitle(), self.file.text(), f"{name} (*{self.suffix()})")
        if path:
            self.file.setText(path)
            self._format_changed()


def ask(parent, title: str, path: Path, width: int) -> tuple[Path, int] | None:
    """Run the dialog (window-modal); the chosen file and width, or None if cancelled."""
    dialog = ExportDialog(title, path, width, parent)
    dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    try:
        return dialog.chosen() if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted \
            else None
    finally:
        dialog.deleteLater()
