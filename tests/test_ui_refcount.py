"""Regression guard for a Qt-binding bug: PySide6 6.12.0 decrements None's reference count
in QGraphicsItem.update() (and so in every pyqtgraph redraw), which aborts the interpreter
with "deallocating None" after a few hundred updates. pyproject excludes that version;
this test fails if a bad binding is installed again."""

import gc
import sys

import numpy as np


def test_redraws_do_not_drain_none_refcount(make_window):
    window = make_window("5.1")
    slider = window.params_panel.widgets["x"]
    gc.collect()  # garbage from earlier tests must not count as a loss
    before = sys.getrefcount(None)
    for x in np.linspace(-2, 2, 300):
        slider.setValue(float(x))
        window.grid.panes["f"].grab()
    after = sys.getrefcount(None)
    assert after >= before - 50, f"None lost {before - after} references over 300 redraws"
