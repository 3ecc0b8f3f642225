"""Login and the read-only description of the stand (me, settings, channels, mailboxes, ...)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from msgclient.rules import TEMPLATE_CHANNEL_TYPES
from msgclient.sandbox.store import writes
from msgclient.sandbox.validate import opt_str
from msgclient.sandbox.web import (
    STAFF_ROLES,
    Refused,
    endpoint,
    json_body,
    json_response,
    stand_of,
)

Json = dict[str, Any]


@endpoint()
async def login(request: Request, user: Json | None) -> Response:
    body, _ = await json_body(request)
    name, password = opt_str(body, "login", 256), opt_str(body, "password", 1024)
    locale = body.get("locale")
    if name is None or password is None:
        raise Refused.validation("Give both login and password.", field="login")
    if locale is not None and locale not in ("en", "ru"):
        raise Refused.validation("Field locale must be en or ru.", field="locale")
    stand = stand_of(request)
    row = stand.conn.execute("SELECT id, login, role, full_name, password FROM users"
                             " WHERE login = ?", (name,)).fetchone()
    if row is None or row[4] != password:
        raise Refused(401, "UNAUTHORIZED", "Wrong login or password.")
    token = writes.new_token(stand.conn, row[0])
    stand.config.remember_token(token, row[:4])
    # edna returns the token already prefixed, and clients are told to strip it.
    return json_response({"userId": row[0], "login": row[1], "token": f"Bearer {token}",
                          "role": row[2]})


@endpoint(*STAFF_ROLES)
async def me(request: Request, user: Json | None) -> Response:
    return json_response(user)


@endpoint(*STAFF_ROLES)
async def settings(request: Request, user: Json | None) -> Response:
    return json_response(stand_of(request).config.settings)


@endpoint(*STAFF_ROLES)
async def channels(request: Request, user: Json | None) -> Response:
    return json_response(stand_of(request).config.channels)


@endpoint(*STAFF_ROLES)
async def email_accounts(request: Request, user: Json | None) -> Response:
    return json_response(stand_of(request).config.email_accounts)


@endpoint(*STAFF_ROLES)
async def tags(request: Request, user: Json | None) -> Response:
    return json_response(stand_of(request).config.tags)


@endpoint(*STAFF_ROLES)
async def templates(request: Request, user: Json | None) -> Response:
    channel_type = request.query_params.get("channelType")
    if channel_type is not None and channel_type not in TEMPLATE_CHANNEL_TYPES:
        raise Refused.validation(f"Parameter channelType must be "
                                  f"{' or '.join(TEMPLATE_CHANNEL_TYPES)}.",
                                  field="channelType")
    found = stand_of(request).config.templates
    return json_response([t for t in found if channel_type in (None, t["channelType"])])
