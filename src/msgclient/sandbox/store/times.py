"""The stand's one time format: ISO-8601 UTC with milliseconds, as edna writes it."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(moment: datetime) -> str:
    """'2022-02-04T07:59:05.517Z'; such strings sort like the instants, so SQL can compare them."""
    millis = f"{moment.microsecond // 1000:03d}Z"
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + millis


def now_iso() -> str:
    return iso(datetime.now(UTC))


def parse_iso(text: str) -> datetime:
    """Any ISO-8601 instant (Z or offset); a naive one is taken as UTC. ValueError if malformed."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
