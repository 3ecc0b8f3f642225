"""A real rate limit for the sandbox stand: token buckets per stand and per channel type.

Real stands and channels cap their pace (WhatsApp: 80 messages per second per number by
default) and answer 429 beyond it. Here each limit is a token bucket refilled at N per second
holding a tenth of a second's worth (at least one), so short bursts pass and a sustained
excess is refused. A refused call costs no token and gets 429 with:

- `Retry-After`: the honest wait until a token is free, in whole seconds rounded up, as
  RFC 9110 §10.2.3 allows only integers (so any wait under a second says 1);
- `RateLimit-Policy` / `RateLimit` (draft-ietf-httpapi-ratelimit-headers): the quota and
  window, and what remains, for clients that read them.

The stand limit applies to every call but login; a channel's limit only to sends over that
channel (the channel given in the body: `channelType`, a `channel` id, or email).
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from msgclient.bulk.pacing import parse_rate
from msgclient.errors import UsageError
from msgclient.sandbox.web import error_response

ENV_STAND = "MSGCLIENT_SANDBOX_RATE_LIMIT"  # e.g. 100/s
ENV_CHANNELS = "MSGCLIENT_SANDBOX_CHANNEL_RATE_LIMIT"  # e.g. whatsapp=80/s,viber=50/s
SENDS = "/api/v1/messages/"


def parse_limit(text: str | None, what: str) -> float | None:
    """'100/s', '6000/min' -> per second; '0', 'none', '' -> no limit (UsageError if not a rate)."""
    return parse_rate(text, flag=what)


def parse_channel_limits(items: list[str] | str | None) -> dict[str, float]:
    """['whatsapp=80/s', 'viber=50/s'] or 'whatsapp=80/s,viber=50/s' -> {'WHATSAPP': 80.0, ...}"""
    if isinstance(items, str):
        items = [part for part in items.split(",") if part.strip()]
    limits: dict[str, float] = {}
    for item in items or []:
        name, sep, rate = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--channel-rate-limit '{item}' is not CHANNEL=RATE, e.g. "
                             "whatsapp=80/s.")
        limit = parse_limit(rate, f"--channel-rate-limit {name.strip()}")
        if limit:
            limits[name.strip().upper().replace("-", "_")] = limit
    return limits


@dataclass
class RateLimitStats:
    """What the limit did, for `sandbox serve`'s last words and for benchmarks."""

    admitted: int = 0
    refused: int = 0


@dataclass(frozen=True)
class RateLimitConfig:
    stand: float | None = None  # calls per second for the whole stand
    channels: Mapping[str, float] = field(default_factory=dict)  # channel type -> sends/s
    stats: RateLimitStats = field(default_factory=RateLimitStats, compare=False, repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, stand: str | None = None,
                 channels: list[str] | None = None) -> RateLimitConfig:
        """Limits from MSGCLIENT_SANDBOX_*RATE_LIMIT; given flags (not None, not empty) win."""
        env = os.environ if env is None else env
        return cls(stand=parse_limit(stand or env.get(ENV_STAND), "--rate-limit"),
                   channels=parse_channel_limits(channels or env.get(ENV_CHANNELS, "")))

    @property
    def active(self) -> bool:
        return bool(self.stand or self.channels)


class Bucket:
    """Tokens refill at `rate` per second up to `capacity`; the event loop is single-threaded."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate / 10)
        self.clock = clock
        self.tokens = self.capacity
        self.stamp = clock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait(self) -> float:
        """Seconds until a token is free; 0 when one is free now."""
        self._refill()
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


class RateLimitMiddleware:
    """Raw ASGI, like FaultMiddleware: a BaseHTTPMiddleware would cost the benchmark dearly."""

    def __init__(self, app: Any, limits: RateLimitConfig,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.limits = app, limits
        self.stand = Bucket(limits.stand, clock) if limits.stand else None
        self.channels = {name: Bucket(rate, clock) for name, rate in limits.channels.items()}

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if (scope["type"] != "http" or not self.limits.active
                or scope["path"] == "/api/auth/login"):
            return await self.app(scope, receive, send)
        buckets = [self.stand] if self.stand else []
        if self.channels and scope["method"] == "POST" and scope["path"].startswith(SENDS):
            body, receive = await _buffered(receive)
            channel = self.channels.get(_channel_type(scope, body) or "")
            buckets += [channel] if channel else []
        waits = [(bucket.wait(), bucket) for bucket in buckets]
        wait, bucket = max(waits, key=lambda w: w[0], default=(0.0, None))
        if bucket is not None and wait > 0:
            whose = "the stand" if bucket is self.stand else "this channel"
            self.limits.stats.refused += 1
            return await _refuse(scope, receive, send, bucket, wait, whose)
        for _, taken in waits:
            taken.take()
        self.limits.stats.admitted += 1
        return await self.app(scope, receive, send)


async def _refuse(scope: dict, receive: Any, send: Any, bucket: Bucket, wait: float,
                  whose: str) -> None:
    seconds = max(1, math.ceil(wait))
    headers = {"Retry-After": str(seconds),
               "RateLimit-Policy": f'"limit";q={bucket.rate:g};w=1',
               "RateLimit": f'"limit";r=0;t={seconds}'}
    response = error_response(scope, 429, "RATE_LIMITED",
                              f"Too many requests for {whose}: at most {bucket.rate:g} per second;"
                              f" retry after {seconds} s.", headers=headers)
    await response(scope, receive, send)


async def _buffered(receive: Any) -> tuple[bytes, Any]:
    """The request body, and a receive() that hands it to the app as if unread."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body"):
            break
    body = b"".join(chunks)
    replayed = False

    async def replay() -> dict:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    return body, replay


def _channel_type(scope: dict, body: bytes) -> str | None:
    if scope["path"].endswith("/email"):
        return "EMAIL"
    try:
        data = json.loads(body or b"null")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    descriptor = data.get("clientApplicationDescriptor")
    if isinstance(descriptor, dict) and isinstance(descriptor.get("channelType"), str):
        return descriptor["channelType"].upper()
    channel_id = data.get("channel")
    if isinstance(channel_id, int):  # /outgoing names the channel by id
        channel = scope["app"].state.stand.config.channels_by_id.get(channel_id)
        return channel["type"] if channel else None
    return None  # the thread's own channel: the stand limit only
