"""Exit: the real GUI process exits 0 on SIGINT and SIGTERM from a terminal (Qt's
loop blocks in C++, where Python signal handlers do not run: the app must wake up for
them), on window close, and on Ctrl+Q."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

STARTUP_TIMEOUT = 60.0
EXIT_TIMEOUT = 10.0


def caught_signals(pid: int) -> int:
    """The mask of signals the process has handlers for (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return int(line.split()[1], 16)
    return 0


def launch(tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    env.pop("EXPLORER_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "explorer", "--exercise", "5.1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, start_new_session=True)


def wait_until_handling(proc: subprocess.Popen, signum: int) -> None:
    """Readiness: the app has installed its handler for `signum` (done just before the
    event loop starts). Python itself catches SIGINT from the start, so for SIGINT wait
    for the SIGTERM handler, installed together with it."""
    bit = 1 << (signal.SIGTERM - 1)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the GUI exited early: {proc.returncode}\n{proc.stderr.read()}")
        if caught_signals(proc.pid) & bit:
            return
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the GUI did not start in time")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM],
                         ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("settle", [0.0, 0.5], ids=["at-once", "running"])
def test_gui_exits_zero_on_signal(tmp_path, signum, settle):
    proc = launch(tmp_path)
    try:
        wait_until_handling(proc, signum)
        time.sleep(settle)  # 0: the signal may land before the loop has started
        started = time.monotonic()
        os.kill(proc.pid, signum)
        _, err = proc.communicate(timeout=EXIT_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert time.monotonic() - started < EXIT_TIMEOUT
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    # a signal closes the window like the user would: the session is remembered
    stored = tmp_path / "config" / "vector-calculus-explorer" / "explorer.ini"
    assert stored.is_file() and "5.1" in stored.read_text()


def _run_and_close(monkeypatch, tmp_path, action) -> int:
    """run() in this process with `action(window)` fired once the window is up."""
    import signal as sig

    from explorer.ui import app as app_module

    settings = QtCore.QSettings(str(tmp_path / "settings.ini"),
                                QtCore.QSettings.Format.IniFormat)
    monkeypatch.setattr("explorer.ui.session.default_settings", lambda: settings)
    handlers = {s: sig.getsignal(s) for s in (sig.SIGINT, sig.SIGTERM)}

    failures = []

    def fire():
        from explorer.ui.main_window import MainWindow

        windows = [w for w in QtWidgets.QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        try:
            action(windows[-1])
        except Exception as exc:  # recorded, and the window closed: never a hung loop
            failures.append(exc)
        finally:
            for w in windows:
                w.close()

    QtCore.QTimer.singleShot(300, fire)
    try:
        status = app_module.run("5.1")
    finally:
        for s, handler in handlers.items():
            sig.signal(s, handler)
    assert not failures, failures
    return status


def test_run_returns_zero_on_window_close(monkeypatch, tmp_path, qtbot):
    assert _run_and_close(monkeypatch, tmp_path, lambda w: w.close()) == 0


def test_run_returns_zero_on_ctrl_q(monkeypatch, tmp_path, qtbot):
    from PySide6.QtTest import QTest

    seen = {}

    def ctrl_q(window):
        window.activateWindow()
        deadline = time.monotonic() + 2.0  # shortcuts need the active window
        while not window.isActiveWindow() and time.monotonic() < deadline:
            QtWidgets.QApplication.processEvents()
        QTest.keyClick(window, QtCore.Qt.Key.Key_Q, QtCore.Qt.KeyboardModifier.ControlModifier)
        seen["closed by Ctrl+Q"] = not window.isVisible()

    assert _run_and_close(monkeypatch, tmp_path, ctrl_q) == 0
    assert seen["closed by Ctrl+Q"]


class _App(QtCore.QObject):
    """Stands in for the QApplication: a real quit() closes every window of the test
    process for good (Qt 6), so quitting here ends the loop with exit(0) instead."""

    def __init__(self, qapp):
        super().__init__()
        self.qapp, self.quits = qapp, 0

    def quit(self):
        self.quits += 1
        self.qapp.exit(0)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_just_before_the_loop_starts_is_not_lost(qapp, qtbot, signum):
    """The handler may run before app.exec(); the quit must still happen once it runs."""
    from explorer.ui.app import _quit_on_signals

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    app = _App(qapp)
    give_up = QtCore.QTimer()  # lost: give up rather than hang (stopped afterwards)
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: qapp.exit(99))
    try:
        _quit_on_signals(app)
        os.kill(os.getpid(), signum)  # the Python handler runs here, before exec()
        give_up.start(3000)
        assert qapp.exec() == 0
        assert app.quits == 1
    finally:
        give_up.stop()
        for s, handler in handlers.items():
            signal.signal(s, handler)
        for timer in app.findChildren(QtCore.QTimer):
            timer.stop()
