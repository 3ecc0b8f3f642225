"""msgclient bulk run / resume: validate every row, confirm, send with a journal, report."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from msgclient.bulk import runs
from msgclient.bulk.adaptive import AdaptivePace
from msgclient.bulk.input.formats import detect_format
from msgclient.bulk.job import SenderOptions
from msgclient.bulk.journal import read_meta
from msgclient.bulk.report import check_target, summary, write_report
from msgclient.bulk.session import Request, Session
from msgclient.cli.context import Context
from msgclient.cli.settled import settle
from msgclient.commands.bulk.dryrun import dry_run
from msgclient.commands.bulk.options import (
    DEFAULT_CONCURRENCY,
    Options,
    ResumeOptions,
    check_readable,
    checked_defaults,
    size_pool,
)
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
from msgclient.terminal.prompter import SEND_DEFAULT, needs_yes
from msgclient.terminal.render import emit_json

if TYPE_CHECKING:
    from msgclient.bulk.job import SenderOptions
    from msgclient.bulk.plan import Validation
    from msgclient.bulk.session import Session

def run(opts: Options, ctx: Context) -> int:
    fmt = detect_format(opts.input, opts.fmt)
    check_readable(opts.input)
    _check_report(opts.report, None if opts.input == "-" else Path(opts.input))
    opts = replace(opts, defaults=checked_defaults(opts.defaults, opts.text_file, ctx))
    size_pool(ctx, opts.concurrency)
    if opts.dry_run:
        return dry_run(opts, ctx, fmt)
    keys_honoured = ctx.catalog.honours_keys  # asked once, before any send
    session = Session.start(ctx, Request(opts.input, fmt, opts.defaults, opts.allow_duplicates,
                                         opts.skip_invalid, opts.run_id, opts.new_run))
    # Kept so that a resume paces the stand as the run was meant to, not faster.
    session.journal.set_meta(pacing={"concurrency": opts.concurrency, "rate": opts.rate})
    ctx.io.info(f"Run {session.run.id}: checking every row of {opts.input}…", style="dim")
    sender = SenderOptions(session.run.id, opts.concurrency, opts.rate, keys_honoured, False)
    return _validate_then_send(ctx, session, opts.skip_invalid, opts.yes, opts.report, sender,
                               fresh=True)


def resume(opts: ResumeOptions, ctx: Context) -> int:
    # The pool is sized before the first request, and reopening asks the stand who we are.
    pacing = read_meta(runs.existing(opts.run_id).journal).get("pacing") or {}
    concurrency = opts.concurrency or pacing.get("concurrency") or DEFAULT_CONCURRENCY
    rate = opts.rate if opts.rate is not None else pacing.get("rate")
    size_pool(ctx, concurrency)
    keys_honoured = ctx.catalog.honours_keys  # asked once, before any send
    session = Session.reopen(ctx, opts.run_id)
    try:
        _check_report(opts.report, session.inputs.path)
    except UsageError:
        session.close()
        raise
    sender = SenderOptions(session.run.id, concurrency, rate, keys_honoured, opts.resend_unknown)
    if session.phase in ("validating", "invalid"):  # stopped before its first send
        if not opts.yes and not ctx.io.can_prompt:
            session.close()
            raise UsageError(f"This run stopped before sending anything. {needs_yes()}")
        skip = bool(session.journal.meta().get("skipInvalid"))
        return _validate_then_send(ctx, session, skip, opts.yes, opts.report, sender)
    if opts.resend_refused:
        again = session.journal.reopen_refused()
        ctx.io.info(f"Trying {again:,} refused {plural(again, 'row')} again "
                    "(--resend-refused).")
    _confirm_resume(ctx, session, opts.yes)
    return _send(ctx, session, sender, opts.report)


def _confirm_resume(ctx: Context, session: Session, yes: bool) -> None:
    """Resuming sends messages, so it asks (or needs --yes) just as a new run does."""
    left = session.journal.open_rows()
    if left == 0:  # nothing can be sent, so nothing to confirm: say so before the summary
        ctx.io.info(f"Run {session.run.id} has nothing left to send: every row has its "
                    "outcome. Its summary:", markup=False)
        return
    if yes:
        return
    if not ctx.io.can_prompt:
        session.close()
        raise UsageError(f"Resuming run {session.run.id} sends up to {left:,} messages. "
                         f"{needs_yes()}")
    if not ctx.prompter.confirm(f"Send the {left:,} rows left in run {session.run.id}?",
                                default=SEND_DEFAULT):
        session.close()
        raise Cancelled()


def _validate_then_send(ctx: Context, session: Session, skip_invalid: bool, yes: bool,
                        report: str | None, sender: SenderOptions, fresh: bool = False) -> int:
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
    return _send(ctx, session, sender, report)


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


def _send(ctx: Context, session: Session, sender: SenderOptions, report_to: str | None) -> int:
    pace = AdaptivePace(sender.rate)
    tally = Tally(session.journal.open_rows(), pace=lambda: pace.rate)
    fatal = None
    with Interrupts() as interrupts:
        try:
            with progress_for(ctx.io, ctx.json, tally, "Sending"):  # the run id is above
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
                            else session.run.default_report, [session.inputs.path])
    except (MsgclientError, OSError) as exc:
        why = getattr(exc, "message", None) or getattr(exc, "strerror", None) or str(exc)
        ctx.io.warn(f"The report was not written: {why} 'msgclient bulk status "
                           f"{session.run.id} --rows STATE' lists the rows.")
        return None


def _check_report(report: str | None, input_path: Path | None) -> None:
    """Refuse an unusable --report before the first send, not after the last."""
    if report:
        check_target(Path(report), [input_path] if input_path else [])
