"""Remembering the window between runs (QSettings) and session files (JSON).

What is stored: the last exercise, the parameters the user set for each exercise, the
window geometry and the splitter state. Everything read back is validated by
explorer.core.session; anything corrupt falls back to defaults with a warning."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from PySide6 import QtCore

from explorer.atomic import write_bytes
from explorer.core import session as S
from explorer.core.errors import InputError
from explorer.core.session_extras import extras_in

ORGANIZATION = "vector-calculus-explorer"
APPLICATION = "Vector Calculus Explorer"


def default_settings() -> QtCore.QSettings:
    """The user's settings store (an INI file in the platform's config folder)."""
    settings = QtCore.QSettings(QtCore.QSettings.Format.IniFormat,
                                QtCore.QSettings.Scope.UserScope, ORGANIZATION, "explorer")
    settings.setAtomicSyncRequired(True)  # written to a temporary file, then renamed
    return settings


def clear_settings(settings: QtCore.QSettings) -> str | None:
    """Forget everything stored (`--reset`); returns why that failed, else None."""
    settings.clear()
    return _sync(settings)


def _current_id(window) -> str | None:
    """The open exercise ("custom" for your own function, kept in the session's extras)."""
    from explorer.core import registry

    eid = window.state.exercise.id
    known = eid in registry.ids() or eid in window.my_expressions or eid == "custom"
    return eid if known else None


def save_settings(settings: QtCore.QSettings, window) -> str | None:
    """Store the session and layout; returns why they could not be written, else None
    (the file on disk is then the previous one, whole)."""
    doc = S.to_document(_current_id(window), window.all_given(),
                        list(window.my_expressions.values()))
    doc.update(window.kept.document())  # tangents, views, your own function
    settings.setValue("session", json.dumps(doc))
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("splitter", window.splitter.saveState())
    return _sync(settings)


def _sync(settings: QtCore.QSettings) -> str | None:
    settings.sync()
    status = settings.status()
    if status == QtCore.QSettings.Status.NoError:
        return None
    reason = ("cannot write there" if status == QtCore.QSettings.Status.AccessError
              else "the file is not in the settings format")
    return f"{settings.fileName()}: {reason}"


def read_settings(settings: QtCore.QSettings) -> tuple[str | None, dict, list[str]]:
    """(last exercise, parameters per exercise, warnings) from the settings store."""
    if settings.status() != QtCore.QSettings.Status.NoError:
        return None, {}, ["the settings store could not be read; using defaults"]
    text = settings.value("session", None)
    if text is None:
        return None, {}, []
    if not isinstance(text, str):
        return None, {}, ["stored session is not text; using defaults"]
    try:
        return S.parse_text(text)
    except InputError as exc:
        return None, {}, [f"stored session ignored: {exc}"]


def restore_layout(settings: QtCore.QSettings, window) -> list[str]:
    warnings = []
    geometry = settings.value("geometry", None)
    if geometry is not None and not (isinstance(geometry, QtCore.QByteArray)
                                     and window.restoreGeometry(geometry)):
        warnings.append("stored window geometry ignored")
    splitter = settings.value("splitter", None)
    if splitter is not None and not (isinstance(splitter, QtCore.QByteArray)
                                     and window.splitter.restoreState(splitter)):
        warnings.append("stored splitter layout ignored")
    return warnings


def read_expressions(settings: QtCore.QSettings) -> tuple[list, list[str]]:
    """The "My expressions" kept in the settings store, and why any were skipped."""
    text = settings.value("session", None)
    return S.expressions_in(text) if isinstance(text, str) else ([], [])


def read_extras(settings: QtCore.QSettings) -> tuple:
    """The tangents, views and own function kept in the settings store, and warnings."""
    return extras_in(settings.value("session", None))


def read_session_extras(path: Path) -> tuple:
    """The extras of a session file (read as `read_session_file` does)."""
    return extras_in(_read_text(path))


def write_session_file(path: Path, window) -> None:
    doc = S.to_document(_current_id(window), window.all_given(),
                        list(window.my_expressions.values()))
    doc.update(window.kept.document())
    write_bytes(Path(path), S.dumps(doc).encode("utf-8"))


def read_session_file(path: Path) -> tuple[str | None, dict, list[str]]:
    """Read and validate a session file (see `_read_text`)."""
    return S.parse_text(_read_text(path))


def read_session_expressions(path: Path) -> list:
    """The workbench expressions of a session file (read as `read_session_file` does)."""
    return S.expressions_in(_read_text(path))[0]


def _read_text(path: Path) -> str:
    """A session file's text. Only a regular file of at most S.MAX_BYTES is read (a FIFO
    would block, /dev/zero never ends); anything else is an InputError."""
    path = Path(path)
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise InputError(f"{path.name} is not a regular file")
    # (non-blocking: should the file have been swapped for a FIFO since, open returns)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise InputError(f"{path.name} is not a regular file")
        data = file.read(S.MAX_BYTES + 1)
    if len(data) > S.MAX_BYTES:
        raise InputError(f"{path.name} is too large to be a session (over "
                         f"{S.MAX_BYTES // 1_000_000} MB)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path.name} is not a text file") from None
