"""`python -m explorer export`: a pane or all panes as PNG/SVG/CSV, every exercise at once
(--all), or an animation of a swept parameter (--sweep)."""

from __future__ import annotations

import sys

from explorer.cli import EXIT_OK, _parse_sets


def cmd_export(args) -> int:
    _check_export_combination(args)
    if args.all:
        from explorer.ui.batch_export import export_all

        return export_all(args.out_dir, width=_width(args, 1600), svg=args.svg,
                          expressions=_stored_expressions())
    if args.sweep is not None:
        return _cmd_export_animation(args)
    from pathlib import Path

    from explorer.core.errors import InputError

    ex = _exercise(args)
    inputs = ex.inputs_from_text(_parse_sets(args.set))
    out = Path(args.out)
    suffix = out.suffix.lower()
    width = _width(args, 1600)
    if suffix not in (".png", ".svg", ".csv"):
        raise InputError(f"--out must end in .png, .svg or .csv, got {out.name!r}")
    if args.pane is not None and args.pane not in [p.name for p in ex.panes]:
        names = ", ".join(p.name for p in ex.panes)
        raise InputError(f"{ex.id} has no pane {args.pane!r} (panes: {names})")
    if not 200 <= width <= 10000:
        raise InputError(f"--width must be between 200 and 10000, got {width}")
    if not out.parent.is_dir():
        raise InputError(f"folder {str(out.parent)!r} does not exist")
    if suffix == ".csv":
        from explorer.export_csv import write_csv

        pane = args.pane or (ex.panes[0].name if len(ex.panes) == 1 else None)
        if pane is None:
            raise InputError("CSV holds one pane's data: choose one with --pane")
        write_csv(ex.views(inputs)[pane], out)
    else:
        from explorer.ui.export import export_headless

        export_headless(ex, inputs, out, pane=args.pane, width=width)
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


def _exercise(args):
    """The exercise ID's exercise, or the workbench expression of --expr, derived."""
    from explorer.core import registry

    if args.expr is None:
        return registry.get(args.id)
    from explorer.core.workbench.exercise import Spec, build
    from explorer.core.workbench.names import parse_shape

    return build(Spec.make(args.expr, args.wrt, dict(parse_shape(s) for s in args.shape)))


def _stored_expressions() -> list:
    """The "My expressions" of the window's settings store (what its picker lists)."""
    from explorer.ui.session import default_settings, read_expressions

    specs, problems = read_expressions(default_settings())
    for problem in problems:
        print(f"warning: My expressions: {problem}", file=sys.stderr)
    return specs


def _width(args, default: int) -> int:
    return default if args.width is None else args.width


def _check_export_combination(args) -> None:
    """One line naming the first option that does not fit with the others."""
    from explorer.core.errors import InputError

    if args.all:
        for given, option in ((args.id, "an exercise ID"), (args.expr, "--expr"),
                              (args.out, "--out"),
                              (args.set, "--set"), (args.pane, "--pane"),
                              (args.sweep, "--sweep"), (args.fps, "--fps")):
            if given:
                raise InputError(f"--all exports every exercise at its defaults: drop {option}")
        if not args.out_dir:
            raise InputError("--all needs --out-dir DIR")
        return
    for given, option in ((args.out_dir, "--out-dir"), (args.svg, "--svg")):
        if given:
            raise InputError(f"{option} goes with --all")
    if args.expr is not None and args.id is not None:
        raise InputError("export takes an exercise ID or --expr, not both")
    if args.expr is None and (args.wrt or args.shape):
        raise InputError(f"{'--wrt' if args.wrt else '--shape'} goes with --expr")
    if args.expr is not None and not args.wrt:
        raise InputError("--expr needs --wrt NAME, the variable")
    if args.id is None and args.expr is None:
        raise InputError("export needs an exercise ID, or --expr (or --all --out-dir DIR)")
    if not args.out:
        raise InputError("export needs --out FILE")
    if args.fps is not None and args.sweep is None:
        raise InputError("--fps goes with --sweep")


def _cmd_export_animation(args) -> int:
    from pathlib import Path

    from explorer.core import params as P
    from explorer.core.errors import InputError
    from explorer.core.sweep import parse_sweep

    ex = _exercise(args)
    texts = _parse_sets(args.set)
    ex.inputs_from_text(texts)  # the fixed inputs must be valid on their own
    sweep = parse_sweep(ex, args.sweep)
    if sweep.name in texts:
        raise InputError(f"{sweep.name} is both set (--set) and swept (--sweep)")
    out = Path(args.out)
    if out.suffix.lower() not in (".gif", ".png"):
        raise InputError(f"with --sweep, --out must end in .gif (or .png for numbered frames), "
                         f"got {out.name!r}")
    fps = 12 if args.fps is None else args.fps
    if not 1 <= fps <= 50:
        raise InputError(f"--fps must be between 1 and 50, got {fps}")
    width = _width(args, 800)
    if not 200 <= width <= 10000:
        raise InputError(f"--width must be between 200 and 10000, got {width}")
    from explorer.ui.animation import AnimationRequest, export_animation

    given = {name: P.parse_text(ex.param(name), text) for name, text in texts.items()}
    request = AnimationRequest(ex, given, sweep, out, pane=args.pane, width=width, fps=fps)
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty:
            print(f"\rframe {done}/{total}", end="", file=sys.stderr, flush=True)

    written = export_animation(request, progress=progress)
    if tty:
        print(file=sys.stderr)
    shown = out if len(written) == 1 else f"{written[0]} … {written[-1].name}"
    print(f"wrote {shown} ({sweep.frames} frames)", file=sys.stderr)
    return EXIT_OK
