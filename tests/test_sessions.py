"""Sessions: the window remembers exercise, parameters, geometry and splitter between runs
(QSettings); session files are validated on load and never executed."""

import json

import numpy as np
import pytest
from PySide6 import QtCore

from explorer.core import session as S
from explorer.core.errors import InputError


@pytest.fixture
def settings(tmp_path):
    return QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)


def test_restored_in_a_fresh_window(make_window, qtbot, settings):
    from explorer.ui.main_window import MainWindow

    first = MainWindow("5.3", settings=settings)
    qtbot.addWidget(first)
    first.show()
    first.set_param("mu", 1.25)
    first.open_exercise("5.7b")
    first.set_param("E", 4)
    first.set_param("seed", 7)
    first.resize(900, 650)
    first.splitter.setSizes([250, 400, 250])
    size = first.size()
    first_state = first.splitter.saveState()
    first.close()

    second = MainWindow(settings=settings)
    qtbot.addWidget(second)
    second.show()
    assert second.state.exercise.id == "5.7b"
    assert second.state.inputs["E"] == 4 and second.state.inputs["seed"] == 7
    # (the offscreen screen is small: Qt may narrow and move a restored window to fit it)
    assert second.height() == size.height()
    assert settings.value("splitter") == first_state
    from explorer.ui import session

    assert session.restore_layout(settings, second) == []  # geometry and splitter accepted
    second.open_exercise("5.3")
    assert second.state.inputs["mu"] == 1.25
    assert second.params_panel.widgets["mu"].value() == pytest.approx(1.25)
    second.close()


def test_corrupt_settings_fall_back_with_warning(qtbot, tmp_path):
    from explorer.ui.main_window import MainWindow

    path = tmp_path / "bad.ini"
    path.write_text('[General]\nsession="{not json"\ngeometry=@ByteArray(xyz)\n')
    settings = QtCore.QSettings(str(path), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    assert window.state.exercise.id == "5.1"
    message = window.statusBar().currentMessage()
    assert "stored session ignored" in message and "geometry ignored" in message


def test_save_and_open_session_file(make_window, tmp_path):
    window = make_window("5.4")
    window.set_param("n", 9)
    window.set_param("x0", 0.5)
    path = tmp_path / "s.json"
    assert window.save_session(path)
    doc = json.loads(path.read_text())
    assert doc["exercise"] == "5.4" and doc["parameters"]["5.4"] == {"n": 9, "x0": 0.5}
    other = make_window("5.1")
    assert other.open_session(path) == []
    assert other.state.exercise.id == "5.4" and other.state.inputs["n"] == 9
    assert other.params_panel.widgets["n"].value() == 9


def test_session_with_bad_values_reports_and_skips(make_window, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({
        "format": S.FORMAT, "version": 1, "exercise": "5.3", "extra": 1,
        "parameters": {
            "5.3": {"mu": "__import__('os')", "sigma": 2e6, "x": 0.25, "nope": 1},
            "9.9": {"x": 1},
            "5.7b": {"x": [1, 2], "A": [[1, 2, 3]]},
        }}))
    window = make_window("5.1")
    warnings = window.open_session(path)
    text = " | ".join(warnings)
    assert "unknown key 'extra'" in text
    assert "mu must be a number" in text
    assert "sigma must be between" in text
    assert "no parameter 'nope'" in text
    assert "unknown exercise '9.9'" in text
    assert "5.7b" in text  # inconsistent shapes: that exercise's values are skipped
    assert window.state.exercise.id == "5.3"
    assert window.state.inputs["x"] == 0.25
    assert window.state.inputs["sigma"] == 1.0  # default kept
    assert "Session s.json" in window.statusBar().currentMessage()


@pytest.mark.parametrize("content", ["", "[1, 2]", "{\"format\": \"other\"}", "\x00\xff",
                                     "{" * 100_000])
def test_not_a_session_changes_nothing(make_window, tmp_path, content, monkeypatch):
    from PySide6 import QtWidgets

    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda *a, **k: shown.append(a[2]))
    path = tmp_path / "s.json"
    path.write_bytes(content.encode("latin-1"))
    window = make_window("5.2")
    window.set_param("x", 2.0)
    window.open_session(path)
    assert shown and "Could not open" in shown[0]
    assert window.state.exercise.id == "5.2" and window.state.inputs["x"] == 2.0


def test_core_roundtrip_and_limits():
    doc = S.to_document("5.5-f2", {"5.5-f2": {"x": np.array([1.0, 2.0]), "n": 2}})
    current, given, warnings = S.parse_text(S.dumps(doc))
    assert current == "5.5-f2" and warnings == []
    assert given["5.5-f2"]["x"].tolist() == [1.0, 2.0]
    with pytest.raises(InputError, match="too large"):
        S.parse_text(" " * (S.MAX_BYTES + 1))
    with pytest.raises(InputError, match="not valid JSON"):
        S.parse_text("{")


