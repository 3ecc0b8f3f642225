"""The edna personality's error answers: Spring Boot's default body, edna-style wording.

edna documents no error model (docs/edna-api.md §1.5, §10 item 1). Its stand is a Spring Boot
service, so an error is Spring's `{timestamp, status, error, message, path}` with no `code`, no
request id and no details, and a broken product rule is a 400 with a short sentence, as
Spring's IllegalArgument/validation handlers give. This module is the one place that turns the
full personality's (status, code, message, details) into that (status, message).
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from msgclient.rules import CLI_TO_TYPE
from msgclient.sandbox.store.times import now_iso

Json = dict[str, Any]
Wording = Callable[[Json, str], tuple[int, str]]


def _channel(details: Json) -> str:
    name = str(details.get("channel", ""))
    return CLI_TO_TYPE.get(name, name.upper())


def _address(details: Json, message: str) -> tuple[int, str]:
    kind = "device" if details.get("field") == "deviceAddress" else "email"
    return 400, f"Invalid {kind} address"


def _not_available(details: Json, message: str) -> tuple[int, str]:
    if "channel" in details:
        return 400, f"Client has no thread in channel {_channel(details)}"
    return 400, "Client has no chat channel"


def _attachment_size(details: Json, message: str) -> tuple[int, str]:
    if "maxAttachments" in details:
        return 400, f"Too many attachments: at most {details['maxAttachments']}"
    return 400, f"Attachment {details.get('name')} is too large"


def _not_found(details: Json, message: str) -> tuple[int, str]:
    if "threadId" in details:
        return 404, f"Thread {details['threadId']} not found"
    if "clientId" in details:
        return 404, "Client not found"
    return 404, message.rstrip(".")


# Handlers' VALIDATION sentences that name msgclient's extensions, in edna's terms.
_VALIDATION_BY_FIELD = {
    "emailAddress": "Field emailAddress is required",
    "threadsClientId": "One of threadsClientId, clientId or threadId is required",
}


def _validation(details: Json, message: str) -> tuple[int, str]:
    field = details.get("field")
    if "accepted" in details:  # an enum field (channelType, status): Jackson's own words
        return 400, (f"JSON parse error: Cannot deserialize value of type `{field}` from String "
                     f"\"{details.get('value')}\": not one of the values accepted for Enum "
                     f"class: [{', '.join(details['accepted'])}]")
    if field in _VALIDATION_BY_FIELD and not message.startswith("Field "):
        return 400, _VALIDATION_BY_FIELD[field]
    return 400, message.rstrip(".")


WORDING: dict[str, Wording] = {
    "CLIENT_BLOCKED": lambda d, m: (400, "Client is blocked"),
    "ACTIVE_THREAD": lambda d, m: (400, "Client has active thread"),
    "THREAD_NOT_CLOSED": lambda d, m: (400, f"Thread {d.get('threadId')} is not closed"),
    "CHANNEL_NOT_ENABLED": lambda d, m: (400, f"Channel {_channel(d)} is not enabled"),
    "CHANNEL_NOT_AVAILABLE": _not_available,
    "NO_EMAIL": lambda d, m: (400, "Client has no email"),
    # WhatsApp's own refusal (error 131047, "re-engagement message"), as edna passes it on.
    "WHATSAPP_WINDOW_CLOSED": lambda d, m: (
        400, "Re-engagement message: more than 24 hours have passed since the client last "
        "replied; WhatsApp accepts only a template message"),
    "INVALID_ADDRESS": _address,
    # A disabled mailbox is no sender at all for edna: both read as "not found".
    "UNKNOWN_SENDER": lambda d, m: (400, f"Email account {d.get('emailAccountId')} not found"),
    "TEXT_TOO_LONG": lambda d, m: (400, f"Text is longer than {d.get('maxLength')} characters"),
    "EMPTY_MESSAGE": lambda d, m: (400, "Message text or attachments are required"),
    "ATTACHMENT_TOO_LARGE": _attachment_size,
    "ATTACHMENT_TYPE": lambda d, m: (400, f"Attachment type {d.get('type')} is not supported"),
    "NOT_FOUND": _not_found,
    "VALIDATION": _validation,
    "UNAUTHORIZED": lambda d, m: (401, "Unauthorized"),
    "FORBIDDEN": lambda d, m: (403, "Access Denied"),
}


def edna_wording(status: int, code: str, message: str, details: Json | None) -> tuple[int, str]:
    """(status, message) edna would answer for the full personality's error."""
    wording = WORDING.get(code)
    if wording is None:  # faults (429, 503), 500s, anything the stand does not word itself
        return status, HTTPStatus(status).phrase
    return wording(details or {}, message)


def spring_body(path: str, status: int, message: str) -> Json:
    return {"timestamp": now_iso(), "status": status, "error": HTTPStatus(status).phrase,
            "message": message, "path": path}
