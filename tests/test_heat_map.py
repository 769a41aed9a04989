"""The panes' heat map (explorer.ui.panes.heat_map.HeatMap) colours its matrix itself,
into RGB32: the same pixels as pyqtgraph's ImageItem, which it falls back to for what it
does not cover."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6 import QtGui

from explorer.ui.panes.heat_map import HeatMap, colour_image

ARGB = QtGui.QImage.Format.Format_ARGB32


def _rendered(item_class, image, levels, cmap):
    item = item_class(axisOrder="row-major") if item_class is pg.ImageItem else item_class()
    item.setColorMap(cmap)
    with np.errstate(over="ignore", invalid="ignore"):  # (pyqtgraph's, spans beyond doubles)
        item.setImage(image, levels=levels, autoLevels=False)
        item.render()
    return item.qimage


@pytest.mark.parametrize("name", ["CET-D1A", "viridis"])
def test_heat_maps_match_pyqtgraphs_own(qtbot, name):
    cmap = pg.colormap.get(name)
    rng = np.random.default_rng(len(name))
    cases = [(rng.normal(size=shape) * 2.0, levels)  # values beyond the levels too
             for shape, levels in (((2, 4), (-1.0, 1.0)), ((30, 7), (-0.3, 2.5)),
                                   ((1, 1), (0.0, 1.0)), ((250, 250), (-1.0, 1.0)))]
    cases += [  # values on the levels and on the colour bins' edges, a strided view,
        # infinities, levels of no span, of a span beyond the doubles, of infinite span,
        # and single precision
        (np.linspace(-1.0, 1.0, 257).reshape(1, -1), (-1.0, 1.0)),
        (rng.normal(size=(5, 3)).T, (-1.0, 1.0)),
        (np.array([[-np.inf, 0.5, np.inf]]), (0.0, 1.0)),
        (np.array([[0.2, 0.5, 0.9]]), (0.5, 0.5)),
        (np.array([[1.5e308, -1.5e308, 0.0]]), (-1.5e308, 1.5e308)),
        (np.array([[0.2, np.inf]]), (0.0, np.inf)),
        (np.linspace(-1, 1, 401, dtype=np.float32)[None, :], (-0.3, 0.7))]
    for image, levels in cases:
        ours = _rendered(HeatMap, image, levels, cmap)
        theirs = _rendered(pg.ImageItem, image, levels, cmap)
        assert ours.format() == QtGui.QImage.Format.Format_RGB32  # drawn without conversion
        assert ours.convertToFormat(ARGB) == theirs.convertToFormat(ARGB)


def test_what_it_does_not_cover_takes_pyqtgraphs_path(qtbot):
    cmap = pg.colormap.get("CET-D1A")
    hole = np.array([[0.1, np.nan], [0.3, -0.2]])  # not a number: transparent there
    ours = _rendered(HeatMap, hole, (-1.0, 1.0), cmap)
    assert ours.convertToFormat(ARGB) == _rendered(pg.ImageItem, hole, (-1.0, 1.0), cmap) \
        .convertToFormat(ARGB)
    assert ours.format() != QtGui.QImage.Format.Format_RGB32
    lut = cmap.getLookupTable(nPts=256, alpha=True)
    lut[:, 3] = 128  # translucent colours
    assert colour_image(np.zeros((2, 2)), (-1.0, 1.0), lut) is None
    assert colour_image(np.zeros((2, 2), dtype=np.float16), (-1.0, 1.0), lut[:, :3]) is None
    assert colour_image(np.zeros((2, 2)), None, lut[:, :3]) is None


def test_unchanged_values_are_not_set_again(qtbot):
    item = HeatMap()
    item.setColorMap(pg.colormap.get("CET-D1A"))
    values = np.array([[1.0, -2.0], [0.5, 3.0]])
    assert item.show_values(values, (-3, 3))
    shown = item.image
    assert not item.show_values(values.copy(), (-3.0, 3.0))
    assert item.image is shown
    assert item.show_values(values, (-4, 4))  # another colour scale
    assert item.show_values(values * 2, (-4, 4))
    assert item.image[1, 1] == 6.0


def test_a_new_image_is_recoloured_only_where_it_changed(qtbot, monkeypatch):
    """The same pixels as colouring it whole, from a lookup of the changed values only
    (a cube's next slice changes a row and a column of its picture)."""
    from explorer.ui.panes import heat_map

    cmap = pg.colormap.get("CET-D1A")
    looked_up = []
    lookup = heat_map._lookup
    monkeypatch.setattr(heat_map, "_lookup",
                        lambda values, *a: (looked_up.append(values.size),
                                            lookup(values, *a))[1])
    item = HeatMap()
    item.setColorMap(cmap)
    rng = np.random.default_rng(3)
    picture = np.zeros((250, 250))
    for k in (3, 40, 249, 40):
        picture = np.zeros((250, 250))
        picture[k, :] = picture[:, k] = rng.normal(size=250)
        looked_up.clear()
        item.setImage(picture, levels=(-2.0, 2.0), autoLevels=False)
        item.render()
        whole = _rendered(pg.ImageItem, picture, (-2.0, 2.0), cmap)
        assert item.qimage.convertToFormat(ARGB) == whole.convertToFormat(ARGB)
        assert looked_up and looked_up[-1] <= (250 * 250 if k == 3 else 4 * 250)
    item.setImage(picture, levels=(-1.0, 1.0), autoLevels=False)  # new levels: all again
    looked_up.clear()
    item.render()
    assert looked_up == [250 * 250]
