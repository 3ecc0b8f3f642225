"""msgclient bulk run --dry-run: every row checked and shown, nothing sent, no run kept."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from msgclient.api.capabilities import LAST_WROTE
from msgclient.bulk.eligibility import EligibilityCheck, Verdict
from msgclient.bulk.input import clock
from msgclient.bulk.input.inputs import base_dir, checker, inputs_for
from msgclient.bulk.input.source import spool
from msgclient.bulk.input.zones import SOURCES, Zones
from msgclient.bulk.journal import Journal
from msgclient.bulk.plan import validate
from msgclient.commands.bulk.output import DryRunPrinter, show_problems, validation_summary
from msgclient.errors import UsageError
from msgclient.outgoing.model import EXISTING_KINDS
from msgclient.rules import WINDOW_CLOSED
from msgclient.rules.text import plural

if TYPE_CHECKING:
    from msgclient.bulk.plan import Validation
    from msgclient.cli.context import Context
    from msgclient.commands.bulk.options import Options
    from msgclient.rules.send_window import Schedule


KNOWN_CLIENTS = "known clients"  # valid rows to clients the stand has: rules may refuse them


def dry_run(opts: Options, ctx: Context, fmt: str, schedule: Schedule | None = None) -> int:
    printer = DryRunPrinter(ctx.io, ctx.json, rows=not opts.summary_only)
    verdicts: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    timing = _Timing(schedule, Zones(ctx.default_timezone, ctx.region), clock.now())

    def emit(verdict) -> None:
        verdict = timing(verdict)
        if verdict.zone is not None:
            sources[verdict.zone[1]] += 1
        verdicts[verdict.state] += 1
        verdicts[WINDOW_CLOSED] += verdict.code == WINDOW_CLOSED
        verdicts[KNOWN_CLIENTS] += verdict.state == "pending" and verdict.row is not None \
            and verdict.row.recipient.kind in EXISTING_KINDS
        printer(verdict)

    # The journal is where de-duplication remembers recipients without holding them in
    # memory; a dry run keeps it only as long as it runs.
    with tempfile.TemporaryDirectory(prefix="msgclient-dry-run-") as tmp:
        path = spool(sys.stdin.buffer, Path(tmp) / f"input.{fmt}") if opts.input == "-" \
            else Path(opts.input).expanduser()
        inputs = inputs_for(ctx, path, fmt, opts.input, opts.defaults,
                            base_dir(path, opts.input))
        journal = Journal(Path(tmp) / "journal.db")
        on_row = _row_handler(ctx, opts, emit)
        try:
            result = _validate(inputs, journal, checker(ctx, inputs.region), opts, on_row)
        finally:
            journal.close()
    eligibility = _eligibility_counts(verdicts) if opts.check_eligibility else None
    summary = validation_summary(result, eligibility)
    if verdicts[WINDOW_CLOSED]:
        summary["outsideWhatsAppWindow"] = verdicts[WINDOW_CLOSED]
    if schedule is not None:  # of the valid rows: now, held or expired (they add up)
        summary["schedule"] = {**schedule.to_json(), "now": result.valid - verdicts["held"]
                               - verdicts["expired"], "held": verdicts["held"],
                               "expired": verdicts["expired"],
                               "zoneSources": {s: sources[s] for s in SOURCES}}
    printer.close(summary)
    _tell(ctx, result, eligibility, opts, verdicts[WINDOW_CLOSED], summary.get("schedule"))
    if verdicts[KNOWN_CLIENTS] and not opts.check_eligibility:
        ctx.io.info("Blocked clients and active threads were not checked; add "
                    "--check-eligibility to ask the stand about each row.", style="dim")
    if result.invalid and not opts.skip_invalid:
        raise UsageError(f"{result.invalid:,} of {result.rows:,} rows are invalid; a run would "
                         "send nothing.", hint="Fix them, or add --skip-invalid." if result.valid
                         else "Fix them: no row would be sent even with --skip-invalid.")
    return 0


class _Timing:
    """A valid row's verdict as the run would decide it now: held (outside its client's send
    window, or before --start-at) or expired (its deadline is past, or its window opens only
    after it), with the zone it was judged in and where that came from."""

    def __init__(self, schedule: Schedule | None, zones: Zones, now) -> None:
        self.schedule, self.zones, self.now = schedule, zones, now

    def __call__(self, verdict: Verdict) -> Verdict:
        if self.schedule is None or verdict.row is None or verdict.state != "pending":
            return verdict
        where = self.zones(verdict.row)
        decision = self.schedule.decide(self.now, where[0])
        if decision.state == "send":
            return replace(verdict, zone=where)
        reason = f"{decision.reason}; zone from the {where[1]}" \
            if self.schedule.window is not None else decision.reason
        return replace(verdict, state=decision.state, reason=reason,
                       code=decision.state.upper(), zone=where)


def _row_handler(ctx: Context, opts: Options, emit):
    if opts.check_eligibility:
        return EligibilityCheck(ctx, opts.concurrency, emit)
    if ctx.catalog.has(LAST_WROTE):  # the rows WhatsApp's window would stop are known now
        return EligibilityCheck(ctx, opts.concurrency, emit, every_rule=False)
    return lambda line, row, state, reason, code: emit(Verdict(line, row, state, reason, code))


def _validate(inputs, journal, check, opts: Options, on_row) -> Validation:
    try:
        result = validate(inputs, journal, check, allow_duplicates=opts.allow_duplicates,
                          on_row=on_row)
    except BaseException:
        abandon = getattr(on_row, "abandon", None)
        if abandon is not None:
            abandon()  # the questions still out are not waited for
        raise
    finish = getattr(on_row, "finish", None)
    if finish is not None:
        finish()
    return result


def _eligibility_counts(verdicts: Counter[str]) -> dict[str, int]:
    return {"sendable": verdicts["pending"], "refused": verdicts["refused"],
            "failed": verdicts["failed"]}


def _tell(ctx: Context, result: Validation, eligibility: dict | None, opts: Options,
          past_window: int, timed: dict | None = None) -> None:
    if result.invalid and (opts.summary_only or ctx.json or not ctx.io.stdout_is_tty):
        show_problems(ctx.io, result, opts.input)
    parts = [f"{result.valid:,} valid", f"{result.invalid:,} invalid",
             f"{result.duplicates:,} duplicate {plural(result.duplicates, 'recipient')}"]
    if eligibility is not None:
        parts.append(f"{eligibility['sendable']:,} could be sent now, "
                     f"{eligibility['refused']:,} would be refused by the stand's rules")
    if past_window:
        parts.append(f"{past_window:,} outside WhatsApp's 24-hour window, which takes only a "
                     "template there (--template NAME with --var NAME=VALUE, or another "
                     "--channel)")
    if timed is not None:
        zones = ", ".join(f"{n:,} from the {s}" for s, n in timed["zoneSources"].items() if n)
        parts.append(f"of the valid ones {timed['now']:,} would go now, {timed['held']:,} "
                     f"would be held, {timed['expired']:,} expired"
                     + (f" (zones: {zones})" if zones and timed["window"] else ""))
    ctx.io.info(f"Dry run: {result.rows:,} rows: {'; '.join(parts)}. Nothing was sent.")
