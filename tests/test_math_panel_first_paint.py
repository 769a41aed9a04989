"""The math panel typesets its formulas after its first paint, not before."""


def test_math_panel_typesets_after_its_first_paint(qtbot, monkeypatch):
    from explorer.core import registry
    from explorer.ui.math_panel import MathPanel
    from explorer.ui.theme import LIGHT

    monkeypatch.setattr(MathPanel, "fill_after_paint", True)
    ex = registry.get("5.1")
    panel = MathPanel(ex, LIGHT, ex.inputs)
    qtbot.addWidget(panel)
    assert panel.latex_sources == []  # nothing typeset before the panel is painted
    panel.show()
    qtbot.waitUntil(lambda: bool(panel.latex_sources), timeout=10000)
    assert panel.latex_sources[0] == panel.derivation.statement
