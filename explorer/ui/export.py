"""PNG/SVG export of panes, headless or from the window. Files are written atomically."""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

from explorer import interrupt
from explorer.atomic import naming, write_bytes
from explorer.core.views_matrix import realspace

PANE_SIZE = QtCore.QSize(800, 520)  # logical size of one pane in an export
HEADER_MARGIN = 9  # px around the header (exercise and inputs) of an export
SETTLE_PASSES = 4  # draws at most before an export, for the axes to take their room


def render_image(widget: QtWidgets.QWidget, width: int) -> QtGui.QImage:
    """`widget` rendered `width` device pixels wide on white (vector content re-rendered
    at that resolution, not upscaled)."""
    widget.ensurePolished()
    size = widget.size()
    scale = width / size.width()
    image = QtGui.QImage(width, round(size.height() * scale),
                         QtGui.QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QtGui.QColor("white"))
    _prepare(widget)
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
    QtWidgets.QWidget.render(widget, painter, QtCore.QPoint(0, 0))
    painter.end()
    return image


def render_png(widget: QtWidgets.QWidget, target: Path, width: int) -> None:
    """Render `widget` `width` pixels wide and save it as PNG (atomically)."""
    try:
        data = png_bytes(render_image(widget, width))
    except OSError as exc:
        raise naming(exc, Path(target)) from None
    write_bytes(Path(target), data)


def png_bytes(image: QtGui.QImage) -> bytes:
    """The image encoded as PNG, in memory."""
    data = QtCore.QByteArray()
    buffer = QtCore.QBuffer(data)
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("the image could not be encoded as PNG")
    buffer.close()
    return data.data()


def svg_bytes(widget: QtWidgets.QWidget, title: str) -> bytes:
    """`widget` drawn as an SVG document, in memory."""
    size = widget.size()
    data = QtCore.QByteArray()
    buffer = QtCore.QBuffer(data)
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    gen = QtSvg.QSvgGenerator()
    gen.setOutputDevice(buffer)
    gen.setSize(size)
    gen.setResolution(widget.logicalDpiX())  # font sizes in the units text is laid out in
    gen.setViewBox(QtCore.QRect(0, 0, size.width(), size.height()))
    gen.setTitle(title)
    gen.setDescription("Vector Calculus Explorer export")
    _prepare(widget)
    painter = QtGui.QPainter()
    if not painter.begin(gen):
        raise OSError("the SVG generator could not start")
    QtWidgets.QWidget.render(widget, painter, QtCore.QPoint(0, 0))
    if not painter.end():
        raise OSError("the SVG generator could not finish")
    buffer.close()
    from explorer.ui.svg_text import join_runs

    return join_runs(data.data(), widget.logicalDpiX())


def render_svg(widget: QtWidgets.QWidget, target: Path, title: str) -> None:
    try:
        data = svg_bytes(widget, title)
    except OSError as exc:
        raise naming(exc, Path(target)) from None
    write_bytes(Path(target), data)


def _prepare(widget: QtWidgets.QWidget) -> None:
    """pyqtgraph views update some items lazily just before painting; do it now."""
    import pyqtgraph as pg

    views = widget.findChildren(pg.GraphicsView)
    if isinstance(widget, pg.GraphicsView):
        views.append(widget)
    settle(widget, views)
    for view in views:
        view.scene().prepareForPaint()
    from explorer.ui.panes.pixmap_cache import uncache_until_idle

    uncache_until_idle(widget)  # exports draw lines and text, not cached pixmaps


def settle(widget: QtWidgets.QWidget, views) -> None:
    """Axes measure their tick labels when they draw them, then take the room they need,
    and drop the labels that did not fit meanwhile. Draw until the axes keep their sizes
    (a widget drawn for the first time lost its left axis's numbers)."""
    from explorer.ui.panes.axis import Axis

    def sizes():
        return [(item.textWidth, item.textHeight, item.geometry())
                for view in views for item in view.scene().items() if isinstance(item, Axis)]

    for _ in range(SETTLE_PASSES):
        before = sizes()
        widget.grab()
        QtWidgets.QApplication.processEvents()
        if sizes() == before:
            return


def export_widget(widget: QtWidgets.QWidget, target: Path, width: int, title: str) -> None:
    if Path(target).suffix.lower() == ".svg":
        render_svg(widget, target, title)
    else:
        render_png(widget, target, width)


