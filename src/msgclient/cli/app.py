"""The root Typer app: global options and one sub-app per noun, each loaded on first use.

Typer turns every registered command into a Click command, parameters and all, on every
run; with a dozen nouns that alone cost more than a command's own work. The root group
therefore knows each noun by name and one-line summary only (NOUNS) and imports and builds
a noun when Click asks for it: `msgclient threads list` builds `threads`, `msgclient --help`
builds nothing but the root. Heavy libraries (HTTP, YAML, prompts, phone
numbers) enter at a few named places, lazily (docs/architecture.md, "Imports").
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, MutableMapping
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from msgclient import COMPLETE_VAR, __version__
from msgclient.cli import once
from msgclient.cli.coerce import enable as fast_coercion

HELP = """Send outgoing messages to contact-center clients from the terminal.

With no stand configured, every command runs against the embedded sandbox stand.

\b
  $ msgclient threads list
  $ msgclient send --thread 123 --channel viber --text "Your order is ready"
  $ msgclient bulk run followups.csv --text "Hello {{name}}" --yes
"""

# name -> (summary in `msgclient --help` and the noun's own, what to load: "module:attribute"
# of the noun's Typer sub-app, or of a command function for a noun without verbs). Listed
# in this order.
NOUNS: dict[str, tuple[str, str]] = {
    "send": ("Send a message to a client: from a closed thread, by email, or to a new client.",
             "msgclient.commands.send.adapter:command"),
    "threads": ("List and inspect client threads.", "msgclient.commands.threads:app"),
    "bulk": ("Send one message per row of a CSV, JSON Lines or YAML file.",
             "msgclient.commands.bulk:app"),
    "channels": ("Channels connected to the stand.", "msgclient.commands.channels:app"),
    "senders": ("Email mailboxes to send from.", "msgclient.commands.senders:app"),
    "tags": ("Tags that can be assigned to threads.", "msgclient.commands.tags:app"),
    "templates": ("WhatsApp and Viber message templates.",
                  "msgclient.commands.templates:app"),
    "clients": ("Look up clients.", "msgclient.commands.clients:app"),
    "log": ("What this install sent to the stand (the ledger of sends).",
            "msgclient.commands.log:app"),
    "suppress": ("The do-not-contact list: recipients send and bulk refuse.",
                 "msgclient.commands.suppress:app"),
    "config": ("Show and write the configuration.", "msgclient.commands.config:app"),
    "auth": ("Log in to a stand and manage the stored token.",
             "msgclient.commands.auth:app"),
    "stand": ("What the stand offers beyond edna's documented API.",
              "msgclient.commands.stand:app"),
    "completion": ("Print the shell completion script "
                   "(commands, flags, channel and profile names).",
                   "msgclient.commands.completion:command"),
    "sandbox": ("Run or reset the local sandbox stand (messages reach no real client).",
                "msgclient.commands.sandbox:app"),
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"msgclient {__version__}")
        raise typer.Exit()


def _profiles(incomplete: str) -> list[str]:
    from msgclient.commands.completion import profiles  # only while the shell completes

    return profiles(incomplete)


def _root(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Machine-readable JSON on stdout."),
    no_input: bool = typer.Option(False, "--no-input",
                                  help="Never prompt (also MSGCLIENT_NO_INPUT=1)."),
    debug: bool = typer.Option(False, "--debug",
                               help="Log HTTP exchanges (redacted) and show tracebacks."),
    profile: str | None = typer.Option(None, "--profile", "-p", metavar="NAME",
                                       help="Stand profile from the config file, or sandbox "
                                       "(also MSGCLIENT_PROFILE).",
                                       autocompletion=_profiles),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    # Here, not at the top: --help and --version never need the context or Rich's console.
    from msgclient.cli.context import Context
    from msgclient.terminal.iostreams import IOStreams

    if ctx.obj is None:
        ctx.obj = Context(io=IOStreams(no_input=no_input), profile=profile, json=json_out,
                          debug=debug)
    ctx.call_on_close(ctx.obj.close)


def load_noun(name: str) -> Any:
    """The Click command of one noun, built with the root's settings."""
    summary, target = NOUNS[name]
    module, attribute = target.split(":")
    sub = getattr(importlib.import_module(module), attribute)
    if not isinstance(sub, typer.Typer):  # a single command function, e.g. send
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name)(sub)
        return typer.main.get_command(single)
    sub.info.help = summary  # the noun's one summary, also in `msgclient --help`
    sub.rich_markup_mode = None  # as the root: plain Click help, no Rich import
    return typer.main.get_group(sub)  # a group even with one sub-command


class _Nouns(MutableMapping):
    """The root's commands: every noun's name is known, its command built on first access."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in NOUNS:
                raise KeyError(name)
            self._built[name] = once.guard(load_noun(name))
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*NOUNS, *(n for n in self._built if n not in NOUNS)])

    def __len__(self) -> int:
        return len(set(NOUNS) | set(self._built))


class RootGroup(TyperGroup):
    """Typer's group, with lazily built nouns and a command list made from NOUNS alone."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = _Nouns()

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:  # --profile a ... --profile b: which one?
            once.refuse_repeats(self, args)
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # As TyperGroup lays it out, but from the summaries: listing the nouns builds none.
        limit = formatter.width - 6 - max(len(name) for name in NOUNS)
        rows = [(name, TyperCommand(name=name, help=summary).get_short_help_str(limit))
                for name, (summary, _) in NOUNS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def build_app() -> typer.Typer:
    fast_coercion()
    if os.environ.get(COMPLETE_VAR):  # the shell asks for completions (commands/completion.py)
        from typer.completion import completion_init

        completion_init()
    app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, cls=RootGroup,
                      context_settings={"help_option_names": ["-h", "--help"]},
                      rich_markup_mode=None, pretty_exceptions_enable=False)
    app.callback()(_root)
    return app
