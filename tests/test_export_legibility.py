"""Exports at their default sizes have legible axes: no tick label overlaps another or an
axis label, none is cut off at its pane's edge, and no value axis is left with fewer than
two numbers — for every pane as `export --all` renders it and every exercise's picture
as `export ID --out FILE` renders it."""

import pytest
from PySide6 import QtCore
from text_boxes import boxes, problems

from explorer.core import registry
from explorer.ui.batch_export import lone_panes, plan
from explorer.ui.export import PANE_SIZE, build_export_widget, render_image


def drawn(frame) -> list[str]:
    render_image(frame, frame.width())  # (the layout is the same at any export width)
    return problems(frame)


def test_every_lone_pane_is_legible(qapp):
    found, seen = {}, 0
    for ex, pane, frame in lone_panes():
        seen += 1
        found.update({f"{ex.id} {pane}: {p}": 1 for p in drawn(frame)})
    assert seen == len(plan()) == 34
    assert not found, "\n".join(found)


@pytest.mark.parametrize("exercise_id", registry.ids())
def test_every_exercise_picture_is_legible(qapp, exercise_id):
    ex = registry.get(exercise_id)
    frame, _grid = build_export_widget(ex, ex.inputs({}), None)
    frame.show()  # (as export_headless: shown once, then drawn)
    qapp.processEvents()
    try:
        assert drawn(frame) == []
    finally:
        frame.close()
        frame.deleteLater()


@pytest.mark.parametrize(("exercise_id", "rows"), [("5.1", 1), ("5.7b", 2), ("5.5-f3", 2),
                                                   ("5.9", 3)])
def test_each_row_of_panes_gets_a_panes_height(qapp, exercise_id, rows):
    ex = registry.get(exercise_id)
    frame, _grid = build_export_widget(ex, ex.inputs({}), None)
    try:
        assert frame.height() == PANE_SIZE.height() * rows + 60
    finally:
        frame.deleteLater()


def test_the_checks_catch_overlapping_and_cut_off_labels(qapp):
    ex = registry.get("5.9")
    frame, _grid = build_export_widget(ex, ex.inputs({}), "convergence")
    frame.show()
    qapp.processEvents()
    try:
        assert drawn(frame) == []
        axis = next(b.axis for b in boxes(frame) if b.kind == "tick")
        (rect, text), *rest = axis.tick_labels
        axis.tick_labels = ((rect, text), (rect.translated(2, 0), text + "'"), *rest)
        assert any("overlaps" in p for p in problems(frame))
        axis.tick_labels = ((rect.translated(-QtCore.QPointF(5000, 0)), text),)
        assert any("cut off" in p for p in problems(frame))
    finally:
        frame.close()
        frame.deleteLater()
