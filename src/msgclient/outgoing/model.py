"""What a message and a recipient are: the model every other module of the send domain
builds on (it imports none of them), and the one home for which kinds of recipient exist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from msgclient import rules

# A client the stand knows, from a thread or by internal id.
EXISTING_KINDS = ("thread", "client")
# Which channels reach a new client by which identifier (the supervisor docs' list).
NEW_CLIENT_TYPES = {"phone": ("WHATSAPP", "VIBER"), "email": ("EMAIL",),
                    "client_id": ("WEB", "MOBILE"), "external_id": ("WEB", "MOBILE")}
KINDS = EXISTING_KINDS + tuple(NEW_CLIENT_TYPES)


@dataclass(frozen=True)
class Recipient:
    kind: str  # thread | client (internal id) | client_id (authorised external id)
    #            | external_id (web widget / mobile app) | phone | email
    value: str
    app: str | None = None  # mobile app marker (appMarker)


@dataclass(frozen=True)
class Message:
    channel: str | None = None  # CLI name: whatsapp viber email web-chat web-widget mobile-app
    text: str | None = None
    attachments: tuple[str, ...] = ()  # local paths or http(s) URLs
    template: str | None = None  # name or id
    variables: Mapping[str, str] = field(default_factory=dict)
    title: str | None = None
    signature: str | None = None
    tags: tuple[str, ...] = ()  # tag paths, unique names or ids
    sender: str | None = None  # email: mailbox address or id
    subject: str | None = None
    bcc: tuple[str, ...] = ()


# The fields that hold several values (repeatable flags, list columns); `variables` is a map.
LISTS = frozenset(f.name for f in fields(Message) if str(f.type).startswith("tuple"))


@dataclass(frozen=True)
class PreparedSend:
    path: str
    body: dict
    summary: dict


def display_channel(recipient: Recipient, channel: dict) -> str:
    if recipient.kind == "external_id" and channel.get("type") == "WEB":
        return "web-widget"  # the same WEB channel, reached by the widget's external id
    return rules.channel_name(channel)
