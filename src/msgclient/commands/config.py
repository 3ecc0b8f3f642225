"""msgclient config show|path|init|use."""

from __future__ import annotations

import os

import typer

from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.commands.completion import profiles
from msgclient.config import tokens as tokenstore
from msgclient.config.profiles import set_default_profile
from msgclient.config.settings import SANDBOX_PROFILE, config_path, url_problem, write_profile
from msgclient.errors import UsageError
from msgclient.terminal.render import Column, emit_json, emit_table

app = typer.Typer(help="Show and write the configuration.", no_args_is_help=True)


@app.command("show")
def show(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """Show every setting with where it came from (the token masked).

    \b
      $ msgclient config show
      $ msgclient --profile prod config show --json
    """
    context = context_of(ctx, json_out)
    settings = context.settings
    rows = [{"key": "profile", "value": settings.profile or "(none)", "source": "selection"}]
    rows += [{"key": k, "value": v, "source": settings.sources[k]}
             for k, v in settings.values.items()]
    if settings.uses_sandbox:
        rows.append({"key": "stand", "value": f"sandbox ({settings.sandbox_db_path})",
                     "source": "no url configured"})
    stored = tokenstore.load(settings.profile) if not settings.uses_sandbox else None
    rows.append({"key": "token", "value": _mask(stored.token) if stored else "(none)",
                 "source": stored.source if stored else "-"})
    if context.json:
        emit_json(context.io, rows)
    else:
        emit_table(context.io, rows, [Column("KEY", lambda r: r["key"], whole=True),
                                      ("VALUE", lambda r: r["value"]),
                                      ("FROM", lambda r: r["source"])])


def _mask(token: str) -> str:
    return "****" + token[-4:] if len(token) > 12 else "****"


@app.command("path")
def path(ctx: typer.Context, json_out: bool = JSON_OPTION) -> None:
    """Print the config file's path (MSGCLIENT_CONFIG overrides it).

    \b
      $ msgclient config path
      $ msgclient config path --json
    """
    context = context_of(ctx, json_out)
    if context.json:
        emit_json(context.io, {"path": str(config_path()), "exists": config_path().exists()})
    else:
        context.io.write(f"{config_path()}\n")


@app.command("init")
def init(
    ctx: typer.Context,
    profile: str | None = typer.Option(None, "--profile", metavar="NAME",
                                       help="Profile name (one per stand)."),
    url: str | None = typer.Option(None, "--url", metavar="URL",
                                   help="The stand's base URL, e.g. https://acme.threads.im."),
    login: str | None = typer.Option(None, "--login", metavar="LOGIN",
                                     help="Your supervisor login on that stand."),
    tenant: str | None = typer.Option(None, "--tenant", metavar="NAME",
                                      help="X-Tenant-Name, for multi-tenant stands."),
    region: str | None = typer.Option(None, "--default-region", metavar="REGION",
                                      help="Region for phone numbers without +, e.g. RU."),
    default: bool = typer.Option(True, "--default/--no-default",
                                 help="Make it the default profile."),
) -> None:
    """Create or update a profile, from flags or by asking.

    \b
      $ msgclient config init
      $ msgclient config init --profile prod --url https://acme.threads.im --login anna
    """
    context = context_of(ctx)
    if (not profile or not url) and context.io.can_prompt:
        ask = context.prompter
        profile = profile or ask.text("Profile name", default="default")
        url = url or ask.text("Stand URL (https://...)", validate=_check_url)
        login = login or ask.text("Your login on the stand (optional)") or None
    if not profile or not url:
        raise UsageError("config init needs --profile and --url without a terminal.")
    problem = _check_url(url)
    if problem is not True:
        raise UsageError(str(problem))
    target = config_path()
    write_profile(target, profile, {"url": url.rstrip("/"), "login": login, "tenant": tenant,
                                    "default_region": region}, default)
    also = " It is now the default profile." if default else ""
    back = "; 'msgclient config use sandbox' goes back to the sandbox" if default else ""
    context.io.success(f"Profile '{profile}' written to {target}.{also} "
                              f"Next: msgclient auth login{back}.")


@app.command("use")
def use(
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
    context = context_of(ctx)
    set_default_profile(config_path(), name)
    what = "the sandbox stand (messages reach no real client)" if name == SANDBOX_PROFILE \
        else f"profile '{name}'"
    context.io.success(f"Commands now use {what}.")
    if os.environ.get("MSGCLIENT_PROFILE") or os.environ.get("MSGCLIENT_URL"):
        context.io.warn("MSGCLIENT_PROFILE or MSGCLIENT_URL is set in this shell and still "
                        "wins over the default.")


def _check_url(value: str) -> bool | str:
    problem = url_problem(value)
    return f"{problem}." if problem else True
