"""Ctrl+C (SIGINT) and SIGTERM on the command line.

The handlers only note the signal. Outside a `deferred()` block they also raise
`Interrupted` at once (pure-Python work such as `evaluate` stops where it is). Inside one —
Qt rendering, a file being written — nothing is raised: an exception thrown inside a Qt
callback is swallowed or crashes the process. The work there calls `check()` at safe points
(between panes, between frames, before a rename), which raises `Interrupted` so the
temporary files are cleaned up on the way out. The process then exits 128 + the signal's
number: 130 for SIGINT, 143 for SIGTERM.

The window installs handlers of its own (explorer.ui.app); there these functions do
nothing, as no signal is ever noted."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

SIGNALS = (signal.SIGINT, signal.SIGTERM)

_pending: int | None = None
_deferring = 0


class Interrupted(Exception):
    """A signal asked the command to stop; `status` is the exit status it calls for."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.status = 128 + signum


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Within this block SIGINT and SIGTERM are noted (and raise outside `deferred`);
    the previous handlers come back afterwards, and a signal noted is forgotten."""
    global _deferring
    reset()
    outer, _deferring = _deferring, 0
    previous = {signum: signal.signal(signum, _on_signal) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _deferring = outer
        reset()


def _on_signal(signum, _frame) -> None:
    global _pending
    if _pending is None:
        _pending = signum
    if _deferring == 0:
        raise Interrupted(signum)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Within this block a signal is only noted; the block calls `check()` where it can
    stop cleanly."""
    global _deferring
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1


def hold() -> None:
    """From now to the end of the `handled()` block signals are only noted: called once
    a QApplication exists, when Qt may call back into Python at any time."""
    global _deferring
    _deferring += 1


def check() -> None:
    """Raise Interrupted if a signal arrived."""
    if _pending is not None:
        raise Interrupted(_pending)


def pending_status() -> int | None:
    """The exit status a noted signal calls for, or None."""
    return None if _pending is None else 128 + _pending


def reset() -> None:
    """Forget a noted signal (tests run several commands in one process)."""
    global _pending
    _pending = None
