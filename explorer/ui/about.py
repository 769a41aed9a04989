"""Help → About: the version (from the package metadata, i.e. pyproject.toml), the licence,
and the versions of the libraries the explorer runs on."""

from __future__ import annotations

import html
import platform
import sys
from importlib import metadata
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

import explorer

DIST_NAME = "vector-calculus-explorer"
APP_ID = "io.github.vector_calculus_explorer.Explorer"  # .desktop, icon, metainfo
ICON_NAME = f"{APP_ID}.svg"


def licence() -> str:
    """The licence named in pyproject.toml (via the installed metadata)."""
    try:
        meta = metadata.metadata(DIST_NAME)
    except metadata.PackageNotFoundError:
        return "MIT"
    return meta.get("License-Expression") or meta.get("License") or "MIT"


def component_versions() -> dict[str, str]:
    """Name → version of Qt, its binding and the numerical libraries, in display order."""
    import numpy
    import pyqtgraph
    import PySide6
    import sympy

    return {
        "Qt": QtCore.qVersion(),
        "PySide6": PySide6.__version__,
        "pyqtgraph": pyqtgraph.__version__,
        "NumPy": numpy.__version__,
        "SymPy": sympy.__version__,
        "Python": platform.python_version(),
    }


def resources_dir() -> Path:
    """`resources/` beside the code: at the top of the source tree, or inside a
    PyInstaller bundle (sys._MEIPASS)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(explorer.__file__).resolve().parent.parent / "resources"


def icon_path() -> Path | None:
    path = resources_dir() / ICON_NAME
    return path if path.is_file() else None


def about_html() -> str:
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>&nbsp;&nbsp;{html.escape(version)}</td></tr>"
        for name, version in component_versions().items())
    return (
        f"<h3>Vector Calculus Explorer {html.escape(explorer.__version__)}</h3>"
        "<p>The derivatives of <i>Mathematics for Machine Learning</i> (Deisenroth, Faisal, "
        "Ong), chapter 5, made visible.</p>"
        f"<p>Licence: {html.escape(licence())}</p>"
        f"<p>Running on:</p><table>{rows}</table>")


class AboutDialog(QtWidgets.QDialog):
    """The About box: icon, version, licence, component versions, and a button that copies
    the versions as plain text (handy in a bug report)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("About Vector Calculus Explorer")
        self.text = QtWidgets.QLabel(about_html())
        self.text.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.icon = QtWidgets.QLabel()
        path = icon_path()
        if path is not None:
            self.icon.setPixmap(QtGui.QIcon(str(path)).pixmap(96, 96))
        self.icon.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy versions",
                                 QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_versions)
        buttons.rejected.connect(self.reject)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def plain_text(self) -> str:
        lines = [f"Vector Calculus Explorer {explorer.__version__} (licence: {licence()})"]
        lines += [f"{name} {version}" for name, version in component_versions().items()]
        return "\n".join(lines)

    def copy_versions(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.plain_text())
