"""The yardstick of the bench's speed target: 5.1's update drawn with matplotlib.

Draws 5.1's two panes (f with the tangent and the point; f′ with the point) with
matplotlib's Agg canvas at the size the app gives them, and times a full redraw for each
of 200 values of x, as `python -m explorer bench` does for the app. The bench runs it too
(`redraw_times`), as the yardstick its speed targets are fractions of. matplotlib is not a
dependency of the app (it is one of the `test` extra): install it into any environment
that has the app's core, e.g.

    .venv/bin/pip install matplotlib && .venv/bin/python scripts/compare_matplotlib.py
"""

from __future__ import annotations

import time

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # (after choosing the backend)

from explorer.core import registry

PANES_PX = (764, 811)  # the app's pane column at its default window size, 1500×860


def redraw_times(count: int = 200) -> list[float]:
    """Milliseconds of each of `count` full redraws, x sweeping its slider's range."""
    exercise = registry.get("5.1")
    v = exercise.resolve({})
    xs = exercise.grid(v)
    param = exercise.param("x")
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(PANES_PX[0] / 100, PANES_PX[1] / 100),
                                      dpi=100)
    top.plot(xs, exercise.f(xs, v), lw=2.5)
    bottom.plot(xs, exercise.df(xs, v), lw=2.5)
    tangent, = top.plot([], [], lw=2.5)
    point, = top.plot([], [], "o")
    slope_point, = bottom.plot([], [], "o")
    for axes, label in ((top, "f(x)"), (bottom, "f′(x)")):
        axes.grid(True, alpha=0.3)
        axes.set_xlabel("x")
        axes.set_ylabel(label)
    fig.canvas.draw()
    samples = []
    for x in np.linspace(param.lo, param.hi, count):
        started = time.perf_counter()
        line_x, line_y, value, slope = exercise.tangent(float(x), v)
        tangent.set_data(line_x, line_y)
        point.set_data([x], [value])
        slope_point.set_data([x], [slope])
        top.set_title(f"f(x) and its tangent at x = {x:.3g}")
        fig.canvas.draw()
        samples.append((time.perf_counter() - started) * 1000)
    plt.close(fig)
    return samples


def main() -> None:
    samples = redraw_times()
    print(f"matplotlib, 5.1's two panes: median {np.median(samples):.1f} ms, "
          f"p95 {np.percentile(samples, 95):.1f} ms")


if __name__ == "__main__":
    main()
