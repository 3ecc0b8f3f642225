"""msgclient clients show: a client's profile, threads and reachable channels."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import JSON_OPTION, context_of, noun_app
from msgclient.commands.display import channel_json, print_channels, shown_phone
from msgclient.commands.resolve import thread_channel
from msgclient.index.listing import WIDEN
from msgclient.outgoing.model import Recipient
from msgclient.outgoing.target import choices, lookup
from msgclient.rules import ID_MAX
from msgclient.terminal.render import Column, emit_json, emit_table, short_time, styled


@dataclass(frozen=True)
class Options:
    client_id: int


def run(opts: Options, ctx: Context) -> int:
    target = lookup(ctx, Recipient("client", str(opts.client_id)))
    channels = choices(target, ctx.catalog.known("channels"))
    if ctx.json:
        emit_json(ctx.io, {"client": target.client, "threads": list(target.threads),
                           "channels": [channel_json(a, target) for a in channels]})
        return 0
    p = target.client
    for label, key in (("Name", "fullName"), ("External id", "externalClientId"),
                       ("Phone", "phone"), ("Email", "email"), ("Segment", "segment")):
        value = shown_phone(p.get(key)) if key == "phone" else p.get(key) or "-"
        ctx.io.out.print(styled(f"{label}: {value}"))  # end users' text: shown, not run
    ctx.io.out.print(styled(f"Blocked: {'yes' if p.get('blocked') else 'no'}"))
    print_channels(ctx, channels, target)
    emit_table(ctx.io, target.threads, [
        Column("THREAD", lambda t: t["id"], whole=True), ("STATUS", lambda t: t.get("status")),
        ("CHANNEL", lambda t: thread_channel(ctx.catalog, t)),
        ("CHANGED", lambda t: short_time(t.get("stateChangeTime")))],
        empty="No threads.")
    if not target.threads_known:  # the index does not hold the stand's older threads
        ctx.io.info(f"Older threads may be missing: {WIDEN} widens the index.", style="dim")
    return 0


def command(
    ctx: typer.Context,
    client_id: int = typer.Argument(..., metavar="ID", min=1, max=ID_MAX,
                                    help="Internal client id (threadsClientId)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Show a client's profile, threads and the channels they can be messaged on now.

    \b
      $ msgclient clients show 17
    """
    run(Options(client_id), context_of(ctx, json_out))


app = noun_app(show=command)
