"""The bench's measuring helpers: the offscreen app, one timed parameter change of the real
window (set → update applied → every pane painted), and the sweeps it times."""

from __future__ import annotations

import os
import time

import numpy as np


def _app():
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6 import QtWidgets

    from explorer.ui.export import install_message_filter

    install_message_filter()
    return QtWidgets.QApplication.instance() or QtWidgets.QApplication(["explorer-bench"])


def _stats(samples_ms: list[float]) -> dict:
    return {"median": float(np.median(samples_ms)),
            "p95": float(np.percentile(samples_ms, 95))}


class _PaintCounter:
    """Counts paint events of the pane viewports (an event filter on each)."""

    def __init__(self, viewports):
        from PySide6 import QtCore

        counter = self

        class Filter(QtCore.QObject):
            def eventFilter(self, obj, event):
                if event.type() == QtCore.QEvent.Type.Paint:
                    counter.counts[obj] = counter.counts.get(obj, 0) + 1
                return False

        self.counts: dict = {}
        self.viewports = list(viewports)
        self.filter = Filter()
        for vp in self.viewports:
            vp.installEventFilter(self.filter)

    def remove(self) -> None:
        for vp in self.viewports:
            vp.removeEventFilter(self.filter)


def _viewports(window) -> list:
    import pyqtgraph as pg

    views = []
    for pane in window.grid.panes.values():
        views += [pane] if isinstance(pane, pg.GraphicsView) else []
        views += pane.findChildren(pg.GraphicsView)
    return [v.viewport() for v in views]


def _values(exercise, inputs: dict, name: str, count: int) -> list:
    """`count` values of parameter `name` sweeping like a drag, as `state.set` takes them."""
    base, _, index = name.partition("[")
    param = exercise.param(base)
    if not index:
        return [float(v) for v in np.linspace(param.lo, param.hi, count)]
    current = np.array(inputs[base], dtype=float)
    at = tuple(int(i) for i in index.rstrip("]").split(","))
    out = []
    for delta in np.linspace(-1.0, 1.0, count):
        value = current.copy()
        value[at] = current[at] + delta
        out.append(value)
    return out


def _timed_changes(app, window, name: str, values: list) -> list[float]:
    """Milliseconds per change: parameter set → update applied → every pane painted."""
    counter = _PaintCounter(_viewports(window))
    samples = []
    try:
        for value in values:
            counter.counts.clear()
            started = time.perf_counter()
            window.state.set(name, value)
            window.refresh()
            app.processEvents()  # deferred scene updates, layout, the repaint itself
            for vp in counter.viewports:  # a pane with nothing to redraw is painted anyway
                if not counter.counts.get(vp):
                    vp.repaint()
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        counter.remove()
    return samples


def _as_the_app_runs(window) -> None:
    """The window's default size (not fitted to offscreen's small fake screen), and the
    start-up objects frozen out of garbage collection as `explorer.ui.app.run` does."""
    from PySide6 import QtCore

    from explorer.ui.app import freeze_startup_objects
    from explorer.ui.main_window import DEFAULT_SIZE

    window.set_size(*DEFAULT_SIZE, within=QtCore.QRect())
    freeze_startup_objects()


def _open(app, window, exercise_id: str) -> None:
    window.open_exercise(exercise_id)
    app.processEvents()
    window.grid.repaint()
