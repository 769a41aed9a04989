"""Start the GUI. All widgets live inside `run` (a module-level pyqtgraph widget
segfaults at interpreter exit), and `run` returns app.exec()'s status."""

from __future__ import annotations

import gc
import os
import signal
import sys
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets


def run(exercise_id: str | None = None, screenshot: str | None = None, *,
        reset: bool = False, session: str | None = None, theme: str | None = None) -> int:
    """`reset`: forget the remembered settings first; `session`: open this session file
    once the window shows (a file that is there but not a session: a dialog says so; an
    empty name, as the desktop entry's --session=%f gives without a file: none);
    `theme`: System, Light or Dark, chosen as in View → Theme (and so remembered)."""
    from explorer.core import registry
    from explorer.core.errors import InputError

    if exercise_id is not None:
        registry.get(exercise_id)  # unknown or unavailable → InputError → exit 2
    if screenshot is not None and Path(screenshot).suffix.lower() != ".png":
        raise InputError("--screenshot needs a file name ending in .png")
    session = session or None
    if session is not None:
        if exercise_id is not None:
            raise InputError("--session names its own exercise: drop --exercise")
        if not os.path.lexists(session):
            raise InputError(f"no such session file: {session}")
    from explorer.ui.export import install_message_filter

    install_message_filter()
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("Vector Calculus Explorer")
    app.setOrganizationName("vector-calculus-explorer")
    app.setDesktopFileName("io.github.vector_calculus_explorer.Explorer")
    from explorer.ui.about import icon_path

    icon = icon_path()
    if icon is not None:
        app.setWindowIcon(QtGui.QIcon(str(icon)))
    from explorer.ui.errors import install_exception_hook

    hook = install_exception_hook(app)  # an exception in a slot shows a dialog
    from explorer.ui.main_window import MainWindow
    from explorer.ui.math_panel import MathPanel

    MathPanel.fill_after_paint = True  # the window first, its typeset formulas next
    from explorer.ui.session import clear_settings, default_settings

    settings = default_settings()
    if reset and (failure := clear_settings(settings)):
        print(f"warning: settings not reset: {failure}", file=sys.stderr)
    if theme is not None:
        from explorer.ui.theming import SETTINGS_KEY

        settings.setValue(SETTINGS_KEY, theme.capitalize())
    window = MainWindow(exercise_id, settings=settings)
    window.show()
    if session is not None:  # from the loop: a refusal's dialog has the window behind it
        QtCore.QTimer.singleShot(0, window, lambda: window.open_session(Path(session)))
    _quit_on_signals(app)
    QtCore.QTimer.singleShot(SETTLE_MS, freeze_startup_objects)
    if screenshot is not None:
        def shoot():
            from explorer.atomic import write_bytes
            from explorer.ui.export import png_bytes

            window.repaint()  # (the math panel typesets its formulas after its first paint)
            for _ in range(3):
                app.processEvents()
            try:
                write_bytes(Path(screenshot), png_bytes(window.grab().toImage()))
            except OSError as exc:
                print(f"error: could not write {screenshot}: {exc.strerror or exc}",
                      file=sys.stderr)
                app.exit(2)
                return
            window.close()

        QtCore.QTimer.singleShot(300, shoot)
    status = app.exec()
    window.deleteLater()  # destroyed while the QApplication still exists
    app.processEvents()
    hook.uninstall()
    MathPanel.fill_after_paint = False
    return status


# After start-up (imports, the first exercise, its typeset formulas) the heap holds
# hundreds of thousands of long-lived objects; a full garbage collection then walks them
# all and pauses an update for tens of ms. Freezing them leaves the collector only what is
# made afterwards (those objects are never collected: a one-off few MB at most).
SETTLE_MS = 2000


def freeze_startup_objects() -> None:
    gc.collect()
    gc.freeze()


def _quit_on_signals(app) -> None:
    """SIGINT/SIGTERM quit cleanly. Python runs signal handlers only between bytecodes,
    and Qt's loop blocks in C++, so a timer wakes the interpreter a few times a second."""

    def quit_app(*_):
        # Queued: a quit() before app.exec() has started would be ignored (and the
        # handler may run there); the timer fires once the loop runs.
        QtCore.QTimer.singleShot(0, app.quit)

    signal.signal(signal.SIGINT, quit_app)
    signal.signal(signal.SIGTERM, quit_app)
    timer = QtCore.QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(200)
