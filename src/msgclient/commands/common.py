"""Small pieces every command adapter shares, and the sub-app a noun builds from its verbs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from msgclient.cli.context import Context

JSON_OPTION = typer.Option(False, "--json", help="Machine-readable JSON on stdout.")


def context_of(ctx: typer.Context, json_out: bool = False) -> Context:
    """The Context the root callback made; a per-command --json adds to the global one."""
    root = ctx.find_root().obj
    if root is None:  # invoked without the root callback (unit tests of adapters)
        root = Context()
        ctx.find_root().obj = root
    root.json = root.json or json_out
    return root


def noun_app(**verbs: Callable[..., Any]) -> typer.Typer:
    """A noun's sub-app: each verb's adapter under the verb's name, listed in this order.
    Its help is the noun's summary in cli/app.NOUNS, set where the noun is loaded."""
    app = typer.Typer(no_args_is_help=True)
    for name, command in verbs.items():
        app.command(name)(command)
    return app
