"""Shared vocabulary of the rules: the Refusal type and channel names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Json = Mapping[str, Any]

CLOSED = "CLOSED"
EMAIL = "EMAIL"
# The channels that carry templates, in the order sentences name them.
TEMPLATE_CHANNEL_TYPES = ("WHATSAPP", "VIBER")
# The largest id the stand takes: its ids are Java longs (the sandbox's, SQLite integers of
# the same 64 bits), so a bigger number names nothing.
ID_MAX = 2**63 - 1


def fits_long(value: int) -> bool:
    """Whether an integer is one the stand can hold (a signed 64-bit long)."""
    return -ID_MAX - 1 <= value <= ID_MAX


# CLI names <-> channelType. web-chat and web-widget are two ways into the same WEB channel
# (authorised chat vs external id in the widget), so WEB maps back to web-chat.
CLI_TO_TYPE = {
    "whatsapp": "WHATSAPP", "viber": "VIBER", "email": "EMAIL", "web-chat": "WEB",
    "web-widget": "WEB", "mobile-app": "MOBILE", "telegram": "TELEGRAM",
}
TYPE_TO_CLI = {
    "WHATSAPP": "whatsapp", "VIBER": "viber", "EMAIL": "email", "WEB": "web-chat",
    "MOBILE": "mobile-app", "TELEGRAM": "telegram",
}

# The HTTP status the contract gives each code; every other rule code is a 422.
_STATUS_BY_CODE = {
    "VALIDATION": 400, "NOT_FOUND": 404,
    "CLIENT_BLOCKED": 409, "ACTIVE_THREAD": 409, "THREAD_NOT_CLOSED": 409,
}


@dataclass(frozen=True)
class Refusal:
    """Why a message may not be sent: a stable code, one human sentence, machine details."""

    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    # The sentence without its closing list of other channels (details hold them as data):
    # what a caller says when it names those channels itself, with their flags, so that
    # each channel is said once. None: the sentence names no other channel.
    alone: str | None = None

    @property
    def status(self) -> int:
        return _STATUS_BY_CODE.get(self.code, 422)

    @property
    def reason(self) -> str:
        return self.alone or self.message


def naming_others(code: str, reason: str, others: str, details: dict[str, Any]) -> Refusal:
    """A refusal whose sentence ends by naming other ways (`others`, worded from the same data
    as `details`): the stand says it whole; a client that lists the ways itself says `reason`."""
    return Refusal(code, f"{reason}{others}.", details, alone=f"{reason}.")


@dataclass(frozen=True)
class ChannelAvailability:
    """One stand channel as seen for one client: usable now, or the refusal that blocks it."""

    channel: Json
    name: str
    refusal: Refusal | None
    # Nothing known stops it, but whether the client ever used it only the stand knows (it
    # cannot list the client's threads): taken when named, never picked on the user's behalf.
    unconfirmed: bool = False

    @property
    def available(self) -> bool:
        return self.refusal is None


def channel_type(cli_name: str) -> str:
    """channelType for a CLI channel name; ValueError lists the valid names."""
    try:
        return CLI_TO_TYPE[cli_name]
    except KeyError:
        names = ", ".join(CLI_TO_TYPE)
        raise ValueError(f"unknown channel {cli_name!r}; use one of {names}") from None


def text_limit(channel_type: str, settings: Json) -> int:
    """The text limit of a kind of channel, from the stand's settings: email has its own."""
    return settings["emailTextMaxLength" if channel_type == EMAIL else "textMaxLength"]


def channel_name(channel: Json) -> str:
    """The CLI name of a Channel dict (an unknown future type falls back to its lower case)."""
    return TYPE_TO_CLI.get(channel["type"], str(channel["type"]).lower())


def channel_names(channel: Json) -> list[str]:
    """Every CLI name that reaches a Channel dict, from the one table (CLI_TO_TYPE): the WEB
    channel is web-chat and web-widget; an unknown future type, its lower case."""
    return [n for n, t in CLI_TO_TYPE.items() if t == channel["type"]] or [channel_name(channel)]


def describe_client(client: Json) -> str:
    name = client.get("fullName")
    if client.get("id") is None and client.get("externalClientId"):  # by external id alone
        which = f"external id {client['externalClientId']}"
        return f"Client {name} ({which})" if name else f"Client with {which}"
    return f"Client {name} (id {client['id']})" if name else f"Client id {client['id']}"


def first_refusal(*refusals: Refusal | None) -> Refusal | None:
    """The first refusal; falsy entries (None, or `cond and check()` short-circuits) are skipped."""
    return next((r for r in refusals if r), None)


def enabled_channel_names(channels: Iterable[Json]) -> list[str]:
    return [channel_name(c) for c in channels if c.get("enabled")]


# The one wording of each rule in a few words (pickers, threads show, the client card, bulk
# summaries): every place that names a rule briefly asks short_reason or active_thread_words.
_SHORT_REASONS = {"CHANNEL_NOT_ENABLED": "not enabled on this stand",
                  "CHANNEL_NOT_AVAILABLE": "the client never wrote on it",
                  "CLIENT_BLOCKED": "the client is blocked", "NO_EMAIL": "the client has no email",
                  "THREAD_NOT_CLOSED": "the thread is still open",
                  "ACTIVE_THREAD": "the client has an active thread",
                  "UNSUPPORTED": "this stand sends only over the thread's own channel",
                  "WHATSAPP_WINDOW_CLOSED": "past WhatsApp's 24 hours: a template only"}


def active_thread_words(thread_id: object = None, status: object = None) -> str:
    """'the client has an active thread (#105, WAITING)': the rule, then which thread."""
    words = _SHORT_REASONS["ACTIVE_THREAD"]
    if thread_id is None:
        return words
    return f"{words} (#{thread_id}, {status})" if status else f"{words} (#{thread_id})"


def rule_words(code: str) -> str:
    """A rule code in a few words; an unknown code in its own words ('SOME_RULE': 'some rule')."""
    return _SHORT_REASONS.get(code, code.replace("_", " ").lower())


def short_reason(refusal: Refusal) -> str:
    """A few words for lists where the client is already named (pickers, threads show)."""
    if refusal.code == "ACTIVE_THREAD":
        d = refusal.details
        return active_thread_words(d.get("activeThreadId"), d.get("activeThreadStatus"))
    return _SHORT_REASONS.get(refusal.code, refusal.message)
