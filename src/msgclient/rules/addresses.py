"""Addresses the stand accepts: email, phone, the profile's email, the sender mailbox."""

from __future__ import annotations

import re
from collections.abc import Sequence

from msgclient.rules.base import Json, Refusal, describe_client

# edna's UI accepts login@text.text2 or login@text.text.text2 with ASCII only; the stand
# refuses what the real one would, so nothing passes here that fails there.
_EMAIL_RE = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)?\.[A-Za-z]{2,}$")
_PHONE_RE = re.compile(r"^[1-9][0-9]{9,14}$")  # E.164 digits without '+', as edna's examples


def check_email_address(address: str, fieldname: str = "emailAddress") -> Refusal | None:
    if _EMAIL_RE.match(address):
        return None
    return Refusal("INVALID_ADDRESS", f"{address!r} is not an email address the stand accepts "
                   "(login@domain.tld in Latin letters, digits, dots, dashes).",
                   {"field": fieldname, "value": address})


def check_phone(phone: str) -> Refusal | None:
    if _PHONE_RE.match(phone):
        return None
    return Refusal("INVALID_ADDRESS", f"Phone {phone!r} must be digits only, with the country code "
                   "and no '+', e.g. 79161234567.", {"field": "deviceAddress", "value": phone})


def check_profile_email(client: Json, address: str) -> Refusal | None:
    # An existing client's email goes to the profile address only; a different address is
    # another person, who must be messaged as a new client.
    if address.lower() == (client.get("email") or "").lower():
        return None
    return Refusal("INVALID_ADDRESS", f"{address} is not the email address on the card of "
                   f"{describe_client(client)}; omit it to use {client.get('email')}.",
                   {"field": "emailAddress", "value": address, "profileEmail": client.get("email")})


def check_sender(account_id: int, accounts: Sequence[Json]) -> Refusal | None:
    senders = [a["address"] for a in accounts if a.get("enabled")]
    account = next((a for a in accounts if a["id"] == account_id), None)
    if account is not None and account.get("enabled"):
        return None
    what = f"Mailbox {account['address']} is disabled" if account else (
        f"Mailbox {account_id} does not exist on this stand")
    return Refusal("UNKNOWN_SENDER", f"{what}; send from one of: {', '.join(senders) or 'none'}.",
                   {"emailAccountId": account_id, "senders": senders})
