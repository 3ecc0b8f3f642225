"""msgclient sandbox reset: erase the sandbox's data and seed the demo stand again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import context_of
from msgclient.files.private import make_dirs
from msgclient.sandbox.store.db import reset as reset_db


@dataclass(frozen=True)
class Options:
    db: Path | None = None  # None: the settings' sandbox_db_path


def run(opts: Options, ctx: Context) -> int:
    path = opts.db or ctx.settings.sandbox_db_path
    make_dirs(path.parent)  # clients' data lives there
    reset_db(path)
    ctx.io.success(f"Sandbox stand re-seeded at {path}.")
    return 0


def command(
    ctx: typer.Context,
    db: Path | None = typer.Option(None, "--db", metavar="PATH",
                                   help="SQLite file (default: in the user data dir)."),
) -> None:
    """Erase the sandbox's data and seed the demo stand again.

    \b
      $ msgclient sandbox reset
    """
    run(Options(db), context_of(ctx))
