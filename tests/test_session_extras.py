"""Sessions keep the extra tangents, the views moved by hand and your own function, in
files and between runs; a session written before they were kept still loads; what is
wrong in them is skipped with a warning; file dialogs open where the last file was."""

import json

import pytest
from PySide6 import QtCore, QtWidgets

from explorer.core import session as S
from explorer.core.session_extras import Extras, extras_of

# A session file as the explorer wrote it before tangents, views and own functions were
# kept (format version 1, only the exercise and the parameters).
OLD_SESSION = """{
 "format": "vector-calculus-explorer-session",
 "version": 1,
 "exercise": "5.3",
 "parameters": {
  "5.3": {
   "mu": 1.25,
   "sigma": 0.8
  },
  "5.1": {
   "x": -0.5
  }
 }
}
"""


@pytest.fixture
def settings(tmp_path):
    return QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)


def test_an_old_session_loads_as_it_did(make_window, tmp_path):
    path = tmp_path / "old.vcsession"
    path.write_text(OLD_SESSION, encoding="utf-8")
    window = make_window("5.2")
    assert window.open_session(path) == []
    assert window.state.exercise.id == "5.3"
    assert (window.state.inputs["mu"], window.state.inputs["sigma"]) == (1.25, 0.8)
    assert window.state.tangents == []
    window.open_exercise("5.1")
    assert window.state.inputs["x"] == -0.5 and window.state.tangents == []


def test_the_extras_are_checked_and_what_is_wrong_is_skipped():
    extras, warnings = extras_of({
        "tangents": {"5.2": [1.0, -2.5], "5.1": ["x"], "9.9": [1.0], "5.3": [0.0] * 9},
        "views": {"5.2": {"f": [[-1, 1], [0, 0.5]], "df": [[1, -1], [0, 1]]},
                  "5.1": {"f": [[0, float("inf")], [0, 1]]}},
        "custom": {"text": "x^2", "x_range": [-1, 2], "fitted": False,
                   "parameters": {"x": 0.5, "n": 3, "evil": "__import__('os')"}},
    })
    assert extras.tangents == {"5.2": [1.0, -2.5]}
    assert extras.views == {"5.2": {"f": [[-1.0, 1.0], [0.0, 0.5]]}}
    assert extras.custom["parameters"] == {"x": 0.5, "n": 3}
    assert len(warnings) == 5  # 5.1's tangents, 9.9, 5.3's nine, df's range, 5.1's view
    for bad in ({"text": "", "x_range": [0, 1]}, {"text": "x", "x_range": [1, 0]},
                {"text": "x" * 501, "x_range": [0, 1]}, ["x^2"]):
        extras, warnings = extras_of({"custom": bad})
        assert extras.custom is None and len(warnings) == 1


def test_a_session_with_extras_reads_without_unknown_keys():
    doc = S.to_document("custom", {"5.1": {"x": 0.5}})
    doc.update(Extras({"5.2": [1.0]}, {"5.2": {"f": [[0, 1], [0, 1]]}},
                      {"text": "x^2", "x_range": [-1, 2], "fitted": True,
                       "parameters": {}}).as_json())
    current, given, warnings = S.parse_text(S.dumps(doc))
    assert warnings == [] and current == "custom" and given == {"5.1": {"x": 0.5}}
    assert extras_of(json.loads(S.dumps(doc)))[0].tangents == {"5.2": [1.0]}


def _zoom(pane, x_range, y_range):
    """As the mouse wheel does: a new range, announced as moved by hand."""
    box = pane.plot.vb
    box.setRange(xRange=x_range, yRange=y_range, padding=0)
    box.sigRangeChangedManually.emit(box.state["mouseEnabled"])


