"""One SVG <text> element per line of a label.

Qt lays a line of text out in runs of one script each and its SVG generator writes one
<text> per run, each at its own x: "dg/dω" became "dg/d" and "ω". A viewer whose font is
not the one Qt measured with then puts the ω too far from (or onto) the "d". Here the runs
of one line, written one after the other at the same y in the same style, each starting
where the one before ends, are joined into one element that the viewer lays out itself."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6 import QtGui

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
TEXT = f"{{{SVG}}}text"
JOIN_TOLERANCE = 0.3  # of the font size: how far a run may start from the end of the last


def _advance(text: str, element: ET.Element, dpi: float) -> float:
    """The width Qt gives `text` in the element's font (its size in pixels at `dpi`, the
    resolution the text was laid out at), in the SVG's units. (Measured at that size:
    glyphs from fallback fonts do not scale in proportion.)"""
    font = QtGui.QFont(element.get("font-family", "Sans Serif"))
    font.setPointSizeF(float(element.get("font-size", "12")) * 72 / dpi)
    font.setWeight(QtGui.QFont.Weight(int(element.get("font-weight", "400"))))
    font.setItalic(element.get("font-style") == "italic")
    return QtGui.QFontMetricsF(font).horizontalAdvance(text)


def _continues(before: ET.Element, run: ET.Element, dpi: float) -> bool:
    """Whether `run` is the next run of the line `before` is on."""
    same = {k: v for k, v in before.attrib.items() if k != "x"}
    if {k: v for k, v in run.attrib.items() if k != "x"} != same or len(before) or len(run):
        return False
    try:
        x0, x1, size = float(before.get("x")), float(run.get("x")), float(run.get("font-size"))
    except (TypeError, ValueError):
        return False
    return abs(x0 + _advance(before.text or "", before, dpi) - x1) <= JOIN_TOLERANCE * size


def join_runs(data: bytes, dpi: float) -> bytes:
    """The SVG document `data` with the runs of each line of text joined; its font sizes
    are pixels of text laid out at `dpi` (the screen's logical resolution)."""
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    root = ET.fromstring(data)
    for parent in root.iter():
        children = list(parent)
        line = None  # the <text> the next run may continue
        for child in children:
            if child.tag != TEXT:
                line = None
            elif (line is not None and not (line.tail or "").strip()
                  and _continues(line, child, dpi)):
                line.text = (line.text or "") + (child.text or "")
                line.tail = child.tail
                parent.remove(child)
            else:
                line = child
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)
