"""Threads, their histories and clients: the read side of the API."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from msgclient.rules import fits_long
from msgclient.rules.times import iso, parse_iso
from msgclient.sandbox.store import queries
from msgclient.sandbox.validate import str_list
from msgclient.sandbox.web import (
    STAFF_ROLES,
    Refused,
    endpoint,
    int_param,
    json_body,
    json_response,
    paging,
    path_id,
    stand_of,
)

Json = dict[str, Any]
STATUSES = ("NEW", "UNASSIGNED", "SUSPENDED", "ASSIGNED", "REASSIGNED", "ANSWER_NEEDED",
            "WAITING", "IN_PROGRESS", "CLOSED")
OPEN_STATUSES = [s for s in STATUSES if s != "CLOSED"]


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _multi(request: Request, *names: str) -> list[str]:
    """A repeatable parameter, also accepting comma lists (edna's filtered search uses them)."""
    values = [v for name in names for raw in request.query_params.getlist(name)
              for v in raw.split(",")]
    return [v.strip() for v in values if v.strip()]


def _ints(request: Request, name: str) -> list[int]:
    values = _multi(request, name)
    try:
        ints = [int(v) for v in values]
    except ValueError:
        raise Refused.validation(f"Parameter {name} takes integer ids.", field=name) from None
    return [i for i in ints if fits_long(i)]


def _time(request: Request, name: str) -> str | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return iso(parse_iso(raw))
    except (ValueError, OverflowError):
        raise Refused.validation(f"Parameter {name} must be an ISO-8601 time, e.g. "
                                  "2024-06-01T00:00:00.000Z.", field=name) from None


def _filters(request: Request) -> Json:
    statuses = _multi(request, "statuses")
    unknown = sorted(set(statuses) - set(STATUSES))
    if unknown:
        raise Refused.validation(f"Unknown thread status {', '.join(unknown)}; statuses are "
                                  f"{', '.join(STATUSES)}.", field="statuses")
    sort = request.query_params.get("sort", "stateChangeTime,desc")
    if sort not in ("stateChangeTime,desc", "stateChangeTime,asc"):
        raise Refused.validation("Parameter sort must be stateChangeTime,desc or "
                                  "stateChangeTime,asc.", field="sort")
    client_ids = _ints(request, "clientId")
    return {"statuses": statuses or OPEN_STATUSES,  # edna: no statuses means open threads
            "agents": _multi(request, "agentsLogins", "agentLogins"),
            "channels": _ints(request, "channels"), "tags": _ints(request, "tags"),
            "clientId": client_ids[0] if client_ids else None,
            "since": _time(request, "stateChangedFrom"), "until": _time(request, "stateChangedTo"),
            "ascending": sort.endswith(",asc"),
            "byId": _by_id(request)}


def _by_id(request: Request) -> str | None:
    """"asc"/"desc" when the listing goes by thread id, None when by state change.

    edna promises no order; id order keeps paging stable without looking like "newest
    first", so a client cannot come to rely on an order edna never gave. The stand's
    list_order chooses the id order (on the full personality, where no sort was asked)."""
    stand = stand_of(request)
    if stand.api == "edna":
        return stand.list_order or "asc"
    return stand.list_order if "sort" not in request.query_params else None


@endpoint(*STAFF_ROLES)
async def list_threads(request: Request, user: Json | None) -> Response:
    limit, offset = paging(request)
    filters = _filters(request)
    found = queries.threads(stand_of(request).conn, filters, limit, offset, base_url(request))
    return json_response(found)


def _thread_or_404(request: Request) -> Json:
    thread_id = path_id(request, "threadId")
    found = queries.thread(stand_of(request).conn, thread_id, base_url(request))
    if found is None:
        raise Refused.not_found(f"Thread {thread_id} does not exist.", threadId=thread_id)
    return found


@endpoint(*STAFF_ROLES)
async def get_thread(request: Request, user: Json | None) -> Response:
    return json_response(_thread_or_404(request))


@endpoint(*STAFF_ROLES)
async def thread_messages(request: Request, user: Json | None) -> Response:
    limit, offset = paging(request)
    thread = _thread_or_404(request)
    found = queries.messages(stand_of(request).conn, thread["id"], limit, offset,
                             base_url(request))
    return json_response(found)


@endpoint(*STAFF_ROLES)
async def client_profile(request: Request, user: Json | None) -> Response:
    client_id = path_id(request, "threadsClientId")
    conn = stand_of(request).conn
    found = queries.client(conn, client_id)
    if found is None:
        raise Refused.not_found(f"Client {client_id} does not exist.", clientId=client_id)
    return json_response({**found, "lastIncoming": queries.last_incoming(conn, client_id)})


@endpoint(*STAFF_ROLES)
async def short_info(request: Request, user: Json | None) -> Response:
    body, _ = await json_body(request)
    found = queries.short_info(stand_of(request).conn, str_list(body, "phones", 64),
                               str_list(body, "externalIds", 256), str_list(body, "emails", 320))
    return json_response(found)


@endpoint(*STAFF_ROLES)
async def client_profile_by_external_id(request: Request, user: Json | None) -> Response:
    external_id = request.path_params["externalClientId"]
    found = queries.client_by_external_id(stand_of(request).conn, external_id)
    if found is None:
        raise Refused.not_found(f"Client {external_id} does not exist.", clientId=external_id)
    return json_response(found)


# A thread's history is short; a bound keeps an odd one from answering megabytes.
CHATBOT_HISTORY_MAX = 1000


@endpoint(*STAFF_ROLES, "BOT")
async def chatbot_messages(request: Request, user: Json | None) -> Response:
    """edna's bot API history. Told to (stand setting botHistoryForStaff false), the stand
    shows it to the bot alone, as a stand may that keeps its bot API to the bot's token."""
    stand = stand_of(request)
    if user and user["role"] != "BOT" and not stand.config.bot_history_for_staff:
        raise Refused(403, "FORBIDDEN", "This stand shows a thread's bot history to the bot "
                       "only.", {"role": user["role"], "allowedRoles": ["BOT"]})
    thread_id = int_param(request, "threadId", None, 1, 2**63 - 1)
    if thread_id is None:
        raise Refused.validation("Parameter threadId is required.", field="threadId")
    if queries.thread(stand.conn, thread_id, base_url(request)) is None:
        raise Refused.not_found(f"Thread {thread_id} does not exist.", threadId=thread_id)
    return json_response(queries.chatbot_messages(stand.conn, thread_id, CHATBOT_HISTORY_MAX))
