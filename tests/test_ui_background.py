"""Checks and "your own function" run off the GUI thread: the window keeps handling
events while they run, Escape (or the Cancel button) drops them, and a function that
cannot be used is refused with the window left exactly as it was."""

import threading
import time

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from explorer.ui import answer_box as answer_box_module
from explorer.ui.picker import ID_ROLE

CAP_S = 10.0  # a safety stop for the fake work below (never reached when all is well)


def _verdict(text="slow"):
    return {"verdict": "wrong", "kind": "wrong", "reason": text, "exercise": "5.1"}


def test_a_check_leaves_the_gui_thread_free(make_window, monkeypatch, qtbot):
    window = make_window("5.1")
    panel = window.math_panel
    ticks = []
    timer = QtCore.QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    seen = {}

    def heavy(exercise, text, cancelled, **_target):
        """Pure-Python work (it holds the GIL, as SymPy does) until the GUI thread has
        handled five timer events meanwhile."""
        seen["thread"] = threading.get_ident()
        start = len(ticks)
        end = time.perf_counter() + CAP_S
        while len(ticks) - start < 5 and time.perf_counter() < end:
            sum(i * i for i in range(2000))
        seen["ticks"] = len(ticks) - start
        return _verdict()

    monkeypatch.setattr(answer_box_module, "check_answer", heavy)
    panel.answer.setText("x")
    timer.start()
    with qtbot.waitSignal(panel.checked, timeout=int(CAP_S * 2000)) as blocker:
        panel.check()
        assert panel.check_button.text() == "Cancel" and "checking" in panel.verdict.text()
    timer.stop()
    assert seen["thread"] != threading.get_ident()
    assert seen["ticks"] >= 5  # the GUI thread ran its timer while the check worked
    assert blocker.args[0]["reason"] == "slow" and "slow" in panel.verdict.text()
    assert panel.check_button.text() == "Check"


@pytest.mark.parametrize("how", ["escape", "button"])
def test_a_check_can_be_cancelled(make_window, monkeypatch, qtbot, how):
    window = make_window("5.1")
    panel = window.math_panel
    started, stopped = threading.Event(), threading.Event()
    shown = []
    panel.checked.connect(shown.append)

    def endless(exercise, text, cancelled, **_target):
        started.set()
        end = time.perf_counter() + CAP_S
        while not cancelled() and time.perf_counter() < end:
            time.sleep(0.002)
        if cancelled():
            stopped.set()
        return _verdict("too late")

    monkeypatch.setattr(answer_box_module, "check_answer", endless)
    panel.answer.setText("x")
    panel.check()
    qtbot.waitUntil(started.is_set)
    if how == "escape":
        panel.answer.setFocus()
        qtbot.keyClick(panel.answer, QtCore.Qt.Key.Key_Escape)
    else:
        panel.check_button.click()
    assert panel.verdict.text() == "check cancelled"
    assert panel.check_button.text() == "Check" and panel.answer_box.checking is None
    qtbot.waitUntil(stopped.is_set)  # the work saw the cancel at its next safe point
    qtbot.wait(50)
    assert shown == [] and panel.verdict.text() == "check cancelled"
    monkeypatch.undo()  # the real check works again afterwards
    panel.answer.setText("4*sin(x^3)/x + 3*x^2*cos(x^3)*log(x^4)")
    with qtbot.waitSignal(panel.checked, timeout=10000) as blocker:
        panel.check()
    assert blocker.args[0]["verdict"] == "correct"


def test_a_heavy_answer_in_the_window_is_refused_naming_the_limit(make_window, qtbot):
    panel = make_window("5.1").math_panel
    panel.answer.setText("outer(eye(100), eye(100))")
    with qtbot.waitSignal(panel.checked, timeout=10000) as blocker:
        panel.check()
    assert blocker.args[0]["kind"] == "budget"
    assert "10⁸ entries" in panel.verdict.text() and "10⁶" in panel.verdict.text()


# --------------------------------------------------------------------------------------
# Your own function
# --------------------------------------------------------------------------------------


def _snapshot(window):
    return {
        "id": window.state.exercise.id,
        "inputs": {k: np.array(v).tolist() for k, v in window.state.inputs.items()},
        "panes": list(window.grid.panes),
        "grid": window.grid,
        "params_panel": window.params_panel,
        "math_panel": window.math_panel,
        "title": window.windowTitle(),
        "picked": window.picker.currentItem().data(0, QtCore.Qt.ItemDataRole.UserRole),
    }


