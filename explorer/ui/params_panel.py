"""The parameter panel, generated from the exercise's parameter specs (magicgui-style):
a labelled slider with an editable number box per scalar/int, a spin box and a "New draw"
button for the seed, one slider per component for short bounded vectors, and a table
editor for other vectors and matrices."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtWidgets
from superqt import QLabeledDoubleSlider, QLabeledSlider
from superqt.utils import signals_blocked

from explorer.core import params as P
from explorer.ui.player import SPEEDS, SliderPlayer

H = QtCore.Qt.Orientation.Horizontal
MAX_COMPONENT_SLIDERS = 4


class _SliderKeys(QtCore.QObject):
    """Arrow keys, Page Up/Down, Home/End for superqt's float sliders, whose own keyboard
    handling is a stub: arrows move 1 % of the range, pages 10 %."""

    def __init__(self, labeled):
        super().__init__(labeled)
        self.labeled = labeled

    def eventFilter(self, obj, event):
        if event.type() != QtCore.QEvent.Type.KeyPress:
            return False
        s, key, K = self.labeled, event.key(), QtCore.Qt.Key
        step = (s.maximum() - s.minimum()) / 100
        moves = {K.Key_Right: step, K.Key_Up: step, K.Key_Left: -step, K.Key_Down: -step,
                 K.Key_PageUp: 10 * step, K.Key_PageDown: -10 * step}
        if key in moves:  # (rounded: 1.06, not 1.0600000000000001)
            value = round(s.value() + moves[key], 10)
            s.setValue(min(max(value, s.minimum()), s.maximum()))
        elif key == K.Key_Home:
            s.setValue(s.minimum())
        elif key == K.Key_End:
            s.setValue(s.maximum())
        else:
            return False
        return True


def _tip(param: P.Param, shown: str, component: int | None = None) -> str:
    """A control's tooltip: what it is, and the name the command line takes for it."""
    what = shown if component is None else f"{shown}, component {component + 1} of {param.display}"
    about = f"{what}: {param.help}" if param.help else what
    return about if param.name == param.display else f"{about}\n(command line: {param.name})"


def _slider(param: P.Param, integer: bool, tooltip: str, name: str):
    slider = QLabeledSlider(H) if integer else QLabeledDoubleSlider(H)
    lo = param.lo if param.lo is not None else (0 if integer else -10.0)
    hi = param.hi if param.hi is not None else (100 if integer else 10.0)
    slider.setRange(int(lo) if integer else float(lo), int(hi) if integer else float(hi))
    slider.setSingleStep(int(param.step) if integer else float(param.step))
    if integer:  # arrows step 1 % of the range, pages 10 % (at least 1)
        slider.setSingleStep(max(int(param.step), round((hi - lo) / 100)))
        slider.setPageStep(max(1, round((hi - lo) / 10)))
    inner = slider.findChild(QtWidgets.QAbstractSlider)
    slider.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # one Tab stop: the inner slider
    slider.setFocusProxy(inner)
    if not integer:
        keys = _SliderKeys(slider)
        for inner in slider.findChildren(QtWidgets.QAbstractSlider):
            inner.installEventFilter(keys)
        decimals = max(0, min(6, round(-np.log10(param.step)) if param.step < 1 else 0))
        slider.setDecimals(decimals)
    slider.setToolTip(tooltip)
    slider.setAccessibleName(name)
    for part in slider.findChildren(QtWidgets.QWidget):  # the inner slider and number box
        part.setToolTip(tooltip)
        part.setAccessibleName(f"{name} ({type(part).__name__})")
    return slider


