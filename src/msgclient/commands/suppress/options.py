"""What suppress add and remove share: a recipient named by one flag, in its one form."""

from __future__ import annotations

import typer

from msgclient.errors import UsageError
from msgclient.ledger.recipients import normalised

PHONE = typer.Option(None, "--phone", metavar="PHONE", help="A phone number (any form).")
EMAIL = typer.Option(None, "--email", metavar="ADDRESS", help="An email address.")
EXTERNAL = typer.Option(None, "--external-id", metavar="ID",
                        help="An external client id (web widget, mobile app, authorised).")
CLIENT = typer.Option(None, "--client", metavar="ID", help="An internal client id.")


def one_key(region: str | None, **given: str | None) -> str:
    """The recipient's key from the one flag given (phone, email, external_id, client)."""
    named = {kind: value for kind, value in given.items() if value}
    if len(named) != 1:
        raise UsageError("Name one recipient: --phone, --email, --external-id or --client.")
    (kind, value), = named.items()
    return normalised(kind, value, region)
