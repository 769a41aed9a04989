"""The main window: exercise picker | parameter panel | panes; menus, shortcuts, status bar."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets
from superqt.utils import qthrottled

from explorer.core import registry
from explorer.core.errors import InputError
from explorer.core.session import summary
from explorer.core.state import ParamState
from explorer.ui import theme as themes
from explorer.ui.custom_action import CustomFunctionActions
from explorer.ui.file_actions import SESSION_SUFFIX, FileActions  # noqa: F401
from explorer.ui.menus import build_menus
from explorer.ui.navigation import install_navigation
from explorer.ui.pane_grid import PaneGrid, panes_scroll
from explorer.ui.params_panel import ParamsPanel
from explorer.ui.picker import ID_ROLE, build_picker, select_in_picker
from explorer.ui.status import StatusPresenter, status_message
from explorer.ui.workbench_action import WorkbenchActions

DEFAULT_SIZE = (1500, 860)  # the window on a screen that has room for it
LEFT_WIDTH = (290, 300)  # the picker and parameter column: least, and at DEFAULT_SIZE
MATH_WIDTH = (250, 420)  # the math panel: its minimum width, and its width at DEFAULT_SIZE
# ms between redraws while parameters change (a frame): the first change of a drag is
# drawn at once, later ones within the frame are coalesced, and the last is always drawn
REDRAW_MS = 16
# Exercise steps closer together than this (a held Ctrl+] repeats every 30–40 ms) are
# coalesced: only the exercise they end at is built, once they pause.
STEP_PAUSE_MS = 50


class MainWindow(FileActions, CustomFunctionActions, WorkbenchActions, QtWidgets.QMainWindow):
    exercise_changed = QtCore.Signal(str)

    def __init__(self, exercise_id: str | None = None, settings=None, parent=None):
        """`settings`: a QSettings to remember the session in between runs (None: the
        window remembers nothing, as in tests)."""
        super().__init__(parent)
        self.setWindowTitle("Vector Calculus Explorer")
        self.settings = settings
        self.given_by_exercise: dict[str, dict] = {}  # what the user set, per exercise
        self.theme = themes.from_palette()
        self.state: ParamState | None = None
        self.params_panel: ParamsPanel | None = None
        self.grid: PaneGrid | None = None
        self.current_pane: str | None = None

        self.picker = build_picker(self._on_pick)
        self.install_workbench()
        self.params_area = QtWidgets.QScrollArea()
        self.params_area.setWidgetResizable(True)
        self.params_area.setMinimumWidth(LEFT_WIDTH[0] - 10)
        left = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        left.addWidget(self.picker)
        left.addWidget(self.params_area)
        left.setSizes([330, 400])
        self.panes_host = QtWidgets.QWidget()
        QtWidgets.QVBoxLayout(self.panes_host).setContentsMargins(4, 4, 4, 4)
        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(panes_scroll(self.panes_host))
        self.math_host = QtWidgets.QWidget()
        QtWidgets.QVBoxLayout(self.math_host).setContentsMargins(0, 0, 0, 0)
        self.math_host.setMinimumWidth(MATH_WIDTH[0])  # formulas stay readable
        self.splitter.addWidget(self.math_host)
        self.splitter.setStretchFactor(1, 1)
        self.math_panel = None
        # The panes follow the state's changes, at most once a frame (see refresh).
        self._drawn = True  # the panes show the state as it is
        self._redraw_soon = qthrottled(self._draw_if_due, timeout=REDRAW_MS, parent=self)
        self.status = StatusPresenter(self.statusBar(), lambda: self.state)
        # Exercise steps: the last one requested is built once they pause.
        self._switch_to: str | None = None
        self._switch_timer = QtCore.QTimer(self)
        self._switch_timer.setSingleShot(True)
        self._switch_timer.setInterval(STEP_PAUSE_MS)
        self._switch_timer.timeout.connect(self._switch_now)
        self.setCentralWidget(self.splitter)
        install_navigation(self)  # undo/redo, Reset view, Tab order
        build_menus(self)
        self.set_size(*DEFAULT_SIZE)
        warnings: list[str] = []
        if settings is not None:  # restored key by key; what fails gives way to defaults
            from explorer.ui import session

            last, self.given_by_exercise, warnings = session.read_settings(settings)
            warnings += session.restore_layout(settings, self) + self.kept.remembered
            warnings += self.keep_expressions(session.read_expressions(settings))
            exercise_id = exercise_id or last
        later = self.my_expressions.get(exercise_id)  # (derived once the window is up)
        note = self.open_exercise(registry.ids()[0] if later else exercise_id or registry.ids()[0])
        if later:  # (one that no longer derives is said in the status bar, not a dialog)
            self.open_workbench(later, refuse=lambda exc: self.warn(f"Not opened: {exc}"))
        if warnings:
            self.warn("Settings: " + summary(warnings + ([note] if note else [])))

    # --- exercises ------------------------------------------------------------------------
    def open_exercise(self, exercise_id: str) -> str | None:
        """Open a registry exercise, or one of "My expressions" (derived off the GUI
        thread, then shown); returns the note if its remembered values were dropped (see
        _show)."""
        self.stop_stepping()
        if exercise_id == "custom":  # the picker's entry of your own function
            return self.pick_custom()
        if exercise_id in self.my_expressions:  # derived off the GUI thread, then shown
            self.open_workbench(self.my_expressions[exercise_id])
            return None
        return self._show(registry.get(exercise_id))

    def stop_stepping(self) -> None:
        """A step still pending is overtaken (by an exercise or session opened)."""
        self._switch_timer.stop()
        self._switch_to = None

    def _show(self, exercise, keep_current: bool = True) -> str | None:
        """Open `exercise` with the values remembered for it. Its state, panes and panel are
        built before anything is replaced, so a failure leaves the window as it was. Values
        that cannot be used or drawn give way to the exercise's defaults: returns that
        note (also shown in the status bar), else None. `keep_current`: remember the open
        exercise's values first (not when a session replaces them all)."""
        exercise_id = exercise.id
        if keep_current and self.state is not None:
            self.keep_given()  # (your own function's: see CustomFunctionActions)
        given = self.given_by_exercise.get(exercise_id)
        note = None
        try:
            parts = self._build(exercise, given)
        except Exception as exc:  # remembered values that fail: the defaults instead
            if not given:
                raise  # the defaults themselves fail: a bug, not a state to fall back from
            reason = " ".join(str(exc).split())[:120]
            if not isinstance(exc, InputError):
                reason = f"could not be drawn: {reason}"
            note = f"{exercise_id}: remembered parameters ignored ({reason}); defaults shown"
            self.given_by_exercise.pop(exercise_id, None)
            parts = self._build(exercise, None)
        self._install(exercise, *parts)
        if note:
            self.warn(note)
        return note

    def _build(self, exercise, given: dict | None):
        """The state, pane grid, parameter column and status text of an exercise, made
        without touching the window (the grid is deleted again if a later step fails)."""
        state = ParamState(exercise, given)
        grid = PaneGrid(exercise, state.views(), self.theme)
        try:
            status = status_message(state)
            params_panel = ParamsPanel(exercise)
            params_panel.sync(state.inputs)
        except BaseException:
            grid.deleteLater()
            raise
        return state, grid, params_panel, status

    def _install(self, exercise, state, grid, params_panel, status: str) -> None:
        """Put a built exercise in place; the old pane grid is deleted at once, so that
        quick switching never keeps several grids alive."""
        self.state, self.params_panel = state, params_panel
        self._place_grid(grid)
        self.set_current_pane(exercise.panes[0].name)
        params_panel.value_changed.connect(self.set_param)
        holder = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(holder)
        column.addWidget(params_panel)
        if (sizes := self.sizes_box(exercise)) is not None:
            column.insertWidget(0, sizes)  # above the inputs it sizes
        self.tangents_box = None
        if exercise.supports_tangents:
            from explorer.ui.tangents_box import TangentsBox

            self.tangents_box = TangentsBox(self.theme)
            self.tangents_box.add_requested.connect(self.add_tangent)
            self.tangents_box.remove_requested.connect(self.remove_tangent)
            column.addWidget(self.tangents_box)
        column.addStretch(1)
        self.params_area.setWidget(holder)  # deletes the old panel
        # what follows the state: the panel at once, the panes and status bar throttled
        state.subscribe(lambda _what: params_panel.sync(state.inputs))
        state.subscribe(self._state_changed)
        state.subscribe(self.status.changed)
        self._drawn = True
        self._show_math_panel(exercise)
        select_in_picker(self.picker, exercise.id)
        self.setWindowTitle(f"{exercise.heading} — Vector Calculus Explorer")
        self.status.show(status)
        self.exercise_changed.emit(exercise.id)

    def _place_grid(self, grid: PaneGrid) -> None:
        """Show `grid` in place of the old one, which is deleted at once."""
        old_grid, self.grid = self.grid, grid
        grid.param_requested.connect(self.set_param)
        for name, pane in grid.panes.items():
            pane.installEventFilter(self)
            pane.setProperty("pane_name", name)
        self.panes_host.layout().addWidget(grid)
        if old_grid is not None:
            old_grid.setParent(None)
            old_grid.deleteLater()
            QtCore.QCoreApplication.sendPostedEvents(old_grid, QtCore.QEvent.Type.DeferredDelete)

    def _show_math_panel(self, exercise) -> None:
        from explorer.ui.math_panel import MathPanel

        old, state = self.math_panel, self.state  # (its own state: see test_math_panel_…)
        self.math_panel = MathPanel(exercise, self.theme, lambda: state.inputs,
                                    show_worked=old is None or old.show_worked.isChecked())
        self.math_host.layout().addWidget(self.math_panel)
        if old is not None:
            old.setParent(None)
            old.deleteLater()

    def _on_pick(self, item, _previous) -> None:
        exercise_id = item.data(0, ID_ROLE) if item else None
        if exercise_id and (self.state is None or self.state.exercise.id != exercise_id):
            self.open_exercise(exercise_id)

    def step_exercise(self, step: int) -> None:
        """Go to the next/previous exercise. Steps requested in quick succession (a held
        Ctrl+]) add up, the picker following them, and only the exercise they end at is
        built, once they pause."""
        ids = registry.ids()
        current = self._switch_to or self.state.exercise.id
        k = ids.index(current) if current in ids else (-1 if step > 0 else 0)
        self._switch_to = ids[(k + step) % len(ids)]
        select_in_picker(self.picker, self._switch_to)
        self._switch_timer.start()

    def _switch_now(self) -> None:
        target, self._switch_to = self._switch_to, None
        if target is not None and target != self.state.exercise.id:
            self.open_exercise(target)

    # --- parameters -----------------------------------------------------------------------
    def set_param(self, name: str, value) -> None:
        try:
            changed = self.state.set(name, value)
        except InputError as exc:
            self.statusBar().showMessage(f"Not applied: {exc}", 8000)
            self.params_panel.sync(self.state.inputs)
            return
        if not changed:
            return  # (a change is drawn by the state's subscribers)

    def set_size(self, width: int, height: int, within: QtCore.QRect | None = None) -> None:
        """Size the window width × height, kept inside `within` (default: the free area of
        its screen, e.g. a 1366×768 laptop's; an empty QRect: no limit), and share the
        width out: the math panel gives up width before the panes do."""
        if within is None:
            screen = self.screen() or QtWidgets.QApplication.primaryScreen()
            within = screen.availableGeometry() if screen is not None else QtCore.QRect()
        if not within.isEmpty():  # (less the title bar the window manager adds)
            width, height = min(width, within.width()), min(height, within.height() - 40)
        self.resize(width, height)
        spare = max(DEFAULT_SIZE[0] - width, 0)
        math = max(MATH_WIDTH[0], MATH_WIDTH[1] - spare // 2)
        left = max(LEFT_WIDTH[0], LEFT_WIDTH[1] - spare // 6)
        self.splitter.setSizes([left, width - left - math, math])

    def reset_parameters(self) -> None:
        self.state.reset()

    def add_tangent(self) -> None:
        """A new tangent point a little to the right of x (wrapping inside the range)."""
        param = self.state.exercise.param("x")
        span = param.hi - param.lo
        x = self.state.inputs["x"] + span * 0.15 * (len(self.state.tangents) + 1)
        self.state.add_tangent(param.lo + (x - param.lo) % span)

    def remove_tangent(self, index: int) -> None:
        self.state.remove_tangent(index)

    def _state_changed(self, _what: str) -> None:
        self._drawn = False
        self._redraw_soon()

    def refresh(self) -> None:
        """Draw what changed now (a redraw still pending is cancelled)."""
        self._redraw_soon.cancel()
        self._draw_if_due()

    def _draw_if_due(self) -> None:
        if self._drawn:
            return
        self._drawn = True
        self.grid.update_views(self.state.views())
        self.math_panel.follow()  # (5.4's result follows n and x₀)
        if self.tangents_box is not None:
            self.tangents_box.show_state(self.state)

    # --- panes ------------------------------------------------------------------
    def eventFilter(self, obj, event):
        if event.type() in (QtCore.QEvent.Type.MouseButtonPress, QtCore.QEvent.Type.FocusIn):
            name = obj.property("pane_name")
            if name:
                self.set_current_pane(name)
        return super().eventFilter(obj, event)
