"""One pane class per view kind. A view of kind K (explorer.core.views) is drawn by the
class `PANE` in the module explorer.ui.panes.K, so adding a kind is adding a module."""

from __future__ import annotations

import importlib

from explorer.ui import fast_paint

fast_paint.install()  # panes redraw only what changed (see fast_paint)


def pane_class(kind: str):
    return importlib.import_module(f"explorer.ui.panes.{kind}").PANE
