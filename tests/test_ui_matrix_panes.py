"""The panes of 5.5-f1 … 5.8c: each draws its view, updates in place when the parameters
move, asks for parameter changes (drag, slider, play), and exports; the array editor."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtGui

from explorer.core import registry
from explorer.core.params import VECTOR, Param
from explorer.core.views import CubeView, FactorsView, FieldView, HeatmapView
from explorer.ui.export import export_widget
from explorer.ui.pane_grid import pane_class
from explorer.ui.theme import LIGHT

MATRIX_VIEWS = (HeatmapView, FieldView, CubeView, FactorsView)
# Every exercise with a pane of vectors and matrices (at its default inputs).
IDS = [ex.id for ex in registry.exercises()
       if any(isinstance(v, MATRIX_VIEWS) for v in ex.views(ex.inputs()).values())]


def make_pane(qtbot, view):
    pane = pane_class(type(view))(LIGHT)
    qtbot.addWidget(pane)
    pane.resize(800, 520)
    pane.show()
    qtbot.waitExposed(pane)
    pane.update_view(view)
    QtGui.QGuiApplication.processEvents()
    return pane


def pixels(pane) -> np.ndarray:
    image = pane.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    ptr = image.constBits()
    return np.array(ptr, dtype=np.uint8).reshape(image.height(), image.width(), 4)[..., :3]


def views_of(exercise_id, given=None):
    ex = registry.get(exercise_id)
    return ex.views(ex.resolve(dict(given or {})))


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_pane_draws_something_colourful_and_exports(qtbot, exercise_id, tmp_path):
    for name, view in views_of(exercise_id).items():
        pane = make_pane(qtbot, view)
        rgb = pixels(pane).astype(int)
        saturated = np.abs(rgb - rgb.mean(axis=2, keepdims=True)).max(axis=2) > 60
        assert saturated.mean() > 0.005, f"{exercise_id} {name}: nothing coloured drawn"
        out = tmp_path / f"{name}.png"
        export_widget(pane, out, 1000, exercise_id)
        assert QtGui.QImage(str(out)).width() == 1000
        assert isinstance(pane.export_item(), pg.QtWidgets.QGraphicsScene)


@pytest.mark.parametrize(("exercise_id", "pane_name", "given"), [
    ("5.7b", "jacobian", {"seed": 4}), ("5.8c", "factors", {"seed": 4}),
    ("5.5-f1", "field", {"x": np.array([-2.0, 1.0])}),
    ("5.5-f3", "cube", {"k": 3}), ("5.6-g", "gradient", {"seed": 9}),
])
def test_panes_update_in_place(qtbot, exercise_id, pane_name, given):
    pane = make_pane(qtbot, views_of(exercise_id)[pane_name])
    items_before = len(pane.export_item().items())
    before = pixels(pane)
    pane.update_view(views_of(exercise_id, given)[pane_name])
    QtGui.QGuiApplication.processEvents()
    assert not np.array_equal(before, pixels(pane))
    assert len(pane.export_item().items()) == items_before  # nothing re-created


def test_heatmap_hover_names_row_column_and_value(qtbot):
    view = views_of("5.7b")["jacobian"]
    pane = make_pane(qtbot, view)
    vb = pane.plot.vb
    scene_pos = vb.mapViewToScene(QtCore.QPointF(1.5, 2.5))  # column 2, row 3
    pane._on_hover(scene_pos)
    expected = f"{view.matrix[2, 1]:.6g}"
    assert "row 3" in pane.hover_text() and "column 2" in pane.hover_text()
    assert expected in pane.hover_text()
    assert pane.matrix.image.levels[0] == -pane.matrix.image.levels[1]  # centred on 0
    assert "ℝ³ˣ²" in view.title


def test_dragging_the_point_requests_both_components(qtbot):
    pane = make_pane(qtbot, views_of("5.5-f1")["field"])
    requested = []
    pane.param_requested.connect(lambda n, v: requested.append((n, round(v, 6))))
    pane.targets["point"].setPos(1.25, -0.5)
    assert requested == [("x[0]", 1.25), ("x[1]", -0.5)]


@pytest.mark.parametrize("x, y", [(-3.0, 0.0), (0.0, 0.0), (3.0, 0.0), (0.0, 3.0), (3.0, -3.0)])
def test_point_readout_stays_inside_the_field(qtbot, x, y):
    pane = make_pane(qtbot, views_of("5.8b", {"x": np.array([x, y])})["field"])
    pane.resize(420, 300)  # small: the readout is wide and tall next to the plane
    qtbot.wait(10)  # the view's final size
    label = pane.labels["point"]
    assert label.isVisible() and "x = " in label.toPlainText()
    box = pane.plot.vb.sceneBoundingRect()
    text = label.text_scene_rect()
    assert box.left() - 0.5 <= text.left() and text.right() <= box.right() + 0.5
    assert box.top() - 0.5 <= text.top() and text.bottom() <= box.bottom() + 0.5


@pytest.mark.parametrize("exercise_id, given", [("5.5-f1", {}), ("5.8b", {"D": 5})])
def test_point_readout_wraps_in_a_narrow_field(qtbot, exercise_id, given):
    pane = make_pane(qtbot, views_of(exercise_id, given)["field"])
    label = pane.labels["point"]
    one_line = label.text_size().height()

    def lines() -> float:
        return label.text_size().height() / one_line

    pane.resize(300, 520)  # a field too narrow for the readout on one line
    qtbot.waitUntil(lambda: lines() > 1.5, timeout=2000)
    # the break comes between the point and its gradient
    assert label.toPlainText() == label.full_text.replace("], ", "],\n", 1)
    box = pane.plot.vb.sceneBoundingRect()
    text = label.text_scene_rect()
    assert box.left() - 0.5 <= text.left() and text.right() <= box.right() + 0.5
    pane.resize(800, 520)  # room again: back to one line
    qtbot.waitUntil(lambda: lines() < 1.5, timeout=2000)


def test_field_update_does_not_echo_requests(qtbot):
    pane = make_pane(qtbot, views_of("5.8a")["field"])
    requested = []
    pane.param_requested.connect(lambda n, v: requested.append(n))
    pane.update_view(views_of("5.8a", {"mu": np.array([0.5, 0.5])})["field"])
    assert requested == []
    assert pane.targets["centre"].pos().x() == pytest.approx(0.5)
    pane.targets["centre"].setPos(1.0, 1.0)
    assert requested == ["mu[0]", "mu[1]"]


def test_singular_s_shows_a_message_not_a_plot(qtbot):
    views = views_of("5.8a", {"rho": 1.0, "skew": 0.0})
    field = make_pane(qtbot, views["field"])
    assert not field.image.isVisible() and field.message.isVisible()
    assert "singular" in field.message.toPlainText()
    factors = make_pane(qtbot, views["factors"])
    assert "singular" in factors.readout.text


def test_cube_slider_play_and_axis_request_parameters(qtbot):
    pane = make_pane(qtbot, views_of("5.5-f3", {"k": 2})["cube"])
    requested = []
    pane.param_requested.connect(lambda n, v: requested.append((n, v)))
    assert pane.slider.maximum() == 4 and pane.slider.value() == 2
    pane.slider.setValue(3)
    pane.axis_box.setCurrentIndex(0)
    pane._step()  # one tick of play: slice 2 → 3
    assert requested == [("k", 3.0), ("axis", 0.0), ("k", 3.0)]
    pane.play_button.click()
    assert pane.timer.isActive() and "Pause" in pane.play_button.toolTip()
    pane.play_button.click()
    assert not pane.timer.isActive()


def test_cube_play_wraps_round_and_shows_all_slices_for_small_n(qtbot):
    pane = make_pane(qtbot, views_of("5.5-f3", {"k": 4})["cube"])
    requested = []
    pane.param_requested.connect(lambda n, v: requested.append(v))
    pane._step()
    assert requested == [1.0]
    assert pane.multiples_plot.isVisible()
    assert sum(image.isVisible() for image in pane._small) == 4


def test_cube_at_n_1000_shows_the_slice_without_small_multiples(qtbot):
    view = views_of("5.5-f3", {"n": 1000, "k": 500})["cube"]
    pane = make_pane(qtbot, view)
    assert not pane.multiples_plot.isVisible()
    shown = pane.slice.image.image
    assert shown.shape[0] <= 250  # drawn by blocks, the cross still visible
    assert np.count_nonzero(shown) > 0


def test_array_editor_sets_silently_and_emits_edits(qtbot):
    from explorer.ui.array_editor import ArrayEditor

    editor = ArrayEditor(Param("A", "A", "matrix", shape=("E", "D")))
    qtbot.addWidget(editor)
    emitted = []
    editor.edited.connect(lambda name, value: emitted.append((name, value)))
    editor.set_value(np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert emitted == []
    model = editor.model()
    assert model.setData(model.index(1, 0), "−2.5")
    name, value = emitted[-1]
    assert name == "A"
    np.testing.assert_array_equal(value, [[1.0, 2.0], [-2.5, 4.0]])
    assert not model.setData(model.index(0, 0), "abc")  # refused, nothing emitted
    assert len(emitted) == 1 and model.data(model.index(0, 0)) == "1"


def test_array_editor_vector_is_a_column_and_stays_light_for_n_1000(qtbot):
    from explorer.ui.array_editor import ArrayEditor

    editor = ArrayEditor(Param("x", "x", VECTOR, shape=("n",)))
    qtbot.addWidget(editor)
    editor.set_value(np.arange(1000.0))
    assert (editor.model().rowCount(), editor.model().columnCount()) == (1000, 1)
    emitted = []
    editor.edited.connect(lambda name, value: emitted.append(value))
    editor.model().setData(editor.model().index(999, 0), "7")
    assert emitted[-1].shape == (1000,) and emitted[-1][999] == 7.0


def test_array_editor_shows_the_same_value_again_without_a_reset(qtbot):
    from explorer.ui.array_editor import ArrayEditor

    editor = ArrayEditor(Param("x", "x", VECTOR, shape=("n",)))
    qtbot.addWidget(editor)
    editor.set_value(np.zeros(1))  # equal to the model's initial array: still shown
    assert editor.height() > 0 and editor.model().rowCount() == 1
    resets = []
    editor.model().modelReset.connect(lambda: resets.append(1))
    editor.set_value(np.zeros(1))  # (every window update syncs the panel like this)
    assert resets == []
    editor.set_value(np.array([0.0, 2.0]))
    assert resets == [1] and editor.value().tolist() == [0.0, 2.0]


def test_array_editor_changes_only_the_cells_that_changed(qtbot):
    """A new value of the same shape (every step of a drag) updates the cells it
    changes, without resetting the table (which re-laid out the panel around it)."""
    from explorer.ui.array_editor import ArrayEditor

    editor = ArrayEditor(Param("A", "A", "matrix", shape=("E", "D")))
    qtbot.addWidget(editor)
    editor.set_value(np.arange(12.0).reshape(3, 4))
    model = editor.model()
    resets, changed = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b: changed.append(
        ((a.row(), a.column()), (b.row(), b.column()))))
    new = np.arange(12.0).reshape(3, 4)
    new[1, 1], new[2, 3] = -5.0, np.nan
    editor.set_value(new)
    assert resets == [] and changed == [((1, 1), (2, 3))]
    assert model.data(model.index(1, 1)) == "-5" and model.data(model.index(2, 3)) == "nan"
    np.testing.assert_array_equal(editor.value(), new)
    editor.set_value(new.copy())  # NaN where NaN was: nothing changed
    assert changed == [((1, 1), (2, 3))]
    editor.set_value(np.ones((2, 4)))  # another shape: a reset
    assert resets == [1] and model.rowCount() == 2


def test_heatmap_with_block_names_keeps_one_range_across_updates(qtbot):
    ex = registry.get("5.5-f2")
    pane = pane_class(HeatmapView)(LIGHT)
    qtbot.addWidget(pane)
    inputs = ex.inputs()
    pane.update_view(ex.views(inputs)["jacobian"])
    shown = pane.plot.vb.viewRange()
    assert shown[1][0] < -0.8  # room above row 1 for the block names
    axis = pane.plot.getAxis("left")
    axis.picture = drawn = object()  # stands for the axis's drawing
    pane.update_view(ex.views(dict(inputs, x=inputs["x"] + 0.25))["jacobian"])
    assert pane.plot.vb.viewRange() == shown and axis.picture is drawn


SETTLE_SCRIPT = """
import numpy as np
from PySide6 import QtWidgets
app = QtWidgets.QApplication([])
from explorer.ui.main_window import MainWindow
window = MainWindow("5.5-f1")
window.show()
app.processEvents()
window.set_param("x", np.array([-999999.0, 0.5]))  # a plane a million wide, in a narrow pane
window.refresh()
for _ in range(8):
    app.processEvents()
