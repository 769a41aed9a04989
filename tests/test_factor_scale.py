"""The chain-rule factors share one colour scale, shown by a colour bar: 5.7a's
∂f/∂z = 0.42 and df/dx's 0.85 no longer look equally saturated."""

import numpy as np
from PySide6 import QtCore, QtGui

from explorer.core import registry
from explorer.ui import theme as themes
from explorer.ui.panes.factors import FactorsPane


def _cell_colour(pane, image, mp, i: int, j: int) -> QtGui.QColor:
    """The colour drawn in cell (i, j) (near its corner, away from its number)."""
    at = mp.plot.vb.mapViewToScene(QtCore.QPointF(j + 0.12, i + 0.12))
    at = pane.mapFromScene(at)
    return image.pixelColor(at.x(), at.y())


def _shown(qtbot, pane_class, width: int, height: int):
    pane = pane_class(themes.LIGHT)
    qtbot.addWidget(pane)
    pane.resize(width, height)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def test_5_7a_factors_share_one_scale_with_a_colour_bar(qtbot):
    ex = registry.get("5.7a")
    view = ex.views(ex.inputs())["factors"]
    pane = _shown(qtbot, FactorsPane, 800, 320)
    pane.update_view(view)
    image = pane.grab().toImage()
    image = pane.grab().toImage()  # (after the first paint fitted the ranges)
    plots = pane._plots[: len(view.terms)]
    limits = {mp.limit for mp in plots}
    assert len(limits) == 1
    limit = limits.pop()
    assert pane.bar.isVisible() and tuple(pane.bar.levels()) == (-limit, limit)
    assert limit >= max(abs(float(t.matrix.max())) for t in view.terms)
    small = _cell_colour(pane, image, plots[0], 0, 0)  # ∂f/∂z = 0.42
    large = _cell_colour(pane, image, plots[2], 0, 0)  # df/dx₁ = 0.85
    assert view.terms[0].matrix[0, 0] < 0.5 < 0.8 < view.terms[2].matrix[0, 0]
    assert large.lightness() < small.lightness() - 25, (small.name(), large.name())


def test_5_9_chain_terms_show_their_one_scale_with_a_colour_bar(qtbot):
    from explorer.ui.panes.chain_terms import ChainTermsPane

    ex = registry.get("5.9")
    view = ex.views(ex.inputs())["chain"]
    pane = _shown(qtbot, ChainTermsPane, 900, 300)
    pane.update_view(view)
    low, high = pane.bar.levels()
    largest = max(float(abs(t.values).max()) for t in view.terms)
    assert pane.bar.isVisible() and low == -high and high >= largest
    for term in pane._terms[: len(view.terms)]:
        assert tuple(term.image.levels) == (low, high)


def test_5_9_chain_scale_holds_still_while_a_slider_moves_the_values(qtbot):
    """The colour bar's limit is a nice number, not the largest |value| itself: else its
    axis was drawn again at every step of a drag."""
    from explorer.ui.panes.chain_terms import ChainTermsPane
    from explorer.ui.panes.matrix_plot import nice_ceiling

    ex = registry.get("5.9")
    pane = _shown(qtbot, ChainTermsPane, 900, 300)
    limits = set()
    for m in (-0.5, -0.49, -0.48, -0.47):
        view = ex.views(ex.inputs({"m": np.array([m])}))["chain"]
        pane.update_view(view)
        high = pane.bar.levels()[1]
        largest = max(float(abs(t.values).max()) for t in view.terms)
        assert high == nice_ceiling(largest) and high >= largest
        limits.add(high)
    assert len(limits) == 1
