"""Where the stand's token lives: MSGCLIENT_TOKEN, the OS keyring, or a 0600 file.

The file is the announced fallback for machines without a keyring; a file that
other users could read is refused rather than trusted.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from msgclient.api import redact
from msgclient.config.settings import config_dir, profile_name_problem
from msgclient.errors import AuthError, ConfigError
from msgclient.files.private import write_private
from msgclient.rules.text import describe

SERVICE = "msgclient"


@dataclass(frozen=True)
class StoredToken:
    token: str
    source: str  # "env MSGCLIENT_TOKEN", "keyring", "file <path>"


def _account(profile: str) -> str:
    return profile or "default"


def token_file(profile: str) -> Path:
    """The fallback file of a profile; the name is checked here, so no caller can make a
    token path out of '../../victim'."""
    problem = profile_name_problem(_account(profile))
    if problem:
        raise ConfigError(f"{problem}.")
    return config_dir() / "tokens" / _account(profile)


def strip_bearer(token: str) -> str:
    """edna's login answers 'Bearer <token>' in the token field; keep the bare token."""
    token = token.strip()
    while token.lower().startswith("bearer ") or token.lower() == "bearer":
        token = token[7:].strip()
    return token


def checked(token: str, where: str) -> str:
    """A token is one word of visible ASCII (RFC 6750's b64token is narrower still): anything
    else would break the Authorization header, or smuggle a second header line into it."""
    token = strip_bearer(token)
    redact.hold(token)  # a token is never shown, even in the line that refuses it
    bad = next((ch for ch in token if not 0x21 <= ord(ch) <= 0x7E), None)
    if bad is not None:
        what = "a space" if bad == " " else describe(bad)
        raise AuthError(f"The token from {where} contains {what}; a token is one word of "
                        "visible ASCII characters.",
                        hint="Copy it again without line breaks or extra text.")
    return token


class KeyringFailed(Exception):
    """The OS keyring raised, or did not answer within KEYRING_WAIT (a locked keyring may
    wait for an unlock dialog nobody sees)."""


KEYRING_WAIT = 10.0  # seconds


def _asked(call: Callable[[], Any]) -> Any:
    """`call()` on a daemon thread, bounded: KeyringFailed if it raises or takes too long."""
    done: list[Any] = []

    def ask() -> None:
        try:
            done.append((True, call()))
        except Exception as exc:  # noqa: BLE001 - any backend failure is the keyring's
            done.append((False, f"{type(exc).__name__}: {exc}".rstrip(": ")))

    worker = threading.Thread(target=ask, name="keyring", daemon=True)
    worker.start()
    worker.join(KEYRING_WAIT)
    if not done:
        raise KeyringFailed(f"it did not answer within {KEYRING_WAIT:g} s; it may be locked")
    ok, value = done[0]
    if not ok:
        raise KeyringFailed(value)
    return value


def _keyring():
    def usable():
        # keyring enters here, only when a command needs the stored token.
        import keyring
        from keyring.backends import fail

        return None if isinstance(keyring.get_keyring(), fail.Keyring) else keyring
    try:
        return _asked(usable)
    except KeyringFailed:  # a broken or silent keyring backend: as if there were none
        return None


def load(profile: str) -> StoredToken | None:
    env = os.environ.get("MSGCLIENT_TOKEN")
    if env:
        return StoredToken(checked(env, "MSGCLIENT_TOKEN"), "env MSGCLIENT_TOKEN")
    kr = _keyring()
    failed = None
    if kr is not None:
        try:
            value = _asked(lambda: kr.get_password(SERVICE, _account(profile)))
        except KeyringFailed as exc:
            value, failed = None, str(exc)
        if value:
            return StoredToken(checked(value, "the keyring"), "keyring")
    path = token_file(profile)
    value = _read_token_file(path)
    if value:
        return StoredToken(checked(value, str(path)), f"file {path}")
    if failed:  # the token may be in there: "not logged in" would send the user astray
        raise AuthError(f"The OS keyring could not be read ({failed}).",
                        hint="Unlock it and try again, or set MSGCLIENT_TOKEN.")
    return None


def _read_token_file(path: Path) -> str | None:
    """The file's token: our own regular 0600 file, opened without following a link."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AuthError(f"Token file {path} cannot be read ({exc.strerror}); refusing to use "
                        "it.", hint="Remove it and run 'msgclient auth login' again.") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        mode = stat.S_IMODE(info.st_mode)
        if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and
                                                info.st_uid != os.getuid()):
            raise AuthError(f"Token file {path} is not a regular file of yours; refusing to "
                            "use it.", hint="Remove it and run 'msgclient auth login' again.")
        if mode & 0o077:
            raise AuthError(
                f"Token file {path} is readable by other users (mode {mode:o}); "
                "refusing to use it.",
                hint=f"Run 'chmod 600 {path}' or 'msgclient auth login' again.",
            )
        data = handle.read(64 * 1024)
    return data.decode("utf-8", errors="replace").strip() or None


def save(profile: str, token: str) -> str:
    """Store the token; returns where it went so the user can be told."""
    token = checked(token, "the login")
    path = token_file(profile)  # checks the profile name before anything is stored
    kr = _keyring()
    if kr is not None:
        try:
            _asked(lambda: kr.set_password(SERVICE, _account(profile), token))
            return "the OS keyring"
        except KeyringFailed:  # fall back to the announced 0600 file
            pass

    write_private(path, (token + "\n").encode("ascii"))
    return f"{path} (mode 600; no OS keyring is available)"


def delete(profile: str) -> list[str]:
    path = token_file(profile)  # checks the profile name before anything is removed
    removed = []
    kr = _keyring()
    if kr is not None:
        try:
            _asked(lambda: kr.delete_password(SERVICE, _account(profile)))
            removed.append("the OS keyring")
        except KeyringFailed:  # nothing stored there, or it cannot say
            pass
    if path.is_symlink() or path.exists():
        path.unlink()  # a link itself, never its target
        removed.append(str(path))
    return removed
