"""One pane class per view type, one module each; explorer.ui.pane_grid maps view types
to them."""

from __future__ import annotations

import os

# Qt's raster engine hands big fills and image blits to a thread pool; for panes of this
# size the hand-over costs more than it saves (docs/performance.md). Qt reads this at its
# first paint.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
