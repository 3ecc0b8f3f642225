"""The time a bulk run holds and expires rows by.

MSGCLIENT_TEST_NOW is for tests only (undocumented for users): an ISO 8601 date-time with
an offset that the clock starts from, then runs on at the real pace, so a test can put a run
just before a send window opens, kill it, and resume it after.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

TEST_NOW = "MSGCLIENT_TEST_NOW"
_started: dict[str, float] = {}  # a fake start -> when this process first read it


def now() -> datetime:
    fake = os.environ.get(TEST_NOW)
    if fake:
        start = datetime.fromisoformat(fake)
        ran = time.monotonic() - _started.setdefault(fake, time.monotonic())
        return datetime.fromtimestamp(start.timestamp() + ran, UTC)
    return datetime.now(UTC)


def local_zone():
    """The zone of this machine, for a bare time of day typed on its command line."""
    return datetime.now().astimezone().tzinfo
