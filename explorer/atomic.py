"""Atomic file writes. The new content goes to a temporary file beside the target; every
write, the flush to disk (fsync) and the close are checked, and only then does a rename put
it in place. A failure at any step (a full disk, an I/O error, Ctrl+C) leaves the old file
as it was and no temporary file behind; the error names the file the user asked for.

Writers render into memory first and hand over bytes: a library that writes the file
itself may report a full disk only through a status flag, or not at all."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from explorer import interrupt


def write_bytes(target: Path, data: bytes) -> None:
    """Replace `target` with `data`, all or nothing. A symbolic link is written through
    (the file it points to is replaced, the link stays), and a file replaced keeps its
    permissions."""
    shown, target = Path(target), Path(os.path.realpath(target))
    with interrupt.deferred():  # a signal lands at the check below, not halfway
        try:
            fd, tmp = _create_beside(target)
        except OSError as exc:
            raise naming(exc, shown) from None
        try:
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            _take_mode(tmp, target)
            interrupt.check()  # last moment to give up with the old file untouched
            os.replace(tmp, target)
        except OSError as exc:
            _remove(tmp)
            raise naming(exc, shown) from None
        except BaseException:
            _remove(tmp)
            raise
    sync_folder(target.parent)


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new private file `.NAME.XXXXXX.part` in the target's folder (same filesystem, so
    the rename is atomic)."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                   dir=target.parent)
    except OSError as exc:
        raise naming(exc, target) from None
    return fd, Path(tmp)


def _write_all(fd: int, data: bytes) -> None:
    """os.write may write less than asked (a nearly full disk): loop until all is written."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        view = view[written:]


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable. Some filesystems cannot sync a folder: the
    rename itself is done either way, so that is not an error."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(fd)
    with contextlib.suppress(OSError):
        os.close(fd)


def naming(exc: OSError, target: Path) -> OSError:
    """The same error, naming the file the user asked for rather than a temporary one."""
    if exc.errno is None:
        return OSError(f"{exc}: {target}")
    return type(exc)(exc.errno, exc.strerror or str(exc), str(target))


def _take_mode(path: Path, target: Path) -> None:
    """mkstemp makes the file private (0600): give it the permissions of the file it
    replaces, or a new file's usual ones."""
    try:
        mode = os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(path, mode)


class StagedFiles:
    """Files that replace others as one set (a numbered frame sequence): each new file is
    written, checked and synced into a hidden folder beside its target; `commit` then moves
    the old files aside, moves the new ones in, and removes the old ones. A failure before
    or during the commit leaves the old files and none of the new; leaving the `with` block
    without a commit discards everything. Errors name the target files, never the hidden
    folder."""

    def __init__(self, folder: Path, label: str):
        self.folder, self.label = Path(folder), label
        self.staging: Path | None = None
        self.names: list[str] = []

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.staging is not None:
            _remove_folder(self.staging)
            self.staging = None

    def write(self, target: Path, data: bytes) -> None:
        target = Path(target)
        if target.parent != self.folder:
            raise ValueError(f"{target} is not in {self.folder}")
        with interrupt.deferred():
            try:
                if self.staging is None:
                    self.staging = self._hidden_folder("new")
                fd = os.open(self.staging / target.name,
                             os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                try:
                    _write_all(fd, data)
                    os.fsync(fd)
                finally:
                    os.close(fd)
            except OSError as exc:
                raise naming(exc, target) from None
        self.names.append(target.name)

    def commit(self, replacing: list[Path] = ()) -> None:
        """Put the new files in place of the old set: `replacing` (the old files to
        remove) and any file the new ones overwrite."""
        interrupt.check()  # last moment to give up with the old set untouched
        if self.staging is not None:
            sync_folder(self.staging)
        old = sorted({Path(p).name for p in replacing} | set(self.names))
        old = [name for name in old if (self.folder / name).exists()]
        with interrupt.deferred():
            backup = self._hidden_folder("old") if old else None
            moved: list[str] = []
            placed: list[str] = []
            name = ""
            try:
                for name in old:
                    os.replace(self.folder / name, backup / name)
                    moved.append(name)
                for name in self.names:
                    os.replace(self.staging / name, self.folder / name)
                    placed.append(name)
            except OSError as exc:
                for name in placed:  # roll back: the old set as it was, none of the new
                    with contextlib.suppress(OSError):
                        os.unlink(self.folder / name)
                for name in moved:
                    with contextlib.suppress(OSError):
                        os.replace(backup / name, self.folder / name)
                raise naming(exc, self.folder / name) from None
            finally:
                if backup is not None:
                    _remove_folder(backup, only_if_restored=len(placed) < len(self.names))
        sync_folder(self.folder)

    def _hidden_folder(self, kind: str) -> Path:
        import tempfile

        try:
            return Path(tempfile.mkdtemp(prefix=f".{self.label}.", suffix=f".{kind}",
                                         dir=self.folder))
        except OSError as exc:
            raise naming(exc, self.folder / self.label) from None


def _remove_folder(folder: Path, only_if_restored: bool = False) -> None:
    """Remove a hidden folder and its files. With `only_if_restored`, remove it only if it
    is empty: an old file a failed roll-back could not put back stays rather than is lost."""
    if only_if_restored:
        with contextlib.suppress(OSError):
            os.rmdir(folder)
        return
    import shutil

    with contextlib.suppress(OSError):
        shutil.rmtree(folder, ignore_errors=True)
