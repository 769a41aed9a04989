"""What every pane offers the window: update in place from a view, ask for a parameter
change (e.g. a dragged point), and name the item the exporters render."""

from __future__ import annotations

import math
from typing import Protocol, TypeVar, runtime_checkable

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from explorer.core.views import View
from explorer.ui.panes.label import MIN_WIDTH, Label, add_label
from explorer.ui.panes.plot import SIDES, Plot, add_plot
from explorer.ui.panes.readout import Readout, add_readout
from explorer.ui.theme import Theme

ViewT = TypeVar("ViewT", bound=View, contravariant=True)

# px kept clear at each end of a note under a pane: the window's "Reset view" button
# (about 100 px wide) sits in the bottom right corner; the note stays centred
CORNER_ROOM = 112


@runtime_checkable
class ViewPane(Protocol[ViewT]):
    """What the grid asks of every pane: show this view, changing its items in place.
    (Each pane is also a Qt widget made as `PaneClass(theme)`, with the signal
    `param_requested(name, value)` for a dragged point.)"""

    def update_view(self, view: ViewT) -> None: ...


class SyncedUpdate:
    """`update_view` runs the pane's `_update` with `_syncing` set, so that the signals
    its own setPos/setValue calls fire are not mistaken for the user's drags."""

    _syncing = False

    def update_view(self, view) -> None:
        self._syncing = True
        try:
            self._update(view)
        finally:
            self._syncing = False

    def _update(self, view) -> None:
        raise NotImplementedError


class Pane(pg.GraphicsLayoutWidget):
    """Base pane: a GraphicsLayoutWidget. Subclasses create their items once in
    __init__ and change them in `update_view` (setData / setImage), never re-create."""

    # A pane asks the window to set parameter `name` to `value` (e.g. a dragged point).
    param_requested = QtCore.Signal(str, float)
    least = (210, 200)  # px: the smallest size a pane is given, whatever it shows
    _notes: tuple = ()  # (see add_note; a class default: pyqtgraph resizes in __init__)

    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent=parent)
        self.theme = theme
        self.setBackground(theme.background)
        self._least = QtCore.QSize()
        self.ci.installEventFilter(self)  # its layout's requests: see minimumSizeHint

    def eventFilter(self, obj, event) -> bool:
        if obj is self.ci and event.type() == QtCore.QEvent.Type.LayoutRequest:
            least = self.minimumSizeHint()
            if least != self._least:  # (a longer title, a larger matrix)
                self._least = least
                self.updateGeometry()
        return super().eventFilter(obj, event)

    def leaveEvent(self, event) -> None:
        """The mouse left the pane: a readout of what was under it clears."""
        self.mouse_left()
        super().leaveEvent(event)

    def mouse_left(self) -> None:
        """(Panes with a hover readout clear it here.)"""

    def add_readout(self, row: int, col: int = 0, colspan: int = 1, **args) -> Readout:
        """A readout of a fixed height (see readout.Readout)."""
        return add_readout(self.ci, row, col, colspan, **args)

    def minimumSizeHint(self) -> QtCore.QSize:
        """What its items need (its plots, labels and colour bars at their least), and
        at least `least`: a grid that cannot give it scrolls rather than cutting it off."""
        need = self.ci.effectiveSizeHint(QtCore.Qt.SizeHint.MinimumSize)
        frame = 2 * self.frameWidth()
        return QtCore.QSize(max(self.least[0], math.ceil(need.width()) + frame),
                            max(self.least[1], math.ceil(need.height()) + frame))

    def add_plot(self, row: int = 0, col: int = 0, *, plain: bool = True,
                 equal_share: bool = False) -> Plot:
        """A plot of the project's own parts (see plot.Plot); `plain`: its axes show plain
        numbers (no SI-prefix rescaling like "×0.001"); `equal_share`: plots side by side
        get equal widths, whatever their titles ask for (a title whose numbers change
        would otherwise move the boundary, and redraw both plots, on every update)."""
        plot = add_plot(self.ci, row, col)
        if equal_share:
            plot.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored,
                               QtWidgets.QSizePolicy.Policy.Preferred)
        for side in SIDES:  # tick numbers that read on the background (not pale grey)
            plot.getAxis(side).setTextPen(self.theme.muted)
        if plain:
            for side in ("left", "bottom"):
                plot.getAxis(side).enableAutoSIPrefix(False)
        return plot

    def add_note(self, row: int, colspan: int = 1, **args) -> Label:
        """A label under everything, centred and kept clear of the pane's bottom corners,
        where the window puts its "Reset view" button: a long note wraps instead of
        running under the button."""
        note = self.add_label(" ", row=row, col=0, colspan=colspan, **args)
        self.ci.layout.setAlignment(note, QtCore.Qt.AlignmentFlag.AlignHCenter)
        self._notes = (*self._notes, note)
        self._fit_notes()
        return note

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_notes()

    def _fit_notes(self) -> None:
        for note in self._notes:
            note.setMaximumWidth(max(MIN_WIDTH, self.width() - 2 * CORNER_ROOM))

    def add_label(self, text: str = " ", row=None, col=None, rowspan=1, colspan=1,
                  **args) -> Label:
        """A label that wraps when short of room (see label.Label)."""
        return add_label(self.ci, text, row, col, rowspan, colspan, **args)

    def update_view(self, view) -> None:
        raise NotImplementedError

    def export_item(self):
        """The graphics item pyqtgraph's exporters render (default: the whole scene)."""
        return self.scene()
