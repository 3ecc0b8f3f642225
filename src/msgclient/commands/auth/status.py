"""msgclient auth status: which stand and account, and whether the token works."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.api import capabilities as caps
from msgclient.api.auth import token_works
from msgclient.cli.context import Context
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.files.stand import stand_file
from msgclient.sandbox.embedded import SANDBOX_LOGIN
from msgclient.terminal.render import emit_json


@dataclass(frozen=True)
class Options:
    pass  # --json is the Context's


def run(opts: Options, ctx: Context) -> int:
    me = _whoami(ctx)
    url, _ = ctx.stand
    info = {"stand": url, "sandbox": ctx.settings.uses_sandbox, "profile":
            ctx.settings.profile or None,
            **{k: me.get(k) for k in ("userId", "login", "role", "fullName")}}
    if ctx.json:
        emit_json(ctx.io, info)
    elif me.get("login"):
        ctx.io.success(f"Logged in to {url} as {me.get('login')} ({me.get('role')}).")
    else:
        ctx.io.success(f"Logged in to {url}; the stand accepts the token (it cannot say "
                       "whose it is).")
    return 0


def _whoami(context) -> dict:
    """/me where the stand has it; else the account saved at login, once a documented call
    has shown the token still works."""
    if context.catalog.has(caps.ME):
        return context.catalog.me()
    token_works(context.client)
    if context.settings.uses_sandbox:
        return {"login": SANDBOX_LOGIN, "role": "SUPERVISOR"}
    saved = stand_file("account", context.settings.url, context.settings.tenant).read() or {}
    return {k: saved.get(k) for k in ("userId", "login", "role")}


def command(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """Show which stand and account you are using, and whether the token works.

    \b
      $ msgclient auth status
    """
    run(Options(), context_of(ctx, json_out))
