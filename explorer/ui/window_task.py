"""A task the window runs off the GUI thread (see background.BackgroundTask), one of a
kind at a time: Escape cancels it, so does opening another exercise, and the status bar
says what it does until it settles. Your own function and the workbench run theirs so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtGui

from explorer.ui.background import BackgroundTask


def start_window_task(window: Any, attribute: str, work: Callable, finished: Callable,
                      refused: Callable, doing: str) -> BackgroundTask:
    """Cancel the task the window holds in `attribute`, and run `work(cancelled)` in a
    new one held there until it settles. `finished(result)` and `refused(error)` as
    BackgroundTask's; the status bar says "`doing` … (Esc cancels)" meanwhile."""
    running = getattr(window, attribute)
    if running is not None:
        running.cancel()
    task = BackgroundTask(work, window)
    task.finished.connect(finished)
    task.refused.connect(refused)
    escape = QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape), window)
    escape.activated.connect(task.cancel)
    shown = f"{doing} … (Esc cancels)"

    def settled() -> None:
        escape.deleteLater()
        if getattr(window, attribute) is task:
            setattr(window, attribute, None)
            if window.statusBar().currentMessage() == shown:
                window.status.show()  # (what the state says again)
        task.deleteLater()

    task.settled.connect(settled)
    window.exercise_changed.connect(task.cancel)  # another exercise was opened meanwhile
    setattr(window, attribute, task)
    window.statusBar().showMessage(shown)
    return task.start()
