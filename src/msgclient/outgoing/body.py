"""The exact JSON body for each of edna's three send endpoints, extensions only where offered.

Only what edna documents goes by default: a stand silently drops a field it does not know,
so an extension field (`channel`, `tags`, `template`, `bcc`, email `attachments`) is sent
only to a stand whose capabilities include it; draft.py refuses, before anything is sent,
a message that needs one the stand lacks. Empty optional fields are left out rather than
sent as null, like edna's own examples.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgclient.api import capabilities as caps
from msgclient.outgoing.addresses import normalize_email
from msgclient.outgoing.errors import invalid
from msgclient.outgoing.model import EXISTING_KINDS

if TYPE_CHECKING:
    from msgclient.api.catalog import Catalog
    from msgclient.outgoing.draft import Draft
    from msgclient.outgoing.model import Recipient
    from msgclient.outgoing.target import Target

OUTGOING = "/api/v1/messages/outgoing"
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
        key = "threadId" if recipient.kind == "thread" else "threadsClientId"
        body = {key: int(recipient.value), **content}
        if catalog.has(caps.SEND_CHANNEL):
            body["channel"] = draft.channel["id"]
        return OUTGOING, body
    return TO_DEVICE, {**content, "clientApplicationDescriptor": _descriptor(recipient, draft)}


def email_address(recipient: Recipient, draft: Draft, target: Target | None) -> str:
    """edna's /messages/email names the recipient by address only: a known client's is the
    one in their profile."""
    if draft.address:
        return draft.address
    profile_email = (target.client or {}).get("email") if target else None
    if not profile_email:
        invalid(f"{target.label if target else 'The client'} has no email address in the "
                "profile.", "NO_EMAIL")
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


def _descriptor(recipient: Recipient, draft: Draft) -> dict:
    descriptor = {"channelType": draft.channel["type"]}
    if recipient.kind == "phone":
        descriptor["deviceAddress"] = draft.address
    elif recipient.kind == "client_id":
        descriptor["clientId"] = draft.address
    else:
        descriptor["unauthorizedClientId"] = draft.address
    if recipient.app:
        descriptor["appMarker"] = recipient.app
    return descriptor
