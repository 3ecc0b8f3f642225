"""The three sends: find the recipient and the channel, apply every rule, hand over to
sandbox/sending.py.

Rule order, per send: who (404), the client's state (blocked, thread not closed, active thread),
the channel (enabled, used before / address valid), tags, then the message itself.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from msgclient import rules
from msgclient.sandbox import validate
from msgclient.sandbox.email_out import OutgoingEmail, header_problems
from msgclient.sandbox.routes.threads import base_url
from msgclient.sandbox.sending import Prepared, check_content, refuse, run_send
from msgclient.sandbox.store import queries
from msgclient.sandbox.store.writes import Send, file_data
from msgclient.sandbox.web import STAFF_ROLES, Refused, endpoint, stand_of

Json = dict[str, Any]
# The channelType values this stand takes (edna's docs show WHATSAPP and MOBILE; its web
# widget says WEB; VIBER is this stand's own, edna publishes none).
DEVICE_TYPES = ("WHATSAPP", "VIBER", "WEB", "MOBILE")
PHONE_TYPES = ("WHATSAPP", "VIBER")


@endpoint(*STAFF_ROLES)
async def outgoing(request: Request, user: Json | None) -> Response:
    return await run_send(request, user or {}, _build_outgoing)


@endpoint(*STAFF_ROLES)
async def outgoing_to_device(request: Request, user: Json | None) -> Response:
    return await run_send(request, user or {}, _build_device)


@endpoint(*STAFF_ROLES)
async def email(request: Request, user: Json | None) -> Response:
    return await run_send(request, user or {}, _build_email)


def _message_fields(body: Json) -> tuple[str | None, list[Json], list[int]]:
    text = validate.opt_str(body, "text")
    return text, validate.attachments(body), validate.int_list(body, "tags")


def existing_client(request: Request, client_id: int | None, external_id: str | None,
                     thread_id: int | None) -> tuple[Json, Json | None]:
    """edna's priority: threadsClientId, then clientId (external), then threadId."""
    conn = stand_of(request).conn
    thread = queries.thread(conn, thread_id, base_url(request)) if thread_id is not None else None
    if thread_id is not None and thread is None:
        raise Refused.not_found(f"Thread {thread_id} does not exist.", threadId=thread_id)
    if client_id is not None:
        client = queries.client(conn, client_id)
    elif external_id is not None:
        client = queries.client_by(conn, "external_id", external_id)
    elif thread is not None:
        client = queries.client(conn, thread["clientId"])
    else:
        raise Refused.validation("Say who gets the message: threadsClientId, clientId or "
                                  "threadId.", field="threadsClientId")
    if client is None:
        who = client_id if client_id is not None else external_id
        raise Refused.not_found(f"Client {who} does not exist.", clientId=who)
    if thread is not None and thread["clientId"] != client["id"]:
        raise Refused.validation(f"Thread {thread['id']} belongs to client {thread['clientId']}, "
                                  f"not to client {client['id']}.", field="threadId")
    return client, thread


def _outgoing_channel(request: Request, client: Json, thread: Json | None,
                      channel_id: int | None) -> Json:
    stand = stand_of(request)
    if channel_id is None:
        channel_id = thread["channel"] if thread else queries.last_chat_channel(stand.conn,
                                                                                client["id"])
    if channel_id is None:  # the client only ever emailed: no chat channel to default to
        used = queries.used_channel_ids(stand.conn, client["id"])
        names = [a.name for a in rules.channel_availability(client, stand.config.channels, used,
                                                            None) if a.available]
        raise Refused(422, "CHANNEL_NOT_AVAILABLE", f"{rules.describe_client(client)} has never "
                       "written over a chat channel; send an email or pass channel.",
                       {"availableChannels": names})
    channel = stand.config.channels_by_id.get(channel_id)
    if channel is None:
        raise Refused.not_found(f"Channel {channel_id} does not exist on this stand.",
                                 channel=channel_id)
    if channel["type"] == rules.EMAIL:
        raise Refused.validation("An email needs a mailbox and a subject: send it with POST "
                                  "/api/v1/messages/email.", field="channel")
    return channel