@pytest.mark.parametrize("text, fragment", [
    ("log(-1)", "no real value"),
    ("sqrt(-1)", "no real value"),
    ("(-8)^(1/3)", "no real value"),
    ("inv(eye(2))", "eye(2) is 2×2, not a scalar"),
    ("[x, x^2]", "not a scalar"),
    ("x^^2", "at character"),
    ("outer(eye(100), eye(100))", "10⁸ entries"),
])
def test_a_refused_function_leaves_the_window_as_it_was(make_window, monkeypatch, qtbot,
                                                         text, fragment):
    window = make_window("5.1")
    window.set_param("x", 1.1)
    before = _snapshot(window)
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda *a, **k: shown.append(a[2]))
    task = window.open_custom(text)
    with qtbot.waitSignal(task.settled, timeout=20000):
        pass
    assert len(shown) == 1 and fragment in shown[0]
    assert _snapshot(window) == before
    window.set_param("x", 0.5)  # the sliders still drive the same exercise
    assert window.state.inputs["x"] == 0.5
    assert window.statusBar().currentMessage().startswith("5.1: f = ")


def test_log_x_is_drawn_with_a_gap_where_it_is_undefined(make_window, qtbot):
    window = make_window("5.1")
    with qtbot.waitSignal(window.exercise_changed, timeout=20000):
        window.open_custom("log(x)")
    assert window.state.exercise.id == "custom"
    assert window.picker.currentItem().data(0, ID_ROLE) == "custom"
    xs, ys = window.grid.panes["f"]._curves["f(x)"].getData()
    assert np.isnan(ys[xs <= 0]).all() and np.isfinite(ys[xs > 0]).all()
    for x in (-1.0, 0.0, 2.0):  # sliders into and out of the gap: no error
        window.set_param("x", x)
        window.set_param("x0", x)
        window.grab()  # painted, with its markers (none at a nan or infinite height)
    assert window.statusBar().currentMessage().startswith(("custom", "Outside"))


def _blocked_make(monkeypatch, release: threading.Event, started: threading.Event):
    from explorer.core import custom

    real = custom.make_custom

    def slow(text, cancelled, x_range=None):
        started.set()
        release.wait(CAP_S)
        return real(text, cancelled, x_range)

    monkeypatch.setattr(custom, "make_custom", slow)


def test_making_a_function_can_be_cancelled_with_escape(make_window, monkeypatch, qtbot):
    window = make_window("5.1")
    release, started = threading.Event(), threading.Event()
    _blocked_make(monkeypatch, release, started)
    task = window.open_custom("x^2")
    qtbot.waitUntil(started.is_set)
    assert "Esc cancels" in window.statusBar().currentMessage()
    with qtbot.waitSignal(task.settled, timeout=5000):
        qtbot.keyClick(window, QtCore.Qt.Key.Key_Escape)
    release.set()
    qtbot.wait(100)  # the work finishes; its result is ignored
    assert window.state.exercise.id == "5.1" and window.making_custom is None
    assert window.statusBar().currentMessage().startswith("5.1: f = ")


def test_opening_an_exercise_meanwhile_drops_the_function(make_window, monkeypatch, qtbot):
    window = make_window("5.1")
    release, started = threading.Event(), threading.Event()
    _blocked_make(monkeypatch, release, started)
    task = window.open_custom("x^2")
    qtbot.waitUntil(started.is_set)
    with qtbot.waitSignal(task.settled, timeout=5000):
        window.step_exercise(+1)
    release.set()
    qtbot.wait(100)
    assert window.state.exercise.id == "5.2"


def test_a_bug_in_the_work_reaches_the_gui_thread(make_window, monkeypatch, qtbot):
    """Not an InputError: raised again on the GUI thread (the app's hook shows it)."""
    from explorer.core import custom

    def broken(text, cancelled, x_range=None):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(custom, "make_custom", broken)
    window = make_window("5.1")
    with qtbot.capture_exceptions() as raised:
        task = window.open_custom("x")
        qtbot.waitSignal(task.settled, timeout=5000).wait()
    assert [type(e[1]) for e in raised] == [ZeroDivisionError]
    assert window.state.exercise.id == "5.1"


def test_work_still_running_is_known_so_the_program_need_not_wait_for_it(qtbot):
    from explorer.ui import background

    release = threading.Event()
    task = background.BackgroundTask(lambda stopped: release.wait(30)).start()
    task.cancel()  # the outcome is ignored, but the step itself runs on
    assert background.busy()
    release.set()
    qtbot.waitUntil(lambda: not background.busy(), timeout=5000)
