"""Animation export (GIF and numbered PNGs while one parameter sweeps), its cancel leaving
nothing behind, the dialog behind File → Export animation, and `export --sweep` / `--all`."""

import itertools
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageChops

from explorer.cli import main
from explorer.core import registry
from explorer.core.errors import InputError
from explorer.core.sweep import make_sweep, parse_sweep
from explorer.ui.animation import AnimationRequest, ExportCancelled, export_animation

WIDTH = 240  # small frames keep the tests fast


def gif_frames(path: Path) -> list[Image.Image]:
    frames = []
    with Image.open(path) as im:
        for k in range(im.n_frames):
            im.seek(k)
            frames.append(im.convert("RGB"))
    return frames


def request(tmp_path, name="anim.gif", ex_id="5.3", sweep="mu=-2:2:4", **kw):
    ex = registry.get(ex_id)
    return AnimationRequest(ex, {}, parse_sweep(ex, sweep), tmp_path / name,
                            width=kw.pop("width", WIDTH), **kw)


# --- sweeps ---------------------------------------------------------------------------------
def test_sweep_values_include_both_ends():
    ex = registry.get("5.3")
    assert parse_sweep(ex, "mu=-2:2:5").values() == [-2.0, -1.0, 0.0, 1.0, 2.0]
    n = parse_sweep(registry.get("5.4"), "n=0:6:4")
    assert n.values() == [0, 2, 4, 6] and all(isinstance(v, int) for v in n.values())


@pytest.mark.parametrize("text, fragment", [
    ("mu=-2:2:1", "FRAMES must be an integer from 2 to 600"),
    ("mu=-2:2:601", "FRAMES must be an integer from 2 to 600"),
    ("mu=1:1:5", "START ≠ STOP"),
    ("mu=0:inf:5", "finite"),
    ("mu=a:2:5", "must be numbers"),
    ("mu=0:2:2.5", "FRAMES must be an integer"),
    ("mu:0:2:5", "NAME=START:STOP:FRAMES"),
    ("nu=0:2:5", "has no parameter 'nu'"),
])
def test_bad_sweeps_are_named(text, fragment):
    with pytest.raises(InputError, match=fragment):
        parse_sweep(registry.get("5.3"), text)


def test_integer_sweeps_stay_in_range_and_distinct():
    ex = registry.get("5.4")
    with pytest.raises(InputError, match="between 0 and 20"):
        make_sweep(ex, "n", 0, 21, 5)
    with pytest.raises(InputError, match="at most 4 frames"):
        make_sweep(ex, "n", 0, 3, 5)
    with pytest.raises(InputError, match="only scalar or integer"):
        make_sweep(registry.get("5.6-g"), "A", 0, 1, 3)


# --- writing --------------------------------------------------------------------------------
def test_gif_has_the_requested_frames_and_they_differ(qapp, tmp_path):
    seen = []
    written = export_animation(request(tmp_path, sweep="mu=-2:2:4", pane="f", fps=10),
                               progress=lambda done, total: seen.append((done, total)))
    assert written == [tmp_path / "anim.gif"]
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    frames = gif_frames(written[0])
    assert len(frames) == 4 and frames[0].width == WIDTH
    for a, b in itertools.pairwise(frames):
        assert ImageChops.difference(a, b).getbbox() is not None
    with Image.open(written[0]) as im:
        assert im.info["duration"] == 100 and im.info["loop"] == 0
    # the curve's colour (5.3's f is drawn in Okabe–Ito blue #0072B2) is in the frames
    pixels = np.asarray(frames[2]).reshape(-1, 3).astype(int)
    assert (np.abs(pixels - [0, 0x72, 0xB2]).sum(axis=1) < 60).any()
    assert list(tmp_path.iterdir()) == written  # no temporary files left
    umask = os.umask(0)
    os.umask(umask)
    assert written[0].stat().st_mode & 0o777 == 0o666 & ~umask  # not private like a temp


