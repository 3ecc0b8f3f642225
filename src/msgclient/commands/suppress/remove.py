"""msgclient suppress remove: take a recipient off this stand's do-not-contact list."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import context_of
from msgclient.commands.suppress.options import CLIENT, EMAIL, EXTERNAL, PHONE, one_key
from msgclient.errors import UsageError
from msgclient.ledger.access import open_ledger
from msgclient.rules.text import shown


@dataclass(frozen=True)
class Options:
    phone: str | None = None
    email: str | None = None
    external_id: str | None = None
    client: str | None = None


def run(opts: Options, ctx: Context) -> int:
    key = one_key(ctx.region, phone=opts.phone, email=opts.email,
                  external_id=opts.external_id, client=opts.client)
    with open_ledger(ctx) as ledger:
        removed = ledger.unsuppress(key)
    if not removed:
        raise UsageError(f"{shown(key)} is not on the do-not-contact list.")
    ctx.io.info(f"{shown(key)} is off the do-not-contact list.")
    return 0


def command(
    ctx: typer.Context,
    phone: str | None = PHONE,
    email: str | None = EMAIL,
    external_id: str | None = EXTERNAL,
    client: str | None = CLIENT,
) -> None:
    """Take a recipient off the do-not-contact list.

    \b
      $ msgclient suppress remove --email anna@example.com
    """
    run(Options(phone, email, external_id, client), context_of(ctx))
