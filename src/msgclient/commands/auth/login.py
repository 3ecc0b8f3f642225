"""msgclient auth login: check a password or a token at the stand, then store the token."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.api import capabilities as caps
from msgclient.api.auth import Account, password_login, token_works
from msgclient.api.client import ApiClient
from msgclient.api.errors import Unauthorized
from msgclient.cli.context import Context
from msgclient.commands.common import context_of
from msgclient.config import tokens as tokenstore
from msgclient.errors import AuthError, UsageError
from msgclient.files import user as userfiles
from msgclient.files.stand import stand_file

STDIN_CAP = 64 * 1024  # a token or a password; anything longer is not one


@dataclass(frozen=True)
class Options:
    user: str | None = None  # None: the profile's login, or asked
    with_token: bool = False
    password_stdin: bool = False


def run(opts: Options, ctx: Context) -> int:
    settings = ctx.settings
    if settings.uses_sandbox:
        raise UsageError("No stand is configured; the sandbox needs no login.",
                         hint="Add one with 'msgclient config init'.")
    if opts.with_token:
        token = tokenstore.strip_bearer(userfiles.read_stdin_text(
            ctx.io.stdin, "The token on stdin", STDIN_CAP))
        if not token:
            raise UsageError("No token on stdin.")
        token = tokenstore.checked(token, "stdin")
        account = _check_token(ctx, token)
    else:
        account = _password_login(ctx, opts.user or settings.login, opts.password_stdin)
        account = _check_token(ctx, account.token, account)
    where = tokenstore.save(settings.profile, account.token)
    _remember(settings, account)
    who = account.who or "an account this stand cannot name"
    ctx.io.success(f"Logged in to {settings.url} as {who}; token stored in {where}.")
    return 0


def _remember(settings, account) -> None:
    """Keep who logged in (never the token) for 'auth status' on a stand without /me."""
    stand_file("account", settings.url, settings.tenant).write(
        {"login": account.login, "role": account.role, "userId": account.user_id})


def _check_token(context, token: str, account=None):
    """Ask the stand about the token, so a bad one is never stored as a login: who it
    belongs to where the stand can say (/me), else a documented call that needs it."""
    settings = context.settings
    client = ApiClient(settings.url, token=lambda: token, tenant=settings.tenant,
                       timeout=settings.timeout, verify=settings.ca_bundle or True)
    # A new login is a good moment to learn the stand afresh; later commands reuse it.
    prober = caps.Prober(client, caps.Cache(stand_file("capabilities", settings.url,
                                                       settings.tenant)))
    try:
        if prober.get(refresh=True).has(caps.ME):
            me = client.get("/api/v1/me") or {}
            return Account(token, me.get("login"), me.get("role"), me.get("userId"))
        token_works(client)
    except Unauthorized:
        raise AuthError(f"The stand at {settings.url} does not accept that token.") from None
    finally:
        client.close()
    return account or Account(token)


def _password_login(context, user: str | None, password_stdin: bool):
    if password_stdin:
        password = userfiles.read_stdin_text(context.io.stdin, "The password on stdin",
                                             STDIN_CAP).rstrip("\n")
    elif context.io.can_prompt:
        user = user or context.prompter.text("Login")
        password = context.prompter.password("Password")
    else:
        raise UsageError("auth login needs a terminal, --password-stdin or --with-token.")
    if not user:
        raise UsageError("No login given; pass --login or set login in the profile.")
    settings = context.settings
    try:
        return password_login(settings.url, user, password, timeout=settings.timeout,
                              verify=settings.ca_bundle or True, tenant=settings.tenant)
    except Unauthorized:
        raise AuthError(f"Wrong login or password for {settings.url}.") from None


def command(
    ctx: typer.Context,
    user: str | None = typer.Option(None, "--login", "-u", metavar="LOGIN",
                                    help="Your login (default: the profile's)."),
    with_token: bool = typer.Option(False, "--with-token",
                                    help="Read a token from stdin instead of logging in."),
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Read the password from stdin."),
) -> None:
    """Log in and store the token (OS keyring, or a 0600 file).

    \b
      $ msgclient auth login
      $ printf '%s' "$TOKEN" | msgclient auth login --with-token
      $ printf '%s' "$PASSWORD" | msgclient auth login --login anna --password-stdin
    """
    run(Options(user, with_token, password_stdin), context_of(ctx))
