"""A kind of task the window runs off the GUI thread (see background.BackgroundTask), one
at a time: Escape cancels it, so does opening another exercise, and the status bar says
what it does until it settles. Your own function and the workbench run theirs so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtGui

from explorer.ui.background import BackgroundTask


class TaskSlot:
    """The window's task of one kind: `task` while it runs, else None."""

    def __init__(self, window: Any):
        self.window = window
        self.task: BackgroundTask | None = None

    def start(self, work: Callable, finished: Callable, refused: Callable,
              doing: str) -> BackgroundTask:
        """Cancel the task running, and run `work(cancelled)` in a new one.
        `finished(result)` and `refused(error)` as BackgroundTask's; the status bar says
        "`doing` … (Esc cancels)" meanwhile."""
        window = self.window
        if self.task is not None:
            self.task.cancel()
        task = self.task = BackgroundTask(work, window)
        task.finished.connect(finished)
        task.refused.connect(refused)
        escape = QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape), window)
        escape.activated.connect(task.cancel)
        shown = f"{doing} … (Esc cancels)"

        def settled() -> None:
            escape.deleteLater()
            if self.task is task:
                self.task = None
                if window.statusBar().currentMessage() == shown:
                    window.status.show()  # (what the state says again)
            task.deleteLater()

        task.settled.connect(settled)
        window.exercise_changed.connect(task.cancel)  # another exercise opened meanwhile
        window.statusBar().showMessage(shown)
        return task.start()
