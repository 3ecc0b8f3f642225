"""bulk run's and resume's options: the flags both take, the dataclasses, and the checks on
them before any row is read or anything is sent."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import typer

from msgclient.bulk.input import clock
from msgclient.bulk.input.defaults import Defaults
from msgclient.bulk.input.rows import RENDERED
from msgclient.bulk.input.templating import Renderer
from msgclient.bulk.report import check_target
from msgclient.cli.context import Context
from msgclient.commands.message_flags import flag_of
from msgclient.errors import UsageError
from msgclient.files import user as userfiles
from msgclient.outgoing.attachments import is_url
from msgclient.rules.send_window import (
    Schedule,
    ScheduleProblem,
    parse_duration,
    parse_moment,
    parse_window,
    zone,
)

DEFAULT_CONCURRENCY = 8
MAX_CONCURRENCY = 256  # one pooled connection each; more only queues at the stand
Opt = typer.Option
CONCURRENCY = Opt("--concurrency", min=1, max=MAX_CONCURRENCY, metavar="N",
                  help="Messages in flight at once.")
RATE = Opt("--rate", metavar="N/s", help="At most N messages per second (20, 20/s, 600/min; "
                                         "0 = no limit). Either way the pace follows the "
                                         "stand's 429s: it learns its limit and keeps under.")
WAIT = Opt("--wait", help="Wait, with a countdown, for rows held by --send-window or "
                          "--start-at, instead of ending (they are kept for 'bulk resume').")
REPORT = Opt("--report", metavar="PATH", help="Write every row's outcome here (.csv or .json; "
                                              "default: report.csv in the run's folder).")


@dataclass(frozen=True)
class Options:
    input: str                      # a path, or "-" for stdin
    fmt: str | None = None
    defaults: Defaults = field(default_factory=Defaults)
    text_file: str | None = None    # the default text, read from a file
    concurrency: int = DEFAULT_CONCURRENCY
    rate: float | None = None       # messages per second; None: no limit
    dry_run: bool = False
    summary_only: bool = False      # dry run: counts, not every row
    check_eligibility: bool = False
    skip_invalid: bool = False
    allow_duplicates: bool = False
    yes: bool = False
    report: str | None = None
    run_id: str | None = None
    new_run: bool = False
    no_input: bool = False          # never prompt (as the global --no-input)
    send_window: str | None = None  # e.g. "Mon-Fri 09:00-20:00"; None: the profile's
    valid_for: str | None = None    # e.g. "4h": rows not sent by then expire
    not_after: str | None = None    # "18:00" or an ISO 8601 date-time
    start_at: str | None = None     # hold every row until then
    wait: bool = False              # wait for held rows instead of ending


@dataclass(frozen=True)
class ResumeOptions:
    run_id: str
    concurrency: int | None = None  # None: the run's own, as it was started
    rate: float | None = None       # None: the run's own
    resend_unknown: bool = False
    resend_refused: bool = False
    yes: bool = False
    report: str | None = None
    wait: bool = False              # wait for held rows instead of ending


def schedule_for(opts: Options, ctx: Context) -> Schedule | None:
    """The run's window, start and deadline, from the flags (and the profile's window),
    read now: a typo is refused before any row is read."""
    try:
        spec = opts.send_window or ctx.settings.send_window
        window = parse_window(spec) if spec else None
        now = clock.now()
        here = zone(ctx.settings.default_timezone) if ctx.settings.default_timezone \
            else clock.local_zone()
        start = parse_moment(opts.start_at, now, here) if opts.start_at else None
        if opts.valid_for and opts.not_after:
            raise UsageError("Give --valid-for or --not-after, not both.")
        deadline = parse_moment(opts.not_after, now, here) if opts.not_after else None
        if opts.valid_for:
            deadline = max(now, start or now) + parse_duration(opts.valid_for)
    except ScheduleProblem as exc:
        raise UsageError(f"{str(exc)[0].upper()}{str(exc)[1:]}.") from None
    if deadline is not None and start is not None and deadline <= start:
        raise UsageError("--not-after is before --start-at: no row could be sent.")
    schedule = Schedule(window, start, deadline)
    return None if schedule.empty else schedule


def size_pool(ctx: Context, concurrency: int) -> None:
    """One pooled connection per worker; set before the client's session exists."""
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise UsageError(f"--concurrency {concurrency} is out of range; use 1 to "
                         f"{MAX_CONCURRENCY}.")
    ctx.client.pool_size = max(ctx.client.pool_size, concurrency + 2)


def check_report(report: str | None, input_path: Path | None) -> None:
    """Refuse an unusable --report before the first send, not after the last."""
    if report:
        check_target(Path(report), [input_path] if input_path else [])


def check_readable(name: str) -> None:
    if name == "-":
        return
    path = Path(name).expanduser()
    if not path.is_file():
        why = "does not exist" if not path.exists() else "is not a regular file"
        raise UsageError(f"Input file {name} {why}.")


def checked_defaults(defaults: Defaults, text_file: str | None, ctx: Context) -> Defaults:
    """Read --text-file, pin --attach paths, fill the profile's default sender, and fail now
    on a --text that is not a valid template rather than once per row."""
    message = defaults.message
    if text_file:
        if message.text:
            raise UsageError("Give --text or --text-file, not both.")
        message = replace(message, text=_read_text(text_file))
    renderer = Renderer()
    for flag, value in (*((flag_of(name), getattr(message, name)) for name in RENDERED),
                        *((f"--var {k}", v) for k, v in message.variables.items())):
        if value:
            renderer.compile(value, flag)
    attachments = tuple(a if is_url(a) else str(Path(a).expanduser().resolve())
                        for a in message.attachments)
    folder = defaults.attachments_dir
    if folder:
        if not Path(folder).expanduser().is_dir():
            raise UsageError(f"--attachments-dir {folder} is not a folder.")
        folder = str(Path(folder).expanduser().resolve())
    message = replace(message, attachments=attachments,
                      sender=message.sender or ctx.settings.default_sender)
    return replace(defaults, message=message, attachments_dir=folder)


def _read_text(name: str) -> str:
    return userfiles.read_text(name, "--text-file")
