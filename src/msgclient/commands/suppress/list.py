"""msgclient suppress list: this stand's do-not-contact list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.ledger.access import open_ledger
from msgclient.terminal.render import Column, emit_json, emit_table


@dataclass(frozen=True)
class Options:
    pass


def _day(moment: float) -> str:
    return datetime.fromtimestamp(moment).astimezone().strftime("%Y-%m-%d")


def run(opts: Options, ctx: Context) -> int:
    with open_ledger(ctx) as ledger:
        entries = ledger.suppressions()
    if ctx.json:
        emit_json(ctx.io, [{"recipient": e.recipient, "reason": e.reason,
                            "added": datetime.fromtimestamp(e.added).astimezone().isoformat(
                                timespec="seconds")} for e in entries])
        return 0
    emit_table(ctx.io, [e.__dict__ for e in entries], [
        Column("RECIPIENT", lambda e: e["recipient"], whole=True),
        ("ADDED", lambda e: _day(e["added"])), ("REASON", lambda e: e["reason"])],
        empty="The do-not-contact list is empty.")
    return 0


def command(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """List the do-not-contact list: recipient, date added, reason.

    \b
      $ msgclient suppress list
    """
    run(Options(), context_of(ctx, json_out))
