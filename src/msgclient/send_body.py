"""The exact JSON body for each of edna's three send endpoints (plus the contract's extensions).

Empty optional fields are left out rather than sent as null, like edna's own examples.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from msgclient.send_draft import Draft
    from msgclient.send_target import Target
    from msgclient.sending import Recipient

OUTGOING = "/api/v1/messages/outgoing"
TO_DEVICE = "/api/v1/messages/outgoing-to-device"
EMAIL = "/api/v1/messages/email"


def build(recipient: Recipient, draft: Draft, text: str | None,
          attachments: list[dict], target: Target | None) -> tuple[str, dict]:
    """(path, body) for this message."""
    content = _content(text, attachments, draft)
    if draft.is_email:
        return EMAIL, {**_email_target(recipient, draft), **_email_fields(draft), **content}
    if recipient.kind == "thread":
        return OUTGOING, {"threadId": int(recipient.value), "channel": draft.channel["id"],
                          **content}
    if recipient.kind == "client":
        return OUTGOING, {"threadsClientId": int(recipient.value),
                          "channel": draft.channel["id"], **content}
    return TO_DEVICE, {**content, "clientApplicationDescriptor": _descriptor(recipient, draft)}


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


def _email_target(recipient: Recipient, draft: Draft) -> dict:
    if recipient.kind == "thread":
        return {"threadId": int(recipient.value)}
    if recipient.kind == "client":
        return {"threadsClientId": int(recipient.value)}
    return {"emailAddress": draft.address}


def _email_fields(draft: Draft) -> dict:
    fields = {"emailAccountId": draft.mailbox["id"], "emailSubject": draft.subject}
    if draft.bcc:
        fields["bcc"] = list(draft.bcc)
    return fields


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
