"""POST /api/v1/messages/outgoing-from-myself: a known client, over the stand's channel of a
channel type, in an agent's name (docs/edna-api.md §5.2).

The only documented send that chooses the channel: `channelType` names it, `login` the agent
or supervisor it is sent as (the message's author and the new thread's holder), and `status`
that sender's workplace status afterwards. The body has no tags or template field, so neither
personality asks for tags here. The same client rules as /outgoing apply.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from msgclient import rules
from msgclient.sandbox import validate
from msgclient.sandbox.routes.send import existing_client, whatsapp_window
from msgclient.sandbox.sending import Prepared, check_content, refuse, run_send
from msgclient.sandbox.store import queries
from msgclient.sandbox.store.writes import Send
from msgclient.sandbox.web import STAFF_ROLES, Refused, endpoint, stand_of

Json = dict[str, Any]
# Every channel type but email (an email needs a mailbox and a subject: /messages/email).
CHANNEL_TYPES = ("WHATSAPP", "VIBER", "WEB", "MOBILE", "TELEGRAM")
AGENT_STATUSES = ("READY", "OUTGOING")
SENDER_ROLES = ("OPERATOR", "SUPERVISOR")  # who can be an outgoing message's author


@endpoint(*STAFF_ROLES)
async def outgoing_from_myself(request: Request, user: Json | None) -> Response:
    return await run_send(request, user or {}, _build)


def _build(request: Request, body: Json, user: Json) -> Prepared:
    client_id = validate.opt_int(body, "threadsClientId")
    external_id = validate.opt_str(body, "clientId", 256)
    if client_id is None and external_id is None:
        raise Refused.validation("One of threadsClientId or clientId is required.",
                                  field="clientId")
    client, _ = existing_client(request, client_id, external_id, None)
    sender = _sender(request, validate.req_str(body, "login", 256))
    status = validate.enum_value(validate.opt_str(body, "status", 64), AGENT_STATUSES, "status")
    ctype = validate.enum_value(validate.req_str(body, "channelType", 64), CHANNEL_TYPES,
                                "channelType")
    app_marker = validate.opt_str(body, "appMarker", 256)
    text = validate.opt_str(body, "text")
    attachments = validate.attachments(body)
    stand = stand_of(request)
    channel = stand.config.channel_of_type(str(ctype)) or {"id": 0, "type": ctype,
                                                            "enabled": False}
    used = queries.used_channel_ids(stand.conn, client["id"])
    refuse(rules.check_not_blocked(client),
           rules.check_channel_for_client(client, channel, stand.config.channels, used,
                                          queries.active_thread(stand.conn, client["id"])),
           whatsapp_window(request, client, channel, None))
    text, stored, _ = check_content(request, channel, text, attachments, None, [],
                                    carries_tags=False)
    sent_as = {"login": sender["login"], "channelType": ctype, "status": status}
    info = {"appMarker": app_marker} if app_marker else {}
    return Prepared(Send(client, channel["id"], text, stored, [], info=info, sent_as=sent_as),
                    author=sender, author_status=status)


def _sender(request: Request, login: str) -> Json:
    found = queries.user_by_login(stand_of(request).conn, login)
    if found is None or found["role"] not in SENDER_ROLES:
        raise Refused.not_found(f"No agent or supervisor has the login {login!r}.", login=login)
    return found
