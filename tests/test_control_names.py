"""Every control is named as the reader knows it: vector components x₁, x₂, …, and
μ, σ, ω, ε, x₀, ρ in the panel, the export and GIF captions and the animation dialog,
while the command line keeps the ASCII names (mu, sigma, …)."""

import json
import subprocess
import sys

from PySide6 import QtCore, QtWidgets

from explorer.core import registry
from explorer.core.symbols import display_name, index_pair

ASCII_NAMES = {"mu", "sigma", "omega", "eps", "x0", "rho", "s1", "s2", "skew"}


def test_display_names_come_from_the_symbols():
    shown = {p.name: p.display for ex in registry.exercises() for p in ex.params}
    assert {k: shown[k] for k in ("mu", "sigma", "omega", "eps", "x0", "rho", "s1")} == {
        "mu": "μ", "sigma": "σ", "omega": "ω", "eps": "ε", "x0": "x₀", "rho": "ρ",
        "s1": "s₁"}
    assert shown["x"] == "x" and shown["seed"] == "seed"
    assert all("\\" not in s and "_" not in s for s in shown.values()), shown
    omega = registry.get("5.9").param("omega")
    assert [omega.component(i) for i in (0, 1, 11)] == ["ω₁", "ω₂", "ω₁₂"]
    assert omega.describe()["name"] == "omega" and omega.describe()["display"] == "ω"
    assert display_name(r"\frac{a}{b}") == r"\frac{a}{b}"  # not a symbol: left as it is
    assert index_pair(2, 1) == "₂₁" and index_pair(12, 3) == "₁₂,₃"


def _component_rows(panel, name: str) -> list[tuple[str, object]]:
    """(label text, slider) of each component slider of vector `name`, as laid out."""
    rows = []
    for i in range(100):
        slider = panel.widgets.get(f"{name}[{i}]")
        if slider is None:
            break
        row = slider.parentWidget()
        labels = [w for w in row.findChildren(QtWidgets.QLabel)
                  if w.parentWidget() is row and w.isVisibleTo(row)]
        rows.append((" ".join(label.text() for label in labels), slider))
    return rows


def test_every_vector_component_slider_has_its_own_label(make_window):
    window = make_window("5.9")
    window.set_param("E", 4)
    panel = window.params_panel
    for name, symbol in (("x", "x"), ("m", "m"), ("omega", "ω"), ("eps", "ε")):
        rows = _component_rows(panel, name)
        assert [text for text, _ in rows] == [f"{symbol}{s}" for s in "₁₂₃₄"], name
        assert all(s.accessibleName().startswith(symbol) for _, s in rows)
        assert all(f"command line: {name}" in s.toolTip() or name == symbol
                   for _, s in rows)


def test_the_panel_names_parameters_by_their_symbols(make_window):
    window = make_window("5.3")
    for exercise_id, expected in (("5.3", {"μ", "σ"}), ("5.4", {"x₀"}),
                                  ("5.8a", {"μ", "ρ", "s₁", "κ"}), ("5.9", {"ω", "ε"})):
        window.open_exercise(exercise_id)
        texts = {label.text() for label in window.params_panel.findChildren(QtWidgets.QLabel)}
        assert expected <= texts, (exercise_id, texts)
        assert not texts & ASCII_NAMES, (exercise_id, texts & ASCII_NAMES)
    # 5.9's ω slider says what the command line calls it
    tip = window.params_panel.widgets["omega[0]"].toolTip()
    assert tip.startswith("ω₁, component 1 of ω") and "command line: omega" in tip


def test_export_and_animation_captions_use_the_symbols(qtbot):
    from explorer.ui.animation_dialog import AnimationDialog
    from explorer.ui.export import build_export_widget, caption_html

    ex = registry.get("5.3")
    caption = caption_html(ex, ex.inputs({"mu": 0.25}))
    assert "μ = 0.25" in caption and "σ = 1" in caption and "mu" not in caption
    frame, _grid = build_export_widget(ex, ex.inputs(), None)
    qtbot.addWidget(frame)
    assert "μ = 0" in frame.findChild(QtWidgets.QLabel).text()
    ex9 = registry.get("5.9")
    assert "ω ∈ ℝ¹" in caption_html(ex9, ex9.inputs()) and "ε ∈" in caption_html(
        ex9, ex9.inputs())
    dialog = AnimationDialog(ex, {}, None)
    qtbot.addWidget(dialog)
    items = [dialog.param_box.itemText(i) for i in range(dialog.param_box.count())]
    data = [dialog.param_box.itemData(i) for i in range(dialog.param_box.count())]
    assert any(t.startswith("μ — ") for t in items) and "mu" in data


def test_the_command_line_keeps_the_ascii_names():
    proc = subprocess.run([sys.executable, "-m", "explorer", "evaluate", "5.3",
                           "--set", "mu=0.5", "--set", "sigma=2"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    inputs = json.loads(proc.stdout)["inputs"]
    assert inputs["mu"] == 0.5 and inputs["sigma"] == 2.0 and "μ" not in inputs


def test_a_long_vectors_table_names_its_components(make_window):
    window = make_window("5.8a")
    window.set_param("D", 6)  # too long for a slider per component: a table
    table = window.params_panel.widgets["mu#table"]
    editor = getattr(table, "table", table)
    header = editor.model()
    rows = [header.headerData(i, QtCore.Qt.Orientation.Vertical) for i in range(6)]
    assert rows == ["μ₁", "μ₂", "μ₃", "μ₄", "μ₅", "μ₆"]
    assert "mu" not in editor.toolTip() and "mu" not in editor.accessibleName()
    matrix = window.params_panel.widgets["S"]  # a matrix's rows stay numbered
    matrix = getattr(matrix, "table", matrix)
    assert matrix.model().headerData(0, QtCore.Qt.Orientation.Vertical) == "1"
