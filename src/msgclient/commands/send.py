"""msgclient send — placeholder until the send flow lands."""

from __future__ import annotations

import typer


def command(ctx: typer.Context) -> None:
    """Send a message to a client (not built yet)."""
    from msgclient.errors import MsgclientError

    raise MsgclientError("send is not available yet.")
