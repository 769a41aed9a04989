"""A full disk or an I/O error never loses a file: every writer (PNG, SVG, GIF, CSV,
numbered frames, session files) writes a temporary file, checks every write, the fsync
and the close, and only then renames. On failure the command exits 2 with one line naming
the file, the old file is intact and no temporary file is left.

Faults are injected into `os.write`/`os.fsync`/`os.close` (always), and produced for real
on a 64 KiB tmpfs where mounting is allowed (root, as here and in CI)."""

import errno
import os
import shutil
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from explorer import atomic, cli

OLD = b"the old contents, which must survive\n"


def hidden(folder: Path) -> list[str]:
    """What a failed write might leave: temporary files and folders (dot names)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def written_file(fd: int) -> bool:
    """A regular file other than the standard streams: what a writer writes."""
    return fd > 2 and stat.S_ISREG(os.fstat(fd).st_mode)


class Faults:
    """Replaces os.write/os.fsync/os.close for regular files (the writer's; standard
    streams and folders are left alone)."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def full_disk(self, room: int) -> None:
        """`room` bytes fit, then ENOSPC; a write crossing the limit is short, as on a
        real nearly full disk."""
        real = os.write
        left = [room]

        def write(fd, data):
            if not written_file(fd):
                return real(fd, data)
            n = min(len(data), left[0])
            if n == 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            left[0] -= n
            return real(fd, bytes(data[:n]))

        self.monkeypatch.setattr(os, "write", write)

    def failing(self, name: str, err: int) -> None:
        real = getattr(os, name)

        def call(fd, *args):
            if not written_file(fd):
                return real(fd, *args)
            if name == "close":
                real(fd)  # the descriptor is gone, as after a real failed close
            raise OSError(err, os.strerror(err))

        self.monkeypatch.setattr(os, name, call)


FAULTS = {
    "ENOSPC-write": lambda f: f.full_disk(room=3000),
    "EIO-write": lambda f: f.failing("write", errno.EIO),
    "EIO-fsync": lambda f: f.failing("fsync", errno.EIO),
    "ENOSPC-close": lambda f: f.failing("close", errno.ENOSPC),
}
MESSAGES = {"ENOSPC-write": "No space left on device", "EIO-write": "Input/output error",
            "EIO-fsync": "Input/output error", "ENOSPC-close": "No space left on device"}


def export_args(kind: str, target: Path) -> list[str]:
    if kind == "gif":
        return ["export", "5.3", "--sweep", "mu=-1:1:3", "--width", "200", "--out", str(target)]
    pane = ["--pane", "f"] if kind == "csv" else []
    return ["export", "5.1", *pane, "--width", "200", "--out", str(target)]


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("kind", ["png", "svg", "csv", "gif"])
def test_a_failing_write_keeps_the_old_file(qapp, tmp_path, capsys, monkeypatch, kind, fault):
    target = tmp_path / f"b.{kind}"
    target.write_bytes(OLD)
    FAULTS[fault](Faults(monkeypatch))
    status = cli.main(export_args(kind, target))
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 2
    assert err == f"error: {MESSAGES[fault]}: {target}\n"
    assert target.read_bytes() == OLD
    assert hidden(tmp_path) == []


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failing_session_write_keeps_the_old_file(tmp_path, monkeypatch, fault):
    """Session files (and anything else written with atomic.write_bytes)."""
    target = tmp_path / "work.vcsession"
    target.write_bytes(OLD)
    FAULTS[fault](Faults(monkeypatch))
    with pytest.raises(OSError) as info:
        atomic.write_bytes(target, b"{}" * 100_000)
    monkeypatch.undo()
    assert info.value.filename == str(target)
    assert target.read_bytes() == OLD and hidden(tmp_path) == []


