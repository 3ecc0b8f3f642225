"""msgclient sandbox serve: the embedded local stand in the foreground, faults on request."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import context_of
from msgclient.errors import UsageError
from msgclient.files.private import make_dirs
from msgclient.sandbox import PERSONALITIES
from msgclient.sandbox.embedded import clear_state, write_state
from msgclient.sandbox.faults import FaultConfig
from msgclient.sandbox.ratelimit import RateLimitConfig
from msgclient.sandbox.server import serve_forever
from msgclient.sandbox.store.db import ensure_seeded


@dataclass(frozen=True)
class Options:
    host: str = "127.0.0.1"
    port: int = 8765
    db: Path | None = None  # None: the settings' sandbox_db_path
    latency_ms: float | None = None
    rate_429: float | None = None
    rate_503: float | None = None
    drop: float | None = None
    ignore_idempotency: bool = False
    api: str | None = None  # None: the settings' sandbox_api
    rate_limit: str | None = None
    channel_rate_limit: list[str] = field(default_factory=list)
    closed_threads: int | None = None  # None: the database as it is
    list_order: str | None = None  # asc | desc; None: the personality's own
    max_page_size: int | None = None


def run(opts: Options, ctx: Context) -> int:
    api = opts.api or ctx.settings.sandbox_api
    if api not in PERSONALITIES:
        raise UsageError(f"--api must be {' or '.join(PERSONALITIES)}, not {api!r}.")
    if opts.list_order not in (None, "asc", "desc"):
        raise UsageError(f"--list-order must be asc or desc, not {opts.list_order!r}.")
    for flag, value in (("--closed-threads", opts.closed_threads),
                        ("--max-page-size", opts.max_page_size)):
        if value is not None and value < (0 if flag == "--closed-threads" else 1):
            raise UsageError(f"{flag} must be a positive number, not {value}.")
    path = opts.db or ctx.settings.sandbox_db_path
    make_dirs(path.parent)  # clients' data lives there
    ensure_seeded(path, closed_threads=opts.closed_threads)
    faults = FaultConfig.from_env().updated(latency_ms=opts.latency_ms, share_429=opts.rate_429,
                                            share_503=opts.rate_503, share_drop=opts.drop)
    limits = RateLimitConfig.from_env(stand=opts.rate_limit, channels=opts.channel_rate_limit)
    try:
        serve_forever(path, host=opts.host, port=opts.port, faults=faults, rate_limits=limits,
                      honour_idempotency=not opts.ignore_idempotency, api=api,
                      list_order=opts.list_order, max_page_size=opts.max_page_size,
                      on_ready=lambda url: write_state(url, path, api), on_stop=clear_state)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise UsageError(f"Port {opts.port} on {opts.host} is already in use.",
                         hint="Pick another with --port, or --port 0 for a free one.") from None
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a foreground server is meant to stop, not a cancellation
    if limits.active:
        ctx.io.info(f"rate limit: {limits.stats.admitted} calls admitted, "
                    f"{limits.stats.refused} refused with 429.")
    ctx.io.info("sandbox stand stopped.")
    return 0


def command(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS",
                             help="Address to bind (loopback by default)."),
    port: int = typer.Option(8765, "--port", metavar="PORT",
                             help="Port to listen on (0 picks a free one)."),
    db: Path | None = typer.Option(None, "--db", metavar="PATH",
                                   help="SQLite file (default: in the user data dir)."),
    latency_ms: float | None = typer.Option(None, "--latency-ms", metavar="MS",
                                            help="Add this latency to every API call."),
    rate_429: float | None = typer.Option(None, "--429", metavar="SHARE",
                                          help="Share of calls answered 429 with Retry-After "
                                          "(0..1)."),
    rate_503: float | None = typer.Option(None, "--503", metavar="SHARE",
                                          help="Share of calls answered 503 (0..1)."),
    drop: float | None = typer.Option(None, "--drop", metavar="SHARE",
                                      help="Share of calls whose connection is dropped (0..1)."),
    ignore_idempotency: bool = typer.Option(False, "--ignore-idempotency",
                                            help="Behave like a stand without Idempotency-Key "
                                            "support."),
    api: str | None = typer.Option(None, "--api", metavar="full|edna",
                                   help="full: the whole contract; edna: only what edna "
                                   "documents, like a customer's stand (default: the "
                                   "sandbox_api setting, else full)."),
    rate_limit: str | None = typer.Option(None, "--rate-limit", metavar="RATE",
                                          help="Answer 429 with Retry-After beyond this many "
                                          "calls, e.g. 100/s (also MSGCLIENT_SANDBOX_RATE_LIMIT)."),
    channel_rate_limit: list[str] = typer.Option([], "--channel-rate-limit",
                                                 metavar="CHANNEL=RATE",
                                                 help="Limit sends over one channel type, "
                                                 "e.g. whatsapp=80/s (repeatable; also "
                                                 "MSGCLIENT_SANDBOX_CHANNEL_RATE_LIMIT)."),
    closed_threads: int | None = typer.Option(None, "--closed-threads", metavar="N",
                                              help="Seed the stand anew with N generated "
                                              "closed threads on top of the demo (and a few "
                                              "open ones per thousand) unless it has them."),
    list_order: str | None = typer.Option(None, "--list-order", metavar="asc|desc",
                                          help="List threads by id in this order (edna "
                                          "promises none; default: edna asc, full newest "
                                          "change first)."),
    max_page_size: int | None = typer.Option(None, "--max-page-size", metavar="N",
                                             help="Cut every page to at most N items without "
                                             "saying so, as real stands do."),
) -> None:
    """Serve the sandbox stand in the foreground until Ctrl-C.

    Other msgclient commands use it while it runs (same --db and sandbox_api).

    \b
      $ msgclient sandbox serve
      $ msgclient sandbox serve --api edna
      $ msgclient sandbox serve --port 0 --latency-ms 50 --503 0.1 --drop 0.02
      $ msgclient sandbox serve --rate-limit 100/s --channel-rate-limit whatsapp=80/s
      $ msgclient sandbox serve --api edna --closed-threads 1000000 --list-order asc \\
            --max-page-size 100 --latency-ms 50
    """
    run(Options(host, port, db, latency_ms, rate_429, rate_503, drop, ignore_idempotency, api,
                rate_limit, channel_rate_limit, closed_threads, list_order, max_page_size),
        context_of(ctx))
