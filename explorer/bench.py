"""`python -m explorer bench`: how fast the app answers, measured headless (Qt's offscreen
platform) on the real window.

update_ms   the real `MainWindow`, one exercise at a time: each sample sets the exercise's
            `main_param` (a scalar sweeps its slider range, a vector or matrix entry its
            default ± 1) with `state.set`, as a slider does, runs `refresh()` (views
            recomputed, panes and widgets updated in place), processes events (the
            repaint of what changed) and then repaints any pane not painted yet, so that
            every pane is painted in every sample. `refresh()` draws at once a change
            the window's drag throttle holds back, so every sample is one whole update
            plus paint.
large       the same at large sizes: 5.9 with E = 2 and N = 10⁵ samples (sweeping m[0]),
            and 5.5-f3's slice change at n = 1000 (from `cube`).
cube        5.5-f3 at n = 10, 100, 1000, each in a fresh process: the same for the slice
            index k, and the process's peak resident memory.
yardstick_ms  matplotlib's redraw of 5.1's two panes (scripts/compare_matplotlib.py), in
            fresh processes before and after the app's sweeps, pooled: the targets are
            fractions of its median Y, so that the machine's drift cancels. Absent when
            matplotlib is not installed.
startup_s   process start → the main window's first paint finished, fresh processes.
evaluate_s  wall time of `python -m explorer evaluate 5.7b`.
workbench   update_ms for a workbench expression in the window (WORKBENCH: dragging X[0,0]),
            held to the same targets as the exercises.
derive      the matrix-calculus workbench on DERIVE_EXPRESSION (30 nodes) w.r.t. w:
            `derive()` inside the process (parse, differentials, formula, steps and the
            numerical check; ms, after a first call) and the whole command (s).
"""

from __future__ import annotations

import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

import numpy as np

from explorer.bench_measure import (
    _app,
    _as_the_app_runs,
    _open,
    _stats,
    _timed_changes,
    _values,
)

CUBE_SIZES = (10, 100, 1000)
# Speed targets as divisors of the yardstick's median Y: a time t meets "Y/8" if t ≤ Y/8.
TARGETS = {"update_median": 8, "update_p95": 4,  # every exercise at its default sizes
           "slow_update_median": 3, "slow_update_p95": 2,  # ... except these
           "large_p95": {"5.9": 2, "5.5-f3": 4},
           "rss_mb": 400.0, "startup_s": 1.5, "evaluate_s": 1.5,
           "derive_ms": 300.0, "derive_s": 1.5}
SLOW = ("5.9",)  # exercises held to the slow targets
LARGE_5_9 = {"E": 2, "samples": 100_000}
DERIVE_EXPRESSION = ("sum(log(exp(y*(X@w)) + 1)) + c*norm2(w)^2 + tr(A@outer(w, w))"
                     " - sigmoid(v.T@w)")
DERIVE_ARGS = ["--wrt", "w", "--shape", "X=5x3", "--shape", "y=5"]
READY = "BENCH-PAINTED"
WORKBENCH = ("tr(A@X.T@B@X@C)", "X")



def measure_updates(count: int, ids=None) -> dict:
    from explorer.core import registry
    from explorer.ui.main_window import MainWindow

    app = _app()
    window = MainWindow(registry.ids()[0])
    _as_the_app_runs(window)
    window.show()
    app.processEvents()
    out = {}
    try:
        for exercise_id in ids or registry.ids():
            _open(app, window, exercise_id)
            name = window.state.exercise.main_param
            param = name.split("[")[0]
            values = _values(window.state.exercise, window.state.inputs, name, count)
            _timed_changes(app, window, param, values[:5])  # warm caches, first layout
            out[exercise_id] = _stats(_timed_changes(app, window, param, values))
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    return out


