"""One pane class per view kind. A view of kind K (explorer.core.views) is drawn by the
class `PANE` in the module explorer.ui.panes.K, so adding a kind is adding a module."""

from __future__ import annotations

import importlib
import os

# Qt's raster engine hands big fills and image blits to a thread pool; for panes of this
# size the hand-over costs more than it saves (5.9's update: 43 ms with the pool, 25 ms
# without, on 2 cores). Qt reads this at its first paint.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")


def pane_class(kind: str):
    return importlib.import_module(f"explorer.ui.panes.{kind}").PANE
