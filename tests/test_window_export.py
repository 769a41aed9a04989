"""The window's exports: a copy of the pane as shown (its on-screen aspect, under the
command line's header), never the hover readout or the drag highlight; the export dialog
with format and width; Ctrl+Shift+C; the frame marking the pane Ctrl+E exports."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.ui.export import describe_inputs
from explorer.ui.export_dialog import ExportDialog
from explorer.ui.svg_text import TEXT
from explorer.ui.window_export import export_frame

LEFT = QtCore.Qt.MouseButton.LeftButton


def pixels(image: QtGui.QImage) -> np.ndarray:
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    return np.array(image.constBits(), dtype=np.uint8).reshape(image.height(), -1)[
        :, :image.width() * 4].copy()


def exported(window, path) -> np.ndarray:
    window.export_to(path, all_panes=False, width=600)
    return pixels(QtGui.QImage(str(path)))


def move(viewport, pos, buttons=QtCore.Qt.MouseButton.NoButton):
    event = QtGui.QMouseEvent(QtCore.QEvent.Type.MouseMove, QtCore.QPointF(pos),
                              viewport.mapToGlobal(QtCore.QPointF(pos)),
                              QtCore.Qt.MouseButton.NoButton, buttons,
                              QtCore.Qt.KeyboardModifier.NoModifier)
    QtCore.QCoreApplication.sendEvent(viewport, event)


def test_hover_readout_and_drag_highlight_stay_out_of_exports(make_window, qtbot, tmp_path):
    window = make_window("5.2")
    pane = window.grid.panes["f"]
    window.set_current_pane("f")
    quiet = exported(window, tmp_path / "quiet.png")
    viewport = pane.viewport()
    at = pane.mapFromScene(pane.plot.vb.mapViewToScene(pane.target.pos()))
    before = pixels(pane.grab().toImage())
    move(viewport, at + QtCore.QPoint(40, 0))  # over the plot: a readout of f there
    move(viewport, at)  # over the draggable point: highlighted
    qtbot.wait(50)
    assert not np.array_equal(pixels(pane.grab().toImage()), before)  # the window shows it
    assert np.array_equal(exported(window, tmp_path / "hover.png"), quiet)
    qtbot.mousePress(viewport, LEFT, pos=at)  # a drag under way, not moved yet
    move(viewport, at, LEFT)
    assert np.array_equal(exported(window, tmp_path / "drag.png"), quiet)
    qtbot.mouseRelease(viewport, LEFT, pos=at)


@pytest.mark.parametrize("size", [(1500, 860), (1100, 700)])
def test_one_pane_exports_at_its_on_screen_aspect(make_window, qtbot, tmp_path, size):
    window = make_window("5.1")
    window.set_size(*size, within=QtCore.QRect())
    qtbot.wait(50)
    pane = window.grid.panes[window.current_pane]
    frame = export_frame(window, all_panes=False)
    copy = frame.findChild(type(pane))
    top = copy.mapTo(frame, QtCore.QPoint(0, 0)).y()  # under the header and its spacing
    assert frame.findChild(QtWidgets.QLabel, "export-header").geometry().bottom() < top
    frame.deleteLater()
    window.export_to(tmp_path / "pane.png", all_panes=False, width=800)
    image = QtGui.QImage(str(tmp_path / "pane.png"))
    scale = image.width() / pane.width()
    below_header = image.height() - top * scale
    assert below_header / image.width() == pytest.approx(pane.height() / pane.width(), rel=0.02)


def test_window_exports_carry_the_command_lines_header(make_window, tmp_path):
    window = make_window("5.3")
    window.set_param("mu", 0.5)
    window.export_to(tmp_path / "pane.svg", all_panes=False)
    texts = [(e.text or "").strip() for e in ET.parse(tmp_path / "pane.svg").iter(TEXT)]
    assert "5.3" in texts
    assert f"— {window.state.exercise.title}" in texts
    shown = {p.name: p.display for p in window.state.exercise.params}
    assert describe_inputs(window.state.inputs, shown) in texts  # "x = …, μ = 0.5"


def test_the_export_dialog_offers_format_and_width(make_window, qtbot, tmp_path):
    window = make_window("5.1")
    target = tmp_path / "chosen.png"

    def fill_in():
        dialog = QtWidgets.QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        dialog.format.setCurrentText("SVG drawing")
        assert not dialog.width.isEnabled() and dialog.file.text().endswith(".svg")
        dialog.format.setCurrentText("PNG image")
        assert dialog.width.isEnabled()
        dialog.file.setText(str(target))
        dialog.width.setValue(640)
        dialog.accept()

    QtCore.QTimer.singleShot(0, fill_in)
    window.export_dialog(all_panes=False)
    assert QtGui.QImage(str(target)).width() == 640
    assert window.export_width == 640  # offered again next time


def test_ctrl_shift_c_copies_the_pane_as_an_image(make_window, qtbot):
    window = make_window("5.1")
    clipboard = QtWidgets.QApplication.clipboard()
    clipboard.clear()
    qtbot.keyClick(window, QtCore.Qt.Key.Key_C,
                   QtCore.Qt.KeyboardModifier.ControlModifier
                   | QtCore.Qt.KeyboardModifier.ShiftModifier)
    image = clipboard.image()
    pane = window.grid.panes[window.current_pane]
    assert not image.isNull() and image.width() == 2 * pane.width()
    assert (pixels(image) < 128).mean() > 0.01  # the pane drawn, not an empty picture


def test_the_pane_ctrl_e_exports_is_framed(make_window, qtbot):
    window = make_window("5.1")
    highlight = window.palette().color(QtGui.QPalette.ColorRole.Highlight)

    def framed(name) -> bool:
        pane = window.grid.panes[name]
        image = window.grid.grab().toImage()
        ratio = image.devicePixelRatio()
        edge = pane.geometry().topLeft() + QtCore.QPoint(1, pane.height() // 2)
        return image.pixelColor(round(edge.x() * ratio), round(edge.y() * ratio)) == highlight

    assert window.current_pane == "f" and framed("f") and not framed("df")
    df = window.grid.panes["df"]
    qtbot.mouseClick(df.viewport(), LEFT, pos=QtCore.QPoint(df.width() // 2, 20))
    assert window.current_pane == "df" and framed("df") and not framed("f")


def test_a_view_zoomed_with_the_mouse_is_exported_as_shown(make_window, qtbot):
    window = make_window("5.2")
    pane = window.grid.panes["f"]
    box = pane.plot.vb
    drawn = box.viewRange()
    viewport = pane.viewport()
    centre = QtCore.QPointF(viewport.width() / 2, viewport.height() / 2)
    wheel = QtGui.QWheelEvent(centre, viewport.mapToGlobal(centre), QtCore.QPoint(0, 0),
                              QtCore.QPoint(0, 240), QtCore.Qt.MouseButton.NoButton,
                              QtCore.Qt.KeyboardModifier.NoModifier,
                              QtCore.Qt.ScrollPhase.NoScrollPhase, False)
    QtCore.QCoreApplication.sendEvent(viewport, wheel)
    zoomed = box.viewRange()
    assert zoomed[0][1] - zoomed[0][0] < 0.9 * (drawn[0][1] - drawn[0][0])
    frame = export_frame(window, all_panes=False)
    try:
        copy = frame.findChild(type(pane)).plot.vb.viewRange()
        assert np.allclose(copy, zoomed)
    finally:
        frame.deleteLater()
