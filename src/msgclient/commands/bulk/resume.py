"""msgclient bulk resume: continue a stopped or crashed run, under the same keys."""

from __future__ import annotations

from typing import Annotated

import typer

from msgclient.bulk import runs
from msgclient.bulk.job import SenderOptions
from msgclient.bulk.journal import read_meta
from msgclient.bulk.pacing import parse_rate
from msgclient.bulk.session import Session
from msgclient.cli.context import Context
from msgclient.commands.bulk.options import (
    CONCURRENCY,
    DEFAULT_CONCURRENCY,
    RATE,
    REPORT,
    WAIT,
    Opt,
    ResumeOptions,
    check_report,
    size_pool,
)
from msgclient.commands.bulk.sending import send, validate_then_send
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.errors import Cancelled, UsageError
from msgclient.rules.send_window import Schedule
from msgclient.rules.text import plural
from msgclient.terminal.prompter import SEND_DEFAULT, needs_yes


def run(opts: ResumeOptions, ctx: Context) -> int:
    # The pool is sized before the first request, and reopening asks the stand who we are.
    pacing = read_meta(runs.existing(opts.run_id).journal).get("pacing") or {}
    concurrency = opts.concurrency or pacing.get("concurrency") or DEFAULT_CONCURRENCY
    rate = opts.rate if opts.rate is not None else pacing.get("rate")
    size_pool(ctx, concurrency)
    honoured = ctx.catalog.honours_keys  # asked once, before any send
    session = Session.reopen(ctx, opts.run_id)
    try:
        check_report(opts.report, session.given)
    except UsageError:
        session.close()
        raise
    sender = SenderOptions(session.run.id, concurrency, rate, honoured, opts.resend_unknown,
                           Schedule.from_json(session.journal.meta().get("schedule")))
    if session.phase in ("validating", "invalid"):  # stopped before its first send
        if not opts.yes and not ctx.io.can_prompt:
            session.close()
            raise UsageError(f"This run stopped before sending anything. {needs_yes()}")
        skip = bool(session.journal.meta().get("skipInvalid"))
        return validate_then_send(ctx, session, skip, opts.yes, opts.report, sender,
                                  wait=opts.wait)
    if opts.resend_refused:
        again = session.journal.reopen_refused()
        ctx.io.info(f"Trying {again:,} refused {plural(again, 'row')} again "
                    "(--resend-refused).")
    _confirm_resume(ctx, session, opts.yes)
    return send(ctx, session, sender, opts.report, wait=opts.wait)


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


def command(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(metavar="RUN_ID", help="The run to continue.",
                                                   autocompletion=runs.run_ids)],
    concurrency: Annotated[int | None, CONCURRENCY] = None,
    rate: Annotated[str | None, RATE] = None,
    resend_unknown: Annotated[bool, Opt("--resend-unknown", help="Send again rows whose "
                                        "outcome is unknown on a stand that does not honour "
                                        "Idempotency-Key (may send twice).")] = False,
    resend_refused: Annotated[bool, Opt("--resend-refused", help="Try refused rows again "
                                        "(after the cause was fixed on the stand).")] = False,
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask to confirm.")] = False,
    report: Annotated[str | None, REPORT] = None,
    wait: Annotated[bool, WAIT] = False,
    json_out: bool = JSON_OPTION,
) -> None:
    """Continue a stopped or crashed run: rows not sent yet, and failed ones.

    Refuses an input file that changed. Rows the stand refused stay refused unless
    --resend-refused is given. Rows whose outcome is unknown are sent again
    under the same Idempotency-Key where the stand honours keys. The run's own
    --concurrency and --rate apply unless given again. Held rows go once their send
    window opens (or --start-at comes); expired rows are never sent.

    \b
      $ msgclient bulk resume 20260105-093000-1a2b3c
      $ msgclient bulk resume 20260105-093000-1a2b3c --resend-unknown --rate 10/s
    """
    opts = ResumeOptions(run_id=run_id, concurrency=concurrency, rate=parse_rate(rate),
                         resend_unknown=resend_unknown, resend_refused=resend_refused, yes=yes,
                         report=report, wait=wait)
    raise typer.Exit(run(opts, context_of(ctx, json_out)))
