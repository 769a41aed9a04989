"""CSV of a pane's data (no Qt needed)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from explorer.atomic import write_bytes


def csv_text(view) -> str:
    header, rows = view.table()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if isinstance(x, float) and x != x else x for x in row])
    return buf.getvalue()


def write_csv(view, target: Path) -> None:
    write_bytes(Path(target), csv_text(view).encode("utf-8"))
