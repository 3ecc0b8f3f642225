"""The stand's clock, in edna's one time format (rules/times.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from msgclient.rules.times import iso


def now_iso() -> str:
    return iso(datetime.now(UTC))
