"""Command line: `python -m explorer [SUBCOMMAND]`. Without a sub-command it opens the GUI.

Heavy modules (SymPy, Qt) are imported inside the commands that need them."""

from __future__ import annotations

import argparse
import json
import os
import sys

from explorer import __version__
from explorer.process_tuning import tune_process

EXIT_OK, EXIT_BAD_INPUT = 0, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a program killed by it


class _Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and one line (no usage dump) on bad arguments."""

    def error(self, message):
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _parse_sets(pairs: list[str]) -> dict[str, str]:
    from explorer.core.errors import InputError

    texts: dict[str, str] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(f"--set expects NAME=VALUE, got {pair[:40]!r}")
        if name in texts:
            raise InputError(f"parameter {name!r} is set twice")
        texts[name] = text.strip()
    return texts


def _gather_sets(argv: list[str]) -> tuple[list[str], list[str]]:
    """Take every `--set VALUE` / `--set=VALUE` after the first out of `argv` and return
    their values: argparse's time grows with the square of the number of options, and a
    script may pass thousands. The first stays, so argparse still refuses `--set` where a
    command takes none. Nothing after `--` is touched."""
    kept: list[str] = []
    values: list[str] = []
    seen = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            kept.extend(argv[i:])
            break
        if arg.startswith("--set="):
            value, width = arg[len("--set="):], 1
        elif arg == "--set" and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            value, width = argv[i + 1], 2
        else:
            kept.append(arg)
            i += 1
            continue
        if seen:
            values.append(value)
        else:
            kept.extend(argv[i:i + width])
            seen = True
        i += width
    return kept, values


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m explorer",
        description="Vector Calculus Explorer: the derivatives of Mathematics for Machine "
        "Learning, chapter 5, made visible. Without a sub-command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--exercise", metavar="ID", help="open the window at this exercise")
    parser.add_argument(
        "--screenshot", metavar="FILE.png",
        help="open the window, save a screenshot of it to FILE.png once painted, and quit",
    )
    parser.add_argument("--reset", action="store_true",
                        help="open the window from a clean state: forget the remembered "
                        "exercise, parameters and layout")
    parser.add_argument("--theme", choices=("system", "light", "dark"),
                        help="open the window in this theme (remembered, as View → Theme)")
    parser.add_argument("--session", metavar="FILE",
                        help="open the window with this session file (File → Save session)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p_list = sub.add_parser("list", help="list every exercise with its panes and parameters")
    p_list.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p_eval = sub.add_parser("evaluate", help="print f and its derivative at the inputs as JSON")
    p_eval.add_argument("id", metavar="ID", help="exercise id, e.g. 5.1 or 5.5-f3")
    p_eval.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="an input; JSON for vectors/matrices, e.g. x=[1,2] (repeatable)")

    p_exp = sub.add_parser(
        "export", help="render an exercise's panes to PNG, SVG or CSV, an animation to GIF, "
        "or every pane of every exercise (--all)")
    p_exp.add_argument("id", metavar="ID", nargs="?", help="exercise id (not with --all)")
    p_exp.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                       help="an input, as for evaluate (repeatable)")
    p_exp.add_argument("--pane", metavar="NAME",
                       help="export only this pane (names: see `list`); default: all panes")
    p_exp.add_argument("--out", metavar="FILE",
                       help="output file ending .png, .svg or .csv (CSV needs --pane or a "
                       "single-pane exercise); with --sweep .gif, or .png for FILE_0001.png …")
    p_exp.add_argument("--width", type=int, default=None,
                       help="image width in pixels (default 1600; 800 for an animation)")
    p_exp.add_argument("--sweep", metavar="NAME=START:STOP:FRAMES",
                       help="animate: sweep a scalar or integer parameter, e.g. x=-2:2:40 "
                       "(2 ≤ FRAMES ≤ 600)")
    p_exp.add_argument("--fps", type=int, default=None,
                       help="frames per second of the GIF (with --sweep; default 12)")
    p_exp.add_argument("--all", action="store_true",
                       help="write every pane of every exercise, at its defaults, to --out-dir")
    p_exp.add_argument("--out-dir", metavar="DIR", help="the folder for --all")
    p_exp.add_argument("--svg", action="store_true", help="with --all, also write SVG")
    p_exp.add_argument("--expr", metavar="EXPR",
                       help="export a workbench expression instead of an exercise (with "
                       "--wrt, and --shape as for derive); --all also writes My expressions")
    p_exp.add_argument("--wrt", metavar="NAME", help="with --expr: the variable")
    p_exp.add_argument("--shape", action="append", default=[], metavar="NAME=SPEC",
                       help="with --expr: a size, x=4 or A=2x4 (repeatable)")

    p_check = sub.add_parser(
        "check", help="check a typed derivative; prints a JSON verdict, exits 0 correct, "
        "1 wrong, 2 invalid")
    p_check.add_argument("id", metavar="ID", help="exercise id, e.g. 5.7b")
    p_check.add_argument("--target", metavar="NAME",
                         help="what ANSWER is checked as: the derivative (the default), or "
                         "for 5.4 taylor, Tₙ(x) at the book's n = 5 and x₀ = 0 or at those "
                         "given with --set n=… --set x0=… (before ANSWER)")
    p_check.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                         help="an input the target holds, e.g. n=3 (repeatable)")
    # Everything after the ID is the answer, even when it starts with "-" (a minus sign).
    p_check.add_argument("answer", metavar="ANSWER", nargs=argparse.REMAINDER,
                         help="the derivative, e.g. 'diag(cos(A@x+b))@A' (vectors are "
                         "columns, .T transposes, @ is the matrix product, ^ a power; "
                         "an answer may start with -); - reads it from standard input")
    p_derive = sub.add_parser(
        "derive", help="derive an expression of vectors and matrices symbolically, in "
        "numerator layout, with steps and a numerical check; exits 0, 1 if the check "
        "fails, 2 on bad input")
    _workbench_arguments(p_derive)
    p_derive.add_argument("--wrt", metavar="NAME", required=True,
                          help="the name to differentiate with respect to")
    p_derive.add_argument("--json", action="store_true", help="print one JSON object")
    p_derive.add_argument("--numpy", action="store_true",
                          help="print a standalone NumPy function of the derivative")
    p_calc = sub.add_parser("calc", help="evaluate an expression of vectors and matrices")
    _workbench_arguments(p_calc)
    p_calc.add_argument("--json", action="store_true", help="print one JSON object")
    p_bench = sub.add_parser(
        "bench", help="measure update, slice-change, start-up and evaluate times, headless")
    p_bench.add_argument("--json", action="store_true", help="print one JSON object")
    p_bench.add_argument("--quick", action="store_true",
                         help="short sweeps and single runs (a smoke check, not a measurement)")
    return parser


def _expression_may_start_with_minus(argv: list[str] | None) -> list[str]:
    """`derive -x.T@x …`: an expression right after derive/calc that starts with a minus
    sign is not an option (a leading space, which the parser ignores, tells argparse)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) > 1 and argv[0] in ("derive", "calc") and argv[1].startswith("-") \
            and not argv[1].startswith("--") and argv[1] != "-h":
        argv[1] = " " + argv[1]
    return argv


