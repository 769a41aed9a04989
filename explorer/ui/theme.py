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
        """Colour of the order-th tangent point (0: the main one)."""
        cycle = ["vermillion", "purple", "orange", "blue" if not self.dark else "sky", "green"]
        return OKABE_ITO[cycle[order % len(cycle)]]

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
