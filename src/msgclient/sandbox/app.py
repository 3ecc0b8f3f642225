"""The stand's ASGI app: create_app() wires the database, the routes and the middleware."""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Route

from msgclient.sandbox import PERSONALITIES, email_out, files
from msgclient.sandbox.edna import documented
from msgclient.sandbox.edna.filter import EdnaFilter
from msgclient.sandbox.faults import FaultConfig, FaultMiddleware
from msgclient.sandbox.ratelimit import RateLimitConfig, RateLimitMiddleware
from msgclient.sandbox.request_log import MAX_ENTRIES, RequestLogMiddleware, log_path_from_env
from msgclient.sandbox.routes import from_myself as routes_from_myself
from msgclient.sandbox.routes import send as routes_send
from msgclient.sandbox.routes import stand as routes_stand
from msgclient.sandbox.routes import threads as routes_threads
from msgclient.sandbox.stand_config import StandConfig
from msgclient.sandbox.store import db
from msgclient.sandbox.store.checkpoint import SERVER_AUTOCHECKPOINT, Checkpointer
from msgclient.sandbox.web import ServerState, http_error

LIST_ORDERS = (None, "asc", "desc")
ROUTES = [
    Route("/api/auth/login", routes_stand.login, methods=["POST"]),
    Route("/api/v1/me", routes_stand.me, methods=["GET"]),
    Route("/api/v1/settings", routes_stand.settings, methods=["GET"]),
    Route("/api/v1/channels", routes_stand.channels, methods=["GET"]),
    Route("/api/v1/email-accounts", routes_stand.email_accounts, methods=["GET"]),
    Route("/api/v1/tags", routes_stand.tags, methods=["GET"]),
    Route("/api/v1/templates", routes_stand.templates, methods=["GET"]),
    Route("/api/v1/threads", routes_threads.list_threads, methods=["GET"]),
    Route("/api/v1/threads/{threadId}", routes_threads.get_thread, methods=["GET"]),
    Route("/api/v1/threads/{threadId}/messages", routes_threads.thread_messages, methods=["GET"]),
    Route("/api/v1/chatbot/messages", routes_threads.chatbot_messages, methods=["GET"]),
    Route("/api/v1/clients/internal/{threadsClientId}/profile", routes_threads.client_profile,
          methods=["GET"]),
    Route("/api/v1/clients/{externalClientId}/profile",
          routes_threads.client_profile_by_external_id, methods=["GET"]),
    Route("/api/v1/clients/short-info", routes_threads.short_info, methods=["POST"]),
    Route("/api/v1/messages/outgoing", routes_send.outgoing, methods=["POST"]),
    Route("/api/v1/messages/outgoing-from-myself", routes_from_myself.outgoing_from_myself,
          methods=["POST"]),
    Route("/api/v1/messages/outgoing-to-device", routes_send.outgoing_to_device,
          methods=["POST"]),
    Route("/api/v1/messages/email", routes_send.email, methods=["POST"]),
    Route("/api/v1/files", files.upload, methods=["POST"]),
    Route("/api/v1/files/{fileId}", files.download, methods=["GET"]),
]


class RequestIdMiddleware:
    """Every response, faults and 404s included, carries X-Request-Id (also in error bodies)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request_id = scope["request_id"] = secrets.token_hex(8)
        header = (b"x-request-id", request_id.encode())

        async def send_with_id(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        await self.app(scope, receive, send_with_id)


def edna_routes() -> list[Route]:
    """The routes of the operations edna documents (the contract's non-extension ones)."""
    return [r for r in ROUTES if any((m, r.path) in documented.operations() for m in r.methods)]


def create_app(db_path: str | Path, *, faults: FaultConfig | None = None,
               outbox_dir: str | Path | None = None, smtp: tuple[str, int] | None = None,
               honour_idempotency: bool = True, api: str = "full",
               request_log: str | Path | None = None,
               rate_limits: RateLimitConfig | None = None, list_order: str | None = None,
               max_page_size: int | None = None) -> Starlette:
    """The stand over the SQLite file at db_path (created and seeded if absent).

    faults: None reads MSGCLIENT_SANDBOX_* from the environment. outbox_dir: where emails are
    written as .eml when no SMTP server is given (default: "outbox" next to the database).
    smtp: (host, port); None reads MSGCLIENT_SANDBOX_SMTP. honour_idempotency=False makes the
    stand ignore Idempotency-Key and say so in GET /api/v1/settings. api: "full" (the contract)
    or "edna" (only what edna documents; never honours Idempotency-Key). request_log: a JSON
    Lines file every request is appended to (None reads MSGCLIENT_SANDBOX_REQUEST_LOG); the
    entries are also kept in app.state.request_log either way. rate_limits: None reads
    MSGCLIENT_SANDBOX_RATE_LIMIT and MSGCLIENT_SANDBOX_CHANNEL_RATE_LIMIT. list_order: "asc"
    or "desc", the documented thread listing's order by id (None: the personality's own).
    max_page_size: every page's size is silently cut to it.
    """
    if list_order not in LIST_ORDERS:
        raise ValueError(f"list_order must be asc, desc or None, not {list_order!r}")
    if api not in PERSONALITIES:
        raise ValueError(f"api must be one of {', '.join(PERSONALITIES)}, not {api!r}")
    honour_idempotency = honour_idempotency and api == "full"  # edna documents no such key
    db.ensure_seeded(db_path)
    conn = db.connect(db_path)
    conn.execute(f"PRAGMA wal_autocheckpoint={SERVER_AUTOCHECKPOINT}")
    stand = ServerState(conn=conn, config=StandConfig(conn, honour_idempotency=honour_idempotency),
                  outbox_dir=Path(outbox_dir) if outbox_dir else Path(db_path).parent / "outbox",
                  smtp=smtp or email_out.smtp_from_env(), honour_idempotency=honour_idempotency,
                  api=api, list_order=list_order, max_page_size=max_page_size)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        checkpointer = Checkpointer(db_path).start()
        try:
            yield
        finally:
            checkpointer.stop()

    faults = faults if faults is not None else FaultConfig.from_env()
    entries: deque = deque(maxlen=MAX_ENTRIES)
    log_path = Path(request_log).expanduser() if request_log else log_path_from_env()
    # The limit comes before the faults: a call it refuses costs the stand nothing.
    limits = rate_limits if rate_limits is not None else RateLimitConfig.from_env()
    middleware = [Middleware(RequestLogMiddleware, entries=entries, path=log_path,
                             routes=ROUTES),
                  Middleware(RequestIdMiddleware), Middleware(RateLimitMiddleware, limits=limits),
                  Middleware(FaultMiddleware, faults=faults)]
    if api == "edna":
        middleware.append(Middleware(EdnaFilter))
    app = Starlette(routes=edna_routes() if api == "edna" else ROUTES, middleware=middleware,
                    lifespan=lifespan, exception_handlers={HTTPException: http_error})
    app.state.stand = stand
    app.state.request_log = entries
    return app
