"""msgclient bulk status: what a run did, from its journal (no network)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import typer

from msgclient.bulk import runs
from msgclient.bulk.journal import STATES, Journal
from msgclient.bulk.report import record, summary
from msgclient.cli.context import Context
from msgclient.commands.bulk.output import by_reason
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.errors import UsageError
from msgclient.terminal.layout import labelled
from msgclient.terminal.render import Column, emit_json, emit_table


@dataclass(frozen=True)
class Options:
    run_id: str
    rows: tuple[str, ...] = ()  # also list the rows in these states


def describe(run_id: str) -> dict[str, Any]:
    """A run's counts and where it stands, as `bulk status --json` and `bulk list` show it."""
    found = runs.existing(run_id)
    journal = Journal(found.journal)
    try:
        meta = journal.meta()
        return {**summary(journal, found.id), "phase": meta.get("phase"),
                "created": meta.get("created"), "lastRun": meta.get("lastRun"),
                "input": meta.get("input"), "stand": meta.get("stand"),
                "journal": str(found.journal), "report": str(found.default_report)
                if found.default_report.exists() else None}
    finally:
        journal.close()


def run(opts: Options, ctx: Context) -> int:
    unknown = [s for s in opts.rows if s not in STATES]
    if unknown:
        raise UsageError(f"Unknown row state '{unknown[0]}'; use one of {', '.join(STATES)}.")
    info = describe(opts.run_id)
    if opts.rows:
        _show_rows(ctx, opts)
        return 0
    if ctx.json:
        emit_json(ctx.io, info)
        return 0
    _show_status(ctx, info)
    return 0


def _show_status(ctx: Context, info: dict[str, Any]) -> None:
    lines = [("run", info["runId"]), ("phase", info["phase"]), ("created", info["created"]),
             ("input", info["input"]), ("stand", info["stand"]), ("rows", info["rows"]),
             ("sent", info["sent"]), ("refused", info["refused"]), ("failed", info["failed"]),
             ("unknown", info["unknown"]),
             ("held", f"{info['held']} until {info['heldUntil']['text']}"
              if info["held"] else None),
             ("expired", info["expired"] or None), ("not attempted", info["pending"]),
             ("invalid", info["invalid"]), ("duplicates", info["duplicates"]),
             ("report", info["report"])]
    if info["refusedByCode"]:
        lines.insert(8, ("refused by rule", by_reason(info["refusedByCode"])))
    shown = [(label, str(value)) for label, value in lines if value is not None]
    if ctx.io.stdout_is_tty:  # a long path wraps under itself, after a '/'

        labelled(ctx.io.out, shown, indent=0)
    else:
        ctx.io.write("".join(f"{label}\t{value}\n" for label, value in shown))
    if info["resume"]:
        ctx.io.info(f"Continue it with '{info['resume']}'.")


def _show_rows(ctx: Context, opts: Options) -> None:
    journal = Journal(runs.existing(opts.run_id).journal)
    try:
        states = tuple(opts.rows)
        if "unknown" in states:  # a row left in_flight by a crash is unknown too (summary agrees)
            states += ("in_flight",)
        rows = (record(entry) for entry in journal.rows(states))
        if ctx.json:
            emit_json(ctx.io, list(rows))
            return
        names = ("line", "state", "recipient", "message_id", "code", "reason")
        if "held" in states:
            names += ("zone",)
        columns = [Column(name.upper(), lambda r, n=name: r[n], whole=name == "line")
                   for name in names]
        emit_table(ctx.io, rows, columns, empty="No rows in that state.")
    finally:
        journal.close()


def command(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(metavar="RUN_ID", help="The run to describe.",
                                                   autocompletion=runs.run_ids)],
    rows: Annotated[list[str] | None, typer.Option("--rows", metavar="STATE", help="List the "
                                                   "rows in this state: failed, unknown, "
                                                   "refused, ... (repeatable).")] = None,
    json_out: bool = JSON_OPTION,
) -> None:
    """Show what a run did: counts by outcome, refusals by rule, what is left.

    \b
      $ msgclient bulk status 20260105-093000-1a2b3c
      $ msgclient bulk status 20260105-093000-1a2b3c --rows failed --rows unknown
    """
    states = tuple(s.strip().lower().replace("-", "_") for v in rows or () for s in v.split(","))
    raise typer.Exit(run(Options(run_id, states), context_of(ctx, json_out)))