def _workbench_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("expression", metavar="EXPR",
                   help="e.g. 'x.T@A@x' (the answer syntax, with sum norm1 norm2 det logdet "
                   "relu); a–g are scalars, h–z column vectors, A–Z matrices")
    p.add_argument("--shape", action="append", default=[], metavar="NAME=SPEC",
                   help="a size: x=4 (a vector), A=2x4 (a matrix), a=1 (a scalar); "
                   "default 3 and 3×3 (repeatable)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="a value, JSON: a=2, x=[1,2,3], A=[[1,2],[3,4]]; names not set "
                   "are drawn from --seed (repeatable)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random inputs")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; `argv` None means this is the program (sys.argv)."""
    try:
        status = _main(argv)
    except KeyboardInterrupt:  # Ctrl+C before the command's own handlers were installed
        status = 130
    if argv is None and (status in (130, 143) or _background_busy()):
        _leave_now(status)
    return status


def _background_busy() -> bool:
    """The window left a cancelled step running: the interpreter would wait for it."""
    background = sys.modules.get("explorer.ui.background")
    return background is not None and background.busy()


def _leave_now(status: int) -> None:
    """Exit at once after a signal: whatever needed cleaning was cleaned on the way out,
    and the interpreter's teardown of Qt, pyqtgraph and SymPy objects takes up to a
    second more."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def _main(argv: list[str] | None) -> int:
    import warnings

    from explorer import interrupt

    tune_process()  # before NumPy is first imported
    argv, more_sets = _gather_sets(_expression_may_start_with_minus(argv))
    args = build_parser().parse_args(argv)
    if getattr(args, "set", None) is not None:
        args.set.extend(more_sets)
    if args.command is None:
        from explorer.ui.app import run

        return _reporting_errors(
            lambda: run(exercise_id=args.exercise, screenshot=args.screenshot,
                        reset=args.reset, session=args.session, theme=args.theme))
    from explorer.cli_export import cmd_export

    command = {"list": _cmd_list, "evaluate": _cmd_evaluate, "export": cmd_export,
               "check": _cmd_check, "derive": _cmd_derive, "calc": _cmd_calc,
               "bench": _cmd_bench}[args.command]
    def work() -> int:
        _import_heavy(args.command)
        return command(args)

    with interrupt.handled():
        try:
            with warnings.catch_warnings():
                if os.environ.get("EXPLORER_DEBUG") != "1":
                    warnings.simplefilter("ignore")  # not the user's to act on
                status = _reporting_errors(work)
        except interrupt.Interrupted as exc:
            return exc.status
        return interrupt.pending_status() or status


