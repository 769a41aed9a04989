"""Exercise → Your own function: ask for f(x), make it off the GUI thread, show it.
A mixin of MainWindow (it uses the window's state, status bar and _show)."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from explorer.core.errors import InputError


class CustomFunctionActions:
    making_custom = None  # the BackgroundTask making "your own function", while it runs

    def open_custom(self, text: str):
        """Open "your own function" f(x) = text. It is made (parsed, differentiated, drawn
        once) off the GUI thread; Escape cancels. A text that cannot be used is refused
        with a dialog, and the window stays on what it showed. Returns the BackgroundTask
        (its `settled` signal: done, refused or cancelled)."""
        from explorer.core.custom import make_custom
        from explorer.ui.background import BackgroundTask

        if self.making_custom is not None:
            self.making_custom.cancel()
        task = BackgroundTask(lambda cancelled: make_custom(text, cancelled), self)
        task.finished.connect(self._show)
        task.refused.connect(self._refuse_custom)
        escape = QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Escape), self)
        escape.activated.connect(task.cancel)
        task.settled.connect(escape.deleteLater)
        task.settled.connect(lambda: self._custom_settled(task))
        task.settled.connect(task.deleteLater)
        self.exercise_changed.connect(task.cancel)  # another exercise was opened meanwhile
        self.making_custom = task
        self.statusBar().showMessage(f"Working out f(x) = {text} … (Esc cancels)")
        return task.start()

    def _custom_settled(self, task) -> None:
        if self.making_custom is task:
            self.making_custom = None
            if self.statusBar().currentMessage().startswith("Working out f(x)"):
                self.status.show()

    def _refuse_custom(self, exc: InputError) -> None:
        where = getattr(exc, "position", None)
        message = str(exc) + (f" (at character {where + 1})" if where is not None
                              and "at character" not in str(exc) else "")
        QtWidgets.QMessageBox.warning(self, "Cannot use this function", message)

    def custom_dialog(self) -> None:
        from explorer.core.custom import CustomFunction

        shown = self.state.exercise
        text, ok = QtWidgets.QInputDialog.getText(
            self, "Your own function",
            "f(x) = (plain syntax, e.g. x^2*exp(-x) or sigmoid(3*x))",
            text=shown.text if isinstance(shown, CustomFunction) else "sin(x)*exp(-x^2/4)")
        if ok and text.strip():
            self.open_custom(text)
