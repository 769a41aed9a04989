"""File → Export animation: pick a parameter, its range, the frames, the pane and the file;
the export runs under a progress dialog whose Cancel leaves no file behind.

The dialog is non-modal and never blocks in a message box: problems are shown in the
dialog itself. `run_with_progress` is the export behind OK, callable from tests."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from explorer.core import params as P
from explorer.core.errors import InputError
from explorer.core.sweep import MAX_FRAMES, MIN_FRAMES, make_sweep, sweepable
from explorer.ui.animation import (
    DEFAULT_FPS,
    DEFAULT_WIDTH,
    GIF_MAX_WIDTH,
    AnimationRequest,
    ExportCancelled,
    export_animation,
)

DEFAULT_FRAMES = 36
FILTERS = "Animated GIF (*.gif);;Numbered PNG frames (*.png)"


class AnimationDialog(QtWidgets.QDialog):
    exported = QtCore.Signal(list)  # the paths written

    def __init__(self, exercise, given: dict, current_pane: str | None, parent=None):
        super().__init__(parent)
        self.exercise, self.given = exercise, dict(given)
        self.setWindowTitle(f"Export animation — {exercise.id}")
        self.params = sweepable(exercise)
        form = QtWidgets.QFormLayout()
        self.param_box = QtWidgets.QComboBox()
        for p in self.params:
            self.param_box.addItem(f"{p.display} — {p.help}" if p.help else p.display, p.name)
        self.start, self.stop = _number_box(), _number_box()
        self.frames = _int_box(MIN_FRAMES, MAX_FRAMES, DEFAULT_FRAMES)
        self.fps = _int_box(1, 50, DEFAULT_FPS)
        self.width_box = _int_box(200, GIF_MAX_WIDTH, DEFAULT_WIDTH)
        self.width_box.setSuffix(" px")
        self.pane_box = QtWidgets.QComboBox()
        if current_pane is not None:
            self.pane_box.addItem(f"Current pane (“{current_pane}”)", current_pane)
        self.pane_box.addItem("All panes", None)
        self.path_edit = QtWidgets.QLineEdit()
        browse = QtWidgets.QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        path_row = QtWidgets.QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        for label, widget in (("&Parameter", self.param_box), ("&From", self.start),
                              ("&To", self.stop), ("F&rames", self.frames),
                              ("Frames per &second", self.fps), ("Pa&ne", self.pane_box),
                              ("&Width", self.width_box)):
            form.addRow(label, widget)
        file_label = QtWidgets.QLabel("&File")
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, path_row)
        self.message = QtWidgets.QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #D55E00")
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        hint = QtWidgets.QLabel("One parameter runs from → to; the others stay as they are "
                                "in the window.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.param_box.currentIndexChanged.connect(self._on_param)
        if self.params:
            self._on_param()
        else:
            self.message.setText(f"{exercise.id} has no scalar or integer parameter to sweep.")
            self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def _param(self) -> P.Param:
        return self.exercise.param(self.param_box.currentData())

    def _on_param(self) -> None:
        p = self._param()
        integer = p.kind == P.INT
        for box in (self.start, self.stop):
            box.setDecimals(0 if integer else 3)
            box.setSingleStep(1 if integer else p.step)
            box.setRange(p.lo if integer else -1e6, p.hi if integer else 1e6)
        start = p.lo
        stop = min(p.hi, p.lo + DEFAULT_FRAMES - 1) if integer else p.hi
        self.start.setValue(start)
        self.stop.setValue(stop)
        if integer:
            self.frames.setValue(max(MIN_FRAMES, int(stop - start) + 1))
        else:
            self.frames.setValue(DEFAULT_FRAMES)
        old = Path(self.path_edit.text()) if self.path_edit.text() else Path.home() / "x.gif"
        self.path_edit.setText(str(old.with_name(f"{self.exercise.id}-{p.name}{old.suffix}")))

    def browse(self) -> None:
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(
            self, "Export animation", self.path_edit.text(), FILTERS)
        if path:
            if Path(path).suffix.lower() not in (".gif", ".png"):
                path += ".png" if chosen.startswith("Numbered") else ".gif"
            self.path_edit.setText(path)

    def request(self) -> AnimationRequest:
        """What the widgets ask for; InputError if it is not a valid export."""
        p = self._param()
        start, stop = self.start.value(), self.stop.value()
        if p.kind == P.INT:
            start, stop = round(start), round(stop)
        sweep = make_sweep(self.exercise, p.name, start, stop, self.frames.value())
        text = self.path_edit.text().strip()
        if not text:
            raise InputError("choose a file to write")
        target = Path(text).expanduser()
        if target.suffix.lower() not in (".gif", ".png"):
            raise InputError("the file must end in .gif (or .png for numbered frames)")
        given = {k: v for k, v in self.given.items() if k != p.name}
        return AnimationRequest(self.exercise, given, sweep, target,
                                pane=self.pane_box.currentData(),
                                width=self.width_box.value(), fps=self.fps.value())

    def start_export(self) -> None:
        try:
            request = self.request()
        except InputError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        written, problem = run_with_progress(self, request)
        if problem:
            self.message.setText(problem)
            return
        self.exported.emit(written)
        self.accept()


def run_with_progress(parent, request: AnimationRequest,
                      progress: QtWidgets.QProgressDialog | None = None):
    """Export under a progress dialog (made here unless given). Returns (paths written,
    "") on success, ([], why) on cancel or failure; nothing partial is left behind."""
    total = request.sweep.frames
    if progress is None:
        progress = QtWidgets.QProgressDialog("Rendering frames…", "Cancel", 0, total, parent)
        progress.setWindowTitle("Export animation")
        progress.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
    progress.setRange(0, total)
    progress.setValue(0)

    def step(done: int, count: int) -> None:
        progress.setLabelText(f"Frame {done} of {count}")
        progress.setValue(done)
        QtWidgets.QApplication.processEvents()  # lets a click on Cancel arrive

    try:
        written = export_animation(request, progress=step, cancelled=progress.wasCanceled)
    except ExportCancelled:
        return [], "Cancelled: nothing was written."
    except (InputError, OSError) as exc:
        return [], f"Export failed: {exc}"
    finally:
        progress.reset()
        progress.close()
    return written, ""


def open_animation_dialog(window) -> AnimationDialog:
    """Open the dialog for the window's exercise and current pane (non-modal)."""
    state = window.state
    dialog = AnimationDialog(state.exercise, state.given, window.current_pane, window)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose, True)

    def done(paths: list) -> None:
        shown = paths[0] if len(paths) == 1 else f"{paths[0]} … {paths[-1].name}"
        window.statusBar().showMessage(f"Exported {shown} ({len(paths)} files)"
                                       if len(paths) > 1 else f"Exported {shown}", 8000)

    dialog.exported.connect(done)
    dialog.show()
    return dialog


def _number_box() -> QtWidgets.QDoubleSpinBox:
    box = QtWidgets.QDoubleSpinBox()
    box.setKeyboardTracking(False)
    return box


def _int_box(lo: int, hi: int, value: int) -> QtWidgets.QSpinBox:
    box = QtWidgets.QSpinBox()
    box.setRange(lo, hi)
    box.setValue(value)
    return box
