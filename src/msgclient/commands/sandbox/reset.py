"""msgclient sandbox reset: erase the sandbox's data and seed the demo stand again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import context_of
from msgclient.errors import UsageError
from msgclient.files.private import make_dirs
from msgclient.sandbox.store.db import reset as reset_db


@dataclass(frozen=True)
class Options:
    db: Path | None = None  # None: the settings' sandbox_db_path
    closed_threads: int = 0  # generated closed threads on top of the demo


def run(opts: Options, ctx: Context) -> int:
    if opts.closed_threads < 0:
        raise UsageError(f"--closed-threads must be a positive number, not {opts.closed_threads}.")
    path = opts.db or ctx.settings.sandbox_db_path
    make_dirs(path.parent)  # clients' data lives there
    reset_db(path, closed_threads=opts.closed_threads)
    ctx.io.success(f"Sandbox stand re-seeded at {path}.")
    return 0


def command(
    ctx: typer.Context,
    db: Path | None = typer.Option(None, "--db", metavar="PATH",
                                   help="SQLite file (default: in the user data dir)."),
    closed_threads: int = typer.Option(0, "--closed-threads", metavar="N",
                                       help="Also seed N generated closed threads (and a few "
                                       "open ones per thousand): a real stand's size."),
) -> None:
    """Erase the sandbox's data and seed the demo stand again.

    \b
      $ msgclient sandbox reset
      $ msgclient sandbox reset --closed-threads 100000
    """
    run(Options(db, closed_threads), context_of(ctx))
