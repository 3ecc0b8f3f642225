"""Keep the token and clients' personal data out of the --debug log."""

from __future__ import annotations

import json
from typing import Any

SECRET_HEADERS = {"authorization", "cookie", "set-cookie", "proxy-authorization"}
PERSONAL_KEYS = {
    "password", "token", "phone", "phones", "email", "emails", "emailaddress", "bcc",
    "deviceaddress", "fullname", "clientname", "name", "surname", "middlename", "text",
    "variables", "externalids", "clientid", "unauthorizedclientid", "externalclientid",
    "clientexternalid", "additional", "to", "from", "authorname", "subject", "title",
    "signature", "segment",
}
MASK = "***"


def headers(values: dict[str, str]) -> dict[str, str]:
    return {k: (MASK if k.lower() in SECRET_HEADERS else v) for k, v in values.items()}


def value(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: (MASK if str(k).lower() in PERSONAL_KEYS and v not in (None, [], "")
                    else value(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [value(item) for item in data]
    return data


def body(raw: bytes | str | None, limit: int = 2000) -> str:
    """A JSON body with personal fields masked; anything else only by its size."""
    if not raw:
        return ""
    try:
        text = json.dumps(value(json.loads(raw)), ensure_ascii=False)
    except (ValueError, TypeError, UnicodeDecodeError):
        return f"<{len(raw)} bytes>"
    return text if len(text) <= limit else text[:limit] + "…"
