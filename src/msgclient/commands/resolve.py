"""Turn what the user typed (channel names, tag paths, times) into stand identifiers."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from msgclient.errors import UsageError
from msgclient.outgoing.names import find_tags
from msgclient.rules import CLI_TO_TYPE, channel_name
from msgclient.rules.text import match_key
from msgclient.rules.times import iso

RELATIVE = re.compile(r"^(\d+)\s*([smhdw])$")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_when(value: str, flag: str, now: datetime | None = None) -> str:
    """ISO 8601 or relative ('7d', '12h') -> the stand's UTC form with milliseconds."""
    now = now or datetime.now(UTC)
    match = RELATIVE.match(value.strip().lower())
    try:
        if match:
            moment = now - timedelta(**{UNITS[match.group(2)]: int(match.group(1))})
        else:
            moment = _iso(value, flag)
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):  # 9999999999d, year 0: past what a date can hold
        raise UsageError(f"{flag} '{value}' is beyond the dates msgclient can use; give a date "
                         "nearer today or a shorter span.") from None
    return iso(moment)


def _iso(value: str, flag: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{flag} '{value}' is not a date: use ISO 8601 "
                         "(2026-11-01 or 2026-11-01T09:30:00+03:00) or a span like 7d, 12h.") \
            from None
    # A bare date means the user's local time.
    return moment.astimezone() if moment.tzinfo is None else moment


def channel_ids(catalog, names: list[str]) -> list[int]:
    """Channel ids for names like 'viber', a channel's own name, or its numeric id."""
    ids: list[int] = []
    for name in names:
        found = [c["id"] for c in catalog.channels if _channel_matches(c, name)]
        if not found:
            known = ", ".join(sorted({channel_label(c) for c in catalog.channels}))
            raise UsageError(f"Unknown channel '{name}'; this stand has: {known}.")
        ids.extend(found)
    return ids


def channel_label(channel: dict) -> str:
    return channel_name(channel)


def thread_channel(catalog, thread: dict) -> str:
    """The CLI name of the channel a thread came in on (its id if the stand lists no such)."""
    found = catalog.channel_by_id(thread.get("channel"))
    return channel_label(found) if found else str(thread.get("channel"))


def _channel_matches(channel: dict, name: str) -> bool:
    wanted = match_key(name)
    return wanted in {channel_label(channel), str(channel.get("id")),
                      match_key(channel.get("name", "")), match_key(channel.get("type", ""))} \
        or CLI_TO_TYPE.get(wanted) == channel.get("type")  # web-widget: the WEB channel too


def tag_ids(catalog, names: list[str]) -> list[int]:
    """Tag ids for full paths ('Complaint/Services'), bare names when unique, or ids (the same
    matching as send's --tag)."""
    return list(find_tags(catalog.tags, names))


def tag_paths(catalog, ids: list) -> list[str]:
    by_id = {str(t.get("id")): t.get("path") or t.get("name") for t in catalog.known("tags")}
    return [by_id.get(str(i), str(i)) for i in ids]