def test_short_writes_are_continued(tmp_path, monkeypatch):
    """os.write may write less than asked without an error: the rest still gets written."""
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data[:7])))
    atomic.write_bytes(tmp_path / "f.txt", b"0123456789" * 10)
    assert (tmp_path / "f.txt").read_bytes() == b"0123456789" * 10


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, RuntimeError])
def test_an_exception_while_writing_keeps_the_old_file(tmp_path, monkeypatch, interruption):
    target = tmp_path / "data.csv"
    target.write_bytes(OLD)

    def write(fd, data):
        raise interruption("stopped halfway")

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(interruption):
        atomic.write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == OLD and hidden(tmp_path) == []


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    atomic.write_bytes(tmp_path / "new.csv", b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o666 & ~umask


# --- numbered frame sequences: replaced as a set -------------------------------------------

def old_sequence(folder: Path, count: int) -> dict[str, bytes]:
    files = {f"f_{i:04d}.png": f"old frame {i}".encode() for i in range(1, count + 1)}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def sweep_to_frames(target: Path, frames: int = 3) -> list[str]:
    return ["export", "5.3", "--sweep", f"mu=-1:1:{frames}", "--width", "200",
            "--out", str(target)]


def test_a_replaced_file_keeps_its_permissions_and_a_link_stays_a_link(tmp_path):
    private = tmp_path / "private.vcsession"
    private.write_bytes(b"old")
    private.chmod(0o600)
    atomic.write_bytes(private, b"new")
    assert private.read_bytes() == b"new" and stat.S_IMODE(private.stat().st_mode) == 0o600
    link = tmp_path / "link.vcsession"
    link.symlink_to(private.name)
    atomic.write_bytes(link, b"through the link")
    assert link.is_symlink() and private.read_bytes() == b"through the link"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.vcsession", "private.vcsession"]


def test_a_new_sequence_replaces_the_old_set(qapp, tmp_path, capsys):
    old_sequence(tmp_path, 5)
    (tmp_path / "f_notes.txt").write_bytes(b"not a frame")
    assert cli.main(sweep_to_frames(tmp_path / "f.png")) == 0
    assert sorted(contents(tmp_path)) == ["f_0001.png", "f_0002.png", "f_0003.png",
                                          "f_notes.txt"]
    assert (tmp_path / "f_0001.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("fault", FAULTS)
def test_a_sequence_failing_part_way_leaves_the_old_frames(qapp, tmp_path, capsys,
                                                           monkeypatch, fault):
    before = old_sequence(tmp_path, 5)
    faults = Faults(monkeypatch)
    if fault == "ENOSPC-write":
        faults.full_disk(room=12_000)  # a frame or so fits, then the disk is full
    else:
        FAULTS[fault](faults)
    status = cli.main(sweep_to_frames(tmp_path / "f.png"))
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"error: {MESSAGES[fault]}: {tmp_path / 'f_000'}")
    assert err.count("\n") == 1 and "/." not in err  # never the hidden folder
    assert contents(tmp_path) == before


@pytest.mark.parametrize("failing_rename", [1, 4, 6, 7])
def test_a_sequence_failing_while_moved_into_place_is_rolled_back(qapp, tmp_path, capsys,
                                                                  monkeypatch, failing_rename):
    """The commit moves the 5 old frames aside, then the 3 new ones in: a rename failing
    at any point puts the old set back."""
    before = old_sequence(tmp_path, 5)
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == failing_rename:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(src))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    status = cli.main(sweep_to_frames(tmp_path / "f.png"))
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("error: Input/output error: ")
    assert "/." not in err and err.count("\n") == 1
    assert contents(tmp_path) == before


# --- a real full filesystem ----------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 64 KiB tmpfs, filled up but for a few blocks. Skips, saying why, where mounting
    is not allowed (not root); as root (this machine, CI) it runs."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    if shutil.which("mount") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8): only the injected faults ran")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
                           str(mount_point)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({proc.stderr.strip()}): only the injected "
                    "faults ran")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def fill(folder: Path, leave: int) -> None:
    """Fill the filesystem but for about `leave` bytes."""
    free = shutil.disk_usage(folder).free
    with open(folder / f"filler-{uuid.uuid4().hex}", "wb") as f:
        f.write(b"\0" * max(free - leave, 0))


def run_cli(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("EXPLORER_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.mark.parametrize("kind", ["svg", "png", "csv", "gif"])
def test_a_full_filesystem_never_loses_a_file(small_disk, kind):
    target = small_disk / f"b.{kind}"
    target.write_bytes(OLD)
    fill(small_disk, leave=4096)
    proc = run_cli(*export_args(kind, target))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == f"error: No space left on device: {target}\n"
    assert target.read_bytes() == OLD
    assert hidden(small_disk) == []


def test_a_full_filesystem_keeps_the_old_frames(small_disk):
    before = old_sequence(small_disk, 4)
    fill(small_disk, leave=4096)
    before = contents(small_disk)
    proc = run_cli(*sweep_to_frames(small_disk / "f.png"))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"error: No space left on device: {small_disk / 'f_000'}")
    assert "/." not in proc.stderr and proc.stderr.count("\n") == 1
    assert contents(small_disk) == before
