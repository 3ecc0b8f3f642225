"""Checks on configuration values, each in one place: what a timeout, a CA bundle, a stand
URL and a profile name may be. Each returns why a value is unusable, or None."""

from __future__ import annotations

import difflib
import ipaddress
import re
from pathlib import Path
from urllib.parse import urlparse

from msgclient.api.redact import masked_url, url_credentials
from msgclient.rules.send_window import window_problem, zone_problem
from msgclient.rules.text import shown
from msgclient.rules.times import span_seconds

MAX_TIMEOUT = 600.0


def _timeout_problem(value: float) -> str | None:
    if not 0 < value <= MAX_TIMEOUT:  # also refuses nan
        return f"{value:g} is not a timeout; give seconds, more than 0 and at most {MAX_TIMEOUT}"
    return None


MAX_BUDGET = 86_400.0  # a day: a command that waits longer for a stand is hung


def _budget_problem(value: float) -> str | None:
    if not 0 < value <= MAX_BUDGET:
        return (f"{value:g} is not a budget; give the seconds one command may wait for the "
                f"stand in all, more than 0 and at most {MAX_BUDGET:g}")
    return None


def _ca_bundle_problem(value: str) -> str | None:
    path = Path(value).expanduser()
    if not path.is_file():
        return f"{shown(value)} is not a file of CA certificates (PEM)"
    return None


def url_problem(value: str) -> str | None:
    """Why `value` cannot be a stand's base URL, or None. The URL is shown with any login and
    password masked (api/redact.py): the line that refuses it must not print them."""
    seen = _shown_url(value)
    try:
        parsed = urlparse(value.strip())
        host = parsed.hostname
    except ValueError:
        parsed, host = None, None
    if url_credentials(value) or (parsed is not None and "@" in parsed.netloc):
        # A password in the URL would be printed, logged and cached under the stand's name.
        return (f"{seen} holds a login or password; a stand URL never does: put the login "
                "in the profile (login:, or config init --login) and run 'msgclient auth "
                "login'")
    if parsed is None or parsed.scheme not in ("http", "https") or not host or \
            not value.strip().isprintable():
        return f"{seen} is not a stand URL; give one like https://acme.threads.im"
    if parsed.query or parsed.fragment or value.strip().endswith(("?", "#")):
        return (f"{seen} has a query or fragment ('?', '#'); a stand URL is its scheme, host, "
                "port and path only (a token in it would be shown and logged)")
    if parsed.scheme == "http" and not is_loopback(host):
        # The token would travel in clear; plain http is for a stand on this machine only.
        return (f"{seen} is plain http:// to {host}, which would send your token "
                "unencrypted; use https:// (http:// is accepted for loopback only)")
    return None


def _shown_url(value: str) -> str:
    """The URL for an error line: no login or password (with or without a scheme), and no
    query or fragment (where a token may hide), each shown as ***."""
    text = masked_url(value.strip())
    head, sep, rest = text.partition("://")
    where = rest if sep else head
    authority = re.split(r"[/?#]", where, maxsplit=1)[0]
    if "@" in authority:
        where = "***@" + where[len(authority.rsplit("@", 1)[0]) + 1:]
    where = re.sub(r"([?#]).*", r"\1***", where, flags=re.DOTALL)
    return shown(f"{head}{sep}{where}" if sep else where)


def is_loopback(host: str) -> bool:
    """localhost or a loopback address: this machine (where plain http and no proxy are
    right)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def profile_name_problem(name: str) -> str | None:
    """Profile names become token file names and keyring accounts: a plain word, no paths."""
    if PROFILE_NAME.fullmatch(name) and ".." not in name:
        return None
    return (f"Profile name {shown(name)} is not usable; use 1 to 64 letters, digits, '.', '_' "
            "or '-', starting with a letter or digit")


def unknown_key(data: dict, known: tuple[str, ...], where: str) -> str | None:
    """The first key of `data` that is not in `known`, with the closest known one."""
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            also = (f"; did you mean '{close[0]}'?" if close
                    else f"; known keys: {', '.join(known)}.")
            return f"unknown key {shown(key)}{where}{also}"
    return None


# An agent's status after outgoing-from-myself (edna's `status`, docs/edna-api.md §5.2).
AGENT_STATUSES = ("READY", "OUTGOING")
# The channel types whose channelType value on the wire a profile may set (email has none).
WIRE_CHANNEL_TYPES = ("WHATSAPP", "VIBER", "WEB", "MOBILE", "TELEGRAM")
_WIRE_VALUE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _agent_status_problem(value: str) -> str | None:
    if value in AGENT_STATUSES:
        return None
    return f"{shown(value)} is not a status; give {' or '.join(AGENT_STATUSES)}"


def channel_types_problem(value: object) -> str | None:
    """Why a profile's channel_types mapping (channel type -> edna's channelType) is unusable."""
    if not isinstance(value, dict):
        return "must map channel types to the stand's channelType values, e.g. {VIBER: VIBER}"
    for key, wire in value.items():
        if key not in WIRE_CHANNEL_TYPES:
            return (f"{shown(key)} is not a channel type; use {', '.join(WIRE_CHANNEL_TYPES)}")
        if not isinstance(wire, str) or not _WIRE_VALUE.fullmatch(wire):
            return (f"{key}: {shown(wire)} is not a channelType value; give one word of "
                    "letters, digits, '_' or '-' (at most 64)")
    return None


def _retention_problem(value: str) -> str | None:
    if not span_seconds(value):
        return f"{shown(value)} is not a span; give days or weeks, such as 365d or 12w"
    return None


CHECKS = {"ledger_retention": _retention_problem,
          "timeout": _timeout_problem, "budget": _budget_problem, "ca_bundle": _ca_bundle_problem,
          "url": url_problem, "agent_status": _agent_status_problem,
          "send_window": window_problem, "default_timezone": zone_problem}
