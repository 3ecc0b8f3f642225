"""One written form per recipient, so a list and a ledger match however the number or the
address was typed: phones in E.164 digits ('+7 900 …' and '7900…' are one), emails
lower-cased, external and client ids as given."""

from __future__ import annotations

import hashlib

from msgclient.outgoing.addresses import normalize_phone
from msgclient.outgoing.model import Recipient

KINDS = ("phone", "email", "external_id", "client")
# A send's recipient kind -> the kind a do-not-contact entry names.
_KIND_OF = {"phone": "phone", "email": "email", "external_id": "external_id",
            "client_id": "external_id", "client": "client"}


def normalised(kind: str, value: str, region: str | None = None) -> str:
    """'phone:79001234567', 'email:anna@example.com', 'external_id:A-17', 'client:17'."""
    text = str(value).strip()
    if kind == "phone":
        text = "+" + normalize_phone(text, region).lstrip("+")
    elif kind == "email":
        text = text.lower()
    return f"{kind}:{text}"


def keys_of(recipient: Recipient, region: str | None = None,
            client_id: str | int | None = None, client: dict | None = None) -> list[str]:
    """Every key that names this recipient: its address, and once known its client (the id,
    and the phone, email and external id of the client's profile)."""
    found: list[str] = []
    named = [(_KIND_OF.get(recipient.kind), recipient.value)]
    if client:
        client_id = client.get("id", client_id)
        named += [("phone", client.get("phone")), ("email", client.get("email")),
                  ("external_id", client.get("externalClientId"))]
    if client_id is not None:
        named.append(("client", str(client_id)))
    for kind, value in named:
        if kind is None or value in (None, ""):
            continue
        try:
            key = normalised(kind, str(value), region)
        except Exception:  # noqa: BLE001 - an unreadable number is the send's to refuse
            continue
        if key not in found:
            found.append(key)
    return found


def primary(keys: list[str], recipient: Recipient) -> str:
    """The key a ledger entry is filed under: the address, else the client, else as given."""
    return keys[0] if keys else f"{recipient.kind}:{recipient.value}"


def client_of(keys: list[str]) -> str | None:
    return next((k for k in keys if k.startswith("client:")), None)


def text_hash(text: str | None) -> str | None:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] if text else None
