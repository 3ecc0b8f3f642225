"""msgclient suppress add: put a recipient on this stand's do-not-contact list."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from msgclient.cli.context import Context
from msgclient.commands.common import context_of
from msgclient.commands.suppress.options import CLIENT, EMAIL, EXTERNAL, PHONE, one_key
from msgclient.ledger.access import open_ledger
from msgclient.rules.text import shown


@dataclass(frozen=True)
class Options:
    reason: str
    phone: str | None = None
    email: str | None = None
    external_id: str | None = None
    client: str | None = None


def run(opts: Options, ctx: Context) -> int:
    key = one_key(ctx.region, phone=opts.phone, email=opts.email,
                  external_id=opts.external_id, client=opts.client)
    with open_ledger(ctx) as ledger:
        ledger.suppress([(key, opts.reason)])
    ctx.io.info(f"{shown(key)} is on the do-not-contact list: send and bulk refuse it.")
    return 0


def command(
    ctx: typer.Context,
    phone: str | None = PHONE,
    email: str | None = EMAIL,
    external_id: str | None = EXTERNAL,
    client: str | None = CLIENT,
    reason: str = typer.Option(..., "--reason", metavar="TEXT",
                               help="Why (kept with the date, shown in every refusal)."),
) -> None:
    """Never message this recipient again from this install (send and bulk refuse it, exit 5).

    \b
      $ msgclient suppress add --phone "+7 900 123-45-67" --reason "asked by phone"
    """
    run(Options(reason, phone, email, external_id, client), context_of(ctx))