def measure_workbench(count: int) -> dict:
    """update_ms of the WORKBENCH expression, as for an exercise (its main parameter)."""
    from explorer.core.registry import ids
    from explorer.core.workbench.exercise import Spec
    from explorer.ui.main_window import MainWindow

    app = _app()
    window = MainWindow(ids()[0])
    _as_the_app_runs(window)
    window.show()
    try:
        window.open_workbench(Spec.make(*WORKBENCH))
        while window.deriving is not None:
            app.processEvents()
            time.sleep(0.005)
        window.grid.repaint()
        name = window.state.exercise.main_param
        values = _values(window.state.exercise, window.state.inputs, name, count)
        _timed_changes(app, window, name.split("[")[0], values[:5])
        return {"expression": WORKBENCH[0], "main_param": name,
                **_stats(_timed_changes(app, window, name.split("[")[0], values))}
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()


def measure_large(count: int) -> dict:
    """5.9 at E = 2 and N = 10⁵ samples, sweeping m[0]."""
    from explorer.ui.main_window import MainWindow

    app = _app()
    window = MainWindow("5.9")
    _as_the_app_runs(window)
    window.show()
    app.processEvents()
    try:
        for name, value in LARGE_5_9.items():
            window.state.set(name, value)
        window.refresh()
        app.processEvents()
        values = _values(window.state.exercise, window.state.inputs, "m[0]", count)
        _timed_changes(app, window, "m", values[:5])
        out = _stats(_timed_changes(app, window, "m", values))
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    return out


def cube_child(n: int, count: int) -> dict:
    """Run in a fresh process: slice-change times of 5.5-f3 at size n, and peak RSS."""
    from explorer.ui.main_window import MainWindow

    app = _app()
    window = MainWindow("5.5-f3")
    _as_the_app_runs(window)
    window.show()
    app.processEvents()
    window.state.set("n", n)
    window.refresh()
    app.processEvents()
    ks = [int(k) for k in np.linspace(1, n, count)]
    if n < count:  # few slices: step back and forth through them
        cycle = list(range(1, n + 1)) + list(range(n - 1, 1, -1))
        ks = [cycle[i % len(cycle)] for i in range(count)]
    ks = [k for i, k in enumerate(ks) if i == 0 or k != ks[i - 1]]
    _timed_changes(app, window, "k", [2, 1])
    samples = _timed_changes(app, window, "k", ks)
    peak_kb = _peak_rss_kb()
    window.close()
    window.deleteLater()
    app.processEvents()
    return {"slice_ms_p95": float(np.percentile(samples, 95)),
            "slice_ms_median": float(np.median(samples)),
            "peak_rss_mb": peak_kb / 1024}


def yardstick_child(count: int) -> dict:
    """Run in a fresh process: `count` matplotlib redraws of 5.1's two panes, in ms."""
    sys.path.insert(0, str(_SCRIPTS))
    import compare_matplotlib

    return {"samples": compare_matplotlib.redraw_times(count)}


_SCRIPTS = pathlib.Path(__file__).resolve().parents[1] / "scripts"  # (a source checkout)