def _build_outgoing(request: Request, body: Json, user: Json) -> Prepared:
    client_id = validate.opt_int(body, "threadsClientId")
    external_id = validate.opt_str(body, "clientId", 256)
    thread_id = validate.opt_int(body, "threadId")
    if stand_of(request).api == "edna" and (client_id is not None or external_id is not None):
        thread_id = None  # edna: threadId is only the last resort, not a cross-check
    client, thread = existing_client(request, client_id, external_id, thread_id)
    text, attachments, tags = _message_fields(body)
    use = validate.template_use(body)
    channel = _outgoing_channel(request, client, thread, validate.opt_int(body, "channel"))
    stand = stand_of(request)
    refuse(rules.check_not_blocked(client),
           rules.check_thread_closed(thread) if thread else None,
           rules.check_channel_for_client(
               client, channel, stand.config.channels,
               queries.used_channel_ids(stand.conn, client["id"]),
               queries.active_thread(stand.conn, client["id"])),
           whatsapp_window(request, client, channel, use))
    text, stored, template = check_content(request, channel, text, attachments, use, tags)
    return Prepared(Send(client, channel["id"], text, stored, tags, template=template))


def whatsapp_window(request: Request, client: Json | None, channel: Json,
            use: Json | None) -> rules.Refusal | None:
    """WhatsApp's 24-hour window, as WhatsApp applies it (both personalities: it is WhatsApp's
    rule, not the stand's). A new number (client None) has never written."""
    conn = stand_of(request).conn
    last = rules.last_wrote_on(queries.last_incoming(conn, client["id"]), channel["id"]) \
        if client is not None else None
    return rules.check_whatsapp_window(channel, use, last, datetime.now(UTC), client)


def _build_device(request: Request, body: Json, user: Json) -> Prepared:
    desc = validate.opt_object(body, "clientApplicationDescriptor")
    if desc is None:
        raise Refused.validation("Field clientApplicationDescriptor is required.",
                                  field="clientApplicationDescriptor")
    label = "clientApplicationDescriptor.channelType"
    ctype = validate.opt_str(desc, "channelType", 64, label)
    if ctype is None:
        raise Refused.validation(f"Field {label} is required.", field=label)
    validate.enum_value(ctype, DEVICE_TYPES, label)  # emails go to /messages/email
    ids = {k: validate.opt_str(desc, k, 256, f"clientApplicationDescriptor.{k}") for k in
           ("clientId", "unauthorizedClientId", "deviceAddress", "appMarker")}
    text, attachments, tags = _message_fields(body)
    use = validate.template_use(body)
    config = stand_of(request).config
    channel = config.channel_of_type(ctype) or {"id": 0, "type": ctype, "enabled": False}
    refuse(rules.check_channel_enabled(channel, config.channels))
    client = _device_client(request, ctype, ids)
    if client is not None:
        refuse(rules.check_not_blocked(client), rules.check_no_active_thread(
            client, queries.active_thread(stand_of(request).conn, client["id"])))
    refuse(whatsapp_window(request, client, channel, use))
    text, stored, template = check_content(request, channel, text, attachments, use, tags)
    new_client = {"phone": ids["deviceAddress"] if ctype in PHONE_TYPES else None,
                  "external_id": ids["clientId"], "unauthorized_id": ids["unauthorizedClientId"]}
    info = {k: v for k, v in ids.items() if v is not None and k in ("deviceAddress", "appMarker")}
    return Prepared(Send(client, channel["id"], text, stored, tags, template=template, info=info),
                    new_client=new_client)


