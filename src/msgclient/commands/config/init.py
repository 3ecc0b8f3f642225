"""msgclient config init: create or update a profile, from flags or by asking."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import context_of
from msgclient.config.settings import config_path, url_problem, write_profile
from msgclient.errors import UsageError


@dataclass(frozen=True)
class Options:
    profile: str | None = None  # profile and url: asked on a terminal when missing
    url: str | None = None
    login: str | None = None
    tenant: str | None = None
    region: str | None = None
    default: bool = True  # make it the default profile


def run(opts: Options, ctx: Context) -> int:
    profile, url, login = opts.profile, opts.url, opts.login
    if (not profile or not url) and ctx.io.can_prompt:
        ask = ctx.prompter
        profile = profile or ask.text("Profile name", default="default")
        url = url or ask.text("Stand URL (https://...)", validate=_check_url)
        login = login or ask.text("Your login on the stand (optional)") or None
    if not profile or not url:
        raise UsageError("config init needs --profile and --url without a terminal.")
    problem = _check_url(url)
    if problem is not True:
        raise UsageError(str(problem))
    target = config_path()
    write_profile(target, profile, {"url": url.rstrip("/"), "login": login,
                                    "tenant": opts.tenant, "default_region": opts.region},
                  opts.default)
    also = " It is now the default profile." if opts.default else ""
    back = "; 'msgclient config use sandbox' goes back to the sandbox" if opts.default else ""
    ctx.io.success(f"Profile '{profile}' written to {target}.{also} "
                   f"Next: msgclient auth login{back}.")
    return 0


def _check_url(value: str) -> bool | str:
    problem = url_problem(value)
    return f"{problem}." if problem else True


def command(
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
    run(Options(profile, url, login, tenant, region, default), context_of(ctx))
