"""Small pieces every command adapter shares."""

from __future__ import annotations

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
