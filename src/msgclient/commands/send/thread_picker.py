"""Pick the closed thread to message from: search first, then choose among what matched.

A select's own type-to-filter shows the whole list when nothing matches (and Enter then
picks someone else's thread), and it searches only the visible label. So the search is
its own question: it looks in names, ids, channels, agents, tags, and (through edna's
short-info) phone numbers and email addresses, and a query that finds nothing is refused
at the prompt. Blocked clients and clients with an active thread (until it closes, email is
the only way to reach them) are marked in the list; picking a client who cannot be messaged
returns to this picker with one line saying why (send flow).

What marks a row comes from listings, never from one request per row: the active threads
are one listing, and whether a client is blocked is the thread's `clientBlocked` extension.
A stand without it says so only in each profile, so there a search narrow enough to read
every profile (PROFILE_LOOKUPS clients) marks the blocked ones.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from msgclient import rules
from msgclient.api.capabilities import THREAD_FILTERS
from msgclient.api.clients import profile, short_info
from msgclient.api.threads import STATUSES, ThreadQuery
from msgclient.commands.send.output import waiting
from msgclient.errors import MsgclientError
from msgclient.index.listing import listing, open_index
from msgclient.outgoing.addresses import normalize_email, normalize_phone
from msgclient.outgoing.model import Recipient
from msgclient.outgoing.names import tag_path
from msgclient.terminal.prompter import Choice
from msgclient.terminal.render import short_time
from msgclient.terminal.wrap import cut

if TYPE_CHECKING:
    from msgclient.cli.context import Context

THREAD_CHOICES = 200
PROFILE_LOOKUPS = 20  # profiles a narrow search reads where the listing lacks clientBlocked
ACTIVE_SCAN = 1000  # active threads read to mark busy clients; beyond, the flow still checks
# Short, so the answer stays on the question's row at 60 columns; the hint goes above it.
QUESTION = "Find a closed thread"
# A phone or email is looked up whole (edna's short-info); the listing carries no addresses.
HINT = ("Search by name, tag, agent, thread id, or a whole phone number or email; Enter "
        "lists them all.")


@dataclass(frozen=True)
class Row:
    thread: dict
    day: str  # the day it closed: enough to tell a client's threads apart
    channel: str
    who: str
    words: str  # what a search looks in, lower case
    busy: str | None  # the client has an active thread: email only until it closes (a note)
    blocked: bool | None  # None: this stand's listing does not say

    @property
    def label(self) -> str:
        return self.shown()

    def shown(self, room: int | None = None, day: bool = True) -> str:
        """The row as a choice in `room` columns, with or without the day. The note (blocked,
        active thread) always stays; short of room, the end of the name goes."""
        # Short notes, so a 60-column row keeps the client's name; blocked says it all.
        note = "blocked" if self.blocked else self.busy
        note = f" ({note})" if note else ""
        text = f"{self.thread['id']:>5}  {f'{self.day}  ' if day else ''}{self.channel:<10}  " \
            f"{self.who}"
        return text + note if room is None else cut(text, max(room - len(note), 1)) + note


def pick_thread(ctx: Context) -> Recipient:
    with waiting(ctx, "Loading the closed threads…"):
        rows = _rows(ctx)
    if not rows:
        raise MsgclientError("This stand has no closed threads to message from.",
                             hint="Use 'msgclient send --new' for a new client.")
    search = _Search(ctx, rows)
    ctx.io.info(HINT, style="dim")
    query = ctx.prompter.text(QUESTION, validate=search.check)
    found = search.matches(query)
    unknown = {r.thread.get("clientId") for r in found if r.blocked is None} - {None}
    if unknown and len(unknown) <= PROFILE_LOOKUPS:
        with waiting(ctx, "Looking up the clients…"):
            found = _with_blocked(ctx, found, unknown)
    # The answer is shown after the question on one row: a one-word question leaves the
    # label (id, day, channel, client) room at 60 columns; the count goes above.
    question = "Thread"
    ctx.io.info(f"{len(found)} found, newest first.", style="dim")
    room = max(shutil.get_terminal_size().columns - len(question) - 4, 20)  # one row each
    day = all(len(r.shown()) <= room for r in found)  # else no row shows it: columns align
    picked = ctx.prompter.select(question, [Choice(r.shown(room, day), r.thread["id"])
                                            for r in found])
    return Recipient("thread", str(picked))


def _rows(ctx: Context) -> list[Row]:
    catalog = ctx.catalog
    active = {t.get("clientId"): t for t in listing(
        catalog, ThreadQuery([s for s in STATUSES if s != rules.CLOSED]), limit=ACTIVE_SCAN)}
    return [_row(ctx, t, active) for t in listing(catalog, ThreadQuery([rules.CLOSED]),
                                                   limit=THREAD_CHOICES)]


def _row(ctx: Context, t: dict, active: dict) -> Row:
    catalog = ctx.catalog
    channel = catalog.channel_by_id(t.get("channel"))
    name = rules.channel_name(channel) if channel else str(t.get("channel"))
    who = t.get("clientName") or t.get("clientExternalId") or f"client {t.get('clientId')}"
    tags = [tag_path(catalog.known("tags"), _int(tag)) for tag in t.get("tags") or []]
    agents = {t.get("currentAgentLogin"), t.get("lastAgentLogin")} - {None}
    words = " ".join([str(t["id"]), who, name, *agents, *tags,
                      str(t.get("clientExternalId") or "")]).lower()
    busy = "active thread" if active.get(t.get("clientId")) else None
    blocked = t.get("clientBlocked")
    return Row(t, short_time(t.get("stateChangeTime"))[:10], name, who, words, busy,
               None if blocked is None else bool(blocked))


def _with_blocked(ctx: Context, rows: list[Row], unknown: set) -> list[Row]:
    """Rows marked from the profiles of the `unknown` clients (a stand whose listing does not
    say who is blocked; edna's profile does)."""
    blocked = {cid for cid in unknown if profile(ctx.client, cid).get("blocked")}
    return [replace(r, blocked=r.thread.get("clientId") in blocked)
            if r.thread.get("clientId") in unknown else r for r in rows]


def _int(value) -> int | str:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


class _Search:
    def __init__(self, ctx: Context, rows: list[Row]) -> None:
        self.ctx = ctx
        self.rows = rows
        self._clients: dict[str, set] = {}  # query -> client ids found by phone or email

    def check(self, query: str) -> bool | str:
        if self.matches(query):
            return True
        query = query.strip()
        if query.startswith("+") or "@" in query or ("." in query and " " not in query) \
                or sum(ch.isdigit() for ch in query) >= 5:
            # Part of an address: phones and emails are looked up whole, not as words.
            return f"Nothing matches '{query}'; give the whole phone number or email."
        return f"Nothing matches '{query}'; try part of a name, a tag or an agent."

    def matches(self, query: str) -> list[Row]:
        words = query.strip().lower().split()
        if not words:
            return self.rows
        clients = self._owners(query.strip())
        if not self.ctx.catalog.has(THREAD_FILTERS):
            return self._indexed(words, clients)
        return [r for r in self.rows if r.thread.get("clientId") in clients
                or all(w in r.words for w in words)]

    def _indexed(self, words: list[str], clients: set) -> list[Row]:
        """Every closed thread the index holds that matches, newest first (the picker's rows
        are only the newest few): one query, no request."""
        active = {r.thread.get("clientId"): r.busy for r in self.rows if r.busy}
        index = open_index(self.ctx.catalog)
        try:
            found = index.threads(["CLOSED"], words_like=[self._alternatives(w) for w in words],
                                  ids=clients - {None})
            return [_row(self.ctx, t, active) for t in itertools.islice(found, THREAD_CHOICES)]
        finally:
            index.close()

    def _alternatives(self, word: str) -> list[str]:
        """A word as the index holds it: itself, or the tags and channels whose names hold it."""
        catalog = self.ctx.catalog
        tags = [f"tag:{t.get('id')} " for t in catalog.known("tags")
                if word in str(tag_path(catalog.known("tags"), t.get("id"))).lower()]
        channels = [f"channel:{c.get('id')} " for c in catalog.known("channels")
                    if word in rules.channel_name(c).lower()]
        return [word, *tags, *channels]

    def _owners(self, query: str) -> set:
        """Clients whose phone or email this is (edna's short-info), looked up once per query."""
        if query not in self._clients:
            self._clients[query] = self._lookup(query)
        return self._clients[query]

    def _lookup(self, query: str) -> set:
        try:
            if "@" in query:
                found = short_info(self.ctx.client, emails=[normalize_email(query)])
            elif sum(ch.isdigit() for ch in query) >= 7:
                found = short_info(self.ctx.client, phones=[
                    normalize_phone(query, self.ctx.settings.default_region)])
            else:
                return set()
        except MsgclientError:
            return set()  # not an address after all, or the stand cannot say: words only
        return {c.get("id") for c in found}
