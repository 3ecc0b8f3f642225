"""The edna personality's filter: requests and answers cut down to what edna documents.

A real edna stand is a Spring service: it binds the documented fields of a body and the
documented query parameters and silently ignores everything else, and its answers carry only
its own fields. So rather than teach every handler two dialects, this raw ASGI middleware sits
in front of the full handlers and (1) drops undocumented query parameters, (2) strips request
bodies to their documented properties, (3) strips 200 JSON answers to the documented ones. What
"documented" means comes from the contract (documented.py). Paths edna does not document never
get here: the edna app has no route for them.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from msgclient.sandbox.edna import documented


async def read_body(receive: Any) -> bytes:
    """The whole request body (hand it on downstream with replay())."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Any) -> Any:
    """A receive() that hands out `body` once, then defers to the real one (disconnects)."""
    sent = False

    async def receive_again() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return receive_again


def _stripped_json(raw: bytes, shape: documented.Shape) -> bytes | None:
    try:
        value = json.loads(raw)
        # ASCII escapes keep a lone surrogate ("\ud800") encodable; the handler then refuses it.
        return json.dumps(documented.strip(value, shape), separators=(",", ":")).encode()
    except (ValueError, RecursionError):
        return None  # not JSON (or absurdly deep): the handler answers that itself


class EdnaFilter:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        method, template = scope["method"], documented.template_of(scope["path"])
        if (method, template) not in documented.operations():
            return await self.app(scope, receive, send)
        allowed = documented.query_names(method, template)
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                          keep_blank_values=True)
        scope = {**scope, "query_string": urlencode(
            [(k, v) for k, v in query if k in allowed]).encode("latin-1")}
        shape = documented.request_shape(method, template)
        if shape is not None:
            raw = await read_body(receive)
            receive = replay(_stripped_json(raw, shape) or raw, receive)
        answer = documented.response_shape(method, template)
        await self.app(scope, receive, _stripping_send(send, answer) if answer else send)


def _stripping_send(send: Any, shape: documented.Shape) -> Any:
    """send() that rewrites a 200 JSON answer to its documented fields (others pass as they are)."""
    start: dict = {}
    chunks: list[bytes] = []

    async def strip_send(message: dict) -> None:
        if message["type"] == "http.response.start":
            if message["status"] != 200:
                return await send(message)
            start.update(message)
            return None
        if not start:
            return await send(message)
        chunks.append(message.get("body", b""))
        if message.get("more_body"):
            return None
        body = b"".join(chunks)
        body = _stripped_json(body, shape) or body
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    return strip_send
