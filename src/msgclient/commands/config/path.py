"""msgclient config path: where the config file is (MSGCLIENT_CONFIG overrides it)."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.config.settings import config_path
from msgclient.terminal.render import emit_json


@dataclass(frozen=True)
class Options:
    pass  # --json is the Context's


def run(opts: Options, ctx: Context) -> int:
    if ctx.json:
        emit_json(ctx.io, {"path": str(config_path()), "exists": config_path().exists()})
    else:
        ctx.io.write(f"{config_path()}\n")
    return 0


def command(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """Print the config file's path (MSGCLIENT_CONFIG overrides it).

    \b
      $ msgclient config path
      $ msgclient config path --json
    """
    run(Options(), context_of(ctx, json_out))
