"""No silent failures: an exception inside a Qt slot shows an error dialog with
the details and a Copy button and the app keeps running; the CLI turns any error into one
line on stderr and exit status 2."""

import sys
import threading

import pytest
from PySide6 import QtCore, QtWidgets

from explorer import cli
from explorer.ui.errors import ErrorDialog, install_exception_hook


@pytest.fixture
def hook(qtbot):
    """Our hook in place of pytest-qt's for the test (restored afterwards)."""
    installed = install_exception_hook()
    yield installed
    for dialog in list(installed.dialogs):
        dialog.close()
    installed.uninstall()
    installed.deleteLater()


def test_exception_in_a_slot_shows_a_dialog_and_the_window_keeps_working(
        make_window, hook, qtbot, monkeypatch, capfd):
    window = make_window("5.1")
    exercise = window.state.exercise

    def broken(v, *args, **kwargs):
        raise RuntimeError("views exploded\nsecond line")

    monkeypatch.setattr(exercise, "views", broken)
    # valueChanged → set_param → the state's change event → the window's redraw raises
    window.params_panel.widgets["x"].setValue(-1.0)
    qtbot.waitUntil(lambda: len(hook.dialogs) == 1, timeout=3000)
    dialog = hook.dialogs[0]
    assert isinstance(dialog, ErrorDialog) and dialog.isVisible()
    assert not dialog.isModal()
    assert "RuntimeError: views exploded" in dialog.summary.text()
    assert "Traceback" in dialog.details and "_draw_if_due" in dialog.details
    assert dialog.text.toPlainText() == dialog.details
    assert "views exploded" in capfd.readouterr().err  # also on stderr: never vanishes
    dialog.copy_button.click()
    assert QtWidgets.QApplication.clipboard().text() == dialog.details

    # the same failure again while its dialog is open does not stack a second one
    window.params_panel.widgets["x"].setValue(-0.5)
    qtbot.wait(50)
    assert len(hook.dialogs) == 1

    # the app keeps running: with the bug gone, the next change redraws normally
    monkeypatch.undo()
    window.params_panel.widgets["x"].setValue(1.5)
    xs, _ = window.grid.panes["f"]._curves["tangent at x"].getData()
    assert sum(xs) / 2 == pytest.approx(1.5)
    dialog.close()
    qtbot.waitUntil(lambda: not hook.dialogs, timeout=2000)


def test_exception_in_a_worker_thread_reaches_the_dialog(hook, qtbot, capfd):
    def work():
        raise ValueError("failed in a thread")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(hook.dialogs) == 1, timeout=3000)
    assert "ValueError: failed in a thread" in hook.dialogs[0].summary.text()
    assert "failed in a thread" in capfd.readouterr().err


def test_a_storm_of_different_errors_opens_only_a_few_dialogs(hook, qtbot, capfd):
    for k in range(10):
        try:
            raise KeyError(f"error number {k}")
        except KeyError:
            hook(*sys.exc_info())
    qtbot.waitUntil(lambda: len(hook.dialogs) == 3, timeout=3000)
    qtbot.wait(50)
    assert len(hook.dialogs) == 3
    assert capfd.readouterr().err.count("Traceback") == 10


def test_hook_is_installed_by_run_and_removed_after(monkeypatch, qtbot):
    """run() installs the hook for the event loop and restores the previous one."""
    import signal

    from explorer.ui import app as app_module

    seen = {}
    before = sys.excepthook
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}

    def close_soon():
        seen["hook"] = sys.excepthook
        for w in QtWidgets.QApplication.topLevelWidgets():
            if w.isWindow() and w.isVisible():
                w.close()

    QtCore.QTimer.singleShot(200, close_soon)
    monkeypatch.setattr("explorer.ui.session.default_settings", _memory_settings)
    try:
        assert app_module.run("5.2") == 0
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert type(seen["hook"]).__name__ == "ExceptionHook"
    assert sys.excepthook is before


def _memory_settings():
    import tempfile

    folder = tempfile.mkdtemp(prefix="robust-settings-")
    return QtCore.QSettings(f"{folder}/settings.ini", QtCore.QSettings.Format.IniFormat)


# --- the command line -----------------------------------------------------------------


def test_cli_turns_an_internal_error_into_one_line_and_status_2(monkeypatch, capsys):
    from explorer.core import registry

    exercise = registry.get("5.7b")

    def broken(v):
        raise ZeroDivisionError("a bug\nspanning lines")

    monkeypatch.setattr(exercise, "evaluate", broken)
    assert cli.main(["evaluate", "5.7b"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "error: internal error: ZeroDivisionError: a bug spanning lines\n"
    monkeypatch.setenv("EXPLORER_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        cli.main(["evaluate", "5.7b"])


@pytest.mark.parametrize("argv", [
    ["evaluate", "5.1", "--set", "x=1e400"],
    ["evaluate", "5.1", "--set", "x=NaN"],
    ["evaluate", "5.1", "--set", "x=" + "[" * 5000],
    ["evaluate", "5.8a", "--set", "S=[[1,1],[1,1]]"],
    ["evaluate", "5.3", "--set", "sigma=0"],
    ["evaluate", "5.5-f3", "--set", "n=1001"],
    ["evaluate", "5.9", "--set", "omega=[25]"],
    ["evaluate", "nope"],
    ["export", "5.1", "--out", "x.gif"],
    ["check", "5.1", "__import__('os')"],
])
def test_cli_bad_input_is_one_line_and_status_2(argv, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
