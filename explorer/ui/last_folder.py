"""The folder the file dialogs open in: the one the last file was chosen in (kept in the
settings between runs), else the home folder."""

from __future__ import annotations

from pathlib import Path

KEY = "last_folder"


class LastFolder:
    def __init__(self, settings=None):
        self.settings = settings  # a QSettings, or None (nothing kept between runs)
        self._folder: Path | None = None

    def folder(self) -> Path:
        for candidate in (self._folder, self._stored()):
            if candidate is not None and candidate.is_dir():
                return candidate
        return Path.home()

    def _stored(self) -> Path | None:
        value = self.settings.value(KEY, None) if self.settings is not None else None
        return Path(value) if isinstance(value, str) and value else None

    def remember(self, chosen: str | Path) -> None:
        """A file was chosen: its folder is where the next dialog opens."""
        self._folder = Path(chosen).parent
        if self.settings is not None:
            self.settings.setValue(KEY, str(self._folder))