# C extensions whose import a signal must not interrupt (SymPy is pure Python: a signal
# there raises Interrupted like anywhere else, and most commands never import it)
_HEAVY = ("numpy",)
_HEAVY_QT = ("PySide6.QtWidgets", "PySide6.QtSvg", "pyqtgraph", "PIL.Image",
             "explorer.ui.export", "explorer.ui.pane_grid")


def _import_heavy(command: str) -> None:
    """Import the big libraries one at a time with signals held (Ctrl+C inside a C
    extension's import, shiboken's for one, ends the process with status 255 and a
    message), checking for a signal between them."""
    import importlib

    from explorer import interrupt

    for name in _HEAVY + (_HEAVY_QT if command == "export" else ()):
        with interrupt.deferred():
            importlib.import_module(name)
        interrupt.check()


def _reporting_errors(work) -> int:
    """work()'s exit status; every failure is one line on stderr."""
    from explorer import interrupt
    from explorer.core.errors import InputError

    try:
        return work()
    except (interrupt.Interrupted, KeyboardInterrupt):
        raise
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # the reader stopped early (`| head`): nothing to report
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the final flush has nowhere to fail
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: one clear line, never a traceback (unless debugging)
        if interrupt.pending_status():
            raise interrupt.Interrupted(interrupt.pending_status() - 128) from None
        if os.environ.get("EXPLORER_DEBUG") == "1":
            raise
        message = " ".join(str(exc).split())[:300]
        print(f"error: internal error: {type(exc).__name__}: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _cmd_list(args) -> int:
    from explorer.core import registry

    items = registry.describe_all()
    for problem in registry.problems():  # a broken plugin: said, and left out
        print(f"warning: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps(items, indent=1, ensure_ascii=False))
        return EXIT_OK
    for item in items:
        print(f"{item['id']:<8} {item['title']}")
        print("         panes: " + ", ".join(p["name"] for p in item["panes"]))
        for p in item["parameters"]:
            if p["kind"] in ("scalar", "int"):
                rng = f"{p['min']}..{p['max']}, default {p['default']}"
            else:
                dims = "×".join(str(d) for d in p["shape"])
                rng = f"{p['kind']} {dims}, default " + (
                    "seeded draw" if p["default"] is None else json.dumps(p["default"]))
            print(f"         {p['name']:<6} {rng}  {p['help']}")
    return EXIT_OK


def _exercise_and_inputs(args):
    from explorer.core import registry

    ex = registry.get(args.id)
    return ex, ex.inputs_from_text(_parse_sets(args.set))


def _cmd_evaluate(args) -> int:
    ex, inputs = _exercise_and_inputs(args)
    print(json.dumps(ex.evaluate(inputs)))
    return EXIT_OK


def _cmd_check(args) -> int:
    from explorer.core import expr
    from explorer.core.check import EXIT_CODES, check_answer
    from explorer.core.errors import InputError

    words = _check_options(args)
    if not words:
        raise InputError("check needs an ANSWER after the exercise ID")
    text = " ".join(words)
    if text == "-":  # bounded read: anything longer is refused by the parser anyway
        text = sys.stdin.read(expr.MAX_LENGTH + 1).strip()
    held = None
    if args.set:
        from explorer.core import params as P
        from explorer.core import registry

        ex = registry.get(args.id)
        held = {name: P.parse_text(ex.param(name), value)
                for name, value in _parse_sets(args.set).items()}
    verdict = check_answer(args.id, text, target=args.target, held=held)
    print(json.dumps(verdict, ensure_ascii=False))
    if verdict["verdict"] == "invalid":
        print(f"error: {verdict['reason']}", file=sys.stderr)
    return EXIT_CODES[verdict["verdict"]]


def _check_options(args) -> list[str]:
    """The answer's words, after taking --target and --set given between the ID and the
    answer out of them (the answer takes every word after the ID: it may start with -)."""
    words = list(args.answer)
    while words and words[0].split("=", 1)[0] in ("--target", "--set"):
        name, sep, value = words.pop(0).partition("=")
        if not sep:
            if not words:
                break
            value = words.pop(0)
        if name == "--target":
            args.target = value
        else:
            args.set.append(value)
    return words


def _workbench_inputs(args) -> tuple[dict, dict]:
    from explorer.core.errors import InputError
    from explorer.core.workbench.names import parse_shape, parse_value

    shapes: dict = {}
    for spec in args.shape:
        name, shape = parse_shape(spec)
        if name in shapes:
            raise InputError(f"--shape {name} is given twice")
        shapes[name] = shape
    values = {name: parse_value(name, text) for name, text in _parse_sets(args.set).items()}
    return shapes, values


def _cmd_derive(args) -> int:
    from explorer.core.workbench import derive

    shapes, values = _workbench_inputs(args)
    result = derive(args.expression, args.wrt, shapes, values, seed=args.seed)
    if args.numpy:
        print(result.numpy_source(), end="")
    elif args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print(_derivation_text(result.as_json()))
    if not result.check.ok:
        print(f"error: the numerical check failed (max error {result.check.max_abs_error:.3g})",
              file=sys.stderr)
        return 1
    return EXIT_OK


def _derivation_text(out: dict) -> str:
    dims = "×".join(map(str, out["shape"])) or "scalar"
    lines = [f"f = {out['expression']}    ∂f/∂{out['wrt']}: {dims}"]
    for s in out["steps"]:
        lines.append(f"  {s['mark']} {s['formula']}    [{s['rule']}]")
    if "derivative_expr" in out:
        lines.append(f"∂f/∂{out['wrt']} = {out['derivative_expr']}")
    if "slice_expr" in out and "derivative_expr" not in out:
        lines.append(f"slice with {out['slice_unit']['name']}: {out['slice_expr']}")
    c = out["check"]
    lines.append(f"{'✓' if c['ok'] else '✗ FAILED'} central differences at {c['points']} "
                 f"point(s): max error {c['max_abs_error']:.2g}")
    return "\n".join(lines)


def _cmd_calc(args) -> int:
    from explorer.core.workbench import calc

    shapes, values = _workbench_inputs(args)
    out = calc(args.expression, shapes, values, seed=args.seed)
    print(json.dumps(out) if args.json else json.dumps(out["value"]))
    return EXIT_OK


def _cmd_bench(args) -> int:
    from explorer import bench

    return bench.main(quick=args.quick, as_json=args.json)
