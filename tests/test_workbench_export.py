"""A workbench expression exports like any exercise: `export --expr EXPR --wrt X` to PNG,
SVG, CSV and (sweeping a parameter) GIF, and `export --all` writes "My expressions" (those
of the window's settings store) after the exercises."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from explorer import cli
from explorer.core.workbench import derive
from explorer.core.workbench.exercise import Spec

TRACE = "tr(A@X.T@B@X@C)"


def test_csv_of_the_gradient_holds_the_derivation_s_numbers(tmp_path):
    out = tmp_path / "g.csv"
    assert cli.main(["export", "--expr", TRACE, "--wrt", "X", "--pane", "gradient",
                     "--out", str(out)]) == 0
    rows = list(csv.reader(out.read_text().splitlines()))
    d = derive(TRACE, "X")
    got = np.array([[float(x) for x in row[1:]] for row in rows[1:]])
    np.testing.assert_allclose(got, d.derivative(d.problem.inputs))


def test_csv_with_sizes_and_a_value_set(tmp_path):
    out = tmp_path / "j.csv"
    assert cli.main(["export", "--expr", "sin(A@x)", "--wrt", "x", "--shape", "x=2",
                     "--shape", "A=4x2", "--set", "x=[0.5, -1]", "--pane", "derivative",
                     "--out", str(out)]) == 0
    rows = list(csv.reader(out.read_text().splitlines()))
    assert len(rows) == 1 + 4 and len(rows[0]) == 1 + 2  # the 4×2 Jacobian


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_every_pane_as_an_image(tmp_path, suffix):
    out = tmp_path / f"all{suffix}"
    assert cli.main(["export", "--expr", TRACE, "--wrt", "X", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data[:2000]


def test_an_animation_of_a_scalar_expression(tmp_path):
    out = tmp_path / "f.gif"
    assert cli.main(["export", "--expr", "a^2*sin(a)", "--wrt", "a", "--sweep",
                     "a=-2:2:3", "--width", "300", "--out", str(out)]) == 0
    assert out.read_bytes()[:6] in (b"GIF87a", b"GIF89a")


@pytest.mark.parametrize(("args", "says"), [
    (["5.1", "--expr", "x", "--wrt", "x"], "not both"),
    (["5.1", "--wrt", "x"], "--wrt goes with --expr"),
    (["--expr", "x.T@x"], "needs --wrt"),
    (["--expr", "tr(A@X", "--wrt", "X"], "never closed"),
    (["--all", "--out-dir", ".", "--expr", "x"], "drop --expr"),
])
def test_refusals_are_one_line_and_status_2(tmp_path, capsys, args, says):
    status = cli.main(["export", *args, "--out", str(tmp_path / "x.png")]
                      if "--all" not in args else ["export", *args])
    err = capsys.readouterr().err
    assert status == 2 and says in err and err.count("\n") == 1


def test_export_all_writes_my_expressions_after_the_exercises(tmp_path):
    import io

    from explorer.ui.batch_export import export_all

    log = io.StringIO()
    good, bad = Spec.make("sin(A@x)", "x"), Spec.make("x.T@A@x", "x", {"x": (2, 1)})
    assert export_all(tmp_path, width=300, log=log, expressions=[good, bad],
                      exercises=[]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"{good.id}-{pane}.png" for pane in ("chain", "derivative", "value")]
    assert any("skipped" in line and "x.T@A@x" in line for line in log.getvalue().splitlines())


def test_export_all_takes_my_expressions_from_the_settings_store():
    from explorer.cli_export import _stored_expressions
    from explorer.core import session as S
    from explorer.ui.session import default_settings

    settings = default_settings()
    spec = Spec.make("sin(A@x)", "x")
    settings.setValue("session", json.dumps(S.to_document(None, {}, [spec])))
    settings.sync()
    try:
        assert _stored_expressions() == [spec]
    finally:
        settings.clear()
        settings.sync()
