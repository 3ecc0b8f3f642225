"""When to try a request again, and how long to wait.

Full-jitter exponential backoff (AWS architecture blog, "Exponential Backoff And
Jitter"), honouring Retry-After in both RFC 9110 forms, capped.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# The time bounds, in multiples of the timeout (per socket operation, MSGCLIENT_TIMEOUT):
ATTEMPT_TIMEOUTS = 4  # one attempt: connect, send, headers and body (uploads: more by size)
BUDGET_TIMEOUTS = 10  # one command, all its requests, retries and pauses (MSGCLIENT_BUDGET)

# Which statuses are tried again, and which only when the request is safe to replay, is
# api.errors.STATUS_MEANINGS: the same table that says whether a send may have gone out.


@dataclass
class RetryPolicy:
    attempts: int = 6
    # A connection never made (refused, no route): a stand that is down stays down for more
    # than a second; three tries cover a restart without minutes of silence.
    connect_attempts: int = 3
    base: float = 0.2
    cap: float = 10.0
    retry_after_cap: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep)
    rand: Callable[[], float] = field(default=random.random)

    def backoff(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait before attempt number `attempt + 1` (attempt counts from 1)."""
        hinted = parse_retry_after(retry_after)
        if hinted is not None:
            return min(hinted, self.retry_after_cap)
        return self.rand() * min(self.cap, self.base * (2 ** (attempt - 1)))


    def wait(self, attempt: int, retry_after: str | None = None) -> float | None:
        """backoff(), or None when the stand asks for a longer pause than retry_after_cap:
        waiting that out in silence would look like a hang, so the caller gives up."""
        hinted = parse_retry_after(retry_after)
        if hinted is not None and hinted > self.retry_after_cap:
            return None
        return self.backoff(attempt, retry_after)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)  # no cap here: wait() compares it with the cap
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Budget:
    """How long one command (or one bulk row) may wait for the stand in all: every attempt,
    every retry and every pause between them draws from it. Time spent elsewhere (a person
    at a prompt, reading a file) does not: it measures waiting for the stand, not the clock.
    Shared by the threads of one command, hence the lock."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._spent = 0.0
        self._lock = threading.Lock()

    def left(self) -> float:
        with self._lock:
            return self.seconds - self._spent

    def spend(self, seconds: float) -> None:
        with self._lock:
            self._spent += max(seconds, 0.0)
