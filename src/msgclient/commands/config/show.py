"""msgclient config show: every setting with where it came from, the token masked."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.config import tokens as tokenstore
from msgclient.terminal.render import Column, emit_json, emit_table


@dataclass(frozen=True)
class Options:
    pass  # --json and the profile are the Context's


def run(opts: Options, ctx: Context) -> int:
    settings = ctx.settings
    rows = [{"key": "profile", "value": settings.profile or "(none)", "source": "selection"}]
    rows += [{"key": k, "value": v, "source": settings.sources[k]}
             for k, v in settings.values.items()]
    if settings.uses_sandbox:
        rows.append({"key": "stand", "value": f"sandbox ({settings.sandbox_db_path})",
                     "source": "no url configured"})
    stored = tokenstore.load(settings.profile) if not settings.uses_sandbox else None
    rows.append({"key": "token", "value": _mask(stored.token) if stored else "(none)",
                 "source": stored.source if stored else "-"})
    if ctx.json:
        emit_json(ctx.io, rows)
    else:
        emit_table(ctx.io, rows, [Column("KEY", lambda r: r["key"], whole=True),
                                  ("VALUE", lambda r: r["value"]),
                                  ("FROM", lambda r: r["source"])])
    return 0


def _mask(token: str) -> str:
    return "****" + token[-4:] if len(token) > 12 else "****"


def command(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """Show every setting with where it came from (the token masked).

    \b
      $ msgclient config show
      $ msgclient --profile prod config show --json
    """
    run(Options(), context_of(ctx, json_out))
