"""The pace of a bulk run: learned from the stand's 429s, never above --rate.

Stands and channels limit their rate (WhatsApp: 80 messages per second per number) and
answer 429 beyond it. Sending into a limit wastes requests and delays rows, so the pacer
learns the limit and holds just under it:

- No 429 yet: no pace but --rate (or none), so a stand without a limit gets all that the
  concurrency allows.
- A 429 for a request sent at the current pace (one sent before the last change says nothing
  about it) marks that pace as too fast (`high`). If the answer announces the limit
  (`RateLimit-Policy: ...;q=100;w=1`, draft-ietf-httpapi-ratelimit-headers), that is `high`.
- A pace held for QUIET seconds without a 429, and really reached, is safe (`low`). The pace
  moves half way between the two: a binary search that ends at HOLD x the limit within a few
  steps, where a fixed additive increase would take seconds per step and a halving would give
  up half of it.
- Holding there for PROBE seconds, it tries a little faster, since a limit can rise (not when
  the stand announced it).
- It never falls below FLOOR x the most answers that went through in one second so far: a
  stand limited to L per second lets about L through, so the floor stays below its limit;
  a stand that refuses a steady few for other reasons would otherwise have the pace halved
  by each of them towards nothing.

Every send, and every retry of the API client, takes a slot from the same token bucket, so
a retried row does not jump the queue. The clock is injectable for tests.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from msgclient.bulk.pacing import TokenBucket, wait_for

HOLD = 0.95   # of the limit, once known: room for the stand's and the network's jitter
QUIET = 0.5   # seconds at a pace without a 429 before it counts as safe
FLOOR = 0.5   # of the best rate that got through in one second: the pace never goes lower
PROBE = 5.0   # seconds of holding before trying 5% faster
_QUOTA = re.compile(r";\s*q=(\d+(?:\.\d+)?)(?:.*?;\s*w=(\d+(?:\.\d+)?))?")


def announced_limit(headers: Mapping[str, str]) -> float | None:
    """Requests per second from a RateLimit-Policy header (quota q per window w seconds)."""
    match = _QUOTA.search(headers.get("RateLimit-Policy", ""))
    if not match:
        return None
    quota, window = float(match.group(1)), float(match.group(2) or 1)
    return quota / window if quota > 0 and window > 0 else None


class AdaptivePace:
    def __init__(self, ceiling: float | None, clock: Callable[[], float] = time.monotonic):
        self.ceiling = ceiling  # --rate: never exceeded
        self.clock = clock
        self.bucket = TokenBucket(ceiling, clock=clock)
        self.rate = ceiling     # the pace now; None: as fast as the concurrency allows
        self.low: float | None = None
        self.high: float | None = None
        self.announced = False
        self.throttled = 0      # 429s seen
        self._changed = clock()  # when the pace last changed
        self._ok_at_pace = 0     # answers to requests sent since then, 429s aside
        self._cut = float("-inf")  # requests sent before this say nothing about the pace
        self._granted: deque[float] = deque()  # slot times of the last second
        self._passed: deque[float] = deque()   # answer times of the last second, 429s aside
        self.floor = 0.1                       # raised by what gets through (see FLOOR)
        self._started = clock()
        self._lock = threading.Lock()

    def acquire(self, stop: threading.Event | None = None) -> bool:
        """Wait for the next slot; False if `stop` was set meanwhile."""
        return wait_for(self.reserve(), stop)

    def reserve(self) -> float:
        """Take the next slot; seconds to wait before using it."""
        if self.rate is None:
            with self._lock:
                self._note_grant(self.clock())
        return self.bucket.reserve()

    def observe(self, status: int, sent_at: float, headers: Mapping[str, str]) -> None:
        """Learn from one answer of the stand (any request, sends or look-ups)."""
        with self._lock:
            if status == 429:
                self.throttled += 1
                self._slower(sent_at, announced_limit(headers))
            elif status < 400:
                self._note_passed(self.clock())
                if sent_at >= self._changed:
                    self._ok_at_pace += 1
                    self._maybe_faster()

    def _slower(self, sent_at: float, announced: float | None) -> None:
        if sent_at < self._cut:
            return  # sent at an earlier, faster pace: already accounted for
        now = self.clock()
        current = self.rate or self._offered(now)
        if announced:
            self.announced = True
            self.high = announced
            target = min(HOLD * announced, 0.9 * current)
        else:
            self.high = current
            # Half way down to the last safe pace, and at least 5% down: a `low` this close
            # was a stand's burst allowance hiding a small excess, or the limit fell.
            target = min((self.low + current) / 2, 0.95 * current) if self.low else current / 2
            self.low = min(self.low, target) if self.low else None
        self._set(max(target, self.floor), now)

    def _maybe_faster(self) -> None:
        now = self.clock()
        held = now - self._changed
        if self.rate is None or self.high is None or held < QUIET:
            return
        if self._ok_at_pace < 0.8 * self.rate * held:
            return  # the pace was not really tried (rows waiting on Retry-After, few rows)
        self.low = max(self.low or 0.0, self.rate)
        target = min((self.low + self.high) / 2, HOLD * self.high)
        if target > self.rate * 1.01:
            self._set(target, now, cut=False)
        elif not self.announced and now - self._changed >= PROBE:
            self.high *= 1.05  # a limit can rise: look a little above it now and then
            self._set(min((self.low + self.high) / 2, HOLD * self.high), now, cut=False)

    def _set(self, rate: float, now: float, cut: bool = True) -> None:
        self.rate = min(rate, self.ceiling) if self.ceiling else rate
        self._changed = now
        self._ok_at_pace = 0
        if cut:  # slots handed out before the change still go at the old pace
            self._cut = max(now, self.bucket.next_slot)
        # No burst at a learned pace: a burst after a lull would meet a stand whose own
        # allowance is spent, and draw 429s just under its limit.
        self.bucket.set_rate(self.rate, burst=None if self.rate == self.ceiling else 1.0)

    def _note_passed(self, now: float) -> None:
        self._passed.append(now)
        while self._passed and self._passed[0] < now - 1.0:
            self._passed.popleft()
        # Answers per second over the last second (or since the start, at least 0.25 s).
        window = min(1.0, max(now - self._started, 0.25))
        self.floor = max(self.floor, FLOOR * len(self._passed) / window)

    def _note_grant(self, now: float) -> None:
        self._granted.append(now)
        while self._granted and self._granted[0] < now - 1.0:
            self._granted.popleft()

    def _offered(self, now: float) -> float:
        """Requests per second handed out lately (while there was no pace)."""
        if not self._granted:
            return 1.0
        span = max(now - self._granted[0], 0.05)
        return max(1.0, len(self._granted) / span)


@contextmanager
def paced(client: Any, pace: AdaptivePace, stop: threading.Event) -> Iterator[None]:
    """While sending: the stand's every answer teaches `pace`, and the API client's retries
    wait for a slot too. Uses only what requests and RetryPolicy offer for this: a response
    hook and the injectable sleep (retries themselves stay the API client's, docs/design.md
    §5 rule 7)."""
    session, policy = getattr(client, "session", None), getattr(client, "policy", None)
    if session is None or policy is None:  # a test's stand-in client
        yield
        return

    def learn(resp: Any, *args: Any, **kwargs: Any) -> None:
        sent_at = pace.clock() - resp.elapsed.total_seconds()
        pace.observe(resp.status_code, sent_at, resp.headers)

    def sleep_then_slot(seconds: float) -> None:
        policy.sleep(seconds)
        pace.acquire(stop)

    session.hooks["response"].append(learn)
    client.policy = replace(policy, sleep=sleep_then_slot)
    try:
        yield
    finally:
        session.hooks["response"].remove(learn)
        client.policy = policy
