"""msgclient log export: the ledger as CSV or JSON Lines, to stdout or a file."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import context_of
from msgclient.commands.log.options import CHANNEL, CLIENT, RUN, SINCE, Filters, as_json, selected
from msgclient.errors import UsageError
from msgclient.files.private import open_private
from msgclient.ledger.store import COLUMNS, ONLY_THIS_INSTALL

FORMATS = ("csv", "jsonl")


@dataclass(frozen=True)
class Options:
    fmt: str = "csv"
    output: str | None = None
    filters: Filters = field(default_factory=Filters)


def run(opts: Options, ctx: Context) -> int:
    if opts.fmt not in FORMATS:
        raise UsageError(f"--format must be {' or '.join(FORMATS)}, not {opts.fmt!r}.")
    ledger, sends = selected(ctx, opts.filters)
    try:
        out = open_private(Path(opts.output), "w", own_folder=False, encoding="utf-8",
                           newline="") if opts.output else ctx.io.stdout
        try:
            count = _write(out, opts.fmt, sends)
        finally:
            if opts.output:
                out.close()
    finally:
        ledger.close()
    ctx.io.info(f"{count} sends exported. {ONLY_THIS_INSTALL}")
    return 0


def _write(out, fmt: str, sends) -> int:
    count = 0
    writer = csv.DictWriter(out, fieldnames=COLUMNS) if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    for send in sends:
        row = as_json(send)
        if writer is not None:
            writer.writerow(row)
        else:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    out.flush()
    return count


def command(
    ctx: typer.Context,
    fmt: str = typer.Option("csv", "--format", metavar="FORMAT", help="csv or jsonl."),
    output: str | None = typer.Option(None, "--output", "-o", metavar="FILE",
                                      help="Write to FILE (0600) instead of stdout."),
    since: str | None = SINCE,
    client: str | None = CLIENT,
    channel: str | None = CHANNEL,
    run_id: str | None = RUN,
) -> None:
    """Export the ledger of this install's sends as CSV or JSON Lines.

    \b
      $ msgclient log export --since 30d --format jsonl -o sends.jsonl
    """
    run(Options(fmt, output, Filters(since, client, channel, run_id)), context_of(ctx))
