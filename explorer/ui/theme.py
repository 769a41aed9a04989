"""Colours that read on light and dark backgrounds (Okabe–Ito, colour-blind safe)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtGui, QtWidgets

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
}

# tangent points: vermillion, reddish purple, orange (Okabe–Ito), then olive, wine and
# brown (Paul Tol's muted scheme), lighter on a dark background
TANGENTS_LIGHT = ("#D55E00", "#CC79A7", "#E69F00", "#999933", "#882255", "#8C564B")
TANGENTS_DARK = ("#D55E00", "#CC79A7", "#E69F00", "#DDCC77", "#EE6677", "#C49C94")
TEXT_CONTRAST = 4.5  # WCAG AA for normal text


def luminance(colour) -> float:
    """WCAG relative luminance of a colour (0 black … 1 white)."""
    c = QtGui.QColor(colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF()))


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours (1 … 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(colour, background, ratio: float = TEXT_CONTRAST) -> str:
    """`colour`, its lightness moved away from the background's in small steps (hue and
    saturation kept) until it reaches `ratio` of contrast with it, as #rrggbb."""
    c = QtGui.QColor(colour)
    towards_dark = luminance(background) > 0.18
    h, s, lightness, _ = c.getHslF()
    h = max(h, 0.0)  # (-1 for a grey)
    while contrast(c, background) < ratio and 0.0 < lightness < 1.0:
        lightness = max(0.0, lightness - 0.02) if towards_dark else min(1.0, lightness + 0.02)
        c = QtGui.QColor.fromHslF(h, s, lightness)
    return c.name()


@dataclass(frozen=True)
class Theme:
    background: str
    foreground: str
    grid_alpha: float
    dark: bool

    # role → colour of curves and markers
    def color(self, role: str) -> str:
        return {
            "f": OKABE_ITO["blue"] if not self.dark else OKABE_ITO["sky"],
            "df": OKABE_ITO["green"],
            "tangent": OKABE_ITO["vermillion"],
            "point": OKABE_ITO["vermillion"],
            "feature": OKABE_ITO["purple"],
            "hole": self.foreground,
            "error": OKABE_ITO["orange"],
            "aux": "#888888",
        }.get(role, self.foreground)

    def tangent(self, order: int) -> str:
        """Colour of the order-th tangent point (0: the main one): six apart from each
        other and from f's and f′'s colours."""
        cycle = TANGENTS_DARK if self.dark else TANGENTS_LIGHT
        return cycle[order % len(cycle)]

    @property
    def muted(self) -> str:
        """Grey text (tick numbers) that still reads on the background."""
        return readable("#8a8a8a", self.background)

    def text(self, colour: str) -> str:
        """`colour` made dark or light enough to be read as text on the background."""
        return readable(colour, self.background)

    def sequence(self, k: int, count: int) -> QtGui.QColor:
        """k-th of `count` colours along a perceptually ordered ramp (viridis-like)."""
        import pyqtgraph as pg

        cmap = pg.colormap.get("viridis") if not self.dark else pg.colormap.get("plasma")
        pos = 0.1 + 0.8 * (k / max(count - 1, 1))
        return cmap.map(pos, mode="qcolor")


LIGHT = Theme(background="#ffffff", foreground="#202020", grid_alpha=0.25, dark=False)
DARK = Theme(background="#1e1f22", foreground="#e6e6e6", grid_alpha=0.3, dark=True)


def from_palette(app: QtWidgets.QApplication | None = None) -> Theme:
    """LIGHT or DARK to match the application's palette (the system's light/dark mode)."""
    app = app or QtWidgets.QApplication.instance()
    if app is None:
        return LIGHT
    window = app.palette().color(QtGui.QPalette.ColorRole.Window)
    return DARK if window.lightness() < 128 else LIGHT
