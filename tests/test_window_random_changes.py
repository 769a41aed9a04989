"""The window (offscreen): every exercise's window driven through random parameter
changes as the panel and the panes emit them — slider ends, zeros, sizes at their limits,
typed table values (some refused) — and painted. No exception escapes (pytest-qt fails the
test on one inside a slot or paint), nothing is printed, every plot's axes stay finite,
and the status bar always says something. Plus: export to an unwritable target gives a
dialog, and a failed export keeps the old file."""

import math

import numpy as np
import pyqtgraph as pg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6 import QtWidgets
from random_inputs import SPECIAL, int_values

from explorer.core import params as P
from explorer.core import registry
from explorer.core.views import FieldView

IDS = list(registry.ids())
GUI_SETTINGS = settings(
    max_examples=12, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large])


def _slider_value(param):
    return st.one_of(st.sampled_from([param.lo, param.hi, 0.0]),
                     st.floats(param.lo, param.hi, allow_nan=False))


def gui_change(data, window):
    """One (name, value) as a widget of the panel (or a dragged point) would send it."""
    exercise = window.state.exercise
    param = data.draw(st.sampled_from(exercise.params), label="parameter")
    current = window.state.inputs[param.name]
    if param.kind == P.SCALAR:
        lo = param.lo if param.lo is not None else -10.0
        hi = param.hi if param.hi is not None else 10.0
        return param.name, data.draw(_slider_value(P.Param("_", "", P.SCALAR, 0, lo, hi)))
    if param.kind == P.INT:
        return param.name, data.draw(int_values(param), label=param.name)
    arr = np.array(current, dtype=float)
    if param.kind == P.VECTOR and param.lo is not None and arr.size <= 4 and \
            data.draw(st.booleans(), label="component slider"):
        i = data.draw(st.integers(0, arr.size - 1))
        return f"{param.name}[{i}]", data.draw(_slider_value(param))
    # a typed table cell: anything finite (too large values are refused with a message)
    flat = arr.reshape(-1)
    i = data.draw(st.integers(0, flat.size - 1))
    flat[i] = data.draw(st.one_of(st.sampled_from([*SPECIAL, 1e300, -2e6]),
                                  st.floats(-1e3, 1e3)), label="cell")
    return param.name, flat.reshape(arr.shape)


def assert_window_sane(window):
    for view in window.findChildren(pg.ViewBox):
        (x0, x1), (y0, y1) = view.viewRange()
        assert all(math.isfinite(c) for c in (x0, x1, y0, y1)), "a plot's axes went wild"
    assert window.statusBar().currentMessage().strip()


@pytest.mark.parametrize("exercise_id", IDS)
@GUI_SETTINGS
@given(data=st.data())
def test_random_parameter_changes_in_the_window(make_window, capfd, exercise_id, data):
    window = _window_for(make_window, exercise_id)
    window.reset_parameters()  # every example starts from the defaults
    capfd.readouterr()
    for _ in range(data.draw(st.integers(1, 6), label="changes")):
        name, value = gui_change(data, window)
        window.set_param(name, value)
    window.refresh()  # (a throttled change lands at once)
    window.grab()  # paint everything: paint-time failures surface here
    QtWidgets.QApplication.processEvents()
    assert_window_sane(window)
    out, err = capfd.readouterr()
    assert out == "" and err == "", f"printed: {out!r} {err!r}"


def _window_for(make_window, exercise_id):
    """One window per test (hypothesis runs many examples against it): kept on the
    test's own factory, so a later test never sees it."""
    window = getattr(make_window, "robust_window", None)
    if window is None:
        window = make_window.robust_window = make_window(exercise_id)
    return window


def test_sizes_at_their_limits_open_and_paint(make_window, capfd):
    window = make_window("5.5-f3")
    capfd.readouterr()
    window.set_param("n", 1000)
    window.refresh()
    window.grab()
    assert window.grid.panes["cube"] is not None
    assert_window_sane(window)
    for eid, name in (("5.8a", "D"), ("5.6-f", "D"), ("5.7b", "E"), ("5.9", "samples")):
        window.open_exercise(eid)
        p = window.state.exercise.param(name)
        for value in (int(p.hi), int(p.lo)):
            window.set_param(name, value)
            window.refresh()
            window.grab()
            assert_window_sane(window)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_too_large_typed_value_is_refused_with_a_message(make_window):
    window = make_window("5.7b")
    before = window.state.inputs["A"].copy()
    bad = before.copy()
    bad[0, 0] = 1e300
    window.set_param("A", bad)
    assert "Not applied" in window.statusBar().currentMessage()
    np.testing.assert_array_equal(window.state.inputs["A"], before)


