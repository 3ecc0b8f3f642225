"""msgclient channels list (its Options and run are the catalogue's: commands/catalog.py)."""

from __future__ import annotations

import typer

from msgclient.commands.catalog import Options, run
from msgclient.commands.common import JSON_OPTION, context_of, noun_app


def command(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """List the stand's channels, whether each is enabled, and attachment limits.

    \b
      $ msgclient channels list
    """
    run(Options("channels"), context_of(ctx, json_out))


app = noun_app(list=command)
