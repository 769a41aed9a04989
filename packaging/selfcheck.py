"""Headless self-check of a built bundle: copy it away from the source tree, then run its
executable with Qt's offscreen platform, in an empty folder, with an environment that has
no virtual environment or Python path in it.

    python packaging/selfcheck.py dist/vc-explorer

Checks `--version` (against pyproject.toml), `evaluate 5.7b` (a 3×2 Jacobian),
`export 5.1 --out X.png` (a non-blank 1600 px PNG) and `--screenshot` of the window at
5.7b (the GUI with its typeset formulas). Exits 0 when all pass. Needs Pillow and NumPy
(the project's own dependencies) to look at the pictures; the bundle needs neither."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE_NAME = "vc-explorer"
TIMEOUT = 300  # seconds for one run of the executable (cold start on a slow disk)


class CheckFailed(Exception):
    pass


def pyproject_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def clean_env(home: Path) -> dict[str, str]:
    """What a user's desktop session might have: no venv, no PYTHONPATH, a UTF-8 locale,
    a private HOME (the GUI saves its settings there) and the offscreen Qt platform."""
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_RUNTIME_DIR": str(runtime),
        "QT_QPA_PLATFORM": "offscreen",
    }


def relocate(bundle: Path, dest: Path) -> Path:
    """A copy of the bundle folder under `dest`; returns the copied executable."""
    if not (bundle / EXE_NAME).is_file():
        raise CheckFailed(f"no executable {EXE_NAME} in {bundle}")
    copy = dest / bundle.name
    shutil.copytree(bundle, copy, symlinks=True)
    return copy / EXE_NAME


def run(exe: Path, args: list[str], cwd: Path, env: dict[str, str]):
    proc = subprocess.run([str(exe), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT, check=False)
    if proc.returncode != 0:
        raise CheckFailed(f"{EXE_NAME} {' '.join(args)} exited {proc.returncode}:\n"
                          f"{proc.stderr[-3000:]}")
    return proc


def picture_stats(path: Path) -> dict:
    """Width, height, distinct colours and the share of pixels unlike the background."""
    import numpy as np
    from PIL import Image

    with Image.open(path) as image:
        pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
        width, height = image.size
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    return {"width": width, "height": height, "colours": len(colours),
            "ink": 1.0 - counts.max() / counts.sum()}


def check_picture(path: Path, min_width: int = 200) -> dict:
    if not path.is_file():
        raise CheckFailed(f"{path.name} was not written")
    stats = picture_stats(path)
    if stats["width"] < min_width or stats["colours"] < 8 or stats["ink"] < 0.01:
        raise CheckFailed(f"{path.name} looks blank: {stats}")
    return stats


def check_version(exe, cwd, env) -> str:
    out = run(exe, ["--version"], cwd, env).stdout.strip()
    if not out.endswith(" " + pyproject_version()):
        raise CheckFailed(f"--version printed {out!r}, pyproject says {pyproject_version()}")
    return out


def check_evaluate(exe, cwd, env) -> dict:
    result = json.loads(run(exe, ["evaluate", "5.7b"], cwd, env).stdout)
    if result.get("exercise") != "5.7b" or result.get("shape") != [3, 2]:
        raise CheckFailed(f"evaluate 5.7b gave {result}")
    return result


def check_export(exe, cwd, env) -> dict:
    run(exe, ["export", "5.1", "--out", "export-5.1.png"], cwd, env)
    stats = check_picture(cwd / "export-5.1.png")
    if stats["width"] != 1600:
        raise CheckFailed(f"export is {stats['width']} px wide, not 1600")
    return stats


def check_window(exe, cwd, env) -> dict:
    run(exe, ["--exercise", "5.7b", "--screenshot", "window.png"], cwd, env)
    return check_picture(cwd / "window.png")


CHECKS = {"--version": check_version, "evaluate 5.7b": check_evaluate,
          "export 5.1": check_export, "window 5.7b": check_window}


def run_all(bundle: Path, report=print) -> dict:
    """Run every check on a relocated copy of `bundle`; returns name → result, raises
    CheckFailed on the first failure."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="vc-selfcheck-") as tmp:
        tmp = Path(tmp)
        exe = relocate(Path(bundle).resolve(), tmp)
        work, home = tmp / "work", tmp / "home"
        work.mkdir()
        home.mkdir()
        env = clean_env(home)
        for name, check in CHECKS.items():
            start = time.monotonic()
            results[name] = check(exe, work, env)
            report(f"ok  {name}  ({time.monotonic() - start:.1f} s)")
    return results


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python packaging/selfcheck.py BUNDLE_DIR", file=sys.stderr)
        return 2
    try:
        run_all(Path(argv[0]))
    except (CheckFailed, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
        print(f"self-check FAILED: {exc}", file=sys.stderr)
        return 1
    print("self-check passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
