"""Shipping: the About box, the .desktop entry, icon and AppStream file, the install
script, and (slow) the PyInstaller bundle with its headless self-check."""

import configparser
import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.vector_calculus_explorer.Explorer"
RESOURCES = ROOT / "resources"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
ICON = RESOURCES / f"{APP_ID}.svg"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"
MIME = RESOURCES / f"{APP_ID}.mime.xml"
SESSION_ARG = " --session=%f"  # the entry opens a session file it is given (none: empty)
INSTALL = ROOT / "scripts" / "install-desktop"


def pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]


def desktop_entry(path: Path) -> dict:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def load_selfcheck():
    spec = importlib.util.spec_from_file_location("vc_selfcheck",
                                                  ROOT / "packaging" / "selfcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- version and About ------------------------------------------------------------------
def test_version_comes_from_pyproject():
    import explorer

    version = pyproject()["version"]
    assert explorer.__version__ == version
    out = subprocess.run([sys.executable, "-m", "explorer", "--version"], capture_output=True,
                         text=True, check=True).stdout
    assert out.split()[-1] == version
    releases = ET.parse(METAINFO).getroot().find("releases")
    assert releases[0].get("version") == version, "add a <release> for the new version"


def test_about_dialog_shows_version_licence_and_component_versions(make_window):
    import numpy
    import pyqtgraph
    import PySide6
    import sympy
    from PySide6 import QtCore

    import explorer
    from explorer.ui.about import AboutDialog

    window = make_window("5.1")
    # (the action is kept: before PySide6 6.11.3 its menu died with a temporary action)
    help_action = next(a for a in window.menuBar().actions() if a.text() == "&Help")
    help_action.menu().actions()[0].trigger()
    dialogs = [w for w in window.findChildren(AboutDialog) if w.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    text = dialog.text.text()
    assert f"Vector Calculus Explorer {explorer.__version__}" in text
    assert f"Licence: {pyproject()['license']}" in text
    for name, version in [("Qt", QtCore.qVersion()), ("PySide6", PySide6.__version__),
                          ("pyqtgraph", pyqtgraph.__version__), ("NumPy", numpy.__version__),
                          ("SymPy", sympy.__version__)]:
        assert f"<td>{name}</td><td>&nbsp;&nbsp;{version}</td>" in text
    assert not dialog.icon.pixmap().isNull()
    dialog.copy_versions()
    copied = PySide6.QtWidgets.QApplication.clipboard().text()
    assert f"SymPy {sympy.__version__}" in copied and "(licence: MIT)" in copied
    dialog.close()


# --- dependency bounds ---------------------------------------------------------------------
def declared_requirements() -> list[Requirement]:
    project = pyproject()
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines += extra
    return [Requirement(line) for line in lines]


def lowest_pins(path: Path = ROOT / "packaging" / "constraints-lowest.txt") -> dict:
    pins = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def test_every_dependency_has_a_lower_and_an_upper_bound():
    for requirement in declared_requirements():
        operators = sorted(spec.operator for spec in requirement.specifier)
        assert operators == ["<", ">="], f"{requirement}: give it >=LOWEST,<NEXT_MINOR"


def test_lowest_constraints_pin_every_dependency_at_its_lower_bound():
    pins = lowest_pins()
    declared = {canonicalize_name(r.name) for r in declared_requirements()}
    assert set(pins) == declared, "packaging/constraints-lowest.txt and pyproject differ"
    for requirement in declared_requirements():
        pin = pins[canonicalize_name(requirement.name)]
        lower = next(Version(s.version) for s in requirement.specifier if s.operator == ">=")
        assert pin == lower, f"{requirement}: constraints-lowest.txt pins {pin}"
        assert requirement.specifier.contains(pin), f"{requirement} excludes the pin {pin}"


# --- desktop entry, icon, metainfo -------------------------------------------------------
def needs(tool: str, package: str) -> pytest.MarkDecorator:
    """Skip where an external validator is missing, naming the Debian package that brings
    it; under CI, which installs it (.ci/run), run anyway so that a missing one fails."""
    missing = shutil.which(tool) is None and not os.environ.get("CI")
    return pytest.mark.skipif(missing, reason=f"{tool} not found (Debian package {package})")


def test_a_missing_validator_skips_naming_its_package_but_not_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    mark = needs("no-such-validator", "some-package")
    assert mark.args == (True,)
    assert mark.kwargs["reason"] == "no-such-validator not found (Debian package some-package)"
    assert needs("sh", "dash").args == (False,)
    monkeypatch.setenv("CI", "true")
    assert needs("no-such-validator", "some-package").args == (False,)


def desktop_file_validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                          text=True, check=False)


@needs("desktop-file-validate", "desktop-file-utils")
def test_desktop_entry_passes_desktop_file_validate():
    result = desktop_file_validate(DESKTOP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout


def test_desktop_entry_matches_the_app_id():
    entry = desktop_entry(DESKTOP)
    assert entry["Type"] == "Application"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == "vc-explorer-gui" + SESSION_ARG  # installed: another program
    # Wayland matches windows to entries by the desktop file name the app announces.
    assert f'setDesktopFileName("{APP_ID}")' in (ROOT / "explorer/ui/app.py").read_text()


@needs("appstreamcli", "appstream")
def test_metainfo_passes_appstreamcli():
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_names_the_entry():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("project_license") == pyproject()["license"]


def test_icon_is_an_svg_that_draws(qapp):
    from PySide6 import QtCore, QtGui, QtSvg

    renderer = QtSvg.QSvgRenderer(str(ICON))
    assert renderer.isValid()
    image = QtGui.QImage(64, 64, QtGui.QImage.Format.Format_ARGB32)
    image.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(image)
    renderer.render(painter)
    painter.end()
    opaque = sum(image.pixelColor(x, y).alpha() > 200 for x in range(64) for y in range(64))
    assert opaque > 0.6 * 64 * 64  # the rounded square fills most of it
    corner = image.pixelColor(1, 1).alpha()
    assert corner == 0  # rounded corners stay transparent


# --- install-desktop ---------------------------------------------------------------------
def _install(script: Path, home: Path, *args: str):
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
    env["HOME"] = str(home)
    return subprocess.run(["bash", str(script), *args], env=env, capture_output=True,
                          text=True, check=False)


def _installed(home: Path) -> dict[str, Path]:
    share = home / ".local" / "share"
    return {"entry": share / "applications" / f"{APP_ID}.desktop",
            "icon": share / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg",
            "metainfo": share / "metainfo" / f"{APP_ID}.metainfo.xml",
            "mime": share / "mime" / "packages" / f"{APP_ID}.xml"}


def test_install_desktop_installs_and_uninstalls(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    target = tmp_path / "my apps" / "vc explorer"
    result = _install(INSTALL, home, "--exec", str(target))
    assert result.returncode == 0, result.stderr
    files = _installed(home)
    assert all(path.is_file() for path in files.values())
    entry = desktop_entry(files["entry"])
    assert entry["Exec"] == f'"{target}"' + SESSION_ARG  # quoted: the path has spaces
    assert entry["Icon"] == APP_ID
    assert files["icon"].read_bytes() == ICON.read_bytes()

    result = _install(INSTALL, home, "--uninstall")
    assert result.returncode == 0, result.stderr
    assert not any(path.exists() for path in files.values())


@needs("desktop-file-validate", "desktop-file-utils")
def test_installed_entry_with_a_spaced_path_passes_desktop_file_validate(tmp_path):
    home = tmp_path / "home"
    result = _install(INSTALL, home, "--exec", str(tmp_path / "my apps" / "vc explorer"))
    assert result.returncode == 0, result.stderr
    check = desktop_file_validate(_installed(home)["entry"])
    assert check.returncode == 0, check.stdout


def _fake_tree(tmp_path: Path, layout: str) -> tuple[Path, Path]:
    """A copy of install-desktop in a source-tree or bundle layout; returns the script and
    the executable it should pick."""
    if layout == "source":
        script = tmp_path / "tree" / "scripts" / "install-desktop"
        resources = tmp_path / "tree" / "resources"
        exe = tmp_path / "tree" / ".venv" / "bin" / "vc-explorer-gui"
    else:
        script = tmp_path / "bundle" / "install-desktop"
        resources = tmp_path / "bundle" / "_internal" / "resources"
        exe = tmp_path / "bundle" / "vc-explorer"
    for folder in (script.parent, resources, exe.parent):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(INSTALL, script)
    for path in (DESKTOP, ICON, METAINFO, MIME):
        shutil.copy(path, resources / path.name)
    exe.write_text("#!/bin/sh\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return script, exe


@pytest.mark.parametrize("layout", ["source", "bundle"])
def test_install_desktop_finds_what_to_start(tmp_path, layout):
    script, exe = _fake_tree(tmp_path, layout)
    home = tmp_path / "home"
    result = _install(script, home)
    assert result.returncode == 0, result.stderr
    assert desktop_entry(_installed(home)["entry"])["Exec"] == str(exe) + SESSION_ARG


def test_install_desktop_without_anything_to_start_says_so(tmp_path):
    script, exe = _fake_tree(tmp_path, "source")
    exe.unlink()
    result = _install(script, tmp_path / "home")
    assert result.returncode == 1
    assert "scripts/build-bundle" in result.stderr
    assert not _installed(tmp_path / "home")["entry"].exists()


# --- the bundle (slow: one PyInstaller build, about 1–2 minutes) ---------------------------
@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    result = subprocess.run(
        [str(ROOT / "scripts" / "build-bundle"), "--dist", str(out / "dist"),
         "--work", str(out / "work"), "--no-check"],
        capture_output=True, text=True, check=False, timeout=1800)
    assert result.returncode == 0, result.stderr[-5000:]
    yield out / "dist" / "vc-explorer"
    shutil.rmtree(out, ignore_errors=True)  # about 300 MB; pytest keeps old tmp folders


@pytest.mark.slow
def test_bundle_passes_its_headless_selfcheck(bundle):
    selfcheck = load_selfcheck()
    lines = []
    results = selfcheck.run_all(bundle, report=lines.append)
    assert len(lines) == len(selfcheck.CHECKS)
    assert results["--version"].endswith(" " + pyproject()["version"])
    assert results["evaluate 5.7b"]["shape"] == [3, 2]
    export = results["export 5.1"]
    assert export["width"] == 1600 and export["ink"] > 0.01 and export["colours"] > 8
    assert results["window 5.7b"]["ink"] > 0.05


@pytest.mark.slow
def test_bundle_holds_its_data_and_leaves_out_the_unneeded(bundle):
    internal = bundle / "_internal"
    derivations = sorted((internal / "explorer/core/exercises").glob("*.json"))
    assert len(derivations) == 15
    assert list((internal / "ziamath" / "fonts").glob("*.[ot]tf"))
    assert list((internal / "pyqtgraph" / "colors" / "maps").glob("*.csv"))
    for path in (DESKTOP, ICON, METAINFO, MIME):
        assert (internal / "resources" / path.name).read_bytes() == path.read_bytes()
    assert os.access(bundle / "install-desktop", os.X_OK)
    assert not (internal / "PySide6/Qt/translations").exists()
    from PyInstaller.archive.readers import CArchiveReader

    modules = set(CArchiveReader(str(bundle / "vc-explorer")).open_embedded_archive(
        "PYZ.pyz").toc)
    assert {"explorer.core.exercises.ex5_9", "explorer.ui.about", "sympy"} <= modules
    assert not [m for m in modules if m.startswith(("sympy.testing", "mpmath.tests"))
                or ".tests." in m]
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    assert size < 400e6, f"the bundle grew to {size / 1e6:.0f} MB"


@pytest.mark.slow
def test_bundle_install_desktop_points_at_the_bundle(bundle, tmp_path):
    home = tmp_path / "home"
    result = _install(bundle / "install-desktop", home)
    assert result.returncode == 0, result.stderr
    entry = desktop_entry(_installed(home)["entry"])
    assert entry["Exec"] == str((bundle / "vc-explorer").resolve()) + SESSION_ARG
