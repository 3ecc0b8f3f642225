"""What a message and a recipient are: the model every other module of the send domain
builds on (it imports none of them), and the one home for which kinds of recipient exist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from msgclient import rules
from msgclient.rules import CLI_TO_TYPE

# A client the stand knows, from a thread or by internal id.
EXISTING_KINDS = ("thread", "client")
# Which channels reach a new client by which identifier (the supervisor docs' list): the
# channel's CLI name -> the kinds of address it takes. web-chat and web-widget are the one
# WEB channel, reached by an authorised client id or by the widget's external id.
NEW_CLIENT_CHANNELS = {"whatsapp": ("phone",), "viber": ("phone",), "email": ("email",),
                       "web-chat": ("client_id",), "web-widget": ("external_id",),
                       "mobile-app": ("client_id", "external_id")}
# The same table the other way, by the stand's channel type: kind -> the types reaching it.
NEW_CLIENT_TYPES = {kind: tuple(dict.fromkeys(CLI_TO_TYPE[name]
                                              for name, kinds in NEW_CLIENT_CHANNELS.items()
                                              if kind in kinds))
                    for kind in dict.fromkeys(k for ks in NEW_CLIENT_CHANNELS.values()
                                              for k in ks)}
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


def new_client_misfit(kind: str, name: str, shown: str | None = None,
                      named: Mapping[str, str] | None = None) -> str | None:
    """Why a new client's `kind` of address cannot go over the channel whose CLI name is
    `name` (None: it can). `shown` is the channel as the user gave it, `named` how the user
    gives each kind of address (send's flags; by default the kind itself, bulk's column)."""
    if kind in NEW_CLIENT_CHANNELS.get(name, ()):
        return None
    named = named or {k: k for k in NEW_CLIENT_TYPES}
    fitting = " or ".join(n for n, kinds in NEW_CLIENT_CHANNELS.items() if kind in kinds)
    needs = " or ".join(named[k] for k in NEW_CLIENT_CHANNELS.get(name, ()))
    return (f"A new client's {kind.replace('_', ' ')} is reached over {fitting}, not "
            f"{shown or name}; " + (f"{name} needs {needs}, not {named[kind]}." if needs else
                                    f"{name} does not reach new clients."))


def display_channel(recipient: Recipient, channel: dict) -> str:
    if recipient.kind == "external_id" and channel.get("type") == "WEB":
        return "web-widget"  # the same WEB channel, reached by the widget's external id
    return rules.channel_name(channel)
