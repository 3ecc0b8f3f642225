"""msgclient log show: what this install sent to this stand (the ledger)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.commands.log.options import CHANNEL, CLIENT, RUN, SINCE, Filters, as_json, selected
from msgclient.ledger.store import ONLY_THIS_INSTALL
from msgclient.terminal.render import Column, emit_json, emit_table


@dataclass(frozen=True)
class Options:
    filters: Filters = field(default_factory=Filters)


def run(opts: Options, ctx: Context) -> int:
    ledger, sends = selected(ctx, opts.filters)
    try:
        if ctx.json:
            emit_json(ctx.io, {"note": ONLY_THIS_INSTALL, "sends": [as_json(s) for s in sends]})
            return 0
        ctx.io.info(ONLY_THIS_INSTALL)
        emit_table(ctx.io, sends, [
            ("WHEN", lambda s: datetime.fromtimestamp(s["at"]).astimezone().strftime(
                "%Y-%m-%d %H:%M")),
            Column("RECIPIENT", lambda s: s["recipient"], whole=True),
            ("CHANNEL", lambda s: s["channel"]), ("OUTCOME", lambda s: s["outcome"]),
            ("THREAD", lambda s: s["thread_id"]), ("RUN", lambda s: s["run_id"] or "-")],
            empty="No sends match.")
    finally:
        ledger.close()
    return 0


def command(
    ctx: typer.Context,
    since: str | None = SINCE,
    client: str | None = CLIENT,
    channel: str | None = CHANNEL,
    run_id: str | None = RUN,
    json_out: bool = JSON_OPTION,
) -> None:
    """What this install sent to this stand: when, to whom, over what, with what outcome.

    It knows only this install's sends (not the web workplace's, not another install's).

    \b
      $ msgclient log show --since 7d
    """
    run(Options(Filters(since, client, channel, run_id)), context_of(ctx, json_out))
