"""edna's one time format: ISO-8601 UTC with milliseconds, '2022-02-04T07:59:05.517Z'.

The client writes it (--since, a refusal's details) and the sandbox stores and serves it;
both read any ISO-8601 instant the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime


def iso(moment: datetime) -> str:
    """'2022-02-04T07:59:05.517Z'; such strings sort like the instants, so SQL can compare them."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """Any ISO-8601 instant (Z or offset); a naive one is taken as UTC. ValueError if malformed."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


SPAN_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def span_seconds(text: str) -> float | None:
    """'365d', '12h', '30m' -> seconds; None if it is not such a span."""
    value = str(text).strip().lower()
    if len(value) < 2 or value[-1] not in SPAN_UNITS or not value[:-1].isdigit():
        return None
    return int(value[:-1]) * SPAN_UNITS[value[-1]]
