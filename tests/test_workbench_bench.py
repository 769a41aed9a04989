"""`bench` measures the workbench's `derive` (in the process and as a command) on an
expression of at most 30 nodes. Speed is measured, never asserted."""

import math

from explorer import bench
from explorer.core.expr import parse


def _nodes(node) -> int:
    return 1 + sum(_nodes(c) for c in node.children())


def test_the_measured_expression_has_at_most_30_nodes():
    assert 25 <= _nodes(parse(bench.DERIVE_EXPRESSION).root) <= 30


def test_derive_is_measured_in_the_process_and_as_a_command():
    figures = bench.measure_derive(1)
    assert set(figures) == {"ms", "command_s"}
    assert all(math.isfinite(v) and v > 0 for v in figures.values())


def test_the_table_shows_derive():
    result = {"update_ms": {}, "large": {}, "cube": {}, "startup_s": 1.0, "evaluate_s": 1.0,
              "derive": {"ms": 12.5, "command_s": 0.75},
              "meta": {"values_per_sweep": 1, "load_average": [0.0, 0.0, 0.0]}}
    assert "derive      12.5 ms in the process" in bench.format_table(result)
