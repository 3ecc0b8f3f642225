"""Reach the embedded sandbox stand: one already serving this DB, or a new one in-process."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from urllib.parse import urlparse

from msgclient.api.auth import password_login
from msgclient.config.settings import state_dir
from msgclient.files.private import make_dirs
from msgclient.sandbox.server import start_in_thread
from msgclient.sandbox.store.db import ensure_seeded

SANDBOX_LOGIN = "supervisor"  # the seeded supervisor; the sandbox has no real secrets
_running: dict[str, object] = {}


def state_file() -> Path:
    return state_dir() / "sandbox.json"


def write_state(url: str, db_path: Path, api: str = "full") -> None:
    path = state_file()

    make_dirs(path.parent)
    path.write_text(json.dumps({"url": url, "db": str(db_path.resolve()), "api": api}),
                    encoding="utf-8")


def clear_state(url: str) -> None:
    try:
        if json.loads(state_file().read_text(encoding="utf-8")).get("url") == url:
            state_file().unlink()
    except (OSError, ValueError):
        pass


def _serving(db_path: Path, api: str) -> str | None:
    """The URL of a `msgclient sandbox serve` for this DB and API that accepts connections."""
    try:
        state = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    # The other personality over the same DB is another stand: it answers other things.
    if state.get("db") != str(db_path.resolve()) or state.get("api", "full") != api:
        return None
    parsed = urlparse(state.get("url", ""))
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=0.3):
            return state["url"]
    except (OSError, TypeError, ValueError):
        return None


def connect_sandbox(db_path: Path, api: str = "full") -> tuple[str, str]:
    """Return (url, token) for the sandbox speaking `api` ("full" or "edna"), starting it in
    this process if no `sandbox serve` of this DB and API is running."""
    url = _serving(db_path, api)
    if url is None:
        make_dirs(db_path.parent)  # clients' data
        ensure_seeded(db_path)
        running = start_in_thread(db_path, api=api)
        _running[f"{db_path}|{api}"] = running  # keep it alive for this process
        url = running.url
    return url, login(url, SANDBOX_LOGIN, SANDBOX_LOGIN)


def login(url: str, user: str, password: str, timeout: float = 10.0,
          verify: bool | str = True, tenant: str | None = None) -> str:
    """edna's POST /api/auth/login; returns the bare token."""
    return password_login(url, user, password, timeout=timeout, verify=verify,
                          tenant=tenant).token
