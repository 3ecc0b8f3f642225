"""May this client get this message over this channel? Pure decisions with shared wording.

The sandbox stand enforces these checks (its answer is the law) and the client runs the same
ones early, so the user hears about a problem before anything is sent and both speak the same
sentence. Inputs are the contract's JSON shapes (camelCase dicts: Channel, ClientProfile,
Thread, Template, TemplateUse, Attachment, Settings), so each side passes what it already holds.
No I/O and no web or HTTP imports here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Json = Mapping[str, Any]

CLOSED = "CLOSED"
EMAIL = "EMAIL"
TEMPLATE_CHANNEL_TYPES = frozenset({"WHATSAPP", "VIBER"})

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

# edna's UI accepts login@text.text2 or login@text.text.text2 with ASCII only; the stand
# refuses what the real one would, so nothing passes here that fails there.
_EMAIL_RE = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)?\.[A-Za-z]{2,}$")
_PHONE_RE = re.compile(r"^[1-9][0-9]{9,14}$")  # E.164 digits without '+', as edna's examples
_VARIABLE_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class Refusal:
    """Why a message may not be sent: a stable code, one human sentence, machine details."""

    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> int:
        return _STATUS_BY_CODE.get(self.code, 422)


@dataclass(frozen=True)
class ChannelAvailability:
    """One stand channel as seen for one client: usable now, or the refusal that blocks it."""

    channel: Json
    name: str
    refusal: Refusal | None

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


def channel_name(channel: Json) -> str:
    """The CLI name of a Channel dict (an unknown future type falls back to its lower case)."""
    return TYPE_TO_CLI.get(channel["type"], str(channel["type"]).lower())


def describe_client(client: Json) -> str:
    name = client.get("fullName")
    return f"Client {name} (id {client['id']})" if name else f"Client id {client['id']}"


def first_refusal(*refusals: Refusal | None) -> Refusal | None:
    """The first refusal; falsy entries (None, or `cond and check()` short-circuits) are skipped."""
    return next((r for r in refusals if r), None)


def enabled_channel_names(channels: Iterable[Json]) -> list[str]:
    return [channel_name(c) for c in channels if c.get("enabled")]


def check_not_blocked(client: Json) -> Refusal | None:
    if not client.get("blocked"):
        return None
    return Refusal("CLIENT_BLOCKED", f"{describe_client(client)} is blocked; blocked clients "
                   "cannot be messaged.", {"clientId": client["id"]})


def check_thread_closed(thread: Json) -> Refusal | None:
    # The supervisor workflow starts from the History tab: only a closed thread offers
    # "Message client", because an open one is still an agent's live conversation.
    if thread["status"] == CLOSED:
        return None
    return Refusal("THREAD_NOT_CLOSED", f"Thread {thread['id']} is {thread['status']}, not closed; "
                   "messages can be sent only from a closed thread. Wait until it is closed.",
                   {"threadId": thread["id"], "status": thread["status"]})


def check_no_active_thread(client: Json, active_thread: Json | None) -> Refusal | None:
    if active_thread is None:
        return None
    hint = "Wait until it is closed or use --channel email." if client.get("email") else (
        "Wait until it is closed.")
    return Refusal(
        "ACTIVE_THREAD",
        f"{describe_client(client)} has an active thread {active_thread['id']} (status "
        f"{active_thread['status']}); only email can be sent while a thread is active. {hint}",
        {"activeThreadId": active_thread["id"], "activeThreadStatus": active_thread["status"]})


def check_channel_enabled(channel: Json, channels: Iterable[Json]) -> Refusal | None:
    if channel.get("enabled"):
        return None
    enabled = enabled_channel_names(channels)
    return Refusal("CHANNEL_NOT_ENABLED", f"Channel {channel_name(channel)} is not enabled on this "
                   f"stand; enabled channels: {', '.join(enabled) or 'none'}.",
                   {"channel": channel_name(channel), "enabledChannels": enabled})


def check_has_email(client: Json) -> Refusal | None:
    if client.get("email"):
        return None
    return Refusal("NO_EMAIL", f"{describe_client(client)} has no email address in the profile; "
                   "add one to the profile or choose another channel.", {"clientId": client["id"]})


def check_channel_used(client: Json, channel: Json, channels: Iterable[Json],
                       used_channel_ids: Iterable[int]) -> Refusal | None:
    # An existing client is answered where they wrote before; reaching someone at a new
    # address is the new-client send (outgoing-to-device), which starts from the address.
    used = set(used_channel_ids)
    if channel["id"] in used:
        return None
    available = [channel_name(c) for c in channels if c.get("enabled") and (
        c["id"] in used if c["type"] != EMAIL else bool(client.get("email")))]
    return Refusal("CHANNEL_NOT_AVAILABLE", f"{describe_client(client)} has never used "
                   f"{channel_name(channel)}, so it cannot be messaged there; channels available "
                   f"for this client: {', '.join(available) or 'none'}.",
                   {"channel": channel_name(channel), "availableChannels": available})


def check_channel_for_client(client: Json, channel: Json, channels: Sequence[Json],
                             used_channel_ids: Iterable[int],
                             active_thread: Json | None) -> Refusal | None:
    """The first rule that stops messaging this existing client on this channel right now."""
    if channel["type"] == EMAIL:  # email is the one channel an active thread does not block
        return first_refusal(check_not_blocked(client), check_channel_enabled(channel, channels),
                             check_has_email(client))
    return first_refusal(check_not_blocked(client), check_no_active_thread(client, active_thread),
                         check_channel_enabled(channel, channels),
                         check_channel_used(client, channel, channels, used_channel_ids))


def channel_availability(client: Json, channels: Sequence[Json], used_channel_ids: Iterable[int],
                         active_thread: Json | None) -> list[ChannelAvailability]:
    """Every stand channel, in stand order, with whether this client can be messaged on it now."""
    used = set(used_channel_ids)
    return [ChannelAvailability(c, channel_name(c),
                                check_channel_for_client(client, c, channels, used, active_thread))
            for c in channels]


def check_tags(tag_ids: Sequence[int], known_tags: Iterable[Json],
               mandatory: bool) -> Refusal | None:
    if mandatory and not tag_ids:
        return Refusal("TAGS_REQUIRED", "This stand requires at least one tag on an outgoing "
                       "message; add one of the stand's tags.", {"mandatoryTags": True})
    known = {t["id"] for t in known_tags}
    unknown = [t for t in tag_ids if t not in known]
    if unknown:
        return Refusal("UNKNOWN_TAG", f"Tag {', '.join(map(str, unknown))} does not exist on this "
                       "stand; use ids from the stand's tag list.", {"unknown": unknown})
    return None


def check_message_shape(text: str | None, attachments: Sequence[Json],
                        template_use: Json | None) -> Refusal | None:
    if template_use is not None and text:
        return Refusal("VALIDATION", "A template message carries no free text; send either the "
                       "template or a text.", {"field": "text"})
    if template_use is None and not (text or "").strip() and not attachments:
        return Refusal("EMPTY_MESSAGE", "The message is empty; give a text, an attachment or a "
                       "template.")
    return None


def _check_length(value: str | None, limit: int, what: str, fieldname: str) -> Refusal | None:
    if value is None or len(value) <= limit:
        return None
    return Refusal("TEXT_TOO_LONG", f"The {what} has {len(value)} characters; at most {limit} are "
                   "allowed.", {"field": fieldname, "maxLength": limit, "length": len(value)})


def check_text_length(text: str | None, channel: Json) -> Refusal | None:
    return _check_length(text, channel["limits"]["textMaxLength"],
                         f"text for {channel_name(channel)}", "text")


def template_variables(text: str) -> list[str]:
    """Placeholder names in order of first use, each once."""
    return list(dict.fromkeys(_VARIABLE_RE.findall(text)))


def render_template(text: str, variables: Mapping[str, str]) -> str:
    return _VARIABLE_RE.sub(lambda m: variables.get(m[1], m[0]), text)


def check_template(template: Json, use: Json, channel: Json, settings: Json) -> Refusal | None:
    """Template fits the channel, its variables are exactly the declared ones, header/footer fit."""
    name, ctype = channel_name(channel), channel["type"]
    if ctype not in TEMPLATE_CHANNEL_TYPES:
        return Refusal("TEMPLATE_NOT_FOR_CHANNEL", f"Templates can be sent only over WhatsApp or "
                       f"Viber, not over {name}; send a text instead.", {"channel": name})
    if template["channelType"] != ctype:
        owner = TYPE_TO_CLI.get(template["channelType"], template["channelType"])
        return Refusal("TEMPLATE_NOT_FOR_CHANNEL", f"Template {template['name']} is a {owner} "
                       f"template and cannot be sent over {name}; pick a {name} template.",
                       {"channel": name, "templateChannelType": template["channelType"]})
    return first_refusal(
        _check_variables(template, use.get("variables") or {}),
        _check_length(use.get("title"), settings["titleMaxLength"], "template title", "title"),
        _check_length(use.get("signature"), settings["signatureMaxLength"],
                      "template signature", "signature"))


def _check_variables(template: Json, given: Mapping[str, str]) -> Refusal | None:
    declared = list(template["variables"])
    missing = [v for v in declared if not given.get(v)]
    unknown = sorted(set(given) - set(declared))
    if not missing and not unknown:
        return None
    parts = [f"missing: {', '.join(missing)}"] * bool(missing)
    parts += [f"unknown: {', '.join(unknown)}"] * bool(unknown)
    return Refusal("TEMPLATE_VARIABLES", f"Template {template['name']} takes variables "
                   f"{', '.join(declared) or '(none)'}; {'; '.join(parts)}.",
                   {"missing": missing, "unknown": unknown, "variables": declared})


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.1f}".removesuffix(".0") + " MB"


def check_attachments(attachments: Sequence[Json], channel: Json) -> Refusal | None:
    """Count, size and MIME type against the channel's limits."""
    limits, name = channel["limits"], channel_name(channel)
    if len(attachments) > limits["maxAttachments"]:
        return Refusal("ATTACHMENT_TOO_LARGE", f"{len(attachments)} attachments given; channel "
                       f"{name} accepts at most {limits['maxAttachments']} per message.",
                       {"maxAttachments": limits["maxAttachments"], "count": len(attachments)})
    for att in attachments:
        label = att.get("name") or att["url"]
        size = att.get("size")
        if size is not None and size > limits["maxAttachmentSize"]:
            return Refusal("ATTACHMENT_TOO_LARGE", f"Attachment {label} is {_megabytes(size)}; "
                           f"channel {name} accepts files up to "
                           f"{_megabytes(limits['maxAttachmentSize'])}.",
                           {"name": label, "size": size, "maxSize": limits["maxAttachmentSize"]})
        mime = (att.get("type") or "").split(";")[0].strip().lower()
        if mime not in limits["attachmentTypes"]:
            return Refusal("ATTACHMENT_TYPE", f"Attachment {label} has type {mime or 'unknown'}; "
                           f"channel {name} accepts {', '.join(limits['attachmentTypes'])}.",
                           {"name": label, "type": mime, "allowedTypes": limits["attachmentTypes"]})
    return None


def check_content(*, text: str | None, attachments: Sequence[Json], template_use: Json | None,
                  template: Json | None, channel: Json, settings: Json) -> Refusal | None:
    """Everything about the message itself, in the order a user would fix it."""
    return first_refusal(
        check_message_shape(text, attachments, template_use),
        check_text_length(text, channel),
        check_template(template, template_use, channel, settings) if template and template_use
        else None,
        check_attachments(attachments, channel))


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
    return Refusal("INVALID_ADDRESS", f"{address} is not the email address in the profile of "
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
