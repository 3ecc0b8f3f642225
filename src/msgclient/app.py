"""The root Typer app: global options and one sub-app per noun.

Command modules are imported here, so they must stay cheap to import: they
pull in HTTP, YAML and prompt libraries only inside their run functions.
"""

from __future__ import annotations

import os

import typer

from msgclient import __version__
from msgclient.context import Context
from msgclient.iostreams import IOStreams

COMPLETE_VAR = "_MSGCLIENT_COMPLETE"
HELP = """Send outgoing messages to contact-center clients from the terminal.

With no stand configured, every command runs against the embedded sandbox stand.

\b
  $ msgclient threads list
  $ msgclient send --thread 123 --channel viber --text "Your order is ready"
  $ msgclient bulk run followups.csv --text "Hello {{name}}" --yes
"""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"msgclient {__version__}")
        raise typer.Exit()


def _profiles(incomplete: str) -> list[str]:
    from msgclient.commands.completion import profiles

    return profiles(incomplete)


def _root(
    ctx: typer.Context,
    json_out: bool = typer.Option(False, "--json", help="Machine-readable JSON on stdout."),
    no_input: bool = typer.Option(False, "--no-input", help="Never prompt (also MSGCLIENT_NO_INPUT=1)."),
    debug: bool = typer.Option(False, "--debug", help="Log HTTP exchanges (redacted) and show tracebacks."),
    profile: str | None = typer.Option(None, "--profile", "-p", metavar="NAME", help="Stand profile from the config file, or sandbox (also MSGCLIENT_PROFILE).", autocompletion=_profiles),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    if ctx.obj is None:
        ctx.obj = Context(io=IOStreams(no_input=no_input), profile=profile, json=json_out, debug=debug)
    ctx.call_on_close(ctx.obj.close)


def build_app() -> typer.Typer:
    from msgclient.commands import (
        auth_cmds,
        bulk_cmds,
        catalog_list,
        clients_show,
        completion,
        config_cmds,
        sandbox_cmds,
        send,
        threads_list,
        threads_show,
    )

    if os.environ.get(COMPLETE_VAR):  # the shell asks for completions (completion.py)
        from typer.completion import completion_init

        completion_init()
    app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False,
                      context_settings={"help_option_names": ["-h", "--help"]},
                      rich_markup_mode=None, pretty_exceptions_enable=False)
    app.callback()(_root)

    threads = typer.Typer(help="List and inspect client threads.", no_args_is_help=True)
    threads.command("list")(threads_list.command)
    threads.command("show")(threads_show.command)
    app.add_typer(threads, name="threads")
    app.command("send")(send.command)
    app.add_typer(bulk_cmds.app, name="bulk")
    for noun, summary, adapter in catalog_list.COMMANDS:
        sub = typer.Typer(help=summary, no_args_is_help=True)
        sub.command("list")(adapter)
        app.add_typer(sub, name=noun)
    clients = typer.Typer(help="Look up clients.", no_args_is_help=True)
    clients.command("show")(clients_show.command)
    app.add_typer(clients, name="clients")
    app.add_typer(config_cmds.app, name="config")
    app.add_typer(auth_cmds.app, name="auth")
    app.add_typer(sandbox_cmds.app, name="sandbox")
    app.command("completion")(completion.command)
    return app
