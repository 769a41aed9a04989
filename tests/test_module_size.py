"""Modules stay small: MainWindow composes its parts, and no module of the package is
long enough to hold several concepts."""

from pathlib import Path

import explorer

PACKAGE = Path(explorer.__file__).parent


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_main_window_is_under_300_lines():
    assert _lines(PACKAGE / "ui" / "main_window.py") < 300


def test_no_module_is_over_450_lines():
    long = {str(p.relative_to(PACKAGE)): _lines(p) for p in PACKAGE.rglob("*.py")
            if _lines(p) > 450}
    assert long == {}


def test_the_readme_explains_in_at_most_200_lines():
    assert _lines(PACKAGE.parent / "README.md") <= 200  # the measurement diary is in docs/
