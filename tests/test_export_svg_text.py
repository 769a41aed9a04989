"""SVG exports: each line of a label is one <text> element (Qt writes one per script run:
"dg/d" and "ω", which viewers with another font set apart), at the size it was laid out in."""

import xml.etree.ElementTree as ET

import pyqtgraph as pg
import pytest
from PySide6 import QtWidgets

from explorer.core import registry
from explorer.ui.export import build_export_widget, svg_bytes
from explorer.ui.svg_text import TEXT, join_runs


def texts(data: bytes) -> list[ET.Element]:
    return list(ET.fromstring(data).iter(TEXT))


def label_lines(frame) -> set[str]:
    """The lines of every title, readout and axis label shown in the export's panes."""
    lines = set()
    for view in frame.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, QtWidgets.QGraphicsTextItem) and item.isVisible() \
                    and item.parentItem() is not None and item.parentItem().isVisible():
                text = item.toPlainText().replace("\u2028", "\n")
                lines.update(line.strip() for line in text.split("\n") if line.strip())
    return lines


@pytest.mark.parametrize("exercise_id", ["5.9", "5.7b", "5.6-g", "5.8b"])
def test_each_label_line_is_one_text_element(qapp, exercise_id):
    ex = registry.get(exercise_id)
    frame, _grid = build_export_widget(ex, ex.inputs({}), None)
    frame.show()
    qapp.processEvents()
    try:
        elements = {(e.text or "").strip() for e in texts(svg_bytes(frame, "t"))}
        missing = sorted(line for line in label_lines(frame) if line not in elements)
        assert not missing, f"split into several <text> runs: {missing}"
    finally:
        frame.close()
        frame.deleteLater()


def test_text_is_written_at_the_size_it_was_laid_out_in(qapp):
    ex = registry.get("5.9")
    frame, _grid = build_export_widget(ex, ex.inputs({}), "convergence")
    frame.show()
    qapp.processEvents()
    try:
        title = [e for e in texts(svg_bytes(frame, "t")) if e.text == "dg/dω"]
        assert len(title) == 1  # the panel's title, set at 10 pt
        assert float(title[0].get("font-size")) == pytest.approx(10 * frame.logicalDpiX() / 72,
                                                                 abs=0.01)
    finally:
        frame.close()
        frame.deleteLater()


def test_runs_apart_or_in_other_styles_stay_apart(qapp):
    style = 'font-family="Sans Serif" font-size="12" font-weight="400" y="10"'
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg"><g>'
           f'<text x="0" {style}>1</text><text x="40" {style}>10²</text>'
           f'<text x="0" {style.replace("400", "700")} >b</text></g></svg>').encode()
    assert [e.text for e in texts(join_runs(svg, 96))] == ["1", "10²", "b"]
