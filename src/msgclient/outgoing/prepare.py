"""The send core shared by `send` and `bulk`: check, prepare and deliver one message.

It never prompts or prints. `check_message` is local and fast (bulk calls it for every
row before the first send); `prepare` looks the recipient up, applies the client rules,
uploads local attachments and builds the exact body; `deliver` POSTs it with one
Idempotency-Key per logical message.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from msgclient import rules
from msgclient.api.capabilities import LAST_WROTE, SEND_CHANNEL, SEND_TEMPLATE
from msgclient.api.errors import ApiError, send_refusal
from msgclient.api.threads import get_thread
from msgclient.errors import MsgclientError
from msgclient.outgoing.addresses import display_phone
from msgclient.outgoing.attachments import upload as upload_file
from msgclient.outgoing.body import FROM_MYSELF, build, wire_type_refusal
from msgclient.outgoing.draft import check_bcc, draft
from msgclient.outgoing.errors import refuse
from msgclient.outgoing.model import (
    EXISTING_KINDS,
    Message,
    PreparedSend,
    Recipient,
    display_channel,
)
from msgclient.outgoing.names import tag_path
from msgclient.outgoing.target import (
    check,
    lookup,
    only_channel,
    stand_choice,
    window_hint,
    window_refusal,
)
from msgclient.rules import EMAIL, WINDOW_CLOSED
from msgclient.rules.window import WINDOW_CHANNEL_TYPES

# What a message and a recipient are is imported from outgoing.model, never from here.
__all__ = ["check_message", "deliver", "deliver_replayed", "needs_lookup", "new_key", "prepare",
           "summarize", "window_applies"]

if TYPE_CHECKING:
    from msgclient.api.catalog import Catalog
    from msgclient.api.stand import Stand
    from msgclient.outgoing.draft import Draft
    from msgclient.outgoing.target import Target


def check_message(catalog: Catalog, recipient: Recipient, message: Message, *,
                  region: str | None = None) -> None:
    """Every check that needs only the catalogue; raises InvalidMessage (2) or RuleRefusal (5).

    `region` is the default region for phone numbers written without '+'.
    """
    draft(catalog, recipient, message, region)


def needs_lookup(catalog: Catalog, recipient: Recipient, channel: dict | None) -> bool:
    """Whether building the body itself needs the stand's answers about the recipient: a
    thread's or client's channel still to be chosen, its email address (edna's email takes
    the address), or the channel a stand that picks it itself will use."""
    if recipient.kind not in EXISTING_KINDS:
        return False
    return channel is None or channel.get("type") == EMAIL or not catalog.has(SEND_CHANNEL)


def window_applies(catalog: Catalog, message: Message, recipient: Recipient | None = None) -> bool:
    """Whether a message may meet WhatsApp's 24-hour window on a stand that says when clients
    last wrote: no template, over WhatsApp (by name or by the id of a WhatsApp channel), or,
    for a known client (`recipient`) with no channel named, over the one the send will pick.
    Such a send looks its recipient up even where the client's other rules wait for the stand."""
    if message.template or not catalog.has(LAST_WROTE):
        return False
    if not message.channel and recipient is not None and recipient.kind in EXISTING_KINDS:
        return True  # the client's own channel may be WhatsApp
    named = str(message.channel or "").strip().lower()
    return named == "whatsapp" or any(str(c.get("id")) == named and c.get("type")
                                      in WINDOW_CHANNEL_TYPES for c in catalog.channels)


def prepare(stand: Stand, recipient: Recipient, message: Message, *, eligibility: bool = True,
            upload: bool = True, uploads: dict | None = None,
            target: Target | None = None) -> PreparedSend:
    """Check, look up (unless eligibility=False), upload (unless upload=False) and build the body.

    `uploads` caches local path -> attachmentDTO across calls; `target` reuses a lookup the
    caller already made (target.py's lookup). Even with eligibility=False the recipient is
    looked up when the body needs it (see needs_lookup).
    """
    catalog, region = stand.catalog, stand.region
    found = draft(catalog, recipient, message, region)
    if eligibility or needs_lookup(catalog, recipient, found.channel) \
            or window_applies(catalog, message):
        target = target or lookup(stand, recipient, found.address)
        if found.channel is None:
            chosen = only_channel(target, catalog.channels)
            found = draft(catalog, recipient, replace(message, channel=str(chosen["id"])), region)
        if eligibility:
            check(target, found.channel, catalog.channels)
        else:  # the stand's rules wait for the send; a channel it cannot take does not
            refuse(stand_choice(target, found.channel, catalog.channels))
        if found.is_email and target.client:
            check_bcc(found.bcc, target.client.get("email"))
        # WhatsApp's window, before anything is uploaded or sent: a send it refuses never
        # reaches the stand (nor, in bulk, counts as failed).
        refuse(window_refusal(target, found.channel, found.template_use),
               hint=window_hint(catalog.has(SEND_TEMPLATE)))
    dtos = [_attachment(stand, a, upload, uploads) for a in found.attachments]
    refuse(rules.check_attachments(dtos, found.channel))  # the stand's sniffed types now
    path, body = build(catalog, recipient, found, message.text, dtos, target)
    summary = summarize(catalog, recipient, message, found, target)
    if path == FROM_MYSELF:  # what the preview says of it: in whose name, and the status after
        summary["sentAs"] = {"login": body["login"], "status": body["status"]}
    return PreparedSend(path, body, summary)


