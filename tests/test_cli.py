"""The command line: list, the evaluate JSON contract, export, and bad input (status 2,
one line on stderr, no traceback)."""

import json
import math
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from explorer.cli import main
from explorer.core import registry


def run(*args, check_status=None):
    proc = subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True,
                          text=True, timeout=120)
    if check_status is not None:
        assert proc.returncode == check_status, proc.stderr
    return proc


def test_list_json_has_all_fifteen_in_order(capsys):
    assert main(["list", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in items] == list(registry.ids())
    assert len(items) == 15
    first = items[0]
    assert first["available"] and [p["name"] for p in first["panes"]] == ["f", "df"]
    x = first["parameters"][0]
    assert x["name"] == "x" and x["min"] < x["default"] < x["max"]


def test_list_table_mentions_every_id(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for i in registry.ids():
        assert i in out


def evaluate(capsys, *args):
    assert main(["evaluate", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_evaluate_5_1_contract(capsys):
    out = evaluate(capsys, "5.1", "--set", "x=0.7")
    assert set(out) == {"exercise", "inputs", "value", "derivative", "shape"}
    assert out["exercise"] == "5.1" and out["inputs"] == {"x": 0.7}
    x = 0.7
    assert out["value"] == pytest.approx(math.log(x**4) * math.sin(x**3))
    assert out["derivative"] == pytest.approx(
        4 * math.sin(x**3) / x + 3 * x**2 * math.cos(x**3) * math.log(x**4))
    assert out["shape"] == []


def test_evaluate_defaults_echo_every_input(capsys):
    out = evaluate(capsys, "5.3")
    assert set(out["inputs"]) == {"x", "mu", "sigma"}
    x, mu, s = out["inputs"]["x"], out["inputs"]["mu"], out["inputs"]["sigma"]
    f = math.exp(-((x - mu) ** 2) / (2 * s**2))
    assert out["value"] == pytest.approx(f)
    assert out["derivative"] == pytest.approx(-(x - mu) / s**2 * f)


def test_evaluate_5_4_taylor_key(capsys):
    out = evaluate(capsys, "5.4", "--set", "x=0.5", "--set", "n=3")
    assert out["inputs"] == {"x": 0.5, "n": 3, "x0": 0.0}
    assert out["taylor"] == pytest.approx([1, 1.5, 1.375, 1.375 - 0.125 / 6])


def test_evaluate_sigmoid_extreme(capsys):
    out = evaluate(capsys, "5.2", "--set", "x=-1000")
    assert out["value"] == 0.0 and out["derivative"] == 0.0


@pytest.mark.parametrize("args, fragment", [
    (["evaluate", "9.9"], "unknown exercise id '9.9'"),
    (["evaluate", "5.1", "--set", "y=1"], "unknown parameter 'y'"),
    (["evaluate", "5.1", "--set", "x=abc"], "cannot parse value of x"),
    (["evaluate", "5.1", "--set", "x=[1,2]"], "x must be a number"),
    (["evaluate", "5.1", "--set", "x"], "NAME=VALUE"),
    (["evaluate", "5.1", "--set", "x=0"], "outside the domain"),
    (["evaluate", "5.3", "--set", "sigma=0"], "sigma = 0"),
    (["evaluate", "5.4", "--set", "n=21.5"], "n must be an integer"),
    (["evaluate", "5.4", "--set", "n=-1"], "n must be between"),
    (["evaluate", "5.1", "--set", "x=NaN"], "x must be finite"),
    (["evaluate", "5.1", "--set", "x=1", "--set", "x=2"], "set twice"),
    (["export", "5.1", "--out", "/tmp/x.gif"], "must end in .png, .svg or .csv"),
    (["export", "5.1", "--pane", "nope", "--out", "/tmp/x.png"], "no pane 'nope'"),
    (["export", "5.1", "--out", "/no/such/dir/x.png"], "does not exist"),
    (["export", "5.4", "--out", "/tmp/x.csv"], "choose one with --pane"),
    (["evaluate", "5.1", "--set", "x=__import__('os')"], "cannot parse"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_exits_2_with_one_line(capsys, args, fragment):
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(args))
    assert info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert fragment in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_the_registry_holds_the_books_fifteen_in_order():
    """The one place the ids are written out besides the exercises: the specification."""
    assert registry.ids() == ("5.1", "5.2", "5.3", "5.4", "5.5-f1", "5.5-f2", "5.5-f3",
                              "5.6-f", "5.6-g", "5.7a", "5.7b", "5.8a", "5.8b", "5.8c", "5.9")


def test_bad_input_from_a_real_process():
    proc = run("evaluate", "5.3", "--set", "sigma=0", check_status=2)
    assert proc.stdout == "" and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_version_and_help():
    from explorer import __version__

    assert run("--version", check_status=0).stdout.strip().endswith(__version__)
    helptext = run("--help", check_status=0).stdout
    for word in ("list", "evaluate", "export", "--exercise", "--screenshot"):
        assert word in helptext


def test_export_png_svg_csv(tmp_path):
    from PIL import Image

    png, svg, csv = tmp_path / "a.png", tmp_path / "a.svg", tmp_path / "a.csv"
    run("export", "5.3", "--set", "mu=1", "--out", str(png), check_status=0)
    image = Image.open(png)
    assert image.width >= 1600
    colours = image.convert("RGB").getcolors(1 << 20)
    assert len(colours) > 50  # not a blank page
    run("export", "5.1", "--pane", "df", "--out", str(svg), "--width", "800", check_status=0)
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert sum(1 for el in root.iter() if el.tag.endswith(("path", "polyline"))) > 5
    run("export", "5.4", "--pane", "coefficients", "--out", str(csv), check_status=0)
    lines = csv.read_text().splitlines()
    assert lines[0] == "k,f⁽ᵏ⁾(x₀)/k!" and len(lines) == 1 + 6
    assert lines[1] == "0,1.0"
    assert not list(tmp_path.glob(".*part"))  # atomic writes leave no temporary files


def test_evaluate_imports_only_what_its_exercise_needs():
    """`evaluate 5.7b` is NumPy work: neither SymPy (the other exercises' modules) nor Qt
    is imported, so the command starts fast."""
    code = ("import sys; from explorer.cli import main; status = main(['evaluate', '5.7b']); "
            "print(sorted(m for m in ('sympy', 'PySide6', 'pyqtgraph') if m in sys.modules),"
            " status, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.stderr.strip().splitlines()[-1] == "[] 0"
    assert json.loads(proc.stdout)["shape"] == [3, 2]


@pytest.mark.parametrize("near_miss", ["5-1", "5_1"])
def test_an_id_is_taken_as_written(capsys, near_miss):
    assert main(["evaluate", near_miss]) == 2
    assert f"unknown exercise id {near_miss!r}" in capsys.readouterr().err


def test_a_reader_that_stops_early_gets_no_error_line():
    proc = subprocess.Popen([sys.executable, "-m", "explorer", "list", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # as `| head` does once it has read enough
    with proc.stderr:
        stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert stderr == ""


def test_an_answer_from_standard_input_loses_its_line_break():
    proc = subprocess.run([sys.executable, "-m", "explorer", "check", "5.8b", "-"],
                          input="2*x.T\n", capture_output=True, text=True, timeout=120)
    assert json.loads(proc.stdout)["answer"] == "2*x.T"