# --- files from the window ----------------------------------------------------------------


def test_export_to_an_unwritable_target_shows_a_dialog(make_window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.append((title, text)))
    window = make_window("5.1")
    target = tmp_path / "taken.png"
    target.mkdir()  # a folder where the file should go: the rename fails
    window.export_to(target, all_panes=False)
    assert len(shown) == 1
    title, text = shown[0]
    assert "Export failed" in title and str(target) in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.png"]  # no temp file left


def test_a_name_given_another_ending_never_replaces_a_file_unasked(make_window, tmp_path,
                                                                   monkeypatch):
    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.append(text))
    window = make_window("5.1")
    (tmp_path / "notes.png").write_bytes(b"a picture of the user's")
    window.export_to(tmp_path / "notes.txt", all_panes=False)  # would be written as .png
    assert (tmp_path / "notes.png").read_bytes() == b"a picture of the user's"
    assert len(shown) == 1 and "nothing was written" in shown[0]
    window.export_to(tmp_path / "fresh.txt", all_panes=False)  # no file in the way
    assert (tmp_path / "fresh.png").read_bytes().startswith(b"\x89PNG")


def test_failed_export_keeps_the_old_file(make_window, tmp_path, monkeypatch):
    from PySide6 import QtGui

    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.append(text))
    window = make_window("5.2")
    target = tmp_path / "pane.png"
    window.export_to(target, all_panes=False)
    old = target.read_bytes()
    assert old.startswith(b"\x89PNG")

    def half_written(self, device, *args):
        device.write(b"\x89PNG truncated")  # part of the image, then failure
        return False

    monkeypatch.setattr(QtGui.QImage, "save", half_written)
    window.export_to(target, all_panes=False)
    assert shown, "the failure was not reported"
    assert target.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["pane.png"]


# --- values that are nowhere finite -------------------------------------------------------

FIELD_IDS = [ex.id for ex in registry.exercises()
             if any(isinstance(v, FieldView) for v in ex.views(ex.inputs()).values())]


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("exercise_id", FIELD_IDS)
def test_a_plane_with_no_finite_value_says_undefined_here(qtbot, exercise_id, bad):
    import dataclasses

    from explorer.ui.pane_grid import pane_class
    from explorer.ui.theme import from_palette

    ex = registry.get(exercise_id)
    view = ex.views(ex.inputs())["field"]
    pane = pane_class(FieldView)(from_palette())
    qtbot.addWidget(pane)
    pane.resize(500, 400)
    pane.show()
    pane.update_view(view)  # drawn once with finite values, then nowhere finite
    undefined = dataclasses.replace(view, values=np.full(np.shape(view.values), bad),
                                    arrows=np.full(np.shape(view.arrows), bad))
    pane.update_view(undefined)
    pane.grab()
    assert pane.message.isVisible() and "undefined here" in pane.message.toPlainText()
    assert not pane.image.isVisible()
    (x0, x1), (y0, y1) = pane.plot.vb.viewRange()
    assert all(math.isfinite(c) for c in (x0, x1, y0, y1))
    pane.update_view(view)  # and back
    assert pane.image.isVisible() and not pane.message.isVisible()


S_NOT_DEFINITE = [[-1e-6, 0], [0, -1e-6]]


def test_5_8a_with_s_negative_definite_draws_in_the_window(make_window, capfd):
    window = make_window("5.8a")
    capfd.readouterr()
    window.set_param("S", np.array(S_NOT_DEFINITE))
    window.set_param("x", np.array([4.0, 4.0]))
    window.refresh()
    window.grab()
    assert "undefined here" in window.grid.panes["field"].message.toPlainText()
    assert_window_sane(window)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_5_8a_with_s_negative_definite_exports_from_the_command_line(tmp_path, capsys):
    from explorer.cli import main

    out = tmp_path / "p.png"
    assert main(["export", "5.8a", "--set", f"S={S_NOT_DEFINITE}", "--set", "x=[4,4]",
                 "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    assert "internal error" not in capsys.readouterr().err