def measure_yardstick(count: int) -> list[float] | None:
    """The yardstick's redraw times, or None without matplotlib (or the script)."""
    if not (_SCRIPTS / "compare_matplotlib.py").is_file():
        return None
    try:
        import matplotlib  # noqa: F401  (only whether it is installed)
    except ImportError:
        return None
    code = ("import json, explorer.bench as b; "
            f"print(json.dumps(b.yardstick_child({count})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=600, env=dict(os.environ, MPLBACKEND="Agg"))
    return json.loads(done.stdout.strip().splitlines()[-1])["samples"]


def _peak_rss_kb() -> float:
    """This process's peak resident set (VmHWM). Not getrusage's ru_maxrss: on Linux a
    child started by fork + exec inherits its parent's peak there."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    import resource

    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def measure_cube(count: int) -> dict:
    out = {}
    for n in CUBE_SIZES:
        code = ("import json, explorer.bench as b; "
                f"print(json.dumps(b.cube_child({n}, {count})))")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, timeout=600)
        out[str(n)] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


# The child imports and starts the app exactly as `python -m explorer` does (cli.main),
# and reports once the main window's first paint event has been handled.
_STARTUP_CHILD = f"""
import sys
from PySide6 import QtCore, QtWidgets
class First(QtCore.QObject):
    def eventFilter(self, obj, event):
        if (event.type() == QtCore.QEvent.Type.Paint and obj.isWidgetType()
                and type(obj).__name__ == "MainWindow"):
            QtCore.QCoreApplication.instance().removeEventFilter(self)
            QtCore.QTimer.singleShot(0, self.done)
        return False
    def done(self):
        print("{READY}", flush=True)
        QtCore.QCoreApplication.instance().quit()
app = QtWidgets.QApplication(sys.argv[:1])
first = First()
app.installEventFilter(first)
from explorer.cli import main
sys.exit(main([]))
"""


def _child_env() -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen")


def measure_startup(runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _STARTUP_CHILD], env=_child_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        painted = None
        for line in proc.stdout:
            if line.strip() == READY:
                painted = time.perf_counter() - started
                break
        proc.stdout.close()
        proc.wait(timeout=60)
        if painted is None or proc.returncode != 0:
            raise RuntimeError(f"start-up child exited with status {proc.returncode}")
        times.append(painted)
    return statistics.median(times)


def measure_evaluate(runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "explorer", "evaluate", "5.7b"],
                       env=_child_env(), capture_output=True, check=True, timeout=60)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure_derive(runs: int) -> dict:
    from explorer.core.workbench import derive

    shapes = {"X": (5, 3), "y": (5, 1)}
    derive(DERIVE_EXPRESSION, "w", shapes)  # the first call imports the modules
    inside = []
    for seed in range(max(runs, 1) * 5):
        started = time.perf_counter()
        derive(DERIVE_EXPRESSION, "w", shapes, seed=seed)
        inside.append((time.perf_counter() - started) * 1000)
    command = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "explorer", "derive", DERIVE_EXPRESSION,
                        *DERIVE_ARGS, "--json"], env=_child_env(), capture_output=True,
                       check=True, timeout=60)
        command.append(time.perf_counter() - started)
    return {"ms": statistics.median(inside), "command_s": statistics.median(command)}


def main_params() -> dict[str, str]:
    """Exercise id → the parameter its update times are measured with."""
    from explorer.core import registry

    return {ex.id: ex.main_param for ex in registry.exercises()}


def run(quick: bool = False) -> dict:
    count = 20 if quick else 200
    # the yardstick in two halves, before and after the app's sweeps: both see the load
    first = measure_yardstick(count // 2)
    result = {
        "update_ms": measure_updates(count),
        "large": {"5.9": measure_large(count)},
        "workbench": measure_workbench(count),
        "cube": measure_cube(count),
        "startup_s": measure_startup(1 if quick else 5),
        "evaluate_s": measure_evaluate(1 if quick else 3),
        "derive": measure_derive(1 if quick else 3),
    }
    cube = result["cube"][str(CUBE_SIZES[-1])]
    result["large"]["5.5-f3"] = {"median": cube["slice_ms_median"],
                                 "p95": cube["slice_ms_p95"]}
    second = measure_yardstick(count - count // 2)
    if first is not None and second is not None:
        result["yardstick_ms"] = _stats(first + second)
    result["meta"] = {
        "quick": quick, "values_per_sweep": count, "platform": "offscreen",
        "main_param": main_params(), "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()), "python": sys.version.split()[0],
    }
    return result


def _ratio(ms: float, y: float | None) -> str:
    return f"Y/{y / ms:5.1f}" if y else "     "


def _meets(ms: float, y: float | None, divisor: float) -> bool | None:
    return None if not y else ms <= y / divisor


def verdicts(result: dict) -> dict[str, bool | None]:
    """Each speed target → met (True/False), or None without a yardstick."""
    t = TARGETS
    y = result.get("yardstick_ms", {}).get("median")
    out = {}
    for exercise_id, s in result["update_ms"].items():
        slow = exercise_id in SLOW
        median = t["slow_update_median" if slow else "update_median"]
        p95 = t["slow_update_p95" if slow else "update_p95"]
        out[f"update {exercise_id} median ≤ Y/{median}"] = _meets(s["median"], y, median)
        out[f"update {exercise_id} p95 ≤ Y/{p95}"] = _meets(s["p95"], y, p95)
    w = result.get("workbench")
    if w is not None:
        out[f"update workbench median ≤ Y/{t['update_median']}"] = _meets(
            w["median"], y, t["update_median"])
        out[f"update workbench p95 ≤ Y/{t['update_p95']}"] = _meets(w["p95"], y,
                                                                   t["update_p95"])
    for exercise_id, divisor in t["large_p95"].items():
        stats = result.get("large", {}).get(exercise_id)
        if stats is not None:
            out[f"large {exercise_id} p95 ≤ Y/{divisor}"] = _meets(stats["p95"], y, divisor)
    out[f"startup ≤ {t['startup_s']:g} s"] = result["startup_s"] <= t["startup_s"]
    return out


def format_table(result: dict) -> str:
    t = TARGETS
    y = result.get("yardstick_ms", {}).get("median")
    mark = {True: "ok", False: "SLOW", None: "?"}
    met = verdicts(result)
    lines = [("yardstick Y (matplotlib, 5.1's two panes): median "
              f"{y:.1f} ms, p95 {result['yardstick_ms']['p95']:.1f} ms") if y else
             "yardstick: not measured (install matplotlib): no verdicts",
             f"update_ms: parameter change → all panes painted, over "
             f"{result['meta']['values_per_sweep']} values (target median ≤ "
             f"Y/{t['update_median']}, p95 ≤ Y/{t['update_p95']}; {', '.join(SLOW)}: "
             f"Y/{t['slow_update_median']}, Y/{t['slow_update_p95']})",
             f"  {'exercise':<8} {'parameter':<9} {'median':>8} {'':>7} {'p95':>8}"]
    main_param = result["meta"].get("main_param", {})
    for exercise_id, s in result["update_ms"].items():
        ok = [v for k, v in met.items() if k.startswith(f"update {exercise_id} ")]
        verdict = None if None in ok else all(ok)
        name = main_param.get(exercise_id, "?")
        lines.append(f"  {exercise_id:<8} {name:<9} {s['median']:8.2f} "
                     f"{_ratio(s['median'], y)} {s['p95']:8.2f} {_ratio(s['p95'], y)}  "
                     f"{mark[verdict]}")
    w = result.get("workbench")
    if w is not None:
        ok = [v for k, v in met.items() if k.startswith("update workbench ")]
        lines.append(f"  {'workbench':<8} {w['main_param']:<9} {w['median']:8.2f} "
                     f"{_ratio(w['median'], y)} {w['p95']:8.2f} {_ratio(w['p95'], y)}  "
                     f"{mark[None if None in ok else all(ok)]}  ({w['expression']})")
    lines.append("large (target p95 ≤ " + ", ".join(
        f"Y/{d} for {k}" for k, d in t["large_p95"].items()) + ")")
    for exercise_id, s in result.get("large", {}).items():
        size = "E = 2, N = 10⁵" if exercise_id == "5.9" else "n = 1000"
        verdict = met.get(f"large {exercise_id} p95 ≤ Y/{t['large_p95'][exercise_id]}")
        lines.append(f"  {exercise_id:<8} {size:<15} median {s['median']:8.2f}  p95 "
                     f"{s['p95']:8.2f} {_ratio(s['p95'], y)}  {mark[verdict]}")
    lines.append(f"cube 5.5-f3: slice change p95, peak RSS (target < {t['rss_mb']:g} MB)")
    for n, c in result["cube"].items():
        lines.append(f"  n = {n:<5} {c['slice_ms_p95']:8.2f} ms {c['peak_rss_mb']:8.1f} MB")
    lines.append(f"startup_s   {result['startup_s']:.3f}  (target ≤ {t['startup_s']:g})")
    lines.append(f"evaluate_s  {result['evaluate_s']:.3f}  (target ≤ {t['evaluate_s']:g})")
    d = result["derive"]
    lines.append(f"derive      {d['ms']:.1f} ms in the process (target ≤ {t['derive_ms']:g}), "
                 f"{d['command_s']:.3f} s the command (target ≤ {t['derive_s']:g})")
    lines.append(f"load average at the end: "
                 f"{', '.join(f'{x:.2f}' for x in result['meta']['load_average'])}")
    return "\n".join(lines)


def main(quick: bool = False, as_json: bool = False) -> int:
    result = run(quick=quick)
    print(json.dumps(result) if as_json else format_table(result))
    return 0
