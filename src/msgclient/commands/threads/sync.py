"""msgclient threads sync: bring the local index of the stand's threads up to date, wider
than the default view needs where asked (--since, --all)."""

from __future__ import annotations

from dataclasses import dataclass

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from msgclient.cli.context import Context
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.commands.resolve import parse_when
from msgclient.index.listing import WIDEN, synced
from msgclient.rules.text import plural
from msgclient.terminal.render import emit_json


@dataclass(frozen=True)
class Options:
    since: str | None = None
    everything: bool = False


def run(opts: Options, ctx: Context) -> int:
    bar = None
    if ctx.io.stderr_is_tty and not ctx.json:
        bar = Progress(TextColumn("Reading the stand's threads"), BarColumn(),
                       TextColumn("{task.completed} pages"), TimeElapsedColumn(),
                       console=ctx.io.err, transient=True)
    with bar or _Nothing():
        task = bar.add_task("sync", total=None) if bar else None
        index, report = synced(ctx.catalog, since=opts.since, everything=opts.everything,
                               progress=(lambda done, _total: bar.update(task, completed=done))
                               if bar else None)
    held = index.count()
    index.close()
    if ctx.json:
        emit_json(ctx.io, {"threads": held, "requests": report.requests,
                           "rebuilt": report.rebuilt, "coveredFrom": report.covered})
        return 0
    ctx.io.success(f"The index holds {held:,} {plural(held, 'thread')} ({report.requests:,} "
                   f"{plural(report.requests, 'request')}"
                   f"{', rebuilt: another stand answers at this URL' if report.rebuilt else ''}).")
    if report.covered:
        ctx.io.info(f"It holds threads from {report.covered} on; {WIDEN} widens it.",
                    style="dim")
    return 0


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def command(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", metavar="WHEN",
                                     help="Read back to threads started since: ISO 8601 or a "
                                          "span like 90d."),
    all_: bool = typer.Option(False, "--all", help="Read the stand's whole thread listing."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Bring the local index of the stand's threads up to date.

    \b
      $ msgclient threads sync
      $ msgclient threads sync --since 90d
    """
    run(Options(since=parse_when(since, "--since") if since else None, everything=all_),
        context_of(ctx, json_out))
