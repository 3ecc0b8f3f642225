"""msgclient templates list (its Options and run are the catalogue's: commands/catalog.py)."""

from __future__ import annotations

import typer

from msgclient.commands.catalog import Options, run
from msgclient.commands.common import JSON_OPTION, context_of, noun_app


def command(
    ctx: typer.Context,
    channel: str | None = typer.Option(None, "--channel", "-c", metavar="CHANNEL",
                                       help="Only templates for this channel (whatsapp, viber)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """List WhatsApp and Viber message templates and their variables.

    \b
      $ msgclient templates list
      $ msgclient templates list --channel viber --json
    """
    run(Options("templates", channel), context_of(ctx, json_out))


app = noun_app(list=command)
