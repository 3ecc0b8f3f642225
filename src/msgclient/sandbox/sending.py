"""What every send shares: idempotency, content rules, recording in one transaction, delivery.

A send runs synchronously from the idempotency lookup to the COMMIT (no await in between), so
on the single event-loop thread two requests can never interleave their check and their write.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from msgclient import rules
from msgclient.sandbox import email_out, files
from msgclient.sandbox.store import writes
from msgclient.sandbox.web import Refused, dumps, json_body, stand_of

Json = dict[str, Any]
log = logging.getLogger("msgclient.sandbox")


@dataclass
class Prepared:
    """A send that passed every rule; nothing is written yet."""

    send: writes.Send  # send.client is None when the recipient is a new client
    new_client: Json | None = None  # create_client() arguments for a new client
    mail: email_out.OutgoingEmail | None = None
    # outgoing-from-myself: the user the message is sent as (default: the caller), and the
    # status that user has afterwards (None: unchanged).
    author: Json | None = None
    author_status: str | None = None


Builder = Callable[[Request, Json, Json], Prepared]


async def run_send(request: Request, user: Json, build: Builder) -> Response:
    stand = stand_of(request)
    body, canonical = await json_body(request)
    key = _idempotency_key(request) if stand.config.settings["idempotencyKeys"] else None
    fingerprint = hashlib.sha256(f"{request.url.path}\n{canonical}".encode()).hexdigest()
    if key is not None:
        stored = writes.idempotent_response(stand.conn, user["userId"], key)
        if stored is not None:
            if stored[0] != fingerprint:
                raise Refused(422, "IDEMPOTENCY_CONFLICT", f"Idempotency-Key {key} was already "
                               "used for a different request; use a new key for a new message.",
                               {"key": key})
            return Response(stored[2], stored[1], {"Idempotent-Replayed": "true"},
                            media_type="application/json")
    prepared = build(request, body, user)
    result = _record(stand.conn, prepared, user, key, fingerprint)
    if prepared.mail is not None:
        await _deliver(stand, prepared.mail, result["id"])
    return Response(dumps(result), 200, media_type="application/json")


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    if not 0 < len(key) <= 255 or not key.isascii() or not key.isprintable() or " " in key:
        raise Refused.validation("Idempotency-Key must be 1 to 255 visible ASCII characters.",
                                  field="Idempotency-Key")
    return key


def _record(conn: Any, prepared: Prepared, user: Json, key: str | None, fingerprint: str) -> Json:
    conn.execute("BEGIN IMMEDIATE")
    try:
        if prepared.send.client is None:
            prepared.send.client = writes.create_client(conn, **(prepared.new_client or {}))
        author = prepared.author or user
        result = writes.record_send(conn, prepared.send, author)
        if prepared.author_status is not None:
            writes.set_agent_status(conn, author["userId"], prepared.author_status)
        if key is not None:  # only successes are kept: a refused request may be retried later
            writes.remember_response(conn, user["userId"], key, fingerprint, 200, dumps(result))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return result


async def _deliver(stand: Any, mail: email_out.OutgoingEmail, message_id: int) -> None:
    try:
        if stand.smtp is None:  # a small local file write: not worth a thread hop
            email_out.deliver(mail, message_id, smtp=None, outbox_dir=stand.outbox_dir)
        else:
            await asyncio.to_thread(email_out.deliver, mail, message_id, smtp=stand.smtp,
                                    outbox_dir=stand.outbox_dir)
    except (OSError, ValueError) as exc:
        # Recorded is recorded: a real stand would keep the mail queued and retry.
        log.warning("email for message %s not delivered: %s", message_id, exc)


def check_content(request: Request, channel: Json, text: str | None, attachments: list[Json],
                  use: Json | None, tags: list[int], *, carries_tags: bool = True
                  ) -> tuple[str | None, list[Json], Json | None]:
    """Tags and message rules; returns (text to record, attachments, template record)."""
    stand = stand_of(request)
    config = stand.config
    # edna's send bodies cannot carry tags (docs/edna-api.md §5, §10 item 3), so an edna stand
    # cannot demand them through the API: the docs-only personality does not enforce the
    # setting, nor does an endpoint whose body has no tags field (carries_tags=False).
    mandatory = config.settings["mandatoryTags"] and stand.api == "full" and carries_tags
    template = None
    if use is not None:
        template = config.templates_by_id.get(use["id"])
        if template is None:
            raise Refused.not_found(f"Template {use['id']} does not exist on this stand.",
                                     templateId=use["id"])
    resolved = files.resolve_attachments(request, attachments)
    refusal = rules.first_refusal(
        rules.check_tags(tags, config.tags, mandatory),
        rules.check_content(text=text, attachments=resolved, template_use=use, template=template,
                            channel=channel, settings=config.settings))
    if refusal is not None:
        raise Refused.refused(refusal)
    stored = [{**a, "size": a["size"] or 0} for a in resolved]
    if template is None or use is None:
        return text, stored, None
    record = {"id": template["id"], "name": template["name"], "title": use["title"],
              "signature": use["signature"], "variables": use["variables"]}
    return rules.render_template(template["text"], use["variables"]), stored, record


def refuse(*refusals: rules.Refusal | None) -> None:
    refusal = rules.first_refusal(*refusals)
    if refusal is not None:
        raise Refused.refused(refusal)
