"""msgclient bulk run: check every row, confirm, send with a journal, report (or --dry-run).

The sending is in sending.py, shared with resume; the library in msgclient.bulk.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from msgclient.bulk.input.defaults import Defaults
from msgclient.bulk.input.formats import detect_format
from msgclient.bulk.job import SenderOptions
from msgclient.bulk.pacing import parse_rate
from msgclient.bulk.session import Request, Session
from msgclient.cli.context import Context
from msgclient.commands.bulk.dryrun import dry_run
from msgclient.commands.bulk.options import (
    CONCURRENCY,
    RATE,
    REPORT,
    WAIT,
    Opt,
    Options,
    check_readable,
    check_report,
    checked_defaults,
    schedule_for,
    size_pool,
)
from msgclient.commands.bulk.sending import validate_then_send
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.commands.message_flags import message_flags
from msgclient.outgoing.model import Message


def run(opts: Options, ctx: Context) -> int:
    if opts.no_input:
        ctx.io.no_input = True
    fmt = detect_format(opts.input, opts.fmt)
    check_readable(opts.input)
    check_report(opts.report, None if opts.input == "-" else Path(opts.input))
    opts = replace(opts, defaults=checked_defaults(opts.defaults, opts.text_file, ctx))
    size_pool(ctx, opts.concurrency)
    schedule = schedule_for(opts, ctx)
    if opts.dry_run:
        return dry_run(opts, ctx, fmt, schedule)
    honoured = ctx.catalog.honours_keys  # asked once, before any send
    session = Session.start(ctx, Request(opts.input, fmt, opts.defaults, opts.allow_duplicates,
                                         opts.skip_invalid, opts.run_id, opts.new_run))
    # Kept so that a resume paces the stand as the run was meant to, not faster.
    session.journal.set_meta(pacing={"concurrency": opts.concurrency, "rate": opts.rate},
                             schedule=schedule.to_json() if schedule else None)
    ctx.io.info(f"Run {session.run.id}: checking every row of {opts.input}…", style="dim")
    sender = SenderOptions(session.run.id, opts.concurrency, opts.rate, honoured, False,
                           schedule)
    return validate_then_send(ctx, session, opts.skip_invalid, opts.yes, opts.report, sender,
                              fresh=True, wait=opts.wait)


@message_flags(for_rows=True)
def command(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE|-", help="Rows to send: .csv/.tsv, "
                                        ".jsonl or .yaml; '-' reads stdin (needs --format).")],
    fmt: Annotated[str | None, Opt("--format", "-f", metavar="FORMAT",
                                   help="csv, jsonl or yaml (default: from the "
                                   "extension).")] = None,
    text_file: Annotated[str | None, Opt("--text-file", metavar="PATH",
                                         help="Read that text from a UTF-8 file.")] = None,
    message: Message = Message(),  # one flag per field: see message_flags
    attachments_dir: Annotated[str | None, Opt("--attachments-dir", metavar="DIR", help="The "
                                               "folder rows may attach files from (default: "
                                               "the input file's).")] = None,
    app_marker: Annotated[str | None, Opt("--app", metavar="MARKER",
                                          help="Mobile app marker.")] = None,
    concurrency: Annotated[int, CONCURRENCY] = 8,
    rate: Annotated[str | None, RATE] = None,
    dry_run: Annotated[bool, Opt("--dry-run", help="Check and show every row; send "
                                 "nothing.")] = False,
    summary: Annotated[bool, Opt("--summary", help="Dry run: only the counts, not every "
                                 "row.")] = False,
    check_eligibility: Annotated[bool, Opt("--check-eligibility", help="Dry run: also ask the "
                                           "stand whether each recipient can be messaged "
                                           "now.")] = False,
    skip_invalid: Annotated[bool, Opt("--skip-invalid", help="Send the valid rows even if "
                                      "some are invalid.")] = False,
    allow_duplicates: Annotated[bool, Opt("--allow-duplicates", help="Send every row, even "
                                          "to a recipient named before.")] = False,
    yes: Annotated[bool, Opt("--yes", "-y", help="Send without asking to confirm.")] = False,
    report: Annotated[str | None, REPORT] = None,
    run_id: Annotated[str | None, Opt("--run-id", metavar="ID", help="Name the run (default: "
                                      "date-time and a random suffix).")] = None,
    new_run: Annotated[bool, Opt("--new-run", help="Send a file again that an earlier run "
                                 "already sent.")] = False,
    send_window: Annotated[str | None, Opt("--send-window", metavar="WINDOW", help="Send only "
                                           "within these hours of each client's local time, "
                                           "e.g. 'Mon-Fri 09:00-20:00,Sat 10:00-18:00' "
                                           "(default: the profile's send_window); other rows "
                                           "are held.")] = None,
    valid_for: Annotated[str | None, Opt("--valid-for", metavar="DURATION", help="Rows not "
                                         "sent within this time (90m, 4h, 2d) expire: never "
                                         "sent, not even by a resume.")] = None,
    not_after: Annotated[str | None, Opt("--not-after", metavar="TIME", help="Rows not sent by "
                                         "then (18:00, or an ISO 8601 date-time) "
                                         "expire.")] = None,
    start_at: Annotated[str | None, Opt("--start-at", metavar="TIME", help="Hold every row "
                                        "until then ('2026-12-08 09:00'): with --wait, wait; "
                                        "else print the 'bulk resume' line to run then.")] = None,
    wait: Annotated[bool, WAIT] = False,
    no_input: Annotated[bool, Opt("--no-input", help="Never prompt.")] = False,
    json_out: bool = JSON_OPTION,
) -> None:
    """Send one message per row; every row is checked before the first send.

    A row names one recipient (thread, client, client_id, external_id, phone or email
    column) and may set channel, text, template, var.NAME, title, signature, tags,
    attachments, sender, subject, bcc and app; the options are defaults for rows that
    do not. Other columns fill {{placeholders}}. Relative attachment paths in a file are
    relative to the file, and a row may attach only files inside the file's folder (or
    --attachments-dir).

    \b
      $ msgclient bulk run followups.csv --channel whatsapp --text "Hello {{name}}" --dry-run
      $ msgclient bulk run followups.csv --channel whatsapp --text "Hello {{name}}" --yes
      $ msgclient bulk run orders.jsonl --template order_ready --tag Sales --rate 20/s --yes
      $ cat rows.yaml | msgclient bulk run - --format yaml --json --yes
      $ msgclient bulk run rows.csv --send-window "Mon-Fri 09:00-20:00" --valid-for 4h --yes
    """
    defaults = Defaults(message, app=app_marker, attachments_dir=attachments_dir)
    opts = Options(input=file, fmt=fmt, defaults=defaults, text_file=text_file,
                   concurrency=concurrency, rate=parse_rate(rate), dry_run=dry_run,
                   summary_only=summary, check_eligibility=check_eligibility,
                   skip_invalid=skip_invalid, allow_duplicates=allow_duplicates, yes=yes,
                   report=report, run_id=run_id, new_run=new_run, no_input=no_input,
                   send_window=send_window, valid_for=valid_for, not_after=not_after,
                   start_at=start_at, wait=wait)
    raise typer.Exit(run(opts, context_of(ctx, json_out)))
