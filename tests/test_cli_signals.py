"""Ctrl+C and SIGTERM on the command line: a long export stops with exit status 130
(SIGINT) or 143 (SIGTERM), prints no traceback, does not crash, and leaves no temporary
file, no hidden folder and no half-replaced frame sequence. Real processes, signals sent
at several moments of the work."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer import interrupt

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

STATUS = {signal.SIGINT: 130, signal.SIGTERM: 143}
TIMEOUT = 60.0  # only against a hang, not a measurement


def launch(*args) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("EXPLORER_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "explorer", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def handling(proc: subprocess.Popen) -> bool:
    """The command has installed its handlers (Python catches SIGINT from the start, so
    look for SIGTERM, installed together with it)."""
    for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGTERM - 1)))
    return False


def wait_for(proc: subprocess.Popen, ready) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not ready():
        if proc.poll() is not None:
            pytest.fail(f"finished before the signal: {proc.returncode} {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the moment to send the signal never came")
        time.sleep(0.02)


def stop(proc: subprocess.Popen, signum: int) -> str:
    os.kill(proc.pid, signum)
    try:
        _, err = proc.communicate(timeout=TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return err


def assert_clean_stop(proc: subprocess.Popen, err: str, signum: int, folder: Path) -> None:
    assert proc.returncode == STATUS[signum], err
    for word in ("Traceback", "KeyboardInterrupt", "Ignored exception", "error", "Fatal"):
        assert word not in err, err
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("lines", [0, 1, 4], ids=["starting", "first-pane", "later"])
def test_export_all_stops_cleanly(tmp_path, signum, lines):
    out = tmp_path / "shots"
    proc = launch("export", "--all", "--out-dir", str(out), "--svg", "--width", "800")
    wait_for(proc, lambda: handling(proc))
    seen = [proc.stderr.readline() for _ in range(lines)]  # one progress line per pane
    assert all(line.startswith("[") for line in seen), seen
    err = stop(proc, signum)
    assert_clean_stop(proc, err, signum, out if out.exists() else tmp_path)
    assert all(line.startswith("[") for line in err.splitlines()), err
    written = sorted(p.name for p in out.glob("*")) if out.exists() else []
    assert len(written) < 68  # stopped before the end: 34 panes, PNG and SVG
    assert all(p.stat().st_size > 0 for p in out.glob("*"))


def old_frames(folder: Path) -> dict[str, bytes]:
    files = {f"f_{i:04d}.png": f"old frame {i}".encode() for i in range(1, 4)}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def staged_frames(folder: Path) -> bool:
    """New frames are being written (into a hidden folder beside the target)."""
    try:
        return any(any(p.iterdir()) for p in folder.glob(".f.*"))
    except FileNotFoundError:  # the folder went away meanwhile
        return False


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("moment", ["starting", "writing-frames"])
def test_a_frame_sequence_stops_cleanly_and_keeps_the_old_one(tmp_path, signum, moment):
    before = old_frames(tmp_path)
    proc = launch("export", "5.3", "--sweep", "mu=-2:2:600", "--width", "400",
                  "--out", str(tmp_path / "f.png"))
    wait_for(proc, lambda: handling(proc))
    if moment == "writing-frames":
        wait_for(proc, lambda: staged_frames(tmp_path))
    err = stop(proc, signum)
    assert_clean_stop(proc, err, signum, tmp_path)
    assert err == ""
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_gif_stops_cleanly_and_keeps_the_old_one(tmp_path, signum):
    target = tmp_path / "a.gif"
    target.write_bytes(b"old")
    proc = launch("export", "5.1", "--sweep", "x=-2:2:600", "--width", "600",
                  "--out", str(target))  # several seconds of work
    wait_for(proc, lambda: handling(proc))
    time.sleep(0.5)  # into the rendering, or close to it
    err = stop(proc, signum)
    assert_clean_stop(proc, err, signum, tmp_path)
    assert err == "" and target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.gif"]


def test_evaluate_stops_at_once_on_a_signal(monkeypatch, capsys):
    """Outside Qt work a signal stops the command where it is (here: inside evaluate)."""
    from explorer import cli
    from explorer.core import registry

    ex = registry.get("5.1")

    def evaluate(inputs):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # interrupted: never finishes
        pytest.fail("the signal did not stop the command")

    monkeypatch.setattr(ex, "evaluate", evaluate)
    assert cli.main(["evaluate", "5.1"]) == 143
    assert capsys.readouterr() == ("", "")
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handlers are put back


def test_inside_deferred_work_a_signal_waits_for_the_next_check():
    with interrupt.handled(), interrupt.deferred():
        os.kill(os.getpid(), signal.SIGINT)
        assert interrupt.pending_status() == 130  # noted, nothing raised
        with pytest.raises(interrupt.Interrupted) as info:
            interrupt.check()
    assert info.value.status == 130


def test_a_signal_is_forgotten_after_its_command():
    with interrupt.handled(), interrupt.deferred():
        os.kill(os.getpid(), signal.SIGTERM)
    assert interrupt.pending_status() is None
    interrupt.check()  # nothing to raise


@pytest.mark.parametrize("delay", [0.1, 0.3, 0.6, 1.0])
def test_ctrl_c_while_the_libraries_load(tmp_path, delay):
    """The first second goes to importing NumPy, SymPy, PySide6 and pyqtgraph: Ctrl+C
    there (inside shiboken's import it used to end the process with status 255 and a
    message) stops cleanly too."""
    proc = launch("export", "5.3", "--sweep", "mu=-2:2:600", "--width", "400",
                  "--out", str(tmp_path / "a.gif"))
    wait_for(proc, lambda: handling(proc))
    time.sleep(delay)
    err = stop(proc, signal.SIGINT)
    assert_clean_stop(proc, err, signal.SIGINT, tmp_path)
    assert err == "" and list(tmp_path.iterdir()) == []
