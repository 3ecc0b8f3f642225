"""Small pieces every command adapter shares, and the sub-app a noun builds from its verbs."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperGroup

from msgclient.cli import once
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


def noun_app(**verbs: Callable[..., Any] | str) -> typer.Typer:
    """A noun's sub-app: each verb's adapter under the verb's name, listed in this order.
    A verb given as "module:attribute" is imported when Click asks for it (`threads list`
    imports threads/list.py alone; `threads --help` lists them all, so imports them all).
    Its help is the noun's summary in cli/app.NOUNS, set where the noun is loaded."""
    lazy = {name: target for name, target in verbs.items() if isinstance(target, str)}
    app = typer.Typer(no_args_is_help=True,
                      cls=type("Verbs", (LazyVerbs,), {"lazy": lazy, "order": list(verbs)}))
    for name, command in verbs.items():
        if not isinstance(command, str):
            app.command(name)(command)
    return app


class LazyVerbs(TyperGroup):
    """A group whose lazy verbs are built on first use (the command registry, as the root's)."""

    lazy: dict[str, str] = {}
    order: list[str] = []

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.order)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in self.commands and name in self.lazy:
            module, attribute = self.lazy[name].split(":")
            single = typer.Typer(add_completion=False, rich_markup_mode=None)
            single.command(name)(getattr(importlib.import_module(module), attribute))
            # Built late, so guarded here: the root guarded only what existed then.
            self.commands[name] = once.guard(typer.main.get_command(single))
        return self.commands.get(name)
