"""The window's File menu actions: export panes and animations, save and open sessions.
A mixin of MainWindow (it uses the window's state, grid, status bar and _show)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import QtGui, QtWidgets

from explorer.core import registry
from explorer.core.errors import InputError
from explorer.core.session import summary
from explorer.ui.export import export_widget
from explorer.ui.export_dialog import DEFAULT_WIDTH
from explorer.ui.window_export import export_frame, watch_zooms

SESSION_SUFFIX = ".vcsession"  # the session file type (resources/*.mime.xml)


class FileActions:
    def export_animation_dialog(self):
        from explorer.ui.animation_dialog import open_animation_dialog

        return open_animation_dialog(self)  # non-modal; File → Export animation

    export_width = DEFAULT_WIDTH  # px: the width last chosen for a PNG export

    def export_dialog(self, all_panes: bool) -> None:
        """Ask where to, the format and the width (export_dialog.ExportDialog); export."""
        from explorer.ui.export_dialog import ask

        ex = self.state.exercise
        stem = ex.id if all_panes else f"{ex.id}-{self.current_pane}"
        answer = ask(self, "Export all panes" if all_panes
                     else f"Export pane “{self.current_pane}”",
                     self.last_folder.folder() / f"{stem}.png", self.export_width)
        if answer is not None:
            path, self.export_width = answer
            self.last_folder.remember(path)
            self.export_to(path, all_panes=all_panes, width=self.export_width)

    def set_current_pane(self, name: str) -> None:
        """The pane Export pane and Copy pane take, framed when there are several."""
        from explorer.ui.pane_marker import PaneMarker

        self.current_pane = name
        marker = self.grid.findChild(PaneMarker, "pane-marker")
        if marker is None:  # (a new grid)
            marker = PaneMarker(self.grid, self.palette().color(QtGui.QPalette.ColorRole.Highlight))
            watch_zooms(self.grid)
        marker.follow(self.grid.panes[name] if len(self.grid.panes) > 1 else None)

    def copy_pane_image(self) -> None:
        """The current pane, as exported, onto the clipboard (Ctrl+Shift+C)."""
        from explorer.ui.window_export import copy_to_clipboard

        size = copy_to_clipboard(self)
        self.statusBar().showMessage(f"Copied pane “{self.current_pane}” as a "
                                     f"{size.width()}×{size.height()} image", 6000)

    def export_to(self, path: Path, all_panes: bool, width: int = 1600) -> None:
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_suffix(".png")
            if not self._may_take_changed_name(path):
                return
        frame = export_frame(self, all_panes)
        ex = self.state.exercise
        try:
            export_widget(frame, path, width, ex.heading)
        except OSError as exc:
            QtWidgets.QMessageBox.warning(self, "Export failed", f"Could not write {path}:\n{exc}")
            return
        finally:
            frame.close()
            frame.deleteLater()
        self.statusBar().showMessage(f"Exported {path}", 6000)

    def save_session_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save session",
            str(self.last_folder.folder() / f"explorer-session{SESSION_SUFFIX}"),
            f"Session (*{SESSION_SUFFIX});;Session as .json (*.json)")
        if path:
            self.last_folder.remember(path)
            path = Path(path)
            if not path.suffix:
                path = path.with_suffix(SESSION_SUFFIX)
                if not self._may_take_changed_name(path):
                    return
            self.save_session(path)

    def _may_take_changed_name(self, path: Path) -> bool:
        """A name the file dialog did not show (its suffix was added or changed) never
        replaces an existing file unasked."""
        if not path.exists():
            return True
        QtWidgets.QMessageBox.warning(
            self, "Not written", f"{path} already exists and was not the name chosen: "
            "nothing was written. Choose the full name, with its ending, to replace it.")
        return False

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
            self, "Open session", str(self.last_folder.folder()),
            f"Session (*{SESSION_SUFFIX} *.json);;All files (*)")
        if path:
            self.last_folder.remember(path)
            self.open_session(Path(path))

    def open_session(self, path: Path) -> list[str]:
        """Load a session file; returns the warnings (a summary of them is shown in the
        status bar). A file that is not a session (or not a regular file, or too large)
        is refused with a dialog and changes nothing."""
        from explorer.ui import session

        path = Path(path)
        try:
            current, given, warnings = session.read_session_file(path)
            expressions = session.read_session_expressions(path)
            extras = session.read_session_extras(path)
        except (OSError, InputError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            QtWidgets.QMessageBox.warning(self, "Session not opened",
                                          f"Could not open {path}:\n{reason}")
            return [str(reason)]
        kept = self.given_by_exercise
        self.given_by_exercise = given  # the session's values replace all remembered ones
        warnings += self.kept.adopt(extras)  # and its tangents, views, own function
        try:
            self.stop_stepping()
            for spec in expressions:  # they join "My expressions"
                self.keep_expression(spec)
            if current in self.my_expressions:  # derived off the GUI thread, then shown
                self.open_workbench(self.my_expressions[current])
                note = None
            elif current == "custom":  # made off the GUI thread, then shown
                note = None if self.kept.open_custom() else "your own function is missing"
            else:
                note = self._show(registry.get(current or registry.ids()[0]),
                                  keep_current=False)
        except BaseException:
            self.given_by_exercise = kept  # (the window still shows what it showed)
            raise
        warnings += [note] if note else []
        if warnings:
            self.warn(f"Session {path.name}: " + summary(warnings))
        else:
            self.statusBar().showMessage(f"Session {path.name} opened", 6000)
        return warnings

    def all_given(self) -> dict[str, dict]:
        """What the user set, per exercise, including the open one."""
        out = dict(self.given_by_exercise)
        if self.state.exercise.id != "custom":
            out[self.state.exercise.id] = dict(self.state.given)
        return {k: v for k, v in out.items() if v}

    def warn(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def closeEvent(self, event):
        if self.settings is not None:
            from explorer.ui import session

            failure = session.save_settings(self.settings, self)
            if failure:  # (the window is going: the terminal is where this can be seen)
                print(f"warning: settings not saved: {failure}", file=sys.stderr)
        super().closeEvent(event)
