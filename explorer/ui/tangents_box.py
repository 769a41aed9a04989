"""Extra tangent points on the scalar curves: an "Add tangent" button, and one row per
extra point with its own colour (made dark or light enough to read on the panel), its
readout and a remove button."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from explorer.ui.theme import readable

MAX_TANGENTS = 5


class TangentsBox(QtWidgets.QGroupBox):
    add_requested = QtCore.Signal()
    remove_requested = QtCore.Signal(int)

    def __init__(self, theme, parent=None):
        super().__init__("Tangents", parent)
        self.theme = theme
        self.layout_ = QtWidgets.QVBoxLayout(self)
        self.add_button = QtWidgets.QPushButton("Add tangent")
        self.add_button.setToolTip("Add another point with its own tangent (drag it on the "
                                   "curve; ✕ removes it)")
        self.add_button.setAccessibleName("Add tangent")
        self.add_button.clicked.connect(self.add_requested)
        self.layout_.addWidget(self.add_button)
        self.rows: list[tuple[QtWidgets.QWidget, QtWidgets.QLabel]] = []

    def show_state(self, state) -> None:
        """The rows of a ParamState's extra tangents, with their slopes f′."""
        ex, v = state.exercise, state.inputs
        self.sync([f"{k + 2}: x = {at:.3g}, f′ = {float(ex.df(at, v)):.4g}"
                   for k, at in enumerate(state.tangents)])

    def sync(self, readouts: list[str]) -> None:
        """One row per extra tangent, with its readout text."""
        while len(self.rows) < len(readouts):
            k = len(self.rows)
            row = QtWidgets.QWidget()
            line = QtWidgets.QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            label = QtWidgets.QLabel()
            remove = QtWidgets.QToolButton()
            remove.setText("✕")
            remove.setToolTip(f"Remove tangent {k + 2}")
            remove.setAccessibleName(f"Remove tangent {k + 2}")
            remove.clicked.connect(lambda _=False, k=k: self.remove_requested.emit(k))
            line.addWidget(label, 1)
            line.addWidget(remove)
            self.layout_.insertWidget(self.layout_.count() - 1, row)
            self.rows.append((row, label))
        self._colour_rows()
        for k, (row, label) in enumerate(self.rows):
            row.setVisible(k < len(readouts))
            if k < len(readouts):
                label.setText(readouts[k])
        self.add_button.setEnabled(len(readouts) < MAX_TANGENTS)

    def set_theme(self, theme) -> None:
        self.theme = theme
        self._colour_rows()

    def text_colour(self, k: int) -> str:
        """The text colour of row k: tangent k + 1's, readable on the panel."""
        background = self.palette().color(QtGui.QPalette.ColorRole.Window)
        return readable(self.theme.tangent(k + 1), background)

    def _colour_rows(self) -> None:
        for k, (_row, label) in enumerate(self.rows):
            style = f"color: {self.text_colour(k)}"
            if label.styleSheet() != style:
                label.setStyleSheet(style)

    def changeEvent(self, event) -> None:
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self._colour_rows()
        super().changeEvent(event)
