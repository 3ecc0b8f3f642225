"""Every problem of one bulk row that can be known before the first send, all at once.

The send core stops at a row's first problem. A row missing its tag and its text would
then need two runs to learn both, so the check fills what is missing with a stand-valid
stand-in and checks again, until the row passes or a problem cannot be stood in for. Each
problem is named with the column or flag that fixes it.

A thread or client row without a channel is resolved here as a send would resolve it
(GETs only): when the client has several channels, or its only one is email and the row
has no sender, the row is invalid now rather than failed at send time. A row with a
channel costs one GET, so that a thread or client the stand does not have is an invalid
row too, not a failed send.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from msgclient.api.clients import profile
from msgclient.api.errors import NotFound
from msgclient.api.threads import get_thread
from msgclient.bulk.input.rows import RowProblem
from msgclient.errors import RuleRefusal
from msgclient.outgoing.draft import draft, recipient_address
from msgclient.outgoing.errors import InvalidMessage, problem_key
from msgclient.outgoing.model import EXISTING_KINDS
from msgclient.outgoing.target import lookup, only_channel

if TYPE_CHECKING:
    from msgclient.api.catalog import Catalog
    from msgclient.api.stand import Stand
    from msgclient.bulk.input.rows import BulkRow
    from msgclient.outgoing.model import Message

FIXES = {
    "EMPTY_MESSAGE": "add a text column, or --text, --template or --attach",
    "TAGS_REQUIRED": "add a tags column, or --tag PATH",
    "CHANNEL_CHOICE": "add a channel column, or --channel NAME",
    "UNKNOWN_SENDER": "add a sender column, or --sender ADDRESS",
    "emailSubject": "add a subject column, or --subject TEXT",
    "TEMPLATE_VARIABLES": "add a column per variable, or --var NAME=VALUE",
}
# Missing parts in a few words: the send core's sentences say "add one" without the flag.
REASONS = {"EMPTY_MESSAGE": "The message is empty",
           "TAGS_REQUIRED": "No tag, and this stand requires one"}
ROUNDS = 6  # one per kind of stand-in, and one more


class RowCheck:
    """plan.Checker: a row's problems, all at once, as one RowProblem."""

    def __init__(self, ctx: Stand, region: str | None) -> None:
        self.ctx, self.region = ctx, region

    def asks_stand(self, row: BulkRow) -> bool:
        return row.recipient.kind in EXISTING_KINDS  # the thread or client is looked up

    def __call__(self, row: BulkRow) -> str | None:
        """The row's problems as one RowProblem; else the id of the client a thread row
        reaches, where the look-up told it (two threads of one client are one recipient)."""
        problems: list[tuple[str, str]] = []
        client = None
        with self.ctx.client.operation():  # each row waits for the stand within its own budget
            message = _collect(self.ctx.catalog, row, row.message, self.region, problems)
            if message is not None and row.recipient.kind in EXISTING_KINDS:
                if message.channel is None:
                    client = _resolve_channel(self.ctx, row, message, self.region, problems)
                else:
                    client = _check_exists(self.ctx, row, problems)
        if problems:
            # Sentences, each with its capital: "No tag ... (...). The message is empty (...)".
            raise RowProblem(". ".join(f"{reason} ({FIXES[key]})" if key in FIXES else reason
                                       for key, reason in problems), code=problems[0][0])
        return None if client is None else str(client)


def checker(ctx: Stand, region: str | None) -> RowCheck:
    return RowCheck(ctx, region)


def _collect(catalog: Catalog, row: BulkRow, message: Message, region: str | None,
             problems: list[tuple[str, str]]) -> Message | None:
    """Draft the message; note each problem and stand in for it. None: a problem remains."""
    for _ in range(ROUNDS):
        try:
            draft(catalog, row.recipient, message, region)
            return message
        except (InvalidMessage, RuleRefusal) as exc:
            key = problem_key(exc)
            problems.append((key, REASONS.get(key) or exc.message.rstrip(".")))
            message = _stand_in(catalog, message, key, exc.details)
            if message is None:
                return None
    return None


def _stand_in(catalog: Catalog, message: Message, key: str | None,
              details: dict) -> Message | None:
    """The message with the missing part filled, to find the next problem; None if it cannot."""
    if key == "EMPTY_MESSAGE":
        return replace(message, text="-")
    if key == "TAGS_REQUIRED" and catalog.tags:
        return replace(message, tags=(str(catalog.tags[0]["id"]),))
    if key == "UNKNOWN_SENDER" and not message.sender:
        boxes = [m for m in catalog.mailboxes if m.get("enabled")]
        return replace(message, sender=boxes[0]["address"]) if boxes else None
    if key == "emailSubject" and not (message.subject or "").strip():
        return replace(message, subject="-")
    if key == "TEMPLATE_VARIABLES" and details.get("missing") and not details.get("unknown"):
        return replace(message, variables={**message.variables,
                                           **dict.fromkeys(details["missing"], "-")})
    return None


def _check_exists(ctx: Stand, row: BulkRow, problems: list[tuple[str, str]]) -> object:
    """The thread or client the row names is on the stand (one GET); its client's id."""
    value = int(row.recipient.value)
    try:
        if row.recipient.kind == "thread":
            return get_thread(ctx.client, value).get("clientId")
        profile(ctx.client, value)
        return value
    except NotFound:
        problems.append(_not_found(row))
        return None


def _not_found(row: BulkRow) -> tuple[str, str]:
    # In msgclient's words: a docs-only stand's 404 names the path, not the thread.
    return "NOT_FOUND", f"{row.recipient.kind.capitalize()} {row.recipient.value} does not " \
        "exist on this stand"


def _resolve_channel(ctx: Stand, row: BulkRow, message: Message, region: str | None,
                     problems: list[tuple[str, str]]) -> object:
    """The channel a send would pick for this client; check the message on it. The client's
    id, where the look-up found one."""
    try:
        target = lookup(ctx, row.recipient, recipient_address(row.recipient, region))
    except NotFound:
        problems.append(_not_found(row))
        return None
    client = (target.client or {}).get("id")
    try:
        chosen = only_channel(target, ctx.catalog.channels)
    except InvalidMessage as exc:
        problems.append((str(exc.code), exc.message.rstrip(".")))
        return client
    except RuleRefusal:
        return client  # the client's rules: the send says refused, as they may change by then
    _collect(ctx.catalog, row, replace(message, channel=str(chosen["id"])), region, problems)
    return client
