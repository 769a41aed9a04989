"""What the window keeps of each exercise besides its parameters, while it runs and in
sessions: the extra tangents, and the view ranges of the panes whose view was moved by
hand (zoomed, panned); and your own function, made again from a session when it is
picked. Per exercise: a book exercise by its id, your own function as "custom" (a
new function starts afresh)."""

from __future__ import annotations

from PySide6 import QtCore

from explorer.core import registry
from explorer.core.session_extras import CUSTOM, Extras
from explorer.ui.view_controls import view_boxes


def _plain(value):
    return value.item() if hasattr(value, "item") else value


class Kept(QtCore.QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.extras = Extras()
        self._moved: set[str] = set()  # panes shown whose view was moved by hand
        self._custom: tuple | None = None  # (text, x range) of the own function last shown
        self.remembered: list[str] = []  # warnings of what the settings store kept
        if window.settings is not None:
            from explorer.ui.session import read_extras

            self.remembered = self.adopt(read_extras(window.settings))
        window.exercise_changed.connect(self._follow)

    def _key(self, exercise) -> str | None:
        if exercise.id in registry.ids() or exercise.id == CUSTOM:
            return exercise.id
        return None  # (a workbench expression keeps its parameters only)

    def _follow(self, *_args) -> None:
        """A new exercise is shown: put back its tangents and moved views, and follow them."""
        w = self.window
        state, key = w.state, self._key(w.state.exercise)
        self._moved = set()
        if key is None:
            return
        if key == CUSTOM:
            shown = (state.exercise.text, tuple(state.exercise.x_range))
            if shown != self._custom:  # another function: its own tangents and views
                self._custom = shown
                made = self.extras.custom
                if made is None or (made["text"], tuple(made["x_range"])) != shown:
                    self.extras.tangents.pop(CUSTOM, None)
                    self.extras.views.pop(CUSTOM, None)
        if state.exercise.supports_tangents:
            kept = self.extras.tangents.get(key, [])
            if kept and not state.tangents:
                state.restore(state.given, kept)
            state.subscribe(lambda _what, k=key: self._note_tangents(k, state))
        views = self.extras.views.get(key, {})
        for name, pane in w.grid.panes.items():
            boxes = [b for b in view_boxes(pane) if any(b.state["mouseEnabled"])]
            if len(boxes) != 1:
                continue  # (a pane of several plots keeps no view)
            box = boxes[0]
            if name in views:
                (x0, x1), (y0, y1) = views[name]
                box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
                self._moved.add(name)
            box.sigRangeChangedManually.connect(
                lambda *_, n=name, b=box: self._note_view(key, n, b, moved=True))
            box.sigRangeChanged.connect(lambda *_, n=name, b=box: self._note_view(key, n, b))

    def _note_tangents(self, key: str, state) -> None:
        self.extras.tangents[key] = list(state.tangents)

    def _note_view(self, key: str, name: str, box, moved: bool = False) -> None:
        if moved:
            self._moved.add(name)
        if name in self._moved:
            self.extras.views.setdefault(key, {})[name] = [list(map(float, r))
                                                           for r in box.viewRange()]

    def forget_view(self, name: str) -> None:
        """Reset view: pane `name` of the exercise shown is automatic again."""
        self._moved.discard(name)
        key = self._key(self.window.state.exercise)
        self.extras.views.get(key, {}).pop(name, None)

    def document(self) -> dict:
        """The session document's extras (session_extras)."""
        w = self.window
        extras = Extras(dict(self.extras.tangents), dict(self.extras.views),
                        self.extras.custom)
        custom = w.custom_function
        if custom is not None:
            shown = w.state.exercise is custom
            given = w.state.given if shown else w.given_for_custom()
            extras.custom = {"text": custom.text, "x_range": list(custom.x_range),
                             "fitted": custom.fitted,
                             "parameters": {k: _plain(v) for k, v in given.items()}}
        if extras.custom is None:
            extras.tangents.pop(CUSTOM, None)
            extras.views.pop(CUSTOM, None)
        return extras.as_json()

    def adopt(self, found: tuple[Extras, list[str]]) -> list[str]:
        """Take a session's extras in place of all kept ones; returns the warnings."""
        self.extras, warnings = found
        if self.extras.custom is not None:
            self.window.custom_function = None  # made anew from the session when picked
            self._custom = None
        return [f"Session extras: {w}" for w in warnings]

    def open_custom(self) -> bool:
        """Make the session's own function and show it; False if there is none."""
        made = self.extras.custom
        if made is None:
            return False
        self.window.open_custom(made["text"], tuple(made["x_range"]),
                                given=made["parameters"])
        return True
