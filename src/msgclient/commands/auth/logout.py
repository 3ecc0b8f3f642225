"""msgclient auth logout: forget the current profile's stored token."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import context_of
from msgclient.config import tokens as tokenstore
from msgclient.files.stand import stand_file


@dataclass(frozen=True)
class Options:
    pass  # the profile is the Context's


def run(opts: Options, ctx: Context) -> int:
    removed = tokenstore.delete(ctx.settings.profile)
    if ctx.settings.url:
        stand_file("account", ctx.settings.url, ctx.settings.tenant).forget()
    if removed:
        ctx.io.success(f"Token removed from {', '.join(removed)}.")
    else:
        ctx.io.info("No stored token for this profile.")
    return 0


def command(ctx: typer.Context) -> None:
    """Forget the stored token of the current profile.

    \b
      $ msgclient auth logout
    """
    run(Options(), context_of(ctx))
