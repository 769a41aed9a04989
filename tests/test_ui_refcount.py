"""Regression guard for a Qt-binding bug: PySide6 6.12.0 decrements the reference counts of
None and True in QGraphicsItem.update() (and so in every pyqtgraph redraw). Where they are
mortal (Python < 3.12) the interpreter aborts with "deallocating None" after a few hundred
updates, and pyproject excludes that version there; this test fails if such a binding is
installed again. From Python 3.12 on both are immortal, their counts never change, and the
bad decrements are harmless, so pyproject allows 6.12 there and this test cannot fail."""

import gc
import sys

import numpy as np


def test_redraws_do_not_drain_none_or_true_refcounts(make_window):
    window = make_window("5.1")
    slider = window.params_panel.widgets["x"]
    gc.collect()  # garbage from earlier tests must not count as a loss
    before = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True))}
    for x in np.linspace(-2, 2, 300):
        slider.setValue(float(x))
        window.grid.panes["f"].grab()
    for name, obj in (("None", None), ("True", True)):
        lost = before[name] - sys.getrefcount(obj)
        assert lost <= 50, f"{name} lost {lost} references over 300 redraws"