class ParamsPanel(QtWidgets.QWidget):
    """Emits `value_changed(name, value)`; `name` may be a component such as 'x[1]'."""

    value_changed = QtCore.Signal(str, object)
    controls_changed = QtCore.Signal()  # controls were added (for the Tab order)

    def __init__(self, exercise, parent=None):
        super().__init__(parent)
        self.exercise = exercise
        self.form = QtWidgets.QFormLayout(self)
        self.form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.widgets: dict[str, QtWidgets.QWidget] = {}  # parameter or component name → widget
        self.play_buttons: dict[str, QtWidgets.QToolButton] = {}
        self._vector_boxes: dict[str, QtWidgets.QWidget] = {}
        self.player = SliderPlayer(self)
        self.player.playing_changed.connect(self._show_playing)
        for param in exercise.params:
            if param.in_panel:
                self._add(param)
        if self.play_buttons:
            speed = QtWidgets.QComboBox()
            speed.addItems(list(SPEEDS))
            speed.setCurrentText("1×")
            speed.setToolTip("How fast ▶ sweeps a slider (1×: end to end in 6 s)")
            speed.setAccessibleName("Play speed")
            speed.currentTextChanged.connect(lambda t: setattr(self.player, "speed", SPEEDS[t]))
            self.speed_box = speed
            self.form.addRow("speed", speed)

    # --- play -------------------------------------------------------------------------------
    def _with_play(self, slider, key: str, shown: str) -> QtWidgets.QWidget:
        """The slider with a ▶/⏸ button that sweeps it back and forth (`key` names the
        parameter or component, `shown` is how the reader sees it)."""
        box = QtWidgets.QWidget()
        row = QtWidgets.QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        button = QtWidgets.QToolButton()
        button.setIcon(self._icon(playing=False))
        button.setCheckable(True)
        button.setToolTip(f"Play/pause: sweep {shown} back and forth (Ctrl+P)")
        button.setAccessibleName(f"Play {shown}")
        button.clicked.connect(lambda _=False, s=slider: self.player.toggle(s))
        row.addWidget(slider, 1)
        row.addWidget(button)
        self.play_buttons[key] = button
        slider.setProperty("play_key", key)
        return box

    def _icon(self, playing: bool):
        pixmap = (QtWidgets.QStyle.StandardPixmap.SP_MediaPause if playing
                  else QtWidgets.QStyle.StandardPixmap.SP_MediaPlay)
        return self.style().standardIcon(pixmap)

    def _show_playing(self, slider) -> None:
        key = slider.property("play_key") if slider is not None else None
        for name, button in self.play_buttons.items():
            with signals_blocked(button):
                button.setChecked(name == key)
            button.setIcon(self._icon(playing=name == key))

    def toggle_play(self) -> None:
        """Pause what plays, or play the last played (else the first) continuous slider."""
        if self.player.playing:
            self.player.stop()
            return
        slider = self.player.slider
        if slider is None or slider.property("play_key") not in self.play_buttons:
            if not self.play_buttons:
                return
            slider = self.widgets[next(iter(self.play_buttons))]
        self.player.start(slider)

    # --- building -------------------------------------------------------------------------
    def _add(self, param: P.Param) -> None:
        tip = _tip(param, param.display)
        label = QtWidgets.QLabel(param.display)
        label.setToolTip(tip)
        if param.kind == P.SCALAR:
            slider = _slider(param, False, tip, param.display)
            slider.valueChanged.connect(
                lambda v, n=param.name: self.value_changed.emit(n, float(v)))
            self.widgets[param.name] = slider
            self.form.addRow(label, self._with_play(slider, param.name, param.display))
            return
        elif param.kind == P.INT and param.name == "seed":
            w = QtWidgets.QWidget()
            row = QtWidgets.QHBoxLayout(w)
            row.setContentsMargins(0, 0, 0, 0)
            spin = QtWidgets.QSpinBox()
            spin.setRange(int(param.lo or 0), int(param.hi or 2**31 - 1))
            spin.setToolTip(tip)
            spin.setAccessibleName("seed")
            spin.valueChanged.connect(lambda v: self.value_changed.emit("seed", int(v)))
            new = QtWidgets.QPushButton("New draw")
            new.setToolTip("Draw new random vectors and matrices (next seed)")
            new.setAccessibleName("New draw")
            new.clicked.connect(lambda: spin.setValue(spin.value() + 1))
            row.addWidget(spin, 1)
            row.addWidget(new)
            self.widgets["seed"] = spin
            self.form.addRow(label, w)
            return
        elif param.kind == P.INT:
            w = _slider(param, True, tip, param.display)
            w.valueChanged.connect(lambda v, n=param.name: self.value_changed.emit(n, int(v)))
        elif param.kind == P.VECTOR and param.lo is not None and param.hi is not None:
            w = QtWidgets.QWidget()
            QtWidgets.QVBoxLayout(w).setContentsMargins(0, 0, 0, 0)
            self._vector_boxes[param.name] = w
        elif param.kind == P.MATRIX and param.lo is not None:  # a slider for its entries
            from explorer.ui.entry_slider import EntrySlider

            w = EntrySlider(param)
            w.edited.connect(self.value_changed.emit)
        else:
            from explorer.ui.array_editor import ArrayEditor

            w = ArrayEditor(param)
            w.setToolTip(tip)
            w.edited.connect(self.value_changed.emit)
        self.widgets[param.name] = w
        self.form.addRow(label, w)

    def _component_sliders(self, param: P.Param, length: int) -> None:
        """(Re)build one slider per component when the vector's length changes."""
        box = self._vector_boxes[param.name]
        layout = box.layout()
        have = [k for k in self.widgets if k.startswith(param.name + "[")]
        table_key = f"{param.name}#table"
        if len(have) == length or (length > MAX_COMPONENT_SLIDERS and table_key in self.widgets
                                   and not have):
            return
        for key in [*have, table_key]:
            widget = self.widgets.pop(key, None)
            if widget is None:
                continue
            if self.player.slider is widget:
                self.player.stop()
                self.player.slider = None
            self.play_buttons.pop(key, None)
            holder = widget.parentWidget() if key in have else widget  # the slider's row
            layout.removeWidget(holder)
            holder.hide()  # gone from the screen now, not when the deletion is processed
            holder.deleteLater()
        if length > MAX_COMPONENT_SLIDERS:  # too long for a slider each: a table whose
            from explorer.ui.entry_slider import EntrySlider  # chosen entry has one

            table = EntrySlider(param)
            table.setToolTip(_tip(param, param.display))
            table.edited.connect(self.value_changed.emit)
            layout.addWidget(table)
            self.widgets[table_key] = table
            self.controls_changed.emit()
            return
        for i in range(length):
            key, shown = f"{param.name}[{i}]", param.component(i)
            s = _slider(param, False, _tip(param, shown, i), shown)
            s.valueChanged.connect(lambda v, k=key: self.value_changed.emit(k, float(v)))
            row = self._with_play(s, key, shown)
            label = QtWidgets.QLabel(shown)
            label.setToolTip(s.toolTip())
            row.layout().insertWidget(0, label)
            layout.addWidget(row)
            self.widgets[key] = s
        self.controls_changed.emit()

    # --- syncing from the state (no signals: no feedback loops) -------------------------------
    def sync(self, inputs: dict) -> None:
        for param in self.exercise.params:
            if not param.in_panel:
                continue
            value = inputs[param.name]
            if param.name in self._vector_boxes:
                self._component_sliders(param, len(value))
                table = self.widgets.get(f"{param.name}#table")
                if table is not None:
                    with signals_blocked(table):
                        table.set_value(np.asarray(value))
                if len(value) <= MAX_COMPONENT_SLIDERS:  # (longer vectors have a table)
                    for i, component in enumerate(value):
                        slider = self.widgets.get(f"{param.name}[{i}]")
                        # (only a component that changed: setting a slider lays it out)
                        if slider is not None and slider.value() != float(component):
                            with signals_blocked(slider):
                                slider.setValue(float(component))
                continue
            widget = self.widgets[param.name]
            with signals_blocked(widget):
                if param.kind in (P.VECTOR, P.MATRIX):
                    widget.set_value(np.asarray(value))
                elif widget.value() != value:  # (a spin box set to its value repaints)
                    widget.setValue(value)
