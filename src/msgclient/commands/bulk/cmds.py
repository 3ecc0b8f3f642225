"""msgclient bulk run|resume|status|list: the Typer adapters (they only parse).

The work is in run.py, dryrun.py and status.py; the library in msgclient.bulk.
"""

from __future__ import annotations

from typing import Annotated

import typer

from msgclient.bulk.input.defaults import Defaults
from msgclient.bulk.pacing import parse_rate
from msgclient.commands.bulk.options import MAX_CONCURRENCY, Options, ResumeOptions
from msgclient.commands.bulk.run import resume, run
from msgclient.commands.bulk.status import StatusOptions, list_runs, status
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.commands.message_flags import message_flags
from msgclient.outgoing.model import Message

app = typer.Typer(help="Send one message per row of a CSV, JSON Lines or YAML file.",
                  no_args_is_help=True)
Opt = typer.Option
CONCURRENCY = Opt("--concurrency", min=1, max=MAX_CONCURRENCY, metavar="N",
                  help="Messages in flight at once.")
RATE = Opt("--rate", metavar="N/s", help="At most N messages per second (20, 20/s, 600/min; "
                                         "0 = no limit). Either way the pace follows the "
                                         "stand's 429s: it learns its limit and keeps under.")
REPORT = Opt("--report", metavar="PATH", help="Write every row's outcome here (.csv or .json; "
                                              "default: report.csv in the run's folder).")


def _context(ctx: typer.Context, json_out: bool, no_input: bool = False):
    context = context_of(ctx, json_out)
    if no_input:
        context.io.no_input = True
    return context


@app.command("run")
@message_flags(for_rows=True)
def run_command(
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
    """
    defaults = Defaults(message, app=app_marker, attachments_dir=attachments_dir)
    opts = Options(input=file, fmt=fmt, defaults=defaults, text_file=text_file,
                   concurrency=concurrency, rate=parse_rate(rate), dry_run=dry_run,
                   summary_only=summary, check_eligibility=check_eligibility,
                   skip_invalid=skip_invalid, allow_duplicates=allow_duplicates, yes=yes,
                   report=report, run_id=run_id, new_run=new_run)
    raise typer.Exit(run(opts, _context(ctx, json_out, no_input)))


@app.command("resume")
def resume_command(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(metavar="RUN_ID", help="The run to continue.")],
    concurrency: Annotated[int | None, CONCURRENCY] = None,
    rate: Annotated[str | None, RATE] = None,
    resend_unknown: Annotated[bool, Opt("--resend-unknown", help="Send again rows whose "
                                        "outcome is unknown on a stand that does not honour "
                                        "Idempotency-Key (may send twice).")] = False,
    resend_refused: Annotated[bool, Opt("--resend-refused", help="Try refused rows again "
                                        "(after the cause was fixed on the stand).")] = False,
    yes: Annotated[bool, Opt("--yes", "-y", help="Do not ask to confirm.")] = False,
    report: Annotated[str | None, REPORT] = None,
    json_out: bool = JSON_OPTION,
) -> None:
    """Continue a stopped or crashed run: rows not sent yet, and failed ones.

    Refuses an input file that changed. Rows the stand refused stay refused unless
    --resend-refused is given. Rows whose outcome is unknown are sent again
    under the same Idempotency-Key where the stand honours keys. The run's own
    --concurrency and --rate apply unless given again.

    \b
      $ msgclient bulk resume 20260105-093000-1a2b3c
      $ msgclient bulk resume 20260105-093000-1a2b3c --resend-unknown --rate 10/s
    """
    opts = ResumeOptions(run_id=run_id, concurrency=concurrency, rate=parse_rate(rate),
                         resend_unknown=resend_unknown, resend_refused=resend_refused, yes=yes,
                         report=report)
    raise typer.Exit(resume(opts, _context(ctx, json_out)))


@app.command("status")
def status_command(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(metavar="RUN_ID", help="The run to describe.")],
    rows: Annotated[list[str] | None, Opt("--rows", metavar="STATE", help="List the rows in "
                                          "this state: failed, unknown, refused, ... "
                                          "(repeatable).")] = None,
    json_out: bool = JSON_OPTION,
) -> None:
    """Show what a run did: counts by outcome, refusals by rule, what is left.

    \b
      $ msgclient bulk status 20260105-093000-1a2b3c
      $ msgclient bulk status 20260105-093000-1a2b3c --rows failed --rows unknown
    """
    states = tuple(s.strip().lower().replace("-", "_") for v in rows or () for s in v.split(","))
    raise typer.Exit(status(StatusOptions(run_id, states), _context(ctx, json_out)))


@app.command("list")
def list_command(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """List the bulk runs on this machine, oldest first.

    \b
      $ msgclient bulk list
      $ msgclient bulk list --json
    """
    raise typer.Exit(list_runs(_context(ctx, json_out)))
