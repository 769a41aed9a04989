"""Typed contracts: the core passes mypy --strict (the [tool.mypy] settings of
pyproject.toml), views are a closed set of frozen dataclasses, and one table maps every
view type to a pane class that follows the ViewPane protocol."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from explorer.core import registry
from explorer.core.views import VIEW_TYPES, Curve, CurvesView

ROOT = Path(__file__).parents[1]


def mypy(tmp_path: Path, *targets: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"),
                           *targets], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_the_core_passes_mypy_strict(tmp_path):
    proc = mypy(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues found" in proc.stdout


def test_the_configuration_is_strict_on_the_core():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["strict"] is True and config["files"] == ["explorer/core"]
    for override in config.get("overrides", []):  # only libraries without type information
        assert set(override) == {"module", "ignore_missing_imports"}
        assert all(m.startswith("sympy") for m in override["module"])


def test_the_checker_refuses_untyped_code(tmp_path):
    """The same settings fail on a function without annotations (so the test above can
    fail)."""
    bad = tmp_path / "untyped.py"
    bad.write_text("def f(x):\n    return x\n")
    proc = mypy(tmp_path, str(bad))
    assert proc.returncode == 1 and "no-untyped-def" in proc.stdout


def test_views_are_frozen_dataclasses():
    for view_type in VIEW_TYPES:
        assert dataclasses.is_dataclass(view_type), view_type
        assert view_type.__dataclass_params__.frozen, view_type
    view = CurvesView("t", "x", "y", [Curve("f", np.zeros(2), np.zeros(2))])
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.title = "changed"


def test_every_exercise_gives_a_view_of_the_closed_set_for_each_pane():
    for ex in registry.exercises():
        views = ex.views(ex.inputs())
        assert list(views) == [p.name for p in ex.panes], ex.id
        assert all(isinstance(v, VIEW_TYPES) for v in views.values()), ex.id


def test_one_pane_class_per_view_type_following_the_protocol():
    from explorer.ui.pane_grid import PANE_CLASSES, pane_class
    from explorer.ui.panes.base import ViewPane

    assert set(PANE_CLASSES) == set(VIEW_TYPES)
    assert len(set(PANE_CLASSES.values())) == len(VIEW_TYPES)
    for view_type, cls in PANE_CLASSES.items():
        assert issubclass(cls, ViewPane), cls
        assert pane_class(view_type) is cls