def ensure_app() -> QtWidgets.QApplication:
    """A QApplication for headless work (offscreen unless a platform was chosen). From
    here on a command-line signal waits for the next `interrupt.check()`: Qt may call back
    into Python anywhere. The big imports come first, while Ctrl+C still stops at once."""
    import pyqtgraph  # noqa: F401

    import explorer.ui.pane_grid  # noqa: F401

    interrupt.hold()
    app = QtWidgets.QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        install_message_filter(warnings=os.environ.get("EXPLORER_DEBUG") == "1")
        app = QtWidgets.QApplication(["explorer-export"])
    return app


_HARMLESS = ("This plugin does not support propagateSizeHints",)


def install_message_filter(warnings: bool = True) -> None:
    """Drop Qt's known-harmless platform chatter (offscreen plugin); pass the rest on.
    Without `warnings` (headless commands), only critical and fatal messages pass: a
    command's stderr is its result or one line saying why there is none."""
    import sys

    quiet = {QtCore.QtMsgType.QtDebugMsg, QtCore.QtMsgType.QtInfoMsg,
             QtCore.QtMsgType.QtWarningMsg}

    def handler(mode, context, message):
        if message.startswith(_HARMLESS) or (not warnings and mode in quiet):
            return
        print(message, file=sys.stderr)

    QtCore.qInstallMessageHandler(handler)


def build_export_widget(exercise, inputs: dict, pane: str | None, theme=None, views=None):
    """A widget holding the chosen pane (or all panes) under a header naming the exercise
    and its inputs, in `theme` (default: light), showing `views` (default: the
    exercise's views of `inputs`)."""
    from explorer.ui.pane_grid import PaneGrid
    from explorer.ui.theme import LIGHT

    theme = theme or LIGHT
    views = exercise.views(inputs) if views is None else views
    interrupt.check()
    frame = QtWidgets.QWidget()
    frame.setAutoFillBackground(True)
    pal = frame.palette()
    pal.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor(theme.background))
    pal.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor(theme.foreground))
    frame.setPalette(pal)
    layout = QtWidgets.QVBoxLayout(frame)
    layout.setContentsMargins(0, 0, 0, 0)  # the panes fill the width, as on screen
    caption = QtWidgets.QLabel(caption_html(exercise, inputs,
                                            muted="#aaaaaa" if theme.dark else "#555555"))
    caption.setObjectName("export-header")
    caption.setContentsMargins(HEADER_MARGIN, HEADER_MARGIN, HEADER_MARGIN, 0)
    caption.setWordWrap(True)
    layout.addWidget(caption)
    grid = PaneGrid(exercise, views, theme)
    interrupt.check()
    for controls in grid.findChildren(QtWidgets.QWidget, "pane-controls"):
        controls.hide()  # a picture shows the data, not the pane's own buttons
    if pane is not None:
        grid.show_only(pane)
    layout.addWidget(grid, 1)
    cols = 1 if pane is not None or len(grid.panes) == 1 else 2
    frame.resize(PANE_SIZE.width() * cols, PANE_SIZE.height() * grid.rows_shown() + 60)
    return frame, grid


def caption_html(exercise, inputs: dict, muted: str = "#555555") -> str:
    """The caption of an export and of every animation frame: the exercise and its inputs,
    named as the reader sees them (μ, not mu), the inputs in the colour `muted`."""
    shown = {p.name: p.display for p in exercise.params}
    name = (f"<b>{exercise.id}</b> — {exercise.title}" if exercise.heading != exercise.title
            else f"<b>{html.escape(exercise.title)}</b>")  # (an expression: no id to show)
    return (f"{name}<br>"
            f"<span style='color:{muted}'>{describe_inputs(inputs, shown)}</span>")


def describe_inputs(inputs: dict, shown: dict[str, str] | None = None,
                    limit: int = 180) -> str:
    """'x = 0.5, μ = 0, A ∈ ℝ³ˣ²': `shown` maps a parameter's name to its displayed name."""
    parts = []
    for key, value in inputs.items():
        name = (shown or {}).get(key, key)
        if hasattr(value, "shape") and getattr(value, "ndim", 0) > 0:
            text = f"{name} ∈ {realspace(value.shape)}"
        else:
            text = f"{name} = {value:.4g}" if isinstance(value, float) else f"{name} = {value}"
        parts.append(text)
    out = ", ".join(parts)
    return out if len(out) <= limit else out[:limit] + "…"


def export_headless(exercise, inputs: dict, target: Path, pane: str | None, width: int) -> None:
    app = ensure_app()
    frame, _grid = build_export_widget(exercise, inputs, pane)
    frame.show()  # exporters need a laid-out widget
    app.processEvents()
    try:
        export_widget(frame, target, width, exercise.heading)
    finally:
        frame.close()
        frame.deleteLater()
        app.processEvents()
