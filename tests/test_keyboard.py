"""The window from the keyboard: Tab goes picker → parameters → panes, the widget reached
wears a visible ring, arrows step a slider by 1 % of its range and Page by 10 %, and extra
tangents move from the keyboard."""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

Key = QtCore.Qt.Key


def _where(window, widget) -> str:
    if widget is window.picker:
        return "picker"
    for name, host in (("params", window.params_area), ("panes", window.panes_host),
                       ("math", window.math_host)):
        if host.isAncestorOf(widget):
            return name
    return "other"


def _tab_through(window, qtbot, count: int) -> list:
    """The widgets Tab reaches from the picker, once round (at most `count`)."""
    window.picker.setFocus(QtCore.Qt.FocusReason.TabFocusReason)
    seen = []
    for _ in range(count):
        widget = QtWidgets.QApplication.focusWidget()
        if widget in seen:
            break
        seen.append(widget)
        qtbot.keyClick(widget, Key.Key_Tab)
    return seen


@pytest.mark.parametrize("exercise_id", ["5.1", "5.5-f1", "5.8a"])
def test_tab_goes_picker_then_parameters_then_panes(make_window, qtbot, exercise_id):
    window = make_window(exercise_id)
    if window.state.exercise.supports_tangents:
        window.add_tangent()  # (its row's controls come later than the rest)
        window.refresh()
    seen = _tab_through(window, qtbot, 40)
    order = []
    for widget in seen:
        where = _where(window, widget)
        if not order or order[-1] != where:
            order.append(where)
    assert order[:4] == ["picker", "params", "panes", "math"]
    panes = [w for w in seen if _where(window, w) == "panes"]
    assert panes[: len(window.grid.panes)] == list(window.grid.panes.values())
    params = [w for w in seen if _where(window, w) == "params"]
    sliders = [w for w in params if isinstance(w, QtWidgets.QAbstractSlider)]
    made = [w for w in window.params_panel.widgets.values()
            if isinstance(w, QtWidgets.QAbstractSlider)]
    assert len(sliders) == len(made)  # one stop a slider (not its frame and its groove)


def _ring_pixels(window, widget) -> int:
    """Pixels of the highlight colour on the widget's border, as shown on the screen."""
    image = window.grab(QtCore.QRect(widget.mapTo(window, QtCore.QPoint(0, 0)),
                                     widget.size())).toImage()
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())
    pixels = rows[:, : width * 3].reshape(height, width, 3).astype(int)
    border = np.concatenate([pixels[:3].reshape(-1, 3), pixels[-3:].reshape(-1, 3),
                             pixels[:, :3].reshape(-1, 3), pixels[:, -3:].reshape(-1, 3)])
    ring = QtGui.QColor(window.keyboard.ring_colour)
    want = np.array([ring.red(), ring.green(), ring.blue()])
    return int(np.sum(np.all(np.abs(border - want) < 24, axis=1)))


@pytest.mark.parametrize("stop", ["pane", "slider"])
def test_the_widget_reached_by_tab_wears_a_visible_ring(make_window, qtbot, stop):
    window = make_window("5.1")
    pane = window.grid.panes["f"]
    slider = window.params_panel.widgets["x"].findChild(QtWidgets.QSlider)
    widget = pane if stop == "pane" else slider
    before = _ring_pixels(window, widget)
    seen = _tab_through(window, qtbot, 12)
    index = seen.index(widget)
    window.picker.setFocus(QtCore.Qt.FocusReason.TabFocusReason)
    for w in seen[:index]:
        qtbot.keyClick(w, Key.Key_Tab)
    assert QtWidgets.QApplication.focusWidget() is widget
    ring = window.keyboard.ring()
    assert ring.isVisible() and ring.worn is widget
    assert ring.geometry() == QtCore.QRect(widget.mapTo(ring.parentWidget(), QtCore.QPoint()),
                                           widget.size())
    if stop == "slider":  # (a pane may wear the export's frame of the current pane too)
        perimeter = 2 * (widget.width() + widget.height())
        assert _ring_pixels(window, widget) - before > perimeter  # all the way round
    qtbot.keyClick(widget, Key.Key_Tab)  # it goes with the focus
    assert not ring.isVisible() or ring.worn is not widget
    if stop == "slider":
        assert _ring_pixels(window, widget) == before


@pytest.mark.parametrize("exercise_id, name", [("5.1", "x"), ("5.3", "sigma"),
                                               ("5.5-f1", "x[0]")])
def test_arrows_step_one_percent_of_the_range_and_page_ten(make_window, qtbot, exercise_id,
                                                          name):
    window = make_window(exercise_id)
    slider = window.params_panel.widgets[name]
    span = slider.maximum() - slider.minimum()
    inner = slider.findChild(QtWidgets.QSlider)
    slider.setValue(slider.minimum() + 0.3 * span)

    def value():
        base, _, index = name.partition("[")
        v = window.state.inputs[base]
        return float(v[int(index[:-1])]) if index else float(v)

    start = value()
    qtbot.keyClick(inner, Key.Key_Right)
    assert value() == pytest.approx(start + span / 100)
    qtbot.keyClick(inner, Key.Key_PageUp)
    assert value() == pytest.approx(start + span / 100 + span / 10)
    qtbot.keyClick(inner, Key.Key_Down)
    qtbot.keyClick(inner, Key.Key_PageDown)
    assert value() == pytest.approx(start)


def test_an_integer_slider_steps_by_its_range_too(make_window, qtbot):
    window = make_window("5.4")
    slider = window.params_panel.widgets["n"]
    span = slider.maximum() - slider.minimum()
    assert slider.singleStep() == max(1, round(span / 100))
    assert slider.pageStep() == max(1, round(span / 10))


def test_an_extra_tangent_moves_from_the_keyboard(make_window, qtbot):
    window = make_window("5.2")
    window.add_tangent()
    window.refresh()
    param = window.state.exercise.param("x")
    span = param.hi - param.lo
    box = window.tangents_box.rows[0][0].findChild(QtWidgets.QDoubleSpinBox)
    start = window.state.tangents[0]
    box.setFocus()
    qtbot.keyClick(box, Key.Key_Up)
    assert window.state.tangents[0] == pytest.approx(start + span / 100)
    qtbot.keyClick(box, Key.Key_PageDown)
    assert window.state.tangents[0] == pytest.approx(start + span / 100 - span / 10)
    window.refresh()
    assert window.grid.panes["f"].targets[1].pos().x() == pytest.approx(
        window.state.tangents[0])
    window.state.set("tangent[0]", -2.0)  # and a drag moves the box
    window.refresh()
    assert box.value() == pytest.approx(-2.0)


def test_no_two_actions_or_shortcuts_share_a_key(make_window):
    # Qt triggers neither of two shortcuts on the same key ("ambiguous shortcut")
    window = make_window("5.1")
    keys = [a.shortcut().toString() for a in window.findChildren(QtGui.QAction)]
    keys += [s.key().toString() for s in window.findChildren(QtGui.QShortcut)
             if s.context() != QtCore.Qt.ShortcutContext.WidgetShortcut]
    keys = [k for k in keys if k and k != "Esc"]  # Escape cancels whatever is running
    assert len(keys) > 10
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []
