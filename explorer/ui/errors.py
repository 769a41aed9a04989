"""No silent failures: an exception that escapes a Qt slot (or any Python code the event
loop calls) reaches `sys.excepthook`; this hook prints it to stderr and shows a non-modal
error dialog with the details and a Copy button, and the app keeps running.

The dialog is created from the event loop (a queued signal), never inside the failing
paint or mouse handler, and from the GUI thread even when a worker thread raised. The
same error repeated while its dialog is open (a paint handler failing on every frame)
does not open a second one, and at most a few dialogs are open at a time."""

from __future__ import annotations

import sys
import threading
import traceback

from PySide6 import QtCore, QtGui, QtWidgets

MAX_OPEN_DIALOGS = 3


class ErrorDialog(QtWidgets.QDialog):
    """The summary in one line, the traceback in a read-only box, Copy and Close."""

    def __init__(self, summary: str, details: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Vector Calculus Explorer — unexpected error")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details = details
        layout = QtWidgets.QVBoxLayout(self)
        head = QtWidgets.QLabel(
            "Something went wrong. The explorer keeps running; the last action may not "
            "have finished.")
        head.setWordWrap(True)
        layout.addWidget(head)
        self.summary = QtWidgets.QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.text = QtWidgets.QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QtGui.QFontDatabase.systemFont(
            QtGui.QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName("Error details")
        layout.addWidget(self.text, 1)
        buttons = QtWidgets.QDialogButtonBox()
        self.copy_button = buttons.addButton(
            "Copy", QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip("Copy the details to the clipboard, e.g. for a bug report")
        self.copy_button.clicked.connect(self.copy)
        close = buttons.addButton(QtWidgets.QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.close)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def copy(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(self.details)


class ExceptionHook(QtCore.QObject):
    """Install with `install()`; `dialogs` lists the dialogs currently open."""

    _raised = QtCore.Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.dialogs: list[ErrorDialog] = []
        self._previous = None
        self._previous_thread_hook = None
        self._raised.connect(self._show, QtCore.Qt.ConnectionType.QueuedConnection)

    def install(self) -> ExceptionHook:
        self._previous, sys.excepthook = sys.excepthook, self
        self._previous_thread_hook = threading.excepthook
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self and self._previous is not None:
            sys.excepthook = self._previous
        if self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook

    def __call__(self, etype, value, tb) -> None:
        if issubclass(etype, KeyboardInterrupt | SystemExit):
            (self._previous or sys.__excepthook__)(etype, value, tb)
            return
        details = "".join(traceback.format_exception(etype, value, tb))
        try:
            sys.stderr.write(details)
        except (OSError, ValueError, AttributeError):  # no usable stderr (a GUI launcher)
            pass
        summary = f"{etype.__name__}: {value}".strip()
        if len(summary) > 300:
            summary = summary[:300] + "…"
        self._raised.emit(summary, details)

    def _thread_hook(self, args) -> None:
        self(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, summary: str, details: str) -> None:
        if any(d.details == details for d in self.dialogs):
            return
        if len(self.dialogs) >= MAX_OPEN_DIALOGS:
            return
        parent = QtWidgets.QApplication.activeWindow()
        if isinstance(parent, ErrorDialog):
            parent = parent.parentWidget()
        dialog = ErrorDialog(summary, details, parent)
        dialog.setModal(False)
        dialog.destroyed.connect(lambda *_: self._forget(dialog))
        dialog.finished.connect(lambda *_: self._forget(dialog))
        self.dialogs.append(dialog)
        dialog.show()
        if QtGui.QGuiApplication.platformName() != "offscreen":  # (it cannot raise)
            dialog.raise_()

    def _forget(self, dialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)


def install_exception_hook(parent=None) -> ExceptionHook:
    """Route uncaught exceptions to an error dialog (the hook is parented to `parent`,
    e.g. the QApplication, so that it lives as long as the app)."""
    return ExceptionHook(parent).install()
