"""A dialog whose input is worked out off the GUI thread by a window task: one message
line under its form (what is being done, or why the input cannot be used, the text as
typed kept), an accept button held while the task runs, and Cancel or Escape stopping it."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from explorer.core.errors import InputError

ERROR_COLOUR = "#D55E00"


def refusal_text(exc: InputError) -> str:
    """The refusal on one line, naming the character at fault when it is known."""
    where = getattr(exc, "position", None)
    text = " ".join(str(exc).split())
    if where is not None and "at character" not in text:
        text += f" (at character {where + 1})"
    return text


class TaskDialog(QtWidgets.QDialog):
    def __init__(self, window, title: str):
        super().__init__(window)
        self.window_ = window
        self.task = None
        self.setWindowTitle(title)

    def add_message_and_buttons(self, form: QtWidgets.QFormLayout, accept_text: str,
                                on_accept) -> QtWidgets.QPushButton:
        """The message line and the buttons, last in `form`; returns the accept button."""
        self.message = QtWidgets.QLabel(" ")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(f"{self.windowTitle()}: message")
        self.message.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.message)
        buttons = QtWidgets.QDialogButtonBox()
        self.accept_button = buttons.addButton(
            accept_text, QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setDefault(True)
        buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(on_accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        return self.accept_button

    def run(self, start, working: str):
        """Show `working` and start the window's task (`start()` returns it; it may refuse
        the input at once, through `refuse`); the dialog closes when the task is done."""
        self.show_message(working, "")
        self.accept_button.setEnabled(False)
        task = self.task = start()
        task.finished.connect(lambda _result: self.accept())
        task.settled.connect(self._settled)
        return task

    def _settled(self) -> None:
        self.task = None
        self.accept_button.setEnabled(True)

    def refuse(self, exc: InputError) -> None:
        self.show_message(refusal_text(exc), ERROR_COLOUR)

    def show_message(self, text: str, colour: str) -> None:
        self.message.setStyleSheet(f"color: {colour}" if colour else "")
        self.message.setText(text)

    def reject(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
        super().reject()
