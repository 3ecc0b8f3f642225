"""Threads and their histories (edna's thread endpoints plus the history extension)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from msgclient.api.client import ApiClient

CLOSED = "CLOSED"
STATUSES = ("NEW", "UNASSIGNED", "SUSPENDED", "ASSIGNED", "REASSIGNED", "ANSWER_NEEDED",
            "WAITING", "IN_PROGRESS", "CLOSED")


def list_threads(client: ApiClient, *, statuses: list[str], agents: list[str] | None = None,
                 channels: list[int] | None = None, tags: list[str] | None = None,
                 client_id: int | None = None, since: str | None = None,
                 until: str | None = None, limit: int | None = None) -> Iterator[dict]:
    """edna's statuses/agentsLogins query plus the extension filters.

    The filters are applied again here, so a stand that ignores the extension
    parameters still yields only matching threads.
    """
    params: dict[str, Any] = {"statuses": statuses, "agentsLogins": agents or None,
                              "channels": channels or None, "tags": tags or None,
                              "clientId": client_id, "stateChangedFrom": since,
                              "stateChangedTo": until, "sort": "stateChangeTime,desc"}
    params = {k: v for k, v in params.items() if v is not None}
    wanted = _matcher(statuses, agents, channels, tags, client_id, since, until)
    count = 0
    for thread in client.paginate("/api/v1/threads", params):
        if wanted(thread):
            yield thread
            count += 1
            if limit is not None and count >= limit:
                return


def _matcher(statuses, agents, channels, tags, client_id, since, until):
    def wanted(t: dict) -> bool:
        changed = t.get("stateChangeTime") or ""
        return ((not statuses or t.get("status") in statuses)
                and (not agents or {t.get("currentAgentLogin"), t.get("lastAgentLogin")}
                     & set(agents))
                and (not channels or t.get("channel") in channels)
                and (not tags or set(map(str, t.get("tags") or [])) & set(map(str, tags)))
                and (client_id is None or t.get("clientId") == client_id)
                and (not since or changed >= since)
                and (not until or changed <= until))
    return wanted


def get_thread(client: ApiClient, thread_id: int) -> dict:
    return client.get(f"/api/v1/threads/{thread_id}")


def thread_messages(client: ApiClient, thread_id: int) -> list[dict]:
    return list(client.paginate(f"/api/v1/threads/{thread_id}/messages", page_size=200))


def client_threads(client: ApiClient, client_id: int) -> list[dict]:
    return list(list_threads(client, statuses=list(STATUSES), client_id=client_id))
