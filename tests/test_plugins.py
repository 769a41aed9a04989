"""Exercises from outside: a distribution installed in a temporary folder declares an entry
point in the group `vector_calculus_explorer.exercises`; its exercise appears in `list`,
`evaluate`, `export`, `check` and the picker like a built-in one, in a group of its own.
Broken plugins are reported and skipped, and the app goes on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from explorer.core import registry
from explorer.core.exercises.ex5_5_f2 import InnerProduct

# The whole of a small exercise, as the README shows it.
TOY_MODULE = '''\
"""f(x) = xᵀx for x ∈ ℝ²: its derivative is the 1×2 row 2xᵀ."""

import numpy as np

from explorer.core.exercise import Exercise, Pane
from explorer.core.params import VECTOR, Param
from explorer.core.views import HeatmapView


class SquaredNorm(Exercise):
    id = "toy.norm"
    title = "Gradient of xᵀx"
    group = "Toy exercises"
    statement = "f(x) = xᵀx; df/dx = 2xᵀ ∈ ℝ¹ˣ²"
    params = (Param("x", "x", VECTOR, [1.0, -0.5], -3.0, 3.0, 0.01, "the point",
                    shape=(2,)),)
    main_param = "x[0]"
    panes = (Pane("gradient", "df/dx = 2xᵀ, a 1×2 row"),)

    def compute(self, v):
        x = np.asarray(v["x"], dtype=float)
        return {"value": float(x @ x), "derivative": 2 * x.reshape(1, -1)}

    def views(self, v):
        gradient = self.compute(v)["derivative"]
        return {"gradient": HeatmapView("df/dx = 2xᵀ", gradient, row_label="",
                                        col_label="component j")}


EXERCISE = SquaredNorm()
'''

# Its worked derivation, beside the module (norm.py → norm.json).
TOY_DERIVATION = {
    "id": "toy.norm",
    "statement": "f(x) = x^\\top x",
    "result": "\\frac{df}{dx} = 2x^\\top",
    "result_shape": [1, 2],
    "mistakes": [{"latex": "x^\\top", "reason": "the 2 of the square is missing",
                  "answer": "x.T"}],
}

BROKEN_MODULE = '''\
from explorer.core.exercises.ex5_5_f2 import InnerProduct

NOT_AN_EXERCISE = 42


class Taken(InnerProduct):
    group = "Broken"  # its id stays "5.5-f2": taken by the book


TAKEN = Taken()
'''


def write_distribution(root: Path, name: str, entry_points: dict[str, str]) -> None:
    """An installed distribution as importlib.metadata finds it on sys.path."""
    info = root / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    lines = [f"{key} = {value}" for key, value in entry_points.items()]
    (info / "entry_points.txt").write_text(
        "[vector_calculus_explorer.exercises]\n" + "\n".join(lines) + "\n")


@pytest.fixture
def plugin_dir(tmp_path):
    """A folder holding the toy distribution and a broken one."""
    package = tmp_path / "toy_exercises"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "norm.py").write_text(TOY_MODULE, encoding="utf-8")
    (package / "norm.json").write_text(json.dumps(TOY_DERIVATION), encoding="utf-8")
    write_distribution(tmp_path, "toy_exercises", {"norm": "toy_exercises.norm:EXERCISE"})
    (tmp_path / "toy_broken.py").write_text(BROKEN_MODULE)
    (tmp_path / "toy_raises.py").write_text("raise RuntimeError('boom at import')\n")
    write_distribution(tmp_path, "broken_exercises", {
        "missing": "no_such_module_xyz:EXERCISE",
        "raises": "toy_raises:EXERCISE",
        "number": "toy_broken:NOT_AN_EXERCISE",
        "taken": "toy_broken:TAKEN",
    })
    return tmp_path


@pytest.fixture
def installed(plugin_dir, monkeypatch):
    """The plugins on this process's sys.path; the registry looks again before and after."""
    monkeypatch.syspath_prepend(str(plugin_dir))
    registry.reload()
    yield plugin_dir
    monkeypatch.undo()
    for name in [m for m in sys.modules if m.startswith(("toy_", "toy_exercises"))]:
        del sys.modules[name]
    registry.reload()


def run_cli(plugin_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    here = str(Path(__file__).parents[1])
    env["PYTHONPATH"] = os.pathsep.join([str(plugin_dir), here, env.get("PYTHONPATH", "")])
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True,
                          text=True, env=env, timeout=300, cwd=plugin_dir)


# --- in this process ----------------------------------------------------------------------
def test_a_plugin_exercise_joins_the_registry_after_the_books(installed):
    ids = registry.ids()
    assert ids[-1] == "toy.norm" and len(ids) == 16
    ex = registry.get("toy.norm")
    assert registry.plugin_of("toy.norm") == "toy_exercises"
    assert registry.plugin_of("5.1") is None
    assert ex.describe()["group"] == "Toy exercises"


def test_broken_plugins_are_reported_and_skipped(installed):
    problems = registry.problems()
    assert len(problems) == 4
    said = {p.split("'")[1]: p for p in problems}  # entry point name → its report
    assert "ModuleNotFoundError" in said["missing"] and "broken_exercises" in said["missing"]
    assert "RuntimeError: boom at import" in said["raises"]
    assert "int object is not an Exercise" in said["number"]
    assert "'5.5-f2' is taken" in said["taken"]
    assert registry.get("5.5-f2") is not sys.modules["toy_broken"].TAKEN


