"""Animations: one pane (or all panes) rendered while one parameter sweeps a range, saved as
an animated GIF or as a numbered PNG sequence.

The frames come from the same widget the still export uses (`build_export_widget`), built
once and updated in place per frame, so they look like the window. Nothing partial is left
behind: the GIF is encoded in memory and written atomically; a PNG sequence replaces the
old one as a set (explorer.atomic.StagedFiles). Every frame's inputs are checked against
the exercise's domain before anything is rendered. A cancel, a signal (checked between
frames) or an error removes the temporary file or folder."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from explorer import interrupt
from explorer.atomic import StagedFiles, write_bytes
from explorer.core.errors import InputError
from explorer.core.state import ParamState
from explorer.core.sweep import Sweep, check_frames
from explorer.ui.export import build_export_widget, caption_html, png_bytes, render_image

GIF_MAX_WIDTH = 1200  # Pillow keeps every GIF frame in memory until it writes the file
DEFAULT_WIDTH = 800
DEFAULT_FPS = 12


class ExportCancelled(Exception):
    """The user cancelled; no file was left behind."""


@dataclass(frozen=True)
class AnimationRequest:
    exercise: object
    given: dict  # what was set by hand, as ParamState.given; the rest is resolved per frame
    sweep: Sweep
    target: Path  # .gif, or .png for NAME_0001.png, NAME_0002.png, …
    pane: str | None = None  # None: all panes
    width: int = DEFAULT_WIDTH
    fps: int = DEFAULT_FPS


Progress = Callable[[int, int], None]  # (frames done, frames in all)


def sequence_paths(target: Path, frames: int) -> list[Path]:
    """`dir/NAME.png` → `dir/NAME_0001.png` … one per frame."""
    target = Path(target)
    return [target.with_name(f"{target.stem}_{i:04d}.png") for i in range(1, frames + 1)]


def existing_sequence(target: Path) -> list[Path]:
    """The files of an earlier sequence for `target` (`NAME_dddd.png`), which a new one
    replaces."""
    target = Path(target)
    pattern = re.compile(re.escape(target.stem) + r"_\d{4}\.png")
    return sorted(p for p in target.parent.iterdir() if pattern.fullmatch(p.name))


def export_animation(request: AnimationRequest, progress: Progress | None = None,
                     cancelled: Callable[[], bool] | None = None) -> list[Path]:
    """Render every frame and write the GIF or the PNG sequence; return the files written.
    `progress(done, total)` is called after each frame; when `cancelled()` turns true the
    export stops, removes what it wrote, and raises ExportCancelled."""
    target = Path(request.target)
    suffix = target.suffix.lower()
    if suffix not in (".gif", ".png"):
        raise InputError(f"an animation is written as .gif or .png frames, not {target.name!r}")
    if not target.parent.is_dir():
        raise InputError(f"folder {str(target.parent)!r} does not exist")
    panes = [p.name for p in request.exercise.panes]
    if request.pane is not None and request.pane not in panes:
        raise InputError(f"{request.exercise.id} has no pane {request.pane!r} "
                         f"(panes: {', '.join(panes)})")
    if suffix == ".gif" and not 16 <= request.width <= GIF_MAX_WIDTH:
        raise InputError(f"a GIF is at most {GIF_MAX_WIDTH} pixels wide, got {request.width}")
    check_frames(request.exercise, request.given, request.sweep)
    frames = _frames(request, progress, cancelled)
    if suffix == ".gif":
        _write_gif(target, frames, request.fps)
        return [target]
    return _write_sequence(target, frames, request.sweep.frames)


def _frames(request: AnimationRequest, progress, cancelled) -> Iterator[QtGui.QImage]:
    """Yield one image per sweep value, updating a single export widget in place."""
    from explorer.ui.export import ensure_app

    app = ensure_app()
    ex, sweep = request.exercise, request.sweep
    state = ParamState(ex, request.given)
    values = sweep.values()
    state.set(sweep.name, values[0])
    frame, grid = build_export_widget(ex, state.inputs, request.pane)
    # Laid out and painted like a shown window, but never on the screen.
    frame.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    frame.show()
    app.processEvents()
    caption = frame.findChild(QtWidgets.QLabel, options=QtCore.Qt.FindChildOption
                              .FindDirectChildrenOnly)
    try:
        for done, value in enumerate(values):
            interrupt.check()
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            state.set(sweep.name, value)
            try:
                views = ex.views(state.inputs)
            except InputError as exc:
                raise InputError(f"at {sweep.name} = {value:g}: {exc}") from None
            interrupt.check()  # between computing the frame and drawing it
            grid.update_views(views)
            if caption is not None:
                caption.setText(caption_html(ex, state.inputs))
            app.processEvents()
            interrupt.check()  # between laying the frame out and painting it
            yield grab(frame, request.width)
            if progress is not None:
                progress(done + 1, len(values))
        interrupt.check()
        if cancelled is not None and cancelled():  # cancelled while the last frame ran
            raise ExportCancelled()
    finally:
        frame.close()
        frame.deleteLater()
        app.processEvents()


def grab(widget: QtWidgets.QWidget, width: int) -> QtGui.QImage:
    """Render `widget` to an image `width` pixels wide (vector content re-rendered)."""
    return render_image(widget, width)


def to_pil(image: QtGui.QImage):
    from PIL import Image

    rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    data = bytes(rgb.constBits())
    return Image.frombuffer("RGB", (rgb.width(), rgb.height()), data, "raw", "RGB",
                            rgb.bytesPerLine(), 1)


def _paletted(images: Iterator[QtGui.QImage]):
    """Each frame reduced to 256 colours without dithering (dither noise would flicker
    from frame to frame)."""
    from PIL import Image

    for image in images:
        yield to_pil(image).quantize(256, method=Image.Quantize.MEDIANCUT,
                                     dither=Image.Dither.NONE)


def _write_gif(target: Path, images: Iterator[QtGui.QImage], fps: int) -> None:
    paletted = _paletted(images)
    buffer = io.BytesIO()
    try:
        first = next(paletted)
        first.save(buffer, format="GIF", save_all=True, append_images=paletted,
                   duration=round(1000 / fps), loop=0, optimize=False)
    finally:
        paletted.close()  # closes the frame generator: its widget is released
    write_bytes(target, buffer.getvalue())


def _write_sequence(target: Path, images: Iterator[QtGui.QImage], count: int) -> list[Path]:
    final = sequence_paths(target, count)
    with StagedFiles(target.parent, target.stem) as staged:
        try:
            for image, path in zip(images, final, strict=True):
                staged.write(path, png_bytes(image))
        finally:
            if hasattr(images, "close"):
                images.close()
        staged.commit(replacing=existing_sequence(target))
    return final