def test_unwritable_session_target_gives_dialog(make_window, tmp_path, monkeypatch):
    from PySide6 import QtWidgets

    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning",
                        lambda *a, **k: shown.append(a[2]))
    window = make_window("5.1")
    assert not window.save_session(tmp_path / "missing-dir" / "s.json")
    assert shown and "Could not write" in shown[0]


def _doc(parameters: dict, exercise="5.3") -> str:
    return json.dumps({"format": S.FORMAT, "version": 1, "exercise": exercise,
                       "parameters": parameters})


HUGE = "1" + "0" * 400  # a 400-digit integer


@pytest.mark.parametrize("eid, name, value", [
    ("5.3", "mu", HUGE), ("5.3", "mu", "-" + HUGE), ("5.7b", "x", f"[{HUGE}, 1]"),
    ("5.7b", "seed", HUGE), ("5.3", "x", "NaN"), ("5.3", "x", "-Infinity"),
    ("5.3", "x", "[" * 500 + "]" * 500), ("5.7b", "A", "[[1, 2], [3]]"),
])
def test_hostile_stored_values_are_skipped_key_by_key(eid, name, value):
    text = _doc({eid: {name: 0}, "5.2": {"x": 1.5}}).replace(f'"{name}": 0', f'"{name}": {value}')
    current, given, warnings = S.parse_text(text)
    assert current == "5.3" and given == {"5.2": {"x": 1.5}}  # the good key survives
    assert len(warnings) == 1 and warnings[0].startswith(f"{eid}: ")
    assert len(warnings[0]) < 200


def test_stored_values_are_checked_as_typed_values_are():
    """Within ±10⁶ is accepted even outside the slider's range (as typed); beyond, not."""
    _, given, warnings = S.parse_text(_doc({"5.3": {"sigma": 50.0, "x": 1e6}}))
    assert given == {"5.3": {"sigma": 50.0, "x": 1e6}} and warnings == []
    _, given, warnings = S.parse_text(_doc({"5.3": {"x": 1.5e6}}))
    assert given == {} and "x must be between" in warnings[0]
    from explorer.core import params as P
    from explorer.core import registry

    for name in ("x", "sigma"):  # typed: the same one-line refusal
        with pytest.raises(InputError, match="must be between"):
            P.parse_text(registry.get("5.3").param(name), HUGE)


def test_a_number_beyond_python_s_digit_limit_refuses_the_file_in_one_line():
    with pytest.raises(InputError, match="not valid JSON") as caught:
        S.parse_text(_doc({"5.3": {"x": 0}}).replace('"x": 0', '"x": ' + "7" * 5000))
    assert len(str(caught.value)) < 200


def test_nesting_beyond_the_json_reader_refuses_the_file():
    with pytest.raises(InputError, match="nested too deeply"):
        S.parse_text(_doc({"5.3": {"x": 0}}).replace('"x": 0', '"x": ' + "[" * 100_000))


def test_many_unknown_keys_give_short_warnings_and_a_short_summary():
    doc = json.loads(_doc({}))
    doc.update({f"k{k}": 0 for k in range(60_000)})
    doc["parameters"] = {"9." + "9" * 5000: {}}
    text = json.dumps(doc)
    assert len(text) < S.MAX_BYTES
    _, _, warnings = S.parse_text(text)
    assert len(warnings) == 60_001 and max(len(w) for w in warnings) < 200
    text = S.summary(warnings)
    assert len(text) < 400 and f"and {len(warnings) - 3} more" in text


# --- restoring is transactional -----------------------------------------------------------

def _fail_to_draw_unless_default(monkeypatch, exercise_id: str):
    """Drawing `exercise_id` raises for any value the user set (a fault injected in its
    views, as a pane failing on a value would)."""
    from explorer.core import registry

    exercise = registry.get(exercise_id)
    views = exercise.views

    def failing(inputs, **kw):
        if any(not np.array_equal(inputs[p.name], exercise.resolve({})[p.name])
               for p in exercise.params):
            raise ValueError("Not setting range to [nan, nan]")
        return views(inputs, **kw)

    monkeypatch.setattr(exercise, "views", failing)


def test_restored_state_that_cannot_be_drawn_falls_back_to_defaults(qtbot, settings,
                                                                     monkeypatch):
    from explorer.ui.main_window import MainWindow

    settings.setValue("session", S.dumps(S.to_document(
        "5.3", {"5.3": {"mu": 1.25}, "5.2": {"x": 1.5}})))
    _fail_to_draw_unless_default(monkeypatch, "5.3")
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    assert window.state.exercise.id == "5.3" and window.state.given == {}
    assert window.grid.exercise.id == "5.3"
    message = window.statusBar().currentMessage()
    assert "remembered parameters ignored" in message and "defaults shown" in message
    window.close()  # the values that failed are not saved again; the others are
    assert S.parse_text(settings.value("session"))[1] == {"5.2": {"x": 1.5}}


