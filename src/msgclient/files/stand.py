"""Small JSON files msgclient keeps about each stand it talks to (capabilities, account).

One file per stand and kind, named by a hash of the stand's URL and tenant (never by a
profile name, so no name can steer a path), written 0600 inside a 0700 folder through a
temporary file and a rename, without following a link at the final path.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from msgclient.config.settings import state_dir
from msgclient.files.private import make_dirs


@dataclass(frozen=True)
class StandFile:
    folder: Path
    url: str
    tenant: str | None = None

    @property
    def path(self) -> Path:
        key = hashlib.sha256(f"{self.url}\n{self.tenant or ''}".encode()).hexdigest()[:20]
        return self.folder / f"{key}.json"

    def read(self) -> dict[str, Any] | None:
        """The stored object for this very URL; None if absent, unreadable or another stand's."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("url") == self.url else None

    def write(self, data: dict[str, Any]) -> bool:
        """Store `data` (with the URL); False if the state dir cannot be written."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            make_dirs(self.folder)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({**data, "url": self.url}, out)
            if self.path.is_symlink():
                self.path.unlink()
            os.replace(tmp, self.path)
            return True
        except OSError:
            tmp.unlink(missing_ok=True)
            return False

    def forget(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass


def stand_file(kind: str, url: str, tenant: str | None = None) -> StandFile:
    """The file of this kind ('capabilities', 'account') for the stand at url."""
    return StandFile(state_dir() / "stands" / kind, url.rstrip("/"), tenant)


def stand_db(kind: str, where: str) -> Path:
    """A per-stand SQLite file of this kind ('ledger'), named by a hash of the stand (its URL
    or the sandbox's database), never by a profile name."""
    key = hashlib.sha256(where.rstrip("/").encode()).hexdigest()[:20]
    return state_dir() / "stands" / kind / f"{key}.db"
