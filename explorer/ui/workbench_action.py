"""The workbench in the window: derive an expression off the GUI thread and show it, and
keep it under "My expressions" in the picker (and so in the settings and sessions).
A mixin of MainWindow (it uses the window's picker, status bar and _show)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from explorer.core.errors import InputError
from explorer.ui.picker import ID_ROLE, select_in_picker
from explorer.ui.window_task import TaskSlot

if TYPE_CHECKING:
    from explorer.core.workbench.exercise import Spec

GROUP = "My expressions"  # (the workbench's group, named here to keep start-up light)

MAX_KEPT = 50  # expressions kept in the picker (the oldest go first)


class WorkbenchActions:
    _deriving: TaskSlot | None = None  # (made on first use: see deriving)

    @property
    def deriving(self):
        """The BackgroundTask deriving an expression, while it runs (else None)."""
        return self._deriving.task if self._deriving is not None else None

    def install_workbench(self) -> None:
        self.my_expressions: dict[str, Spec] = {}  # id → expression, oldest first
        delete = QtGui.QShortcut(QtGui.QKeySequence(QtCore.Qt.Key.Key_Delete), self.picker)
        delete.setContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_in_picker)

    def open_workbench(self, spec: Spec, refuse=None, given: dict | None = None):
        """Derive `spec` off the GUI thread (Escape cancels) and show it; it joins "My
        expressions". A refused expression is said by `refuse(error)` (default: a
        dialog) and the window stays as it was. Returns the BackgroundTask."""
        from explorer.core.workbench.exercise import build

        if given:
            self.given_by_exercise[spec.id] = dict(given)
        if self._deriving is None:
            self._deriving = TaskSlot(self)
        return self._deriving.start(
            lambda cancelled: build(spec, cancelled), self._show_workbench,
            refuse or self._refuse_workbench, f"Deriving ∂/∂{spec.wrt} of {spec.text}")

    def _show_workbench(self, exercise) -> None:
        self.keep_expression(exercise.spec)
        self._show(exercise)

    def _refuse_workbench(self, exc: InputError) -> None:
        QtWidgets.QMessageBox.warning(self, "Cannot use this expression", str(exc))

    def workbench_dialog(self):
        """Exercise → Matrix calculus workbench…: the dialog, filled with the expression
        shown (if one is)."""
        from explorer.ui.workbench_dialog import WorkbenchDialog

        shown = self.state.exercise if self.state is not None else None
        dialog = WorkbenchDialog(self, getattr(shown, "spec", None))
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def sizes_box(self, exercise):
        """The sizes control of a workbench expression (None for other exercises)."""
        from explorer.core.workbench.exercise import WorkbenchExercise

        if not isinstance(exercise, WorkbenchExercise):
            return None
        from explorer.core.workbench.sizes import linked_sizes
        from explorer.ui.sizes_box import SizesBox

        d = exercise.derivation
        sizes = linked_sizes(exercise.spec.text, d.problem.shapes, d.wrt)
        if not sizes:
            return None
        box = SizesBox(sizes)
        box.resize_requested.connect(self.resize_workbench)
        return box

    def resize_workbench(self, size, value: int):
        """Derive the expression shown again with `size` set to `value`; the values set
        by hand of the names whose shape stays are kept. Returns the BackgroundTask."""
        from explorer.core.workbench.exercise import Spec
        from explorer.core.workbench.sizes import resized

        ex = self.state.exercise
        old = ex.derivation.problem.shapes
        shapes = resized(old, size, value)
        kept = {k: v for k, v in self.state.given.items() if shapes.get(k, ()) == old.get(k)
                or k not in old}
        return self.open_workbench(Spec.make(ex.spec.text, ex.spec.wrt, shapes), given=kept)

    # --- "My expressions" ---------------------------------------------------------------
    def keep_expression(self, spec: Spec) -> None:
        """List `spec` under "My expressions" (once; the newest last)."""
        self.my_expressions.pop(spec.id, None)
        self.my_expressions[spec.id] = spec
        while len(self.my_expressions) > MAX_KEPT:
            self.my_expressions.pop(next(iter(self.my_expressions)))
        self.show_my_expressions()

    def keep_expressions(self, found: tuple[list, list[str]]) -> list[str]:
        """Keep the expressions read from the settings; returns the warnings."""
        for spec in found[0]:
            self.keep_expression(spec)
        return [f"My expressions: {w}" for w in found[1]]

    def forget_expression(self, exercise_id: str) -> None:
        self.my_expressions.pop(exercise_id, None)
        self.given_by_exercise.pop(exercise_id, None)
        self.show_my_expressions()

    def show_my_expressions(self) -> None:
        tree = self.picker
        group = next((tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                      if tree.topLevelItem(i).text(0) == GROUP), None)
        with QtCore.QSignalBlocker(tree):
            if group is None:
                group = QtWidgets.QTreeWidgetItem(tree, [GROUP])
                group.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled)
                group.setToolTip(0, "Expressions derived with Exercise → Matrix calculus "
                                 "workbench (Delete removes the one selected)")
            group.takeChildren()
            for spec in self.my_expressions.values():
                item = QtWidgets.QTreeWidgetItem(group, [spec.label()])
                item.setData(0, ID_ROLE, spec.id)
                item.setToolTip(0, f"f = {spec.text}, differentiated by {spec.wrt}")
            group.setHidden(not self.my_expressions)
            group.setExpanded(True)
        if self.state is not None:
            select_in_picker(tree, self.state.exercise.id)

    def delete_in_picker(self) -> None:
        """Delete: the expression selected in the picker leaves "My expressions"."""
        item = self.picker.currentItem()
        exercise_id = item.data(0, ID_ROLE) if item is not None else None
        if exercise_id in self.my_expressions:
            self.forget_expression(exercise_id)
