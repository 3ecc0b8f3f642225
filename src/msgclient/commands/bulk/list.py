"""msgclient bulk list: the bulk runs on this machine, oldest first (no network)."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.bulk import runs
from msgclient.cli.context import Context
from msgclient.commands.bulk.status import describe
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.terminal.render import Column, emit_json, emit_table, short_time

OUTCOMES = ("sent", "refused", "failed", "unknown", "held", "expired")


@dataclass(frozen=True)
class Options:
    pass  # --json is the Context's


def run(opts: Options, ctx: Context) -> int:
    infos = [describe(found.id) for found in runs.all_runs()]
    if ctx.json:
        emit_json(ctx.io, infos)
        return 0
    counts = [("SENT", lambda r: r["sent"]), ("REFUSED", lambda r: r["refused"]),
              ("FAILED", lambda r: r["failed"]), ("UNKNOWN", lambda r: r["unknown"])]
    if ctx.io.stdout_is_tty:  # one column of the outcomes that happened: room for the run id
        counts = [("DONE", lambda r: ", ".join(f"{r[s]:,} {s}" for s in OUTCOMES if r[s]))]
    columns = [Column("RUN", lambda r: r["runId"], whole=True),
               ("CREATED", lambda r: short_time(r["created"])),
               ("PHASE", lambda r: r["phase"]), ("ROWS", lambda r: r["rows"]), *counts,
               ("INPUT", lambda r: r["input"])]
    emit_table(ctx.io, infos, columns, empty="No bulk runs yet.")
    return 0


def command(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """List the bulk runs on this machine, oldest first.

    \b
      $ msgclient bulk list
      $ msgclient bulk list --json
    """
    raise typer.Exit(run(Options(), context_of(ctx, json_out)))
