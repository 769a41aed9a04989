"""`bench --quick --json` keeps working: every figure is there, positive and finite. The
benchmark measures speed; this test asserts no timing thresholds."""

import json
import math
import subprocess
import sys

import pytest

from explorer import bench
from explorer.core import registry


def _positive(value) -> bool:
    return isinstance(value, float) and math.isfinite(value) and value > 0


@pytest.fixture(scope="module")
def quick_result():
    proc = subprocess.run([sys.executable, "-m", "explorer", "bench", "--quick", "--json"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_update_times_cover_every_exercise(quick_result):
    updates = quick_result["update_ms"]
    assert list(updates) == [i for i in registry.IDS if registry.is_available(i)]
    for exercise_id, stats in updates.items():
        assert set(stats) == {"median", "p95"}, exercise_id
        assert _positive(stats["median"]) and _positive(stats["p95"]), exercise_id
        assert stats["median"] <= stats["p95"], exercise_id


def test_cube_sizes_have_slice_times_and_peak_memory(quick_result):
    cube = quick_result["cube"]
    assert list(cube) == ["10", "100", "1000"]
    for n, figures in cube.items():
        assert _positive(figures["slice_ms_p95"]), n
        # a process that has drawn a window holds at least a few MB
        assert _positive(figures["peak_rss_mb"]) and figures["peak_rss_mb"] > 10, n


def test_startup_and_evaluate_are_wall_times(quick_result):
    assert _positive(quick_result["startup_s"])
    assert _positive(quick_result["evaluate_s"])
    assert quick_result["meta"]["quick"] is True


def test_table_names_every_figure(quick_result):
    table = bench.format_table(quick_result)
    for exercise_id in quick_result["update_ms"]:
        assert f"  {exercise_id} " in table
    for word in ("n = 1000", "startup_s", "evaluate_s", "peak RSS"):
        assert word in table


def test_every_exercise_has_a_main_parameter():
    for exercise_id in registry.IDS:
        name = bench.MAIN_PARAM[exercise_id].split("[")[0]
        assert registry.get(exercise_id).param(name).name == name


def test_sweep_moves_one_vector_component_or_matrix_entry():
    ex = registry.get("5.6-g")
    inputs = ex.inputs()
    values = bench._values(ex, inputs, "A[0,0]", 5)
    assert len(values) == 5
    changed = [(v != inputs["A"]).ravel() for v in values]
    assert [bool(c[0]) for c in changed] == [True, True, False, True, True]
    assert not any(c[1:].any() for c in changed)
    assert values[0][0, 0] < values[-1][0, 0]