def test_png_sequence_is_numbered_and_all_panes(qapp, tmp_path):
    written = export_animation(request(tmp_path, "frames.png", ex_id="5.4", sweep="n=1:3:3"))
    assert [p.name for p in written] == ["frames_0001.png", "frames_0002.png",
                                         "frames_0003.png"]
    assert sorted(tmp_path.iterdir()) == written
    images = [Image.open(p).convert("RGB") for p in written]
    assert {im.size for im in images} == {images[0].size}
    # all three panes of 5.4 in two columns: wider than tall
    assert images[0].width == WIDTH and images[0].height < images[0].width
    assert ImageChops.difference(images[0], images[2]).getbbox() is not None


@pytest.mark.parametrize("name", ["anim.gif", "frames.png"])
def test_cancelled_export_leaves_nothing_behind(qapp, tmp_path, name):
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 3  # cancel after two frames were rendered and written

    (tmp_path / "keep.txt").write_text("unrelated")
    with pytest.raises(ExportCancelled):
        export_animation(request(tmp_path, name, sweep="x=-2:2:8"), cancelled=cancelled)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_cancel_keeps_an_existing_gif(qapp, tmp_path):
    target = tmp_path / "anim.gif"
    target.write_bytes(b"old")
    with pytest.raises(ExportCancelled):
        export_animation(request(tmp_path), cancelled=lambda: True)
    assert target.read_bytes() == b"old" and len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize("name", ["anim.gif", "frames.png"])
def test_error_midway_removes_the_partial_output(qapp, tmp_path, monkeypatch, name):
    ex = registry.get("5.3")
    real_views, calls = ex.views, []

    def failing_views(inputs):
        calls.append(1)
        if len(calls) > 3:  # the widget is built with one call, then a call per frame
            raise InputError("sigma is outside the domain")
        return real_views(inputs)

    monkeypatch.setattr(ex, "views", failing_views)
    with pytest.raises(InputError, match="at x = 0: sigma is outside"):
        export_animation(request(tmp_path, name, sweep="x=-2:2:5"))
    assert list(tmp_path.iterdir()) == []


def test_gif_width_is_capped(qapp, tmp_path):
    with pytest.raises(InputError, match="at most 1200 pixels"):
        export_animation(request(tmp_path, width=5000))
    assert list(tmp_path.iterdir()) == []


# --- the dialog -----------------------------------------------------------------------------
def test_menu_dialog_exports_and_cancel_via_progress_dialog(make_window, qtbot, tmp_path):
    from PySide6 import QtWidgets

    from explorer.ui.animation_dialog import run_with_progress

    window = make_window("5.3")
    action = window.export_animation_action
    assert action.shortcut().toString() == "Ctrl+Shift+A"
    dialog = window.export_animation_dialog()
    assert not dialog.isModal() and dialog.isVisible()
    assert [dialog.param_box.itemData(i) for i in range(dialog.param_box.count())] == [
        "x", "mu", "sigma"]
    dialog.param_box.setCurrentIndex(1)
    dialog.start.setValue(-1)
    dialog.stop.setValue(1)
    dialog.frames.setValue(3)
    dialog.width_box.setValue(240)
    dialog.path_edit.setText(str(tmp_path / "mu.gif"))
    req = dialog.request()
    assert req.sweep.values() == [-1.0, 0.0, 1.0] and req.pane == "f"

    class CancelAtTwo(QtWidgets.QProgressDialog):
        def setValue(self, value):
            super().setValue(value)
            if value == 2:
                self.cancel()

    progress = CancelAtTwo("frames", "Cancel", 0, 1, dialog)
    written, problem = run_with_progress(dialog, req, progress=progress)
    assert written == [] and problem.startswith("Cancelled")
    assert list(tmp_path.iterdir()) == []

    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.start_export()
    assert len(gif_frames(tmp_path / "mu.gif")) == 3
    assert "mu.gif" in window.statusBar().currentMessage()


