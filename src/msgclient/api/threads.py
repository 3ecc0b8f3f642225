"""Threads and their histories (edna's thread endpoints plus the history extension)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from msgclient.api.capabilities import HISTORY, THREAD_FILTERS
from msgclient.api.client import ApiClient
from msgclient.api.errors import ApiError

CLOSED = "CLOSED"
BOT_HISTORY_PATH = "/api/v1/chatbot/messages"
# What edna's bot API answers when it does not show a history to this account's token: its
# history sits in the bot API, with no permissions block (docs/edna-api.md §11.2).
NOT_SHOWN = (401, 403, 404)
STATUSES = ("NEW", "UNASSIGNED", "SUSPENDED", "ASSIGNED", "REASSIGNED", "ANSWER_NEEDED",
            "WAITING", "IN_PROGRESS", "CLOSED")
# edna's documented listing neither sorts nor filters beyond status and agent: msgclient reads
# the pages itself, this many threads at most, and says so when the bound cut the list.
SCAN_LIMIT = 10_000


@dataclass
class ThreadQuery:
    statuses: list[str]
    agents: list[str] = field(default_factory=list)
    channels: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    client_id: int | None = None
    since: str | None = None
    until: str | None = None

    def matches(self, t: dict) -> bool:
        changed = str(t.get("stateChangeTime") or "")
        return ((not self.statuses or t.get("status") in self.statuses)
                and (not self.agents or bool({t.get("currentAgentLogin"),
                                              t.get("lastAgentLogin")} & set(self.agents)))
                and (not self.channels or t.get("channel") in self.channels)
                and (not self.tags or bool(set(map(str, t.get("tags") or []))
                                           & set(map(str, self.tags))))
                and (self.client_id is None or t.get("clientId") == self.client_id)
                and (not self.since or changed >= self.since)
                and (not self.until or changed < self.until))

    def documented_params(self) -> dict[str, Any]:
        return {k: v for k, v in (("statuses", self.statuses),
                                  ("agentsLogins", self.agents or None)) if v}

    def extension_params(self) -> dict[str, Any]:
        found = {"channels": self.channels or None, "tags": self.tags or None,
                 "clientId": self.client_id, "stateChangedFrom": self.since,
                 "stateChangedTo": self.until, "sort": "stateChangeTime,desc"}
        return {k: v for k, v in found.items() if v is not None}


@dataclass
class Listing:
    """Matching threads, newest change first; `cut` says the scan bound left some unread."""

    client: ApiClient
    query: ThreadQuery
    stand_filters: bool  # the stand sorts and filters (the thread-filters extension)
    limit: int | None = None
    scan_limit: int = SCAN_LIMIT
    cut: bool = False

    def __iter__(self) -> Iterator[dict]:
        found = self._sorted_by_stand() if self.stand_filters else self._sorted_here()
        for count, thread in enumerate(found, 1):
            yield thread
            if self.limit is not None and count >= self.limit:
                return

    def _sorted_by_stand(self) -> Iterator[dict]:
        # The filters are applied again here, so a stand that ignored one still yields only
        # matching threads.
        params = {**self.query.documented_params(), **self.query.extension_params()}
        return (t for t in self.client.paginate("/api/v1/threads", params)
                if self.query.matches(t))

    def _sorted_here(self) -> Iterator[dict]:
        pages = self.client.paginate("/api/v1/threads", self.query.documented_params(),
                                     limit=self.scan_limit + 1)
        read = list(pages)
        self.cut = len(read) > self.scan_limit
        wanted = [t for t in read[:self.scan_limit] if self.query.matches(t)]
        wanted.sort(key=lambda t: (str(t.get("stateChangeTime") or ""), _int(t.get("id"))),
                    reverse=True)
        return iter(wanted)


def listing(catalog: Any, query: ThreadQuery, limit: int | None = None) -> Listing:
    """The listing for this stand: sorted by the stand where it can, else here."""
    return Listing(catalog.client, query, catalog.has(THREAD_FILTERS), limit)


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def get_thread(client: ApiClient, thread_id: int) -> dict:
    return client.get(f"/api/v1/threads/{thread_id}")


def thread_messages(client: ApiClient, thread_id: int) -> list[dict]:
    """The history extension: call only on a stand that offers it."""
    return list(client.paginate(f"/api/v1/threads/{thread_id}/messages", page_size=200))


def history(catalog: Any, thread_id: int) -> list[dict] | None:
    """A thread's messages, oldest first: the history extension where the stand offers it,
    else edna's bot API where it shows them to this account; None where neither does.

    The bot API is asked once per stand and account (catalog.bot_history): a 401, 403 or 404
    there means "not shown to this account", never an expired login (the thread itself was
    just read with the same token).
    """
    if catalog.has(HISTORY):
        return thread_messages(catalog.client, thread_id)
    if catalog.bot_history is False:
        return None
    try:
        found = catalog.client.get(BOT_HISTORY_PATH, {"threadId": thread_id}, expect="list")
    except ApiError as exc:
        if exc.status not in NOT_SHOWN:
            raise
        catalog.remember_bot_history(False)
        return None
    if catalog.bot_history is None:
        catalog.remember_bot_history(True)
    return [_from_bot(m) for m in found if isinstance(m, dict)]


# The bot API's senders as the history extension names its authors' kinds.
_DIRECTION = {"CLIENT": "INCOMING"}


def _from_bot(message: dict) -> dict:
    """A bot-API message ({text, sender, receivedDate}) in the history's keys: the text, who
    wrote (CLIENT, OPERATOR or BOT) and when; the bot API says nothing more."""
    sender = str(message.get("sender") or "")
    return {"direction": _DIRECTION.get(sender, "OUTGOING"), "authorType": sender,
            "text": message.get("text"), "createdAt": message.get("receivedDate")}


def client_threads(client: ApiClient, client_id: int) -> list[dict]:
    """Every thread of one client: the thread-filters extension's clientId."""
    return list(Listing(client, ThreadQuery(list(STATUSES), client_id=client_id), True))
