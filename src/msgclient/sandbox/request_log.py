"""The stand's request log: what each request asked for, by name, never by value.

Tests (and a person watching a session) use it to see exactly which operations, query
parameters and body fields a client sent, e.g. that after the capability probe a client spoke
only documented edna to an edna stand (documented.undocumented). Entries hold names only, so no
token, password or message text is ever written: {method, path (the contract's template),
query (parameter names), body (field names, "a.b" and "a[].b"), status}.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from starlette.routing import Match

from msgclient.sandbox.edna import documented
from msgclient.sandbox.edna.filter import read_body, replay

ENV = "MSGCLIENT_SANDBOX_REQUEST_LOG"
# In memory the newest entries only: a benchmark sends hundreds of thousands of requests.
MAX_ENTRIES = 100_000


def log_path_from_env() -> Path | None:
    raw = os.environ.get(ENV, "").strip()
    return Path(raw).expanduser() if raw else None


def _is_json(scope: dict) -> bool:
    content_type = dict(scope.get("headers", [])).get(b"content-type", b"")
    return b"json" in content_type.lower()


def _body_names(raw: bytes) -> list[str]:
    try:
        return documented.field_names(json.loads(raw))
    except (ValueError, RecursionError):
        return []


def _template(routes: Sequence[Any], scope: dict) -> str:
    return next((r.path for r in routes if r.matches(scope)[0] != Match.NONE), scope["path"])


class RequestLogMiddleware:
    """Raw ASGI, outermost: it sees each request as the client sent it, faults included.

    routes: the full stand's routes, whose paths are the contract's templates (test_contract
    holds them equal); matching them spares every embedded stand from parsing the contract.
    """

    def __init__(self, app: Any, entries: deque, path: Path | None,
                 routes: Sequence[Any]) -> None:
        self.app, self.entries, self.path, self.routes = app, entries, path, routes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        names: list[str] = []
        if _is_json(scope):  # uploads are not buffered here, nor named
            raw = await read_body(receive)
            names, receive = _body_names(raw), replay(raw, receive)
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                          keep_blank_values=True)
        entry = {"method": scope["method"], "path": _template(self.routes, scope),
                 "query": list(dict.fromkeys(k for k, _ in query)), "body": names,
                 "status": None}
        logged = False

        async def record(message: dict) -> None:
            nonlocal logged
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
            elif not message.get("more_body") and not logged:
                # Before the last byte goes out: whoever got the answer finds it logged.
                logged = True
                self._add(entry)
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            if not logged:  # no complete answer: a dropped connection, a crash
                self._add(entry)

    def _add(self, entry: dict) -> None:
        self.entries.append(entry)
        if self.path is None:
            return
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.fchmod(fd, 0o600)  # names only, but still nobody else's business
            os.write(fd, line)
        finally:
            os.close(fd)
