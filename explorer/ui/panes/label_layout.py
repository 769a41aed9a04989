"""Where the labels beside a plot's points go, so that they neither overlap each other nor
a legend, nor reach past the plot's edge (where they were cut off); and which corner a
legend takes so that it covers none of the points.

All in scene pixels: a label is a box of a given size that belongs to a point."""

from __future__ import annotations

from PySide6 import QtCore

GAP = 6.0  # px between a point and its label's box, and between stacked boxes
MAX_STACK = 8  # boxes tried above and below a point before the least-overlapping is taken


def _overlap(a: QtCore.QRectF, b: QtCore.QRectF) -> float:
    both = a.intersected(b)
    return max(both.width(), 0.0) * max(both.height(), 0.0)


def _inside(box: QtCore.QRectF, bounds: QtCore.QRectF) -> QtCore.QRectF:
    """`box` shifted (not shrunk) into `bounds`, as far as it fits."""
    x = min(max(box.left(), bounds.left()), bounds.right() - box.width())
    y = min(max(box.top(), bounds.top()), bounds.bottom() - box.height())
    return QtCore.QRectF(max(x, bounds.left()), max(y, bounds.top()), box.width(),
                         box.height())


def _candidates(point: QtCore.QPointF, size: QtCore.QSizeF):
    """Boxes beside the point, nearest first: above right, above left, below right,
    below left, then further up and down in steps of a box's height."""
    w, h = size.width(), size.height()
    right, left = point.x() + GAP, point.x() - GAP - w
    for step in range(MAX_STACK):
        up = point.y() - GAP - h - step * (h + GAP / 2)
        down = point.y() + GAP + step * (h + GAP / 2)
        for x, y in ((right, up), (left, up), (right, down), (left, down)):
            yield QtCore.QRectF(x, y, w, h)


def place_boxes(points: list[QtCore.QPointF], sizes: list[QtCore.QSizeF],
                bounds: QtCore.QRectF, avoid: list[QtCore.QRectF]) -> list[QtCore.QRectF | None]:
    """A box per point, in order (the first label gets the nearest free place), inside
    `bounds` and clear of `avoid` and of the boxes placed before it; None for a label
    with no such place (the first one is placed anyway, where it overlaps least)."""
    placed: list[QtCore.QRectF | None] = []
    for k, (point, size) in enumerate(zip(points, sizes, strict=True)):
        best, best_cost = None, float("inf")
        for box in _candidates(point, size):
            box = _inside(box, bounds)
            cost = sum(_overlap(box, other)
                       for other in (*avoid, *(b for b in placed if b is not None)))
            if cost < best_cost:
                best, best_cost = box, cost
                if cost == 0:
                    break
        placed.append(best if best_cost == 0 or k == 0 else None)
    return placed


# (item's corner, view's corner, offset in px): top left, top right, bottom left, right
CORNERS = (((0, 0), (0, 0), (10, 10)), ((1, 0), (1, 0), (-10, 10)),
           ((0, 1), (0, 1), (10, -10)), ((1, 1), (1, 1), (-10, -10)))


def corner_for(size: QtCore.QSizeF, bounds: QtCore.QRectF,
               points: list[QtCore.QPointF]) -> int:
    """The index in CORNERS of the first corner whose box of `size` holds the fewest of
    `points` (top left when none does)."""
    def holds(k: int) -> int:
        (ix, iy), _, (dx, dy) = CORNERS[k]
        x = bounds.left() + dx if ix == 0 else bounds.right() + dx - size.width()
        y = bounds.top() + dy if iy == 0 else bounds.bottom() + dy - size.height()
        box = QtCore.QRectF(x, y, size.width(), size.height()).adjusted(-GAP, -GAP, GAP, GAP)
        return sum(box.contains(p) for p in points)

    return min(range(len(CORNERS)), key=holds)