def _attachment(stand: Stand, item: Any, upload: bool, uploads: dict | None) -> dict:
    if item.path is None or upload:
        return upload_file(stand.client, item, uploads)
    return item.dto(url=f"<to upload: {item.path}>")


def new_key() -> str:
    """A fresh Idempotency-Key for one logical message."""
    return str(uuid.uuid4())


def deliver(stand: Stand, prepared: PreparedSend, idempotency_key: str) -> dict:
    """POST the prepared body; ambiguous failures are retried only when the stand honours keys."""
    return deliver_replayed(stand, prepared, idempotency_key)[0]


def deliver_replayed(stand: Stand, prepared: PreparedSend,
                     idempotency_key: str) -> tuple[dict, bool]:
    """deliver(), and whether the stand replayed the stored answer of an earlier send with
    this key (header Idempotent-Replayed: true) instead of sending anything now.

    A final 4xx answer (api.errors.STATUS_MEANINGS) is the stand's last word on this message
    (see api.errors.send_refusal). Where the stand picked the channel itself, the answer is
    completed with the channel of the new thread, so the success line names the real one.
    """
    replay_safe = stand.catalog.honours_keys
    # The key travels only to a stand that honours it: to any other it is an undocumented
    # header that promises nothing (and msgclient never replays a send there).
    try:
        response = stand.client.request("POST", prepared.path, json=prepared.body,
                                        idempotency_key=idempotency_key if replay_safe else None,
                                        replay_safe=replay_safe)
    except ApiError as exc:
        refused = wire_type_refusal(stand.catalog, prepared, send_refusal(exc))
        if refused.code == WINDOW_CLOSED and not refused.hint:
            # The stand's own window refusal (edna's, read by its words) names the way out.
            refused = refused.hinted(window_hint(stand.catalog.has(SEND_TEMPLATE)))
        raise refused from None
    replayed = next((v for k, v in response.headers.items()
                     if k.lower() == "idempotent-replayed"), "")
    answer = response.data if isinstance(response.data, dict) else {}
    if "channel" not in answer and prepared.path.endswith("/messages/outgoing"):
        answer = {**answer, **_stand_channel(stand, answer.get("threadId"))}
    return answer, replayed.strip().lower() == "true"


def _stand_channel(stand: Stand, thread_id: object) -> dict:
    """{"channel": id} of the thread a send opened (documented GET); {} if it cannot be read:
    the message is sent either way, and a read after it must not turn that into a failure."""
    if not isinstance(thread_id, int):
        return {}
    try:
        channel = get_thread(stand.client, thread_id).get("channel")
    except MsgclientError:
        return {}
    return {"channel": channel} if channel is not None else {}


def summarize(catalog: Catalog, recipient: Recipient, message: Message, found: Draft,
              target: Target | None) -> dict:
    """What people (preview, reports) need to know about the message, in plain values."""
    client = target.client if target else None
    template = found.template
    return {
        "recipient": target.label if target else
        f"{recipient.kind} {_shown(recipient.kind, found.address or recipient.value)}",
        "clientId": client.get("id") if client else None,
        "clientName": client.get("fullName") if client else None,
        "knownClient": client is not None,
        "fromThread": int(recipient.value) if recipient.kind == "thread" else None,
        "channel": display_channel(recipient, found.channel), "channelId": found.channel["id"],
        "to": _shown(recipient.kind, found.address) if found.address else (
            client.get("email") if client and found.is_email else None),
        "sender": found.mailbox["address"] if found.mailbox else None,
        "subject": found.subject, "bcc": list(found.bcc),
        "text": message.text if message.text and message.text.strip() else None,
        # A file by its name; a URL whole (its last part alone could be any site's).
        "attachments": [a.name if a.path is not None else a.source for a in found.attachments],
        "uploads": [{"path": str(a.path), "name": a.name, "type": a.type, "size": a.size}
                    for a in found.attachments if a.path is not None],
        "template": template["name"] if template else None,
        "templateText": rules.render_template(template["text"], found.template_use["variables"])
        if template else None,
        "title": message.title, "signature": message.signature,
        "tags": [tag_path(catalog.tags, t) for t in found.tag_ids],
    }


def _shown(kind: str, value: str) -> str:
    """An address as people read it: a phone in international form with '+' (the body keeps
    edna's digits)."""
    if kind != "phone":
        return value

    return display_phone(value)
