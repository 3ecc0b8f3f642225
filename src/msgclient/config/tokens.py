"""Where the stand's token lives: MSGCLIENT_TOKEN, the OS keyring, or a 0600 file.

The file is the announced fallback for machines without a keyring; a file that
other users could read is refused rather than trusted.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

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
    bad = next((ch for ch in token if not 0x21 <= ord(ch) <= 0x7E), None)
    if bad is not None:
        what = "a space" if bad == " " else describe(bad)
        raise AuthError(f"The token from {where} contains {what}; a token is one word of "
                        "visible ASCII characters.",
                        hint="Copy it again without line breaks or extra text.")
    return token


def _keyring():
    try:
        # keyring enters here, only when a command needs the stored token.
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
        return StoredToken(checked(env, "MSGCLIENT_TOKEN"), "env MSGCLIENT_TOKEN")
    kr = _keyring()
    if kr is not None:
        try:
            value = kr.get_password(SERVICE, _account(profile))
        except Exception:  # noqa: BLE001 - any backend failure means: not stored there
            value = None
        if value:
            return StoredToken(checked(value, "the keyring"), "keyring")
    path = token_file(profile)
    value = _read_token_file(path)
    return StoredToken(checked(value, str(path)), f"file {path}") if value else None


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
            kr.set_password(SERVICE, _account(profile), token)
            return "the OS keyring"
        except Exception:  # noqa: BLE001, S110 - fall back to the announced 0600 file
            pass

    write_private(path, (token + "\n").encode("ascii"))
    return f"{path} (mode 600; no OS keyring is available)"


def delete(profile: str) -> list[str]:
    path = token_file(profile)  # checks the profile name before anything is removed
    removed = []
    kr = _keyring()
    if kr is not None:
        try:
            kr.delete_password(SERVICE, _account(profile))
            removed.append("the OS keyring")
        except Exception:  # noqa: BLE001, S110 - nothing stored there
            pass
    if path.is_symlink() or path.exists():
        path.unlink()  # a link itself, never its target
        removed.append(str(path))
    return removed
