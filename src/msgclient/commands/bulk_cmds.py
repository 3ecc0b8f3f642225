"""msgclient bulk — placeholder until bulk follow-ups land."""

from __future__ import annotations

import typer

app = typer.Typer(help="Bulk follow-ups from files (not built yet).", no_args_is_help=True)


@app.command("run")
def run(ctx: typer.Context) -> None:
    """Send to every row of a file (not built yet)."""
    from msgclient.errors import MsgclientError

    raise MsgclientError("bulk is not available yet.")