def test_dialog_shows_problems_instead_of_exporting(make_window, tmp_path):
    window = make_window("5.4")
    dialog = window.export_animation_dialog()
    dialog.param_box.setCurrentIndex(dialog.param_box.findData("n"))
    assert dialog.start.decimals() == 0 and dialog.frames.value() == 21
    dialog.path_edit.setText(str(tmp_path / "n.txt"))
    dialog.start_export()
    assert ".gif" in dialog.message.text() and dialog.isVisible()
    assert list(tmp_path.iterdir()) == []
    dialog.close()


def test_dialog_without_sweepable_parameters(make_window):
    from PySide6 import QtWidgets

    window = make_window("5.5-f1")
    dialog = window.export_animation_dialog()
    assert "no scalar or integer parameter" in dialog.message.text()
    ok = dialog.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
    assert dialog.param_box.count() == 0 and not ok.isEnabled()
    dialog.close()


# --- command line ---------------------------------------------------------------------------
def test_cli_sweep_writes_gif(qapp, tmp_path, capsys):
    out = tmp_path / "x.gif"
    assert main(["export", "5.2", "--sweep", "x=-4:4:3", "--pane", "f", "--fps", "5",
                 "--width", "300", "--out", str(out)]) == 0
    assert "3 frames" in capsys.readouterr().err
    frames = gif_frames(out)
    assert len(frames) == 3 and frames[0].width == 300


@pytest.mark.parametrize("args, fragment", [
    (["5.3", "--sweep", "mu=0:1:5", "--out", "OUT/a.svg"], "must end in .gif"),
    (["5.3", "--sweep", "mu=0:1:700", "--out", "OUT/a.gif"], "2 to 600"),
    (["5.3", "--sweep", "mu=0:1:5", "--set", "mu=1", "--out", "OUT/a.gif"], "both set"),
    (["5.3", "--sweep", "mu=0:1:5", "--fps", "0", "--out", "OUT/a.gif"], "--fps"),
    (["5.3", "--sweep", "mu=0:1:5", "--pane", "nope", "--out", "OUT/a.gif"], "no pane"),
    (["5.3", "--fps", "5", "--out", "OUT/a.png"], "--fps goes with --sweep"),
    (["--all"], "--all needs --out-dir"),
    (["5.3", "--all", "--out-dir", "OUT"], "drop an exercise ID"),
    (["--all", "--out-dir", "OUT", "--sweep", "x=0:1:3"], "drop --sweep"),
    (["5.3", "--out", "OUT/a.png", "--svg"], "--svg goes with --all"),
    (["--out", "OUT/a.png"], "needs an exercise ID"),
    (["5.3"], "needs --out"),
])
def test_cli_bad_combinations_exit_2_with_one_line(tmp_path, capsys, args, fragment):
    args = [a.replace("OUT", str(tmp_path)) for a in args]
    assert main(["export", *args]) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_all_writes_every_pane_with_progress(tmp_path):
    out = tmp_path / "shots"  # created by --all (its parent exists)
    proc = subprocess.run(
        [sys.executable, "-m", "explorer", "export", "--all", "--out-dir", str(out),
         "--width", "300", "--svg"], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    expected = [f"{e}-{p.name}" for e in registry.ids() for p in registry.get(e).panes]
    assert sorted(p.name for p in out.glob("*.png")) == sorted(f"{s}.png" for s in expected)
    assert sorted(p.name for p in out.glob("*.svg")) == sorted(f"{s}.svg" for s in expected)
    lines = proc.stderr.splitlines()
    assert len(lines) == len(expected) == 34
    assert lines[2] == f"[ 3/34] 5.2 f → {out / '5.2-f.png'}, {out / '5.2-f.svg'}"
    image = Image.open(out / "5.4-taylor.png")
    assert image.width == 300
    # every pane alone at one size, the first of a many-pane exercise too
    sizes = set()
    for path in out.glob("*.png"):
        with Image.open(path) as shot:
            sizes.add(shot.size)
    assert sizes == {image.size}
    assert len(image.convert("RGB").getcolors(1 << 16) or range(1 << 16)) > 20  # not blank
