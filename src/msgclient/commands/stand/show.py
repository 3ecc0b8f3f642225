"""msgclient stand show: what the stand offers beyond edna's documented API (probed, cached)."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.api import capabilities as caps
from msgclient.cli.context import Context
from msgclient.commands.common import JSON_OPTION, context_of
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
    if ctx.json:
        emit_json(ctx.io, {"stand": url, "documentedOnly": found.documented_only,
                           "capabilities": rows})
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
    return 0


def command(ctx: typer.Context,
            refresh: bool = typer.Option(False, "--refresh", help="Probe the stand again now."),
            json_out: bool = JSON_OPTION) -> None:
    """Show which extensions the stand offers (probed once, cached for a day).

    Where a listing is missing, the profile's list stands in (FROM PROFILE); what the
    stand cannot carry (tags, templates, BCC, a chosen channel) is refused before sending.

    \b
      $ msgclient stand show
      $ msgclient stand show --refresh --json
    """
    run(Options(refresh=refresh), context_of(ctx, json_out))
