"""Nothing in explorer/ patches a library: no assignment to, deletion of, or setattr on
an attribute of a module or class the code imported from outside the project (pyqtgraph,
PySide6, numpy, …; the standard library's hooks excepted, and the settings object a
library documents as the way to configure it, `ziamath.config`). The project extends libraries
by subclassing and public API instead. The scan reads the source (AST), following names
bound to an import (`import pyqtgraph as pg`, `from pyqtgraph import functions as fn`)
and names assigned from them (`Axis = pg.AxisItem`)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

EXPLORER = Path(__file__).resolve().parents[1] / "explorer"
SETTERS = {"setattr", "delattr"}  # builtins; also object.__setattr__, type.__setattr__, …
DUNDER_SETTERS = {"__setattr__", "__delattr__"}
SETTINGS = ("ziamath.config.",)  # documented settings objects, written to by design


def _external(module: str | None, level: int) -> bool:
    if level or not module:
        return False
    top = module.split(".")[0]
    return top != "explorer" and top not in sys.stdlib_module_names


def _root(node: ast.AST) -> ast.AST:
    """The name an attribute/subscript chain starts from (`pg` in pg.A.b["c"]);
    `vars(x)` and `x.__dict__` count as x."""
    while True:
        if isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
            node = node.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "vars" and node.args):
            node = node.args[0]
        else:
            return node


def _library_names(tree: ast.AST) -> set[str]:
    """Names bound to something imported from a library, directly or by assignment."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name.split(".")[0]) for a in node.names
                      if _external(a.name, 0)}
        elif isinstance(node, ast.ImportFrom) and _external(node.module, node.level):
            names |= {a.asname or a.name for a in node.names}
    grew = True
    while grew:  # aliases of aliases
        grew = False
        for node in ast.walk(tree):
            value = getattr(node, "value", None)
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and value:
                root = _root(value)
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if isinstance(root, ast.Name) and root.id in names:
                    for target in targets:
                        if isinstance(target, ast.Name) and target.id not in names:
                            names.add(target.id)
                            grew = True
    return names


def _targets(node: ast.AST):
    """The expressions an assignment or deletion writes to (tuples unpacked)."""
    if isinstance(node, ast.Assign):
        found = list(node.targets)
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        found = [node.target]
    elif isinstance(node, ast.Delete):
        found = list(node.targets)
    else:
        return []
    out = []
    while found:
        target = found.pop()
        if isinstance(target, (ast.Tuple, ast.List)):
            found.extend(target.elts)
        elif isinstance(target, ast.Starred):
            found.append(target.value)
        else:
            out.append(target)
    return out


def patches(source: str, filename: str = "<source>") -> list[str]:
    """One line per patch found in `source`: where, and what it writes to."""
    tree = ast.parse(source, filename)
    library = _library_names(tree)

    def is_library(expr: ast.AST) -> bool:
        root = _root(expr)
        return isinstance(root, ast.Name) and root.id in library

    found = []
    for node in ast.walk(tree):
        for target in _targets(node):
            if (isinstance(target, (ast.Attribute, ast.Subscript)) and is_library(target)
                    and not ast.unparse(target).startswith(SETTINGS)):
                found.append(f"{filename}:{node.lineno}: writes {ast.unparse(target)}")
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            setter = (isinstance(func, ast.Name) and func.id in SETTERS) or (
                isinstance(func, ast.Attribute) and func.attr in DUNDER_SETTERS)
            if setter and is_library(node.args[0]):
                found.append(f"{filename}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_explorer_patches_no_library():
    sources = sorted(EXPLORER.rglob("*.py"))
    assert len(sources) > 20  # (the scan found the package)
    found = [line for path in sources
             for line in patches(path.read_text(encoding="utf-8"),
                                 str(path.relative_to(EXPLORER.parent)))]
    assert found == []


@pytest.mark.parametrize("source", [
    "import pyqtgraph as pg\npg.LabelItem.setText = lambda self, t: None",
    "import pyqtgraph\npyqtgraph.AxisItem.setRange = None",
    "import pyqtgraph.functions\npyqtgraph.functions.mkPen = None",
    "from pyqtgraph import functions_qimage as q\nq.try_make_qimage = None",
    "from pyqtgraph import AxisItem\nAxisItem.__init__ = None",
    "from PySide6 import QtWidgets\nQtWidgets.QGraphicsItem.paint = None",
    "import pyqtgraph as pg\nA = pg.AxisItem\nB = A\nB.setTicks = None",
    "import pyqtgraph as pg\nsetattr(pg.ViewBox, 'itemBoundsChanged', None)",
    "import pyqtgraph as pg\ndelattr(pg.ViewBox, 'itemBoundsChanged')",
    "import pyqtgraph as pg\nobject.__setattr__(pg.PlotItem, 'setTitle', None)",
    "import pyqtgraph as pg\npg.PlotItem.setTitle, x = None, 1",
    "import pyqtgraph as pg\npg.CONFIG_OPTIONS['antialias'] = True",
    "import pyqtgraph as pg\nvars(pg.PlotItem)['setTitle'] = None",
    "import numpy as np\nnp.array_equal = None",
    "import pyqtgraph as pg\ndef f():\n    pg.LabelItem.updateMin = None",
    "import pyqtgraph as pg\npg.LabelItem.count += 1",
    "import pyqtgraph as pg\ndel pg.LabelItem.resizeEvent",
    "import ziamath\nziamath.Latex.svg = None",
])
def test_the_scan_finds_a_patch(source):
    assert len(patches(source)) == 1


@pytest.mark.parametrize("source", [
    "import pyqtgraph as pg\nclass Axis(pg.AxisItem):\n    def f(self):\n"
    "        self.textWidth = 0",
    "import pyqtgraph as pg\nclass Axis(pg.AxisItem):\n    pass\nAxis.cached = True",
    "import pyqtgraph as pg\nitem = pg.TextItem()\nitem.setText('x')",
    "import os\nos.environ['QT_NO_GUI_THREADPOOL'] = '1'",
    "from explorer.ui.panes import label\nlabel.WIDTH_SLACK = 3",
    "from .label import Label\nLabel.x = 1",
    "import pyqtgraph as pg\npg.setConfigOptions(antialias=True)",
    "import ziamath\nziamath.config.svg2 = False",
])
def test_the_scan_leaves_the_projects_own_code_alone(source):
    assert patches(source) == []
