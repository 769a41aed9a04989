"""The main window: exercise picker | parameter panel | panes; menus, shortcuts, status bar."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from explorer.core import registry
from explorer.core.errors import InputError
from explorer.core.session import summary
from explorer.core.state import ParamState
from explorer.ui import theme as themes
from explorer.ui.export import export_widget
from explorer.ui.pane_grid import PaneGrid
from explorer.ui.params_panel import ParamsPanel

ID_ROLE = QtCore.Qt.ItemDataRole.UserRole
DEFAULT_SIZE = (1500, 860)  # the window on a screen that has room for it
LEFT_WIDTH = 300  # the picker and parameter column
MATH_WIDTH = (340, 420)  # the math panel: its minimum width, and its width at DEFAULT_SIZE
# ms between the status bar's updates while parameters change: its numbers stay readable,
# and a drag's updates do not recompute f and f′ and repaint the bar each (0.05–0.1 ms)
STATUS_INTERVAL_MS = 100
# Exercise steps closer together than this (a held Ctrl+] repeats every 30–40 ms) are
# coalesced: only the exercise they end at is built, once they pause.
STEP_PAUSE_MS = 50
SESSION_SUFFIX = ".vcsession"  # the session file type (resources/*.mime.xml)


class MainWindow(QtWidgets.QMainWindow):
    exercise_changed = QtCore.Signal(str)
    making_custom = None  # the BackgroundTask making "your own function", while it runs

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

        self.picker = self._build_picker()
        self.params_area = QtWidgets.QScrollArea()
        self.params_area.setWidgetResizable(True)
        self.params_area.setMinimumWidth(280)
        self.params_area.setHorizontalScrollBarPolicy(
            QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the controls fit the width
        left = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        left.addWidget(self.picker)
        left.addWidget(self.params_area)
        left.setSizes([330, 400])
        self.panes_host = QtWidgets.QWidget()
        QtWidgets.QVBoxLayout(self.panes_host).setContentsMargins(4, 4, 4, 4)
        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panes_host)
        self.math_host = QtWidgets.QWidget()
        QtWidgets.QVBoxLayout(self.math_host).setContentsMargins(0, 0, 0, 0)
        self.math_host.setMinimumWidth(MATH_WIDTH[0])  # formulas stay readable
        self.splitter.addWidget(self.math_host)
        self.splitter.setStretchFactor(1, 1)
        self.math_panel = None
        # Adaptive throttle: updates are applied at once while they are fast; when one
        # takes longer than a frame, further changes within a drag are coalesced.
        self._slow_ms = 0.0
        self._pending = False
        self._throttle = QtCore.QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.timeout.connect(self._flush)
        # The status bar: shown at once, then at most once an interval (the last state too).
        self._status_due = False
        self._status_text = ""  # the status last shown (other messages may replace it)
        self._status_timer = QtCore.QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(STATUS_INTERVAL_MS)
        self._status_timer.timeout.connect(self._status_interval_over)
        # Exercise steps: the last one requested is built once they pause.
        self._switch_to: str | None = None
        self._switch_timer = QtCore.QTimer(self)
        self._switch_timer.setSingleShot(True)
        self._switch_timer.setInterval(STEP_PAUSE_MS)
        self._switch_timer.timeout.connect(self._switch_now)
        self.setCentralWidget(self.splitter)
        self._build_menus()
        self.set_size(*DEFAULT_SIZE)
        warnings: list[str] = []
        if settings is not None:  # restored key by key; what fails gives way to defaults
            from explorer.ui import session

            last, self.given_by_exercise, warnings = session.read_settings(settings)
            warnings += session.restore_layout(settings, self)
            exercise_id = exercise_id or last
        note = self.open_exercise(exercise_id or registry.ids()[0])
        if warnings:
            self.warn("Settings: " + summary(warnings + ([note] if note else [])))

    # --- building -----------------------------------------------------------------------
    def _build_picker(self) -> QtWidgets.QTreeWidget:
        """The exercises by group: the book's as "Exercise 5.5", a plugin's group under its
        own name; plugins that could not be loaded are listed greyed out, with the reason."""
        tree = QtWidgets.QTreeWidget()
        tree.setHeaderHidden(True)
        tree.setAccessibleName("Exercise picker")
        tree.setToolTip("Pick an exercise")
        groups: dict[str, QtWidgets.QTreeWidgetItem] = {}
        for ex in registry.exercises():
            plugin = registry.plugin_of(ex.id)
            group = groups.get(ex.group)
            if group is None:
                heading = ex.group if plugin else f"Exercise {ex.group}"
                group = QtWidgets.QTreeWidgetItem(tree, [heading])
                group.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled)
                groups[ex.group] = group
            item = QtWidgets.QTreeWidgetItem(group, [f"{ex.id}  {ex.title}"])
            item.setData(0, ID_ROLE, ex.id)
            item.setToolTip(0, ex.title + (f" (from the plugin {plugin})" if plugin else ""))
        if registry.problems():
            skipped = QtWidgets.QTreeWidgetItem(tree, ["Plugins skipped"])
            skipped.setFlags(QtCore.Qt.ItemFlag.ItemIsEnabled)
            for problem in registry.problems():
                item = QtWidgets.QTreeWidgetItem(skipped, [problem])
                item.setToolTip(0, problem)
                item.setFlags(QtCore.Qt.ItemFlag.NoItemFlags)
        tree.expandAll()
        tree.currentItemChanged.connect(self._on_pick)
        return tree

    def _action(self, menu, text: str, keys: str, slot) -> QtGui.QAction:
        action = menu.addAction(text)
        action.setShortcut(QtGui.QKeySequence(keys))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open session…", "Ctrl+O", self.open_session_dialog)
        self._action(file_menu, "&Save session…", "Ctrl+S", self.save_session_dialog)
        file_menu.addSeparator()
        self.export_pane_action = self._action(
            file_menu, "Export &pane…", "Ctrl+E", lambda: self.export_dialog(all_panes=False))
        self.export_all_action = self._action(
            file_menu, "Export &all panes…", "Ctrl+Shift+E",
            lambda: self.export_dialog(all_panes=True))
        self.export_animation_action = self._action(
            file_menu, "Export a&nimation…", "Ctrl+Shift+A", self.export_animation_dialog)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", "Ctrl+Q", self.close)
        view_menu = self.menuBar().addMenu("&Exercise")
        self._action(view_menu, "&Next exercise", "Ctrl+]", lambda: self.step_exercise(+1))
        self._action(view_menu, "&Previous exercise", "Ctrl+[", lambda: self.step_exercise(-1))
        self._action(view_menu, "&Play/pause", "Ctrl+P", lambda: self.params_panel.toggle_play())
        self._action(view_menu, "&Your own function…", "Ctrl+Shift+F", self.custom_dialog)
        self._action(view_menu, "&Reset parameters", "Ctrl+R", self.reset_parameters)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction("&About", self.show_about)

    # --- exercises ------------------------------------------------------------------------
    def open_exercise(self, exercise_id: str) -> str | None:
        """Open a registry exercise; returns the note if its remembered values were
        dropped (see _show)."""
        self._switch_timer.stop()  # a step still pending is overtaken
        self._switch_to = None
        return self._show(registry.get(exercise_id))

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
                self._show_status()

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

    def _show(self, exercise, keep_current: bool = True) -> str | None:
        """Open `exercise` with the values remembered for it. Its state, panes and panel are
        built before anything is replaced, so a failure leaves the window as it was. Values
        that cannot be used or drawn give way to the exercise's defaults: returns that
        note (also shown in the status bar), else None. `keep_current`: remember the open
        exercise's values first (not when a session replaces them all)."""
        exercise_id = exercise.id
        if keep_current and self.state is not None and self.state.exercise.id in registry.ids():
            self.given_by_exercise[self.state.exercise.id] = dict(self.state.given)
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
            status = self._status_message(state)
            params_panel = ParamsPanel(exercise)
            params_panel.sync(state.inputs)
        except BaseException:
            grid.deleteLater()
            raise
        return state, grid, params_panel, status

    def _install(self, exercise, state, grid, params_panel, status: str) -> None:
        """Put a built exercise in place; the old pane grid is deleted at once, so that
        quick switching never keeps several grids alive."""
        old_grid = self.grid
        self.state, self.grid, self.params_panel = state, grid, params_panel
        grid.param_requested.connect(self.set_param)
        for name, pane in grid.panes.items():
            pane.installEventFilter(self)
            pane.setProperty("pane_name", name)
        self.current_pane = exercise.panes[0].name
        self.panes_host.layout().addWidget(grid)
        params_panel.value_changed.connect(self.set_param)
        holder = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(holder)
        column.addWidget(params_panel)
        self.tangents_box = None
        if exercise.supports_tangents:
            from explorer.ui.tangents_box import TangentsBox

            self.tangents_box = TangentsBox(self.theme)
            self.tangents_box.add_requested.connect(self.add_tangent)
            self.tangents_box.remove_requested.connect(self.remove_tangent)
            column.addWidget(self.tangents_box)
        column.addStretch(1)
        self.params_area.setWidget(holder)  # deletes the old panel
        if old_grid is not None:
            old_grid.setParent(None)
            old_grid.deleteLater()
            QtCore.QCoreApplication.sendPostedEvents(old_grid, QtCore.QEvent.Type.DeferredDelete)
        self._show_math_panel(exercise)
        self._select_in_picker(exercise.id)
        self.setWindowTitle(f"{exercise.id} {exercise.title} — Vector Calculus Explorer")
        self._status_text = status
        self.statusBar().showMessage(status)
        self.exercise_changed.emit(exercise.id)

    def _show_math_panel(self, exercise) -> None:
        from explorer.ui.math_panel import MathPanel

        old = self.math_panel
        self.math_panel = MathPanel(exercise, self.theme, lambda: self.state.inputs)
        self.math_host.layout().addWidget(self.math_panel)
        if old is not None:
            old.setParent(None)
            old.deleteLater()

    def _select_in_picker(self, exercise_id: str) -> None:
        """Highlight the entry (none for "your own function")."""
        match = None
        it = QtWidgets.QTreeWidgetItemIterator(self.picker)
        while it.value():
            if it.value().data(0, ID_ROLE) == exercise_id:
                match = it.value()
            it += 1
        if match is not self.picker.currentItem():
            with QtCore.QSignalBlocker(self.picker):
                self.picker.setCurrentItem(match)
                if match is None:
                    self.picker.clearSelection()

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
        self._select_in_picker(self._switch_to)
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
            return
        if self._throttle.isActive():
            self._pending = True
            return
        self.refresh()
        if self._slow_ms > 16:
            self._throttle.start(int(min(self._slow_ms, 250)))

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
        math = max(MATH_WIDTH[0], MATH_WIDTH[1] - max(DEFAULT_SIZE[0] - width, 0) // 2)
        self.splitter.setSizes([LEFT_WIDTH, width - LEFT_WIDTH - math, math])

    def _flush(self) -> None:
        if self._pending:
            self._pending = False
            self.refresh()

    def reset_parameters(self) -> None:
        self.state.reset()
        self.refresh()

    def _views(self) -> dict:
        return self.state.views()

    def add_tangent(self) -> None:
        """A new tangent point a little to the right of x (wrapping inside the range)."""
        param = self.state.exercise.param("x")
        span = param.hi - param.lo
        x = self.state.inputs["x"] + span * 0.15 * (len(self.state.tangents) + 1)
        self.state.add_tangent(param.lo + (x - param.lo) % span)
        self.refresh()

    def remove_tangent(self, index: int) -> None:
        self.state.remove_tangent(index)
        self.refresh()

    def _sync_tangents(self) -> None:
        if self.tangents_box is None:
            return
        ex, v = self.state.exercise, self.state.inputs
        texts = []
        for k, at in enumerate(self.state.tangents):
            slope = float(ex.df(at, v))
            texts.append(f"{k + 2}: x = {at:.3g}, f′ = {slope:.4g}")
        self.tangents_box.sync(texts)

    def refresh(self) -> None:
        """Recompute the views and update every pane and widget in place."""
        started = time.perf_counter()
        self._pending = False
        self.grid.update_views(self._views())
        self.params_panel.sync(self.state.inputs)
        self._sync_tangents()
        self._request_status()
        self._slow_ms = (time.perf_counter() - started) * 1000

    def _request_status(self) -> None:
        if self._status_timer.isActive():
            self._status_due = True  # shown when the interval is over
            return
        self._show_status()
        self._status_timer.start()

    def _status_interval_over(self) -> None:
        # (a message shown since, such as "Exported …", is not overwritten late)
        if self._status_due and self.statusBar().currentMessage() in (self._status_text, ""):
            self._show_status()
            self._status_timer.start()
        self._status_due = False

    def _show_status(self) -> None:
        self._status_text = self._status_message()
        self.statusBar().showMessage(self._status_text)

    def _status_message(self, state: ParamState | None = None) -> str:
        state = state or self.state
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

    # --- export ---------------------------------------------------------------------------
    def eventFilter(self, obj, event):
        if event.type() in (QtCore.QEvent.Type.MouseButtonPress, QtCore.QEvent.Type.FocusIn):
            name = obj.property("pane_name")
            if name:
                self.current_pane = name
        return super().eventFilter(obj, event)

    def export_animation_dialog(self):
        from explorer.ui.animation_dialog import open_animation_dialog

        return open_animation_dialog(self)  # non-modal; File → Export animation

    def export_dialog(self, all_panes: bool) -> None:
        ex = self.state.exercise
        stem = ex.id if all_panes else f"{ex.id}-{self.current_pane}"
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export all panes" if all_panes else f"Export pane “{self.current_pane}”",
            str(Path.home() / f"{stem}.png"), "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            self.export_to(Path(path), all_panes=all_panes)

    def export_to(self, path: Path, all_panes: bool, width: int = 1600) -> None:
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_suffix(".png")
        widget = self.grid if all_panes else self.grid.panes[self.current_pane]
        try:
            export_widget(widget, path, width, f"{self.state.exercise.id}")
        except OSError as exc:
            QtWidgets.QMessageBox.warning(self, "Export failed", f"Could not write {path}:\n{exc}")
            return
        self.statusBar().showMessage(f"Exported {path}", 6000)

    # --- sessions ---------------------------------------------------------------------------
    def all_given(self) -> dict[str, dict]:
        """What the user set, per exercise, including the open one."""
        out = dict(self.given_by_exercise)
        if self.state.exercise.id in registry.ids():
            out[self.state.exercise.id] = dict(self.state.given)
        return {k: v for k, v in out.items() if v}

    def warn(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def save_session_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save session", str(Path.home() / f"explorer-session{SESSION_SUFFIX}"),
            f"Session (*{SESSION_SUFFIX});;Session as .json (*.json)")
        if path:
            path = Path(path)
            self.save_session(path if path.suffix else path.with_suffix(SESSION_SUFFIX))

    def save_session(self, path: Path) -> bool:
        from explorer.ui import session

        try:
            session.write_session_file(path, self)
        except OSError as exc:
            QtWidgets.QMessageBox.warning(self, "Session not saved",
                                          f"Could not write {path}:\n{exc}")
            return False
        self.statusBar().showMessage(f"Session saved to {path}", 6000)
        return True

    def open_session_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Open session", str(Path.home()),
            f"Session (*{SESSION_SUFFIX} *.json);;All files (*)")
        if path:
            self.open_session(Path(path))

    def open_session(self, path: Path) -> list[str]:
        """Load a session file; returns the warnings (a summary of them is shown in the
        status bar). A file that is not a session (or not a regular file, or too large)
        is refused with a dialog and changes nothing."""
        from explorer.ui import session

        path = Path(path)
        try:
            current, given, warnings = session.read_session_file(path)
        except (OSError, InputError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            QtWidgets.QMessageBox.warning(self, "Session not opened",
                                          f"Could not open {path}:\n{reason}")
            return [str(reason)]
        kept = self.given_by_exercise
        self.given_by_exercise = given  # the session's values replace all remembered ones
        try:
            self._switch_timer.stop()
            self._switch_to = None
            note = self._show(registry.get(current or registry.ids()[0]), keep_current=False)
        except BaseException:
            self.given_by_exercise = kept  # (the window still shows what it showed)
            raise
        warnings += [note] if note else []
        if warnings:
            self.warn(f"Session {path.name}: " + summary(warnings))
        else:
            self.statusBar().showMessage(f"Session {path.name} opened", 6000)
        return warnings

    def closeEvent(self, event):
        if self.settings is not None:
            from explorer.ui import session

            failure = session.save_settings(self.settings, self)
            if failure:  # (the window is going: the terminal is where this can be seen)
                print(f"warning: settings not saved: {failure}", file=sys.stderr)
        super().closeEvent(event)

    def show_about(self):
        from explorer.ui.about import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal, does not block
        return dialog
