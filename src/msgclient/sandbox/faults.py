"""Misbehaving on purpose: latency, 429 with Retry-After, 503, and dropped connections.

Tests and benchmarks use this to prove the client's retries and idempotency hold up. Login and
file downloads are never disturbed: a client that cannot log in tests nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from msgclient.sandbox.web import error_response

ENV = {"latency_ms": "MSGCLIENT_SANDBOX_LATENCY_MS", "share_429": "MSGCLIENT_SANDBOX_429",
       "share_503": "MSGCLIENT_SANDBOX_503", "share_drop": "MSGCLIENT_SANDBOX_DROP",
       "retry_after": "MSGCLIENT_SANDBOX_RETRY_AFTER", "seed": "MSGCLIENT_SANDBOX_SEED"}


@dataclass(frozen=True)
class FaultConfig:
    latency_ms: float = 0.0
    share_429: float = 0.0  # shares of requests, 0..1, drawn in this order
    share_503: float = 0.0
    share_drop: float = 0.0  # half before the handler runs, half after (the ambiguous case)
    retry_after: int = 1  # seconds, sent with 429 and 503
    seed: int | None = None  # fixes the sequence of faults for reproducible runs

    def __post_init__(self) -> None:
        shares = (self.share_429, self.share_503, self.share_drop)
        if any(not 0 <= s <= 1 for s in shares) or sum(shares) > 1:
            raise ValueError("fault shares must be within 0..1 and add up to at most 1")
        if self.latency_ms < 0 or self.retry_after < 0:
            raise ValueError("latency and Retry-After cannot be negative")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> FaultConfig:
        """Faults from MSGCLIENT_SANDBOX_* variables; explicit (non-None) overrides win."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(ENV[f.name], "").strip()
            if raw:
                try:
                    values[f.name] = int(raw) if f.name in ("seed", "retry_after") else float(raw)
                except ValueError:
                    raise ValueError(f"{ENV[f.name]} must be a number, not {raw!r}") from None
        return cls(**values).updated(**overrides)

    def updated(self, **overrides: Any) -> FaultConfig:
        """A copy with the given fields changed; None leaves a field as it is (unset flags)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    @property
    def active(self) -> bool:
        return bool(self.latency_ms or self.share_429 or self.share_503 or self.share_drop)


class ConnectionDropped(Exception):
    """Raised mid-response so that uvicorn closes the socket: the client sees a broken reply."""


class _QuietDrops(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], ConnectionDropped))


_QUIET_DROPS = _QuietDrops()  # one instance: addFilter ignores a filter already added


def _exempt(scope: dict) -> bool:
    path = scope["path"]
    return path == "/api/auth/login" or (scope["method"] in ("GET", "HEAD")
                                         and path.startswith("/api/v1/files/"))


class FaultMiddleware:
    """Raw ASGI middleware: a BaseHTTPMiddleware would cost the benchmark dearly."""

    def __init__(self, app: Any, faults: FaultConfig) -> None:
        self.app, self.faults = app, faults
        self.rng = random.Random(faults.seed)
        if faults.share_drop:  # uvicorn logs the deliberate exception; it is not news
            logging.getLogger("uvicorn.error").addFilter(_QUIET_DROPS)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not self.faults.active or _exempt(scope):
            return await self.app(scope, receive, send)
        f = self.faults
        if f.latency_ms:
            await asyncio.sleep(f.latency_ms / 1000)  # a sleep, so concurrency is not serialised
        roll = self.rng.random()
        if roll < f.share_429 + f.share_503:
            status, code = (429, "RATE_LIMITED") if roll < f.share_429 else (503, "UNAVAILABLE")
            message = ("Too many requests" if status == 429 else "The stand is unavailable") + (
                f"; retry after {f.retry_after} s (injected fault).")
            response = error_response(scope, status, code, message,
                                      headers={"Retry-After": str(f.retry_after)})
            return await response(scope, receive, send)
        if roll >= f.share_429 + f.share_503 + f.share_drop:
            return await self.app(scope, receive, send)
        if self.rng.random() < 0.5:
            await _break(send, _FAKE_START, b'{"id":')  # before: the handler never ran
        await self._drop_after(scope, receive, send)

    async def _drop_after(self, scope: dict, receive: Any, send: Any) -> None:
        """Run the request for real (a send is recorded), then cut its answer short."""
        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message: dict) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        await _break(send, start, body[: len(body) // 2])


_FAKE_START = {"type": "http.response.start", "status": 200,
               "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")]}


async def _break(send: Any, start: dict, partial: bytes) -> None:
    # Headers promise more bytes than ever come, then the exception makes uvicorn close the
    # transport: to the client this is a connection lost mid-answer, not an HTTP error.
    await send(start)
    await send({"type": "http.response.body", "body": partial, "more_body": True})
    raise ConnectionDropped("injected fault: connection dropped")
