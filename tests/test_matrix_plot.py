"""MatrixPlot skips what is already on screen: an unchanged matrix costs nothing, new
values only recolour, and the frame (range, ticks, outline) is set only when it changes."""

import numpy as np
import pyqtgraph as pg


def test_matrix_plot_skips_an_unchanged_matrix(qtbot):
    from explorer.ui.panes.matrix_plot import MatrixPlot
    from explorer.ui.theme import LIGHT

    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    mp = MatrixPlot(widget.addPlot(), LIGHT)
    m = np.array([[1.0, -2.0], [0.5, 3.0]])
    mp.set_matrix(m)
    image = mp.image.image
    mp.set_matrix(m.copy())
    assert mp.image.image is image
    mp.set_matrix(m, limit=10.0)  # same numbers, another colour scale: redrawn
    assert mp.image.image is not image and mp.limit == 10.0
    mp.set_matrix(m * 2, limit=10.0)
    assert mp.matrix[1, 1] == 6.0 and mp.numbers.texts()[3] == "6"


def test_matrix_plot_sets_its_frame_only_when_the_shape_or_names_change(qtbot,
                                                                        monkeypatch):
    from explorer.ui.panes.matrix_plot import MatrixPlot
    from explorer.ui.theme import LIGHT

    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    mp = MatrixPlot(widget.addPlot(), LIGHT)
    ranges = []  # each call of the plot's setRange (the frame: range, ticks, outline)
    set_range = mp.plot.setRange
    monkeypatch.setattr(mp.plot, "setRange",
                        lambda **kw: (ranges.append(kw), set_range(**kw)))
    mp.set_matrix(np.ones((2, 3)))
    assert ranges[-1]["xRange"] == (0, 3) and ranges[-1]["yRange"] == (0, 2)
    mp.set_matrix(np.full((2, 3), -4.0))  # new values only: colours and numbers
    assert len(ranges) == 1
    assert mp.numbers.texts() == ["-4"] * 6 and mp.image.image.min() < 0
    mp.set_matrix(np.ones((2, 3)), col_names=["a", "b", "c"])  # new names: new ticks
    assert [t[1] for t in mp.plot.getAxis("bottom")._tickLevels[0]] == ["a", "b", "c"]
    mp.set_matrix(np.ones((4, 3)), col_names=["a", "b", "c"])  # new shape: new range
    assert len(ranges) == 3 and ranges[-1]["yRange"] == (0, 4)
    mp.set_matrix(np.eye(3))
    assert mp.outline.xData is None or len(mp.outline.xData) == 0
    mp.set_matrix(np.eye(3), outline_diagonal=True)  # same shape, now outlined
    assert len(mp.outline.xData) == 3 * 8
    mp.set_matrix(2 * np.eye(3))  # and not any more
    assert mp.outline.xData is None or len(mp.outline.xData) == 0
    mp.set_matrix(2 * np.eye(3), room_above=1.0)  # same shape, room above it
    assert ranges[-1]["yRange"] == (-1.0, 3)