def _device_client(request: Request, ctype: str, ids: Json) -> Json | None:
    """The known client behind the address, or None for a new one (addresses checked here)."""
    conn = stand_of(request).conn
    if ctype in PHONE_TYPES:
        if not ids["deviceAddress"]:
            raise Refused.validation(f"{ctype} needs deviceAddress: the phone number, digits "
                                      "only.", field="clientApplicationDescriptor.deviceAddress")
        refuse(rules.check_phone(ids["deviceAddress"]))
    elif not (ids["clientId"] or ids["unauthorizedClientId"]):
        raise Refused.validation(f"{ctype} needs clientId (authorised) or unauthorizedClientId.",
                                  field="clientApplicationDescriptor.clientId")
    if ids["clientId"] and (found := queries.client_by(conn, "external_id", ids["clientId"])):
        return found
    # A visitor's id is looked up as the profile by external id looks it up, so the client
    # msgclient checked first is the client the message reaches.
    if ids["unauthorizedClientId"] and (
            found := queries.client_by_external_id(conn, ids["unauthorizedClientId"])):
        return found
    if ctype in PHONE_TYPES:
        return queries.client_by(conn, "phone", ids["deviceAddress"])
    return None


def _build_email(request: Request, body: Json, user: Json) -> Prepared:
    stand = stand_of(request)
    account_id = validate.req_int(body, "emailAccountId")
    subject = validate.req_str(body, "emailSubject", 998)
    address = validate.opt_str(body, "emailAddress", 320)
    bcc = validate.str_list(body, "bcc", 320, 50)
    text, attachments, tags = _message_fields(body)
    if body.get("template") is not None:
        raise Refused.validation("Templates are for WhatsApp and Viber; an email carries text.",
                                  field="template")
    channel = stand.config.channel_of_type(rules.EMAIL) or {"id": 0, "type": rules.EMAIL,
                                                              "enabled": False}
    refuse(rules.check_channel_enabled(channel, stand.config.channels),
           rules.check_sender(account_id, stand.config.email_accounts))
    client, recipient = _email_client(request, body, address)
    refuse(*(rules.check_email_address(b, "bcc") for b in bcc))
    text, stored, _ = check_content(request, channel, text, attachments, None, tags)
    account = next(a for a in stand.config.email_accounts if a["id"] == account_id)
    record = {"from": account["address"], "to": recipient, "subject": subject, "bcc": bcc}
    mail = OutgoingEmail(account["address"], account["name"], recipient, subject, text or "",
                         tuple(bcc), *_mail_attachments(request, stored))
    problem = header_problems(mail)  # refused before anything is recorded
    if problem:
        raise Refused.validation(f"{problem}; an email header is one line of text.",
                                  field="emailSubject")
    return Prepared(Send(client, channel["id"], text, stored, tags, email=record,
                         email_account_id=account_id),
                    new_client={"email": recipient}, mail=mail)


def _email_client(request: Request, body: Json, address: str | None) -> tuple[Json | None, str]:
    """(known client or None, recipient address); an active thread does not matter here."""
    client_id = validate.opt_int(body, "threadsClientId")
    thread_id = validate.opt_int(body, "threadId")
    if client_id is not None or thread_id is not None:
        client, _ = existing_client(request, client_id, None, thread_id)
        refuse(rules.check_not_blocked(client), rules.check_has_email(client),
               rules.check_profile_email(client, address) if address else None)
        return client, client["email"]
    if not address:
        raise Refused.validation("Say who gets the email: threadsClientId or threadId for a "
                                  "known client, emailAddress for a new one.", field="emailAddress")
    refuse(rules.check_email_address(address))
    client = queries.client_by(stand_of(request).conn, "email", address)
    refuse(rules.check_not_blocked(client) if client else None)
    return client, address


def _mail_attachments(request: Request, stored: list[Json]) -> tuple[tuple, tuple]:
    conn, files, links = stand_of(request).conn, [], []
    for att in stored:
        row = file_data(conn, att["url"].rpartition("/")[2]) if att["url"].startswith(
            queries.FILES_PATH) else None
        if row is not None:
            files.append((att["name"], row[1], row[2]))
        else:
            links.append(att["url"])
    return tuple(files), tuple(links)
