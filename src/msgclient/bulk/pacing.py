"""The rate limit: a token bucket shared by the send workers.

Implemented as GCRA (the "virtual scheduling" form of a token bucket): each
caller reserves the next free slot under a lock and sleeps outside it, so
workers never busy-wait and a stop request interrupts the wait at once.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

from msgclient.errors import UsageError

_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:/\s*(s|sec|second|m|min|minute|h|hour))?\s*$")
_PER = {None: 1.0, "s": 1.0, "sec": 1.0, "second": 1.0, "m": 60.0, "min": 60.0,
        "minute": 60.0, "h": 3600.0, "hour": 3600.0}


MIN_RATE = 1 / 3600  # messages per second


def parse_rate(text: str | None, flag: str = "--rate") -> float | None:
    """'20', '20/s', '600/min', '0.5/s' -> messages per second; '0', 'none', None -> no limit."""
    if text is None or str(text).strip().lower() in ("", "0", "none", "off", "unlimited"):
        return None
    match = _RATE.match(str(text).lower())
    if not match or float(match.group(1)) <= 0:
        raise UsageError(f"{flag} '{text}' is not a rate; use e.g. 20/s, 600/min or 0 for "
                         "no limit.")
    rate = float(match.group(1)) / _PER[match.group(2)]
    if rate < MIN_RATE:  # slower waits overflow the clock; no run is meant to be that slow
        raise UsageError(f"{flag} '{text}' is slower than 1 message an hour; use e.g. 1/h, "
                         "20/min, or 0 for no limit.")
    return rate


class TokenBucket:
    """Admit at most `rate` calls per second on average, bursts of at most `burst`."""

    def __init__(self, rate: float | None, burst: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._next = 0.0
        self._lock = threading.Lock()
        self._burst = burst
        self.set_rate(rate)

    def set_rate(self, rate: float | None, burst: float | None = None) -> None:
        """A new pace from the next slot on (slots already handed out stay as they are)."""
        with self._lock:
            self.rate = rate
            self.interval = 1.0 / rate if rate else 0.0
            # A burst of a tenth of a second's worth keeps the pace even without
            # forcing a 1/s limit to send strictly one at a time.
            burst = burst or self._burst or max(1.0, (rate or 0) / 10)
            self.tolerance = (burst - 1) * self.interval

    @property
    def next_slot(self) -> float:
        """When the next slot falls due (slots handed out before a change keep their time)."""
        return self._next

    def reserve(self) -> float:
        """Take the next slot; seconds to wait before using it."""
        if not self.rate:
            return 0.0
        with self._lock:
            now = self.clock()
            slot = max(self._next, now)
            self._next = slot + self.interval
            return max(0.0, slot - self.tolerance - now)

    def acquire(self, stop: threading.Event | None = None) -> bool:
        """Wait for a slot; False when `stop` was set meanwhile."""
        return wait_for(self.reserve(), stop)


def wait_for(seconds: float, stop: threading.Event | None = None) -> bool:
    """Sleep; False (at once) when `stop` is or gets set."""
    if seconds <= 0:
        return not (stop and stop.is_set())
    if stop is None:
        time.sleep(seconds)
        return True
    return not stop.wait(seconds)
