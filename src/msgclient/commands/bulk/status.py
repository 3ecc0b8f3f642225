"""msgclient bulk status / list: what a run did, and which runs exist (no network)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from msgclient.bulk import runs
from msgclient.bulk.journal import STATES, Journal
from msgclient.bulk.report import record, summary
from msgclient.cli.context import Context
from msgclient.commands.bulk.output import by_reason
from msgclient.errors import UsageError
from msgclient.terminal.layout import labelled
from msgclient.terminal.render import Column, emit_json, emit_table, short_time

OUTCOMES = ("sent", "refused", "failed", "unknown")


@dataclass(frozen=True)
class StatusOptions:
    run_id: str
    rows: tuple[str, ...] = ()  # also list the rows in these states


def _describe(run_id: str) -> dict[str, Any]:
    run = runs.existing(run_id)
    journal = Journal(run.journal)
    try:
        meta = journal.meta()
        return {**summary(journal, run.id), "phase": meta.get("phase"),
                "created": meta.get("created"), "lastRun": meta.get("lastRun"),
                "input": meta.get("input"), "stand": meta.get("stand"),
                "journal": str(run.journal), "report": str(run.default_report)
                if run.default_report.exists() else None}
    finally:
        journal.close()


def status(opts: StatusOptions, ctx: Context) -> int:
    unknown = [s for s in opts.rows if s not in STATES]
    if unknown:
        raise UsageError(f"Unknown row state '{unknown[0]}'; use one of {', '.join(STATES)}.")
    info = _describe(opts.run_id)
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
             ("unknown", info["unknown"]), ("not attempted", info["pending"]),
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


def _show_rows(ctx: Context, opts: StatusOptions) -> None:
    journal = Journal(runs.existing(opts.run_id).journal)
    try:
        states = tuple(opts.rows)
        if "unknown" in states:  # a row left in_flight by a crash is unknown too (summary agrees)
            states += ("in_flight",)
        rows = (record(entry) for entry in journal.rows(states))
        if ctx.json:
            emit_json(ctx.io, list(rows))
            return
        columns = [Column(name.upper(), lambda r, n=name: r[n], whole=name == "line")
                   for name in ("line", "state", "recipient", "message_id", "code", "reason")]
        emit_table(ctx.io, rows, columns, empty="No rows in that state.")
    finally:
        journal.close()


def list_runs(ctx: Context) -> int:
    infos = [_describe(run.id) for run in runs.all_runs()]
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