def test_tangents_and_moved_views_go_into_a_session_and_come_back(make_window, qtbot,
                                                                  tmp_path):
    first = make_window("5.2")
    second = make_window("5.3")  # (made first: a window made after switches stays inactive)
    first.add_tangent()
    first.set_param("tangent[0]", -2.0)
    _zoom(first.grid.panes["f"], (-1.0, 2.0), (0.1, 0.9))
    first.open_exercise("5.1")  # kept while another exercise is shown
    first.open_exercise("5.2")
    assert first.state.tangents == [-2.0]
    assert first.grid.panes["f"].plot.vb.viewRange()[0] == pytest.approx([-1.0, 2.0])
    path = tmp_path / "s.vcsession"
    assert first.save_session(path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["tangents"] == {"5.2": [-2.0]} and "f" in saved["views"]["5.2"]
    assert "df" not in saved["views"]["5.2"]  # (it followed f, but was not moved by hand)

    assert second.open_session(path) == []
    assert second.state.exercise.id == "5.2" and second.state.tangents == [-2.0]
    second.refresh()
    f_box = second.grid.panes["f"].plot.vb
    assert f_box.viewRange()[0] == pytest.approx([-1.0, 2.0])
    assert f_box.viewRange()[1] == pytest.approx([0.1, 0.9])
    df_box = second.grid.panes["df"].plot.vb  # (it follows once laid out)
    qtbot.waitUntil(lambda: df_box.viewRange()[0] == pytest.approx([-1.0, 2.0]), timeout=2000)
    assert second.grid.panes["f"].targets[1].pos().x() == pytest.approx(-2.0)
    second.view_controls.buttons["f"].click()  # Reset view: no longer kept
    path2 = tmp_path / "s2.vcsession"
    second.save_session(path2)
    assert "views" not in json.loads(path2.read_text(encoding="utf-8"))


def test_your_own_function_goes_into_a_session_and_comes_back(make_window, qtbot,
                                                               tmp_path):
    first = make_window("5.1")
    with qtbot.waitSignal(first.exercise_changed, timeout=20000):
        first.open_custom("x^2*exp(-x)", (-1.0, 4.0))
    first.set_param("x", 2.5)
    path = tmp_path / "own.vcsession"
    first.save_session(path)

    second = make_window("5.3")
    with qtbot.waitSignal(second.exercise_changed, timeout=20000):
        assert second.open_session(path) == []
    shown = second.state.exercise
    assert shown.id == "custom" and shown.text == "x^2*exp(-x)"
    assert shown.x_range == (-1.0, 4.0) and second.state.inputs["x"] == 2.5
    assert "x^2*exp(-x)" in second.picker.currentItem().text(0)


def test_your_own_function_comes_back_in_a_fresh_window(qtbot, settings):
    from explorer.ui.main_window import MainWindow

    first = MainWindow("5.1", settings=settings)
    qtbot.addWidget(first)
    first.show()
    with qtbot.waitSignal(first.exercise_changed, timeout=20000):
        first.open_custom("tanh(x)")
    first.close()

    second = MainWindow(settings=settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.state.exercise.id == "custom", timeout=20000)
    assert second.state.exercise.text == "tanh(x)" and second.state.exercise.fitted is False
    second.close()


def test_file_dialogs_open_where_the_last_file_was_chosen(make_window, qtbot, tmp_path,
                                                          monkeypatch, settings):
    from explorer.ui.last_folder import LastFolder

    window = make_window("5.1")
    window.last_folder = LastFolder(settings)
    folder = tmp_path / "slides"
    folder.mkdir()
    asked = []

    def save_name(parent, title, start, filters):
        asked.append(start)
        return "", ""

    def open_name(parent, title, start, filters):
        asked.append(start)
        return "", ""

    def export_answer(parent, title, start, width):
        asked.append(str(start))
        return folder / "pane.png", width

    from explorer.ui import export_dialog

    monkeypatch.setattr(export_dialog, "ask", export_answer)
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName", open_name)
    window.export_dialog(all_panes=False)
    assert (folder / "pane.png").exists()
    window.open_session_dialog()
    window.save_session_dialog()
    assert asked[1] == str(folder) and asked[2].startswith(str(folder))
    assert LastFolder(settings).folder() == folder  # and in the next run


def test_your_own_functions_values_stay_while_another_exercise_shows(make_window, qtbot,
                                                                      tmp_path):
    """They went into a session only while the function was shown, and were lost on
    coming back to it from the picker."""
    window = make_window("5.1")
    with qtbot.waitSignal(window.exercise_changed, timeout=20000):
        window.open_custom("x^2*exp(-x)", (-1.0, 4.0))
    made = window.custom_function
    window.set_param("x", 2.5)
    window.open_exercise("5.2")
    path = tmp_path / "away.vcsession"
    window.save_session(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["custom"]["parameters"] == {"x": 2.5}
    window.pick_custom()
    assert window.state.exercise is made and window.state.inputs["x"] == 2.5
    # a new own function starts from its own defaults
    with qtbot.waitSignal(window.exercise_changed, timeout=20000):
        window.open_custom("sin(x)", (-1.0, 4.0))
    assert window.state.inputs["x"] != 2.5
