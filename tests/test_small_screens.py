"""Small and large screens: the window fits a 1024×640 screen with its math panel, answer
box and status bar on it; the side panels collapse; 5.9's histograms keep a readable
height (the pane grid scrolls instead)."""

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.ui.main_window import DEFAULT_SIZE


def _settle(rounds: int = 4) -> None:
    for _ in range(rounds):
        QtWidgets.QApplication.processEvents()


def _inside(widget, window) -> bool:
    """The widget is shown and wholly inside the window's rectangle."""
    top_left = widget.mapTo(window, QtCore.QPoint(0, 0))
    rect = QtCore.QRect(top_left, widget.size())
    return widget.isVisible() and window.rect().contains(rect)


@pytest.mark.parametrize("exercise_id", ["5.9", "5.8a", "5.4"])
def test_the_whole_window_fits_a_1024x640_screen(make_window, exercise_id):
    window = make_window(exercise_id)
    window.set_size(*DEFAULT_SIZE, within=QtCore.QRect(0, 0, 1024, 640))
    _settle()
    assert window.width() <= 1024 and window.height() <= 600  # (40 px for a title bar)
    least = window.minimumSizeHint()
    assert least.width() <= 1024 and least.height() <= 600
    for part in (window.math_panel, window.math_panel.answer, window.math_panel.check_button,
                 window.statusBar(), window.params_area):
        assert _inside(part, window), part
    scroll = window.findChild(QtWidgets.QScrollArea, "panes-scroll")
    assert scroll.horizontalScrollBar().maximum() == 0  # the panes fit the width
    # the parameter controls fit their column: no value or button cut off at its edge
    holder = window.params_area.widget()
    assert holder.minimumSizeHint().width() <= window.params_area.viewport().width()
    # the math panel's buttons show their whole text
    for button in window.math_panel.findChildren(QtWidgets.QAbstractButton):
        if button.isVisible() and button.text():
            assert button.width() >= button.sizeHint().width(), button.text()


@pytest.mark.parametrize("screen", [(1024, 640), (800, 500)])  # (800×500: 1600×1000 at 2×)
def test_5_9_histograms_keep_a_readable_height(make_window, screen):
    from explorer.ui.panes.gradient_samples import MIN_PLOT_HEIGHT

    window = make_window("5.9")
    window.set_size(*DEFAULT_SIZE, within=QtCore.QRect(0, 0, *screen))
    _settle()
    pane = window.grid.panes["samples"]
    for panel in pane._panels[:2]:
        assert panel.plot.vb.height() >= MIN_PLOT_HEIGHT
        # and the density axis shows its ticks apart: at least two, a line of text apart
        axis = panel.plot.getAxis("left")
        ticks = [v for spacing, values in axis.tickValues(*panel.plot.vb.viewRange()[1],
                                                           panel.plot.vb.height())
                 for v in values]
        assert len(ticks) >= 2
    need = pane.ci.effectiveSizeHint(QtCore.Qt.SizeHint.MinimumSize)
    assert need.height() <= pane.viewport().height() + 0.5  # nothing of it cut off
    scroll = window.findChild(QtWidgets.QScrollArea, "panes-scroll")
    assert scroll.verticalScrollBar().maximum() > 0  # the rest of the grid scrolls


def test_a_narrow_grid_has_one_column_a_wide_one_two(make_window):
    window = make_window("5.4")
    window.set_size(*DEFAULT_SIZE, within=QtCore.QRect(0, 0, 1024, 640))
    _settle()
    assert window.grid.columns == 1
    window.set_size(*DEFAULT_SIZE, within=QtCore.QRect())
    _settle()
    assert window.grid.columns == 2
    layout = window.grid.layout()
    rows = {layout.getItemPosition(layout.indexOf(p))[0] for p in window.grid.panes.values()}
    assert len(rows) == 2  # taylor and error side by side, the coefficients below


def test_side_panels_collapse_and_come_back(make_window):
    window = make_window("5.1")
    window.set_size(*DEFAULT_SIZE, within=QtCore.QRect(0, 0, 1024, 640))
    _settle()
    left = window.findChild(QtGui.QAction, "show-left")  # View → Exercises and parameters
    math = window.findChild(QtGui.QAction, "show-math")  # View → Math panel
    panes_before = window.splitter.sizes()[1]
    math.trigger()
    _settle()
    assert window.splitter.sizes()[2] == 0 and not math.isChecked()
    left.trigger()
    _settle()
    sizes = window.splitter.sizes()
    assert sizes[0] == 0 and sizes[1] >= panes_before + 500  # the panes got the room
    math.trigger()
    _settle()
    assert window.splitter.sizes()[2] >= window.math_host.minimumWidth()
    assert not window.splitter.isCollapsible(1)  # the panes themselves never collapse


def test_panes_keep_their_least_size_as_they_are_drawn(qtbot, monkeypatch):
    """A pane that needs more room once drawn or after an update (5.9's scatter form, a
    larger matrix) gets it: the grid grows and scrolls, nothing is squeezed past what it
    needs."""
    from explorer.ui.main_window import MainWindow
    from explorer.ui.math_panel import MathPanel

    monkeypatch.setattr(MathPanel, "fill_after_paint", True)  # as the app opens it
    window = MainWindow("5.9")
    qtbot.addWidget(window)
    window.show()
    for e in (1, 2, 1):
        window.set_param("E", e)
        qtbot.wait(600)
        for name, pane in window.grid.panes.items():
            least = pane.minimumSizeHint()
            assert pane.height() >= least.height() and pane.width() >= least.width(), (
                e, name, pane.size(), least)
