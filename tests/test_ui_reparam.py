"""Exercise 5.9 in the GUI: the sample, convergence, estimator and chain-rule panes update
in place when m, ω, N or E move, and what they draw is the core's numbers."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from explorer.core import reparam as R
from explorer.core.exercises.ex5_9 import EXERCISE, SCATTER_POINTS
from explorer.core.views import ChainView, ConvergenceView, SampleCloudView


@pytest.fixture
def theme():
    from explorer.ui.theme import LIGHT

    return LIGHT


def make_pane(qtbot, view_type, theme):
    from explorer.ui.pane_grid import pane_class

    pane = pane_class(view_type)(theme)
    qtbot.addWidget(pane)
    pane.resize(700, 480)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def views(**given):
    return EXERCISE.views(EXERCISE.inputs({k: np.atleast_1d(v).astype(float)
                                           if k in ("x", "m", "omega", "eps") else v
                                           for k, v in given.items()}))


def pixels(widget) -> np.ndarray:
    """The widget as an RGB array (copied out of the QImage, which is then freed)."""
    from PySide6 import QtGui

    image = widget.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    rows = rows.reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def has_colour(img: np.ndarray, hex_colour: str, tol: int = 30) -> bool:
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return bool(np.any(np.all(np.abs(img.astype(int) - rgb) <= tol, axis=-1)))


def test_sample_pane_follows_m_and_omega_in_place(qtbot, theme):
    pane = make_pane(qtbot, SampleCloudView, theme)
    pane.update_view(views()["samples"])
    panel = pane._panels[0]
    hist_item, line = panel.hist, panel.exact_v
    first = np.array(panel.hist.getData()[0])
    for m, omega in ((1.0, -0.5), (-1.0, 0.7)):
        pane.update_view(views(m=m, omega=omega)["samples"])
        # same items, new data: the exact line sits at x − 2m, the ω line at 1 − 2s²
        assert pane._panels[0].hist is hist_item and pane._panels[0].exact_v is line
        assert line.value() == pytest.approx(1.5 - 2 * m)
        assert pane._panels[1].exact_v.value() == pytest.approx(1 - 2 * np.exp(2 * omega))
        assert not np.array_equal(np.array(panel.hist.getData()[0]), first)
    assert panel.hist.isVisible() and not panel.scatter.isVisible()
    img = pixels(pane)
    assert has_colour(img, theme.color("tangent"))  # the exact line is drawn
    assert has_colour(img, theme.color("df"))  # the single sample is drawn


@pytest.mark.parametrize("size", [(500, 320), (700, 480), (1200, 900)])
def test_markers_on_a_histograms_axis_are_drawn_whole(qtbot, theme, size):
    pane = make_pane(qtbot, SampleCloudView, theme)
    pane.update_view(views()["samples"])
    pane.resize(*size)

    def drawn_whole(panel) -> bool:
        view_box = panel.plot.vb.sceneBoundingRect()
        # the room below the axis is what the markers need, whatever the plot's height
        axis_y = panel.plot.vb.mapViewToScene(QtCore.QPointF(0.0, 0.0)).y()
        return (view_box.contains(panel.markers.sceneBoundingRect())
                and 8.0 <= view_box.bottom() - axis_y <= 12.0)

    qtbot.waitUntil(lambda: all(drawn_whole(p) for p in pane._panels[:2]), timeout=2000)


def test_sample_pane_switches_to_a_scatter_for_two_dimensions(qtbot, theme):
    pane = make_pane(qtbot, SampleCloudView, theme)
    pane.update_view(views()["samples"])
    view = views(E=2, samples=3000)["samples"]
    pane.update_view(view)
    panel = pane._panels[0]
    assert panel.scatter.isVisible() and not panel.hist.isVisible()
    assert len(panel.scatter.x) == min(3000, SCATTER_POINTS)
    assert panel.exact_h.isVisible()
    assert (panel.exact_v.value(), panel.exact_h.value()) == pytest.approx(
        view.panels[0].exact)
    assert pane.legend.items[0][0].item is panel.scatter  # legend follows the mode
    pane.update_view(views()["samples"])
    assert pane.legend.items[0][0].item is panel.hist


def test_convergence_pane_follows_n_with_a_filled_band(qtbot, theme):
    pane = make_pane(qtbot, ConvergenceView, theme)
    pane.update_view(views(samples=100)["convergence"])
    series = pane._panels[0].series[0]
    mean_item = series.mean
    for n in (50, 20000):
        view = views(samples=n)["convergence"]
        pane.update_view(view)
        assert pane._panels[0].series[0].mean is mean_item
        x, y = series.mean.getData()  # x in log10 units: the axis is logarithmic
        assert 10 ** x[-1] == pytest.approx(n)
        assert y[-1] == pytest.approx(view.panels[0].series[0].mean[-1])
        assert not series.band.path().isEmpty()  # the ±1 SE band is filled
        assert series.exact.value() == pytest.approx(view.panels[0].series[0].exact)
    assert pane._panels[0].plot.getAxis("bottom").logMode
    # the band is mean ± se: at N = 20000 its last width is 2·se
    n, lo_y, hi_y = series.edges
    se = view.panels[0].series[0].se[-1]
    assert n[-1] == 20000
    assert hi_y[-1] - lo_y[-1] == pytest.approx(2 * se)
    # and the drawn polygon spans the log-x axis from N = 2 to N = 20000
    rect = series.band.path().boundingRect()
    assert rect.left() == pytest.approx(np.log10(2)) and rect.right() == pytest.approx(
        np.log10(20000))
    img = pixels(pane)
    assert has_colour(img, "#0072B2")  # the first component's curve


def test_estimator_pane_shows_both_estimators_on_one_scale(qtbot, theme):
    pane = make_pane(qtbot, ConvergenceView, theme)
    view = views(samples=5000)["estimators"]
    pane.update_view(view)
    left, right = pane._panels
    assert left.plot.getViewBox().viewRange()[1] == pytest.approx(
        right.plot.getViewBox().viewRange()[1])
    assert "score function" in right.plot.titleLabel.text
    assert "Var" in right.plot.titleLabel.text
    assert "larger" in pane.readout.text
    # E = 2 adds series to the pools; back to E = 1 hides the extra ones
    pane.update_view(views(E=2, samples=500)["estimators"])
    assert len(left.series) == 4 and all(s.mean.isVisible() for s in left.series)
    pane.update_view(views(samples=500)["estimators"])
    assert [s.mean.isVisible() for s in left.series] == [True, True, False, False]


def test_chain_pane_shows_each_term_with_shape_value_and_check(qtbot, theme):
    pane = make_pane(qtbot, ChainView, theme)
    view = views(m=0.3, omega=-0.2, eps=1.1)["chain"]
    pane.update_view(view)
    image_item = pane._terms[3].image
    np.testing.assert_allclose(image_item.image, view.terms[3].values)
    assert "1×2E = 1×2" in pane._terms[3].heading.text
    assert all("✓" in t.check.text for t in pane._terms)
    # the check shows its bound ("<" is text here, not the start of a tag)
    assert all("error < 1e-" in t.check.item.toPlainText() for t in pane._terms)
    total = R.total_derivative([1.5], [1.1], [0.3], [-0.2])
    assert pane._terms[3].numbers.texts() == [f"{v:.3g}" for v in total[0]]
    pane.update_view(views(E=2)["chain"])
    assert pane._terms[1].image.image.shape == (2, 4)
    assert pane._terms[3].image is image_item  # reused, not re-created
    assert image_item.image.shape == (1, 4)


def test_window_panes_update_when_parameters_move(make_window):
    window = make_window("5.9")
    panes = window.grid.panes
    assert set(panes) == {"samples", "convergence", "estimators", "chain"}
    samples = panes["samples"]._panels[0]

    def set_param(name, value):  # each change drawn at once, whatever the drag throttle
        window.set_param(name, value)
        window.refresh()

    set_param("m[0]", 1.25)
    assert samples.exact_v.value() == pytest.approx(1.5 - 2 * 1.25)
    set_param("samples", 4000)
    conv = panes["convergence"]._panels[0].series[0]
    assert 10 ** conv.mean.getData()[0][-1] == pytest.approx(4000)
    set_param("omega[0]", 0.4)
    omega_line = panes["samples"]._panels[1].exact_v
    assert omega_line.value() == pytest.approx(1 - 2 * np.exp(0.8))
    set_param("E", 2)
    assert samples.scatter.isVisible()
    assert panes["chain"]._terms[1].image.image.shape == (2, 4)


def test_sample_axes_hold_still_for_a_small_move_and_refit_for_a_big_one(qtbot, theme):
    pane = make_pane(qtbot, SampleCloudView, theme)
    pane.update_view(views(m=0.0)["samples"])
    plot = pane._panels[0].plot
    shown = plot.vb.viewRange()
    pane.update_view(views(m=0.05)["samples"])  # the cloud shifts by 2·0.05
    assert plot.vb.viewRange() == shown
    view = views(m=3.0)["samples"]  # far off: the axes follow the data
    pane.update_view(view)
    (left, right), _ = plot.vb.viewRange()
    assert left <= view.panels[0].x[0] and view.panels[0].x[-1] <= right
    assert (left, right) != tuple(shown[0])


def test_point_cloud_stamps_dots_on_screen_and_exports_vector_points(qtbot, tmp_path,
                                                                     monkeypatch):
    import pyqtgraph as pg
    from PySide6 import QtCore, QtGui

    from explorer.ui.export import render_image, render_svg
    from explorer.ui.panes.point_cloud import PointCloud

    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 300)
    widget.setBackground("#ffffff")
    plot = widget.addPlot()
    plot.hideAxis("left")
    plot.hideAxis("bottom")
    cloud = PointCloud(6, QtGui.QColor(0, 0, 0, 255))
    plot.addItem(cloud)
    cloud.setData([0.25, 0.75, np.nan], [0.5, 0.5, 1.0])  # the non-finite point is dropped
    plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
    vector_paints = []  # the vector path builds a polygon of points; stamping does not
    real = pg.functions.create_qpolygonf
    monkeypatch.setattr(pg.functions, "create_qpolygonf",
                        lambda n: vector_paints.append(n) or real(n))
    widget.show()
    qtbot.waitExposed(widget)
    assert cloud.x.size == 2
    img = pixels(widget)
    assert vector_paints == []  # on screen: one stamp per point
    for x in (0.25, 0.75):
        centre = plot.vb.mapViewToDevice(QtCore.QPointF(x, 0.5))
        assert img[round(centre.y()), round(centre.x())].max() < 100  # a dot is there
    assert img[5:20, 5:20].min() > 200  # and nothing elsewhere
    # a PNG twice the size: stamps drawn at twice the resolution, round (not stretched
    # along a data axis) and twice as wide
    big = render_image(widget, 2 * widget.width()).convertToFormat(
        QtGui.QImage.Format.Format_Grayscale8)
    assert vector_paints == []
    dark = np.array([[big.pixelColor(c, r).value() < 100 for c in range(big.width())]
                     for r in range(big.height())])
    left_half = dark[:, : big.width() // 2]
    rows, cols = np.nonzero(left_half)
    height, width = np.ptp(rows) + 1, np.ptp(cols) + 1
    assert 8 <= width <= 16 and abs(width - height) <= 2  # a dot of 6 px, doubled
    svgs = []
    for visible in (True, False):
        cloud.setVisible(visible)
        render_svg(widget, tmp_path / "cloud.svg", "cloud")
        svgs.append((tmp_path / "cloud.svg").read_text())
    # the dots add vector shapes, not a bitmap of stamps
    assert vector_paints
    assert svgs[0].count("<image") == svgs[1].count("<image")
    assert len(svgs[0]) > len(svgs[1])


def test_sample_legend_takes_one_row_when_the_pane_is_wide_enough(qtbot, theme):
    pane = make_pane(qtbot, SampleCloudView, theme)
    pane.resize(900, 480)
    qtbot.waitUntil(lambda: pane.legend.columnCount == 4)
    pane.resize(330, 480)
    qtbot.waitUntil(lambda: pane.legend.columnCount == 2)


def test_convergence_legend_only_names_several_series(qtbot, theme):
    pane = make_pane(qtbot, ConvergenceView, theme)
    pane.update_view(views()["convergence"])  # E = 1: one series a panel
    assert not pane._panels[0].legend.isVisible()
    pane.update_view(views(E=2)["convergence"])  # m₁ and m₂ share a panel
    assert pane._panels[0].legend.isVisible() and pane._panels[0].legend.columnCount == 1
    pane.update_view(views(E=2)["estimators"])  # m₁ m₂ ω₁ ω₂: two short columns
    assert pane._panels[0].legend.columnCount == 2


def test_convergence_axis_width_is_held_while_its_range_pans_and_released_by_a_zoom(
        qtbot, theme):
    pane = make_pane(qtbot, ConvergenceView, theme)
    pane.update_view(views(m=0.0)["convergence"])
    panel = pane._panels[0]
    axis = panel.plot.getAxis("left")
    axis.textWidth = 999  # stands for a width held from earlier, wider labels
    pane.update_view(views(m=0.01)["convergence"])  # the range holds: so does the width
    assert axis.textWidth == 999
    before = panel.y_range.shown
    pane.update_view(views(m=3.0)["convergence"])  # a refit that moves the range along
    assert panel.y_range.shown != before and axis.textWidth == 999
    pane.update_view(views(m=3.0, omega=1.5)["convergence"])  # a zoom: labels may narrow
    assert axis.textWidth != 999


def test_sample_axis_width_is_held_while_its_range_pans_and_released_by_a_zoom(
        qtbot, theme):
    pane = make_pane(qtbot, SampleCloudView, theme)
    pane.update_view(views(m=0.0)["samples"])
    axis = pane._panels[0].plot.getAxis("left")
    axis.textWidth = 999  # stands for a width held from earlier, wider labels
    pane.update_view(views(m=0.01)["samples"])
    assert axis.textWidth == 999
    pane.update_view(views(m=0.0, omega=1.5)["samples"])  # wider cloud, lower density
    assert axis.textWidth != 999


@pytest.mark.parametrize("kind, name", [(ConvergenceView, "estimators"),
                                        (SampleCloudView, "samples")])
def test_panels_side_by_side_keep_their_widths_while_a_title_changes(qtbot, theme, kind,
                                                                     name):
    """A title whose numbers change (the estimators' variances) must not move the
    boundary between the panels: that redrew both at every update of a drag."""
    pane = make_pane(qtbot, kind, theme)
    pane.resize(900, 400)
    first, second = (p.plot for p in pane._panels[:2])
    pane.update_view(views(E=2)[name])
    first.setTitle("a title longer than a plot is wide: Var m 1.38, 2.71 · Var ω 0.5, 12.1")
    QtWidgets.QApplication.processEvents()
    widths = (first.width(), second.width())
    first.setTitle("a title longer than a plot is wide: Var m 13.8, 2.7 · Var ω 0.55, 1.2")
    QtWidgets.QApplication.processEvents()
    assert (first.width(), second.width()) == pytest.approx(widths, abs=0.01)


def test_chain_pane_is_never_shorter_than_what_it_shows(make_window):
    from PySide6 import QtCore

    window = make_window("5.9")
    window.set_size(1366, 768, within=QtCore.QRect(0, 0, 1366, 768))  # a laptop
    window.set_param("E", 2)
    QtCore.QCoreApplication.processEvents()
    pane = window.grid.panes["chain"]
    needed = pane.ci.effectiveSizeHint(QtCore.Qt.SizeHint.MinimumSize).height()
    assert pane.height() >= needed


def test_convergence_series_that_did_not_change_keep_their_drawing(qtbot, theme):
    from explorer.ui.panes.pixmap_cache import CACHE, NO_CACHE

    pane = make_pane(qtbot, ConvergenceView, theme)
    given = {"E": 2, "x": [1.5, 0.5], "omega": [-0.5, 0.2], "eps": [0.8, -0.3]}
    pane.update_view(views(m=[-0.5, 0.1], **given)["convergence"])
    moved, kept = pane._panels[0].series  # m₁ moves with m[0], m₂ does not
    kept_data, kept_path = kept.mean.getData()[1], kept.band.path()
    view = views(m=[0.5, 0.1], **given)["convergence"]
    pane.update_view(view)
    assert kept.mean.getData()[1] is kept_data  # not set again: painted from its pixmap
    assert kept.band.path() == kept_path
    assert kept.mean.cacheMode() == CACHE and kept.band.cacheMode() == CACHE
    assert moved.mean.cacheMode() == NO_CACHE
    np.testing.assert_array_equal(moved.mean.getData()[1], view.panels[0].series[0].mean)
    # a change of that series is drawn again, and directly
    pane.update_view(views(m=[0.5, 0.9], **given)["convergence"])
    assert kept.mean.getData()[1] is not kept_data and kept.mean.cacheMode() == NO_CACHE
