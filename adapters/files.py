"""Files the bot writes for a person (the console's plan pictures and exports): one folder per person.

A folder per person is what lets `forget me` delete every file written for them and `export me` list them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bot.messages import FileAttachment

_UNSAFE = re.compile(r"[^A-Za-z0-9_.@-]")


class FileShelf:
    """Per-person folders under ``root`` (the data folder's ``files/``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, user_key: str) -> Path:
        """The person's folder (``slack:T1:u:U1`` -> ``slack_T1_u_U1``)."""
        return self.root / _UNSAFE.sub("_", user_key)

    def save(self, user_key: str, file: FileAttachment) -> Path:
        """Write ``file`` into the person's folder (by its base name only) and say where."""
        folder = self.folder(user_key)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (Path(file.name).name or "file")
        path.write_bytes(file.data)
        return path

    def names(self, user_key: str) -> list[str]:
        folder = self.folder(user_key)
        return sorted(str(p) for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []

    def erase(self, user_key: str) -> int:
        folder = self.folder(user_key)
        if not folder.is_dir():
            return 0
        count = sum(1 for p in folder.rglob("*") if p.is_file())
        shutil.rmtree(folder)
        return count
