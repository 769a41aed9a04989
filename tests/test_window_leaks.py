"""No leaks: opening and closing every exercise 20 times leaves no growing set of
widgets, QObjects or plot items, and memory stays roughly flat. (The `make_window` fixture
also checks at teardown that no top-level widget was left open.)"""

import gc
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtWidgets

from explorer.core import registry

IDS = list(registry.ids())
ROUNDS = 20


def settle(collect: bool = False) -> None:
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    if collect:
        QtWidgets.QApplication.instance().processEvents()
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
        gc.collect()


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def census(window) -> dict:
    app = QtWidgets.QApplication.instance()
    scenes = {name: len(pane.scene().items()) for name, pane in window.grid.panes.items()
              if isinstance(pane, pg.GraphicsView)}
    return {
        "qobjects": len(window.findChildren(QtCore.QObject)),
        "widgets": len(app.allWidgets()),
        "top-level": len(app.topLevelWidgets()),
        "scene items": sum(scenes.values()),
    }


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads /proc")
@pytest.mark.parametrize("rounds", [
    5, pytest.param(ROUNDS, marks=pytest.mark.slow, id="20-rounds")])
def test_opening_every_exercise_again_and_again_does_not_grow(make_window, rounds):
    """Every exercise opened `rounds` times (the default run: 5 rounds, about 10 s;
    .ci/run adds the slow 20-round version)."""
    window = make_window(IDS[0])
    window.hide()  # the churn of building panes is what is measured, not painting
    counts: dict[str, list[dict]] = {eid: [] for eid in IDS}
    memory = []
    for _ in range(rounds):
        for eid in IDS:
            window.open_exercise(eid)
            settle()
            counts[eid].append(census(window))
        settle(collect=True)
        memory.append(rss_mb())
    warm = 1  # caches (formulas, SymPy, colour maps) fill in the first round
    for eid in IDS:
        for key, value in counts[eid][-1].items():
            first = counts[eid][warm][key]
            # the counts after each open must not creep up round by round
            assert value <= first + 2, (eid, key, [c[key] for c in counts[eid]])
    # roughly flat: leaking one pane grid per open would add far more than this
    assert memory[-1] - memory[warm] < 15 + 2.5 * (rounds - warm), memory
