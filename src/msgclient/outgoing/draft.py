"""A Message checked against the stand's catalogue, without asking the stand anything else.

`draft()` resolves names to the stand's objects (channel, template, mailbox, tags),
normalizes addresses and inspects attachments, and applies every rule that needs no
knowledge of the client. It is the fast path bulk runs on every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from msgclient import rules
from msgclient.api import capabilities as caps
from msgclient.outgoing.addresses import normalize_email, normalize_phone
from msgclient.outgoing.attachments import inspect, is_url
from msgclient.outgoing.errors import invalid, refuse
from msgclient.outgoing.model import (
    EXISTING_KINDS,
    KINDS,
    NEW_CLIENT_TYPES,
    Message,
    Recipient,
    display_channel,
    new_client_misfit,
)
from msgclient.outgoing.names import find_channel, find_mailbox, find_tags, find_template
from msgclient.rules.text import line_problem, plural, shown

if TYPE_CHECKING:
    from msgclient.api.capabilities import Capabilities
    from msgclient.api.catalog import Catalog
    from msgclient.outgoing.attachments import Attachment



@dataclass(frozen=True)
class Draft:
    channel: dict | None          # None: an existing client's channel is still to be chosen
    address: str | None           # normalized phone digits / email for a new-client send
    attachments: tuple[Attachment, ...]
    template: dict | None
    template_use: dict | None
    tag_ids: tuple[int, ...]
    mailbox: dict | None
    subject: str | None
    bcc: tuple[str, ...]

    @property
    def is_email(self) -> bool:
        return bool(self.channel and self.channel.get("type") == rules.EMAIL)


def draft(catalog: Catalog, recipient: Recipient, message: Message,
          region: str | None = None) -> Draft:
    check_text_fields(message)
    refuse_uncarried(catalog.capabilities, recipient, message)
    address = recipient_address(recipient, region)
    channel = channel_for(catalog, recipient, message)
    attachments = tuple(inspect(a) for a in message.attachments)
    is_email = bool(channel and channel["type"] == rules.EMAIL)
    refuse_uncarried(catalog.capabilities, recipient, message, is_email)  # a channel by id
    template, use = _template(catalog, message, channel)
    tag_ids = find_tags(catalog.tags, message.tags) if message.tags else ()
    mandatory = catalog.tags_required
    # A stand that cannot list its tags need not, unless tags are given or required.
    refuse(rules.check_tags(list(tag_ids), catalog.tags if tag_ids or mandatory else [],
                            mandatory))
    mailbox, subject, bcc = _email_fields(catalog, message, is_email, address)
    if channel is not None:
        refuse(rules.check_content(text=message.text, attachments=[a.dto() for a in attachments],
                                   template_use=use, template=template, channel=channel,
                                   settings=catalog.settings))
    else:
        refuse(rules.check_message_shape(message.text, [a.dto() for a in attachments], use))
    return Draft(channel, address, attachments, template, use, tag_ids, mailbox, subject, bcc)


def refuse_uncarried(offered: Capabilities, recipient: Recipient | None, message: Message,
                     is_email: bool | None = None) -> None:
    """Every part of the message that rides on an extension the stand lacks is refused here,
    before anything is sent and never silently dropped: and first, before anything asks for
    more setup (a list in the profile, a missing flag), for no setup would make it go.

    is_email None: the channel is not known yet; an email is then only what the recipient or
    the channel's name says (BCC is refused whatever the channel: none carries it here).
    """
    if is_email is None:
        named = rules.CLI_TO_TYPE.get(str(message.channel or "").strip().lower())
        is_email = True if (recipient and recipient.kind == "email") or named == rules.EMAIL \
            else None
    if message.tags:
        offered.require(caps.SEND_TAGS, "send without tags and tag the thread in the stand's "
                        "own workplace.")
    if message.template or message.title or message.signature:
        offered.require(caps.SEND_TEMPLATE, "send a text instead.")
    if is_email is not False and message.bcc:
        offered.require(caps.EMAIL_BCC, "send without BCC, or email each copy separately.")
    if is_email and message.attachments:
        offered.require(caps.EMAIL_ATTACHMENTS, "send the email without attachments, or put "
                        "links to the files in its text.")
    local = [a.strip() for a in message.attachments
             if a.strip() and not is_url(a.strip()) and "://" not in a]
    if local:
        offered.require(caps.UPLOADS, f"attach {local[0]} by its http(s) URL instead.")


def check_text_fields(message: Message) -> None:
    """Control characters and invisible-only text never reach a client (rules/text.py),
    checked before anything else about the message."""
    refuse(rules.check_text_safety(message.text, {
        "title": message.title, "signature": message.signature,
        "variables": dict(message.variables)}))
    problem = line_problem(message.subject, "The email subject")
    if problem:
        invalid(f"{problem}.", field="emailSubject")


def recipient_address(recipient: Recipient, region: str | None) -> str | None:
    """The new-client address as the stand wants it; None for an existing client."""
    if recipient.kind not in KINDS:
        invalid(f"Unknown recipient kind {recipient.kind!r}; use one of {', '.join(KINDS)}.")
    value = str(recipient.value or "").strip()
    if not value:
        invalid(f"The recipient's {recipient.kind.replace('_', ' ')} is empty.")
    if recipient.kind in EXISTING_KINDS and not (value.isascii() and value.isdigit()
                                                 and 0 < int(value) <= rules.ID_MAX):
        invalid(f"A {recipient.kind} id is a number from 1 to {rules.ID_MAX}, not "
                f"{shown(value)}.")
    if recipient.kind == "phone":
        return normalize_phone(value, region)
    if recipient.kind == "email":
        return normalize_email(value)
    return value if recipient.kind in NEW_CLIENT_TYPES else None


def channel_for(catalog: Catalog, recipient: Recipient, message: Message) -> dict | None:
    """The channel dict the message names (or the only one a new client's address fits)."""
    channels = catalog.channels
    if message.channel:
        channel = find_channel(channels, message.channel)
    elif recipient.kind in EXISTING_KINDS:
        return None  # chosen among the client's channels once the client is known
    else:
        channel = _only_new_client_channel(channels, recipient.kind)
    if recipient.kind in NEW_CLIENT_TYPES:
        _check_new_client_channel(channel, recipient, message.channel)
    refuse(rules.check_channel_enabled(channel, channels))
    return channel


def _only_new_client_channel(channels, kind: str) -> dict:
    types = NEW_CLIENT_TYPES[kind]
    fitting = [c for c in channels if c.get("type") in types]
    enabled = [c for c in fitting if c.get("enabled")]
    if len(enabled) == 1 or (fitting and not enabled):
        return (enabled or fitting)[0]
    names = ", ".join(rules.channel_name(c) for c in enabled) or "none on this stand"
    invalid(f"Choose the channel for this {kind.replace('_', ' ')}: {names}.", "CHANNEL_CHOICE",
            channels=[rules.channel_name(c) for c in enabled])


def _check_new_client_channel(channel: dict, recipient: Recipient, given: str | None) -> None:
    misfit = new_client_misfit(recipient.kind, display_channel(recipient, channel),
                               given or rules.channel_name(channel))
    if misfit:
        invalid(misfit, channel=rules.channel_name(channel))
    if recipient.app and channel["type"] != "MOBILE":
        invalid("An app marker applies to the mobile-app channel only.")


def _template(catalog: Catalog, message: Message,
              channel: dict | None) -> tuple[dict | None, dict | None]:
    if not message.template:
        if message.variables or message.title or message.signature:
            invalid("Template variables, a title and a signature need a template.")
        return None, None
    template = find_template(catalog.templates, message.template, channel)
    use = {"id": template["id"], "variables": dict(message.variables)}
    use.update({k: v for k, v in (("title", message.title), ("signature", message.signature))
                if v})
    return template, use


def _email_fields(catalog: Catalog, message: Message, is_email: bool,
                  address: str | None) -> tuple[dict | None, str | None, tuple[str, ...]]:
    if not is_email:
        given = [n for n, v in (("a sender", message.sender), ("a subject", message.subject),
                                ("BCC", message.bcc)) if v]
        if given:
            listed = " and ".join(given)
            invalid(f"{listed[0].upper()}{listed[1:]} {plural(len(given), 'applies', 'apply')} "
                    "to email only.")
        return None, None, ()
    if not message.sender:
        invalid("An email needs a sender mailbox.", "UNKNOWN_SENDER")
    mailbox = find_mailbox(catalog.mailboxes, message.sender)
    subject = (message.subject or "").strip()
    if not subject:
        invalid("An email needs a subject.", field="emailSubject")
    if "\n" in subject or "\r" in subject or len(subject) > 998:
        invalid("An email subject is one line of at most 998 characters.", field="emailSubject")
    return mailbox, subject, check_bcc(message.bcc, address)


def check_bcc(values, client_address: str | None) -> tuple[str, ...]:
    """Valid, distinct BCC addresses, none of them the client's own."""
    seen: list[str] = []
    for raw in values:
        address = normalize_email(raw, "bcc")
        if address.lower() in (s.lower() for s in seen):
            invalid(f"BCC {raw} is given twice.", short="That address is given twice.",
                    field="bcc", value=raw)
        if client_address and address.lower() == client_address.lower():
            invalid(f"BCC {raw} is the client's own address; the client already gets the email.",
                    short="That is the client's own address; the client gets the email anyway.",
                    field="bcc", value=raw)
        seen.append(address)
    return tuple(seen)

