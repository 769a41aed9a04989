"""Play/pause for sliders: sweeps one slider back and forth between its ends."""

from __future__ import annotations

import time

from PySide6 import QtCore

TICK_MS = 33  # ~30 frames a second
SPEEDS = {"0.25×": 0.25, "0.5×": 0.5, "1×": 1.0, "2×": 2.0, "4×": 4.0}
BASE_SWEEP_S = 6.0  # one end to the other at 1×


class SliderPlayer(QtCore.QObject):
    """Drives at most one slider at a time; `playing_changed(slider or None)` tells the
    panel which play button shows pause."""

    playing_changed = QtCore.Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.slider = None
        self.speed = 1.0
        self.direction = 1.0
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self._last = 0.0

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def toggle(self, slider) -> None:
        if self.playing and slider is self.slider:
            self.stop()
        else:
            self.start(slider)

    def start(self, slider) -> None:
        self.slider = slider
        self._last = time.perf_counter()
        self.timer.start()
        self.playing_changed.emit(slider)

    def stop(self) -> None:
        self.timer.stop()
        self.playing_changed.emit(None)

    def tick(self, dt: float | None = None) -> None:
        """Advance by dt seconds (default: the time since the last tick), bouncing at the
        ends of the slider's range."""
        slider = self.slider
        if slider is None:
            return
        now = time.perf_counter()
        dt = (now - self._last) if dt is None else dt
        self._last = now
        lo, hi = slider.minimum(), slider.maximum()
        step = self.direction * self.speed * (hi - lo) * min(dt, 0.25) / BASE_SWEEP_S
        value = slider.value() + step
        if value >= hi or value <= lo:
            self.direction = -self.direction
            value = min(max(value, lo), hi)
        slider.setValue(value)