def test_without_plugins_there_are_only_the_books():
    registry.reload()
    assert len(registry.ids()) == 15 and registry.problems() == ()


class _Unusable(InnerProduct):
    group = "Elsewhere"


@pytest.mark.parametrize(("change", "reason"), [
    ({"id": "toy.x", "group": "5.5"}, "group '5.5' belongs to the book's exercises"),
    ({"id": "toy.x", "title": ""}, "its title must be a non-empty string"),
    ({"id": "toy.x", "panes": ()}, "its panes must be a non-empty tuple of Pane"),
    ({"id": "toy.x", "main_param": "q"}, "main_param 'q' is not one of its parameters"),
    ({"id": "toy.x", "views": lambda self, v: {}}, "no view for pane 'inputs'"),
    ({"id": "toy.x", "views": lambda self, v: 1 / 0}, "ZeroDivisionError"),
    ({"id": "toy.x", "main_param": None}, "cannot be inspected: AttributeError"),
    ({"id": "toy.x", "panes": 5}, "cannot be inspected: TypeError"),
    ({"id": "toy.x", "views": lambda self, v: [1]}, "must be a dict"),
])
def test_an_unusable_exercise_is_refused_with_the_reason(change, reason):
    broken = type("Broken", (_Unusable,), change)()
    problem = registry.problem_with(broken, taken=set(registry.ids()),
                                    book_groups={ex.group for ex in registry.exercises()})
    assert reason in problem


def test_every_book_exercise_passes_the_plugin_checks():
    assert [registry.problem_with(ex) for ex in registry.exercises()] == [""] * 15


def test_the_picker_shows_the_plugin_in_its_own_group(installed, make_window):
    from PySide6 import QtCore

    window = make_window("5.1")
    tops = {window.picker.topLevelItem(i).text(0): window.picker.topLevelItem(i)
            for i in range(window.picker.topLevelItemCount())}
    assert list(tops)[-3:] == ["Toy exercises", "Plugins skipped", "Your own function"]
    toy = tops["Toy exercises"].child(0)
    assert toy.text(0) == "toy.norm  Gradient of xᵀx"
    assert "toy_exercises" in toy.toolTip(0)
    skipped = tops["Plugins skipped"]
    assert skipped.childCount() == 4
    assert not skipped.child(0).flags() & QtCore.Qt.ItemFlag.ItemIsSelectable
    window.picker.setCurrentItem(toy)
    assert window.state.exercise.id == "toy.norm"
    assert list(window.grid.panes) == ["gradient"]
    window.set_param("x", np.array([2.0, 1.0]))
    assert window.state.inputs["x"].tolist() == [2.0, 1.0]


# --- through the command line -------------------------------------------------------------
def test_list_shows_the_plugin_and_warns_of_the_broken(plugin_dir):
    proc = run_cli(plugin_dir, "list", "--json")
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert [i["id"] for i in items][-1] == "toy.norm" and len(items) == 16
    assert items[-1]["group"] == "Toy exercises"
    assert items[-1]["panes"] == [{"name": "gradient", "title": "df/dx = 2xᵀ, a 1×2 row"}]
    warnings = proc.stderr.strip().splitlines()
    assert len(warnings) == 4 and all(w.startswith("warning: plugin") for w in warnings)
    table = run_cli(plugin_dir, "list")
    assert "toy.norm Gradient of xᵀx" in table.stdout


def test_evaluate_a_plugin_exercise(plugin_dir):
    proc = run_cli(plugin_dir, "evaluate", "toy.norm", "--set", "x=[1,2]")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out == {"exercise": "toy.norm", "inputs": {"x": [1.0, 2.0]}, "value": 5.0,
                   "derivative": [[2.0, 4.0]], "shape": [1, 2]}


def test_export_a_plugin_exercise(plugin_dir):
    png = plugin_dir / "toy.png"
    proc = run_cli(plugin_dir, "export", "toy.norm", "--out", str(png), "--width", "400")
    assert proc.returncode == 0, proc.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    csv = plugin_dir / "toy.csv"
    proc = run_cli(plugin_dir, "export", "toy.norm", "--set", "x=[1,2]", "--out", str(csv))
    assert proc.returncode == 0, proc.stderr
    assert csv.read_text().splitlines()[1].split(",")[1:] == ["2.0", "4.0"]


def test_check_an_answer_to_a_plugin_exercise(plugin_dir):
    right = run_cli(plugin_dir, "check", "toy.norm", "2*x.T")
    assert right.returncode == 0, right.stdout + right.stderr
    assert json.loads(right.stdout)["verdict"] == "correct"
    # The known mistake comes from the derivation file beside the plugin's module.
    wrong = run_cli(plugin_dir, "check", "toy.norm", "x.T")
    assert wrong.returncode == 1
    verdict = json.loads(wrong.stdout)
    assert verdict["kind"] == "known_mistake"
    assert verdict["reason"] == "the 2 of the square is missing"


def test_the_readme_shows_the_toy_exercise_that_these_tests_install():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Adding an exercise", 1)[1]
    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert " ".join(block.split()) in " ".join(TOY_MODULE.split())
