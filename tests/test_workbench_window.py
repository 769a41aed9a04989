"""The workbench in the window: the dialog, the derivation shown with its steps and check,
dragging an entry, "check my answer", "My expressions" in the picker, export."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore

from explorer.core.workbench.exercise import GROUP, Spec, WorkbenchExercise

TRACE = "tr(A@X.T@B@X@C)"


def _derive_in_dialog(qtbot, window, text: str, wrt: str = "X", sizes: str = ""):
    dialog = window.workbench_dialog()
    dialog.expression.setText(text)
    dialog.wrt.setText(wrt)
    dialog.sizes.setText(sizes)
    task = dialog.derive()
    return dialog, task


def _shown(window, text: str) -> bool:
    ex = window.state.exercise
    return isinstance(ex, WorkbenchExercise) and ex.spec.text == text


def _my_expressions(window):
    for i in range(window.picker.topLevelItemCount()):
        group = window.picker.topLevelItem(i)
        if group.text(0) == GROUP:
            return group
    return None


def test_the_walk_through(make_window, qtbot, tmp_path):
    """tr(A@X.T@B@X@C): the gradient's formula with its steps ✓, X's entries dragged with
    the heat map following, a typed answer diagnosed, the panes exported."""
    window = make_window("5.1")
    dialog, task = _derive_in_dialog(qtbot, window, TRACE)
    assert task is not None and task.running  # derived off the GUI thread
    qtbot.waitUntil(lambda: _shown(window, TRACE), timeout=20000)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    panel = window.math_panel
    texts = [w.text() for w in panel.findChildren(type(panel.workbench_check))]
    assert "∂f/∂X = B@X@C@A + B.T@X@A.T@C.T" in texts
    assert any(s.startswith(r"\frac{\partial f}{\partial X} =") for s in panel.latex_sources)
    assert panel.workbench_check.text().startswith("✓")
    assert panel.step_marks and all(m.text() == "✓" for m in panel.step_marks)
    group = _my_expressions(window)
    assert group is not None and group.childCount() == 1
    assert group.child(0).data(0, QtCore.Qt.ItemDataRole.UserRole) == window.state.exercise.id

    # drag X₂₃ with its slider: the gradient's heat map follows
    editor = window.params_panel.widgets["X"]
    editor.table.setCurrentIndex(editor.table.model().index(1, 2))
    assert editor.label.text() == "X₂₃"
    editor.slider.setValue(2.5)
    window.refresh()
    v = window.state.inputs
    assert v["X"][1, 2] == pytest.approx(2.5)
    a, b, c, x = (np.asarray(v[k]) for k in "ABCX")
    shown = window.grid.panes["gradient"].matrix.matrix
    np.testing.assert_allclose(shown, b @ x @ c @ a + b.T @ x @ a.T @ c.T)

    # a typed answer, diagnosed
    with qtbot.waitSignal(panel.checked, timeout=20000) as verdict:
        panel.answer.setText("B@X@C@A")
        panel.check()
    assert verdict.args[0]["kind"] == "term"
    assert "B.T@X@A.T@C.T is missing" in panel.verdict.text()

    # exported like any exercise
    target = tmp_path / "workbench.png"
    window.export_to(target, all_panes=True)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_failed_numerical_check_is_shown_as_failed(make_window, qtbot, monkeypatch):
    from explorer.core.workbench import exercise as E
    from explorer.core.workbench.check import Check

    real = E.derive

    def failing(*args, **kwargs):
        d = real(*args, **kwargs)
        d.check = Check(0.25, 1e-5, 3, False)
        return d

    monkeypatch.setattr(E, "derive", failing)
    window = make_window("5.1")
    _derive_in_dialog(qtbot, window, TRACE)
    qtbot.waitUntil(lambda: _shown(window, TRACE), timeout=20000)
    check = window.math_panel.workbench_check.text()
    assert check.startswith("✗") and "FAILED" in check
    assert "FAILED" in window.grid.panes["gradient"].plot.titleLabel.text


def test_a_bad_expression_gives_one_message_and_keeps_the_text(make_window, qtbot):
    window = make_window("5.1")
    dialog, _task = _derive_in_dialog(qtbot, window, "tr(A@X")
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    message = dialog.message.text()
    assert message and "\n" not in message and "Deriving" not in message
    assert dialog.isVisible() and dialog.expression.text() == "tr(A@X"
    assert window.state.exercise.id == "5.1"
    shapes, _ = _derive_in_dialog(qtbot, window, "x.T@A@x", "x", "x=4")
    qtbot.waitUntil(lambda: "4×1" in shapes.message.text() or "1×4" in shapes.message.text(),
                    timeout=20000)  # the operands that do not conform are named
    sizes, refused = _derive_in_dialog(qtbot, window, TRACE, "X", "X=3by3")
    assert refused is None and "3by3" in sizes.message.text()
    name, refused = _derive_in_dialog(qtbot, window, TRACE, "Y")
    assert refused is None and name.message.text() == \
        "∂f/∂Y: Y is not a name of f (its names: A, B, C, X)"
    for d in (dialog, shapes, sizes, name):
        d.reject()


def test_a_hostile_expression_hits_the_budget_off_the_gui_thread(make_window, qtbot):
    window = make_window("5.1")
    dialog, task = _derive_in_dialog(qtbot, window, "sum(exp(X@X@X@X@X@X))", "X",
                                     "X=900x900")
    assert task.running  # the window goes on while it is worked out
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
    assert "limit" in dialog.message.text() or "more than" in dialog.message.text()
    assert window.state.exercise.id == "5.1"
    dialog.reject()


def test_picking_a_kept_expression_opens_it_again(make_window, qtbot):
    window = make_window("5.1")
    spec = Spec.make("sin(A@x)", "x")
    window.open_workbench(spec)
    qtbot.waitUntil(lambda: _shown(window, "sin(A@x)"), timeout=20000)
    window.open_exercise("5.2")
    assert window.state.exercise.id == "5.2"
    item = _my_expressions(window).child(0)
    window.picker.setCurrentItem(item)
    qtbot.waitUntil(lambda: _shown(window, "sin(A@x)"), timeout=20000)
    assert [p.name for p in window.state.exercise.panes] == ["derivative", "value", "chain"]
    assert window.picker.currentItem().text(0) == item.text(0)  # the entry of the one shown
    window.delete_in_picker()
    assert _my_expressions(window).isHidden()


def test_kept_in_the_settings_with_its_values(qtbot, tmp_path):
    from explorer.ui.main_window import MainWindow

    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    first = MainWindow("5.1", settings=settings)
    qtbot.addWidget(first)
    first.open_workbench(Spec.make("x.T@A@x", "x", {"x": (2, 1), "A": (2, 2)}))
    qtbot.waitUntil(lambda: _shown(first, "x.T@A@x"), timeout=20000)
    first.set_param("x", np.array([0.5, -1.25]))
    first.close()

    second = MainWindow(settings=settings)
    qtbot.addWidget(second)
    qtbot.waitUntil(lambda: _shown(second, "x.T@A@x"), timeout=20000)
    assert _my_expressions(second).childCount() == 1
    np.testing.assert_array_equal(second.state.inputs["x"], [0.5, -1.25])
    assert [p.name for p in second.state.exercise.panes] == ["field", "gradient"]
    second.close()


def test_kept_in_a_session_file(make_window, qtbot, tmp_path):
    first = make_window("5.1")
    first.open_workbench(Spec.make("sin(A@x)", "x"))
    qtbot.waitUntil(lambda: _shown(first, "sin(A@x)"), timeout=20000)
    path = tmp_path / "s.vcsession"
    assert first.save_session(path)
    second = make_window("5.2")
    assert second.open_session(path) == []
    qtbot.waitUntil(lambda: _shown(second, "sin(A@x)"), timeout=20000)
    assert _my_expressions(second).childCount() == 1


def test_the_window_names_the_group_as_the_core_does():
    from explorer.ui.workbench_action import GROUP as WINDOW_GROUP

    assert WINDOW_GROUP == GROUP


def test_a_size_changes_every_size_linked_to_it(make_window, qtbot):
    window = make_window("5.1")
    window.open_workbench(Spec.make(TRACE, "X"))
    qtbot.waitUntil(lambda: _shown(window, TRACE), timeout=20000)
    a = np.full((3, 3), 0.5)
    window.set_param("A", a)
    from explorer.ui.sizes_box import SizesBox

    box = window.params_area.widget().findChild(SizesBox)
    assert box is not None and box.title() == "Sizes"
    assert box.spins[0].toolTip() == "rows of X, rows and columns of B"
    box.spins[0].setValue(4)
    qtbot.waitUntil(lambda: window.state.exercise.derivation.problem.shapes["X"] == (4, 3),
                    timeout=20000)
    shapes = window.state.exercise.derivation.problem.shapes
    assert shapes["B"] == (4, 4) and shapes["A"] == (3, 3)
    np.testing.assert_array_equal(window.state.inputs["A"], a)  # its shape stayed: kept
    assert window.grid.panes["gradient"].matrix.matrix.shape == (4, 3)
    assert window.state.exercise.spec.shapes == (("B", (4, 4)), ("X", (4, 3)))


def test_a_long_vector_has_a_slider_for_its_chosen_entry(make_window, qtbot):
    window = make_window("5.1")
    window.open_workbench(Spec.make("x.T@x", "x", {"x": (6, 1)}))
    qtbot.waitUntil(lambda: _shown(window, "x.T@x"), timeout=20000)
    editor = window.params_panel.widgets["x#table"]
    editor.table.setCurrentIndex(editor.table.model().index(4, 0))
    assert editor.label.text() == "x₅"
    editor.slider.setValue(1.5)
    assert window.state.inputs["x"].shape == (6,) and window.state.inputs["x"][4] == 1.5


def test_a_stored_expression_that_no_longer_derives_is_said_in_the_status_bar(qtbot,
                                                                             tmp_path):
    import json

    from explorer.core import session as S
    from explorer.ui.main_window import MainWindow

    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    broken = Spec.make("x.T@A@x", "x", {"x": (2, 1)})  # A stays 3×3: not conformable
    settings.setValue("session", json.dumps(S.to_document(broken.id, {}, [broken])))
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.deriving is None, timeout=20000)
    assert window.state.exercise.id == "5.1"
    assert window.statusBar().currentMessage().startswith("Not opened: x.T@A")
    assert _my_expressions(window).childCount() == 1  # kept, to be corrected


def test_an_expression_is_headed_by_itself_not_its_id(make_window, qtbot):
    """Its id ("my-…", a hash) names its files; the window's title and an export's
    header show the expression."""
    from PySide6 import QtWidgets

    from explorer.ui.window_export import export_frame

    window = make_window("5.1")
    window.open_workbench(Spec.make(TRACE, "X"))
    qtbot.waitUntil(lambda: _shown(window, TRACE), timeout=20000)
    exercise = window.state.exercise
    assert exercise.id.startswith("my-")
    title = window.windowTitle()
    assert title.startswith(f"∂/∂X of {TRACE}") and exercise.id not in title
    frame = export_frame(window, all_panes=True)
    header = frame.findChild(QtWidgets.QLabel, "export-header").text()
    frame.deleteLater()
    assert TRACE in header and exercise.id not in header
