"""Atomic file writes: a temporary file in the target's folder, then a rename, so an
interrupted or failed write never leaves a half-written file nor destroys the old one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`."""
    target = Path(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise _naming(exc, target) from None
    os.close(fd)
    try:
        yield Path(tmp)
        _as_new_file(tmp)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _naming(exc, target) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _naming(exc: OSError, target: Path) -> OSError:
    """The same error, naming the file the user asked for rather than the temporary one."""
    return type(exc)(exc.errno, exc.strerror or str(exc), str(target))


def _as_new_file(path) -> None:
    """mkstemp makes the file private (0600); give it a new file's usual permissions."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_with(target: Path, writer: Callable[[Path], None]) -> None:
    """Call writer(tmp_path) and move the result into place if it succeeded."""
    with atomic_path(target) as tmp:
        writer(tmp)
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise OSError(f"nothing was written for {target}")
