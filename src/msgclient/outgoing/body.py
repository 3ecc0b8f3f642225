"""The exact JSON body for each of edna's four send endpoints, extensions only where offered.

Only what edna documents goes by default: a stand silently drops a field it does not know,
so an extension field (`channel`, `tags`, `template`, `bcc`, email `attachments`) is sent
only to a stand whose capabilities include it; draft.py refuses, before anything is sent,
a message that needs one the stand lacks. Empty optional fields are left out rather than
sent as null, like edna's own examples.

A known client goes by /messages/outgoing, which picks the channel itself (the thread's), or,
over another channel on a stand without the channel extension, by outgoing-from-myself: the
documented way to name a channel type, in the supervisor's own name (docs/edna-api.md §5.2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgclient.api import capabilities as caps
from msgclient.api.capabilities import NotOffered
from msgclient.api.errors import RULE_CODES, ApiError, BadRequest
from msgclient.outgoing.addresses import normalize_email
from msgclient.outgoing.errors import invalid
from msgclient.outgoing.model import EXISTING_KINDS
from msgclient.rules import channel_name

if TYPE_CHECKING:
    from msgclient.api.catalog import Catalog
    from msgclient.outgoing.draft import Draft
    from msgclient.outgoing.model import PreparedSend, Recipient
    from msgclient.outgoing.target import Target

OUTGOING = "/api/v1/messages/outgoing"
FROM_MYSELF = "/api/v1/messages/outgoing-from-myself"
TO_DEVICE = "/api/v1/messages/outgoing-to-device"
EMAIL = "/api/v1/messages/email"


def build(catalog: Catalog, recipient: Recipient, draft: Draft, text: str | None,
          attachments: list[dict], target: Target | None) -> tuple[str, dict]:
    """(path, body) for this message."""
    content = _content(text, attachments, draft)
    if draft.is_email:
        fields = {"emailAccountId": draft.mailbox["id"], "emailSubject": draft.subject,
                  "emailAddress": email_address(recipient, draft, target)}
        if draft.bcc:
            fields["bcc"] = list(draft.bcc)
        return EMAIL, {**fields, **content}
    if recipient.kind in EXISTING_KINDS:
        if not catalog.has(caps.SEND_CHANNEL) and not _stand_picks_it(draft, target):
            return FROM_MYSELF, _from_myself(catalog, recipient, draft, target, content)
        key = "threadId" if recipient.kind == "thread" else "threadsClientId"
        body = {key: int(recipient.value), **content}
        if catalog.has(caps.SEND_CHANNEL):
            body["channel"] = draft.channel["id"]
        return OUTGOING, body
    return TO_DEVICE, {**content,
                       "clientApplicationDescriptor": _descriptor(catalog, recipient, draft)}


def _stand_picks_it(draft: Draft, target: Target | None) -> bool:
    """Whether /messages/outgoing, which picks the thread's channel itself, goes where asked."""
    return target is not None and target.home_channel is not None \
        and draft.channel.get("id") == target.home_channel


def _from_myself(catalog: Catalog, recipient: Recipient, draft: Draft, target: Target | None,
                 content: dict) -> dict:
    """outgoing-from-myself: the client, the channel type, the sender's login and status
    afterwards, and the text and attachments (it has no other field)."""
    sender = catalog.sender
    if not sender.login or (target is None and recipient.kind == "thread"):
        raise NotOffered("This stand cannot send over a channel you choose without your "
                         "login.", capability=caps.SEND_CHANNEL,
                         hint="Run 'msgclient auth login': its answer names your login.")
    if draft.template_use or draft.tag_ids:  # never dropped on the way (draft.py's rule)
        raise NotOffered("This stand cannot send a template or tags over a channel you choose.",
                         capability=caps.SEND_CHANNEL, hint="Send a text instead.")
    client_id = target.thread["clientId"] if target and target.thread else int(recipient.value)
    return {"threadsClientId": int(client_id), "login": sender.login,
            "channelType": sender.wire_type(draft.channel["type"]), "status": sender.status,
            **content}


def email_address(recipient: Recipient, draft: Draft, target: Target | None) -> str:
    """edna's /messages/email names the recipient by address only: a known client's is the
    one in their profile."""
    if draft.address:
        return draft.address
    profile_email = (target.client or {}).get("email") if target else None
    if not profile_email:
        invalid(f"{target.label if target else 'The client'} has no email address on their "
                "card.", "NO_EMAIL")
    return normalize_email(str(profile_email))


def _content(text: str | None, attachments: list[dict], draft: Draft) -> dict:
    body: dict = {}
    if text is not None and text.strip():
        body["text"] = text
    if attachments:
        body["attachments"] = attachments
    if draft.template_use:
        body["template"] = draft.template_use
    if draft.tag_ids:
        body["tags"] = list(draft.tag_ids)
    return body


def _descriptor(catalog: Catalog, recipient: Recipient, draft: Draft) -> dict:
    descriptor = {"channelType": catalog.sender.wire_type(draft.channel["type"])}
    if recipient.kind == "phone":
        descriptor["deviceAddress"] = draft.address
    elif recipient.kind == "client_id":
        descriptor["clientId"] = draft.address
    else:
        descriptor["unauthorizedClientId"] = draft.address
    if recipient.app:
        descriptor["appMarker"] = recipient.app
    return descriptor


def wire_type_refusal(catalog: Catalog, prepared: PreparedSend, refused: ApiError) -> ApiError:
    """A stand's 400 for a channelType value it does not know, as one line naming the profile
    setting that gives the value (edna publishes none for Viber); other refusals as they are."""
    body = prepared.body
    wire = body.get("channelType") or (body.get("clientApplicationDescriptor") or {}).get(
        "channelType")
    channel = catalog.channel_by_id(prepared.summary.get("channelId")) or {}
    kind = channel.get("type")
    if refused.status != 400 or not wire or not kind or refused.code in RULE_CODES:
        return refused
    sender = catalog.sender
    where = f"profile '{sender.profile}'" if sender.profile else "the profile"
    setting = (f"set channel_types: {{{kind}: VALUE}} in {where} to the value your stand "
               "uses (see config.example.yaml)")
    words = refused.message.lower()
    # Spring's words for a value its enum lacks name the field, or quote the value.
    if "channeltype" in words or "enum" in words or f'"{wire}"'.lower() in words:
        return BadRequest(f"The stand does not know channelType {wire} for "
                          f"{channel_name(channel)} ({sender.wire_source(kind)}); "
                          f"{setting}.", status=400, code="UNKNOWN_CHANNEL_TYPE",
                          request_id=refused.request_id)
    if sender.guessed(kind) and refused.code == "REFUSED":  # its words say nothing telling
        return refused.hinted(f"If the stand does not know channelType {wire} "
                              f"({sender.wire_source(kind)}), {setting}.")
    return refused
