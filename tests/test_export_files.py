"""Files: exports are atomic — an interrupted or failed write leaves neither a
half-written file nor a lost old one; an unwritable target is one line naming it and exit
status 2; a session document of any content is read or refused cleanly."""

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import atomic, cli
from explorer.core import session as S
from explorer.core.errors import InputError


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_failed_rename_keeps_the_old_file_and_names_the_target(tmp_path, monkeypatch):
    target = tmp_path / "out.png"
    target.write_bytes(b"old")

    def no_rename(src, dst):
        raise PermissionError(13, "Permission denied", str(src))

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(PermissionError) as info:
        atomic.write_bytes(target, b"new")
    assert info.value.filename == str(target)
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["taken.csv", "taken.png"])
def test_cli_export_onto_a_folder_is_one_line_and_status_2(tmp_path, capsys, name):
    target = tmp_path / name
    target.mkdir()
    assert cli.main(["export", "5.1", "--pane", "f", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"error: Is a directory: {target}\n"
    assert leftovers(tmp_path) == []


def test_cli_export_where_files_cannot_be_created(capsys):
    assert cli.main(["export", "5.1", "--pane", "f", "--out", "/proc/robust.csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.rstrip().endswith("/proc/robust.csv")
    assert err.count("\n") == 1


def test_cli_csv_export_failing_midway_keeps_the_old_file(tmp_path, capsys, monkeypatch):
    import csv

    target = tmp_path / "f.csv"
    assert cli.main(["export", "5.1", "--pane", "f", "--out", str(target)]) == 0
    old = target.read_bytes()
    real_writer = csv.writer

    class Failing:
        def __init__(self, f, *a, **k):
            self.inner, self.rows = real_writer(f, *a, **k), 0

        def writerow(self, row):
            self.rows += 1
            if self.rows > 3:
                raise OSError(28, "No space left on device")
            return self.inner.writerow(row)

        def writerows(self, rows):
            for row in rows:
                self.writerow(row)

    monkeypatch.setattr(csv, "writer", Failing)
    assert cli.main(["export", "5.1", "--set", "x=0.5", "--pane", "f",
                     "--out", str(target)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert target.read_bytes() == old and leftovers(tmp_path) == []


# --- session documents ----------------------------------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["version", "exercise", "parameters", "5.1", "5.7b", "x", "A",
                         "seed", "n", "zz"]), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(st.one_of(JSONISH.map(json.dumps), st.text(max_size=80)))
def test_any_session_text_is_read_or_refused_cleanly(text):
    try:
        current, given, warnings = S.parse_text(text)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert current is None or isinstance(current, str)
    assert isinstance(given, dict) and isinstance(warnings, list)
    assert all(isinstance(w, str) and w for w in warnings)
