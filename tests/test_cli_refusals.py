"""Every refusal of the command line is specific and alone: one line saying what is wrong,
with no internal error, no library warning beside it, and nothing written."""

import os
import subprocess
import sys
import warnings

import pytest

from explorer import cli
from explorer.core import registry

HUGE = "1" + "0" * 400
MANY_DIGITS = "1" * 4301


def refusal(capsys, args) -> str:
    assert cli.main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("error: ")
    assert "internal error" not in err
    return err


@pytest.mark.parametrize("text, got", [
    (HUGE, "∞"), ("-" + HUGE, "−∞"), (MANY_DIGITS, "∞"), ("1e400", "∞"), ("2e6", "2e+06"),
])
def test_huge_numbers_are_out_of_range_like_any_other(capsys, text, got):
    err = refusal(capsys, ["evaluate", "5.1", "--set", f"x={text}"])
    assert err == f"error: x must be between −1e+06 and 1e+06, got {got}\n"


@pytest.mark.parametrize("args, fragment", [
    (["5.7b", "--set", f"x=[{HUGE}, 1]"], "the entries of x must be between"),
    (["5.7b", "--set", f"x=[{MANY_DIGITS}, 1]"], "the entries of x must be between"),
    (["5.4", "--set", f"n={HUGE}"], "n must be between 0 and 20, got ∞"),
    (["5.4", "--set", f"n=-{MANY_DIGITS}"], "n must be between 0 and 20, got −∞"),
])
def test_huge_numbers_in_vectors_and_integers(capsys, args, fragment):
    assert fragment in refusal(capsys, ["evaluate", *args])


@pytest.mark.parametrize("width", ["0", "199", "-5", "10001"])
@pytest.mark.parametrize("extra", [["5.1", "--out", "OUT/a.png"],
                                   ["5.3", "--sweep", "mu=0:1:3", "--out", "OUT/a.gif"],
                                   ["--all", "--out-dir", "OUT/all"]],
                         ids=["still", "sweep", "all"])
def test_every_width_outside_the_range_is_refused(tmp_path, capsys, width, extra):
    args = [a.replace("OUT", str(tmp_path)) for a in extra]
    err = refusal(capsys, ["export", *args, "--width", width])
    assert f"--width must be between 200 and 10000, got {width}" in err
    assert list(tmp_path.rglob("*.*")) == []


@pytest.mark.parametrize("args, fragment", [
    (["5.3", "--sweep", "sigma=1:-1:3"], "at sigma = 0: sigma = 0 is outside the domain"),
    (["5.8a", "--set", "skew=0", "--sweep", "rho=-1:1:3"], "at rho = -1: S is singular"),
    (["5.3", "--sweep", "mu=-2e6:0:3"], "at mu = -2e+06: mu must be between"),
    (["5.5-f3", "--set", "n=3", "--sweep", "k=1:5:5"], "at k = 4: k = 4 is not a slice"),
])
@pytest.mark.parametrize("name", ["a.gif", "f.png"])
def test_a_sweep_checks_every_frame_before_writing(tmp_path, capsys, args, fragment, name):
    (tmp_path / "f_0001.png").write_bytes(b"old")
    err = refusal(capsys, ["export", *args, "--out", str(tmp_path / name)])
    assert fragment in err
    assert [p.name for p in tmp_path.iterdir()] == ["f_0001.png"]
    assert (tmp_path / "f_0001.png").read_bytes() == b"old"


def test_qt_warnings_stay_off_stderr(tmp_path):
    """A tiny σ makes Qt warn about a glyph too large for its rasteriser."""
    target = tmp_path / "b.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("EXPLORER_DEBUG", None)
    proc = subprocess.run([sys.executable, "-m", "explorer", "export", "5.3", "--set",
                           "sigma=1e-300", "--width", "400", "--out", str(target)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0 and proc.stderr == f"wrote {target}\n"


def test_library_warnings_stay_off_stderr(capsys, monkeypatch):
    import numpy as np

    ex = registry.get("5.1")
    real = ex.evaluate

    def evaluate(inputs):
        np.log(np.zeros(1))  # NumPy's "divide by zero" RuntimeWarning
        warnings.warn("a library's remark", DeprecationWarning, stacklevel=1)
        return real(inputs)

    monkeypatch.setattr(ex, "evaluate", evaluate)
    def show(message, category, filename, lineno, file=None, line=None):
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))

    with warnings.catch_warnings():  # shown on stderr, as outside the test suite
        warnings.simplefilter("default")
        warnings.showwarning = show  # the documented hook; put back on leaving the block
        assert cli.main(["evaluate", "5.1"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith('{"exercise": "5.1"') and err == ""


# --- many --set options ----------------------------------------------------------------------

def test_many_set_options_reach_argparse_as_one(monkeypatch, capsys):
    """argparse's time grows with the square of the number of options: all but the first
    `--set` are taken out before it parses, and come back in order."""
    seen = []
    real = cli.build_parser

    def spying():
        parser = real()
        parse = parser.parse_args
        parser.parse_args = lambda argv: seen.append(list(argv)) or parse(argv)
        return parser

    monkeypatch.setattr(cli, "build_parser", spying)
    sets = [f"--set=p{i}=1" for i in range(20_000)]
    err = refusal(capsys, ["evaluate", "5.1", *sets])
    assert err == "error: unknown parameter 'p0' for 5.1 (takes: x)\n"
    assert sum(a.startswith("--set") for a in seen[0]) == 1


@pytest.mark.parametrize("argv, kept, values", [
    (["evaluate", "5.1", "--set", "x=1", "--set=y=2", "--set", "z=3"],
     ["evaluate", "5.1", "--set", "x=1"], ["y=2", "z=3"]),
    (["evaluate", "5.1", "--set", "x=1", "--", "--set", "y=2"],
     ["evaluate", "5.1", "--set", "x=1", "--", "--set", "y=2"], []),
    (["evaluate", "5.1", "--set", "x=1", "--set"], ["evaluate", "5.1", "--set", "x=1", "--set"],
     []),
    (["list"], ["list"], []),
])
def test_gathering_set_options(argv, kept, values):
    assert cli._gather_sets(argv) == (kept, values)


def test_a_gathered_option_set_twice_is_refused(capsys):
    err = refusal(capsys, ["evaluate", "5.1", "--set", "x=1", "--set", "y=1", "--set", "x=2"])
    assert err == "error: parameter 'x' is set twice\n"


@pytest.mark.parametrize("args, fragment", [
    (["list", "--set", "x=1", "--set", "x=2"], "unrecognized arguments: --set x=1"),
    (["evaluate", "5.1", "--set", "x=1", "--set"], "expected one argument"),
])
def test_argparse_still_refuses_what_it_refused(capsys, args, fragment):
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    assert info.value.code == 2 and fragment in capsys.readouterr().err
