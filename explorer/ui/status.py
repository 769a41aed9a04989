"""The status bar's own text: f and f′ of the shown exercise (or why they cannot be shown),
following the parameter state at a readable rate."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtWidgets
from superqt.utils import qthrottled

from explorer.core.errors import InputError
from explorer.core.state import ParamState

# ms between the status bar's updates while parameters change: its numbers stay readable,
# and a drag's updates do not recompute f and f′ and repaint the bar each
STATUS_INTERVAL_MS = 100


def status_message(state: ParamState) -> str:
    if state.problem:
        return f"Outside the domain: {state.problem}"
    try:
        value, d = state.exercise.headline(state.inputs)
    except InputError as exc:  # e.g. 5.5-f3 prints its n³ tensor only for small n
        return f"{state.exercise.id}: {exc}"
    return f"{state.exercise.id}: " + (
        f"f = {float(value):.6g}, f′ = {float(d):.6g}"
        if getattr(d, "ndim", 0) == 0 else
        f"derivative shape {'×'.join(str(s) for s in d.shape)}")


class StatusPresenter(QtCore.QObject):
    """Shows the state's status: at once on a change, then at most once an interval
    (the last state too, at the end of it). A message shown meanwhile by someone else
    (such as "Exported …") is not overwritten late."""

    def __init__(self, bar: QtWidgets.QStatusBar, state: Callable[[], ParamState]):
        super().__init__(bar)
        self.bar, self.state = bar, state
        self.text = ""  # the status last shown
        self._show_latest = qthrottled(self._show_if_ours, timeout=STATUS_INTERVAL_MS,
                                       parent=self)

    def changed(self, _what: str = "") -> None:
        """The subscriber to the state's change events."""
        if self.bar.currentMessage() not in (self.text, ""):
            self.show()  # a change made after another message: it gives way at once
        else:
            self._show_latest()

    def show(self, text: str | None = None) -> None:
        self.text = text if text is not None else status_message(self.state())
        self.bar.showMessage(self.text)

    def _show_if_ours(self) -> None:
        if self.bar.currentMessage() in (self.text, ""):
            self.show()
