"""Where the stand's token lives: MSGCLIENT_TOKEN, the OS keyring, or a 0600 file.

The file is the announced fallback for machines without a keyring; a file that
other users could read is refused rather than trusted.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from msgclient.config import config_dir
from msgclient.errors import AuthError

SERVICE = "msgclient"


@dataclass(frozen=True)
class StoredToken:
    token: str
    source: str  # "env MSGCLIENT_TOKEN", "keyring", "file <path>"


def _account(profile: str) -> str:
    return profile or "default"


def token_file(profile: str) -> Path:
    return config_dir() / "tokens" / _account(profile)


def strip_bearer(token: str) -> str:
    """edna's login answers 'Bearer <token>' in the token field; keep the bare token."""
    token = token.strip()
    while token.lower().startswith("bearer "):
        token = token[7:].strip()
    return token


def _keyring():
    try:
        import keyring
        from keyring.backends import fail

        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
        return keyring
    except Exception:  # noqa: BLE001 - a broken keyring backend must not break the CLI
        return None


def load(profile: str) -> StoredToken | None:
    env = os.environ.get("MSGCLIENT_TOKEN")
    if env:
        return StoredToken(strip_bearer(env), "env MSGCLIENT_TOKEN")
    kr = _keyring()
    if kr is not None:
        try:
            value = kr.get_password(SERVICE, _account(profile))
        except Exception:  # noqa: BLE001 - any backend failure means: not stored there
            value = None
        if value:
            return StoredToken(value, "keyring")
    path = token_file(profile)
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise AuthError(
                f"Token file {path} is readable by other users (mode {mode:o}); refusing to use it.",
                hint=f"Run 'chmod 600 {path}' or 'msgclient auth login' again.",
            )
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return StoredToken(value, f"file {path}")
    return None


def save(profile: str, token: str) -> str:
    """Store the token; returns where it went so the user can be told."""
    token = strip_bearer(token)
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, _account(profile), token)
            return "the OS keyring"
        except Exception:  # noqa: BLE001, S110 - fall back to the announced 0600 file
            pass
    path = token_file(profile)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    os.chmod(path, 0o600)
    return f"{path} (mode 600; no OS keyring is available)"


def delete(profile: str) -> list[str]:
    removed = []
    kr = _keyring()
    if kr is not None:
        try:
            kr.delete_password(SERVICE, _account(profile))
            removed.append("the OS keyring")
        except Exception:  # noqa: BLE001, S110 - nothing stored there
            pass
    path = token_file(profile)
    if path.exists():
        path.unlink()
        removed.append(str(path))
    return removed
