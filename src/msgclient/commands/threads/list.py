"""msgclient threads list: closed threads, newest close first."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer

from msgclient.api.threads import STATUSES, ThreadQuery
from msgclient.cli.context import Context
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.commands.completion import channels
from msgclient.commands.resolve import channel_ids, parse_when, tag_ids, tag_paths, thread_channel
from msgclient.errors import UsageError
from msgclient.index.listing import listing
from msgclient.rules import ID_MAX
from msgclient.terminal.render import Column, emit_json, emit_table, short_time

DEFAULT_LIMIT = 30
COMPACT_BELOW = 100  # terminal columns


@dataclass(frozen=True)
class Options:
    statuses: list[str] = field(default_factory=lambda: ["CLOSED"])
    channels: list[str] = field(default_factory=list)
    agents: list[str] = field(default_factory=list)
    client_id: int | None = None
    tags: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    limit: int | None = DEFAULT_LIMIT


def run(opts: Options, ctx: Context) -> int:
    catalog = ctx.catalog
    query = ThreadQuery(
        statuses=opts.statuses, agents=opts.agents,
        channels=channel_ids(catalog, opts.channels) if opts.channels else [],
        tags=[str(t) for t in tag_ids(catalog, opts.tags)] if opts.tags else [],
        client_id=opts.client_id, since=opts.since, until=opts.until)
    threads = listing(catalog, query, opts.limit)
    if ctx.json:
        emit_json(ctx.io, list(threads))
        _say_if_cut(ctx, threads)
        return 0

    # Below 100 columns a table gives up what it can spare so the tags keep whole words:
    # the minute (the day tells threads apart) and a status column that repeats the one
    # status asked for (CLOSED by default). Piped output keeps every column.
    compact = ctx.io.stdout_is_tty and ctx.io.out.width < COMPACT_BELOW
    status = [] if compact and len(opts.statuses) == 1 else [("STATUS", lambda t: t.get("status"))]
    day = 10 if compact else None
    columns = [Column("ID", lambda t: t["id"], whole=True),
               ("CHANGED", lambda t: short_time(t.get("stateChangeTime"))[:day]),
               *status,
               ("CHANNEL", lambda t: thread_channel(catalog, t)),
               ("CLIENT", lambda t: t.get("clientName") or t.get("clientExternalId")),
               ("AGENT", lambda t: t.get("lastAgentLogin") or t.get("currentAgentLogin")),
               ("TAGS", lambda t: tag_paths(catalog, t.get("tags") or []))]
    shown = emit_table(ctx.io, threads, columns, empty="No threads match.")
    if opts.limit is not None and shown == opts.limit and ctx.io.stdout_is_tty:
        ctx.io.info(f"Showing the first {shown}; --limit N or --all shows more.", style="dim")
    _say_if_cut(ctx, threads)
    return 0


def _say_if_cut(ctx: Context, threads) -> None:
    """Where the local index does not hold the stand's older threads, one line says so."""
    line = getattr(threads, "coverage_line", lambda: None)()
    if line:
        ctx.io.info(line, style="dim")


def command(
    ctx: typer.Context,
    status: list[str] = typer.Option(["CLOSED"], "--status", "-s", metavar="STATUS",
                                     help="Thread status (repeatable), or 'all' / 'active'."),
    channel: list[str] = typer.Option([], "--channel", "-c", metavar="CHANNEL",
                                      autocompletion=channels,
                                      help="Channel name (viber, email, ...) or id (repeatable)."),
    agent: list[str] = typer.Option([], "--agent", "-a", metavar="LOGIN",
                                    help="Agent login (repeatable)."),
    client: int | None = typer.Option(None, "--client", metavar="ID", min=1, max=ID_MAX,
                                      help="Internal client id."),
    tag: list[str] = typer.Option([], "--tag", "-t", metavar="TAG",
                                  help="Tag path or id (repeatable)."),
    since: str | None = typer.Option(None, "--since", metavar="WHEN",
                                     help="Changed since: ISO 8601 or a span like 7d, 12h."),
    until: str | None = typer.Option(None, "--until", metavar="WHEN",
                                     help="Changed until: ISO 8601 or a span."),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", "-n", min=1, metavar="N",
                              help="Show at most N threads."),
    all_: bool = typer.Option(False, "--all", help="Show every matching thread (no limit)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """List threads: closed ones by default, newest close first.

    \b
      $ msgclient threads list
      $ msgclient threads list --channel viber --since 7d --limit 100
      $ msgclient threads list --status all --client 17 --json
      $ msgclient threads list --all | cut -f1
    """
    opts = Options(statuses=_statuses(status, STATUSES), channels=channel, agents=agent,
                   client_id=client, tags=tag,
                   since=parse_when(since, "--since") if since else None,
                   until=parse_when(until, "--until") if until else None,
                   limit=None if all_ else limit)
    run(opts, context_of(ctx, json_out))


def _statuses(values: list[str], known: tuple[str, ...]) -> list[str]:
    chosen: list[str] = []
    for value in values:
        for part in value.upper().replace("-", "_").split(","):
            if part == "ALL":
                chosen.extend(known)
            elif part == "ACTIVE":
                chosen.extend(s for s in known if s != "CLOSED")
            elif part in known:
                chosen.append(part)
            else:
                raise UsageError(f"Unknown status '{part}'; use one of {', '.join(known)}, "
                                 "all or active.")
    return list(dict.fromkeys(chosen))
