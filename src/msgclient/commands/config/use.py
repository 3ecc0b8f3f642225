"""msgclient config use: switch the profile commands use by default."""

from __future__ import annotations

import os
from dataclasses import dataclass

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import context_of
from msgclient.commands.completion import profiles
from msgclient.config.profiles import set_default_profile
from msgclient.config.settings import SANDBOX_PROFILE, config_path


@dataclass(frozen=True)
class Options:
    name: str  # a profile from the config file, or 'sandbox'


def run(opts: Options, ctx: Context) -> int:
    set_default_profile(config_path(), opts.name)
    what = "the sandbox stand (messages reach no real client)" if opts.name == SANDBOX_PROFILE \
        else f"profile '{opts.name}'"
    ctx.io.success(f"Commands now use {what}.")
    if os.environ.get("MSGCLIENT_PROFILE") or os.environ.get("MSGCLIENT_URL"):
        ctx.io.warn("MSGCLIENT_PROFILE or MSGCLIENT_URL is set in this shell and still "
                    "wins over the default.")
    return 0


def command(
    ctx: typer.Context,
    name: str = typer.Argument(..., metavar="PROFILE", autocompletion=profiles,
                               help="A profile from the config file, or 'sandbox' for the "
                               "built-in sandbox stand."),
) -> None:
    """Switch the profile that commands use by default (the sandbox stand is 'sandbox').

    \b
      $ msgclient config use prod
      $ msgclient config use sandbox
    """
    run(Options(name), context_of(ctx))
