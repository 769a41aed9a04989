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
    assert list(updates) == list(registry.ids())
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
    for ex in registry.exercises():
        name = ex.main_param.split("[")[0]
        assert ex.param(name).name == name
    assert bench.main_params()["5.6-g"] == "A[0,0]"


def test_sweep_moves_one_vector_component_or_matrix_entry():
    ex = registry.get("5.6-g")
    inputs = ex.inputs()
    values = bench._values(ex, inputs, "A[0,0]", 5)
    assert len(values) == 5
    changed = [(v != inputs["A"]).ravel() for v in values]
    assert [bool(c[0]) for c in changed] == [True, True, False, True, True]
    assert not any(c[1:].any() for c in changed)
    assert values[0][0, 0] < values[-1][0, 0]


def test_large_sizes_are_measured(quick_result):
    large = quick_result["large"]
    assert set(large) == {"5.9", "5.5-f3"}
    for name, stats in large.items():
        assert set(stats) == {"median", "p95"}, name
        assert _positive(stats["median"]) and stats["median"] <= stats["p95"], name
    assert large["5.5-f3"]["p95"] == quick_result["cube"]["1000"]["slice_ms_p95"]


def test_the_yardstick_is_measured(quick_result):
    """(matplotlib is in the `test` extra; without it the bench leaves the yardstick out)"""
    yardstick = quick_result["yardstick_ms"]
    assert _positive(yardstick["median"]) and yardstick["median"] <= yardstick["p95"]
    assert "yardstick Y" in bench.format_table(quick_result)


def _result(y, update_ms, large_59=1.0, large_cube=1.0, startup=1.0):
    result = {"update_ms": {k: {"median": m, "p95": p} for k, (m, p) in update_ms.items()},
              "large": {"5.9": {"median": large_59, "p95": large_59},
                        "5.5-f3": {"median": large_cube, "p95": large_cube}},
              "startup_s": startup}
    if y is not None:
        result["yardstick_ms"] = {"median": y, "p95": y}
    return result


def test_targets_are_fractions_of_the_yardstick():
    met = bench.verdicts(_result(80.0, {"5.1": (10.0, 20.0), "5.9": (26.0, 40.0)}))
    assert all(met.values())  # 10 ≤ 80/8, 20 ≤ 80/4; 5.9: 26 ≤ 80/3, 40 ≤ 80/2
    met = bench.verdicts(_result(80.0, {"5.1": (10.5, 20.0), "5.9": (27.0, 41.0)},
                                 large_59=41.0, large_cube=21.0, startup=1.6))
    assert [k for k, ok in met.items() if not ok] == [
        "update 5.1 median ≤ Y/8", "update 5.9 median ≤ Y/3", "update 5.9 p95 ≤ Y/2",
        "large 5.9 p95 ≤ Y/2", "large 5.5-f3 p95 ≤ Y/4", "startup ≤ 1.5 s"]
    # the same times on a machine twice as slow (the yardstick too) meet them
    assert all(bench.verdicts(_result(160.0, {"5.1": (20.0, 40.0)}, 80.0, 40.0)).values())


def test_without_a_yardstick_there_is_no_verdict_on_speed():
    met = bench.verdicts(_result(None, {"5.1": (1.0, 2.0)}))
    assert met["update 5.1 median ≤ Y/8"] is None and met["startup ≤ 1.5 s"] is True


def test_a_workbench_expression_is_timed_like_an_exercise(quick_result):
    w = quick_result["workbench"]
    assert w["expression"] == bench.WORKBENCH[0] and w["main_param"] == "X[0,0]"
    assert _positive(w["median"]) and w["median"] <= w["p95"]
    assert "  workbench " in bench.format_table(quick_result)
