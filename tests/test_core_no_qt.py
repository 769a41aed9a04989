"""The computation core never imports Qt: checked in a fresh interpreter."""

import json
import subprocess
import sys


def test_core_imports_no_qt():
    code = (
        "import sys, json\n"
        "from explorer.core import registry\n"
        "registry.describe_all()\n"
        "for ex in registry.exercises():\n"
        "    v = ex.inputs(); ex.evaluate(v); ex.views(v)\n"
        "import explorer.cli\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph', 'superqt'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout) == []
