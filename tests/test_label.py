"""The panes' label (explorer.ui.panes.label.Label): new text still applies, unchanged
text costs nothing, new plain text looks as if typeset again, the width holds while
numbers change, and long titles wrap instead of widening their plot."""

import pyqtgraph as pg
import pytest
from pane_widgets import shown_plot
from PySide6 import QtCore, QtWidgets

from explorer.ui.panes import label as label_module
from explorer.ui.panes.label import Label, add_label, shown_text
from explorer.ui.panes.pixmap_cache import CACHE


def test_label_text_changes_still_apply(qtbot):
    widget, _plot = shown_plot(qtbot)
    label = add_label(widget.ci, "one", row=1, col=0)
    label.setText("one")
    label.setText("two", color="#ff0000")
    assert label.text == "two" and "two" in label.item.toHtml()
    label.setAttr("size", "20pt")  # an option changed behind setText's back
    label.setText("two")
    assert "20pt" in label.item.toHtml()


def test_the_same_text_is_not_typeset_again(qtbot, monkeypatch):
    widget, _plot = shown_plot(qtbot)
    label = add_label(widget.ci, "x = 1", row=1, col=0, size="10pt")
    typeset = []
    real = label.item.setHtml
    monkeypatch.setattr(label.item, "setHtml", lambda h: typeset.append(h) or real(h))
    label.setText("x = 1")
    assert typeset == []
    label.setText("<b>x</b> = 2")  # markup: typeset
    assert len(typeset) == 1


def test_titles_and_labels_draw_from_a_pixmap(qtbot):
    widget, plot = shown_plot(qtbot)
    label = add_label(widget.ci, "readout", row=1, col=0)
    assert isinstance(plot.titleLabel, Label)
    assert plot.titleLabel.item.cacheMode() == CACHE == label.item.cacheMode()


def _asked_width(label) -> float:
    return label.effectiveSizeHint(QtCore.Qt.SizeHint.PreferredSize).width()


def test_labels_keep_their_width_while_numbers_change(qtbot):
    widget, _plot = shown_plot(qtbot)
    label = add_label(widget.ci, "Var m: 1.38", row=1, col=0)
    first = _asked_width(label)
    assert first == label.item.boundingRect().width()  # a new text asks for what it needs
    label.setText("Var m: 1.4")  # a little narrower: the label keeps its width
    assert label.item.boundingRect().width() < first and _asked_width(label) == first
    label.setText("Var m: 1.38 · Var ω: 3.09")  # wider: the label grows
    wide = _asked_width(label)
    assert wide == label.item.boundingRect().width() > first
    label.setText("m")  # much narrower: the label shrinks to it
    assert _asked_width(label) == label.item.boundingRect().width() < first


def _settle():
    for _ in range(3):
        QtWidgets.QApplication.processEvents()


def test_a_long_title_wraps_instead_of_widening_its_plot(qtbot):
    """A title wider than its pane takes more lines; the plot (and a colour bar beside
    it) stays inside the view instead of being cut off at its edge."""
    widget, plot = shown_plot(qtbot)
    bar = pg.ColorBarItem(values=(-1, 1), interactive=False)
    widget.addItem(bar, row=0, col=1)
    words = "a title far longer than the two hundred pixels this pane has room for"
    plot.setTitle(words, size="11pt")
    widget.resize(260, 300)
    _settle()
    room = widget.viewport().width()
    need = widget.ci.effectiveSizeHint(QtCore.Qt.SizeHint.MinimumSize).width()
    assert need <= room
    title = plot.titleLabel
    assert 0 < title.item.textWidth() <= title.width() + 0.5  # wrapped to its room
    lines = title.item.boundingRect().height() / title.item.document().firstBlock() \
        .layout().lineAt(0).height()
    assert lines >= 2
    # the title row grew to hold the lines (pyqtgraph fixes it at 30 px), and the view
    # box starts below them
    assert title.geometry().height() >= title.item.boundingRect().height() - 0.5 > 30
    assert plot.vb.geometry().top() >= title.geometry().bottom() - 0.5
    assert bar.mapRectToScene(bar.boundingRect()).right() <= room + 0.5
    for width in (250, 235):  # narrower, with as many lines: the lines stay centred
        widget.resize(width, 300)
        _settle()
        assert abs(title.itemRect().center().x() - title.rect().center().x()) < 0.5
    widget.resize(900, 300)  # room again: one line
    _settle()
    assert title.item.textWidth() == -1


@pytest.mark.parametrize("width", [420, 150])  # 150: the label wraps onto more lines
@pytest.mark.parametrize("style", [{"size": "10pt", "color": "#335577"},
                                   {"size": "11pt", "color": "#202020", "bold": True}])
def test_new_plain_label_text_looks_as_if_typeset_again(qtbot, monkeypatch, width, style):
    """New plain text replaces the old in the label's document (keeping its format): the
    label must look, measure and read exactly as when the HTML is typeset."""

    def labelled(texts):
        widget = pg.GraphicsLayoutWidget()
        qtbot.addWidget(widget)
        widget.resize(width, 160)
        label = add_label(widget.ci, " ", row=0, col=0)
        widget.addPlot(row=1, col=0)
        widget.show()
        qtbot.waitExposed(widget)
        for text in texts:
            label.setText(text, **style)
            QtWidgets.QApplication.processEvents()
        return widget, label

    cases = (["x = 1", "x = 2"],  # the same width: the old text's pixmap must go
             ["Var m: 1.38<br>Var ω: 3.09", "Var m: 1.39<br>Var ω: 3.08"],
             ["g(X) = tr(AXB) = -0.7037", "g(X) = tr(AXB) = 12.5"],
             ["Var m: 1.38 · Var ω: 3.09", "∂f/∂z ∈ ℝ²ˣ², trace = 0.7501 and more words",
              "short"],
             ["finite diff. ✓<br>error &lt; 1e-09", "finite diff. ✗<br>error 2.5e-3 &amp; more"])
    updated = [labelled(texts) for texts in cases]
    monkeypatch.setattr(label_module, "shown_text", lambda html: None)  # always typeset
    typeset = [labelled(texts) for texts in cases]
    for (widget, label), (widget_t, label_t) in zip(updated, typeset, strict=True):
        assert label.item.toPlainText() == label_t.item.toPlainText()
        assert label.item.toHtml() == label_t.item.toHtml()
        assert label._sizeHint == label_t._sizeHint
        assert label.item.pos() == label_t.item.pos()
        assert widget.grab().toImage() == widget_t.grab().toImage()
        assert label.item.document().availableUndoSteps() == 0  # no edit history kept


def test_only_text_html_would_show_unchanged_skips_typesetting():
    """Markup, unknown entities and whitespace HTML collapses are typeset; line breaks
    and the three escaped characters are text."""
    assert shown_text("x = 1.5, y = 2") == "x = 1.5, y = 2"
    assert shown_text("finite diff. ✓<br>error &lt; 1e-09") == \
        "finite diff. ✓\u2028error < 1e-09"
    assert shown_text("a &amp;lt; b") == "a &lt; b"
    for html in ("<b>a</b>", "a &nbsp; b", "a & b", "two  spaces", " lead", "", "a\nb",
                 "a<br><br>b", "a <br>b", None):
        assert shown_text(html) is None