window.grab()
print("settled")
"""


def test_a_huge_plane_in_a_narrow_pane_settles(tmp_path):
    """The y axis of an aspect-locked plane could flip between two widths forever (each
    flip a repaint): the window hung. It must settle, and quickly."""
    import os
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", SETTLE_SCRIPT], capture_output=True,
                          text=True, timeout=90,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    assert "settled" in proc.stdout


@pytest.mark.parametrize("x", [np.array([1.5, -0.5]), np.array([0.05, 2.5]),
                               np.array([-2.9, 0.3])])
def test_the_points_arrow_follows_its_gradient_scaled_like_the_field(qtbot, x):
    """From the point along ∇f, 1.8 × 0.85 grid spacings long for a typical (90th
    percentile) gradient of the plane, kept within 0.6…2 times that."""
    first = views_of("5.8b", {"x": np.array([1.0, 1.0])})["field"]
    pane = make_pane(qtbot, first)
    view = views_of("5.8b", {"x": x})["field"]  # the same plane, the point moved
    pane.update_view(view)
    point = next(p for p in view.points if p.role == "point")
    xs, ys = pane.point_arrow.getData()
    halo = pane.point_halo.getData()
    np.testing.assert_array_equal(halo[0], xs)
    assert (xs[0], ys[0]) == pytest.approx((point.x, point.y))
    drawn = np.array([xs[1] - xs[0], ys[1] - ys[0]])
    gradient = np.array(point.arrow)
    cosine = drawn @ gradient / (np.linalg.norm(drawn) * np.linalg.norm(gradient))
    assert cosine == pytest.approx(1.0)
    typical = np.percentile(np.hypot(*np.asarray(view.arrows).T), 90)
    spacing = np.sqrt((view.xs[-1] - view.xs[0] + view.xs[1] - view.xs[0])
                      * (view.ys[-1] - view.ys[0] + view.ys[1] - view.ys[0])
                      / len(view.arrows_at))
    expected = 1.8 * 0.85 * spacing * np.clip(np.linalg.norm(gradient) / typical, 0.6, 2.0)
    assert np.linalg.norm(drawn) == pytest.approx(expected, rel=1e-9)
