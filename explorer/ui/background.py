"""Work off the GUI thread: checking a typed answer, making "your own function".

`BackgroundTask(work)` runs `work(cancelled)` on a worker thread and hands the outcome
back on the GUI thread: `finished(result)`, or `refused(error)` for an InputError, then
`settled()` in every case (also after `cancel()`). A worker touches no Qt object: it
leaves its outcome in a `Future`, which a timer on the GUI thread looks at. Cancelling
ignores the outcome at once; `work` sees `cancelled()` become True and stops at its next
safe point (the evaluator's budget keeps each piece of work short). An exception other
than an InputError is a bug: it is raised again on the GUI thread, where the app's
exception hook shows it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6 import QtCore

from explorer.core.errors import InputError

POLL_MS = 15  # how often the GUI thread looks for the outcome while work runs
WORKERS = 3

_executor: ThreadPoolExecutor | None = None
_submitted: set[Future] = set()


def busy() -> bool:
    """Whether work is still running (a cancelled SymPy step runs to its end)."""
    _submitted.difference_update({f for f in _submitted if f.done()})
    return bool(_submitted)


def _pool() -> ThreadPoolExecutor:
    """A few worker threads: new work need not wait while a cancelled SymPy step (which
    cannot be interrupted) runs to its end."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="explorer-work")
    return _executor


class BackgroundTask(QtCore.QObject):
    finished = QtCore.Signal(object)
    refused = QtCore.Signal(object)
    settled = QtCore.Signal()

    def __init__(self, work: Callable[[Callable[[], bool]], object], parent=None):
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self._future: Future | None = None
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        stop = self._stop  # (not self: the task may be gone when this runs)
        self.destroyed.connect(lambda *_: stop.set())

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> BackgroundTask:
        self._future = _pool().submit(self._work, self._stop.is_set)
        _submitted.add(self._future)
        self._timer.start()
        return self

    def cancel(self) -> None:
        """Ignore the outcome; the work stops at its next safe point."""
        if not self.running:
            return
        self._stop.set()
        self._timer.stop()
        self.settled.emit()

    def _poll(self) -> None:
        if self._future is None or not self._future.done():
            return
        self._timer.stop()
        error = self._future.exception()
        try:
            if error is None:
                self.finished.emit(self._future.result())
            elif isinstance(error, InputError):
                self.refused.emit(error)
            else:
                raise error
        finally:
            self.settled.emit()
