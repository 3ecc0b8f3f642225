"""HTTP plumbing shared by the routes: the contract's error body, JSON, auth, roles, parameters."""

from __future__ import annotations

import functools
import json
import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from msgclient.rules import Refusal, fits_long
from msgclient.sandbox.edna.errors import edna_wording, spring_body
from msgclient.sandbox.stand_config import StandConfig
from msgclient.sandbox.store.times import now_iso

log = logging.getLogger("msgclient.sandbox")
Json = dict[str, Any]
# edna's permission list for every operation msgclient uses; extensions follow it too.
STAFF_ROLES = ("INTEGRATOR", "OPERATOR", "SUPERVISOR")
_INTEGER = re.compile(r"-?[0-9]{1,30}")


@dataclass
class ServerState:
    """Everything a request handler needs, hung on app.state.stand."""

    conn: sqlite3.Connection
    config: StandConfig
    outbox_dir: Path
    smtp: tuple[str, int] | None
    honour_idempotency: bool
    api: str = "full"  # which personality: "full" (the contract) or "edna" (documented only)
    # The documented listing's order when no sort is asked: "asc" or "desc" by thread id;
    # None: the personality's own (full: newest change first; edna: id ascending).
    list_order: str | None = None
    max_page_size: int | None = None  # size is silently cut to this, as real stands do


class Refused(Exception):
    """Any refusal a handler raises; the endpoint wrapper turns it into the error body."""

    def __init__(self, status: int, code: str, message: str, details: Json | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details, self.headers = details, headers

    @classmethod
    def refused(cls, refusal: Refusal) -> Refused:
        return cls(refusal.status, refusal.code, refusal.message, refusal.details or None)

    @classmethod
    def validation(cls, message: str, **details: Any) -> Refused:
        return cls(400, "VALIDATION", message, details or None)

    @classmethod
    def not_found(cls, message: str, **details: Any) -> Refused:
        return cls(404, "NOT_FOUND", message, details or None)


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(data), status, headers, media_type="application/json")


def personality(scope: dict) -> str:
    """"full" or "edna": which API the app serving this request speaks (create_app's api)."""
    stand = getattr(getattr(scope.get("app"), "state", None), "stand", None)
    return stand.api if stand is not None else "full"


def error_response(scope: dict, status: int, code: str, message: str,
                   details: Json | None = None, headers: dict[str, str] | None = None, *,
                   spring_message: str | None = None) -> Response:
    """The one error body: the contract's, or Spring's plain one on the edna personality
    (spring_message, when given, is what Spring itself would say there)."""
    if personality(scope) == "edna":
        status, text = ((status, spring_message) if spring_message
                        else edna_wording(status, code, message, details))
        return json_response(spring_body(scope["path"], status, text), status, headers)
    body = {"timestamp": now_iso(), "status": status, "error": HTTPStatus(status).phrase,
            "message": message, "path": scope["path"], "code": code,
            "requestId": scope.get("request_id", "")}
    if details:
        body["details"] = details
    return json_response(body, status, headers)


_CODE_BY_STATUS = {400: "VALIDATION", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
                   405: "METHOD_NOT_ALLOWED", 413: "ATTACHMENT_TOO_LARGE", 429: "RATE_LIMITED",
                   503: "UNAVAILABLE"}


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own HTTP errors (unknown path, wrong method, bad multipart) in our body."""
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    code = _CODE_BY_STATUS.get(status, "VALIDATION" if status < 500 else "INTERNAL")
    message = {404: f"No such endpoint: {request.url.path}.",
               405: f"{request.method} is not allowed on {request.url.path}."}.get(
        status, str(exc.detail))
    spring = {404: "No message available",
              405: f"Request method '{request.method}' is not supported"}.get(status)
    return error_response(request.scope, status, code, message, headers=exc.headers,
                          spring_message=spring)


def stand_of(request: Request) -> ServerState:
    return request.app.state.stand


Handler = Callable[[Request, Json | None], Awaitable[Response]]


def endpoint(*roles: str) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """Wrap a handler: refresh the catalogue, authorise (no roles: public), map errors."""
    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            stand = stand_of(request)
            try:
                stand.config.refresh()
                user = _authorise(request, stand, roles) if roles else None
                return await handler(request, user)
            except Refused as exc:
                return error_response(request.scope, exc.status, exc.code, exc.message,
                                      exc.details, exc.headers)
            except HTTPException as exc:  # Starlette's own, e.g. a malformed multipart body
                return await http_error(request, exc)
            except ClientDisconnect:  # the caller left before its body arrived: nobody to
                if stand.conn.in_transaction:  # answer, and not the stand's bug to log
                    stand.conn.execute("ROLLBACK")
                return Response(status_code=400)
            except Exception:  # the contract promises a JSON body even for the stand's bugs
                log.exception("request %s failed", request.scope.get("request_id"))
                if stand.conn.in_transaction:
                    stand.conn.execute("ROLLBACK")
                return error_response(request.scope, 500, "INTERNAL", "The sandbox stand failed "
                                      "on this request; its log has the details.")
        return run
    return wrap


def _authorise(request: Request, stand: ServerState, roles: tuple[str, ...]) -> Json:
    token = request.headers.get("authorization", "").strip()
    # edna's login returns "Bearer <tok>" and its own example header doubles the prefix.
    while token[:7].lower() == "bearer ":
        token = token[7:].strip()
    if not token:
        raise Refused(401, "UNAUTHORIZED", "No token: log in with POST /api/auth/login and send "
                       "Authorization: Bearer <token>.")
    user = stand.config.user_for_token(token)
    if user is None:
        raise Refused(401, "UNAUTHORIZED", "The token is unknown or expired; log in again.")
    if user["role"] not in roles:
        raise Refused(403, "FORBIDDEN", f"Role {user['role']} may not use {request.method} "
                       f"{request.url.path}; allowed roles: {', '.join(roles)}.",
                       {"role": user["role"], "allowedRoles": list(roles)})
    return user


async def json_body(request: Request) -> tuple[Json, str]:
    """The body as a dict plus its canonical JSON (the idempotency fingerprint)."""
    raw = await request.body()
    try:
        body = json.loads(raw)
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        canonical.encode("utf-8")  # lone surrogates ("\ud800") cannot be stored or compared
    except (ValueError, RecursionError):
        raise Refused.validation("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise Refused.validation("The request body must be a JSON object.")
    return body, canonical


def int_param(request: Request, name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise Refused.validation(f"Parameter {name} must be an integer.", field=name) from None
    if not low <= value <= high:
        raise Refused.validation(f"Parameter {name} must be between {low} and {high}.",
                                  field=name, minimum=low, maximum=high)
    return value


def paging(request: Request) -> tuple[int, int]:
    """(limit, offset) from page (0-based) and size (default 50, max 500; the stand's
    max_page_size cuts it without a word)."""
    page = int_param(request, "page", 0, 0, 1_000_000)
    size = int_param(request, "size", 50, 1, 500)
    cap = stand_of(request).max_page_size
    size = min(size, cap) if cap else size
    return size, page * size


def path_id(request: Request, name: str) -> int:
    """A numeric path id; out of SQLite's range means no such row rather than a crash."""
    raw = request.path_params[name]
    if not _INTEGER.fullmatch(raw):
        raise Refused.validation(f"{name} must be an integer.", field=name)
    value = int(raw)
    return value if fits_long(value) else 0
