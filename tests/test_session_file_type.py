"""The session file type: a shared-mime-info definition (*.vcsession, or the session's
"format" near the start), a desktop entry that takes a file, install-desktop registering
both, and `--session FILE` opening the file in the window; `--reset` starts clean."""

import configparser
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from explorer.core import session as S

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.vector_calculus_explorer.Explorer"
MIME_TYPE = "application/x-vector-calculus-explorer-session"
MIME = ROOT / "resources" / f"{APP_ID}.mime.xml"
DESKTOP = ROOT / "resources" / f"{APP_ID}.desktop"
NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}


def test_mime_definition_names_the_type_its_extension_and_magic():
    root = ET.parse(MIME).getroot()
    (mime,) = root.findall("m:mime-type", NS)
    assert mime.get("type") == MIME_TYPE
    assert mime.find("m:sub-class-of", NS).get("type") == "application/json"
    assert [g.get("pattern") for g in mime.findall("m:glob", NS)] == ["*.vcsession"]
    match = mime.find("m:magic/m:match", NS)
    start, end = (int(k) for k in match.get("offset").split(":"))
    saved = S.dumps(S.to_document("5.1", {}))  # what the window writes
    at = saved.find(match.get("value"))
    assert match.get("type") == "string" and start <= at <= end


def test_desktop_entry_takes_a_session_file():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["MimeType"].split(";") == [MIME_TYPE, ""]
    assert section["Exec"].split()[1:] == ["--session=%f"]


def test_window_saves_sessions_with_the_registered_extension():
    from explorer.ui.main_window import SESSION_SUFFIX

    assert f"*{SESSION_SUFFIX}" == ET.parse(MIME).getroot().find(
        "m:mime-type/m:glob", NS).get("pattern")


@pytest.mark.skipif(shutil.which("update-mime-database") is None and not os.environ.get("CI"),
                    reason="needs shared-mime-info (Debian package shared-mime-info); "
                    "CI installs it and runs this test")
def test_installed_type_is_recognised_by_name_and_by_content(tmp_path):
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_DATA")}
    env["HOME"] = str(home)
    result = subprocess.run(["bash", str(ROOT / "scripts/install-desktop"), "--exec", "/bin/true"],
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    text = S.dumps(S.to_document("5.3", {"5.3": {"x": 0.5}}))
    for name in ("lesson.vcsession", "lesson", "lesson.json"):
        (tmp_path / name).write_text(text)
    probe = ("import sys\nfrom PySide6 import QtCore\ndb = QtCore.QMimeDatabase()\n"
             "print(' '.join(db.mimeTypeForFile(f).name() for f in sys.argv[1:]))")
    env["XDG_DATA_HOME"] = str(home / ".local" / "share")
    out = subprocess.run([sys.executable, "-c", probe, *(str(tmp_path / n) for n in
                                                        ("lesson.vcsession", "lesson",
                                                         "lesson.json"))],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    # by extension; by content when the name says nothing; a .json stays JSON
    assert out == [MIME_TYPE, MIME_TYPE, "application/json"]


# --- the command line ---------------------------------------------------------------------

def _launch(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """The GUI with a throw-away config folder, shot and closed once painted."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    env.pop("EXPLORER_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "explorer", *args, "--screenshot",
                           str(tmp_path / "shot.png")], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def _stored(tmp_path: Path) -> dict:
    """The session the window saved in its settings on close."""
    from PySide6 import QtCore

    ini = tmp_path / "config" / "vector-calculus-explorer" / "explorer.ini"
    settings = QtCore.QSettings(str(ini), QtCore.QSettings.Format.IniFormat)
    return json.loads(settings.value("session"))


def _store(tmp_path: Path, session_text: str) -> None:
    from PySide6 import QtCore

    ini = tmp_path / "config" / "vector-calculus-explorer" / "explorer.ini"
    settings = QtCore.QSettings(str(ini), QtCore.QSettings.Format.IniFormat)
    settings.setValue("session", session_text)
    settings.sync()


def test_session_option_opens_the_file(tmp_path):
    path = tmp_path / "lesson.vcsession"
    path.write_text(S.dumps(S.to_document("5.4", {"5.4": {"n": 7}})))
    result = _launch(tmp_path, "--session", str(path))
    assert result.returncode == 0, result.stderr
    stored = _stored(tmp_path)  # what the window showed when it closed
    assert stored["exercise"] == "5.4" and stored["parameters"]["5.4"] == {"n": 7}


def test_an_empty_session_option_opens_the_window_as_usual(tmp_path):
    """The desktop entry's --session=%f, started from the menu with no file."""
    result = _launch(tmp_path, "--session=")
    assert result.returncode == 0, result.stderr
    assert _stored(tmp_path)["exercise"] == "5.1"


@pytest.mark.parametrize("args, message", [
    (["--session", "missing.vcsession"], "no such session file"),
    (["--session", "x.vcsession", "--exercise", "5.1"], "drop --exercise"),
])
def test_session_option_refuses_in_one_line(tmp_path, args, message, capsys, monkeypatch):
    from explorer.cli import main

    (tmp_path / "x.vcsession").write_text("{}")
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_reset_forgets_the_remembered_state(tmp_path):
    _store(tmp_path, S.dumps(S.to_document("5.3", {"5.3": {"x": 0.5}})))
    assert _launch(tmp_path).returncode == 0
    assert _stored(tmp_path)["exercise"] == "5.3"  # remembered without --reset
    result = _launch(tmp_path, "--reset")
    assert result.returncode == 0, result.stderr
    assert _stored(tmp_path) == S.to_document("5.1", {})  # the first exercise, defaults


def test_a_state_that_bricked_the_app_now_opens(tmp_path):
    """What the window once saved on close after 5.8a with S negative definite, plus a
    400-digit integer under another exercise: every later launch exited."""
    doc = S.to_document("5.8a", {"5.8a": {"S": [[-1e-6, 0], [0, -1e-6]], "x": [4.0, 4.0]},
                                 "5.3": {"x": 0}})
    _store(tmp_path, S.dumps(doc).replace('"x": 0', '"x": 1' + "0" * 400))
    result = _launch(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr
    assert (tmp_path / "shot.png").read_bytes().startswith(b"\x89PNG")
