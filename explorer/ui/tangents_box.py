"""Extra tangent points on the scalar curves: an "Add tangent" button, and one row per
extra point with its own colour (made dark or light enough to read on the panel), its
slope, a box for its x (arrows step 1 % of the range, Page 10 %: the point moves from
the keyboard) and a remove button."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from explorer.ui.theme import readable

MAX_TANGENTS = 5


class TangentsBox(QtWidgets.QGroupBox):
    add_requested = QtCore.Signal()
    remove_requested = QtCore.Signal(int)
    move_requested = QtCore.Signal(int, float)  # tangent k to this x
    controls_changed = QtCore.Signal()  # a row was added (for the Tab order)

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
        self.boxes: list[QtWidgets.QDoubleSpinBox] = []  # each row's x
        self._range = (-3.0, 3.0)

    def show_state(self, state) -> None:
        """The rows of a ParamState's extra tangents, with their x and slopes f′."""
        ex, v = state.exercise, state.inputs
        param = ex.param("x")
        self._range = (float(param.lo), float(param.hi))
        self.sync([f"{k + 2}: f′ = {float(ex.df(at, v)):.4g}"
                   for k, at in enumerate(state.tangents)], state.tangents)

    def sync(self, readouts: list[str], xs=()) -> None:
        """One row per extra tangent, with its readout text (and its x)."""
        added = len(self.rows) < len(readouts)
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
            box = QtWidgets.QDoubleSpinBox()
            box.setPrefix("x = ")
            box.setKeyboardTracking(False)  # typed digits apply on Enter, not one by one
            box.setToolTip(f"The x of tangent {k + 2} (arrows: 1 % of the range, "
                           "Page Up/Down: 10 %)")
            box.setAccessibleName(f"x of tangent {k + 2}")
            box.valueChanged.connect(lambda x, k=k: self.move_requested.emit(k, float(x)))
            line.addWidget(label, 1)
            line.addWidget(box)
            line.addWidget(remove)
            self.layout_.insertWidget(self.layout_.count() - 1, row)
            self.rows.append((row, label))
            self.boxes.append(box)
        self._colour_rows()
        lo, hi = self._range
        for k, (row, label) in enumerate(self.rows):
            row.setVisible(k < len(readouts))
            if k < len(readouts):
                label.setText(readouts[k])
            if k < len(xs):
                box = self.boxes[k]
                with QtCore.QSignalBlocker(box):
                    box.setRange(lo, hi)
                    box.setSingleStep((hi - lo) / 100)
                    box.setValue(xs[k])
        self.add_button.setEnabled(len(readouts) < MAX_TANGENTS)
        if added:
            self.controls_changed.emit()

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
