"""Exercise → Your own function: ask for f(x) and its x range, make it off the GUI
thread, show it; the picker's "Your own function" entry shows it again. A mixin of
MainWindow (it uses the window's state, picker, status bar and _show)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from explorer.core.errors import InputError
from explorer.ui.picker import custom_entry, select_in_picker
from explorer.ui.window_task import TaskSlot


class CustomFunctionActions:
    _making: TaskSlot | None = None  # (made on first use: see making_custom)
    custom_function = None  # the own function made last (the picker's entry shows it)
    custom_given: tuple | None = None  # (own function, the values set for it) on leaving it

    @property
    def making_custom(self):
        """The BackgroundTask making "your own function", while it runs (else None)."""
        return self._making.task if self._making is not None else None

    def keep_given(self) -> None:
        """Remember the values set for the exercise shown, before another replaces it.
        Your own function's belong to that function, not to the next one made: they are
        kept beside it (the next one starts from its defaults)."""
        shown = self.state.exercise
        if shown.id == "custom":
            self.custom_given = (shown, dict(self.state.given))
        else:
            self.given_by_exercise[shown.id] = dict(self.state.given)

    def given_for_custom(self) -> dict:
        """The values set for the own function made last, while another exercise shows."""
        made, given = self.custom_given or (None, {})
        return dict(given) if made is not None and made is self.custom_function else {}

    def open_custom(self, text: str, x_range: tuple[float, float] | None = None,
                    refuse=None, given: dict | None = None):
        """Open "your own function" f(x) = text on `x_range` (None: fitted to f), with
        the parameters `given`. It is made (parsed, differentiated, drawn once) off the
        GUI thread; Escape cancels. A text that cannot be used is said by
        `refuse(error)` (default: a dialog), and the window stays on what it showed.
        Returns the BackgroundTask (its `settled` signal: done, refused or cancelled)."""
        from explorer.core.custom import make_custom

        if self._making is None:
            self._making = TaskSlot(self)
        return self._making.start(
            lambda cancelled: make_custom(text, cancelled, x_range),
            lambda custom: self._show_custom(custom, given), refuse or self._refuse_custom,
            f"Working out f(x) = {text}")

    def _refuse_custom(self, exc: InputError) -> None:
        where = getattr(exc, "position", None)
        message = str(exc) + (f" (at character {where + 1})" if where is not None
                              and "at character" not in str(exc) else "")
        QtWidgets.QMessageBox.warning(self, "Cannot use this function", message)

    def _show_custom(self, custom, given: dict | None = None) -> None:
        self.custom_function = custom
        if given:  # (checked as remembered values are: what cannot be used gives way)
            self.given_by_exercise["custom"] = dict(given)
        try:
            self._show(custom)
        finally:
            self.given_by_exercise.pop("custom", None)
        item = custom_entry(self.picker)
        item.setText(0, f"f(x) = {custom.text}")
        item.setToolTip(0, f"f(x) = {custom.text} for {custom.x_range[0]:g} ≤ x ≤ "
                        f"{custom.x_range[1]:g} (Ctrl+Shift+F changes it)")

    def pick_custom(self) -> None:
        """The picker's "Your own function": the one made last, else the one of the
        session (made off the GUI thread), else the dialog."""
        if self.custom_function is not None:
            self._show_custom(self.custom_function, self.given_for_custom())
            return
        if self.state is None:  # (opening on it: the window shows an exercise meanwhile)
            from explorer.core import registry

            self._show(registry.get(registry.ids()[0]))
        select_in_picker(self.picker, self.state.exercise.id)  # (until one is made)
        if not self.kept.open_custom():
            self.custom_dialog()

    def custom_dialog(self):
        """Exercise → Your own function…: the dialog, filled with the function shown (or
        made last)."""
        from explorer.core.custom import CustomFunction
        from explorer.ui.custom_dialog import EXAMPLE, CustomFunctionDialog

        shown = self.state.exercise
        custom = shown if isinstance(shown, CustomFunction) else self.custom_function
        dialog = CustomFunctionDialog(
            self, custom.text if custom else EXAMPLE,
            None if custom is None or custom.fitted else custom.x_range)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
