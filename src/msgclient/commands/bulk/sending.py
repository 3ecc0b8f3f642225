"""bulk run's and resume's second half: check every row, confirm, send with the journal,
report, and the exit code the outcomes earn."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from msgclient.bulk.adaptive import AdaptivePace
from msgclient.bulk.input import clock
from msgclient.bulk.report import held_time, summary, write_report
from msgclient.cli.context import Context
from msgclient.cli.settled import settle
from msgclient.commands.bulk.output import (
    confirm_send,
    partial_hint,
    show_problems,
    show_summary,
    validation_summary,
)
from msgclient.commands.bulk.progress import Interrupts, Tally, progress_for
from msgclient.errors import Cancelled, MsgclientError, PartialFailure, UsageError
from msgclient.rules.text import plural
from msgclient.terminal.prompter import needs_yes
from msgclient.terminal.render import emit_json

if TYPE_CHECKING:
    from msgclient.bulk.job import SenderOptions
    from msgclient.bulk.plan import Validation
    from msgclient.bulk.session import Session


def validate_then_send(ctx: Context, session: Session, skip_invalid: bool, yes: bool,
                       report: str | None, sender: SenderOptions, fresh: bool = False,
                       wait: bool = False) -> int:
    """Pass 1, then pass 2. A new run that fails before sending leaves nothing behind."""
    try:
        result = session.validate(ctx)
    except BaseException:
        session.discard() if fresh else session.close()
        raise
    # Checked after the rows, so one run names the bad rows and the missing --yes together.
    yes_missing = not yes and not ctx.io.can_prompt
    if result.invalid:
        show_problems(ctx.io, result, session.inputs.name)
        if not skip_invalid or result.valid == 0:
            _refuse(ctx, session, result, skip_invalid, yes_missing)
        ctx.io.warn(f"Skipping {result.invalid:,} invalid {plural(result.invalid, 'row')} "
                    "(--skip-invalid).")
    if yes_missing:
        session.discard()
        raise UsageError(needs_yes(f"sending {result.valid:,} {plural(result.valid, 'message')}"),
                         hint="Check the file first with --dry-run.")
    try:
        if not yes and not confirm_send(ctx, result.valid, result.samples, session.run.id):
            raise Cancelled()
    except BaseException:  # no, or Ctrl-C at the question: nothing was sent, keep nothing
        session.discard()
        raise
    return send(ctx, session, sender, report, wait=wait)


def _refuse(ctx: Context, session: Session, result: Validation, skip_invalid: bool,
            yes_missing: bool) -> None:
    session.discard()
    if ctx.json:
        emit_json(ctx.io, validation_summary(result))
    rows = f"{result.invalid:,} of {result.rows:,} rows"
    also = f" {needs_yes('sending also')}" if yes_missing else ""
    if skip_invalid or result.valid == 0:
        raise UsageError(f"{'All ' if result.invalid > 1 else ''}{rows} "
                         f"{plural(result.invalid, 'is', 'are')} invalid; nothing was sent.",
                         hint=f"Fix the file.{also}")
    raise UsageError(f"{rows} {plural(result.invalid, 'is', 'are')} invalid; nothing was "
                     "sent.", hint=f"Fix the file, or add --skip-invalid to send the other "
                                   f"{result.valid:,}.{also}")


def send(ctx: Context, session: Session, sender: SenderOptions, report_to: str | None,
         wait: bool = False) -> int:
    pace = AdaptivePace(sender.rate)
    tally = Tally(session.journal.open_rows(), pace=lambda: pace.rate)
    fatal = None
    with Interrupts() as interrupts:
        try:
            with progress_for(ctx.io, ctx.json, tally, "Sending"):  # the run id is above
                session.send(ctx, sender, tally, pace)
            while wait and (first := session.journal.first_held()) is not None:
                _count_down(ctx, first)
                tally = Tally(session.journal.open_rows(), pace=lambda: pace.rate)
                with progress_for(ctx.io, ctx.json, tally, "Sending"):
                    session.send(ctx, sender, tally, pace)
        except KeyboardInterrupt:
            pass
        except MsgclientError as exc:  # the token expired, the journal cannot be written, ...
            fatal = exc
        finally:
            interrupts.defer()
            tally.stop()
            try:
                result = summary(session.journal, session.run.id)
                report = _report(ctx, session, report_to)
            finally:
                session.close()
    # The exit code is decided before anything is printed: a closed or full stdout must not
    # change it (cli/settled.py).
    try:
        code, ending = _exit(result, interrupts.received, fatal, sender.keys_honoured), None
    except MsgclientError as exc:
        code, ending = int(exc.exit_code), exc
    settle(code, f"Every row's outcome is in the run's journal ('msgclient bulk status "
                 f"{session.run.id}') and report.")
    show_summary(ctx, result, str(report) if report else None, tally.rate, tally.elapsed,
                 resume_said=ending is not None and bool(result["resume"]))
    if ending is not None:
        raise ending
    return code


COUNTDOWN_STEP = 60.0  # seconds between the lines of the countdown


def _count_down(ctx: Context, first: tuple[float, str | None]) -> None:
    """Wait (--wait) until the first held row may go, saying how long is left."""
    until, _zone = first
    while (left := until - clock.now().timestamp()) > 0:
        ctx.io.info(f"Waiting for held rows: {held_time(until, _zone)}, in {_hms(left)} "
                    "(Ctrl-C stops; 'bulk resume' continues).", style="dim")
        time.sleep(min(left, COUNTDOWN_STEP))


def _hms(seconds: float) -> str:
    whole = int(seconds + 0.999)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _exit(result: dict, stopped: bool, fatal: MsgclientError | None, keys_honoured: bool) -> int:
    again = result["resume"]
    if fatal is not None:
        raise fatal.hinted(f"{fatal.hint + ' ' if fatal.hint else ''}Then resume with "
                           f"'{again}'.") from fatal  # --debug shows where it failed
    if stopped and again:
        unknown = result["unknown"]
        detail = f"; {unknown:,} rows have an unknown outcome" if unknown else ""
        raise Cancelled(f"Stopped once the rows in flight had finished{detail}. Resume with "
                        f"'{again}'.")

    parts = []
    if result["failed"]:
        parts.append(f"{result['failed']:,} rows failed")
    if result["unknown"]:
        parts.append(f"{result['unknown']:,} rows have an unknown outcome")
    if parts:
        raise PartialFailure(" and ".join(parts) + ".", hint=partial_hint(result, keys_honoured))
    return 0


def _report(ctx: Context, session: Session, report_to: str | None) -> Path | None:
    """Write the report; after the sends, a failure to write it is a warning, not the exit
    code (the journal holds every outcome)."""

    try:
        return write_report(session.journal, Path(report_to) if report_to
                            else session.run.default_report, [session.given])
    except (MsgclientError, OSError) as exc:
        why = getattr(exc, "message", None) or getattr(exc, "strerror", None) or str(exc)
        ctx.io.warn(f"The report was not written: {why} 'msgclient bulk status "
                           f"{session.run.id} --rows STATE' lists the rows.")
        return None
