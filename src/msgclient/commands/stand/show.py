"""msgclient stand show: what the stand offers beyond edna's documented API (probed, cached)."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.api import capabilities as caps
from msgclient.cli.context import Context
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.config.checks import WIRE_CHANNEL_TYPES
from msgclient.terminal.render import emit_json, emit_table


@dataclass(frozen=True)
class Options:
    refresh: bool = False


def run(opts: Options, ctx: Context) -> int:
    url, _ = ctx.stand
    found = ctx.catalog.prober.get(refresh=opts.refresh) if ctx.catalog.prober else \
        ctx.catalog.capabilities
    lists = {key: bool(ctx.settings.lists.get(key)) for key in
             ("channels", "mailboxes", "tags", "templates")}
    rows = [{"capability": name, "offered": found.has(name), "does": caps.DOES[name],
             "profileList": lists.get(name)} for name in sorted(caps.ALL)]
    sender = ctx.catalog.sender
    wire = [{"type": t, "value": sender.wire_type(t), "source": sender.wire_source(t)}
            for t in WIRE_CHANNEL_TYPES]
    if ctx.json:
        emit_json(ctx.io, {"stand": url, "documentedOnly": found.documented_only,
                           "capabilities": rows, "channelTypes": wire,
                           "sendsAs": {"login": sender.login, "status": sender.status,
                                       "statusSource": sender.status_source},
                           "botHistory": ctx.catalog.bot_history})
        return 0
    kind = "only edna's documented API" if found.documented_only else "msgclient's extensions"
    ctx.io.info(f"{url} speaks {kind}; probed {'now' if opts.refresh else 'or cached'}.",
                markup=False)
    emit_table(ctx.io, rows, [
        ("CAPABILITY", lambda r: r["capability"]),
        ("OFFERED", lambda r: "yes" if r["offered"] else "no"),
        ("FROM PROFILE", lambda r: "" if r["profileList"] is None or r["offered"] else
         ("yes" if r["profileList"] else "no")),
        ("LETS MSGCLIENT", lambda r: r["does"])])
    _say_sending(ctx, found.has(caps.SEND_CHANNEL), wire, found.has(caps.HISTORY))
    return 0


_BOT_HISTORY = {True: "edna's bot API shows it to this account",
                False: "edna's bot API does not show it to this account",
                None: "edna's bot API is asked the first time 'threads show' needs it"}


def _say_sending(ctx: Context, chooses: bool, wire: list[dict], history: bool) -> None:
    """How sends go out where the stand takes no channel, and where each value comes from."""
    sender = ctx.catalog.sender
    if chooses:
        ctx.io.info("A channel you choose travels in /messages/outgoing (send-channel).")
    elif sender.login:
        ctx.io.info(f"A channel you choose goes by outgoing-from-myself as {sender.login} (the "
                    f"login answer), leaving your status {sender.status} ("
                    f"{sender.status_source}; agent_status sets it).", markup=False)
    else:
        ctx.io.info("A channel you choose needs your login, which only 'msgclient auth login' "
                    "tells msgclient; until then sends go over the thread's own channel.")
    values = ", ".join(f"{w['type']}={w['value']} ({w['source']})" for w in wire)
    ctx.io.info(f"channelType values (channel_types sets them): {values}.", markup=False)
    if not history:
        ctx.io.info(f"A thread's history: {_BOT_HISTORY[ctx.catalog.bot_history]}.")


def command(ctx: typer.Context,
            refresh: bool = typer.Option(False, "--refresh", help="Probe the stand again now."),
            json_out: bool = JSON_OPTION) -> None:
    """Show which extensions the stand offers (probed once, cached for a day).

    Where a listing is missing, the profile's list stands in (FROM PROFILE); what the
    stand cannot carry (tags, templates, BCC) is refused before sending. Then: how a
    channel you choose goes out (in whose name, your status after it), the channelType
    value of each channel type and where it comes from, and whether a thread's history is
    shown to this account.

    \b
      $ msgclient stand show
      $ msgclient stand show --refresh --json
    """
    run(Options(refresh=refresh), context_of(ctx, json_out))
