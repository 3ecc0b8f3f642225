"""msgclient stand refresh: `stand show --refresh` by its own name (show's Options and run)."""

from __future__ import annotations

import typer

from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.commands.stand.show import Options, run


def command(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """Probe the stand again (after it was upgraded), then show what it offers.

    \b
      $ msgclient stand refresh
    """
    run(Options(refresh=True), context_of(ctx, json_out))
