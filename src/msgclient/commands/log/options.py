"""The filters log show and log export share, and the ledger's rows they select."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import typer

from msgclient.commands.resolve import parse_when
from msgclient.ledger.access import apply_retention, open_ledger
from msgclient.ledger.store import Ledger
from msgclient.rules.times import parse_iso

SINCE = typer.Option(None, "--since", metavar="WHEN",
                     help="Sends since then: ISO 8601 or a span (7d, 12h).")
CLIENT = typer.Option(None, "--client", metavar="ID", help="Sends to this internal client id.")
CHANNEL = typer.Option(None, "--channel", metavar="NAME", help="Sends over this channel.")
RUN = typer.Option(None, "--run", metavar="RUN_ID", help="Sends of this bulk run.")


@dataclass(frozen=True)
class Filters:
    since: str | None = None
    client: str | None = None
    channel: str | None = None
    run_id: str | None = None


def as_json(send: dict) -> dict:
    return {**send, "at": datetime.fromtimestamp(send["at"], UTC).isoformat(
        timespec="seconds")}


def selected(ctx, filters: Filters) -> tuple[Ledger, Iterator[dict]]:
    """The ledger (close it when done) and its sends matching the filters, oldest first."""
    since = parse_iso(parse_when(filters.since, "--since")).timestamp() \
        if filters.since else None
    ledger = open_ledger(ctx)
    apply_retention(ledger, ctx.settings.ledger_retention)
    client = f"client:{filters.client}" if filters.client else None
    return ledger, ledger.sends(since=since, client=client, channel=filters.channel,
                                run_id=filters.run_id)
