"""Edit → Undo / Redo (Ctrl+Z, Ctrl+Shift+Z) of parameter changes, one history per
exercise: undo goes back within the exercise shown and never opens another one."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from explorer.core import registry
from explorer.core.history import History


def _mouse_down() -> bool:
    """A drag is under way (its changes are one step however long it pauses)."""
    return QtWidgets.QApplication.mouseButtons() != QtCore.Qt.MouseButton.NoButton


class UndoRedo(QtCore.QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.histories: dict[object, History] = {}
        window.exercise_changed.connect(self._follow)

    def _key(self, exercise) -> object:
        """A book exercise by its id; your own function by itself (each one made anew
        starts a history of its own)."""
        return exercise.id if exercise.id in registry.ids() else exercise

    def current(self) -> History | None:
        state = self.window.state
        return self.histories.get(self._key(state.exercise)) if state is not None else None

    def _follow(self, *_args) -> None:
        state = self.window.state
        key = self._key(state.exercise)
        history = self.histories.get(key)
        if history is None:
            self.histories[key] = History(state, holding=_mouse_down)
        elif history.state is not state:
            history.attach(state)

    def undo(self) -> bool:
        return self._step(undo=True)

    def redo(self) -> bool:
        return self._step(undo=False)

    def _step(self, undo: bool) -> bool:
        history = self.current()
        done = history is not None and (history.undo() if undo else history.redo())
        if not done:
            self.window.statusBar().showMessage(
                f"Nothing to {'undo' if undo else 'redo'} in {self.window.state.exercise.id}",
                4000)
        return done
