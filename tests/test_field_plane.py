"""The field pane redraws its plane (heat map, contours, arrows) only when the plane
changes, and paints the unchanged plane from pixmaps."""

import numpy as np
import pytest

from explorer.ui.panes.pixmap_cache import CACHE, NO_CACHE


def test_field_pane_redraws_the_plane_only_when_it_changes(qtbot):
    from explorer.core import registry
    from explorer.ui.panes.field import FieldPane
    from explorer.ui.theme import LIGHT

    ex = registry.get("5.8a")
    inputs = ex.inputs()
    pane = FieldPane(LIGHT)
    qtbot.addWidget(pane)
    pane.update_view(ex.views(inputs)["field"])
    image, contour = pane.image.image, pane.contours[0].data
    moved = dict(inputs, x=inputs["x"] + 0.3)  # the point moves; the plane stays
    pane.update_view(ex.views(moved)["field"])
    assert pane.image.image is image and pane.contours[0].data is contour
    assert pane.image.cacheMode() == CACHE == pane.arrows.curve.cacheMode()
    assert pane.targets["point"].pos().x() == pytest.approx(moved["x"][0])
    shifted = dict(inputs, mu=inputs["mu"] + 0.5)  # a new centre: a new plane
    pane.update_view(ex.views(shifted)["field"])
    assert pane.image.image is not image and pane.image.cacheMode() == NO_CACHE
    assert not np.array_equal(pane.contours[0].data, contour)