def test_settings_that_cannot_be_written_are_reported(qtbot, tmp_path, capfd):
    from PySide6 import QtCore

    from explorer.ui.main_window import MainWindow

    (tmp_path / "file").write_text("")  # a file where the settings' folder should be
    settings = QtCore.QSettings(str(tmp_path / "file" / "settings.ini"),
                                QtCore.QSettings.Format.IniFormat)
    window = MainWindow("5.1", settings=settings)
    qtbot.addWidget(window)
    capfd.readouterr()
    window.close()
    assert "warning: settings not saved" in capfd.readouterr().err


def test_reset_settings_forgets_them(settings):
    from explorer.ui import session

    settings.setValue("session", "{}")
    assert session.clear_settings(settings) is None
    assert settings.allKeys() == []


# --- opening session files ----------------------------------------------------------------

def _refused(window, path, monkeypatch) -> str:
    from PySide6 import QtWidgets

    shown = []
    monkeypatch.setattr(QtWidgets.QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    window.open_session(path)
    assert len(shown) == 1
    return shown[0]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "too-large"])
def test_what_is_not_a_small_regular_file_is_refused_unread(make_window, tmp_path, kind,
                                                           monkeypatch):
    import os

    path = tmp_path / "s.vcsession"
    if kind == "fifo":
        os.mkfifo(path)  # opening it to read would wait for a writer forever
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")  # size 0 to stat, endless to read
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_text(S.dumps(S.to_document("5.3", {})) + " " * S.MAX_BYTES)
    window = make_window("5.2")
    window.set_param("x", 2.0)
    message = _refused(window, path, monkeypatch)
    assert ("too large" if kind == "too-large" else "not a regular file") in message
    assert window.state.exercise.id == "5.2" and window.state.inputs["x"] == 2.0


def test_many_problems_give_a_short_status(make_window, tmp_path):
    doc = json.loads(S.dumps(S.to_document("5.3", {"5.3": {"x": 0.5}})))
    doc.update({f"k{k}": 0 for k in range(60_000)})
    path = tmp_path / "s.vcsession"
    path.write_text(json.dumps(doc))
    window = make_window("5.1")
    warnings = window.open_session(path)
    assert len(warnings) == 60_000
    message = window.statusBar().currentMessage()
    assert len(message) < 300 and "and 59997 more" in message
    assert window.state.exercise.id == "5.3" and window.state.inputs["x"] == 0.5


def test_a_session_that_cannot_be_drawn_opens_at_the_defaults(make_window, tmp_path,
                                                              monkeypatch):
    path = tmp_path / "s.vcsession"
    path.write_text(S.dumps(S.to_document("5.3", {"5.3": {"mu": 1.25}})))
    _fail_to_draw_unless_default(monkeypatch, "5.3")
    window = make_window("5.1")
    warnings = window.open_session(path)
    assert any("could not be drawn" in w for w in warnings)
    assert window.state.exercise.id == window.grid.exercise.id == "5.3"
    assert window.statusBar().currentMessage().startswith("Session s.vcsession: 5.3")
    assert "5.3" in window.windowTitle()


def test_a_failure_part_way_leaves_the_window_as_it_was(make_window, tmp_path, monkeypatch):
    """Building the session's exercise fails even at its defaults (a bug): the error
    surfaces, and state, panes, title and status bar still show the exercise before."""
    from explorer.ui import main_window

    path = tmp_path / "s.vcsession"
    path.write_text(S.dumps(S.to_document("5.3", {"5.3": {"mu": 1.25}})))
    window = make_window("5.2")
    window.set_param("x", 2.0)
    before = (window.statusBar().currentMessage(), window.windowTitle(), window.grid)

    def broken(exercise, *a):
        if exercise.id == "5.3":
            raise RuntimeError("pane construction failed")
        return real(exercise, *a)

    real = main_window.PaneGrid
    monkeypatch.setattr(main_window, "PaneGrid", broken)
    with pytest.raises(RuntimeError):
        window.open_session(path)
    assert window.state.exercise.id == "5.2" and window.state.inputs["x"] == 2.0
    assert (window.statusBar().currentMessage(), window.windowTitle(), window.grid) == before
    assert window.grid.exercise.id == "5.2"
    monkeypatch.undo()
    window.open_exercise("5.4")  # and the window goes on working
    assert window.grid.exercise.id == "5.4"
