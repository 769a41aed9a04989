"""`export --all`: every pane of every exercise, at its default inputs, as PNG (and SVG),
with one progress line per pane on stderr, then those of "My expressions" (the window's
workbench expressions, named DIR/my-…-PANE.png; one that cannot be derived is skipped
with a warning). Used to make the README's screenshots."""

from __future__ import annotations

import sys
from pathlib import Path

from explorer import interrupt
from explorer.core import registry
from explorer.core.errors import InputError


def plan(exercises=None) -> list[tuple[object, str]]:
    """(exercise, pane name) for every pane of every exercise, in order."""
    chosen = registry.exercises() if exercises is None else exercises
    return [(ex, pane.name) for ex in chosen for pane in ex.panes]


def derived(expressions, log) -> list:
    """The workbench expressions derived; one that cannot be is said and left out."""
    from explorer.core.workbench.exercise import build

    out = []
    for spec in expressions:
        interrupt.check()
        try:
            out.append(build(spec))
        except InputError as exc:
            print(f"warning: My expressions: {spec.text} skipped: {exc}", file=log)
    return out


def export_all(out_dir, width: int = 1600, svg: bool = False, log=None, expressions=(),
               exercises=None) -> int:
    """Write DIR/ID-PANE.png (and .svg) for every pane; return the exit status (0).
    DIR is created if its parent folder exists."""
    from explorer.ui.export import export_widget

    out = Path(out_dir)
    if not out.is_dir():
        if not out.parent.is_dir() or out.exists():
            raise InputError(f"folder {str(out)!r} does not exist")
        out.mkdir()
    if not 200 <= width <= 10000:
        raise InputError(f"--width must be between 200 and 10000, got {width}")
    log = log or sys.stderr
    chosen = list(registry.exercises() if exercises is None else exercises)
    jobs = plan(chosen + derived(expressions, log))
    digits = len(str(len(jobs)))
    for k, (ex, pane, frame) in enumerate(lone_panes(ex for ex, _pane in jobs), start=1):
        targets = [out / f"{ex.id}-{pane}.png"]
        if svg:
            targets.append(out / f"{ex.id}-{pane}.svg")
        for target in targets:
            interrupt.check()
            export_widget(frame, target, width, f"{ex.heading}: {pane}")
        print(f"[{k:>{digits}}/{len(jobs)}] {ex.id} {pane} → "
              + ", ".join(str(t) for t in targets), file=log, flush=True)
    return 0


def lone_panes(exercises=None):
    """(exercise, pane name, frame) for every pane of the exercises (default: the
    registry's), the frame showing that pane alone at its defaults, laid out at the size
    of a one-pane export (as build_export_widget(..., pane) would make it); the frame is
    reused for the next pane."""
    from explorer.ui.export import PANE_SIZE, build_export_widget, ensure_app

    app = ensure_app()
    for ex in dict.fromkeys(registry.exercises() if exercises is None else exercises):
        interrupt.check()  # between panes: the safe points for Ctrl+C and SIGTERM
        frame, grid = build_export_widget(ex, ex.inputs({}), None)  # one per exercise
        frame.show()  # exporters need a laid-out widget
        try:
            for pane in grid.panes:
                interrupt.check()
                grid.show_only(pane)
                app.processEvents()  # the layouts take the one-pane minimum size first
                frame.resize(PANE_SIZE.width(), PANE_SIZE.height() + 60)
                app.processEvents()
                yield ex, pane, frame
        finally:
            frame.close()
            frame.deleteLater()
            app.processEvents()
